"""GraphML and GEXF exports, for Gephi, Cytoscape, yEd and NetworkX.

Both carry each node's caption (``label``), type, labels, cluster, colour and
size and its properties, and each relationship's type and weight; GEXF also
carries the colour and size as ``viz`` attributes, which Gephi draws.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from claimgraph.export.style import styled

__all__ = ["write_gexf", "write_graphml"]

# Attribute names GEXF itself interprets (dynamic spells, edge kind, ids), so
# properties of the same name are renamed rather than misread.
_GEXF_NODE_RESERVED = {"id", "pid", "start", "end", "viz", "parents", "slices", "spells"}
_GEXF_EDGE_RESERVED = {"id", "label", "type", "start", "end", "slices", "spells"}


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as GraphML (UTF-8), with typed attribute keys."""
    nx.write_graphml(styled(graph), path, encoding="utf-8", named_key_ids=True)


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as GEXF 1.2, with ``viz`` colours and sizes."""
    out = nx.MultiDiGraph()
    flat = styled(graph)
    for node, data in flat.nodes(data=True):
        attrs = _renamed(data, _GEXF_NODE_RESERVED)
        attrs["viz"] = {"color": _rgba(data["colour"]), "size": data["size"]}
        out.add_node(node, **attrs)
    for start, end, key, data in flat.edges(keys=True, data=True):
        attrs = _renamed(data, _GEXF_EDGE_RESERVED)
        attrs.update(id=key, label=data.get("type", ""))
        out.add_edge(start, end, key=key, **attrs)
    nx.write_gexf(out, path, encoding="utf-8")


def _renamed(data: dict[str, Any], reserved: set[str]) -> dict[str, Any]:
    return {
        ("rel_type" if k == "type" else f"property_{k}") if k in reserved else k: v
        for k, v in data.items()
    }


def _rgba(colour: str) -> dict[str, int | float]:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return {"r": red, "g": green, "b": blue, "a": 1.0}
