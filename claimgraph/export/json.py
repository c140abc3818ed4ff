"""NetworkX node-link JSON export."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from claimgraph.export.style import graph_attributes

__all__ = ["write_cytoscape", "write_node_link"]


def write_node_link(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as node-link JSON (``{"nodes": [...], "edges": [...]}``), UTF-8."""
    data = nx.node_link_data(graph, edges="edges")
    data["graph"] = graph_attributes(graph)
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1, default=str)


def write_cytoscape(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as Cytoscape.js elements JSON (``{"elements": {"nodes", "edges"}}``).

    Cytoscape.js (``cy.add(data.elements)``) and Cytoscape desktop read it.
    Node ids are the graph's ``Label:id`` keys; every property is in ``data``.
    """
    nodes = [
        {"data": {**_plain(attrs), "id": key, "name": str(attrs.get("name") or key)}}
        for key, attrs in graph.nodes(data=True)
    ]
    edges = [
        {
            "data": {
                **_plain(attrs),
                "id": f"e{index}",
                "source": start,
                "target": end,
                "interaction": str(attrs.get("type", key)),
            }
        }
        for index, (start, end, key, attrs) in enumerate(graph.edges(keys=True, data=True))
    ]
    data = {"data": graph_attributes(graph), "elements": {"nodes": nodes, "edges": edges}}
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1, default=str)


def _plain(attrs: dict[str, object]) -> dict[str, object]:
    # "id", "source" and "target" are Cytoscape's own keys: a property of that name is kept
    # under a prefixed key instead.
    return {(f"cg_{k}" if k in ("id", "source", "target") else k): v for k, v in attrs.items()}
