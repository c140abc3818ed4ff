"""The array lemmatizer gives spaCy's own lemmas."""

from __future__ import annotations

import spacy

from claimgraph.extractors import DEFAULT_MODEL, load_pipeline
from claimgraph.extractors.lemmas import ArrayLemmatizer, speed_up

TEXTS = [
    "The ministers were saying that taxes had risen, and she's denied it.",
    "“We won,” he said. Officials in Marograd declined to comment on the Taizhans' claims.",
    "@someone RT: 1,200 protesters marched; police dispersed them at 5 p.m. #protest",
    "Better, best, worse; geese flew; he'd gone, they're leaving.",
    "",
]


def test_array_lemmas_equal_spacys() -> None:
    plain = spacy.load(DEFAULT_MODEL)
    fast = spacy.load(DEFAULT_MODEL)
    assert speed_up(fast)
    for text in TEXTS * 2:  # the second round reads the lemmas it has seen
        assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in plain(text)]


def test_the_ingest_pipeline_uses_it_once() -> None:
    nlp = load_pipeline()
    assert type(nlp.get_pipe("lemmatizer")) is ArrayLemmatizer
    assert speed_up(nlp)  # already switched: nothing to do, still true
    assert not speed_up(spacy.blank("en"))


def test_overwrite_sets_every_lemma_as_spacy_does() -> None:
    plain = spacy.load(DEFAULT_MODEL)
    fast = spacy.load(DEFAULT_MODEL)
    speed_up(fast)
    for nlp in (plain, fast):
        nlp.get_pipe("lemmatizer").overwrite = True
    for text in TEXTS:
        assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in plain(text)]
