"""Fixtures shared across the test suite: a small sample graph in a real embedded store,
and a real Neo4j Community server started once per session.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

from claimgraph.graph import GraphStore
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.model import GraphBatch, Node, Relationship

HASHTAG = "25летнезависимости"
ARTICLE = "doc-article"


def sample_graph() -> GraphBatch:
    """Return a small graph after the Massimov hashtag story: one article and three posts."""
    batch = GraphBatch()
    _actors(batch)
    _accounts(batch)
    _documents(batch)
    _claims(batch)
    return batch


def _actors(batch: GraphBatch) -> None:
    actors = [
        ("karim-massimov", "Karim Massimov", "person", ["Massimov", "Карим Масимов"]),
        ("khabar", "Khabar", "outlet", ["Khabar Agency"]),
        ("muhtar-taizhan", "Muhtar Taizhan", "person", ["Taizhan"]),
        ("aigul-orynbek", "Aigul Orynbek", "person", []),
        ("radio-azattyk", "Radio Azattyk", "outlet", ["RFE/RL's Kazakhstan service"]),
    ]
    for actor_id, name, kind, aliases in actors:
        extra = "Person" if kind == "person" else "Outlet"
        props = {"name": name, "kind": kind, "aliases": aliases}
        batch.add_node(Node("Actor", actor_id, props, (extra,)))
    batch.add_node(Node("Hashtag", HASHTAG, {"tag": HASHTAG}))


def _accounts(batch: GraphBatch) -> None:
    for handle, display_name in [
        ("AlmiriKarpykov", "Almiri Karpykov"),
        ("samsonino", None),
        ("Massimov_Karim", "Karim Massimov (PM)"),
    ]:
        props = {"platform": "twitter", "handle": handle, "display_name": display_name}
        batch.add_node(Node("Account", f"twitter:{handle.lower()}", props))
    _rel(batch, "OPERATES", "Actor", "karim-massimov", "Account", "twitter:massimov_karim")


def _documents(batch: GraphBatch) -> None:
    batch.add_node(
        Node(
            "Document",
            ARTICLE,
            {
                "kind": "article",
                "title": "Kazakhstani PM Karim Massimov's Hashtag PR Campaign Backfires",
                "url": "https://example.org/massimov-hashtag",
                "source": "examples/massimov.txt",
                "published_at": "2016-08-12T00:00:00Z",
            },
            ("Article",),
        )
    )
    posts = [
        ("twitter:1001", "almirikarpykov"),
        ("twitter:1002", "samsonino"),
        ("twitter:1000", "massimov_karim"),
    ]
    for number, (post_id, author) in enumerate(posts):
        batch.add_node(
            Node(
                "Document",
                post_id,
                {
                    "kind": "post",
                    "source": "posts.jsonl",
                    "published_at": f"2016-08-1{number}T09:00:00Z",
                },
                ("Post",),
            )
        )
        _rel(batch, "POSTED", "Account", f"twitter:{author}", "Document", post_id)
        _rel(batch, "TAGGED", "Document", post_id, "Hashtag", HASHTAG)
    _rel(batch, "TAGGED", "Document", ARTICLE, "Hashtag", HASHTAG)
    for target, count in [
        ("karim-massimov", 6),
        ("khabar", 3),
        ("muhtar-taizhan", 2),
        ("aigul-orynbek", 1),
        ("radio-azattyk", 1),
    ]:
        _rel(batch, "MENTIONS", "Document", ARTICLE, "Actor", target, count=count)
    _rel(batch, "MENTIONS", "Document", ARTICLE, "Account", "twitter:almirikarpykov", count=1)
    _rel(batch, "MENTIONS", "Document", "twitter:1001", "Actor", "karim-massimov", count=1)
    _rel(
        batch, "MENTIONS", "Document", "twitter:1002", "Account", "twitter:massimov_karim", count=1
    )


def _claims(batch: GraphBatch) -> None:
    claims = [
        (
            "c-taizhan",
            "Actor",
            "muhtar-taizhan",
            ARTICLE,
            "direct",
            "wrote",
            10,
            "For the 10 years of [Karim Massimov's] premiership, the country's debts have grown",
            [("Actor", "karim-massimov")],
        ),
        (
            "c-orynbek",
            "Actor",
            "aigul-orynbek",
            ARTICLE,
            "direct",
            "told",
            5,
            "Kazakhstan is not currently in the position to be listing its achievements.",
            [("Actor", "karim-massimov")],
        ),
        (
            "c-khabar",
            "Actor",
            "khabar",
            ARTICLE,
            "direct",
            "read",
            1,
            "Did you know that Kazakhstan belongs to 70 international organizations?",
            [("Hashtag", HASHTAG)],
        ),
        (
            "c-almiri",
            "Account",
            "twitter:almirikarpykov",
            "twitter:1001",
            "post",
            None,
            0,
            "Our national currency embarked on a bright path of devaluation",
            [("Hashtag", HASHTAG)],
        ),
        (
            "c-samsonino",
            "Account",
            "twitter:samsonino",
            "twitter:1002",
            "post",
            None,
            0,
            "almost 5 million people have emigrated from Kazakhstan",
            [("Hashtag", HASHTAG), ("Account", "twitter:massimov_karim")],
        ),
        (
            "c-massimov",
            "Account",
            "twitter:massimov_karim",
            "twitter:1000",
            "post",
            None,
            0,
            "Share the achievements of our 25 years",
            [("Hashtag", HASHTAG)],
        ),
    ]
    for claim, speaker_label, speaker, document, kind, cue, start, text, about in claims:
        props = {"text": text, "kind": kind, "cue": cue, "start": start, "end": start + len(text)}
        batch.add_node(Node("Claim", claim, props))
        _rel(batch, "SAID", speaker_label, speaker, "Claim", claim)
        _rel(batch, "REPORTED_IN", "Claim", claim, "Document", document)
        for label, target in about:
            _rel(batch, "ABOUT", "Claim", claim, label, target)
    _rel(batch, "TOLD_TO", "Claim", "c-orynbek", "Actor", "radio-azattyk")


def _rel(
    batch: GraphBatch,
    rel_type: str,
    start_label: str,
    start: str,
    end_label: str,
    end: str,
    **props: object,
) -> None:
    batch.add_relationship(Relationship(rel_type, start_label, start, end_label, end, dict(props)))


@pytest.fixture
def sample_batch() -> GraphBatch:
    """Return a fresh copy of :func:`sample_graph`."""
    return sample_graph()


@pytest.fixture(scope="session")
def make_sample_graph() -> Callable[[], GraphBatch]:
    """Return :func:`sample_graph`, for fixtures wider than one test."""
    return sample_graph


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """Yield an open store holding :func:`sample_graph`, closed at the end of the session.

    Tests must not write to it; use ``fresh_store`` for that. While it is open,
    every CLI invocation on ``sample_db`` attaches to its running server
    instead of starting one.
    """
    store = EmbeddedStore(db=tmp_path_factory.mktemp("sample") / "sample.db")
    try:
        store.write(sample_graph())
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def sample_db(sample_store: EmbeddedStore) -> Path:
    """Return the database file of ``sample_store``, for ``--db``."""
    return sample_store.path


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """Yield an open store of the test's own holding :func:`sample_graph`, free to write to."""
    store = EmbeddedStore(db=tmp_path / "t.db")
    try:
        store.write(sample_graph())
        yield store
    finally:
        store.close()


# -- a real Neo4j server -------------------------------------------------------

#: Password of the server started with authentication on.
NEO4J_PASSWORD = "claimgraph-test-password"


def _server_module() -> ModuleType:
    # Loaded by path: a package directory named tests/neo4j must not shadow the driver.
    path = Path(__file__).parent / "neo4j" / "server.py"
    spec = importlib.util.spec_from_file_location("claimgraph_test_neo4j_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def _neo4j_server(home: Path, *, auth: bool, gds: bool = True) -> Iterator[str]:
    server_module = _server_module()
    server = server_module.Neo4jServer(home, auth=auth, gds=gds)
    try:
        yield server.start()
    except server_module.ServerError as exc:
        pytest.fail(str(exc))
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Yield the Bolt URI of a Neo4j Community server (no authentication), stopped at the end.

    The server runs from the jars ``tests/neo4j/fetch.sh`` copies from Maven
    Central, in a fresh home directory, listening on a free loopback port,
    with the Graph Data Science plugin.
    """
    with _neo4j_server(tmp_path_factory.mktemp("neo4j"), auth=False) as uri:
        yield uri


@pytest.fixture(scope="session")
def neo4j_auth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Yield the URI and the password of user neo4j on a second server, with authentication on.

    Started only by the tests that ask for it. It has no Graph Data Science
    plugin, so it also stands for a server without one.
    """
    with _neo4j_server(tmp_path_factory.mktemp("neo4j-auth"), auth=True, gds=False) as uri:
        import neo4j

        # A new server's neo4j/neo4j must change its password before anything else.
        with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "neo4j")) as driver:
            driver.execute_query(
                "ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO $new",
                new=NEO4J_PASSWORD,
                database_="system",
            )
        yield uri, NEO4J_PASSWORD


@pytest.fixture
def neo4j_store(neo4j_uri: str) -> Iterator[GraphStore]:
    """Yield a store on the session's Neo4j server, emptied first."""
    from claimgraph.graph.backends.neo4j import Neo4jStore

    store = Neo4jStore(uri=neo4j_uri)
    try:
        store.query("MATCH (n) DETACH DELETE n", write=True)
        yield store
    finally:
        store.close()
