"""The neo4j store on a real Neo4j server: settings, constraints, transactions, clear errors.

What every store must do alike (counts, saved queries, read-only refusal,
parameters) is in ``test_conformance.py``; this file covers what only a
server store has.
"""

from __future__ import annotations

import pytest

from claimgraph.errors import (
    QueryError,
    QuerySyntaxError,
    StoreOptionError,
    StoreUnavailableError,
)
from claimgraph.graph import available_stores, open_store
from claimgraph.graph.backends.neo4j import Neo4jStore
from claimgraph.model import NODE_LABELS, GraphBatch, Node, Relationship


def test_neo4j_is_registered() -> None:
    assert "neo4j" in available_stores()


def test_settings_are_explicit_options(neo4j_uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The store reads no environment: the CLI turns CLAIMGRAPH_NEO4J_* into options.
    monkeypatch.setenv("CLAIMGRAPH_NEO4J_URI", "bolt://127.0.0.1:9")
    with open_store("neo4j", uri=neo4j_uri, user="someone", database="neo4j") as store:
        assert (store.uri, store.user, store.database) == (neo4j_uri, "someone", "neo4j")
        assert store.query("RETURN 1 AS one").rows == [[1]]


def test_the_embedded_stores_db_option_is_refused(neo4j_uri: str) -> None:
    with pytest.raises(StoreOptionError, match="the neo4j store takes no option 'db'"):
        open_store("neo4j", uri=neo4j_uri, db="claimgraph.db")


def test_every_primary_label_has_a_uniqueness_constraint(neo4j_store: Neo4jStore) -> None:
    rows = neo4j_store.query(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
        "RETURN type, labelsOrTypes[0] AS label, properties"
    ).rows
    unique = {label for kind, label, props in rows if kind == "UNIQUENESS" and props == ["id"]}
    assert unique == set(NODE_LABELS)


def test_claims_texts_have_a_full_text_index(neo4j_store: Neo4jStore) -> None:
    claim = Node("Claim", "c", {"text": "Kazakhstan is not ready"})
    neo4j_store.write(GraphBatch(nodes={("Claim", "c"): claim}))
    query = (
        "CALL db.index.fulltext.queryNodes('claimgraph_claim_text', $words) "
        "YIELD node RETURN node.id"
    )
    assert neo4j_store.query(query, {"words": "kazakh* AND is AND not"}).rows == [["c"]]


def test_reopening_keeps_the_constraints(neo4j_uri: str) -> None:
    for _ in range(2):
        with Neo4jStore(uri=neo4j_uri) as store:
            rows = store.query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n").rows
    assert rows == [[len(NODE_LABELS)]]


def test_a_batch_is_written_whole_or_not_at_all(neo4j_store: Neo4jStore) -> None:
    batch = GraphBatch()
    batch.add_node(Node("Actor", "a", {"name": "A"}))
    batch.add_node(Node("Account", "x", {"handle": "x"}))
    batch.add_relationship(Relationship("OPERATES", "Actor", "a", "Account", "x"))
    batch.add_node(Node("Hashtag", "dup", {"tag": "dup"}))
    neo4j_store.write(batch)
    # The second statement breaks the uniqueness of Hashtag ids; the first
    # statement's node must not stay behind.
    bad = GraphBatch()
    bad.add_node(Node("Actor", "b", {"name": "B"}))
    bad.add_node(Node("Claim", "dup", {"text": "t"}, ("Hashtag",)))
    with pytest.raises(QueryError, match="already exists"):
        neo4j_store.write(bad)
    assert neo4j_store.counts().labels == {"Account": 1, "Actor": 1, "Hashtag": 1}


def test_syntax_error_names_the_position(neo4j_store: Neo4jStore) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        neo4j_store.query("MATCH (n:Actor)\nWHERE n.id = $id RETRN n", {"id": "x"})
    assert info.value.position == 33
    assert "line 2, column 18" in str(info.value)
    assert str(info.value).splitlines()[-1] == "  " + " " * 17 + "^"


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StoreUnavailableError, match="cannot reach the Neo4j server at bolt://127"):
        Neo4jStore(uri="bolt://127.0.0.1:9")


def test_a_uri_that_is_not_bolt_is_refused() -> None:
    with pytest.raises(StoreUnavailableError, match="scheme must be one of neo4j"):
        Neo4jStore(uri="http://localhost:7474")


def test_missing_database_is_a_clear_error(neo4j_uri: str) -> None:
    with pytest.raises(StoreUnavailableError, match="no database 'claims'.*SHOW DATABASES"):
        Neo4jStore(uri=neo4j_uri, database="claims")


def test_wrong_credentials_are_a_clear_error_without_the_password(
    neo4j_auth: tuple[str, str],
) -> None:
    neo4j_auth_uri, password = neo4j_auth
    secret = "wrong-" + password
    with pytest.raises(StoreUnavailableError) as info:
        Neo4jStore(uri=neo4j_auth_uri, user="neo4j", password=secret)
    message = str(info.value)
    assert "refused the credentials of user 'neo4j'" in message
    assert "CLAIMGRAPH_NEO4J_PASSWORD" in message
    assert secret not in message
    assert secret not in repr(info.value.__cause__) + repr(info.value.__context__)


def test_right_credentials(neo4j_auth: tuple[str, str]) -> None:
    uri, password = neo4j_auth
    with Neo4jStore(uri=uri, password=password) as store:
        assert password not in repr(store)
        assert password not in str(vars(store))
        assert store.query("RETURN 2 AS two").rows == [[2]]
