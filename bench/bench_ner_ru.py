"""Russian NER quality: precision, recall and F1 per type on bench/data/ner_ru.jsonl.

The sample is 104 news-style Russian sentences written for claimgraph, with
304 entities (PER, ORG, LOC): Kazakh and Russian politicians, outlets,
places, in every grammatical case. Scores are given for exact spans and for
overlapping ones.

    python bench/bench_ner_ru.py
"""

from __future__ import annotations

import time
from pathlib import Path

from claimgraph.evaluation_ner import evaluate_ner, load_ner_sample
from claimgraph.extractors.pipelines import load_russian_pipeline

SAMPLE = Path(__file__).resolve().parent / "data" / "ner_ru.jsonl"


def main() -> None:
    sentences = load_ner_sample(SAMPLE)
    nlp = load_russian_pipeline()
    started = time.perf_counter()
    results = evaluate_ner(nlp, sentences)
    seconds = time.perf_counter() - started
    gold = sum(len(s.entities) for s in sentences)
    print(f"Russian NER (natasha) on {len(sentences)} sentences, {gold} entities, {seconds:.1f} s")
    print(f"{'match':8} {'type':4} {'precision':>9} {'recall':>7} {'F1':>6} {'gold':>5}")
    for mode, scores in results.items():
        for kind, s in scores.items():
            print(f"{mode:8} {kind:4} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {s.gold:5}")


if __name__ == "__main__":
    main()
