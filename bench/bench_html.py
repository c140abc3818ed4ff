"""Benchmark: the HTML export at 100, 1,000 and 10,000 nodes.

For each size, a synthetic claim graph (actors, accounts, documents, claims;
fixed seed) is exported to HTML; the script prints the file size, the export
time and the time headless Chromium takes to load the page and build its DOM
(``--dump-dom`` with a virtual-time budget, so the page's own scripts run).

Run with ``make bench`` or ``python bench/bench_html.py``.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from claimgraph.analysis.graph import graph_from_batch
from claimgraph.export import export_graph
from claimgraph.model import GraphBatch, Node, Relationship

CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def synthetic(nodes: int, seed: int = 7) -> GraphBatch:
    """Return a claim graph of about ``nodes`` nodes: a quarter each of actors, accounts,
    documents and claims, every claim said by one party, about two, reported in one document."""
    rng = random.Random(seed)
    batch = GraphBatch()
    quarter = max(nodes // 4, 1)
    for i in range(quarter):
        batch.add_node(
            Node("Actor", f"a{i}", {"name": f"Actor {i}", "kind": "person"}, ("Person",))
        )
        batch.add_node(Node("Account", f"twitter:u{i}", {"platform": "twitter", "handle": f"u{i}"}))
        batch.add_node(
            Node("Document", f"d{i}", {"kind": "article", "title": f"Story {i}"}, ("Article",))
        )
    for i in range(quarter):
        batch.add_node(Node("Claim", f"c{i}", {"text": f"Claim number {i}", "kind": "direct"}))
        speaker = rng.randrange(quarter)
        batch.add_relationship(Relationship("SAID", "Actor", f"a{speaker}", "Claim", f"c{i}"))
        batch.add_relationship(
            Relationship("REPORTED_IN", "Claim", f"c{i}", "Document", f"d{rng.randrange(quarter)}")
        )
        for _ in range(2):
            batch.add_relationship(
                Relationship("ABOUT", "Claim", f"c{i}", "Actor", f"a{rng.randrange(quarter)}")
            )
    return batch


def main() -> int:
    print(f"{'nodes':>7s} {'edges':>7s} {'file MB':>8s} {'export s':>9s} {'load s':>7s}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (100, 1_000, 10_000):
            graph = graph_from_batch(synthetic(size))
            page = Path(tmp) / f"g{size}.html"
            started = time.perf_counter()
            export_graph(graph, page, "html")
            exported = time.perf_counter() - started
            load = _load_seconds(page, Path(tmp)) if CHROMIUM else float("nan")
            print(
                f"{graph.number_of_nodes():7,d} {graph.number_of_edges():7,d} "
                f"{page.stat().st_size / 1e6:8.2f} {exported:9.2f} {load:7.2f}"
            )
    if not CHROMIUM:
        print("(load times need Debian's chromium)")
    return 0


def _load_seconds(page: Path, tmp: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            CHROMIUM or "chromium",
            *FLAGS,
            f"--user-data-dir={tmp / 'profile'}",
            "--dump-dom",
            "--virtual-time-budget=5000",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
