"""Read a store's graph, or the subgraph a Cypher query returns, back into a ``GraphBatch``.

A store being written while it is read (an export during an ingest) gives
nodes and relationships from slightly different moments: nodes are read
first, then relationships, and a relationship whose start or end node was
not read is left out, so that every exported relationship has both its
nodes (issue 20.9).

Examples
--------
>>> _node_from_value({"labels": ["Actor", "Person"], "id": "k", "name": "K"})
Node(label='Actor', id='k', props={'name': 'K'}, extra_labels=('Person',))
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from claimgraph.errors import QueryError
from claimgraph.graph.base import GraphStore
from claimgraph.graph.cypher import identifier
from claimgraph.model import NODE_LABELS, GraphBatch, Node, Relationship

__all__ = ["EmptySubgraphError", "read_batch", "read_subgraph"]


class EmptySubgraphError(QueryError):
    """A query meant to select a subgraph returned no nodes."""


_NODES = "MATCH (n:{label}) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
_EDGES = (
    "MATCH (a:{start})-[r]->(b:{end}) "
    "RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props"
)
_EDGES_AMONG = (
    "MATCH (a:{start})-[r]->(b:{end}) WHERE a.id IN $starts AND b.id IN $ends "
    "RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props"
)


def read_batch(store: GraphStore) -> GraphBatch:
    """Return every node and relationship of ``store`` as one batch.

    A store declaring the ``to_batch`` capability (the ``rdf`` store) gives
    its own :meth:`~claimgraph.graph.base.GraphStore.to_batch`; any other is
    read with Cypher.
    """
    if store.supports("to_batch"):
        return store.to_batch()
    batch = GraphBatch()
    for label in NODE_LABELS:
        for node_id, labels, props in store.query(_NODES.format(label=identifier(label))).rows:
            batch.add_node(_node(label, node_id, labels, props))
    for start in NODE_LABELS:
        for end in NODE_LABELS:
            text = _EDGES.format(start=identifier(start), end=identifier(end))
            for row in store.query(text).rows:
                rel = _relationship(start, end, *row)
                if (start, rel.start_id) in batch.nodes and (end, rel.end_id) in batch.nodes:
                    batch.add_relationship(rel)
    return batch


def read_subgraph(
    store: GraphStore, cypher: str, params: dict[str, Any] | None = None
) -> GraphBatch:
    """Return the nodes a Cypher query returns and the relationships among them.

    Nodes are found anywhere in the result: as columns, in lists and in paths.

    Raises
    ------
    EmptySubgraphError
        If the query returns rows but no node in them (properties only). A
        query that matches nothing gives an empty batch.
    """
    batch = GraphBatch()
    rows = store.query(cypher, params or {}).rows
    for row in rows:
        for value in row:
            for node in _nodes_in(value):
                batch.add_node(node)
    if rows and not batch.nodes:
        raise EmptySubgraphError(
            f"the query returned {len(rows):,} rows but no nodes, so there is nothing to "
            "export; return nodes (RETURN s, c, d) rather than their properties"
        )
    ids: dict[str, list[str]] = {}
    for label, node_id in batch.nodes:
        ids.setdefault(label, []).append(node_id)
    for start, starts in ids.items():
        for end, ends in ids.items():
            text = _EDGES_AMONG.format(start=identifier(start), end=identifier(end))
            for row in store.query(text, {"starts": starts, "ends": ends}).rows:
                batch.add_relationship(_relationship(start, end, *row))
    return batch


def _nodes_in(value: Any) -> Iterator[Node]:
    if isinstance(value, dict):
        node = _node_from_value(value)
        if node is not None:
            yield node
            return
        for item in value.values():
            yield from _nodes_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes_in(item)


def _node_from_value(value: dict[str, Any]) -> Node | None:
    labels = value.get("labels")
    if not isinstance(labels, list) or "id" not in value:
        return None
    primary = next((label for label in labels if label in NODE_LABELS), None)
    if primary is None:
        return None
    props = {k: v for k, v in value.items() if k != "labels"}
    return _node(primary, value["id"], labels, props)


def _node(label: str, node_id: Any, labels: list[str], props: dict[str, Any]) -> Node:
    props = {k: v for k, v in (props or {}).items() if k != "id"}
    extra = tuple(sorted(other for other in labels if other != label))
    return Node(label, str(node_id), props, extra)


def _relationship(
    start: str, end: str, start_id: Any, rel_type: str, end_id: Any, props: dict[str, Any]
) -> Relationship:
    return Relationship(rel_type, start, str(start_id), end, str(end_id), dict(props or {}))
