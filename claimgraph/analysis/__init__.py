"""Graph analysis with NetworkX over what a store holds.

:func:`load_graph` reads a store (or the part of it with the given labels)
into a NetworkX ``MultiDiGraph``; the co-action and cluster analyses, and the
exporters, start from it.
"""

from __future__ import annotations

from claimgraph.analysis.graph import load_graph, node_key

__all__ = ["load_graph", "node_key"]
