"""Benchmark: the cost of cross-document actor resolution, next to the pipeline's.

Two workloads:

- pipeline: the PolNeAR dev texts in ``../shared/data/polnear-dev/text`` (84
  articles) parsed once with the full pipeline; then the resolver maps their
  extractions in write batches of 32, as ingest does. Prints the time of
  each and the resolver's share of the pipeline's time.
- scale: a resolver that knows N synthetic people (seeded, half of them with a
  Cyrillic alias) resolves 2,000 names: spelling variants, Cyrillic case
  forms and new names. Prints the time to build the index and per name, for
  N = 1,000, 10,000 and 100,000; blocking keeps the time per name flat.

Run with ``python bench/bench_resolution.py``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

from claimgraph.extractors.names import romanise
from claimgraph.extractors.resolution import Resolver
from claimgraph.model import actor_id

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear-dev" / "text"
WRITE_BATCH = 32

_SYLLABLES = ("ка", "ра", "ма", "на", "са", "та", "ба", "да", "жа", "ла", "ер", "ан", "ас", "ым",
              "ул", "бек", "жан", "гуль", "ай", "нур", "мур", "сул", "ген")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="best of N rounds (default 3)")
    args = parser.parse_args()
    _pipeline(args.rounds)
    for known in (1_000, 10_000, 100_000):
        _scale(known, 2_000)
    return 0


def _pipeline(rounds: int) -> None:
    if not POLNEAR.is_dir():
        print(f"pipeline: skipped, {POLNEAR} is not here (it comes with the shared data)")
        return
    from claimgraph.extractors import load_pipeline

    texts = [p.read_text(encoding="utf-8") for p in sorted(POLNEAR.glob("*.txt"))]
    nlp = load_pipeline()
    started = time.perf_counter()
    extractions = [doc._.extraction for doc in nlp.pipe(texts, batch_size=16)]
    parse = time.perf_counter() - started
    best = float("inf")
    for _ in range(rounds):
        resolver = Resolver()
        started = time.perf_counter()
        for start in range(0, len(extractions), WRITE_BATCH):
            resolver.resolve(extractions[start : start + WRITE_BATCH])
        best = min(best, time.perf_counter() - started)
    actors = sum(len(e["actors"]) for e in extractions)
    print(
        f"pipeline: {len(texts)} articles, {actors} actors: nlp.pipe {parse:.2f} s, "
        f"resolver {best * 1000:.1f} ms ({best / parse:.2%} of the pipeline's time), "
        f"{len(resolver)} canonical actors"
    )


def _scale(known: int, queries: int) -> None:
    rng = random.Random(7)
    people = [_person(rng) for _ in range(known)]
    rows = [
        {"id": actor_id(latin), "name": latin, "kind": "person", "aliases": [cyrillic]}
        for latin, cyrillic in people
    ]
    started = time.perf_counter()
    resolver = Resolver(actors=rows)
    build = time.perf_counter() - started
    names = []
    for i in range(queries):
        latin, cyrillic = people[rng.randrange(known)]
        first, last = cyrillic.split()
        names.append(
            [
                latin.replace("a", "aa", 1),  # a doubled letter
                f"{first} {last}у",  # a dative case form in Cyrillic
                " ".join(x for x, _ in (_person(rng),)),  # someone new
                romanise(cyrillic, "iso9"),
            ][i % 4]
        )
    extractions = [_extraction(name) for name in names]
    started = time.perf_counter()
    for start in range(0, len(extractions), WRITE_BATCH):
        resolver.resolve(extractions[start : start + WRITE_BATCH])
    spent = time.perf_counter() - started
    print(
        f"scale: {known:>7,} known actors: index built in {build:.2f} s, "
        f"{spent / queries * 1e6:.0f} µs per name resolved ({queries:,} names)"
    )


def _person(rng: random.Random) -> tuple[str, str]:
    first = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    last = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() + "ов"
    cyrillic = f"{first} {last}"
    return romanise(cyrillic, "bgn"), cyrillic


def _extraction(name: str) -> dict[str, Any]:
    actor = {"id": actor_id(name), "name": name, "kind": "person", "aliases": [name]}
    actor |= {"accounts": [], "sameas": None, "mentions": 1}
    return {"actors": [actor], "accounts": [], "hashtags": {}, "urls": [], "claims": []}


if __name__ == "__main__":
    sys.exit(main())
