"""Exporters: a store's graph written as files for other tools.

Exporters are registered by format name and imported when first used, like
the stores:

- ``json``: NetworkX node-link JSON, which NetworkX, D3 and most graph tools read;
- ``cyjs``: Cytoscape.js elements JSON, for Cytoscape.js and Cytoscape desktop;
- ``graphml``, ``gexf``: for Gephi, Cytoscape and yEd, with colours, sizes and weights;
- ``csv``: a folder of files ``neo4j-admin database import`` reads;
- ``html``: one interactive page that works offline;
- ``png``, ``svg``: pictures for reports.

Examples
--------
>>> available_formats()
['csv', 'cyjs', 'gexf', 'graphml', 'html', 'json', 'png', 'svg']
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Protocol, runtime_checkable

import networkx as nx

from claimgraph.errors import ClaimgraphError

__all__ = ["Exporter", "available_formats", "export_graph"]

_REGISTRY: dict[str, str] = {
    "json": "claimgraph.export.json:write_node_link",
    "cyjs": "claimgraph.export.json:write_cytoscape",
    "graphml": "claimgraph.export.xml:write_graphml",
    "gexf": "claimgraph.export.xml:write_gexf",
    "csv": "claimgraph.export.csv:write_neo4j_csv",
    "html": "claimgraph.export.html:write_html",
    "png": "claimgraph.export.picture:write_png",
    "svg": "claimgraph.export.picture:write_svg",
}


@runtime_checkable
class Exporter(Protocol):
    """A function writing a NetworkX graph to a file."""

    def __call__(self, graph: nx.MultiDiGraph, path: Path) -> None: ...


def available_formats() -> list[str]:
    """Return the names of the registered export formats."""
    return sorted(_REGISTRY)


def export_graph(graph: nx.MultiDiGraph, path: str | Path, format: str = "json") -> Path:
    """Write ``graph`` to ``path`` in ``format`` and return the path."""
    target = _REGISTRY.get(format)
    if target is None:
        raise ClaimgraphError(
            f"unknown export format {format!r}; choose one of: {', '.join(available_formats())}"
        )
    module_name, _, function_name = target.partition(":")
    exporter: Exporter = getattr(importlib.import_module(module_name), function_name)
    path = Path(path)
    exporter(graph, path)
    return path
