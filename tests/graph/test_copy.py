"""Copying a graph between stores, both ways, as a library call and as ``claimgraph copy``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.errors import StoreError
from claimgraph.graph import GraphStore, open_store
from claimgraph.graph.copy import copy_graph
from claimgraph.graph.embedded import EmbeddedStore
from claimgraph.model import GraphBatch

ALL_ROWS = (
    "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) "
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, "
    "type(r) AS type, m.id AS end, properties(r) AS rel_props ORDER BY id, type, end"
)


def _dump(store: GraphStore) -> list[str]:
    return sorted(repr(_sorted(row)) for row in store.query(ALL_ROWS).rows)


def _sorted(value: object) -> object:
    if isinstance(value, list):
        return sorted((_sorted(v) for v in value), key=repr)
    if isinstance(value, dict):
        return sorted((k, _sorted(v)) for k, v in value.items())
    return value


def test_embedded_to_neo4j_and_back(
    fresh_store: EmbeddedStore, neo4j_store: GraphStore, tmp_path: Path
) -> None:
    there = copy_graph(fresh_store, neo4j_store, batch_size=7)
    assert (there.nodes, there.relationships, there.skipped) == (19, 36, 0)
    assert (there.nodes_created, there.relationships_created) == (19, 36)
    assert neo4j_store.counts() == fresh_store.counts()
    with EmbeddedStore(db=tmp_path / "back.db") as back:
        copy_graph(neo4j_store, back, batch_size=9)
        assert back.counts() == fresh_store.counts()
        assert _dump(back) == _dump(fresh_store) == _dump(neo4j_store)


def test_copying_again_changes_nothing(fresh_store: EmbeddedStore, neo4j_store: GraphStore) -> None:
    copy_graph(fresh_store, neo4j_store)
    before = _dump(neo4j_store)
    again = copy_graph(fresh_store, neo4j_store, batch_size=2)
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert _dump(neo4j_store) == before


def test_a_partial_copy_is_completed_by_copying_again(
    fresh_store: EmbeddedStore, neo4j_store: GraphStore, sample_batch: GraphBatch
) -> None:
    half = GraphBatch()
    for node in list(sample_batch.nodes.values())[::2]:
        half.add_node(node)
    neo4j_store.write(half)
    stats = copy_graph(fresh_store, neo4j_store, batch_size=5)
    assert stats.nodes_created == 19 - len(half.nodes)
    assert _dump(neo4j_store) == _dump(fresh_store)


def test_what_is_outside_the_data_model_is_skipped(
    fresh_store: EmbeddedStore, neo4j_store: GraphStore
) -> None:
    fresh_store.query("CREATE (:Note {id: 'n1'})", write=True)
    fresh_store.query(
        "MATCH (a:Actor {id: 'khabar'}), (h:Hashtag) CREATE (a)-[:LIKES]->(h)", write=True
    )
    stats = copy_graph(fresh_store, neo4j_store)
    assert stats.skipped == 2
    assert "Note" not in neo4j_store.counts().labels
    assert "LIKES" not in neo4j_store.counts().relationships


def test_a_source_without_cypher_is_refused(fresh_store: EmbeddedStore, tmp_path: Path) -> None:
    with (
        open_store("rdf", db=tmp_path / "graph.oxigraph") as rdf,
        pytest.raises(StoreError, match="claimgraph export"),
    ):
        copy_graph(rdf, fresh_store)


def test_bad_batch_size_is_refused(fresh_store: EmbeddedStore) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        copy_graph(fresh_store, fresh_store, batch_size=0)


def test_cli_copies_both_ways(
    fresh_store: EmbeddedStore, neo4j_store: GraphStore, neo4j_uri: str, tmp_path: Path
) -> None:
    runner = CliRunner(env={"CLAIMGRAPH_NEO4J_URI": neo4j_uri})
    there = runner.invoke(
        cli, ["copy", "--from", "embedded", "--db", str(fresh_store.path), "--to", "neo4j"]
    )
    assert there.exit_code == 0, there.output
    assert "copied 19 nodes and 36 relationships from embedded to neo4j" in there.stderr
    assert neo4j_store.counts() == fresh_store.counts()
    back_db = tmp_path / "back.db"
    for _ in range(2):
        back = runner.invoke(
            cli, ["copy", "--from", "neo4j", "--to", "embedded", "--db", str(back_db), "-q"]
        )
        assert back.exit_code == 0, back.output
        assert back.stderr == ""
    with EmbeddedStore(db=back_db) as copied:
        assert _dump(copied) == _dump(fresh_store)


def test_cli_refuses_to_copy_a_database_onto_itself(fresh_store: EmbeddedStore) -> None:
    db = str(fresh_store.path)
    result = CliRunner().invoke(cli, ["copy", "--from", "embedded", "--to", "embedded", "--db", db])
    assert result.exit_code == 2
    assert "--to-db" in result.stderr
