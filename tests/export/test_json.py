"""Node-link JSON export round-trips through NetworkX."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from claimgraph.analysis import load_graph
from claimgraph.errors import ClaimgraphError
from claimgraph.export import export_graph
from claimgraph.graph.backends.embedded import EmbeddedStore


def test_json_export_reads_back(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    graph = load_graph(sample_store)
    path = export_graph(graph, tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="edges")
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert "Hashtag:25летнезависимости" in back


def test_unknown_format_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ClaimgraphError, match="json"):
        export_graph(nx.MultiDiGraph(), tmp_path / "g.x", format="x")


def test_cytoscape_elements(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    graph = load_graph(sample_store)
    path = export_graph(graph, tmp_path / "g.cyjs", format="cyjs")
    data = json.loads(path.read_text(encoding="utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert len(nodes) == graph.number_of_nodes()
    assert len(edges) == graph.number_of_edges()
    ids = {n["data"]["id"] for n in nodes}
    assert "Actor:karim-massimov" in ids
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert {e["data"]["interaction"] for e in edges} >= {"SAID", "ABOUT", "OPERATES"}
    massimov = next(n for n in nodes if n["data"]["id"] == "Actor:karim-massimov")
    assert massimov["data"]["name"] == "Karim Massimov"
    assert massimov["data"]["cg_id"] == "karim-massimov"
