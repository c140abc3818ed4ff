"""Exporters: a store's graph written as files for other tools.

Exporters are registered by format name and imported when first used, like
the stores:

- ``json``: NetworkX node-link JSON, which NetworkX, D3 and most graph tools read;
- ``cyjs``: Cytoscape.js elements JSON, for Cytoscape.js and Cytoscape desktop;
- ``graphml``, ``gexf``: for Gephi, Cytoscape and yEd, with colours, sizes and weights;
- ``csv``: a folder of files ``neo4j-admin database import`` reads;
- ``html``: one interactive page that works offline;
- ``png``, ``svg``: pictures for reports.

The format of ``claimgraph export -o FILE`` comes from the file's suffix
when ``--format`` is not given (issue 19.5), as ``claimgraph import`` does.

Examples
--------
>>> available_formats()
['csv', 'cyjs', 'gexf', 'graphml', 'html', 'json', 'png', 'svg']
>>> format_from_suffix("graph.html"), format_from_suffix("massimov.NQ")
('html', 'nq')
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Protocol, runtime_checkable

import networkx as nx

from claimgraph.errors import ClaimgraphError

__all__ = [
    "ExportError",
    "Exporter",
    "FORMATS",
    "SUFFIXES",
    "available_formats",
    "check_output",
    "export_graph",
    "format_from_suffix",
]

_REGISTRY: dict[str, str] = {
    "json": "claimgraph.export.json:write_node_link",
    "cyjs": "claimgraph.export.json:write_cytoscape",
    "graphml": "claimgraph.export.xml:write_graphml",
    "gexf": "claimgraph.export.xml:write_gexf",
    "csv": "claimgraph.export.csv:write_neo4j_csv",
    "html": "claimgraph.export.html:write_html",
    "png": "claimgraph.export.picture:write_png",
    "svg": "claimgraph.export.picture:write_svg",
}

#: The graph file formats, in the order the command line lists them.
FORMATS: tuple[str, ...] = tuple(_REGISTRY)


#: Export formats by file suffix, graph files and RDF alike. ``.json`` is node-link
#: JSON; JSON-LD is ``.jsonld``. A csv export is a folder: it has no suffix to go by.
SUFFIXES: dict[str, str] = {
    ".json": "json",
    ".cyjs": "cyjs",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".html": "html",
    ".htm": "html",
    ".png": "png",
    ".svg": "svg",
    ".trig": "trig",
    ".nq": "nq",
    ".nquads": "nq",
    ".ttl": "ttl",
    ".turtle": "ttl",
    ".jsonld": "jsonld",
    ".json-ld": "jsonld",
}


class ExportError(ClaimgraphError):
    """An export's format or output file is wrong, or writing it failed."""


@runtime_checkable
class Exporter(Protocol):
    """A function writing a NetworkX graph to a file."""

    def __call__(self, graph: nx.MultiDiGraph, path: Path) -> None: ...


def available_formats() -> list[str]:
    """Return the names of the registered export formats."""
    return sorted(_REGISTRY)


def format_from_suffix(path: str | Path) -> str:
    """Return the export format ``path``'s suffix names.

    Raises
    ------
    ExportError
        If the suffix names none; the message lists the suffixes there are.
    """
    suffix = Path(path).suffix.lower()
    found = SUFFIXES.get(suffix)
    if found is None:
        known = ", ".join(f"{s} ({f})" for s, f in SUFFIXES.items())
        what = f"its suffix {suffix!r}" if suffix else "a name without a suffix"
        raise ExportError(
            f"cannot tell the export format of {path} from {what}; pass --format "
            f"(csv, a folder, always needs it) or use one of: {known}"
        )
    return found


def check_output(path: str | Path, format: str) -> None:
    """Refuse an output ``path`` that cannot be written, before any work is done.

    A csv export is a folder, created with its parents; every other format is
    one file, whose folder must exist.

    Raises
    ------
    ExportError
        If the folder of a file is missing or is not a folder, or ``path`` is a folder.
    """
    path = Path(path)
    if format == "csv":
        if path.exists() and not path.is_dir():
            raise ExportError(f"{path} is a file; a csv export is a folder, give a new name")
        return
    if path.is_dir():
        raise ExportError(
            f"{path} is a folder; give a file name, such as {path / ('graph.' + format)}"
        )
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise ExportError(
            f"cannot write {path}: {folder} {what}; create it first (mkdir -p {folder})"
        )


def export_graph(graph: nx.MultiDiGraph, path: str | Path, format: str = "json") -> Path:
    """Write ``graph`` to ``path`` in ``format`` and return the path.

    Nodes without a label (added to ``graph`` only as the end of an edge) are
    left out with their edges: every exported relationship has both its nodes.

    Raises
    ------
    ExportError
        If ``format`` is unknown, or the file or folder cannot be written.
    """
    target = _REGISTRY.get(format)
    if target is None:
        raise ExportError(
            f"unknown export format {format!r}; choose one of: {', '.join(available_formats())}"
        )
    module_name, _, function_name = target.partition(":")
    exporter: Exporter = getattr(importlib.import_module(module_name), function_name)
    path = Path(path)
    check_output(path, format)
    try:
        exporter(_complete(graph), path)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def _complete(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    bare = [node for node, label in graph.nodes(data="label") if label is None]
    if not bare:
        return graph
    complete = graph.copy()
    complete.remove_nodes_from(bare)
    return complete
