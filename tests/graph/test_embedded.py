"""The embedded FalkorDBLite store: idempotent batched writes, safety, durability, sharing."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from claimgraph.errors import (
    QueryParameterError,
    QuerySyntaxError,
    ReadOnlyQueryError,
    StoreUnavailableError,
    UnknownStoreError,
)
from claimgraph.graph import open_store
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.model import GraphBatch, Node, Relationship


def _batch(prefix: str, n: int = 50) -> GraphBatch:
    batch = GraphBatch()
    batch.add_node(
        Node("Document", f"{prefix}-doc", {"kind": "article", "text": "x"}, ("Article",))
    )
    for i in range(n):
        actor = f"{prefix}-actor-{i}"
        batch.add_node(
            Node(
                "Actor",
                actor,
                {"name": actor, "kind": "person", "aliases": [actor.upper()]},
                ("Person",),
            )
        )
        batch.add_relationship(
            Relationship("MENTIONS", "Document", f"{prefix}-doc", "Actor", actor, {"count": i})
        )
    return batch


@pytest.fixture
def store(tmp_path: Path):
    with EmbeddedStore(db=tmp_path / "g.db") as opened:
        yield opened


def test_writes_are_idempotent(store: EmbeddedStore) -> None:
    first = store.write(_batch("a"))
    counts = store.counts()
    second = store.write(_batch("a"))
    assert (first.nodes_created, first.relationships_created) == (51, 50)
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert store.counts() == counts
    assert counts.labels == {"Actor": 50, "Article": 1, "Document": 1, "Person": 50}
    assert counts.relationships == {"MENTIONS": 50}


def test_list_properties_are_unioned(store: EmbeddedStore) -> None:
    node = Node("Actor", "karim-massimov", {"name": "Karim Massimov", "aliases": ["Massimov"]})
    store.write(GraphBatch(nodes={("Actor", node.id): node}))
    node = Node("Actor", "karim-massimov", {"aliases": ["Масимов", "Massimov"]})
    store.write(GraphBatch(nodes={("Actor", node.id): node}))
    rows = store.query("MATCH (a:Actor) RETURN a.name, a.aliases").rows
    assert rows[0][0] == "Karim Massimov"
    assert sorted(rows[0][1]) == ["Massimov", "Масимов"]


def test_every_label_has_an_id_index(store: EmbeddedStore) -> None:
    rows = store.query("CALL db.indexes() YIELD label, properties RETURN label, properties").rows
    indexed = {label for label, props in rows if "id" in props}
    assert {"Document", "Actor", "Account", "Claim", "Hashtag", "Url", "Cluster"} <= indexed


def test_claims_texts_have_a_full_text_index(store: EmbeddedStore) -> None:
    claim = Node("Claim", "c", {"text": "Kazakhstan is not ready"})
    store.write(GraphBatch(nodes={("Claim", "c"): claim}))
    query = "CALL db.idx.fulltext.queryNodes('Claim', $words) YIELD node RETURN node.id"
    assert store.query(query, {"words": "KAZAKH* is not"}).rows == [["c"]]  # no stopwords


def test_queries_are_read_only_unless_asked(store: EmbeddedStore) -> None:
    with pytest.raises(ReadOnlyQueryError, match="--write"):
        store.query("CREATE (:Actor {id: 'x'})")
    store.query("CREATE (:Actor {id: 'x'})", write=True)
    assert store.counts().labels["Actor"] == 1


def test_syntax_error_names_the_position(store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        store.query("MATCH (n RETURN n")
    assert info.value.position == 9
    assert "line 1, column 10" in str(info.value)
    assert "^" in str(info.value)


def test_missing_parameter_says_how_to_pass_it(store: EmbeddedStore) -> None:
    with pytest.raises(QueryParameterError, match="--param"):
        store.query("MATCH (n) WHERE n.id = $missing RETURN n")


def test_parameters_inject_nothing(store: EmbeddedStore) -> None:
    store.write(_batch("a", 3))
    before = store.counts()
    evil = 'x"}) MATCH (n) DETACH DELETE n //\' \\" })'
    rows = store.query("MATCH (a:Actor) WHERE a.name = $name RETURN count(a)", {"name": evil}).rows
    echoed = store.query("RETURN $name AS v", {"name": evil}).rows
    assert rows == [[0]]
    assert echoed == [[evil]]
    assert store.counts() == before


def test_unknown_store_says_which_exist() -> None:
    with pytest.raises(UnknownStoreError, match="embedded"):
        open_store("postgres")


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError, match="does not exist"):
        EmbeddedStore(db=tmp_path / "nope" / "g.db")


def test_server_listens_only_on_an_owner_only_unix_socket(store: EmbeddedStore) -> None:
    settings = json.loads(store.settings_file.read_text())
    socket_dir = Path(settings["unixsocket"]).parent
    assert stat.S_IMODE(socket_dir.stat().st_mode) == 0o700
    config = (socket_dir / "redis.config").read_text()
    assert "port 0" in config.splitlines()
    assert "appendfsync always" in config.splitlines()


_WRITER = textwrap.dedent(
    """
    import sys, time
    from claimgraph.graph.backends.embedded import EmbeddedStore
    sys.path.insert(0, {tests!r})
    from test_embedded import _batch
    store = EmbeddedStore(db={db!r})
    store.write(_batch({prefix!r}, {n}))
    print("written", flush=True)
    time.sleep({sleep})
    store.close()
    """
)


def _writer(db: Path, prefix: str, n: int = 50, sleep: float = 0) -> subprocess.Popen[str]:
    code = _WRITER.format(
        tests=str(Path(__file__).parent), db=str(db), prefix=prefix, n=n, sleep=sleep
    )
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def test_acknowledged_writes_survive_kill_9_of_every_process(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    writer = _writer(db, "a", n=200, sleep=300)
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "written"
        settings = json.loads(db.with_name("g.db.settings").read_text())
        server_pid = int(Path(settings["pidfile"]).read_text())
        os.kill(writer.pid, signal.SIGKILL)
        os.kill(server_pid, signal.SIGKILL)
        writer.wait(10)
        _wait_gone(server_pid)
    finally:
        writer.kill()
    with EmbeddedStore(db=db) as store:
        counts = store.counts()
    assert counts.labels["Actor"] == 200
    assert counts.relationships["MENTIONS"] == 200


def test_processes_share_one_database(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    writers = [_writer(db, prefix) for prefix in ("a", "b", "c", "d")]
    for writer in writers:
        assert writer.wait(120) == 0
    with EmbeddedStore(db=db) as store:
        counts = store.counts()
    assert counts.labels["Actor"] == 200
    assert counts.labels["Document"] == 4
    assert counts.relationships["MENTIONS"] == 200


def _wait_gone(pid: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
