"""`claimgraph query` and `claimgraph sparql` change nothing unless asked, on every store.

Writes are refused by the database itself (FalkorDB's ``GRAPH.RO_QUERY``,
Neo4j read transactions), whatever form they take: lower case, behind
comments, inside a ``CALL { }`` subquery, after ``WITH``, in a ``UNION``,
as a procedure that writes. ``LOAD CSV``, which the databases count as
reading but which opens files and URLs, is refused by claimgraph. Words
inside string literals are never mistaken for clauses, and values passed as
parameters never change what a query does. After each refusal the graph is
exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.errors import ReadOnlyQueryError, UnsupportedOperationError
from claimgraph.graph import GraphStore, open_store
from claimgraph.graph.backends.rdf import RdfStore
from tests.conftest import sample_graph

HOSTILE = "'}) DETACH DELETE n //\" }) MATCH (m) SET m.x = 1 RETURN m //"

#: Writes in every disguise, as each database spells them.
WRITES: dict[str, list[str]] = {
    "common": [
        "CREATE (:Actor {id: 'x'})",
        "create (:Actor {id: 'x'})",
        "MERGE (a:Actor {id: 'karim-massimov'}) SET a.name = 'changed'",
        "MATCH (a:Actor) SET a.name = 'changed'",
        "MATCH (n) DETACH DELETE n",
        "MATCH ()-[r]->() DELETE r",
        "MATCH (a:Actor) REMOVE a.name",
        "MATCH (a:Actor) REMOVE a:Person",
        "/* a comment */ CREATE (:Actor {id: 'x'}) // and another",
        "MATCH (a:Actor) WITH a LIMIT 1 CREATE (:Actor {id: 'x'})",
        "MATCH (a:Actor) WITH a CALL { WITH a SET a.name = 'changed' } RETURN a.id",
        "RETURN 1 AS a UNION CREATE (:Actor {id: 'x'}) RETURN 2 AS a",
        "CREATE INDEX FOR (n:Claim) ON (n.text)",
        "LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row",
        "load csv with headers from 'https://example.org/x.csv' AS row CREATE (:Actor {id: row.a})",
    ],
    "embedded": [
        "DROP INDEX ON :Actor(id)",
        "CALL db.idx.fulltext.createNodeIndex('Actor', 'name')",
        "CALL { CREATE (:Actor {id: 'x'}) } RETURN 1",
    ],
    "neo4j": [
        "DROP CONSTRAINT claimgraph_actor_id",
        "DROP INDEX claimgraph_missing IF EXISTS",
        "CALL db.createLabel('Injected')",
        "CALL db.createProperty('injected')",
        "CALL { CREATE (:Actor {id: 'x'}) }",
    ],
}

#: Harmless queries that merely mention those words.
READS = [
    "RETURN 'CREATE (n) DETACH DELETE n; LOAD CSV FROM x' AS words",
    "MATCH (a:Actor) WHERE a.name <> 'MERGE SET REMOVE DROP' RETURN count(a) AS n",
    "// CREATE (:Actor)\nMATCH (a:Actor) RETURN count(a) AS n",
    "MATCH (a:Actor) RETURN a.name AS `CREATE` ORDER BY a.name LIMIT 1",
]


def _snapshot(store: GraphStore) -> tuple[Any, ...]:
    nodes = store.query("MATCH (n) RETURN n ORDER BY n.id, labels(n)[0]").rows
    rels = store.query(
        "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r) ORDER BY a.id, type(r), b.id"
    ).rows
    return store.counts(), nodes, rels


@pytest.fixture(params=["embedded", "neo4j"])
def cypher_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """Yield each Cypher store in turn, holding the sample graph, free to write to."""
    if request.param == "neo4j":
        store: GraphStore = request.getfixturevalue("neo4j_store")
        store.write(sample_graph())
        yield store
        return
    with open_store("embedded", db=tmp_path / "e.db") as store:
        store.write(sample_graph())
        yield store


def _writes(store: GraphStore) -> list[str]:
    return WRITES["common"] + WRITES[store.name]


def test_every_form_of_write_is_refused_and_changes_nothing(cypher_store: GraphStore) -> None:
    before = _snapshot(cypher_store)
    for text in _writes(cypher_store):
        with pytest.raises(ReadOnlyQueryError, match="--write"):
            cypher_store.query(text)
        assert _snapshot(cypher_store) == before, f"the graph changed after: {text}"


def test_words_in_strings_and_comments_are_not_clauses(cypher_store: GraphStore) -> None:
    before = _snapshot(cypher_store)
    first = cypher_store.query(READS[0]).rows
    assert first == [["CREATE (n) DETACH DELETE n; LOAD CSV FROM x"]]
    for text in READS[1:]:
        assert cypher_store.query(text).rows, text
    assert _snapshot(cypher_store) == before


def test_writes_run_with_write(cypher_store: GraphStore) -> None:
    result = cypher_store.query("MATCH (a:Actor) SET a.checked = true", write=True)
    assert result.stats["properties_set"] == 5


def test_parameter_values_are_data_not_query(cypher_store: GraphStore) -> None:
    before = _snapshot(cypher_store)
    echoed = cypher_store.query("RETURN $v AS v", {"v": HOSTILE}).rows
    matched = cypher_store.query("MATCH (a:Actor {name: $v}) RETURN a", {"v": HOSTILE}).rows
    assert echoed == [[HOSTILE]]
    assert matched == []
    assert _snapshot(cypher_store) == before


def _cli(store: GraphStore, *args: str) -> Any:
    env = {"COLUMNS": "300", "NO_COLOR": "1"}
    where = ["--store", store.name]
    if store.name == "neo4j":
        env["CLAIMGRAPH_NEO4J_URI"] = store.uri  # type: ignore[attr-defined]
    else:
        where += ["--db", str(store.path)]  # type: ignore[attr-defined]
    return CliRunner(env=env).invoke(cli, [*args, *where])


def test_cli_refuses_writes_and_says_to_use_write(cypher_store: GraphStore) -> None:
    before = _snapshot(cypher_store)
    for text in ["MATCH (n) DETACH DELETE n", "LOAD CSV FROM 'file:///etc/hostname' AS r RETURN r"]:
        result = _cli(cypher_store, "query", text)
        assert result.exit_code == 1
        assert "--write" in result.output
    assert _snapshot(cypher_store) == before
    result = _cli(
        cypher_store, "query", "--write", "MATCH (a:Actor {id: 'khabar'}) DETACH DELETE a"
    )
    assert result.exit_code == 0, result.output
    assert cypher_store.counts().labels["Actor"] == 4


def test_cli_passes_hostile_parameters_verbatim(cypher_store: GraphStore) -> None:
    before = _snapshot(cypher_store)
    result = _cli(
        cypher_store, "query", "RETURN $v AS v", "--param", f"v={HOSTILE}", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        '[\n  {\n    "v": "\'}) DETACH DELETE n //\\" }) MATCH (m) SET m.x = 1 RETURN m //"\n  }\n]'
    )
    assert _snapshot(cypher_store) == before


# -- the rdf store: no Cypher at all, SPARQL read-only ---------------------------


SPARQL_UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX x: <urn:x:>\ninsert data { x:a x:b x:c }",
    "# a comment\nDELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/graph.ttl>",
    "CLEAR ALL",
    "DROP ALL",
    "CREATE GRAPH <urn:g>",
    "COPY DEFAULT TO <urn:g>",
]


def test_rdf_store_refuses_cypher_even_with_write(tmp_path: Path) -> None:
    with RdfStore(db=tmp_path / "g") as store:
        store.write(sample_graph())
        before = sorted(store.quads())  # type: ignore[attr-defined]
        for text in ["MATCH (n) DETACH DELETE n", "CREATE (:Actor {id: 'x'})"]:
            for write in (False, True):
                with pytest.raises(UnsupportedOperationError, match="SPARQL"):
                    store.query(text, write=write)
        assert sorted(store.quads()) == before  # type: ignore[attr-defined]


@pytest.mark.parametrize("backend", ["rdf", "embedded"])
def test_sparql_updates_and_service_are_refused(backend: str, tmp_path: Path) -> None:
    with open_store(backend, db=tmp_path / "g") as store:
        store.write(sample_graph())
        before = store.counts()
        for text in SPARQL_UPDATES:
            with pytest.raises(ReadOnlyQueryError, match="only reads"):
                store.sparql(text)
        with pytest.raises(ReadOnlyQueryError, match="network"):
            store.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } }")
        words = store.sparql("SELECT ('DROP ALL; SERVICE' AS ?x) WHERE {} # INSERT").rows
        echoed = store.sparql("SELECT ?v WHERE { BIND(?name AS ?v) }", {"name": HOSTILE}).rows
        assert words == [["DROP ALL; SERVICE"]]
        assert echoed == [[HOSTILE]]
        assert store.counts() == before


def test_cli_sparql_says_it_only_reads(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["sparql", "DROP ALL", "--store", "rdf", "--db", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "`claimgraph sparql` only reads" in result.output
