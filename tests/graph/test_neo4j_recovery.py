"""A Neo4j server killed in the middle of an ingest loses nothing that re-running cannot restore.

The server is killed with SIGKILL while ``claimgraph ingest`` writes to it,
started again on the same data, and the ingest run again: the graph must be
the same as one clean, uninterrupted run gives.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimgraph.graph import GraphStore, open_store

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "examples" / "massimov-hashtag-backfires.txt"
DUMP = (
    "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) "
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, "
    "type(r) AS type, m.id AS end, properties(r) AS rel_props"
)

pytestmark = pytest.mark.slow


def _server_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "claimgraph_test_neo4j_server", ROOT / "tests" / "neo4j" / "server.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(folder: Path, copies: int) -> Path:
    folder.mkdir()
    text = ARTICLE.read_text(encoding="utf-8")
    for i in range(copies):
        (folder / f"article-{i:03}.txt").write_text(f"{text}\nCopy {i} of the story.\n")
    return folder


def _ingest(corpus: Path, *store: str, env: dict[str, str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "claimgraph", "ingest", str(corpus), "--quiet", *store]
    return subprocess.Popen(
        command,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def _dump(store: GraphStore) -> list[str]:
    def canon(value: object) -> object:
        if isinstance(value, list):
            return sorted((canon(v) for v in value), key=repr)
        if isinstance(value, dict):
            return sorted((k, canon(v)) for k, v in value.items())
        return value

    return sorted(repr(canon(row)) for row in store.query(DUMP).rows)


def test_killing_the_server_mid_ingest_and_ingesting_again_gives_the_clean_graph(
    tmp_path: Path,
) -> None:
    corpus = _corpus(tmp_path / "corpus", copies=24)
    clean_db = tmp_path / "clean.db"
    clean = _ingest(corpus, "--store", "embedded", "--db", str(clean_db), env={})
    module = _server_module()
    server = module.Neo4jServer(tmp_path / "neo4j")
    try:
        env = {"CLAIMGRAPH_NEO4J_URI": server.start()}
        first = _ingest(corpus, "--store", "neo4j", env=env)
        with open_store("neo4j", uri=env["CLAIMGRAPH_NEO4J_URI"]) as store:
            deadline = time.monotonic() + 300
            while store.counts().labels.get("Document", 0) < 3:
                assert first.poll() is None, first.communicate()
                assert time.monotonic() < deadline, "the ingest wrote nothing"
                time.sleep(0.2)
        server.stop()  # SIGKILL, in the middle of the ingest
        server.start()
        # The first run may fail, or its driver's retries may carry it through
        # the restart; either way, running the ingest again must complete the graph.
        first.communicate(timeout=300)
        again = _ingest(corpus, "--store", "neo4j", env=env)
        _, err = again.communicate(timeout=600)
        assert again.returncode == 0, err
        assert clean.wait(600) == 0
        with (
            open_store("neo4j", uri=env["CLAIMGRAPH_NEO4J_URI"]) as store,
            open_store("embedded", db=clean_db) as reference,
        ):
            assert store.counts() == reference.counts()
            assert _dump(store) == _dump(reference)
            assert reference.counts().labels["Document"] == 24
    finally:
        server.stop()
