"""The embedded store under load: a big graph to reopen, a costly read beside a writer.

Issue 20.1: a database that took longer to load than a fixed 5-10 s timeout
could not be reopened. Issue 20.4: one cartesian-product read failed every
client after 93 s and kept the server busy for minutes.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

import psutil
import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.errors import QueryTimeoutError
from claimgraph.graph.backends import redis_server
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.model import GraphBatch, Node


def _actors(prefix: str, n: int) -> GraphBatch:
    batch = GraphBatch()
    for i in range(n):
        batch.add_node(Node("Actor", f"{prefix}-{i}", {"name": f"{prefix} {i}", "kind": "person"}))
    return batch


def _slow_loading(monkeypatch: pytest.MonkeyPatch, delay_us: int) -> None:
    """Make the server stall ``delay_us`` on every key it loads, and probes give up fast."""
    config = EmbeddedStore.server_config

    def slow(self: EmbeddedStore) -> dict[str, str]:
        return {**config(self), "key-load-delay": str(delay_us)}

    monkeypatch.setattr(EmbeddedStore, "server_config", slow)
    monkeypatch.setattr(redis_server, "PROBE_SECONDS", 0.2)
    monkeypatch.setattr(redis_server, "PROGRESS_SECONDS", 0.0)


def _server_pid(store: EmbeddedStore) -> int:
    return int(json.loads(store.settings_file.read_text())["pid"])


@pytest.mark.parametrize("kept_in", ["snapshot", "log"])
def test_a_server_slower_to_load_than_a_probe_is_waited_for(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    kept_in: str,
) -> None:
    db = tmp_path / "g.db"
    with EmbeddedStore(db=db) as store:
        store.write(_actors("a", 300))
        if kept_in == "log":  # the graph goes into the log's snapshot part
            store._db.client.bgrewriteaof()  # type: ignore[union-attr]
            while store._db.client.info("persistence")["aof_rewrite_in_progress"]:  # type: ignore[union-attr]
                pass
    if kept_in == "snapshot":
        for part in db.with_name("g.db.aof").iterdir():
            part.unlink()
        db.with_name("g.db.aof").rmdir()
    _slow_loading(monkeypatch, delay_us=1_500_000)  # the server answers nothing for 1.5 s
    with (
        caplog.at_level(logging.WARNING, logger="claimgraph"),
        EmbeddedStore(db=db, read_only=True) as store,
    ):
        assert store.counts().labels["Actor"] == 300
    assert any("database" in r.getMessage() for r in caplog.records)


@pytest.mark.slow
def test_a_big_graph_reopens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "big.db"
    with EmbeddedStore(db=db) as store:
        store.query(
            "UNWIND range(1, 400000) AS i CREATE (:Account {id: toString(i), handle: 'h' + i})",
            write=True,
        )
        store.query(
            "MATCH (a:Account) WITH a, toInteger(a.id) AS i "
            "MATCH (b:Account {id: toString((i * 7919) % 400000 + 1)}) "
            "CREATE (a)-[:FOLLOWS]->(b), (b)-[:REPLIED_TO]->(a)",
            write=True,
        )
        counts = store.counts()
    assert counts.labels["Account"] == 400000
    monkeypatch.setattr(redis_server, "PROBE_SECONDS", 0.05)
    for _ in range(2):  # from the log, then from the log again after a clean close
        with EmbeddedStore(db=db, read_only=True) as store:
            assert store.counts() == counts


def _cartesian(db: Path, timeout: float, errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        with EmbeddedStore(db=db, read_only=True, timeout=timeout) as reader:
            try:
                reader.query("MATCH (a), (b), (c) RETURN count(*)")
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_costly_read_is_stopped_and_a_writer_behind_it_is_not(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    with EmbeddedStore(db=db) as store:
        store.write(_actors("a", 3000))
    writer = EmbeddedStore(db=db)
    try:
        errors: list[BaseException] = []
        reader = _cartesian(db, timeout=1.0, errors=errors)
        stats = writer.write(_actors("b", 200))  # queued behind the read, or beside it
        with EmbeddedStore(db=db, read_only=True, timeout=30) as other:
            assert other.counts().labels["Actor"] >= 3000
        reader.join(timeout=120)
        assert not reader.is_alive()
        assert len(errors) == 1 and isinstance(errors[0], QueryTimeoutError)
        assert "--timeout" in str(errors[0])
        assert stats.nodes_created == 200
        assert writer.counts().labels["Actor"] == 3200
        server = _server_pid(writer)
    finally:
        writer.close()
    psutil.Process(server).wait(timeout=60) if psutil.pid_exists(server) else None
    assert not psutil.pid_exists(server) or psutil.Process(server).status() == psutil.STATUS_ZOMBIE


def test_query_timeout_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    with EmbeddedStore(db=db) as store:
        store.write(_actors("a", 3000))
    runner = CliRunner()
    result = runner.invoke(
        cli, ["query", "MATCH (a), (b), (c) RETURN count(*)", "--timeout", "0.5", "--db", str(db)]
    )
    assert result.exit_code == 1
    assert "--timeout" in result.output
    assert len(result.output.strip().splitlines()) == 1
    result = runner.invoke(cli, ["stats", "--timeout", "5", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["labels"]["Actor"] == 3000


def test_no_timeout_means_no_limit(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    with EmbeddedStore(db=db) as store:
        store.write(_actors("a", 50))
    for limit in (None, 0):
        with EmbeddedStore(db=db, read_only=True, timeout=limit) as store:
            rows: Any = store.query("MATCH (a), (b) RETURN count(*)").rows
            assert rows == [[2500]]
