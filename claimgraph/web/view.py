"""The graph view: a saved query or read-only Cypher, a page of its rows, and their subgraph.

The query runs read-only through :meth:`GraphStore.query`, which refuses a
write exactly as ``claimgraph query`` does (the database's read-only
execution plus :func:`~claimgraph.graph.cypher.check_read_only`). Its rows
are shown a page at a time; the nodes in the page's rows, with the
relationships among them, make the picture and the downloads, written by the
exporters of :mod:`claimgraph.export`.

Examples
--------
>>> parse_params("name=Karim Massimov\\nlimit:=5")
{'name': 'Karim Massimov', 'limit': 5}
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from claimgraph.analysis.graph import graph_from_batch
from claimgraph.errors import QueryParameterError
from claimgraph.export import export_graph
from claimgraph.graph import GraphStore
from claimgraph.graph.cypher import identifier, unknown_name_warnings
from claimgraph.graph.read import read_subgraph
from claimgraph.model import NODE_LABELS
from claimgraph.queries import load_saved
from claimgraph.web import plots
from claimgraph.web.data import Ref, describe

__all__ = ["DOWNLOADS", "View", "cell", "download", "parse_params", "run_view"]

#: Download formats of the graph view: (file suffix, media type).
DOWNLOADS = {
    "gexf": (".gexf", "application/xml"),
    "graphml": (".graphml", "application/xml"),
    "csv": (".zip", "application/zip"),
    "png": (".png", "image/png"),
}

#: Nodes drawn in the picture at most; a larger page is listed but not drawn.
MAX_DRAWN = 300


@dataclass(slots=True)
class View:
    """A page of a query's rows and the subgraph of the nodes in them."""

    columns: list[str]
    rows: list[list[Any]]
    total: int
    page: int
    pages: int
    graph: nx.MultiDiGraph
    warnings: list[str] = field(default_factory=list)
    picture: plots.Picture | None = None


def parse_params(text: str) -> dict[str, Any]:
    """Return query parameters from lines ``NAME=VALUE`` (a string) or ``NAME:=JSON``.

    Raises
    ------
    QueryParameterError
        If a line has no ``=`` or its JSON cannot be read.
    """
    params: dict[str, Any] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, value = line.partition("=")
        if not sep:
            raise QueryParameterError(
                f"cannot read the parameter line {line.strip()!r}; write NAME=VALUE or NAME:=JSON"
            )
        if name.endswith(":"):
            try:
                params[name[:-1].strip()] = json.loads(value)
            except ValueError as exc:
                raise QueryParameterError(
                    f"parameter {name[:-1].strip()!r}: {value!r} is not JSON ({exc}); "
                    "write NAME=VALUE to pass a string"
                ) from None
        else:
            params[name.strip()] = value.strip()
    return params


def run_view(
    store: GraphStore,
    *,
    cypher: str | None = None,
    saved: str | None = None,
    params: dict[str, Any] | None = None,
    page: int = 1,
    page_size: int = 50,
) -> View:
    """Run ``cypher`` or the saved query ``saved`` read-only; return page ``page`` of it.

    A saved query runs with its ``// subgraph:`` nodes, so that its picture
    shows the nodes behind its names and texts.

    Raises
    ------
    ReadOnlyQueryError
        If the query would write (the same refusal as ``claimgraph query``).
    QueryError
        If the store refuses the query otherwise.
    """
    values = dict(params or {})
    warnings: list[str] = []
    if saved:
        query = load_saved(saved)
        text, values = query.subgraph_text, query.bind(values)
    else:
        text = cypher or ""
        warnings = unknown_name_warnings(text)
    result = store.query(text, values)
    total = len(result.rows)
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    rows = result.rows[(page - 1) * page_size : page * page_size]
    graph = _subgraph(store, rows)
    view = View(result.columns, rows, total, page, pages, graph, warnings)
    if graph.number_of_nodes() <= MAX_DRAWN:
        view.picture = plots.graph_picture(graph, _describe_all(graph))
    return view


def download(view: View, fmt: str, title: str) -> bytes:
    """Return the view's subgraph as a file in ``fmt`` (a key of :data:`DOWNLOADS`).

    A csv export is a folder of files; it comes as one zip file.
    """
    graph = view.graph.copy()
    graph.graph["title"] = title
    with tempfile.TemporaryDirectory(prefix="claimgraph-view-") as name:
        folder = Path(name)
        if fmt == "csv":
            export_graph(graph, folder / "csv", "csv")
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted((folder / "csv").iterdir()):
                    archive.write(path, f"claimgraph-view/{path.name}")
            return buffer.getvalue()
        path = export_graph(graph, folder / f"view{DOWNLOADS[fmt][0]}", fmt)
        return path.read_bytes()


def cell(value: Any) -> dict[str, Any]:
    """Return how the table shows one value: a node as a link, a list item by item, else text."""
    if isinstance(value, dict) and "labels" in value and "id" in value:
        return {"ref": describe(value)}
    if isinstance(value, dict) and "type" in value:
        return {"text": f"[:{value['type']}]"}
    if isinstance(value, list):
        return {"list": [cell(item) for item in value]}
    if value is None:
        return {"text": ""}
    if isinstance(value, dict):
        return {"text": json.dumps(value, ensure_ascii=False, default=str)}
    return {"text": str(value)}


# -- helpers -------------------------------------------------------------------------------


def _subgraph(store: GraphStore, rows: list[list[Any]]) -> nx.MultiDiGraph:
    """Return the nodes found in ``rows`` and the relationships among them."""
    ids: dict[str, set[str]] = {}
    for row in rows:
        for value in row:
            for node in _nodes_in(value):
                ref = describe(node)
                if ref.label in NODE_LABELS:
                    ids.setdefault(ref.label, set()).add(ref.id)
    if not ids:
        return nx.MultiDiGraph()
    # The page's nodes fetched again by label and id, so that the library's subgraph
    # reader adds the relationships among them.
    parts = [
        f"MATCH (n:{identifier(label)}) WHERE n.id IN ${identifier(label)} RETURN n"
        for label in sorted(ids)
    ]
    params = {label: sorted(found) for label, found in ids.items()}
    return graph_from_batch(read_subgraph(store, " UNION ".join(parts), params))


def _nodes_in(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict) and "labels" in value and "id" in value:
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _nodes_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes_in(item)


def _describe_all(graph: nx.MultiDiGraph) -> dict[str, tuple[str, str, str | None]]:
    described: dict[str, tuple[str, str, str | None]] = {}
    for key, data in graph.nodes(data=True):
        ref: Ref = describe({**data, "labels": data.get("labels") or [data.get("label")]})
        described[key] = (ref.name, ref.kind, ref.href)
    return described
