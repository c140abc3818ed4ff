"""What stores declare they can do, and the options each backend takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.analysis.posts import load_posts
from claimgraph.errors import StoreOptionError, UnsupportedOperationError
from claimgraph.graph import CAPABILITIES, GraphStore, open_store, store_options
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.graph.backends.neo4j import Neo4jStore
from claimgraph.graph.backends.rdf import RdfStore
from claimgraph.graph.read import read_batch
from claimgraph.sources.files import store_files
from tests.conftest import sample_graph


def test_every_backend_declares_known_capabilities() -> None:
    assert set(CAPABILITIES) == {"cypher", "sparql", "to_batch"}
    assert GraphStore.capabilities == {"cypher"}
    for store in (EmbeddedStore, Neo4jStore, RdfStore):
        assert store.capabilities <= set(CAPABILITIES)
    assert "cypher" in EmbeddedStore.capabilities and "cypher" in Neo4jStore.capabilities
    assert RdfStore.capabilities == {"sparql", "to_batch"}


def test_the_rdf_store_refuses_cypher_at_once_and_says_what_to_use(tmp_path: Path) -> None:
    with open_store("rdf", db=tmp_path / "g") as store:
        for refused in (lambda: store.query("MATCH (n) RETURN n"), lambda: load_posts(store)):
            with pytest.raises(UnsupportedOperationError) as caught:
                refused()
            message = str(caught.value)
            assert "needs a store that runs Cypher (--store embedded or neo4j), not rdf" in message
            assert "`claimgraph sparql`" in message and "claimgraph import" in message


def test_sparql_and_whole_graph_reads_work_on_every_store(tmp_path: Path) -> None:
    ask = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/claimgraph/ns#Actor> }"
    answers = {}
    for name in ("embedded", "rdf"):
        with open_store(name, db=tmp_path / name) as store:
            store.write(sample_graph())
            answers[name] = store.sparql(ask).rows
            assert len(read_batch(store).nodes) == len(sample_graph().nodes)
    assert answers["embedded"] == answers["rdf"] != [[0]]


def test_a_cypher_store_has_no_batch_reader_of_its_own(fresh_store: GraphStore) -> None:
    assert not fresh_store.supports("to_batch")
    with pytest.raises(UnsupportedOperationError, match="not embedded"):
        fresh_store.to_batch()


def test_backend_options_are_explicit() -> None:
    assert store_options("embedded") == ("db",)
    assert store_options("rdf") == ("db",)
    assert store_options("neo4j") == ("uri", "user", "password", "database")


def test_an_option_the_backend_does_not_take_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreOptionError, match=r"the embedded store takes no option 'uri'; .*db"):
        open_store("embedded", db=tmp_path / "g.db", uri="neo4j://localhost:7687")
    assert not (tmp_path / "g.db").exists()


def test_location_says_where_the_graph_is(fresh_store: GraphStore) -> None:
    assert fresh_store.location.endswith(".db")


def test_files_name_what_an_ingest_must_not_read(fresh_store: GraphStore, tmp_path: Path) -> None:
    assert fresh_store.files() == store_files(fresh_store.location)
    with open_store("rdf", db=tmp_path / "g.oxigraph") as rdf:
        assert rdf.files() == {str((tmp_path / "g.oxigraph").resolve())}
    assert GraphStore().files() == frozenset()
