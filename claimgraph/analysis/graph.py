"""Read a store into a NetworkX graph.

Nodes are keyed ``"Label:id"`` (ids are unique within a label only) and
carry ``label``, ``labels`` and every property; edges carry ``type`` and
their properties.

Examples
--------
>>> node_key("Actor", "karim-massimov")
'Actor:karim-massimov'
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from claimgraph.graph.base import GraphStore
from claimgraph.graph.cypher import identifier
from claimgraph.model import NODE_LABELS

__all__ = ["load_graph", "node_key"]

_NODES = "MATCH (n:{label}) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
_EDGES = (
    "MATCH (a:{start})-[r]->(b:{end}) "
    "RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props"
)


def node_key(label: str, node_id: str) -> str:
    """Return the NetworkX key of the node with primary ``label`` and ``node_id``."""
    return f"{label}:{node_id}"


def load_graph(store: GraphStore, labels: Iterable[str] = NODE_LABELS) -> nx.MultiDiGraph:
    """Return the nodes with the given primary ``labels`` and the edges between them.

    Parameters
    ----------
    store : GraphStore
        An open store.
    labels : iterable of str
        Primary labels to include (default: all).
    """
    labels = [identifier(label) for label in labels]
    graph = nx.MultiDiGraph()
    for label in labels:
        for node_id, node_labels, props in store.query(_NODES.format(label=label)).rows:
            graph.add_node(node_key(label, node_id), label=label, labels=list(node_labels), **props)
    for start in labels:
        for end in labels:
            rows = store.query(_EDGES.format(start=start, end=end)).rows
            for start_id, rel_type, end_id, props in rows:
                graph.add_edge(
                    node_key(start, start_id),
                    node_key(end, end_id),
                    key=rel_type,
                    type=rel_type,
                    **props,
                )
    return graph
