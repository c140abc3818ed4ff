"""The graph view: a saved query or read-only Cypher, a page of its rows, and their subgraph.

The query runs read-only through :meth:`GraphStore.query`, which refuses a
write exactly as ``claimgraph query`` does (the database's read-only
execution plus :func:`~claimgraph.graph.cypher.check_read_only`). Its rows
are shown a page at a time; the nodes in the page's rows (the first 150),
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
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
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
from claimgraph.model import NODE_LABELS, REL_TYPES, GraphBatch, Node, Relationship
from claimgraph.queries import SavedQuery, load_saved
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
MAX_DRAWN = 150

#: Nodes of each list of a saved query's subgraph (``..._nodes``) taken per row at most:
#: ``top-actors`` would otherwise bring every document that mentions each actor.
LIST_DRAWN = 10

# A page of any read query; the query keeps its own ORDER BY and LIMIT. A subquery that
# opens with WITH would be read as importing variables, so one row goes first.
PAGE_ROWS = "CALL {{\n{lead}{query}\n}}\nRETURN * SKIP $skip_ LIMIT $size_"
_LEADING_WITH = re.compile(r"\A\s*WITH\b", re.IGNORECASE)
_NAMED_ITEM = re.compile(r"(?P<expr>.+?)(?:\s+AS\s+(?P<name>\w+))?", re.IGNORECASE | re.DOTALL)

# Both ends found by their indexed ids first, then the relationships between them: many
# times faster than filtering every relationship of the start nodes.
EDGES_AMONG = (
    "MATCH (a:{start}) WHERE a.id IN $starts MATCH (b:{end}) WHERE b.id IN $ends "
    "MATCH (a)-[r:{types}]->(b) RETURN a.id, type(r), b.id, properties(r)"
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
    shows the nodes behind its names and texts (at most :data:`LIST_DRAWN`
    of each list of nodes per row).

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
        text, values = _drawn(query), query.bind(values)
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
    lead = "UNWIND [0] AS page_\n" if _LEADING_WITH.match(body) else ""
    params = {**values, "skip_": (page - 1) * size, "size_": size + 1}
    try:
        shown = store.query(PAGE_ROWS.format(lead=lead, query=body), params)
    except (ReadOnlyQueryError, QueryTimeoutError):
        raise
    except QueryError:
        result = store.query(text, values)
        rows = result.rows[(page - 1) * size : page * size + 1]
        return result.columns, rows[:size], len(rows) > size
    return shown.columns, shown.rows[:size], len(shown.rows) > size


def _drawn(query: SavedQuery) -> str:
    """Return the saved query with its subgraph, each list of nodes cut to :data:`LIST_DRAWN`.

    Examples
    --------
    >>> print(_drawn(load_saved("top-actors")).splitlines()[2].strip())
    (collect(DISTINCT a))[0..10] AS actor_nodes, (collect(DISTINCT d))[0..10] AS document_nodes
    """
    if query.subgraph is None:
        return query.text
    items = []
    for item in _top_level_items(query.subgraph):
        found = _NAMED_ITEM.fullmatch(item)
        assert found is not None  # any text matches
        name = found["name"] or found["expr"]
        if name.endswith("_nodes"):
            item = f"({found['expr']})[0..{LIST_DRAWN}] AS {name}"
        items.append(item)
    return replace(query, subgraph=", ".join(items)).subgraph_text


def _top_level_items(text: str) -> list[str]:
    """Return the comma-separated items of ``text``, commas inside brackets left alone."""
    items, depth, start = [], 0, 0
    for at, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(text[start:at].strip())
            start = at + 1
    items.append(text[start:].strip())
    return items


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
    # Only the pairs of labels, and the types, that the data model relates.
    types: dict[tuple[str, str], list[str]] = {}
    for rel_type, (starts, ends) in REL_TYPES.items():
        for start in sorted(starts & ids.keys()):
            for end in sorted(ends & ids.keys()):
                types.setdefault((start, end), []).append(identifier(rel_type))
    pairs = sorted(types)
    queries = [
        (
            EDGES_AMONG.format(
                start=identifier(start), end=identifier(end), types="|".join(types[start, end])
            ),
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
