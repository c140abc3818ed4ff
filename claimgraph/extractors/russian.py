"""The ``claimgraph_natasha`` component: natasha's Russian NER, morphology, lemmas and syntax.

natasha (slovnet models over navec embeddings, shipped inside the PyPI
packages, and pymorphy2's dictionaries) reads the tokens of a blank
Russian spaCy pipeline, sentence by sentence, and sets what the English
model sets for claimgraph's components: sentence boundaries (none spans a
paragraph), universal part-of-speech tags, morphological features,
lemmas, a dependency parse, and the entities, as ``PERSON``, ``ORG`` and
``LOC``. Each token of a name also gets its normal form
(``token._.normal``: "Масимова" -> "Масимов", "Айгуль Орынбек" stays), so
that case forms of one name resolve to one actor.

Examples
--------
>>> import spacy
>>> from claimgraph.extractors import social
>>> nlp = spacy.blank("ru")
>>> social.customize_tokenizer(nlp)
>>> _ = nlp.add_pipe("claimgraph_social")
>>> _ = nlp.add_pipe("claimgraph_natasha")
>>> doc = nlp("По словам Карима Масимова, это успех #25летнезависимости.")
>>> [(e.text, e.label_) for e in doc.ents]
[('Карима Масимова', 'PERSON'), ('#25летнезависимости', 'HASHTAG')]
>>> [t._.normal for t in doc.ents[0]]
['Карим', 'Масимов']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

import numpy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

__all__ = ["NER_LABELS", "natasha_models", "natasha_component"]

#: natasha's entity types and the labels claimgraph's actor component reads.
NER_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}

_PARAGRAPH = re.compile(r"[^\n]+")
_UINT64 = (1 << 64) - 1

if not Token.has_extension("normal"):
    Token.set_extension("normal", default=None)


class _Word(NamedTuple):
    """A token as natasha's normaliser reads it."""

    text: str
    pos: str
    feats: dict[str, str]
    start: int
    stop: int
    id: str
    head_id: str


class NatashaModels(NamedTuple):
    """natasha's models, loaded once per process."""

    ner: Any
    morph: Any
    syntax: Any
    vocab: Any


@functools.cache
def natasha_models() -> NatashaModels:
    """Load natasha's news models and morphological vocabulary (about a second, once)."""
    import natasha  # noqa: F401  (importing it applies yargy's Python 3.11+ fix to pymorphy2)
    import pymorphy2_dicts_ru
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser
    from natasha.morph.vocab import MorphForm, MorphVocab
    from pymorphy2.analyzer import MorphAnalyzer

    class _Vocab(MorphVocab):  # type: ignore[misc]
        # pymorphy2 finds its dictionaries through pkg_resources, which Python 3.12
        # venvs lack; naming the path skips the lookup.
        def __init__(self) -> None:
            MorphAnalyzer.__init__(self, path=pymorphy2_dicts_ru.get_path(), result_type=MorphForm)

    embedding = NewsEmbedding()
    return NatashaModels(
        NewsNERTagger(embedding), NewsMorphTagger(embedding), NewsSyntaxParser(embedding), _Vocab()
    )


@Language.component(
    "claimgraph_natasha",
    assigns=["token.pos", "token.morph", "token.lemma", "token.dep", "doc.ents", "doc.sents"],
)
def natasha_component(doc: Doc) -> Doc:
    """Tag, lemmatise, parse and find the names of a Russian ``doc`` with natasha."""
    models = natasha_models()
    sentences = list(_sentences(doc))
    words = [[t.text for t in doc[s:e]] for s, e in sentences]
    heads = numpy.zeros((len(doc), 2), dtype="uint64")
    for (start, end), morph, syntax in zip(
        sentences, models.morph.map(words), models.syntax.map(words), strict=True
    ):
        _set_sentence(doc, start, end, morph.tokens, syntax.tokens, models.vocab, heads)
    doc.from_array([HEAD, DEP], heads)  # type: ignore[arg-type]
    _set_entities(doc, models)
    return doc


def _sentences(doc: Doc) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` token ranges of razdel's sentences, paragraph by paragraph."""
    from razdel import sentenize

    starts = {t.idx: t.i for t in doc}
    for paragraph in _PARAGRAPH.finditer(doc.text):
        bounds = [paragraph.start() + s.start for s in sentenize(paragraph.group())]
        found = (_token_from(doc, starts, b) for b in bounds)
        tokens = sorted({t for t in found if t is not None})
        last = _token_from(doc, starts, paragraph.end())
        tokens_end = last if last is not None else len(doc)
        for start, end in zip(tokens, [*tokens[1:], tokens_end], strict=True):
            while end > start and doc[end - 1].is_space:
                end -= 1
            if end > start:
                yield start, end


def _token_from(doc: Doc, starts: dict[int, int], char: int) -> int | None:
    """Return the first token starting at or after ``char``."""
    while char < len(doc.text):
        if char in starts:
            return starts[char]
        char += 1
    return None


def _set_sentence(
    doc: Doc,
    start: int,
    end: int,
    morph: list[Any],
    syntax: list[Any],
    vocab: Any,
    heads: numpy.ndarray,
) -> None:
    root: int | None = None
    for offset, (tagged, parsed) in enumerate(zip(morph, syntax, strict=True)):
        token = doc[start + offset]
        if token.is_space:
            token.pos_ = "SPACE"
        else:
            token.pos_ = tagged.pos
            token.set_morph(_morph_string(tagged.feats))  # type: ignore[attr-defined]
            token.lemma_ = vocab.lemmatize(token.text, tagged.pos, tagged.feats) or token.text
        head = int(parsed.head_id)
        target = start + head - 1 if head else token.i
        if not head:
            # One root per sentence: spaCy would split a sentence at a second root.
            root = token.i if root is None else root
            target = root
        # HEAD is an offset to the head, stored as uint64 (two's complement when negative).
        heads[token.i, 0] = (target - token.i) & _UINT64
        heads[token.i, 1] = doc.vocab.strings.add(parsed.rel or "dep")


def _morph_string(feats: dict[str, str]) -> str:
    return "|".join(f"{k}={v}" for k, v in sorted(feats.items())) or "_"


def _set_entities(doc: Doc, models: NatashaModels) -> None:
    """Add natasha's names to the entities the social component already set."""
    keep = list(doc.ents)
    spans: list[Span] = []
    paragraphs = list(_PARAGRAPH.finditer(doc.text))
    for paragraph, markup in zip(
        paragraphs, models.ner.map([p.group() for p in paragraphs]), strict=True
    ):
        for found in markup.spans:
            span = doc.char_span(
                paragraph.start() + found.start,
                paragraph.start() + found.stop,
                label=NER_LABELS[found.type],
                alignment_mode="expand",
            )
            if span is not None and all(s.end <= span.start or span.end <= s.start for s in keep):
                spans.append(span)
                _set_normal(span, found.type, models.vocab)
    doc.set_ents(filter_spans(keep + spans), default="unmodified")


def _set_normal(span: Span, kind: str, vocab: Any) -> None:
    """Give each token of a name its word in the name's nominative form."""
    from natasha.norm import normalize, syntax_normalize

    words = [
        _Word(
            t.text,
            t.pos_,
            t.morph.to_dict(),
            t.idx,
            t.idx + len(t.text),
            str(t.i),
            str(t.head.i) if t.head.i != t.i else "root",
        )
        for t in span
    ]
    method = syntax_normalize if kind == "ORG" else normalize
    normal = method(vocab, words).split()
    if len(normal) == len(span):
        for token, word in zip(span, normal, strict=True):
            token._.normal = word
