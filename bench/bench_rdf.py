"""Benchmark: export and re-import a graph of about 1,000,000 triples as RDF.

A synthetic graph (documents, actors, accounts, claims, hashtags and their
relationships, built through ``GraphBatch`` with a fixed seed) is mapped to
quads, written as N-Quads and TriG, and read back into a ``GraphBatch``, once
with Oxigraph (pyoxigraph's parsers and serializers) and once with pure
rdflib, side by side in one run. Each step runs in a forked child process
and reports its wall time and peak memory: the growth of the child's maximum
resident set size over its size at the start of the step (this counts
Oxigraph's Rust buffers too, which tracemalloc would not see).

Run: ``python bench/bench_rdf.py [--triples 1000000]``.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimgraph.model import GraphBatch, Node, Relationship
from claimgraph.rdf.engines import read_quads, write_quads
from claimgraph.rdf.mapping import batch_to_quads, quads_to_batch

#: Triples one synthetic document brings with its claims, mentions and tags (measured).
TRIPLES_PER_DOCUMENT = 64


def synthetic_graph(documents: int, seed: int = 7) -> GraphBatch:
    """Return a graph shaped like ingested news: per document 3 claims, mentions, tags."""
    rng = random.Random(seed)
    batch = GraphBatch()
    actors = [f"actor-{i}" for i in range(max(documents // 10, 10))]
    for actor in actors:
        batch.add_node(
            Node(
                "Actor",
                actor,
                {"name": actor.title(), "kind": "person", "aliases": [actor]},
                ("Person",),
            )
        )
    tags = [f"tag{i}" for i in range(max(documents // 50, 5))]
    for tag in tags:
        batch.add_node(Node("Hashtag", tag, {"tag": tag}))
    for d in range(documents):
        doc = f"doc-{d:07d}"
        batch.add_node(
            Node(
                "Document",
                doc,
                {
                    "kind": "article",
                    "title": f"Article {d}",
                    "url": f"https://example.org/{d}",
                    "published_at": "2016-08-12T00:00:00Z",
                    "source": f"corpus/{d}.txt",
                },
                ("Article",),
            )
        )
        batch.add_relationship(Relationship("TAGGED", "Document", doc, "Hashtag", rng.choice(tags)))
        for actor in rng.sample(actors, 3):
            batch.add_relationship(
                Relationship(
                    "MENTIONS", "Document", doc, "Actor", actor, {"count": rng.randint(1, 9)}
                )
            )
        for c in range(3):
            claim = f"{doc}-c{c}"
            start = rng.randint(0, 5000)
            batch.add_node(
                Node(
                    "Claim",
                    claim,
                    {
                        "text": f"claim {c} of {doc}",
                        "cue": "said",
                        "kind": "direct",
                        "start": start,
                        "end": start + 80,
                        "confidence": 0.9,
                    },
                )
            )
            batch.add_relationship(
                Relationship("SAID", "Actor", rng.choice(actors), "Claim", claim)
            )
            batch.add_relationship(
                Relationship("ABOUT", "Claim", claim, "Actor", rng.choice(actors))
            )
            batch.add_relationship(Relationship("REPORTED_IN", "Claim", claim, "Document", doc))
    return batch


def measure(step: Callable[[], Any]) -> tuple[float, float]:
    """Run ``step`` in a forked child; return its seconds and peak RSS growth in MiB."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(step, send))
    child.start()
    seconds, growth = receive.recv()
    child.join()
    return seconds, growth


def _child(step: Callable[[], Any], send: Any) -> None:
    gc.collect()
    with open("/proc/self/statm") as statm:
        rss_start = int(statm.read().split()[1]) * resource.getpagesize() / 2**20
    started = time.perf_counter()
    step()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    send.send((seconds, max(peak - rss_start, 0.0)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    args = parser.parse_args()
    documents = max(args.triples // TRIPLES_PER_DOCUMENT, 1)
    batch = synthetic_graph(documents)
    quads = sum(1 for _ in batch_to_quads(batch))
    print(
        f"synthetic graph: {len(batch.nodes):,} nodes, {len(batch.relationships):,} "
        f"relationships, {quads:,} quads"
    )
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("nq", "trig"):
            for engine in ("oxigraph", "rdflib"):
                path = Path(folder) / f"{engine}.{fmt}"

                def export(path: Path = path, fmt: str = fmt, engine: str = engine) -> None:
                    with path.open("wb") as stream:
                        write_quads(batch_to_quads(batch), stream, fmt, engine=engine)

                def reimport(path: Path = path, fmt: str = fmt, engine: str = engine) -> None:
                    back = quads_to_batch(read_quads(path, fmt, engine=engine))
                    if len(back.nodes) != len(batch.nodes) or len(back.relationships) != len(
                        batch.relationships
                    ):
                        raise SystemExit(f"{engine} {fmt}: the graph read back differs")

                out_s, out_mib = measure(export)
                in_s, in_mib = measure(reimport)
                size = path.stat().st_size / 2**20
                rows.append((fmt, engine, size, out_s, out_mib, in_s, in_mib))
    header = ("format", "engine", "file MiB", "export s", "export MiB", "import s", "import MiB")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for fmt, engine, size, *numbers in rows:
        print(" | ".join([fmt, engine, f"{size:,.0f}"] + [f"{n:,.1f}" for n in numbers]))


if __name__ == "__main__":
    main()
