"""Export the graph, or the subgraph a query returns, as RDF, graph files or pictures.

A subgraph holds the nodes a Cypher query returns and the relationships among
them; ``hops`` widens it, ``labels`` and ``types`` filter it (graph files and
pictures only). In RDF every document's statements are in a named graph of
their own.

Examples
--------
>>> RDF_FORMATS
('trig', 'nq', 'ttl', 'jsonld')
>>> export_format(None, None), export_format(None, Path("graph.gexf"))
('trig', 'gexf')
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from claimgraph import export, rdf
from claimgraph.graph import GraphStore
from claimgraph.operations.errors import ConflictingOptionsError

__all__ = [
    "ExportResult",
    "FORMATS",
    "GRAPH_FORMATS",
    "RDF_FORMATS",
    "Selection",
    "export_format",
    "export_store",
]

#: The RDF formats written by export (N-Triples only by the library's codec).
RDF_FORMATS: tuple[str, ...] = tuple(name for name in rdf.FORMATS if name != "nt")
#: The graph file and picture formats.
GRAPH_FORMATS: tuple[str, ...] = export.FORMATS
#: Every export format, RDF first.
FORMATS: tuple[str, ...] = (*RDF_FORMATS, *GRAPH_FORMATS)
#: The graph formats that can go to standard output; the others need a file or folder.
_STREAMED = ("json", "cyjs", "graphml", "gexf")


@dataclass(frozen=True, slots=True)
class Selection:
    """Which part of the graph to export: all of it, or a query's subgraph widened and filtered."""

    cypher: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    hops: int = 0
    labels: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    @classmethod
    def saved(cls, name: str, params: Mapping[str, Any], **narrowing: Any) -> Selection:
        """Return the selection of the nodes behind the rows of the saved query ``name``.

        Raises
        ------
        UnknownQueryError
            If no saved query has that name.
        """
        from claimgraph.queries import load_saved

        query = load_saved(name)
        # the nodes behind the saved query's rows, not only its names and texts (19.6)
        return cls(query.subgraph_text, query.bind(dict(params)), **narrowing)


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: ``matched`` is false when the selection's query matched nothing."""

    format: str
    path: Path | None
    matched: bool
    nodes: int = 0
    relationships: int = 0
    statements: int = 0


def export_format(given: str | None, output: Path | None) -> str:
    """Return the export format: ``given``, else the one ``output``'s suffix names, else trig.

    Raises
    ------
    ExportError
        If the suffix names no format, or ``output`` cannot be written.
    """
    chosen = given or ("trig" if output is None else export.format_from_suffix(output))
    if output is not None:
        export.check_output(output, chosen)
    return chosen


def export_store(
    store: GraphStore,
    format: str,
    output: Path | None = None,
    selection: Selection | None = None,
    *,
    title: str | None = None,
) -> ExportResult:
    """Write ``store``'s graph, or the ``selection`` of it, to ``output`` in ``format``.

    Parameters
    ----------
    store : GraphStore
        An open store.
    format : str
        One of :data:`FORMATS`.
    output : Path, optional
        The file (a folder for csv); ``None`` writes to standard output.
    selection : Selection, optional
        The subgraph to export; the whole graph by default.
    title : str, optional
        The title of an html, png or svg picture.

    Raises
    ------
    ConflictingOptionsError
        If a picture or csv has no ``output``, or an RDF export has hops or filters.
    """
    selection = selection or Selection()
    if format in GRAPH_FORMATS:
        return _export_graph_file(store, format, output, selection, title)
    if selection.hops or selection.labels or selection.types:
        raise ConflictingOptionsError(
            "--hops, --label and --type apply to graph files and pictures, not RDF"
        )
    from claimgraph.operations.rdf import export_rdf

    with _binary_output(output) as stream:
        count = export_rdf(
            store, stream, format, cypher=selection.cypher, params=dict(selection.params)
        )
    matched = selection.cypher is None or count > 0
    return ExportResult(format, output, matched, statements=count)


def _export_graph_file(
    store: GraphStore, format: str, output: Path | None, selection: Selection, title: str | None
) -> ExportResult:
    from claimgraph.analysis.graph import graph_from_batch, node_key, select_subgraph
    from claimgraph.export.style import remember_clusters
    from claimgraph.graph.read import read_batch, read_subgraph

    if output is None and format not in _STREAMED:
        raise ConflictingOptionsError(f"--format {format} needs --output FILE")
    seeds = None
    if selection.cypher is not None:
        found = read_subgraph(store, selection.cypher, dict(selection.params))
        seeds = [node_key(label, node_id) for label, node_id in found.nodes]
    whole = graph_from_batch(read_batch(store))
    # Each account keeps its cluster in a file of accounts alone (--label Account).
    remember_clusters(whole)
    graph = select_subgraph(
        whole,
        seeds,
        selection.hops,
        selection.labels,
        selection.types,
    )
    if title is not None:
        graph.graph["title"] = title
    path = export.export_graph(graph, output or Path("/dev/stdout"), format)
    return ExportResult(
        format,
        None if output is None else path,
        seeds is None or bool(seeds),
        nodes=graph.number_of_nodes(),
        relationships=graph.number_of_edges(),
    )


@contextmanager
def _binary_output(path: Path | None) -> Iterator[IO[bytes]]:
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with path.open("wb") as stream:
        yield stream
