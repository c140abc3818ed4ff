"""Actor mentions: NER spans cleaned, given a kind, and resolved within the document.

The ``claimgraph_actors`` component turns the statistical NER's spans into
:class:`Mention` objects on ``doc._.actor_mentions`` and canonical
:class:`Actor` objects on ``doc._.actors``:

- possessives, brackets and leading titles are stripped ("[Karim Massimov's"
  is Karim Massimov; "PM Karim Massimov" adds the role *prime minister*);
- context decides the kind where the model errs ("State news agency Khabar"
  is an outlet, whatever the NER thought);
- surnames ("Massimov"), titles ("the premier", "Kazakhstan's prime
  minister") resolve to the full name mentioned in the document;
- a gazetteer seeds and overrides names, kinds and aliases;
- names that only occur inside the headline, as title-case fragments the
  model misreads ("Hashtag PR Campaign"), are dropped.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from claimgraph.extractors.gazetteer import Gazetteer, GazetteerEntry, name_key
from claimgraph.extractors.lexicon import (
    NAME_PARTICLES,
    OUTLET_NAME_WORDS,
    OUTLET_NOUNS,
    PLATFORMS,
    ROLE_GROUPS,
    role_group,
)
from claimgraph.extractors.scan import (
    LOWER,
    ORTH,
    has_slash_or_ampersand,
    tokens_flagged,
    tokens_of,
)
from claimgraph.extractors.social import ACRONYM_RE, SOCIAL_LABELS
from claimgraph.model import actor_id

__all__ = ["Mention", "Actor", "ActorResolver", "name_key"]

_NER_KINDS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
}
_POSSESSIVE = {"'s", "’s", "'", "’", "s"}
_HEADLINE_MAX = 200
_ROLE_HEADS = frozenset(words.split()[-1] for words in ROLE_GROUPS)
#: Names kept tokenised for the phrase matcher of further mentions.
_PATTERN_CACHE = 10_000

for _name in ("actor_mentions", "actors"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass(slots=True)
class Mention:
    """One place in the text that names or refers to an actor."""

    start: int  # token index
    end: int
    start_char: int
    end_char: int
    text: str
    kind: str
    source: str  # "ner", "gazetteer", "rule", "name", "role"
    actor: str | None = None
    role: str | None = None
    context_kind: str | None = None
    in_headline: bool = False
    normal: str | None = None  # the name in its dictionary form, where the language inflects names


@dataclass(slots=True)
class Actor:
    """A canonical actor of one document, with every form it was written in."""

    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    accounts: list[str] = field(default_factory=list)
    sameas: str | None = None
    from_gazetteer: bool = False
    votes: Counter[str] = field(default_factory=Counter)

    def add_alias(self, text: str) -> None:
        if text and text not in self.aliases:
            self.aliases.append(text)


class ActorResolver:
    """The ``claimgraph_actors`` component; see the module docstring."""

    def __init__(self, nlp: Language, name: str, gazetteer: Gazetteer | None = None) -> None:
        self.name = name
        self.gazetteer = gazetteer or Gazetteer()
        self.make_doc = nlp.make_doc
        # Names recur across documents: each is tokenised once (cleared when full).
        self._patterns: dict[str, Doc] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in self.gazetteer.entries:
            patterns = [nlp.make_doc(alias) for alias in entry.all_names()]
            self.matcher.add(entry.id, patterns)

    def __call__(self, doc: Doc) -> Doc:
        headline = _headline_ranges(doc.text)
        mentions = list(self._candidates(doc))
        for m in mentions:
            m.in_headline = any(s <= m.start_char and m.end_char <= e for s, e in headline)
        actors = self._resolve(doc, mentions)
        mentions = [m for m in mentions if m.actor is not None]
        mentions += _name_mentions(doc, actors, mentions, self._pattern)
        _learn_roles(doc, actors, mentions)
        mentions += _role_mentions(doc, actors, mentions)
        mentions.sort(key=lambda m: m.start)
        for actor in actors.values():
            actor.kind = _decide_kind(actor)
        _merge_misspellings(actors, mentions)
        for m in mentions:  # a mention is of its actor's kind: "he" never finds a place
            m.kind = actors[m.actor].kind if m.actor in actors else m.kind
        doc._.actor_mentions = mentions
        doc._.actors = actors
        return doc

    def _pattern(self, name: str) -> Doc:
        """Return ``name`` tokenised, as a phrase pattern."""
        pattern = self._patterns.get(name)
        if pattern is None:
            if len(self._patterns) >= _PATTERN_CACHE:
                self._patterns.clear()
            pattern = self._patterns[name] = self.make_doc(name)
        return pattern

    # -- candidates --------------------------------------------------------

    def _candidates(self, doc: Doc) -> Iterator[Mention]:
        taken: set[int] = set()
        for ent in doc.ents:
            if ent.label_ in SOCIAL_LABELS or ent.label_ not in _NER_KINDS:
                continue
            mention = _clean_entity(ent)
            if mention is not None:
                taken.update(range(mention.start, mention.end))
                yield mention
        for match_id, start, end in self.matcher(doc):
            if taken.isdisjoint(range(start, end)):
                span = doc[start:end]
                entry = self.gazetteer.by_id[doc.vocab.strings[match_id]]
                taken.update(range(start, end))
                yield _mention(span, entry.kind, "gazetteer")
        # "RFE/RL", "AT&T": only a token with a slash or an ampersand can be one
        for i in tokens_flagged(doc, has_slash_or_ampersand):
            if i not in taken and ACRONYM_RE.fullmatch(doc[i].text):
                yield _mention(doc[i : i + 1], "organization", "rule")
        for span in _colon_names(doc):
            if taken.isdisjoint(range(span.start, span.end)):
                yield _mention(span, "person", "rule")

    # -- resolution ----------------------------------------------------------

    def _resolve(self, doc: Doc, mentions: list[Mention]) -> dict[str, Actor]:
        actors: dict[str, Actor] = {}
        by_key: dict[str, str] = {}
        # Full names outside the headline first: they define the canonical actors
        # that surnames, headline fragments and titles then resolve to.
        ordered = sorted(mentions, key=lambda m: (m.in_headline, len(m.text.split()) < 2, m.start))
        for m in ordered:
            name = m.normal or m.text
            entry = self.gazetteer.lookup(m.text) or self.gazetteer.lookup(name)
            if entry is not None:
                m.actor = self._gazetteer_actor(entry, actors, by_key).id
            elif (
                found := by_key.get(name_key(m.text)) or by_key.get(name_key(name))
            ) is not None or (found := _partial_name_match(m, actors, mentions)) is not None:
                m.actor = found
            elif m.in_headline:
                continue  # a headline fragment nothing else in the text supports
            else:
                actor = actors.setdefault(actor_id(name), Actor(actor_id(name), name, m.kind))
                by_key[name_key(name)] = actor.id
                m.actor = actor.id
            actor = actors[m.actor]
            actor.add_alias(m.text)
            if m.normal:
                actor.add_alias(m.normal)
            actor.votes[m.context_kind or m.kind] += 3 if m.context_kind else 1
            if m.role:
                actor.roles.add(m.role)
        return actors

    def _gazetteer_actor(
        self, entry: GazetteerEntry, actors: dict[str, Actor], by_key: dict[str, str]
    ) -> Actor:
        actor = actors.get(entry.id)
        if actor is None:
            actor = Actor(entry.id, entry.name, entry.kind, from_gazetteer=True)
            actor.aliases = [entry.name, *entry.aliases]
            actor.accounts = list(entry.accounts)
            actor.sameas = entry.sameas
            actors[entry.id] = actor
            for alias in entry.all_names():
                by_key[name_key(alias)] = entry.id
        return actor


def _mention(span: Span, kind: str, source: str) -> Mention:
    return Mention(
        start=span.start,
        end=span.end,
        start_char=span.start_char,
        end_char=span.end_char,
        text=span.text,
        kind=kind,
        source=source,
        normal=_normal_form(span),
    )


def _normal_form(span: Span) -> str | None:
    """Return the name in its nominative form ("Карима Масимова" -> "Карим Масимов"), when
    a component such as ``claimgraph_natasha`` gave its tokens one and it differs."""
    if not Token.has_extension("normal") or not _has_normals(span.doc):
        return None
    words = [t._.normal or t.text for t in span]
    normal = " ".join(words)
    return normal if any(t._.normal for t in span) and normal != span.text else None


def _has_normals(doc: Doc) -> bool:
    """Return whether a component gave some token of ``doc`` a ``normal`` form (token
    extension values are kept in ``doc.user_data`` under ``("._.", name, idx, None)``)."""
    return any(isinstance(key, tuple) and key[1:2] == ("normal",) for key in doc.user_data)


def _clean_entity(ent: Span) -> Mention | None:
    """Strip an NER span down to the name, noting a leading role; None if nothing is left."""
    doc = ent.doc
    start, end = ent.start, ent.end
    # A name never crosses a line break: keep the part after the last one.
    for token in ent:
        if "\n" in token.text or "\n" in token.whitespace_:
            if token.i + 1 < end and "\n" not in doc[token.i + 1 : end].text:
                start = token.i + 1
            elif "\n" in token.text:
                end = token.i
                break
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].lower_ == "the"
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].lower_ in _POSSESSIVE
        or doc[end - 1].tag_ == "POS"
        or doc[end - 1].is_space
    ):
        end -= 1
    role = None
    while end - start > 1 and (group := _leading_role(doc, start, end)) is not None:
        role, start = group
    if start >= end:
        return None
    span = doc[start:end]
    kind = _NER_KINDS[ent.label_]
    if not _plausible(span, kind):
        return None
    if ent.label_ == "NORP":
        return None
    mention = _mention(span, kind, "ner")
    mention.role = role
    # A title makes a person, whatever outlet word it holds ("media analyst Sofia Petrenko").
    mention.context_kind = None if role is not None else _context_kind(span)
    if role is not None and mention.kind != "person":
        mention.kind = "person"
    return mention


def _leading_role(doc: Doc, start: int, end: int) -> tuple[str, int] | None:
    for width in (2, 1):
        if start + width < end:
            words = doc[start : start + width].text
            group = role_group(words)
            if group is not None:
                return group, start + width
    if doc[start].ent_type_ == "NORP" or doc[start].tag_ == "JJ":
        # "Kazakhstani PM Karim Massimov": an adjective of origin before a title
        nxt = _leading_role(doc, start + 1, end)
        if nxt is not None:
            return nxt
    return None


def _plausible(span: Span, kind: str) -> bool:
    """Reject spans that cannot be names: lower-case words inside a person's name, no letters."""
    if not any(ch.isalpha() for ch in span.text):
        return False
    if span.text.casefold() in PLATFORMS:
        return False  # a platform, handled as the place accounts live on
    if len(span) == 1 and (span[0].lower_ in OUTLET_NOUNS or role_group(span.text) is not None):
        return False  # a capitalised common word of a title ("Media analyst ..."), not a name
    if kind == "person":
        for token in span:
            if token.is_alpha and token.text[0].islower() and token.lower_ not in NAME_PARTICLES:
                return False
        if role_group(span.text) is not None:
            return False
    return True


def _context_kind(span: Span) -> str | None:
    """Return "outlet" when the words around a name say it is a news outlet."""
    doc = span.doc
    words = [t.lower_ for t in span]
    if words[0] in OUTLET_NAME_WORDS or words[-1] in OUTLET_NAME_WORDS:
        return "outlet"
    # Modifiers right before the name: "state news agency Khabar", "агентство «Хабар»"
    i = span.start - 1
    while i >= 0 and doc[i].is_quote:
        i -= 1
    first = i - 3
    while i >= 0 and i >= first and doc[i].pos_ in ("NOUN", "ADJ", "PROPN"):
        if role_group(doc[i].text) is not None:
            return None  # a person's title: "media analyst Sofia Petrenko"
        if doc[i].lower_ in OUTLET_NOUNS or doc[i].lemma_ in OUTLET_NOUNS:
            return "outlet"
        i -= 1
    # "RFE/RL's Kazakhstan service"
    j = span.end
    if j < len(doc) and doc[j].tag_ == "POS":
        for token in doc[j + 1 : j + 4]:
            if token.lower_ in OUTLET_NOUNS:
                return "outlet"
            if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
                break
    # Apposition: "Khabar, the state broadcaster"
    for token in span.root.children:
        if token.dep_ == "appos" and token.lower_ in OUTLET_NOUNS:
            return "outlet"
    if span.root.dep_ == "appos" and span.root.head.lower_ in OUTLET_NOUNS:
        return "outlet"
    return None


def _partial_name_match(
    m: Mention, actors: dict[str, Actor], mentions: list[Mention]
) -> str | None:
    """Resolve a surname or first name to the one person whose full name contains it."""
    words = name_key(m.normal or m.text).split()
    if len(words) != 1:
        return None
    word = words[0]
    candidates = [
        a.id
        for a in actors.values()
        if a.votes.get("person", 0) + (a.kind == "person") > 0
        and any(word in _full_name_words(alias) for alias in a.aliases)
    ]
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        # Several people share the word: take the one named most recently before.
        before = [x for x in mentions if x.actor in candidates and x.start < m.start]
        return max(before, key=lambda x: x.start).actor if before else None
    return None


@functools.lru_cache(maxsize=_PATTERN_CACHE)
def _full_name_words(alias: str) -> frozenset[str]:
    """Return the words of ``alias``'s key if it has two words or more, else none."""
    return frozenset(name_key(alias).split()) if len(alias.split()) > 1 else frozenset()


def _colon_names(doc: Doc) -> Iterator[Span]:
    """Yield "Name Surname" written before a colon at the start of a sentence or quote.

    This is how quoted posts and transcripts name their authors
    ("Bazaraiyim Akzhan: This is interesting!"), names the NER often misses.
    """
    for colon in tokens_of(doc, ORTH, [":"]):
        token = doc[colon]
        if token.i < 2:
            continue
        for width in (3, 2):
            start = token.i - width
            if start < 0:
                continue
            span = doc[start : token.i]
            before = doc[start - 1] if start > 0 else None
            opens = before is None or before.is_quote or before.is_space or before.is_sent_end
            if opens and all(t.is_title and t.pos_ == "PROPN" for t in span):
                yield span
                break


def _headline_ranges(text: str) -> list[tuple[int, int]]:
    """Return where the document's headline (its first line, if it is one) occurs."""
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first or len(first) > _HEADLINE_MAX or first[-1] in '.!?"”»:':
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(first), text)]


def _name_mentions(
    doc: Doc, actors: dict[str, Actor], known: list[Mention], make_doc: Callable[[str], Doc]
) -> list[Mention]:
    """Find further occurrences of resolved names the NER missed."""
    taken = {i for m in known for i in range(m.start, m.end)}
    forms: dict[str, str] = {}
    for actor in actors.values():
        for alias in actor.aliases:
            if len(alias) > 2 and alias[0].isupper():
                forms.setdefault(alias, actor.id)
    if not forms:
        return []
    matcher = PhraseMatcher(doc.vocab, attr="ORTH")
    for form, owner in forms.items():
        matcher.add(owner, [make_doc(form)])
    found = []
    for match_id, start, end in sorted(matcher(doc), key=lambda x: (x[1], -x[2])):
        if taken.isdisjoint(range(start, end)):
            span = doc[start:end]
            mention = _mention(span, actors[doc.vocab.strings[match_id]].kind, "name")
            mention.actor = doc.vocab.strings[match_id]
            taken.update(range(start, end))
            found.append(mention)
    return found


def _learn_roles(doc: Doc, actors: dict[str, Actor], mentions: list[Mention]) -> None:
    """Give people the titles written right before their names anywhere in the text."""
    for m in mentions:
        actor = actors.get(m.actor or "")
        if actor is None:
            continue
        for width in (2, 1):
            if m.start - width >= 0:
                group = role_group(doc[m.start - width : m.start].text)
                if group is not None:
                    actor.roles.add(group)
                    actor.votes["person"] += 1
                    break


def _role_mentions(doc: Doc, actors: dict[str, Actor], mentions: list[Mention]) -> list[Mention]:
    """Resolve "the premier", "the PM", "Kazakhstan's prime minister" to a person."""
    holders: dict[str, list[str]] = {}
    for actor in actors.values():
        for group in actor.roles:
            holders.setdefault(group, []).append(actor.id)
    if not holders:
        return []
    taken = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    for start, end, group in _role_phrases(doc):
        if group not in holders or not taken.isdisjoint(range(start, end)):
            continue
        candidates = holders[group]
        before = [m for m in mentions if m.actor in candidates and m.start < start]
        holder = (
            max(before, key=lambda m: m.start).actor
            if before
            else (candidates[0] if len(candidates) == 1 else None)
        )
        if holder is None:
            continue
        mention = _mention(doc[start:end], "person", "role")
        mention.actor = holder
        mention.role = group
        found.append(mention)
    return found


def _role_phrases(doc: Doc) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, group)`` for singular title phrases not followed by a name."""
    for head in tokens_of(doc, LOWER, _ROLE_HEADS):
        token = doc[head]
        if token.tag_ not in ("NN", "NNP"):
            continue
        for width in (2, 1):
            first = token.i - width + 1
            if first < 0:
                continue
            group = ROLE_GROUPS.get(doc[first : token.i + 1].text.casefold())
            if group is None:
                continue
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
                break  # "PM Karim Massimov": a title, not a reference
            start = first
            if start > 0 and doc[start - 1].lower_ in ("the", "his", "her", "their", "its"):
                start -= 1
            elif doc[start - 1].tag_ == "POS" if start > 0 else False:
                pass  # "Kazakhstan's prime minister": the possessor is a mention of its own
            elif doc[first].text.islower():
                break  # a bare lower-case "minister" is not a reference
            yield start, token.i + 1, group
            break


def _merge_misspellings(actors: dict[str, Actor], mentions: list[Mention]) -> None:
    """Fold a misspelt outlet or organisation into the one it closely and only matches.

    "Radio Aztec" later in a text that names "Radio Azattyk" is the same
    outlet: same first word, similar spelling, and no other candidate.
    Gazetteer actors are never folded away.
    """
    order = {m.actor: i for i, m in reversed(list(enumerate(mentions)))}
    bodies = [a for a in actors.values() if a.kind in ("outlet", "organization")]
    for actor in sorted(bodies, key=lambda a: order.get(a.id, 0), reverse=True):
        if actor.from_gazetteer or actor.id not in actors:
            continue
        matches = [
            other
            for other in bodies
            if other.id != actor.id
            and other.id in actors
            and order.get(other.id, 0) < order.get(actor.id, 0)
            and _close_spelling(actor.name, other.name)
        ]
        if len(matches) != 1:
            continue
        target = matches[0]
        for alias in actor.aliases:
            target.add_alias(alias)
        for m in mentions:
            if m.actor == actor.id:
                m.actor = target.id
        del actors[actor.id]


def _close_spelling(a: str, b: str) -> bool:
    """Return whether two names differ only by a likely misspelling.

    Examples
    --------
    >>> _close_spelling("Radio Aztec", "Radio Azattyk"), _close_spelling("Khabar", "Kazakhstan")
    (True, False)
    """
    wa, wb = name_key(a).split(), name_key(b).split()
    if len(wa) != len(wb) or wa == wb:
        return False
    if len(wa) > 1 and wa[:-1] != wb[:-1]:
        return False
    threshold = 0.75 if len(wa) > 1 else 0.85
    return difflib.SequenceMatcher(None, name_key(a), name_key(b)).ratio() >= threshold


def _decide_kind(actor: Actor) -> str:
    """Pick an actor's kind: gazetteer, then context, then the NER's majority."""
    if actor.from_gazetteer:
        return actor.kind
    if actor.votes.get("outlet"):
        return "outlet"
    if actor.roles:
        return "person"
    if actor.votes:
        return actor.votes.most_common(1)[0][0]
    return actor.kind


@Language.factory(
    "claimgraph_actors",
    default_config={"gazetteer": None},
    assigns=["doc._.actor_mentions", "doc._.actors"],
    requires=["doc.ents", "token.dep", "token.pos"],
)
def make_actor_resolver(nlp: Language, name: str, gazetteer: str | None) -> ActorResolver:
    """Create the ``claimgraph_actors`` component, reading the gazetteer file if given."""
    from claimgraph.extractors.gazetteer import load_gazetteer

    return ActorResolver(nlp, name, load_gazetteer(gazetteer) if gazetteer else None)
