"""Benchmark: ``claimgraph ingest`` throughput next to raw ``nlp.pipe``, in one run.

Workload: the PolNeAR dev texts in ``../shared/data/polnear-dev/text`` (84
articles), each written three times with a distinct final line so that every
copy is a distinct document: 252 articles. Both sides use the same model, the
same ``batch_size`` and ``n_process``; model loading is excluded from both.

- baseline: ``list(nlp.pipe(texts))`` with the plain English model;
- claimgraph: ``ingest()`` of the files into a fresh embedded store: reading
  and decoding files, the full pipeline with claimgraph's components,
  building graph batches and writing them durably (fsync on every write).

Prints words per second for both and their ratio (goal: >= 0.85), and,
since a shared machine's load swings wall-clock rates from one round to the
next, words per CPU second too (the CPU time of the process and of the
worker processes it waited for), whose ratio is steadier.

Run with ``make bench`` or ``python bench/bench_ingest.py [--n-process N]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import spacy

from claimgraph.extractors import DEFAULT_MODEL, load_pipeline
from claimgraph.graph import open_store
from claimgraph.ingest import IngestSummary, ingest

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear-dev" / "text"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3, help="copies of each text (default 3)")
    parser.add_argument(
        "--n-process",
        type=int,
        default=min(os.cpu_count() or 1, 4),
        help="spaCy worker processes on both sides (default: as `claimgraph ingest`)",
    )
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=4, help="best of N rounds (default 4)")
    args = parser.parse_args()
    if not POLNEAR.is_dir():
        print(f"skipped: {POLNEAR} is not here (it comes with the shared data)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = _write_corpus(Path(tmp) / "corpus", args.copies)
        texts = [p.read_text(encoding="utf-8") for p in corpus]
        raw_nlp = spacy.load(DEFAULT_MODEL)
        nlp = load_pipeline()
        best_raw = best_ours = cpu_raw = cpu_ours = 0.0
        for round_no in range(args.rounds):
            # Alternate which side runs first, so that neither always gets a warm
            # or a cold machine; the best round of each side is reported.
            if round_no % 2:
                (ours_wps, ours_cpu), summary = _ours(nlp, Path(tmp), corpus, round_no, args)
                (raw_wps, raw_cpu), words = _raw(raw_nlp, texts, args.batch_size, args.n_process)
            else:
                (raw_wps, raw_cpu), words = _raw(raw_nlp, texts, args.batch_size, args.n_process)
                (ours_wps, ours_cpu), summary = _ours(nlp, Path(tmp), corpus, round_no, args)
            best_raw, best_ours = max(best_raw, raw_wps), max(best_ours, ours_wps)
            cpu_raw, cpu_ours = max(cpu_raw, raw_cpu), max(cpu_ours, ours_cpu)
            print(
                f"round {round_no + 1}: nlp.pipe {raw_wps:,.0f} words/s, "
                f"{raw_cpu:,.0f} words/CPU s ({words:,} words); "
                f"claimgraph ingest {ours_wps:,.0f} words/s, "
                f"{ours_cpu:,.0f} words/CPU s "
                f"({summary.documents_read} documents, {summary.nodes_created:,} nodes, "
                f"{summary.relationships_created:,} relationships)",
                flush=True,
            )
    print(f"\narticles: {len(corpus)}  n_process: {args.n_process}  batch_size: {args.batch_size}")
    print(f"raw nlp.pipe        {best_raw:10,.0f} words/s   {cpu_raw:10,.0f} words/CPU s")
    print(f"claimgraph ingest   {best_ours:10,.0f} words/s   {cpu_ours:10,.0f} words/CPU s")
    print(
        f"ratio               {best_ours / best_raw:10.2f}           "
        f"{cpu_ours / cpu_raw:10.2f}   (goal >= 0.85)"
    )
    return 0


def _cpu() -> float:
    """Return the CPU seconds of this process and of the children it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _write_corpus(folder: Path, copies: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for source in sorted(POLNEAR.glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        for copy in range(copies):
            path = folder / f"{source.stem}-{copy}.txt"
            path.write_text(f"{text}\n\n(copy {copy})\n", encoding="utf-8")
            paths.append(path)
    return paths


def _raw(
    nlp: spacy.language.Language, texts: list[str], batch_size: int, n_process: int
) -> tuple[tuple[float, float], int]:
    started, cpu = time.perf_counter(), _cpu()
    words = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        words += sum(1 for t in doc if not (t.is_punct or t.is_space))
    return (words / (time.perf_counter() - started), words / (_cpu() - cpu)), words


def _ours(
    nlp: spacy.language.Language,
    tmp: Path,
    corpus: list[Path],
    round_no: int,
    args: argparse.Namespace,
) -> tuple[tuple[float, float], IngestSummary]:
    with open_store("embedded", db=tmp / f"bench-{round_no}.db") as store:
        started, cpu = time.perf_counter(), _cpu()
        summary = ingest(
            [str(p) for p in corpus],
            store,
            nlp=nlp,
            batch_size=args.batch_size,
            n_process=args.n_process,
        )
        seconds, cpu_seconds = time.perf_counter() - started, _cpu() - cpu
    return (summary.words / seconds, summary.words / cpu_seconds), summary


if __name__ == "__main__":
    sys.exit(main())
