"""The learned chooser over the rules' and the tagger's claims."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
from spacy.language import Language

from claimgraph.attribution.chooser import (
    CHOOSER_WEIGHTS,
    N_FEATURES,
    Candidate,
    Chooser,
    cue_bucket,
    features,
    fit,
)
from claimgraph.attribution.finder import Finder
from claimgraph.attribution.mention import ClaimMention
from claimgraph.attribution.model_claims import candidates, combine, shipped_chooser
from claimgraph.attribution.trained import ModelAttribution, Tagged
from claimgraph.errors import ClaimgraphError
from claimgraph.extractors import load_pipeline

TEXT = "The mayor ducked questions on taxes. Smith said that the plan failed."


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(trained_attribution=True)


def _claim(text: str, content: str, speaker: str, cue: str, confidence: float) -> ClaimMention:
    start, at = text.index(content), text.index(speaker)
    return ClaimMention(
        start,
        start + len(content),
        content,
        cue,
        "indirect",
        speaker_text=speaker,
        speaker_start=at,
        speaker_end=at + len(speaker),
        confidence=confidence,
    )


def _flat(doc_length: int, value: float = 0.0) -> numpy.ndarray:
    return numpy.full(doc_length, value)


def test_the_shipped_chooser_loads_and_keeps_a_plain_report(nlp: Language) -> None:
    chooser = shipped_chooser()
    assert chooser.weights.shape == (N_FEATURES,)
    assert 0.0 < chooser.threshold < 1.0
    provenance = json.loads(CHOOSER_WEIGHTS.read_text(encoding="utf-8"))
    assert provenance["trained_on"].startswith("PolNeAR train")
    doc = nlp("Smith said that the plan failed.")
    claims = doc._.extraction["claims"]
    # The rules' "the plan failed" or the tagger's "that the plan failed" (PolNeAR's way)
    assert [(c["speaker_text"], c["text"].removeprefix("that ")) for c in claims] == [
        ("Smith", "the plan failed")
    ]


def test_of_overlapping_claims_the_better_scored_is_kept(nlp: Language) -> None:
    doc = nlp.make_doc(TEXT)
    wide = _claim(TEXT, "the plan failed.", "Smith", "said", 0.9)
    narrow = _claim(TEXT, "the plan failed", "Smith", "said", 0.6)
    other = _claim(TEXT, "questions on taxes", "The mayor", "ducked", 0.9)
    weights = numpy.zeros(N_FEATURES)
    weights[0] = -1.0  # the bias: a claim needs a reason to be kept
    weights[3 + 5] = 3.0  # the rules' confidence 0.9
    weights[3 + 1] = 2.0  # the rules' confidence 0.6
    found = [Candidate(narrow, True), Candidate(wide, True), Candidate(other, True)]
    kept = Chooser(weights, 0.5).choose(doc, found, _flat(len(doc)), _flat(len(doc)))
    assert [c.text for c in kept] == ["questions on taxes", "the plan failed."]
    # Above every score, nothing is kept.
    assert Chooser(weights, 0.99).choose(doc, found, _flat(len(doc)), _flat(len(doc))) == []


def test_features_read_origin_agreement_and_the_taggers_probabilities(nlp: Language) -> None:
    doc = nlp.make_doc(TEXT)
    rule = _claim(TEXT, "the plan failed", "Smith", "said", 0.9)
    tagged = _claim(TEXT, "that the plan failed", "Smith", "said", 0.8)
    matrix = features(
        doc, [Candidate(rule, True), Candidate(tagged, False, 0.8)], _flat(len(doc), 0.5),
        _flat(len(doc), 0.25),
    )  # fmt: skip
    assert matrix.shape == (2, N_FEATURES)
    assert matrix[0, 1] == 1.0 and matrix[1, 1] == 0.0  # from the rules or not
    assert matrix[1, 9] == 0.8  # the tagger's own confidence
    assert matrix[0, 10] == pytest.approx(0.5) and matrix[0, 11] == pytest.approx(0.25)
    assert matrix[0, 13] == pytest.approx(15 / 20)  # the other system's overlapping claim
    assert matrix[1, 17] == 1.0  # content that opens with "that"
    assert matrix[0, 40 + cue_bucket("said")] == 1.0


def test_fit_learns_a_separable_rule() -> None:
    rng = numpy.random.default_rng(0)
    matrix = numpy.hstack([numpy.ones((200, 1)), rng.normal(size=(200, 2))])
    right = (matrix[:, 1] > 0).astype("float64")
    weights = fit(matrix, right, l2=0.0)
    assert ((matrix @ weights > 0) == (right == 1)).mean() > 0.95


def test_combine_offers_the_taggers_sourced_attributions(nlp: Language) -> None:
    with nlp.select_pipes(disable=["claimgraph_attribution_model"]):
        doc = nlp(TEXT)
    rules = nlp.get_pipe("claim_attribution")
    finder = Finder(doc, rules.lexicon, rules.cue_hashes, rules.nominal_hashes)
    claims = finder.find()

    def found(content: str, cue: str, source: str | None) -> ModelAttribution:
        start = TEXT.index(content)
        where = (TEXT.index(source), TEXT.index(source) + len(source)) if source else None
        cue_at = (TEXT.index(cue), TEXT.index(cue) + len(cue))
        return ModelAttribution(((start, start + len(content)),), cue_at, where, 0.9)

    attributions = [found("questions on taxes", "ducked", "The mayor"), found("taxes", "on", None)]
    offered = candidates(finder, claims, attributions)
    assert [(c.from_rules, c.claim.text) for c in offered] == [
        (True, "the plan failed"),
        (False, "questions on taxes"),
    ]
    weights = numpy.zeros(N_FEATURES)
    weights[0] = 1.0  # keep everything that does not overlap
    empty = Tagged(numpy.zeros(0), numpy.zeros(0), numpy.zeros(0), numpy.zeros(0))
    kept = combine(finder, claims, attributions, empty, Chooser(weights, 0.5))
    assert [(c.speaker_text, c.text) for c in kept] == [
        ("The mayor", "questions on taxes"),
        ("Smith", "the plan failed"),
    ]


def test_unreadable_weights_say_how_to_refit(tmp_path: Path) -> None:
    bad = tmp_path / "chooser.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(ClaimgraphError, match="make train-chooser"):
        Chooser.load(bad)
    with pytest.raises(ClaimgraphError, match="make train-chooser"):
        Chooser(numpy.zeros(3), 0.5)
