"""Benchmark: claim attribution on the full PolNeAR dev split, and what it costs.

1. Scores claimgraph and textacy's ``direct_quotations`` on every article of
   ``../shared/data/polnear-dev`` (the metric is in ``claimgraph.evaluation``).
2. Times the pipeline on the same texts with and without the
   ``claim_attribution`` component, alternating, best of three, and prints
   the added share of time (goal: at most 15%). On a busy machine the two
   pipeline runs differ by more than the component costs, so it also times
   the component alone on the parsed documents (best of three) against the
   pipeline without it: the steadier figure.
3. Times the pipeline with the trained tagger (``trained_attribution=True``)
   with and without ``claimgraph_attribution_model`` on the same texts,
   alternating, best of three, in words a second.

Run with ``make bench`` or ``python bench/bench_attribution.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from claimgraph.evaluation import evaluate_attribution
from claimgraph.extractors import load_pipeline

_TAGGER = "claimgraph_attribution_model"
POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear-dev"


def main() -> int:
    if not POLNEAR.is_dir():
        print(f"skipped: {POLNEAR} is not here (it comes with the shared data)")
        return 0
    nlp = load_pipeline()
    report = evaluate_attribution(POLNEAR, nlp=nlp)
    print(f"PolNeAR dev: {report['articles']} articles, {report['gold']} gold attributions\n")
    print(f"{'system':28s} {'part':9s} {'P':>6s} {'R':>6s} {'F1':>6s} {'pred':>6s} {'gold':>6s}")
    for system, parts in report["systems"].items():
        for part, s in parts.items():
            print(
                f"{system:28s} {part:9s} {s['precision']:6.3f} {s['recall']:6.3f} "
                f"{s['f1']:6.3f} {s['predicted']:6d} {s['gold']:6d}"
            )
    texts = [p.read_text(encoding="utf-8") for p in sorted((POLNEAR / "text").glob("*.txt"))]
    with_claims = without = float("inf")
    for _ in range(3):
        without = min(without, _time(nlp, texts, disable=["claim_attribution"]))
        with_claims = min(with_claims, _time(nlp, texts, disable=[]))
    print(f"\npipeline without claim_attribution {without:6.2f} s")
    print(f"pipeline with claim_attribution    {with_claims:6.2f} s")
    print(
        f"attribution adds                   {100 * (with_claims / without - 1):6.1f} %"
        "   (goal <= 15%)"
    )
    alone = _time_component(nlp, texts)
    print(f"claim_attribution alone            {alone:6.2f} s")
    print(f"component share of the pipeline    {100 * alone / without:6.1f} %   (goal <= 15%)")
    trained = load_pipeline(trained_attribution=True)
    words = sum(len(text.split()) for text in texts)
    with_tagger = rules_only = float("inf")
    for _ in range(3):
        rules_only = min(rules_only, _time(trained, texts, disable=[_TAGGER]))
        with_tagger = min(with_tagger, _time(trained, texts, disable=[]))
    print(f"\nrules alone                        {words / rules_only:8.0f} words/s")
    print(f"rules + trained tagger             {words / with_tagger:8.0f} words/s")
    return 0


def _time_component(nlp, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    """Time ``claim_attribution`` alone on documents parsed up to it, best of three."""
    component = nlp.get_pipe("claim_attribution")
    docs = list(
        nlp.pipe(texts, batch_size=16, disable=["claim_attribution", "claimgraph_extraction"])
    )
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for doc in docs:
            component(doc)
        best = min(best, time.perf_counter() - started)
    return best


def _time(nlp, texts: list[str], disable: list[str]) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, disable=disable):
        pass
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
