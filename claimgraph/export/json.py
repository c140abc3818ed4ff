"""NetworkX node-link JSON export."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

__all__ = ["write_node_link"]


def write_node_link(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as node-link JSON (``{"nodes": [...], "edges": [...]}``), UTF-8."""
    data = nx.node_link_data(graph, edges="edges")
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1, default=str)
