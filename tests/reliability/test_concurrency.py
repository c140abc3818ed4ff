"""Concurrency: four ingests and four query loops on one embedded database at once.

Four ``claimgraph ingest`` processes read disjoint corpora into one database
while four loops run ``claimgraph query`` over and over on it. Every process
must exit 0 without a word on stderr, every reader must see the number of
documents only grow, and the final graph must equal a sequential ingest of
the same corpora into a fresh database.

``make test`` runs 4 x 25 documents; the slow version 4 x 250
(``pytest -m slow tests/reliability/test_concurrency.py``).
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path

import pytest
from reliability_support import claimgraph, servers_of, snapshot, write_corpus

INGESTS = 4
QUERY_LOOPS = 4
COUNT_DOCUMENTS = "MATCH (d:Document) RETURN count(d) AS documents"


def test_concurrent_ingests_and_queries_equal_a_sequential_ingest(tmp_path: Path) -> None:
    _concurrent_equals_sequential(tmp_path, documents=25)


@pytest.mark.slow
def test_concurrent_ingests_and_queries_of_1000_documents(tmp_path: Path) -> None:
    _concurrent_equals_sequential(tmp_path, documents=250)


def _concurrent_equals_sequential(tmp_path: Path, documents: int) -> None:
    corpora = [
        write_corpus(tmp_path / f"corpus-{n}", documents, first=n * documents)[0].parent
        for n in range(INGESTS)
    ]
    shared = tmp_path / "shared.db"
    ingests = [_ingest(corpus, shared) for corpus in corpora]
    # Queries only read: they wait for an ingest to create the database.
    deadline = time.monotonic() + 120
    while not shared.with_name("shared.db.settings").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    loops = [_QueryLoop(shared, ingests) for _ in range(QUERY_LOOPS)]
    for loop in loops:
        loop.start()
    for run in ingests:
        _, err = run.communicate(timeout=900)
        assert (run.returncode, err) == (0, "")
    for loop in loops:
        loop.join(timeout=300)
        assert loop.failures == []
        assert loop.seen == sorted(loop.seen), "a reader saw the graph shrink"
    print(f"{INGESTS} ingests and {sum(len(loop.seen) for loop in loops)} queries at once")
    assert servers_of(shared) == []

    sequential = tmp_path / "sequential.db"
    for corpus in corpora:
        run = _ingest(corpus, sequential)
        _, err = run.communicate(timeout=900)
        assert (run.returncode, err) == (0, "")
    together, apart = snapshot(shared), snapshot(sequential)
    assert together.labels["Document"] == INGESTS * documents
    assert together.duplicate_ids == []
    assert together.dangling == 0
    assert together.same_graph(apart) == []


class _QueryLoop(threading.Thread):
    """Run ``claimgraph query`` one process after another until every ingest has ended."""

    def __init__(self, db: Path, ingests: list[subprocess.Popen[str]]) -> None:
        super().__init__(daemon=True)
        self.db = db
        self.ingests = ingests
        self.seen: list[int] = []
        self.failures: list[str] = []

    def run(self) -> None:
        # At least two queries, so that one runs once the graph is complete.
        while any(run.poll() is None for run in self.ingests) or len(self.seen) < 2:
            query = claimgraph("query", COUNT_DOCUMENTS, "--db", self.db, "--format", "json")
            out, err = query.communicate(timeout=300)
            if query.returncode != 0 or err:
                self.failures.append(f"exit {query.returncode}: {err}")
                return
            self.seen.append(json.loads(out)[0]["documents"])


def _ingest(corpus: Path, db: Path) -> subprocess.Popen[str]:
    return claimgraph("ingest", corpus, "--db", db, "--n-process", "1", "-q")
