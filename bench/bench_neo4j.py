"""Benchmark: relationship write throughput into Neo4j and the embedded store, in one run.

Workload: 1,000 documents and 10,000 actors, then 100,000 ``MENTIONS``
relationships between them (each with a ``count``), the same rows for every
side. Nodes are written first and not timed; the figure is relationships
per second of the relationship writes alone. Batched writes are timed in
``--rounds`` rounds (default 5) from an empty graph each, and the best is
reported, since other work on a shared machine only ever slows a round down.
Neo4j's first run, on a fresh JVM that still compiles the queries and the
hot code, is an extra round shown apart; the JIT keeps speeding the server
up over the next rounds, and every round's figure is printed.

- neo4j batched: ``Neo4jStore.write`` of graph batches of 10,000
  relationships, one transaction each (``UNWIND $rows ... MERGE``);
- neo4j one transaction per row: the same MERGE with one row per
  transaction, the way a naive loader writes. It is slow, so only the first
  ``--per-row`` relationships (default 2,000) are written this way and the
  rate is extrapolated to the whole workload (marked "extrapolated");
- embedded: ``EmbeddedStore.write`` of the same batches (fsync on every write).

The Neo4j server is the one in ``CLAIMGRAPH_NEO4J_URI`` if set (its database
is emptied first!), otherwise one started from the test server's jars
(``tests/neo4j/fetch.sh``). Goal: >= 20,000 relationships/s batched into Neo4j.

Run with ``python bench/bench_neo4j.py [--relationships N] [--per-row N]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimgraph.graph import cypher, open_store
from claimgraph.graph.base import GraphStore, relationship_rows
from claimgraph.model import GraphBatch, Node, Relationship

ROOT = Path(__file__).resolve().parents[1]
GOAL = 20_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relationships", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=10_000, help="relationships per write")
    parser.add_argument("--per-row", type=int, default=2_000, help="rows written one per tx")
    parser.add_argument("--rounds", type=int, default=5, help="best of N batched rounds")
    args = parser.parse_args()
    nodes = _nodes(args.documents, args.actors)
    rels = list(_relationships(args.relationships, args.documents, args.actors))
    results: list[tuple[str, int, float, bool]] = []
    with tempfile.TemporaryDirectory() as tmp, _neo4j_uri(Path(tmp)) as uri:
        with open_store("neo4j", uri=uri) as store:
            # One untimed round first: a fresh JVM compiles the queries and
            # the hot code paths on the first writes.
            times = []
            for _ in range(1 + args.rounds):
                _reset(store, nodes)
                times.append(_batched(store, rels, args.batch))
                _check(store, len(rels))
            cold, seconds = times[0], min(times[1:])
            rates = ", ".join(f"{len(rels) / t:,.0f}" for t in times)
            print(f"neo4j batched, rel/s of each round, first (cold) to last: {rates}")
            results.append(("neo4j, batched", len(rels), seconds, False))
            results.append(("neo4j, batched, first run (cold)", len(rels), cold, False))
            _reset(store, nodes)
            sample = rels[: args.per_row]
            seconds = _per_row(store, sample)
            _check(store, len(sample))
            results.append(("neo4j, one transaction per row", len(sample), seconds, True))
        times = []
        for round_no in range(args.rounds):
            with open_store("embedded", db=Path(tmp) / f"bench-{round_no}.db") as store:
                store.write(nodes)
                times.append(_batched(store, rels, args.batch))
                _check(store, len(rels))
        results.append(("embedded, batched", len(rels), min(times), False))
    _report(results, len(rels))
    return 0


def _nodes(documents: int, actors: int) -> GraphBatch:
    batch = GraphBatch()
    for i in range(documents):
        batch.add_node(Node("Document", f"doc-{i}", {"kind": "article"}, ("Article",)))
    for i in range(actors):
        name = f"Actor {i}"
        batch.add_node(Node("Actor", f"actor-{i}", {"name": name, "kind": "person"}, ("Person",)))
    return batch


def _relationships(n: int, documents: int, actors: int) -> Iterator[Relationship]:
    per_document = -(-n // documents)
    for i in range(n):
        doc, k = divmod(i, per_document)
        # A spread of actors per document, none twice in one document.
        actor = (doc * 7919 + k * 101) % actors
        props = {"count": 1 + i % 5}
        yield Relationship("MENTIONS", "Document", f"doc-{doc}", "Actor", f"actor-{actor}", props)


def _batched(store: GraphStore, rels: list[Relationship], size: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(rels), size):
        batch = GraphBatch()
        for rel in rels[start : start + size]:
            batch.add_relationship(rel)
        store.write(batch)
    return time.perf_counter() - started


def _per_row(store: GraphStore, rels: list[Relationship]) -> float:
    batch = GraphBatch()
    for rel in rels:
        batch.add_relationship(rel)
    ((rel_type, start, end, rows),) = relationship_rows(batch)
    text = cypher.merge_relationships(rel_type, start, end)
    write_rows = store.write_rows  # type: ignore[attr-defined]
    started = time.perf_counter()
    for row in rows:
        write_rows(text, [row])
    return time.perf_counter() - started


def _reset(store: GraphStore, nodes: GraphBatch) -> None:
    while store.query(
        "MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n", write=True
    ).rows[0][0]:
        pass
    store.write(nodes)


def _check(store: GraphStore, expected: int) -> None:
    found = store.counts().relationships.get("MENTIONS", 0)
    if found != expected:
        raise SystemExit(f"expected {expected} relationships, found {found}")


def _report(results: list[tuple[str, int, float, bool]], total: int) -> None:
    print(f"{'store':<34} {'relationships':>13} {'seconds':>9} {'rel/s':>10}")
    for name, n, seconds, extrapolated in results:
        rate = n / seconds
        note = ""
        if extrapolated:
            note = f"  extrapolated: {total:,} would take ~{total / rate:,.0f} s"
        print(f"{name:<34} {n:>13,} {seconds:>9.2f} {rate:>10,.0f}{note}")
    # Other work on the machine slows every side; the load says how much to trust the figures.
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")
    batched = results[0][1] / results[0][2]
    verdict = "met" if batched >= GOAL else "NOT met"
    print(f"goal >= {GOAL:,} rel/s batched into Neo4j: {verdict}")


@contextmanager
def _neo4j_uri(tmp: Path) -> Iterator[str]:
    uri = os.environ.get("CLAIMGRAPH_NEO4J_URI")
    if uri:
        yield uri
        return
    path = ROOT / "tests" / "neo4j" / "server.py"
    spec = importlib.util.spec_from_file_location("claimgraph_test_neo4j_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    server = module.Neo4jServer(tmp / "neo4j", heap="4g")
    started = time.perf_counter()
    try:
        uri = server.start()
    except module.ServerError as exc:
        raise SystemExit(str(exc)) from None
    took = time.perf_counter() - started
    print(f"started Neo4j from tests/neo4j/lib in {took:.1f} s", flush=True)
    try:
        yield uri
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
