"""Russian NER quality on a slice of the labelled sample, with a floor."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.evaluation_ner import evaluate_ner, load_ner_sample
from claimgraph.extractors.pipelines import load_russian_pipeline

SAMPLE = Path(__file__).resolve().parents[1] / "bench" / "data" / "ner_ru.jsonl"


def test_the_sample_has_300_entities_of_three_types() -> None:
    sentences = load_ner_sample(SAMPLE)
    kinds = [e[2] for s in sentences for e in s.entities]
    assert len(kinds) >= 300 and {kinds.count(k) >= 90 for k in ("PER", "ORG", "LOC")} == {True}


def test_russian_ner_on_a_slice_stays_above_its_floor() -> None:
    sentences = load_ner_sample(SAMPLE)[:30]
    results = evaluate_ner(load_russian_pipeline(), sentences)
    # The whole sample scores 0.87 F1 exact and 0.91 overlapping (bench/bench_ner_ru.py).
    assert results["exact"]["all"].f1 >= 0.75
    assert results["overlap"]["all"].f1 >= 0.8
    assert results["exact"]["PER"].recall >= 0.8


def test_a_bad_entity_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "abc", "entities": [[0, 9, "PER"]]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        load_ner_sample(path)
