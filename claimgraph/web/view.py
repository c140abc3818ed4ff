"""The graph view: a saved query or read-only Cypher, a page of its rows, and their subgraph.

The query runs read-only through :meth:`GraphStore.query`, which refuses a
write exactly as ``claimgraph query`` does (the database's read-only
execution plus :func:`~claimgraph.graph.cypher.check_read_only`). Its rows
are shown a page at a time; the nodes in the page's rows (the first 300),
with the relationships among them, make the picture and the downloads,
written by the exporters of :mod:`claimgraph.export`.

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
from claimgraph.errors import (
    QueryError,
    QueryParameterError,
    QueryTimeoutError,
    ReadOnlyQueryError,
)
from claimgraph.export import export_graph
from claimgraph.graph import GraphStore
from claimgraph.graph.cypher import identifier, unknown_name_warnings
from claimgraph.model import NODE_LABELS, GraphBatch, Node, Relationship
from claimgraph.queries import load_saved
from claimgraph.web import plots
from claimgraph.web.data import Ref, describe, read_all

__all__ = ["DOWNLOADS", "View", "cell", "download", "parse_params", "run_view"]

#: Download formats of the graph view: (file suffix, media type).
DOWNLOADS = {
    "gexf": (".gexf", "application/xml"),
    "graphml": (".graphml", "application/xml"),
    "csv": (".zip", "application/zip"),
    "png": (".png", "image/png"),
}

#: Nodes of a page drawn and downloaded at most (the first ones found in its rows).
MAX_DRAWN = 300

# A page of any read query; the query keeps its own ORDER BY and LIMIT.
PAGE_ROWS = "CALL {{\n{query}\n}}\nRETURN * SKIP $skip_ LIMIT $size_"

# Both ends found by their indexed ids first, then the relationships between them: many
# times faster than filtering every relationship of the start nodes.
EDGES_AMONG = (
    "MATCH (a:{start}) WHERE a.id IN $starts MATCH (b:{end}) WHERE b.id IN $ends "
    "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)"
)


@dataclass(slots=True)
class View:
    """A page of a query's rows and the subgraph of the nodes in them."""

    columns: list[str]
    rows: list[list[Any]]
    page: int
    more: bool
    graph: nx.MultiDiGraph
    warnings: list[str] = field(default_factory=list)
    truncated: bool = False
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
    page = max(1, page)
    columns, rows, more = _page(store, text, values, page, page_size)
    graph, truncated = _subgraph(store, rows)
    view = View(columns, rows, page, more, graph, warnings, truncated)
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


def _page(
    store: GraphStore, text: str, values: dict[str, Any], page: int, size: int
) -> tuple[list[str], list[list[Any]], bool]:
    """Return the columns and rows of page ``page`` of the query, and whether more follow.

    The query runs inside ``CALL { }`` with ``SKIP`` and ``LIMIT``, so that a
    large result never travels whole (one row more than the page tells whether
    another page follows). A query the database cannot run as a subquery runs
    as it is and is paged here.
    """
    body = text.strip().rstrip(";")
    params = {**values, "skip_": (page - 1) * size, "size_": size + 1}
    try:
        shown = store.query(PAGE_ROWS.format(query=body), params)
    except (ReadOnlyQueryError, QueryTimeoutError):
        raise
    except QueryError:
        result = store.query(text, values)
        rows = result.rows[(page - 1) * size : page * size + 1]
        return result.columns, rows[:size], len(rows) > size
    return shown.columns, shown.rows[:size], len(shown.rows) > size


def _subgraph(store: GraphStore, rows: list[list[Any]]) -> tuple[nx.MultiDiGraph, bool]:
    """Return the first :data:`MAX_DRAWN` nodes found in ``rows`` with the relationships among
    them, and whether nodes were left out."""
    batch = GraphBatch()
    found = (node for row in rows for value in row for node in _nodes_in(value))
    for node in found:
        ref = describe(node)
        if ref.label not in NODE_LABELS or (ref.label, ref.id) in batch.nodes:
            continue
        if len(batch.nodes) == MAX_DRAWN:
            return _with_relationships(store, batch), True
        props = {k: v for k, v in node.items() if k not in ("labels", "id")}
        extra = tuple(label for label in node["labels"] if label != ref.label)
        batch.add_node(Node(ref.label, ref.id, props, extra))
    return _with_relationships(store, batch), False


def _with_relationships(store: GraphStore, batch: GraphBatch) -> nx.MultiDiGraph:
    """Return ``batch``'s nodes with the relationships among them, read from ``store``."""
    ids: dict[str, list[str]] = {}
    for label, node_id in batch.nodes:
        ids.setdefault(label, []).append(node_id)
    pairs = [(start, end) for start in sorted(ids) for end in sorted(ids)]
    queries = [
        (
            EDGES_AMONG.format(start=identifier(start), end=identifier(end)),
            {"starts": ids[start], "ends": ids[end]},
        )
        for start, end in pairs
    ]
    for (start, end), result in zip(pairs, read_all(store, queries), strict=True):
        for start_id, rel_type, end_id, props in result.rows:
            batch.add_relationship(
                Relationship(rel_type, start, str(start_id), end, str(end_id), dict(props or {}))
            )
    return graph_from_batch(batch)


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
