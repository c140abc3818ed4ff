"""Copy a graph from one store to another: all nodes, then all relationships, page by page.

Pages are read in the order of the database's internal node ids and resumed
after the last one seen (keyset paging), so memory holds one page at a time.
The ``id`` property is not the page key: FalkorDB's ``>`` on strings
disagrees with its ``ORDER BY`` for non-ASCII text (``'25yearsofindependence'
> '25летнезависимости'`` is true), so paging by it looped forever on the
founding example (issue 19.2). Internal ids are integers, compared the same
way everywhere, and every page must advance past the last, or the copy stops
with an error rather than loop. Writes are the stores' own
idempotent MERGEs: copying again, or after an interrupted copy, changes
nothing that is already there and adds what is missing.

Only what the data model describes is copied: a node without one of the
primary labels, or a relationship the model does not allow between its two
ends, is counted in ``skipped`` and left behind.

:func:`copy_store` opens both stores from their settings and refuses to copy
a store onto itself; :func:`copy_graph` copies between two open stores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from claimgraph.errors import StoreError
from claimgraph.graph import GraphStore, cypher
from claimgraph.model import NODE_LABELS, REL_TYPES, GraphBatch, Node, Relationship
from claimgraph.operations.errors import ConflictingOptionsError
from claimgraph.operations.stores import StoreSettings

__all__ = ["CopyError", "CopyStats", "check_distinct", "copy_graph", "copy_store"]

#: Nodes (or start nodes, for relationships) read per page.
DEFAULT_BATCH = 5000

ProgressCallback = Callable[[int, int], None]

# id() is deprecated in Neo4j 5 in favour of elementId(), a string, which would
# bring back string comparison; id() still runs on Neo4j 5 and on FalkorDB.
_NODES_PAGE = """
MATCH (n:{label})
WHERE id(n) > $after
RETURN id(n) AS key, n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY key
LIMIT $size
"""

_RELATIONSHIPS_PAGE = """
MATCH (a:{label})
WHERE id(a) > $after
WITH a ORDER BY id(a) LIMIT $size
OPTIONAL MATCH (a)-[r]->(b)
RETURN id(a) AS key, a.id AS start, type(r) AS type, labels(b) AS end_labels, b.id AS end,
       properties(r) AS props
"""

#: Below every internal id: the key the first page starts after.
_BEFORE_FIRST = -1

_UNLABELLED = "MATCH (n) WHERE none(l IN labels(n) WHERE l IN $labels) RETURN count(n)"


@dataclass(slots=True)
class CopyStats:
    """What a copy read from the source and created in the target."""

    nodes: int = 0
    relationships: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    skipped: int = 0


class CopyError(ConflictingOptionsError):
    """The source and the target of a copy are the same store."""


def check_distinct(source: StoreSettings, target: StoreSettings) -> None:
    """Raise :class:`CopyError` if ``source`` and ``target`` name the same store.

    Examples
    --------
    >>> from pathlib import Path
    >>> check_distinct(StoreSettings("embedded", Path("a.db")), StoreSettings("neo4j"))
    >>> check_distinct(StoreSettings("neo4j"), StoreSettings("neo4j"))
    Traceback (most recent call last):
    ...
    claimgraph.operations.copy.CopyError: --from and --to are both 'neo4j'; nothing to copy
    """
    if source.name == target.name == "embedded":
        if source.db is None or target.db is None or source.db.resolve() == target.db.resolve():
            raise CopyError("copying a database onto itself; give the target with --to-db")
    elif source.name == target.name:
        raise CopyError(f"--from and --to are both {source.name!r}; nothing to copy")


def copy_store(
    source: StoreSettings,
    target: StoreSettings,
    *,
    batch_size: int = DEFAULT_BATCH,
    on_progress: ProgressCallback | None = None,
) -> CopyStats:
    """Open ``source`` to read and ``target`` to write, and copy the graph (:func:`copy_graph`).

    Raises
    ------
    CopyError
        If both name the same store (see :func:`check_distinct`).
    """
    check_distinct(source, target)
    with source.open(read_only=True) as reader, target.open() as writer:
        return copy_graph(reader, writer, batch_size=batch_size, on_progress=on_progress)


def copy_graph(
    source: GraphStore,
    target: GraphStore,
    *,
    batch_size: int = DEFAULT_BATCH,
    on_progress: ProgressCallback | None = None,
) -> CopyStats:
    """Copy every node and relationship of ``source`` into ``target``.

    Parameters
    ----------
    source, target : GraphStore
        Open stores; ``target`` may already hold a graph, which is merged into.
    batch_size : int
        Nodes, or start nodes of relationships, per page and per write.
    on_progress : callable, optional
        Called after each page with the items done and the total to do.

    Returns
    -------
    CopyStats
        Nodes and relationships read, created in the target, and skipped.

    Raises
    ------
    UnsupportedOperationError
        If ``source`` does not answer Cypher (the ``rdf`` store).
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    source.require("cypher", "copying a graph")
    counts = source.counts()
    total = counts.nodes + counts.edges
    stats = CopyStats()

    def progress() -> None:
        if on_progress is not None:
            on_progress(stats.nodes + stats.relationships + stats.skipped, total)

    for label in NODE_LABELS:
        for batch, read in _node_pages(source, label, batch_size):
            written = target.write(batch)
            stats.nodes += len(batch.nodes)
            stats.skipped += read - len(batch.nodes)
            stats.nodes_created += written.nodes_created
            progress()
    for label in NODE_LABELS:
        for batch, read in _relationship_pages(source, label, batch_size):
            written = target.write(batch)
            stats.relationships += len(batch.relationships)
            stats.skipped += read - len(batch.relationships)
            stats.relationships_created += written.relationships_created
            progress()
    # Nodes with no primary label are never paged; count them as skipped.
    unlabelled = source.query(_UNLABELLED, {"labels": list(NODE_LABELS)}).rows
    stats.skipped += int(unlabelled[0][0])
    return stats


def _node_pages(store: GraphStore, label: str, size: int) -> Iterator[tuple[GraphBatch, int]]:
    text = _NODES_PAGE.format(label=cypher.identifier(label))
    after = _BEFORE_FIRST
    while True:
        rows = store.query(text, {"after": after, "size": size}).rows
        if not rows:
            return
        batch = GraphBatch()
        for _, node_id, labels, props in rows:
            extra = tuple(sorted(other for other in labels if other != label))
            if isinstance(node_id, str) and not any(other in NODE_LABELS for other in extra):
                props = {k: v for k, v in props.items() if k != "id"}
                batch.add_node(Node(label, node_id, props, extra))
        yield batch, len(rows)
        after = _advanced(after, (row[0] for row in rows), store)


def _relationship_pages(
    store: GraphStore, label: str, size: int
) -> Iterator[tuple[GraphBatch, int]]:
    text = _RELATIONSHIPS_PAGE.format(label=cypher.identifier(label))
    after = _BEFORE_FIRST
    while True:
        rows = store.query(text, {"after": after, "size": size}).rows
        if not rows:
            return
        batch = GraphBatch()
        read = 0
        for _, start, rel_type, end_labels, end, props in rows:
            if rel_type is None:  # a start node without outgoing relationships
                continue
            read += 1
            rel = _relationship(label, start, rel_type, end_labels, end, props)
            if rel is not None:
                batch.add_relationship(rel)
        yield batch, read
        after = _advanced(after, (row[0] for row in rows), store)


def _advanced(after: int, keys: Iterable[Any], store: GraphStore) -> int:
    """Return the largest page key, which must lie past ``after``: a page never repeats."""
    last = max(int(key) for key in keys)
    if last <= after:
        raise StoreError(
            f"the {store.name} store returned a page of nodes that does not advance past "
            f"internal id {after}; the copy stopped instead of reading the same page again"
        )
    return last


def _relationship(
    start_label: str, start: Any, rel_type: str, end_labels: list[str], end: Any, props: Any
) -> Relationship | None:
    ends = REL_TYPES.get(rel_type)
    if ends is None or start_label not in ends[0]:
        return None
    if not isinstance(start, str) or not isinstance(end, str):
        return None
    end_label = next((label for label in end_labels if label in ends[1]), None)
    if end_label is None:
        return None
    return Relationship(rel_type, start_label, start, end_label, end, dict(props or {}))
