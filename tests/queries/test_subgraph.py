"""Saved queries as subgraphs: ``// subgraph:`` adds the nodes behind the rows, rows unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from claimgraph.graph import GraphStore
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.graph.read import read_subgraph
from claimgraph.queries import list_saved, load_saved
from tests.queries.test_clusters import clustered, open_clustered
from tests.queries.test_saved import SAMPLE_VALUES

QUERIES = [query.name for query in list_saved()]


@pytest.fixture(scope="module")
def clustered_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """Yield the sample graph with the clusters of two runs; tests must not write to it."""
    yield from open_clustered(tmp_path_factory)


def _params(name: str) -> dict[str, Any]:
    query = load_saved(name)
    return query.bind({p.name: SAMPLE_VALUES[p.name] for p in query.params if p.required})


def _same_rows(store: GraphStore, name: str) -> None:
    query = load_saved(name)
    params = _params(name)
    plain = store.query(query.text, params)
    widened = store.query(query.subgraph_text, params)
    assert widened.columns[: len(plain.columns)] == plain.columns
    assert [row[: len(plain.columns)] for row in widened.rows] == plain.rows


def test_every_saved_query_declares_its_subgraph() -> None:
    assert all(load_saved(name).subgraph for name in QUERIES)


@pytest.mark.parametrize("name", QUERIES)
def test_the_subgraph_keeps_the_rows(clustered_store: EmbeddedStore, name: str) -> None:
    _same_rows(clustered_store, name)


@pytest.mark.parametrize("name", QUERIES)
def test_the_subgraph_holds_nodes(clustered_store: EmbeddedStore, name: str) -> None:
    batch = read_subgraph(clustered_store, load_saved(name).subgraph_text, _params(name))
    assert batch.nodes


def test_who_said_about_is_the_speakers_claims_target_and_documents(
    sample_store: EmbeddedStore,
) -> None:
    query = load_saved("who-said-about")
    batch = read_subgraph(sample_store, query.subgraph_text, {"target": "Karim Massimov"})
    assert set(batch.nodes) == {
        ("Actor", "karim-massimov"),
        ("Actor", "muhtar-taizhan"),
        ("Actor", "aigul-orynbek"),
        ("Claim", "c-taizhan"),
        ("Claim", "c-orynbek"),
        ("Document", "doc-article"),
        # his account, and what @samsonino posted about it
        ("Account", "twitter:massimov_karim"),
        ("Account", "twitter:samsonino"),
        ("Claim", "c-samsonino"),
        ("Document", "twitter:1002"),
    }
    assert ("SAID", "Actor", "muhtar-taizhan", "Claim", "c-taizhan") in batch.relationships


def test_a_query_without_a_subgraph_line_is_left_as_it_is() -> None:
    from dataclasses import replace

    query = replace(load_saved("top-actors"), subgraph=None)
    assert query.subgraph_text == query.text


@pytest.mark.parametrize("name", QUERIES)
def test_the_subgraph_keeps_the_rows_on_neo4j(neo4j_store: GraphStore, name: str) -> None:
    neo4j_store.write(clustered())
    _same_rows(neo4j_store, name)
