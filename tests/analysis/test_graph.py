"""Reading a store into NetworkX."""

from __future__ import annotations

from claimgraph.analysis import load_graph
from claimgraph.graph.backends.embedded import EmbeddedStore


def test_load_graph_matches_the_store(sample_store: EmbeddedStore) -> None:
    graph = load_graph(sample_store)
    counts = sample_store.counts()
    assert graph.number_of_nodes() == counts.nodes
    assert graph.number_of_edges() == counts.edges
    massimov = graph.nodes["Actor:karim-massimov"]
    assert massimov["name"] == "Karim Massimov"
    assert "Person" in massimov["labels"]


def test_load_graph_can_keep_some_labels(sample_store: EmbeddedStore) -> None:
    graph = load_graph(sample_store, labels=["Actor", "Account"])
    assert {data["label"] for _, data in graph.nodes(data=True)} == {"Actor", "Account"}
    assert [d["type"] for _, _, d in graph.edges(data=True)] == ["OPERATES"]
