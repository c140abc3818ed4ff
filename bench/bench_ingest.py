"""Benchmark: ``claimgraph ingest`` throughput next to raw ``nlp.pipe``, in one run.

Workload: the PolNeAR dev texts in ``../shared/data/polnear-dev/text`` (84
articles), each written three times with a distinct final line so that every
copy is a distinct document: 252 articles. Both sides use the same model, the
same ``batch_size`` and ``n_process``; model loading is excluded from both.

- baseline: ``list(nlp.pipe(texts))`` with the plain English model;
- claimgraph: ``ingest()`` of the files into a fresh embedded store: reading
  and decoding files, the full pipeline with claimgraph's components,
  building graph batches and writing them durably (fsync on every write).

Each round runs both sides back to back, their order alternating (raw first,
then ours first), so that a change in the machine's load hits both. For each
side it prints words per second of wall-clock time and words per CPU second:
the CPU time of the process, of the worker processes it waited for and, for
claimgraph, of the embedded store's server during the ingest. On a shared
machine other jobs swing wall-clock rates from one round to the next, so the
CPU figure is the fair one; the summary gives the median of the rounds'
ratios (the goal is >= 0.85) beside the best round of each side.

Model loading is excluded from both sides: the spaCy pipelines and the
language identifier's model are loaded before the first round.

Run with ``make bench`` or ``python bench/bench_ingest.py [--n-process N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import spacy

from claimgraph.extractors import DEFAULT_MODEL, load_pipeline
from claimgraph.extractors.language import identify_language
from claimgraph.graph import open_store
from claimgraph.graph.backends.redis_server import servers_of
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
    parser.add_argument(
        "--rounds", type=int, default=4, help="rounds, each running both sides (default 4)"
    )
    parser.add_argument(
        "--trained-attribution",
        action="store_true",
        help="run the trained attribution tagger and the chooser after the rules",
    )
    args = parser.parse_args()
    if not POLNEAR.is_dir():
        print(f"skipped: {POLNEAR} is not here (it comes with the shared data)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = _write_corpus(Path(tmp) / "corpus", args.copies)
        texts = [p.read_text(encoding="utf-8") for p in corpus]
        raw_nlp = spacy.load(DEFAULT_MODEL)
        nlp = load_pipeline(trained_attribution=args.trained_attribution)
        identify_language(texts[0])  # loads the identifier's model
        raw_rates, our_rates = [], []
        for round_no in range(args.rounds):
            if round_no % 2:
                ours, summary = _ours(nlp, Path(tmp), corpus, round_no, args)
                raw, words = _raw(raw_nlp, texts, args.batch_size, args.n_process)
            else:
                raw, words = _raw(raw_nlp, texts, args.batch_size, args.n_process)
                ours, summary = _ours(nlp, Path(tmp), corpus, round_no, args)
            raw_rates.append(raw)
            our_rates.append(ours)
            print(
                f"round {round_no + 1}: nlp.pipe {raw[0]:,.0f} words/s, "
                f"{raw[1]:,.0f} words/CPU s ({words:,} words); "
                f"claimgraph ingest {ours[0]:,.0f} words/s, {ours[1]:,.0f} words/CPU s "
                f"({summary.documents_read} documents, {summary.nodes_created:,} nodes, "
                f"{summary.relationships_created:,} relationships); "
                f"ratio {ours[0] / raw[0]:.2f} wall, {ours[1] / raw[1]:.2f} CPU",
                flush=True,
            )
    print(f"\narticles: {len(corpus)}  n_process: {args.n_process}  batch_size: {args.batch_size}")
    print("                     words/s (wall)   words/CPU s   (best round of each side)")
    for name, rates in (("raw nlp.pipe", raw_rates), ("claimgraph ingest", our_rates)):
        best_wall, best_cpu = max(r[0] for r in rates), max(r[1] for r in rates)
        print(f"{name:20} {best_wall:14,.0f} {best_cpu:13,.0f}")
    wall = statistics.median(o[0] / r[0] for o, r in zip(our_rates, raw_rates, strict=True))
    cpu = statistics.median(o[1] / r[1] for o, r in zip(our_rates, raw_rates, strict=True))
    print(f"ratio, median of the rounds: {wall:.2f} wall-clock, {cpu:.2f} CPU (goal >= 0.85)")
    print("(CPU time is the fair figure on a shared machine: other jobs' load does not enter it)")
    return 0


def _cpu(servers: tuple[int, ...] = ()) -> float:
    """Return the CPU seconds of this process, of the children it has waited for and of
    ``servers`` (the embedded store's server processes, which it does not wait for)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system + sum(map(_pid_cpu, servers))


def _pid_cpu(pid: int) -> float:
    """Return the CPU seconds process ``pid`` has used (Linux: /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    db = tmp / f"bench-{round_no}.db"
    with open_store("embedded", db=db) as store:
        servers = tuple(pid for pid, _ in servers_of(db))
        started, cpu = time.perf_counter(), _cpu(servers)
        summary = ingest(
            [str(p) for p in corpus],
            store,
            nlp=nlp,
            batch_size=args.batch_size,
            n_process=args.n_process,
        )
        seconds, cpu_seconds = time.perf_counter() - started, _cpu(servers) - cpu
    return (summary.words / seconds, summary.words / cpu_seconds), summary


if __name__ == "__main__":
    sys.exit(main())
