"""How the embedded store opens a path: what it refuses, what it never writes, what it recovers.

Issues 19.1, 19.3 and 19.x (read-only commands that destroyed a user's file
or created an empty database), 20.2 (a database file alone), 20.5 (a bad
server record), 20.12 (odd paths) and 20.13 (a truncated append-only log).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.errors import (
    DatabaseNotFoundError,
    NotADatabaseError,
    StoreUnavailableError,
)
from claimgraph.graph import open_store
from claimgraph.graph.backends import redis_server
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.model import GraphBatch, Node, Relationship

ARTICLE = "An article that must survive.\n"
TWEETS = "id,author,text\n1,@a,hello #world\n"


def _batch(prefix: str, n: int = 20) -> GraphBatch:
    batch = GraphBatch()
    batch.add_node(
        Node("Document", f"{prefix}-doc", {"kind": "article", "text": "x"}, ("Article",))
    )
    for i in range(n):
        actor = f"{prefix}-actor-{i}"
        batch.add_node(Node("Actor", actor, {"name": actor, "kind": "person"}, ("Person",)))
        batch.add_relationship(
            Relationship("MENTIONS", "Document", f"{prefix}-doc", "Actor", actor, {"count": i})
        )
    return batch


def _make_db(path: Path, n: int = 20) -> Path:
    with EmbeddedStore(db=path) as store:
        store.write(_batch("a", n))
    return path


def _fingerprint(folder: Path) -> dict[str, str]:
    """Return every file under ``folder`` (but the lock) with the hash of its content."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


# -- 19.1: a file that is not a database is never written ---------------------


@pytest.mark.parametrize(
    ("name", "content", "command"),
    [
        ("art.txt", ARTICLE, ["stats"]),
        ("tweets.csv", TWEETS, ["query", "--saved", "actors"]),
        ("tweets.csv", TWEETS, ["export", "--format", "json"]),
        ("art.txt", ARTICLE, ["query", "MATCH (n) RETURN count(n)"]),
    ],
)
def test_read_only_commands_leave_a_foreign_file_alone(
    tmp_path: Path, name: str, content: str, command: list[str]
) -> None:
    target = tmp_path / name
    target.write_text(content)
    code, output = _invoke(*command, "--db", target)
    assert code == 1
    assert "not a claimgraph database" in output
    assert len(output.strip().splitlines()) == 1
    assert target.read_text() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_writing_commands_refuse_a_foreign_file(tmp_path: Path) -> None:
    target = tmp_path / "art.txt"
    target.write_text(ARTICLE)
    source = _make_db(tmp_path / "source.db")
    trig = tmp_path / "g.trig"
    trig.write_text("<urn:a> <urn:b> <urn:c> .\n")
    for command in (
        ["import", trig, "--db", target],
        ["copy", "--from", "embedded", "--db", source, "--to", "embedded", "--to-db", target],
    ):
        code, output = _invoke(*command)
        assert code == 1, output
        assert "not a claimgraph database" in output
        assert target.read_text() == ARTICLE
    with pytest.raises(NotADatabaseError):
        EmbeddedStore(db=target)
    assert target.read_text() == ARTICLE


def test_an_empty_file_is_not_a_database(tmp_path: Path) -> None:
    target = tmp_path / "empty.db"
    target.touch()
    with pytest.raises(NotADatabaseError, match="--db"):
        EmbeddedStore(db=target)
    assert target.read_bytes() == b""


def test_a_read_only_open_changes_no_file(tmp_path: Path) -> None:
    db = _make_db(tmp_path / "g.db")
    before = _fingerprint(tmp_path)
    with open_store("embedded", db=db, read_only=True) as store:
        assert store.counts().labels["Actor"] == 20
    code, _ = _invoke("stats", "--db", db)
    assert code == 0
    assert _fingerprint(tmp_path) == before


def test_a_read_only_open_refuses_writes(tmp_path: Path) -> None:
    db = _make_db(tmp_path / "g.db")
    with EmbeddedStore(db=db, read_only=True) as store:
        with pytest.raises(Exception, match="read-only|--write"):
            store.query("CREATE (:Actor {id: 'x'})")
        assert store.counts().labels["Actor"] == 20


# -- 19.3 and 19.x: a missing or impossible path -----------------------------


def test_a_typo_in_db_is_no_such_database(tmp_path: Path) -> None:
    _make_db(tmp_path / "campaign.db")
    before = sorted(p.name for p in tmp_path.iterdir())
    for command in (["stats"], ["query", "MATCH (n) RETURN n"], ["export", "--format", "json"]):
        code, output = _invoke(*command, "--db", tmp_path / "campain.db")
        assert code == 1
        assert "no such database" in output
        assert "ingest" in output  # says how to create one
        assert len(output.strip().splitlines()) == 1
    with pytest.raises(DatabaseNotFoundError):
        open_store("embedded", db=tmp_path / "campain.db", read_only=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("path", ["/proc/x.db", "/proc/self/x.db", "/dev/null/x.db"])
def test_an_impossible_path_is_a_one_line_error(path: str) -> None:
    code, output = _invoke("stats", "--db", path)
    assert code == 1
    assert "no such database" in output
    assert "Traceback" not in output
    with pytest.raises(StoreUnavailableError):
        EmbeddedStore(db=path)


def test_an_unwritable_directory_is_a_one_line_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        target = "/proc/x.db"  # root writes anywhere but there
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = str(locked / "g.db")
    with pytest.raises(StoreUnavailableError, match="--db"):
        EmbeddedStore(db=target)


# -- 20.2: a database file alone --------------------------------------------


def test_a_database_file_alone_keeps_its_graph(tmp_path: Path) -> None:
    db = _make_db(tmp_path / "g.db")
    alone = tmp_path / "x" / "g.db"
    alone.parent.mkdir()
    shutil.copy(db, alone)
    snapshot = alone.read_bytes()
    with EmbeddedStore(db=alone, read_only=True) as store:
        assert store.counts().labels["Actor"] == 20
    assert alone.read_bytes() == snapshot
    assert not alone.with_name("g.db.aof").exists()
    with EmbeddedStore(db=alone) as store:
        assert store.counts().labels["Actor"] == 20
        store.write(_batch("b", 5))
    assert alone.with_name("g.db.aof").is_dir()
    with EmbeddedStore(db=alone) as store:
        assert store.counts().labels["Actor"] == 25
    # The log written from the snapshot now holds the graph on its own.
    alone.unlink()
    with EmbeddedStore(db=alone, read_only=True) as store:
        assert store.counts().labels["Actor"] == 25


def test_a_reader_then_a_writer_share_a_lone_file(tmp_path: Path) -> None:
    db = _make_db(tmp_path / "g.db")
    alone = tmp_path / "x" / "g.db"
    alone.parent.mkdir()
    shutil.copy(db, alone)
    with EmbeddedStore(db=alone, read_only=True) as reader:
        with EmbeddedStore(db=alone) as writer:  # attaches, and turns the log on
            writer.write(_batch("b", 5))
        assert reader.counts().labels["Actor"] == 25
    with EmbeddedStore(db=alone, read_only=True) as store:
        assert store.counts().labels["Actor"] == 25


# -- 20.5: the server's record ------------------------------------------------


@pytest.mark.parametrize("content", ["", "{", "null", '{"pidfile": 3}', "\x00\x00garbage"])
def test_a_bad_record_without_a_server_is_recovered(tmp_path: Path, content: str) -> None:
    db = _make_db(tmp_path / "g.db")
    settings = db.with_name("g.db.settings")
    settings.write_text(content)
    with EmbeddedStore(db=db) as store:
        assert store.counts().labels["Actor"] == 20
        assert json.loads(settings.read_text())["unixsocket"]
    assert not settings.exists()


@pytest.mark.parametrize("content", ["", "{garbled"])
def test_a_bad_record_of_a_running_server_is_rewritten(tmp_path: Path, content: str) -> None:
    db = _make_db(tmp_path / "g.db")
    with EmbeddedStore(db=db) as holder:
        pid = json.loads(holder.settings_file.read_text())["pid"]
        holder.settings_file.write_text(content)  # as a full disk left it
        with EmbeddedStore(db=db) as second:
            second.write(_batch("b", 5))
            assert json.loads(second.settings_file.read_text())["pid"] == pid
        assert holder.counts().labels["Actor"] == 25  # the holder's server was kept
    with EmbeddedStore(db=db) as store:
        assert store.counts().labels["Actor"] == 25


def test_the_record_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "g.db.settings"
    redis_server.record_server(settings, {"unixsocket": "/old"})

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        redis_server.record_server(settings, {"unixsocket": "/new"})
    assert json.loads(settings.read_text()) == {"unixsocket": "/old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.db.settings"]


def test_a_full_disk_when_recording_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _make_db(tmp_path / "g.db")

    def full_disk(settings_file: Path, record: dict[str, object]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(redis_server, "record_server", full_disk)
    with pytest.raises(StoreUnavailableError, match="disk space"):
        EmbeddedStore(db=db)
    monkeypatch.undo()
    assert not db.with_name("g.db.settings").exists()
    with EmbeddedStore(db=db) as store:  # no server was left behind holding the log
        assert store.counts().labels["Actor"] == 20


# -- 20.12: odd paths ---------------------------------------------------------

ODD_NAMES = ["with space", "new\nline", "back\\slash", "it's", 'dq"uote', "ünï cödé", "-dash"]


@pytest.mark.parametrize("odd", ODD_NAMES)
def test_an_odd_directory_works(tmp_path: Path, odd: str) -> None:
    db = tmp_path / odd / "g.db"
    db.parent.mkdir()
    _make_db(db)
    with EmbeddedStore(db=db, read_only=True) as store:
        assert store.counts().labels["Actor"] == 20


@pytest.mark.parametrize("odd", [n for n in ODD_NAMES if "\\" not in n])
def test_an_odd_file_name_works(tmp_path: Path, odd: str) -> None:
    db = tmp_path / f"{odd}.db"
    _make_db(db)
    assert db.is_file()
    with EmbeddedStore(db=db, read_only=True) as store:
        assert store.counts().labels["Actor"] == 20


def test_a_backslash_in_the_file_name_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError, match="backslash"):
        EmbeddedStore(db=tmp_path / "back\\slash.db")
    assert list(tmp_path.iterdir()) == []


# -- 20.13: a truncated append-only log ---------------------------------------


def test_a_truncated_log_loads_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "g.db"
    with EmbeddedStore(db=db) as store:
        store.write(_batch("a", 20))
        holder_pid = json.loads(store.settings_file.read_text())["pid"]
        os.kill(holder_pid, 9)  # no clean shutdown: the log is the only copy
        store._db = None
    db.unlink(missing_ok=True)
    (incr,) = db.with_name("g.db.aof").glob("*.incr.aof")
    with incr.open("ab") as log:
        log.write(b"*3\r\n$11\r\nGRAPH.QUERY\r\n$10\r\nclaimgra")  # a command cut short
    with caplog.at_level(logging.WARNING, logger="claimgraph"), EmbeddedStore(db=db) as store:
        assert store.counts().labels["Actor"] == 20
    assert any("half-written" in r.getMessage() for r in caplog.records)


def test_ingest_and_stats_through_an_odd_path(tmp_path: Path) -> None:
    folder = tmp_path / "it's a\\new\nfolder"
    folder.mkdir()
    db = folder / "my 'campaign'.db"
    article = tmp_path / "a.txt"
    article.write_text("Karim Massimov said the economy will recover soon, Reuters reported.\n")
    code, output = _invoke("ingest", article, "--db", db, "-q")
    assert code == 0, output
    code, output = _invoke("stats", "--db", db, "--format", "json")
    assert code == 0, output
    assert json.loads(output)["labels"]["Document"] == 1


# -- a big incremental log is rewritten at close, so the next open loads, not replays --


def _incremental_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.with_name(db.name + ".aof").glob("*.incr.aof"))


def test_closing_rewrites_a_big_log_and_the_graph_reopens_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "g.db"
    _make_db(db, n=50)
    grown = _incremental_bytes(db)
    assert grown > 0  # a small log is left alone
    monkeypatch.setattr(redis_server, "COMPACT_LOG_BYTES", 0)
    with EmbeddedStore(db=db) as store:
        store.write(_batch("b", 30))
    assert _incremental_bytes(db) < grown  # the writes moved into the log's snapshot
    db.unlink()  # the log alone holds the graph
    with EmbeddedStore(db=db, read_only=True) as store:
        counts = store.counts()
    assert counts.labels["Actor"] == 80
    assert counts.relationships["MENTIONS"] == 80


def test_a_session_that_only_read_rewrites_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _make_db(tmp_path / "g.db")
    monkeypatch.setattr(redis_server, "COMPACT_LOG_BYTES", 0)
    before = _fingerprint(tmp_path)
    with EmbeddedStore(db=db) as store:
        assert store.counts().labels["Actor"] == 20
    assert _fingerprint(tmp_path) == before
