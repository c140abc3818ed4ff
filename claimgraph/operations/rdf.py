"""Import and export RDF: a store's graph to and from TriG, N-Quads, Turtle and JSON-LD.

The codec (the mapping onto PROV-O, schema.org and SIOC, and the readers and
writers) is :mod:`claimgraph.rdf`; these functions join it to a store.

Examples
--------
>>> list(_split(GraphBatch(), 10))
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from claimgraph.graph import GraphStore
from claimgraph.graph.read import read_batch, read_subgraph
from claimgraph.model import GraphBatch, WriteStats
from claimgraph.rdf.engines import RdfValueTooLargeError, format_of, read_quads, write_quads
from claimgraph.rdf.mapping import Quad, batch_to_quads, quads_to_batch

__all__ = ["IMPORT_BATCH", "export_rdf", "import_rdf"]

#: Nodes and relationships written to a store per batch on import.
IMPORT_BATCH = 5000


def export_rdf(
    store: GraphStore,
    output: IO[bytes],
    format: str = "trig",
    *,
    cypher: str | None = None,
    params: dict[str, Any] | None = None,
    engine: str = "oxigraph",
) -> int:
    """Write ``store``'s graph, or the subgraph ``cypher`` returns, as RDF; return the quads.

    Parameters
    ----------
    store : GraphStore
        An open store.
    output : binary stream
        Where to write.
    format : {"trig", "nq", "ttl", "jsonld", "nt"}
        ``ttl`` and ``nt`` hold triples only: the named graphs are merged.
    cypher, params : optional
        A Cypher query: export the nodes it returns and the relationships among them.
    engine : {"oxigraph", "rdflib"}
        Which library serializes (JSON-LD is always written by rdflib, with a ``@context``).
    """
    format = format_of("", format)
    batch = read_batch(store) if cypher is None else read_subgraph(store, cypher, params)
    counted = _Counted(batch_to_quads(batch))
    write_quads(counted, output, format, engine=engine)
    return counted.count


def import_rdf(
    source: str | Path,
    store: GraphStore,
    *,
    format: str | None = None,
    engine: str = "oxigraph",
) -> WriteStats:
    """Read the RDF file ``source`` and write the graph it describes into ``store``.

    The format comes from ``format`` or else the file's suffix.

    Raises
    ------
    RdfFormatError
        If the format is unknown or the file does not parse.
    """
    rdf_format = format_of(source, format)
    try:
        batch = quads_to_batch(read_quads(source, rdf_format, engine=engine))
    except RdfValueTooLargeError as error:
        if engine == "rdflib":
            raise
        if rdf_format == "nq":
            # rdflib's N-Quads parser takes minutes over a literal of a few megabytes.
            raise RdfValueTooLargeError(
                f"{error}; N-Quads cannot carry it: export the graph as TriG "
                "(--format trig) and import that"
            ) from None
        # Oxigraph's parser refuses a literal over 16 MB (a long document's text,
        # issue 20.13); rdflib's has no such buffer.
        batch = quads_to_batch(read_quads(source, rdf_format, engine="rdflib"))
    stats = WriteStats()
    for part in _split(batch, IMPORT_BATCH):
        stats += store.write(part)
    return stats


def _split(batch: GraphBatch, size: int) -> Iterator[GraphBatch]:
    """Yield ``batch`` in parts of about ``size``, every node before any relationship."""
    part = GraphBatch()
    for node in batch.nodes.values():
        part.add_node(node)
        if len(part) >= size:
            yield part
            part = GraphBatch()
    for rel in batch.relationships.values():
        part.add_relationship(rel)
        if len(part) >= size:
            yield part
            part = GraphBatch()
    if len(part):
        yield part


class _Counted:
    """An iterable that counts the quads passing through it."""

    def __init__(self, quads: Iterable[Quad]) -> None:
        self._quads = quads
        self.count = 0

    def __iter__(self) -> Iterator[Quad]:
        for quad in self._quads:
            self.count += 1
            yield quad
