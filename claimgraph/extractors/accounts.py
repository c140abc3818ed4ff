"""Accounts: @handles and "his Facebook page", with platform and operator.

The ``claimgraph_accounts`` component reads the HANDLE entities and the
phrases that name someone's account without a handle, and records
:class:`AccountMention` objects on ``doc._.account_mentions``:

- the platform comes from the words before the handle ("Twitter user
  @AlmiriKarpykov"), else from the platform the text last named, else
  Twitter, where the @-handle convention comes from;
- the operator comes from the text: "Taizhan ... on his Facebook page",
  "Karim Massimov (@KarimMassimov)", "Massimov's Twitter account @x".

An account the text names without a handle gets the id
``platform:~actor-id`` (``~`` cannot occur in a real handle), so it stays
deterministic and never collides with a handle.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimgraph.extractors.actors import Mention
from claimgraph.extractors.lexicon import ACCOUNT_NOUNS, PLATFORMS
from claimgraph.extractors.scan import LOWER, tokens_of
from claimgraph.model import account_id

__all__ = ["AccountMention", "account_mentions", "DEFAULT_PLATFORM"]

#: Platform of a bare @handle in a text that names no platform.
DEFAULT_PLATFORM = "twitter"
_X_CUES = {"user", "users", "account", "post", "posts", "handle", "feed"}

if not Doc.has_extension("account_mentions"):
    Doc.set_extension("account_mentions", default=None)


@dataclass(slots=True)
class AccountMention:
    """One place in the text that names an account."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    id: str
    platform: str
    handle: str | None
    operator: str | None = None


@Language.component(
    "claimgraph_accounts",
    assigns=["doc._.account_mentions"],
    requires=["doc.ents", "doc._.actor_mentions"],
)
def account_mentions(doc: Doc) -> Doc:
    """Find the accounts a document names, with their platforms and operators."""
    actors: list[Mention] = doc._.actor_mentions or []
    by_token = {i: m for m in actors for i in range(m.start, m.end)}
    found: list[AccountMention] = []
    claimed_handles: dict[int, str] = {}  # handle token -> operator, from "X's account @h"
    for i in tokens_of(doc, LOWER, ACCOUNT_NOUNS):
        found.extend(_owned_account(doc, doc[i], by_token, actors, claimed_handles))
    for ent in doc.ents:
        if ent.label_ != "HANDLE":
            continue
        platform = _platform_before(doc, ent.start)
        handle = ent.text.lstrip("@")
        operator = claimed_handles.get(ent.start) or _operator_in_brackets(doc, ent.start, by_token)
        found.append(
            AccountMention(
                ent.start,
                ent.end,
                ent.start_char,
                ent.end_char,
                ent.text,
                account_id(platform, handle),
                platform,
                handle.lower(),
                operator,
            )
        )
    found.sort(key=lambda a: a.start)
    doc._.account_mentions = found
    return doc


def _platform_word(token: Token) -> str | None:
    word = token.lower_
    if word == "x":
        # "X" is a letter far more often than a platform: only with a cue.
        nxt = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
        prev = token.nbor(-1).lower_ if token.i > 0 else ""
        return "twitter" if token.text == "X" and (nxt in _X_CUES or prev == "on") else None
    return PLATFORMS.get(word)


def _platform_before(doc: Doc, index: int) -> str:
    """Return the platform named nearest before token ``index``, else the default."""
    for token in reversed(doc[:index]):
        platform = _platform_word(token)
        if platform is not None:
            return platform
    return DEFAULT_PLATFORM


def _operator_in_brackets(doc: Doc, index: int, by_token: dict[int, Mention]) -> str | None:
    """Return the actor named right before "(@handle)", if any."""
    if index >= 2 and doc[index - 1].text == "(":
        mention = by_token.get(index - 2)
        if mention is not None:
            return mention.actor
    return None


def _owned_account(
    doc: Doc,
    noun: Token,
    by_token: dict[int, Mention],
    actors: list[Mention],
    claimed_handles: dict[int, str],
) -> list[AccountMention]:
    """Read "his Facebook page" or "Massimov's Twitter account" ending at ``noun``."""
    if noun.i < 2:
        return []
    platform = _platform_word(doc[noun.i - 1])
    if platform is None:
        return []
    owner_token = doc[noun.i - 2]
    operator = _owner(doc, owner_token, by_token, actors)
    if operator is None:
        return []
    nxt = noun.i + 1 if noun.i + 1 < len(doc) else None
    if nxt is not None and doc[nxt].ent_type_ == "HANDLE":
        claimed_handles[nxt] = operator  # the handle itself is the account
        return []
    start = owner_token.i
    span = doc[start : noun.i + 1]
    return [
        AccountMention(
            start,
            noun.i + 1,
            span.start_char,
            span.end_char,
            span.text,
            account_id(platform, f"~{operator}"),
            platform,
            None,
            operator,
        )
    ]


def _owner(
    doc: Doc, token: Token, by_token: dict[int, Mention], actors: list[Mention]
) -> str | None:
    """Return the actor a possessive refers to: "his" -> the sentence's subject."""
    if token.tag_ == "POS" and token.i > 0:
        mention = by_token.get(token.i - 1)
        return mention.actor if mention else None
    if token.tag_ != "PRP$":
        return None
    sentence = token.sent
    for candidate in sentence:
        if candidate.dep_ in ("nsubj", "nsubjpass") and candidate.i < token.i:
            mention = by_token.get(candidate.i)
            if mention is not None and _is_person(doc, mention):
                return mention.actor
    people = [m for m in actors if _is_person(doc, m) and m.end <= token.i]
    return people[-1].actor if people else None


def _is_person(doc: Doc, mention: Mention) -> bool:
    actor = (doc._.actors or {}).get(mention.actor or "")
    return actor is not None and actor.kind == "person"
