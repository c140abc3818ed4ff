"""The ``GraphStore`` interface every backend implements, and its result types.

A store takes :class:`~claimgraph.model.GraphBatch` writes (idempotent: the
same batch twice changes nothing) and answers Cypher with parameters. Backends
declare what they can do with class-level capability flags, as rdflib's
``Store`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from claimgraph.model import GraphBatch, validate_node, validate_relationship

__all__ = [
    "GraphStore",
    "QueryResult",
    "StoreCounts",
    "WriteStats",
    "node_rows",
    "relationship_rows",
    "chunks",
    "node_dict",
    "relationship_dict",
]


@dataclass(slots=True)
class QueryResult:
    """Rows a query returned, with their column names and the write statistics."""

    columns: list[str]
    rows: list[list[Any]]
    stats: dict[str, float] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        """Return each row as a dict keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(slots=True)
class StoreCounts:
    """Node counts by label and relationship counts by type."""

    labels: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)

    @property
    def nodes(self) -> int:
        """Return the number of nodes (each counted once, by its primary label)."""
        from claimgraph.model import NODE_LABELS

        return sum(n for label, n in self.labels.items() if label in NODE_LABELS)

    @property
    def edges(self) -> int:
        """Return the number of relationships."""
        return sum(self.relationships.values())


@dataclass(slots=True)
class WriteStats:
    """What a write changed in the store."""

    nodes_created: int = 0
    relationships_created: int = 0

    def __iadd__(self, other: WriteStats) -> WriteStats:
        self.nodes_created += other.nodes_created
        self.relationships_created += other.relationships_created
        return self


class GraphStore:
    """Base class of graph store backends.

    Subclasses set ``name`` and the capability flags and implement the
    methods below. Use a store as a context manager so it is always closed.
    Every backend's constructor takes the keyword options ``read_only``
    (open an existing store only to read it: never create or change it)
    and ``timeout`` (seconds a read query may run), as
    :func:`~claimgraph.graph.open_store` passes them.
    """

    #: Name the backend is registered under (``--store NAME``).
    name: ClassVar[str] = ""
    #: Whether the store answers openCypher.
    cypher_aware: ClassVar[bool] = True
    #: Whether several processes may open the same store at once.
    multiprocess_safe: ClassVar[bool] = False

    def write(self, batch: GraphBatch) -> WriteStats:
        """Merge every node and relationship of ``batch`` into the store."""
        raise NotImplementedError

    def query(
        self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False
    ) -> QueryResult:
        """Run ``cypher`` with ``params``; refuse writes unless ``write`` is true."""
        raise NotImplementedError

    def counts(self) -> StoreCounts:
        """Return node counts by label and relationship counts by type."""
        raise NotImplementedError

    def actors(self) -> Iterable[dict[str, Any]]:
        """Yield every actor as ``{"id", "name", "kind", "aliases"}``."""
        result = self.query(
            "MATCH (a:Actor) RETURN a.id AS id, a.name AS name, a.kind AS kind, "
            "a.aliases AS aliases"
        )
        return result.records()

    def close(self) -> None:
        """Release the store's connections and processes."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


NodeGroup = tuple[str, tuple[str, ...], tuple[str, ...], list[dict[str, Any]]]
RelationshipGroup = tuple[str, str, str, list[dict[str, Any]]]


def node_rows(batch: GraphBatch) -> Iterator[NodeGroup]:
    """Yield ``(label, extra_labels, list_keys, rows)`` for each kind of node in ``batch``.

    Each group can be written by one parameterised MERGE; ``None`` values
    are dropped so that writing a sparser copy of a node never erases it.
    """
    groups: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[dict[str, Any]]] = {}
    for node in batch.nodes.values():
        validate_node(node)
        props = {k: v for k, v in node.props.items() if v is not None and not isinstance(v, list)}
        lists = {k: v for k, v in node.props.items() if isinstance(v, list)}
        key = (node.label, tuple(sorted(node.extra_labels)), tuple(sorted(lists)))
        groups.setdefault(key, []).append({"id": node.id, "props": props, "lists": lists})
    for (label, extra, list_keys), rows in groups.items():
        yield label, extra, list_keys, rows


def relationship_rows(batch: GraphBatch) -> Iterator[RelationshipGroup]:
    """Yield ``(type, start_label, end_label, rows)`` for each kind of relationship."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for rel in batch.relationships.values():
        validate_relationship(rel)
        props = {k: v for k, v in rel.props.items() if v is not None}
        key = (rel.type, rel.start_label, rel.end_label)
        groups.setdefault(key, []).append(
            {"start": rel.start_id, "end": rel.end_id, "props": props}
        )
    for (rel_type, start, end), rows in groups.items():
        yield rel_type, start, end, rows


def chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """Yield ``rows`` in slices of at most ``size``.

    Examples
    --------
    >>> [list(c) for c in chunks([1, 2, 3], 2)]
    [[1, 2], [3]]
    """
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def node_dict(labels: list[str], props: dict[str, Any]) -> dict[str, Any]:
    """Return a node as every store returns it: its labels, ``id``, then the other keys sorted.

    A fixed key order makes the same node print the same from every store
    (Neo4j's properties come in no particular order).

    Examples
    --------
    >>> node_dict(["Actor", "Person"], {"name": "A", "kind": "person", "id": "a"})
    {'labels': ['Actor', 'Person'], 'id': 'a', 'kind': 'person', 'name': 'A'}
    """
    return {"labels": labels, **_ordered(props)}


def relationship_dict(rel_type: str, props: dict[str, Any]) -> dict[str, Any]:
    """Return a relationship as every store returns it: its type, then its keys sorted.

    Examples
    --------
    >>> relationship_dict("MENTIONS", {"count": 2})
    {'type': 'MENTIONS', 'count': 2}
    """
    return {"type": rel_type, **_ordered(props)}


def _ordered(props: dict[str, Any]) -> dict[str, Any]:
    keys = sorted(props, key=lambda key: (key != "id", key))
    return {key: props[key] for key in keys}
