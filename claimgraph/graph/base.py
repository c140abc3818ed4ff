"""The ``GraphStore`` interface every backend implements.

A store takes :class:`~claimgraph.model.GraphBatch` writes (idempotent: the
same batch twice changes nothing) and answers Cypher with parameters. Backends
declare what they can do in ``capabilities``, as rdflib's ``Store`` declares
``context_aware``; an operation a store cannot do fails at once, through
:meth:`GraphStore.require`, with one message saying what to use instead.
The result types (:class:`QueryResult`, :class:`StoreCounts`,
:class:`WriteStats`) live in :mod:`claimgraph.model`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

from claimgraph.errors import UnsupportedOperationError
from claimgraph.model import (
    GraphBatch,
    QueryResult,
    StoreCounts,
    WriteStats,
    validate_node,
    validate_relationship,
)

__all__ = [
    "CAPABILITIES",
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

#: What a store may declare it can do, and what each means in a message.
CAPABILITIES = {
    "cypher": "runs Cypher (--store embedded or neo4j)",
    "sparql": "answers SPARQL over the whole graph itself (--store rdf)",
    "to_batch": "reads its whole graph into a batch itself (--store rdf)",
}


class GraphStore:
    """Base class of graph store backends.

    Subclasses set ``name`` and ``capabilities`` and implement the methods
    below. Use a store as a context manager so it is always closed. Every
    backend's constructor takes the keyword options ``read_only`` (open an
    existing store only to read it: never create or change it) and
    ``timeout`` (seconds a read query may run), as
    :func:`~claimgraph.graph.open_store` passes them; its other keyword
    arguments are the backend's options.

    Examples
    --------
    >>> GraphStore.capabilities
    frozenset({'cypher'})
    >>> GraphStore().require("to_batch", "Reading")
    Traceback (most recent call last):
    claimgraph.errors.UnsupportedOperationError: Reading needs a store that reads its whole \
graph into a batch itself (--store rdf), not GraphStore
    """

    #: Name the backend is registered under (``--store NAME``).
    name: ClassVar[str] = ""
    #: What the store can do, from :data:`CAPABILITIES`.
    capabilities: ClassVar[frozenset[str]] = frozenset({"cypher"})
    #: For a capability the store lacks, what to do instead (ends the refusal message).
    instead: ClassVar[Mapping[str, str]] = {}
    #: Whether several processes may open the same store at once.
    multiprocess_safe: ClassVar[bool] = False

    @property
    def location(self) -> str:
        """Return where the graph is: a database path, or a server's URI."""
        return ""

    def files(self) -> frozenset[str]:
        """Return the real paths of the files and folders the store keeps its graph in.

        A store on a server keeps none here. Reading inputs skips these, so
        that ``claimgraph ingest .`` never reads the database (issue 17.2).
        """
        return frozenset()

    def supports(self, capability: str) -> bool:
        """Return whether the store declares ``capability``."""
        return capability in self.capabilities

    def require(self, capability: str, operation: str) -> None:
        """Raise unless the store declares ``capability``, which ``operation`` needs.

        Parameters
        ----------
        capability : str
            One of :data:`CAPABILITIES`.
        operation : str
            What was asked, as it reads at the start of the message
            (``"analysing amplification"``).

        Raises
        ------
        UnsupportedOperationError
            Naming the store, what the operation needs and what to use instead.
        """
        if capability not in self.capabilities:
            raise self.unsupported(capability, operation)

    def unsupported(self, capability: str, operation: str) -> UnsupportedOperationError:
        """Return the error refusing ``operation``, which needs ``capability``."""
        instead = self.instead.get(capability)
        hint = f"; {instead}" if instead else ""
        return UnsupportedOperationError(
            f"{operation} needs a store that {CAPABILITIES[capability]}, "
            f"not {self.name or type(self).__name__}{hint}"
        )

    def write(self, batch: GraphBatch) -> WriteStats:
        """Merge every node and relationship of ``batch`` into the store."""
        raise NotImplementedError

    def query(
        self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False
    ) -> QueryResult:
        """Run ``cypher`` with ``params``; refuse writes unless ``write`` is true."""
        raise NotImplementedError

    def sparql(self, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a read-only SPARQL query, each parameter bound to ``?name``.

        A store declaring ``sparql`` answers it itself; this default maps
        the whole graph to RDF in memory (Oxigraph) first, which suits
        graphs that fit in memory.
        """
        from claimgraph.graph.read import read_batch
        from claimgraph.rdf.sparql import in_memory_dataset, run_sparql

        return run_sparql(in_memory_dataset(read_batch(self)), text, params)

    def to_batch(self) -> GraphBatch:
        """Return the whole graph as one batch (stores declaring ``to_batch``)."""
        raise self.unsupported("to_batch", "reading the graph without Cypher")

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
