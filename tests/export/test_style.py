"""Colours and legends: the same in every export, clusters numbered as the CLI numbers them."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx

from claimgraph.analysis.graph import graph_from_batch
from claimgraph.export import export_graph
from claimgraph.export.style import cluster_names, colour_keys, colours, styled
from tests.conftest import sample_graph

MEMBERS = {
    0: ["Account:twitter:almirikarpykov", "Account:twitter:samsonino"],
    1: ["Account:twitter:massimov_karim"],
}


def with_clusters(
    graph: nx.MultiDiGraph, run: str = "r1", created: str = "2026-01-01"
) -> nx.MultiDiGraph:
    """Add the clusters of one amplification run, indexed from 0 as the analysis writes them."""
    for index, members in MEMBERS.items():
        key = f"Cluster:louvain:{run}:{index}"
        graph.add_node(
            key,
            label="Cluster",
            labels=["Cluster"],
            id=f"louvain:{run}:{index}",
            index=index,
            run=run,
            created_at=created,
            method="louvain",
        )
        for member in members:
            graph.add_edge(member, key, key="MEMBER_OF", type="MEMBER_OF", run=run)
    return graph


def _shuffled(graph: nx.MultiDiGraph, seed: int) -> nx.MultiDiGraph:
    nodes = list(graph.nodes(data=True))
    edges = list(graph.edges(keys=True, data=True))
    random.Random(seed).shuffle(nodes)
    random.Random(seed).shuffle(edges)
    out = nx.MultiDiGraph()
    out.add_nodes_from(nodes)
    out.add_edges_from(edges)
    return out


def _node_colours(graph: nx.MultiDiGraph) -> dict[str, str]:
    return {node: data["colour"] for node, data in styled(graph).nodes(data=True)}


def test_colours_do_not_depend_on_read_order() -> None:
    graph = with_clusters(graph_from_batch(sample_graph()))
    expected = _node_colours(graph)
    for seed in range(5):
        assert _node_colours(_shuffled(graph, seed)) == expected


def test_a_type_keeps_its_colour_whatever_else_the_graph_holds() -> None:
    whole = _node_colours(graph_from_batch(sample_graph()))
    actors = graph_from_batch(sample_graph())
    actors.remove_nodes_from([n for n, label in actors.nodes(data="label") if label != "Actor"])
    assert _node_colours(actors)["Actor:karim-massimov"] == whole["Actor:karim-massimov"]


def test_two_exports_of_one_graph_are_identical(tmp_path: Path) -> None:
    graph = with_clusters(graph_from_batch(sample_graph()))
    first = export_graph(graph, tmp_path / "a.gexf", "gexf").read_bytes()
    again = export_graph(_shuffled(graph, 1), tmp_path / "b.gexf", "gexf")
    back_first = nx.read_gexf(tmp_path / "a.gexf")
    back_again = nx.read_gexf(again)
    assert first
    assert {n: d["colour"] for n, d in back_first.nodes(data=True)} == {
        n: d["colour"] for n, d in back_again.nodes(data=True)
    }


def test_legend_names_clusters_by_their_index() -> None:
    graph = with_clusters(graph_from_batch(sample_graph()))
    keys = colour_keys(graph)
    assert keys["Account:twitter:samsonino"] == "cluster 0"
    assert keys["Account:twitter:massimov_karim"] == "cluster 1"
    assert list(colours(keys))[-2:] == ["cluster 0", "cluster 1"]


def test_members_of_several_runs_take_the_latest() -> None:
    graph = with_clusters(graph_from_batch(sample_graph()), run="old", created="2025-01-01")
    graph = with_clusters(graph, run="new", created="2026-06-01")
    names = cluster_names(graph)
    assert names["Cluster:louvain:new:0"] == "cluster 0 (new)"
    for seed in range(3):
        keys = colour_keys(_shuffled(graph, seed))
        assert keys["Account:twitter:samsonino"] == "cluster 0 (new)"
