"""Social-media tokens: hashtags, @handles, URLs and e-mail addresses.

The tokenizer keeps each of them whole (``#25летнезависимости`` is one
token, Cyrillic and digits included) and the ``claimgraph_social`` component
labels them as entities before the statistical NER runs, so the NER never
calls a hashtag MONEY or a handle PRODUCT.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> customize_tokenizer(nlp)
>>> _ = nlp.add_pipe("claimgraph_social")
>>> doc = nlp("Use #25летнезависимости, said @AlmiriKarpykov (see https://t.co/x).")
>>> [(e.text, e.label_) for e in doc.ents]
[('#25летнезависимости', 'HASHTAG'), ('@AlmiriKarpykov', 'HANDLE'), ('https://t.co/x', 'URL')]
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import LIKE_URL
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_prefix_regex, filter_spans

from claimgraph.extractors.scan import add_flags, has_line_break, has_social_mark, tokens_flagged

__all__ = [
    "SOCIAL_LABELS",
    "HASHTAG_RE",
    "HANDLE_RE",
    "customize_tokenizer",
    "social_entities",
    "paragraph_sentences",
]

#: Entity labels this module sets; every other component treats them as non-actors.
SOCIAL_LABELS = frozenset({"HASHTAG", "HANDLE", "URL", "EMAIL"})

HASHTAG_RE = re.compile(r"[#＃][^\W_][\w]*", re.UNICODE)
HANDLE_RE = re.compile(r"@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Acronyms joined by a slash or ampersand ("RFE/RL", "AT&T") stay one token.
ACRONYM_RE = re.compile(r"[A-Z]{1,6}(?:[/&][A-Z]{1,6})+")

_WHOLE_TOKEN = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (HASHTAG_RE, HANDLE_RE, EMAIL_RE, ACRONYM_RE))
)


def customize_tokenizer(nlp: Language) -> None:
    """Make ``nlp``'s tokenizer keep hashtags, handles, e-mails and slashed acronyms whole,
    and give its words the flags claimgraph's components find their tokens by
    (:func:`~claimgraph.extractors.scan.add_flags`)."""
    tokenizer: Tokenizer = nlp.tokenizer  # type: ignore[assignment]
    prefixes = [p for p in nlp.Defaults.prefixes or () if p not in ("#", "@")]
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    tokenizer.token_match = _WHOLE_TOKEN.fullmatch
    add_flags(nlp.vocab)


def _label_for(text: str, like_url: bool) -> str | None:
    if "#" in text or "＃" in text or "@" in text:  # most tokens are none of these
        if HASHTAG_RE.fullmatch(text):
            return "HASHTAG"
        if HANDLE_RE.fullmatch(text):
            return "HANDLE"
        if EMAIL_RE.fullmatch(text):
            return "EMAIL"
    if like_url and ("/" in text or text.lower().startswith("www.")):
        return "URL"
    return None


@Language.component(
    "claimgraph_social",
    assigns=["doc.ents"],
)
def social_entities(doc: Doc) -> Doc:
    """Label hashtags, handles, URLs and e-mail addresses as entities.

    Existing entities that overlap them give way; the NER that runs later
    keeps these spans and labels only the rest.
    """
    spans = []
    for i in _social_candidates(doc):
        token = doc[i]
        label = _label_for(token.text, token.like_url)
        if label is not None:
            spans.append(Span(doc, i, i + 1, label=label))
    if spans:
        keep = [e for e in doc.ents if not any(_overlaps(e, s) for s in spans)]
        doc.set_ents(filter_spans(keep + spans), default="unmodified")
    return doc


@Language.component(
    "claimgraph_paragraphs",
    assigns=["token.is_sent_start"],
)
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence spans two paragraphs.

    The parser keeps boundaries set before it runs and only adds its own.
    """
    last = len(doc) - 1
    # A token's trailing whitespace is a space or nothing: only its text can hold a break.
    for i in tokens_flagged(doc, has_line_break):
        if i < last and not (nxt := doc[i + 1]).is_space:
            nxt.is_sent_start = True
    return doc


def _social_candidates(doc: Doc) -> list[int]:
    """Return the tokens that may be a hashtag, handle, e-mail address or URL: those with
    ``#``, ``＃`` or ``@`` in them, and those like a URL."""
    like_url = [int(i) for i in numpy.flatnonzero(doc.to_array(LIKE_URL))] if len(doc) else []
    return sorted({*tokens_flagged(doc, has_social_mark), *like_url})


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
