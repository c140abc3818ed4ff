"""A command stopped by a signal closes its store: no database server is left behind.

Issue 20.10: SIGTERM and SIGHUP (and ``timeout``) ended the command at once
and left the server running with the graph in memory, 8 runs out of 8.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.model import GraphBatch, Node

CLAIMGRAPH = str(Path(sys.executable).with_name("claimgraph"))
ARTICLE = "{name} said on Monday that the pension fund was safe, Khabar reported. Report {n}.\n"
NAMES = ["Karim Massimov", "Aigul Orynbek", "Muhtar Taizhan", "Madina Yerkin"]


def _database(tmp_path: Path) -> Path:
    db = tmp_path / "g.db"
    batch = GraphBatch()
    for i in range(3000):
        batch.add_node(Node("Actor", f"a-{i}", {"name": f"A {i}", "kind": "person"}))
    with EmbeddedStore(db=db) as store:
        store.write(batch)
    return db


def _wait_for_server(db: Path, run: subprocess.Popen[str], timeout: float = 120) -> int:
    """Return the pid of the server once ``run`` is connected to it."""
    settings = db.with_name(db.name + ".settings")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert run.poll() is None, run.communicate()
        try:
            record = json.loads(settings.read_text())
            if "changes_at_start" in record:  # the server is up and has loaded the graph
                time.sleep(1)  # let the command get to its work
                return int(record["pid"])
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    pytest.fail("the command never started the database server")


def _assert_gone(pid: int) -> None:
    try:
        process = psutil.Process(pid)
        process.wait(timeout=60)
    except psutil.NoSuchProcess:
        pass
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signalled_query_shuts_the_server_down(tmp_path: Path, signum: int) -> None:
    db = _database(tmp_path)
    run = subprocess.Popen(
        # A costly query holds the server until its timeout stops it; the
        # command, interrupted meanwhile, waits for that to shut the server down.
        [CLAIMGRAPH, "query", "MATCH (a), (b), (c) RETURN count(*)", "--timeout", "5"]
        + ["--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = _wait_for_server(db, run)
    run.send_signal(signum)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 1
    assert "Traceback" not in err
    _assert_gone(server)
    assert not db.with_name("g.db.settings").exists()
    with EmbeddedStore(db=db, read_only=True) as store:
        assert store.counts().labels["Actor"] == 3000


@pytest.mark.skipif(shutil.which("timeout") is None, reason="needs coreutils timeout")
def test_an_ingest_under_timeout_shuts_the_server_down(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(400):
        (corpus / f"a{n:04d}.txt").write_text(ARTICLE.format(name=NAMES[n % 4], n=n))
    db = tmp_path / "g.db"
    run = subprocess.Popen(
        ["timeout", "600", CLAIMGRAPH, "ingest", str(corpus), "--db", str(db), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = _wait_for_server(db, run)
    cli = next(
        p for p in psutil.Process(run.pid).children() if "claimgraph" in " ".join(p.cmdline())
    )
    os.kill(cli.pid, signal.SIGTERM)  # what timeout sends when its time is up
    _, err = run.communicate(timeout=120)
    assert run.returncode != 0
    assert "Traceback" not in err
    _assert_gone(server)
    assert not db.with_name("g.db.settings").exists()
    with EmbeddedStore(db=db, read_only=True) as store:
        documents = store.counts().labels.get("Document", 0)
    assert documents < 400  # it was stopped part-way, and what it wrote is there
