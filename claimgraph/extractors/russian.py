"""The ``claimgraph_natasha`` components: natasha's NER, morphology, lemmas and syntax.

natasha (slovnet models over navec embeddings, shipped inside the PyPI
packages, and pymorphy2's dictionaries) reads the tokens of a blank
Russian spaCy pipeline, sentence by sentence, and sets what the English
model sets for claimgraph's components: sentence boundaries (none spans a
paragraph), universal part-of-speech tags, morphological features,
lemmas, a dependency parse, and the entities, as ``PERSON``, ``ORG`` and
``LOC``. Each token of a name also gets its normal form
(``token._.normal``: "Масимова" -> "Масимов", "Айгуль Орынбек" stays), so
that case forms of one name resolve to one actor.

``claimgraph_natasha_uk`` reads Ukrainian the same way. natasha's models
are trained on Russian news; Ukrainian spelt letter for letter in Russian
orthography (і → и, и → ы, є → е, ї → и, ґ → г, the apostrophe → ъ), which
keeps every character offset, is close enough for them to find most names
and parse the sentence, while the lemmas come from pymorphy2's Ukrainian
dictionary (``заявив`` → ``заявити``). Names keep the form they are written
in; the resolver folds their case forms.

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

__all__ = [
    "NER_LABELS",
    "natasha_models",
    "natasha_component",
    "natasha_uk_component",
    "as_russian_spelling",
]

#: natasha's entity types and the labels claimgraph's actor component reads.
NER_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}

_PARAGRAPH = re.compile(r"[^\n]+")
# Ukrainian letters as Russian orthography writes the same sounds, one for one.
_UKRAINIAN_AS_RUSSIAN = str.maketrans(
    "іиїєґ'’ʼІИЇЄҐ",
    "иыиегъъъИЫИЕГ",
)
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


@functools.cache
def ukrainian_vocab() -> Any:
    """Load pymorphy2's Ukrainian dictionary (pymorphy2-dicts-uk), once."""
    import natasha  # noqa: F401  (the same pymorphy2 fix as natasha_models)
    import pymorphy2_dicts_uk
    from pymorphy2.analyzer import MorphAnalyzer

    return MorphAnalyzer(path=pymorphy2_dicts_uk.get_path(), lang="uk")


def as_russian_spelling(text: str) -> str:
    """Return Ukrainian ``text`` spelt in Russian orthography, letter for letter.

    Examples
    --------
    >>> as_russian_spelling("Прем'єр-міністр Ігор Ставров заявив")
    'Премъер-министр Игор Ставров заявыв'
    """
    return text.translate(_UKRAINIAN_AS_RUSSIAN)


@Language.component(
    "claimgraph_natasha",
    assigns=["token.pos", "token.morph", "token.lemma", "token.dep", "doc.ents", "doc.sents"],
)
def natasha_component(doc: Doc) -> Doc:
    """Tag, lemmatise, parse and find the names of a Russian ``doc`` with natasha."""
    return _tag(doc, str, natasha_models().vocab, normalise=True)


@Language.component(
    "claimgraph_natasha_uk",
    assigns=["token.pos", "token.morph", "token.lemma", "token.dep", "doc.ents", "doc.sents"],
)
def natasha_uk_component(doc: Doc) -> Doc:
    """Tag, parse and find the names of a Ukrainian ``doc`` with natasha, reading it in
    Russian spelling, and lemmatise it with pymorphy2's Ukrainian dictionary."""
    _tag(doc, as_russian_spelling, _UkrainianLemmas(ukrainian_vocab()), normalise=False)
    _trim_people(doc)
    _mark_verbs(doc)
    return doc


#: Lemmas of Ukrainian words for people that natasha, reading Ukrainian, takes into the
#: name after them ("Аналітикиня Софія Петренко", "Мешканці Маренії").
UKRAINIAN_PERSON_NOUNS = frozenset(
    {
        "аналітик", "аналітикиня", "міністр", "міністерка", "президент", "президентка",
        "прем'єр", "прем’єр", "мер", "посол", "речник", "речниця", "депутат", "депутатка",
        "журналіст", "журналістка", "експерт", "експертка", "голова", "лідер", "лідерка",
        "директор", "директорка", "політолог", "політологиня", "блогер", "блогерка",
        "активіст", "активістка", "мешканець", "мешканка", "житель", "жителька",
        "представник", "представниця", "генерал", "суддя", "губернатор", "сенатор",
    }
)  # fmt: skip
_PATRONYMIC_UK = re.compile(r"(ович|евич|йович|івна|ївна|овна)$")


def _trim_people(doc: Doc) -> None:
    """Cut a Ukrainian person's name down to the name: no title, no country before it.

    natasha, trained on Russian, takes the words before a Ukrainian name into it
    ("Прем'єр-міністр Маренії Ігор Ставров"). A name is the capitalised words at
    the end of the span, after any title, at most two of them, or three with a
    patronymic in the middle.
    """
    lemmas = ukrainian_vocab()
    spans = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            spans.append(ent)
            continue
        start = ent.start
        for token in ent:
            lowered = token.text[:1].islower() or not token.is_alpha
            if lowered or _lemma_of(lemmas, token.text) in UKRAINIAN_PERSON_NOUNS:
                start = token.i + 1
        width = 3 if ent.end - start >= 3 and _PATRONYMIC_UK.search(doc[ent.end - 2].lower_) else 2
        start = max(start, ent.end - width)
        if start < ent.end:
            spans.append(Span(doc, start, ent.end, label=ent.label_))
    doc.set_ents(spans, default="outside")


def _mark_verbs(doc: Doc) -> None:
    """Make a verb of every word the Ukrainian dictionary knows only as a verb.

    natasha, reading Ukrainian, misses verbs whose Russian spelling it does
    not know ("вважає"), and a report needs its verb.
    """
    analyzer = ukrainian_vocab()
    for token in doc:
        if token.pos_ == "VERB" or not token.is_alpha or not token.text[:1].islower():
            continue
        parses = analyzer.parse(token.text)
        if (
            parses
            and analyzer.word_is_known(token.lower_)
            and all(p.tag.POS in _PYMORPHY_POS["VERB"] for p in parses)
        ):
            token.pos_ = "VERB"
            token.lemma_ = str(parses[0].normal_form)


def _lemma_of(analyzer: Any, word: str) -> str:
    parses = analyzer.parse(word)
    return str(parses[0].normal_form) if parses else word.casefold()


class _UkrainianLemmas:
    """Lemmatise as natasha's vocabulary does, from pymorphy2's Ukrainian dictionary."""

    def __init__(self, analyzer: Any) -> None:
        self.analyzer = analyzer

    def lemmatize(self, word: str, pos: str, feats: dict[str, str]) -> str:
        parses = self.analyzer.parse(word)
        wanted = _PYMORPHY_POS.get(pos)
        best = next((p for p in parses if wanted and p.tag.POS in wanted), None)
        return str((best or parses[0]).normal_form) if parses else word


# natasha's universal tags to the pymorphy2 tags a lemma may carry.
_PYMORPHY_POS = {
    "VERB": ("VERB", "INFN", "GRND", "PRTF"),
    "NOUN": ("NOUN",),
    "PROPN": ("NOUN",),
    "ADJ": ("ADJF", "ADJS", "PRTF"),
}


def _tag(doc: Doc, spelling: Any, vocab: Any, normalise: bool) -> Doc:
    models = natasha_models()
    sentences = list(_sentences(doc))
    words = [[spelling(t.text) for t in doc[s:e]] for s, e in sentences]
    heads = numpy.zeros((len(doc), 2), dtype="uint64")
    for (start, end), morph, syntax in zip(
        sentences, models.morph.map(words), models.syntax.map(words), strict=True
    ):
        _set_sentence(doc, start, end, morph.tokens, syntax.tokens, vocab, heads)
    doc.from_array([HEAD, DEP], heads)  # type: ignore[arg-type]
    _set_entities(doc, models, spelling, normalise)
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
    targets: list[int] = []
    for offset, (tagged, parsed) in enumerate(zip(morph, syntax, strict=True)):
        token = doc[start + offset]
        if token.is_space:
            token.pos_ = "SPACE"
        else:
            token.pos_ = tagged.pos
            token.set_morph(_morph_string(tagged.feats))  # type: ignore[attr-defined]
            token.lemma_ = vocab.lemmatize(token.text, tagged.pos, tagged.feats) or token.text
        head = int(parsed.head_id)
        targets.append(start + head - 1 if 0 < head <= end - start else token.i)
        heads[token.i, 1] = doc.vocab.strings.add(parsed.rel or "dep")
    for i, target in enumerate(_tree(start, targets), start):
        # HEAD is an offset to the head, stored as uint64 (two's complement when negative).
        heads[i, 0] = (target - i) & _UINT64


def _tree(start: int, targets: list[int]) -> list[int]:
    """Return the heads of one sentence as a tree with a single root.

    spaCy would split a sentence at a second root, and cannot find the root of
    a span inside a cycle (E039), which natasha's parser sometimes gives on text
    unlike its training data (Ukrainian): extra roots and tokens caught in a cycle
    hang from the first root.

    Examples
    --------
    >>> _tree(10, [11, 11, 12, 13])  # 12 and 13 are roots too
    [11, 11, 11, 11]
    >>> _tree(0, [1, 0, 2])  # 0 and 1 head each other: 0 now hangs from the root
    [2, 0, 2]
    """
    roots = [start + i for i, target in enumerate(targets) if target == start + i]
    root = roots[0] if roots else start + len(targets) - 1
    fixed = list(targets)
    for offset in range(len(targets)):
        i, steps = start + offset, 0
        while i != root and fixed[i - start] != i and steps <= len(targets):
            i, steps = fixed[i - start], steps + 1
        if i != root:  # another root, or a cycle
            fixed[offset] = root
    fixed[root - start] = root
    return fixed


def _morph_string(feats: dict[str, str]) -> str:
    return "|".join(f"{k}={v}" for k, v in sorted(feats.items())) or "_"


def _set_entities(doc: Doc, models: NatashaModels, spelling: Any, normalise: bool) -> None:
    """Add natasha's names to the entities the social component already set."""
    keep = list(doc.ents)
    spans: list[Span] = []
    paragraphs = list(_PARAGRAPH.finditer(doc.text))
    for paragraph, markup in zip(
        paragraphs, models.ner.map([spelling(p.group()) for p in paragraphs]), strict=True
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
                if normalise:
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
