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

from collections.abc import Collection, Iterable

import networkx as nx

from claimgraph.graph.base import GraphStore
from claimgraph.graph.cypher import identifier
from claimgraph.model import NODE_LABELS, GraphBatch

__all__ = ["graph_from_batch", "load_graph", "node_key", "select_subgraph"]

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


def graph_from_batch(batch: GraphBatch) -> nx.MultiDiGraph:
    """Return ``batch`` as a NetworkX graph shaped like :func:`load_graph`'s.

    Examples
    --------
    >>> from claimgraph.model import Node, Relationship
    >>> batch = GraphBatch()
    >>> _ = batch.add_node(Node("Actor", "k", {"name": "K"}, ("Person",)))
    >>> _ = batch.add_node(Node("Claim", "c", {"text": "t"}))
    >>> _ = batch.add_relationship(Relationship("SAID", "Actor", "k", "Claim", "c"))
    >>> graph = graph_from_batch(batch)
    >>> graph.nodes["Actor:k"]["labels"], list(graph.edges(keys=True))
    (['Actor', 'Person'], [('Actor:k', 'Claim:c', 'SAID')])
    """
    graph = nx.MultiDiGraph()
    for node in batch.nodes.values():
        labels = [node.label, *node.extra_labels]
        graph.add_node(
            node_key(node.label, node.id), label=node.label, labels=labels, id=node.id, **node.props
        )
    for rel in batch.relationships.values():
        graph.add_edge(
            node_key(rel.start_label, rel.start_id),
            node_key(rel.end_label, rel.end_id),
            key=rel.type,
            type=rel.type,
            **rel.props,
        )
    return graph


def select_subgraph(
    graph: nx.MultiDiGraph,
    seeds: Iterable[str] | None = None,
    hops: int = 0,
    labels: Collection[str] = (),
    types: Collection[str] = (),
) -> nx.MultiDiGraph:
    """Return the part of ``graph`` around ``seeds``, keeping only some labels and types.

    Parameters
    ----------
    graph : MultiDiGraph
        A graph from :func:`load_graph` or :func:`graph_from_batch`.
    seeds : iterable of str, optional
        Node keys to start from (default: every node).
    hops : int
        Also keep the nodes up to this many relationships away from a seed,
        in either direction.
    labels : collection of str
        Keep only nodes with one of these labels (any of a node's labels; default: all).
    types : collection of str
        Keep only relationships of these types (default: all).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("A:1", "B:2", key="X", type="X")
    'X'
    >>> g.add_edge("B:2", "C:3", key="Y", type="Y")
    'Y'
    >>> sorted(select_subgraph(g, ["A:1"], hops=1))
    ['A:1', 'B:2']
    >>> sorted(select_subgraph(g, ["A:1"], hops=2, types={"X"}))
    ['A:1', 'B:2']
    >>> sorted(select_subgraph(g, types={"Y"}))
    ['B:2', 'C:3']
    """
    seeds = None if seeds is None else list(seeds)
    if types:
        graph = _only_types(graph, set(types), keep=set(seeds or ()))
    if labels:
        wanted = set(labels)
        graph = graph.subgraph(
            n for n, node_labels in graph.nodes(data="labels") if wanted & set(node_labels or ())
        )
    nodes = set(graph) if seeds is None else {seed for seed in seeds if seed in graph}
    if seeds is not None and hops > 0:
        undirected = graph.to_undirected(as_view=True)
        for seed in list(nodes):
            nodes.update(nx.single_source_shortest_path_length(undirected, seed, cutoff=hops))
    return graph.subgraph(nodes).copy()


def _only_types(graph: nx.MultiDiGraph, types: set[str], keep: set[str]) -> nx.MultiDiGraph:
    """Drop the other relationships, and the nodes left alone by dropping them."""
    graph = graph.copy()
    linked = {n for n in graph if graph.degree(n)}
    graph.remove_edges_from(
        [(u, v, k) for u, v, k, t in graph.edges(keys=True, data="type") if t not in types]
    )
    graph.remove_nodes_from([n for n in linked if not graph.degree(n) and n not in keep])
    return graph
