"""Crash consistency: ``claimgraph ingest`` killed with SIGKILL at random moments, then rerun.

For each seed an ingest of a synthetic corpus is started and, at a moment
drawn from the seed, the ingest process, the embedded database server it
uses, or both are killed with SIGKILL. Even seeds aim at the first seconds
(interpreter start, lock file, server start-up, model loading), odd seeds
at any moment of the whole run including its shutdown. The ingest is then
run again to completion, and the graph must equal that of one clean run:
the same counts by label and type, the same node ids and properties, the
same relationships, no duplicate ids, no relationship without both ends.

After every kill the lock file must be free at once (the kernel drops a
dead holder's ``flock``; no stale lock blocks the next run), and the
rerun must need no clean-up by hand.

``make test`` runs two seeds over 200 documents, and one kill of the client
and one of the server in the middle of writing them. The slow version
(``pytest -m slow tests/reliability/test_crash.py``) runs 20 seeds over 1,000
documents, and 10 seeds for each of the client and the server killed while a
200-document ingest is writing (issue 17.4).
"""

from __future__ import annotations

import fcntl
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from reliability_support import (
    GraphSnapshot,
    claimgraph,
    kill_server,
    server_pid,
    servers_of,
    snapshot,
    wait_gone,
    write_corpus,
)

#: What a seed kills: the CLI process, the database server, or both.
TARGETS = ("client", "server", "both")
#: The first seconds of a run, which even seeds aim at.
START_UP_SECONDS = 3.0
#: Bytes in the append-only log once the ingest has written its first batches.
WRITING_BYTES = 16_384


@dataclass
class Reference:
    """A corpus, its clean ingest and how long that took."""

    corpus: Path
    graph: GraphSnapshot
    seconds: float


def _reference(folder: Path, documents: int) -> Reference:
    corpus = folder / "corpus"
    write_corpus(corpus, documents)
    started = time.monotonic()
    run = _ingest(corpus, folder / "clean.db")
    _, err = run.communicate(timeout=900)
    seconds = time.monotonic() - started
    assert run.returncode == 0, err
    graph = snapshot(folder / "clean.db")
    assert graph.labels["Document"] == documents
    assert graph.labels["Claim"] > documents
    return Reference(corpus, graph, seconds)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    return _reference(tmp_path_factory.mktemp("small"), 200)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    return _reference(tmp_path_factory.mktemp("large"), 1000)


@pytest.mark.parametrize("seed", [1, 2])
def test_killed_ingest_reruns_to_the_clean_graph(
    small: Reference, tmp_path: Path, seed: int
) -> None:
    _kill_and_rerun(small, tmp_path / "crashed.db", seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(20))
def test_killed_ingest_of_1000_documents_reruns_to_the_clean_graph(
    large: Reference, tmp_path: Path, seed: int
) -> None:
    _kill_and_rerun(large, tmp_path / "crashed.db", seed)


@pytest.mark.parametrize("target", ["client", "server"])
def test_killed_while_writing_reruns_to_the_clean_graph(
    small: Reference, tmp_path: Path, target: str
) -> None:
    _kill_while_writing(small, tmp_path / "crashed.db", 1, target)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("target", ["client", "server"])
def test_killed_while_writing_200_documents_reruns_to_the_clean_graph(
    small: Reference, tmp_path: Path, target: str, seed: int
) -> None:
    _kill_while_writing(small, tmp_path / "crashed.db", 100 + seed, target)


#: Kills a process at the moment it would record the server it has just started.
_KILLED_BEFORE_THE_SERVER_IS_RECORDED = """
import os, signal, sys
from claimgraph.graph.backends import embedded, redis_server
redis_server.record_server = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
embedded.EmbeddedStore(db=sys.argv[1])
"""


def test_a_server_started_but_never_recorded_is_stopped(tmp_path: Path) -> None:
    # Killed in the window between the server's start and its record, the
    # starter leaves a server no one knows of, with the append-only log open.
    db = tmp_path / "g.db"
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_BEFORE_THE_SERVER_IS_RECORDED, str(db)], timeout=120
    )
    assert killed.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 60
    while not (orphans := servers_of(db)) and time.monotonic() < deadline:
        time.sleep(0.05)  # the orphan opens the log once it has started
    assert len(orphans) == 1
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 5)
    run = _ingest(corpus, db)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    for pid in orphans:
        wait_gone(pid)
    assert servers_of(db) == []
    assert snapshot(db).labels["Document"] == 5


def test_parser_workers_exit_with_a_killed_ingest(tmp_path: Path) -> None:
    run, db, workers = _ingest_with_workers(tmp_path)
    os.kill(run.pid, signal.SIGKILL)
    for worker in workers:
        wait_gone(worker.pid)
    run.communicate(timeout=60)
    kill_server(db)


def test_an_ingest_that_loses_its_server_stops_its_workers_and_exits(tmp_path: Path) -> None:
    # The error must end the run: workers blocked on their pipes kept it alive for ever.
    run, db, workers = _ingest_with_workers(tmp_path)
    assert kill_server(db)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 1
    assert "lost the connection to the embedded database" in err
    assert "Traceback" not in err
    for worker in workers:
        wait_gone(worker.pid)


def _ingest_with_workers(
    tmp_path: Path, count: int = 2
) -> tuple[subprocess.Popen[str], Path, list[psutil.Process]]:
    """Start an ingest with ``count`` parser workers; return it once they run."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 200)
    db = tmp_path / "g.db"
    run = _ingest(corpus, db, n_process=count)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None:
        workers = psutil.Process(run.pid).children(recursive=True)
        if len(workers) >= count:
            return run, db, workers
        time.sleep(0.1)
    pytest.fail("the ingest started no worker processes")


def _kill_while_writing(reference: Reference, db: Path, seed: int, target: str) -> None:
    """Kill ``target`` at a seeded moment after the ingest's first writes, before its end."""
    rng = random.Random(seed)
    run = _ingest(reference.corpus, db)
    started = time.monotonic()
    _wait_for_writes(run, db)
    writing = time.monotonic() - started
    # The moment: anywhere in what remains of a clean run's length, most of it writing.
    delay = rng.uniform(0, max(reference.seconds - writing, 1.0) * 0.8)
    killed = _kill_at(run, db, delay, target)
    print(
        f"seed {seed}: {writing + delay:.2f} s into the run (writes from {writing:.2f} s), "
        f"killed {killed}"
    )
    assert killed.startswith(target), f"the ingest was not killed while writing: {killed}"
    _rerun_to(reference, db)


def _wait_for_writes(run: subprocess.Popen[str], db: Path) -> None:
    """Return once ``run`` has written its first batches to the append-only log of ``db``."""
    log_dir = db.with_name(db.name + ".aof")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and run.poll() is None:
        try:
            written = sum(f.stat().st_size for f in log_dir.iterdir())
        except OSError:
            written = 0
        if written > WRITING_BYTES:
            return
        time.sleep(0.02)
    pytest.fail(f"the ingest wrote nothing to {log_dir} (exit code {run.poll()})")


def _assert_no_stale_lock(db: Path) -> None:
    """Fail unless the lock of ``db`` can be taken at once: a dead holder leaves none."""
    lock = db.with_name(db.name + ".lock")
    if not lock.exists():
        return
    with lock.open("a") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pytest.fail(f"{lock} is still locked after the ingest was killed")
        fcntl.flock(file, fcntl.LOCK_UN)


def _kill_and_rerun(reference: Reference, db: Path, seed: int) -> None:
    rng = random.Random(seed)
    target = TARGETS[seed % len(TARGETS)]
    window = START_UP_SECONDS if seed % 2 == 0 else reference.seconds
    delay = rng.uniform(0, window)
    # Every fourth seed parses with worker processes, which must not outlive a killed parent.
    n_process = 2 if seed % 4 == 3 else 1
    run = _ingest(reference.corpus, db, n_process=n_process)
    killed = _kill_at(run, db, delay, target)
    print(f"seed {seed}: {delay:.2f} s into the run, killed {killed}")
    _rerun_to(reference, db)


def _rerun_to(reference: Reference, db: Path) -> None:
    """Run the ingest of ``reference`` again into ``db``; its graph must be the clean one."""
    _assert_no_stale_lock(db)
    rerun = _ingest(reference.corpus, db)
    _, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, f"the rerun failed after a kill: {err}"
    assert "Traceback" not in err
    assert server_pid(db) is None, "the rerun left its database server running"
    assert servers_of(db) == [], "a database server outlived every run"

    graph = snapshot(db)
    assert graph.duplicate_ids == []
    assert graph.dangling == 0
    assert graph.same_graph(reference.graph) == []


def _kill_at(run: subprocess.Popen[str], db: Path, delay: float, target: str) -> str:
    """Kill ``target`` ``delay`` seconds into ``run``; return what was killed."""
    time.sleep(delay)
    if run.poll() is not None:
        return "nothing (the run had finished)"
    workers = psutil.Process(run.pid).children(recursive=True)
    killed = []
    if target in ("server", "both") and kill_server(db):
        killed.append("server")
    if target in ("client", "both") or not killed:
        os.kill(run.pid, signal.SIGKILL)
        killed.append("client")
    for worker in workers:
        # Killed with their parent or not, the parser's workers must not outlive it.
        wait_gone(worker.pid)
    _, err = run.communicate(timeout=300)
    if "client" not in killed:
        # The CLI lost its server: it must say so in one line and stop.
        assert run.returncode == 1, err
        assert "Traceback" not in err
        assert "database" in err
    return " and ".join(killed) + (f" with {len(workers)} worker(s)" if workers else "")


def _ingest(corpus: Path, db: Path, n_process: int = 1) -> subprocess.Popen[str]:
    return claimgraph("ingest", corpus, "--db", db, "--n-process", str(n_process), "-q")
