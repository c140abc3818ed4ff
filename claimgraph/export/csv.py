"""CSV files in the header format ``neo4j-admin database import`` reads.

Ids are unique within a label only, so each primary label gets its own nodes
file with its own id space (``id:ID(Actor)``), and each pair of start and end
labels its own relationships file (``:START_ID(Actor)``, ``:END_ID(Claim)``,
``:TYPE``). Columns are typed (``count:long``, ``aliases:string[]`` with
``;`` between items) when every value in the file has that type. The files
go into one folder with ``import.args``, the matching command-line
arguments::

    neo4j-admin database import full neo4j @graph-csv/import.args

Text cells that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) are prefixed with ``'``;
so are header cells naming such properties. Numbers stay numbers.

Examples
--------
>>> defused("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> defused("plain")
'plain'
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from claimgraph.export.style import clean_text

__all__ = ["defused", "write_neo4j_csv"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ARRAY_DELIMITER = ";"


def defused(text: str) -> str:
    """Return ``text`` prefixed with ``'`` when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_neo4j_csv(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` into the folder ``path`` as neo4j-admin import CSV files."""
    path.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for _, data in graph.nodes(data=True):
        by_label[str(data["label"])].append((str(data["id"]), data))
    by_pair: dict[tuple[str, str], list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for start, end, data in graph.edges(data=True):
        first, last = graph.nodes[start], graph.nodes[end]
        pair = (str(first["label"]), str(last["label"]))
        by_pair[pair].append((str(first["id"]), str(last["id"]), data))
    arguments = [f"--array-delimiter={_ARRAY_DELIMITER}"]
    for label, nodes in sorted(by_label.items()):
        name = f"nodes-{label}.csv"
        _write_nodes(path / name, label, nodes)
        arguments.append(f"--nodes={path / name}")
    for (start, end), rels in sorted(by_pair.items()):
        name = f"relationships-{start}-{end}.csv"
        _write_relationships(path / name, start, end, rels)
        arguments.append(f"--relationships={path / name}")
    (path / "import.args").write_text("\n".join(arguments) + "\n", encoding="utf-8")


def _write_nodes(path: Path, label: str, nodes: list[tuple[str, dict[str, Any]]]) -> None:
    props = [
        {k: v for k, v in data.items() if k not in ("id", "label", "labels")} for _, data in nodes
    ]
    columns = _columns(props)
    header = [f"id:ID({label})", ":LABEL", *(_header(name, kind) for name, kind in columns)]
    rows = [
        [
            _cell(node_id, "string"),
            _ARRAY_DELIMITER.join(data.get("labels") or [label]),
            *(_cell(prop.get(name), kind) for name, kind in columns),
        ]
        for (node_id, data), prop in zip(nodes, props, strict=True)
    ]
    _write(path, header, rows)


def _write_relationships(
    path: Path, start: str, end: str, rels: list[tuple[str, str, dict[str, Any]]]
) -> None:
    props = [{k: v for k, v in data.items() if k != "type"} for _, _, data in rels]
    columns = _columns(props)
    header = [
        f":START_ID({start})",
        f":END_ID({end})",
        ":TYPE",
        *(_header(name, kind) for name, kind in columns),
    ]
    rows = [
        [
            _cell(first, "string"),
            _cell(last, "string"),
            str(data["type"]),
            *(_cell(prop.get(name), kind) for name, kind in columns),
        ]
        for (first, last, data), prop in zip(rels, props, strict=True)
    ]
    _write(path, header, rows)


def _columns(props: list[dict[str, Any]]) -> list[tuple[str, str]]:
    kinds: dict[str, set[str]] = {}
    for data in props:
        for name, value in data.items():
            if value is not None:
                kinds.setdefault(name, set()).add(_kind(value))
    return [(name, _column_kind(found)) for name, found in sorted(kinds.items())]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return "string[]"
    return "string"


def _column_kind(kinds: set[str]) -> str:
    if len(kinds) == 1:
        return next(iter(kinds))
    return "double" if kinds == {"long", "double"} else "string"


def _header(name: str, kind: str) -> str:
    # a property name holding ':' would be read as name and type
    name = defused(clean_text(name).replace(":", "_"))
    return name if kind == "string" else f"{name}:{kind}"


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "string[]":
        items = (clean_text(str(item)).replace(_ARRAY_DELIMITER, ",") for item in value)
        return defused(_ARRAY_DELIMITER.join(items))
    if kind in ("long", "double"):
        return str(value)
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, str):
        text = value
    elif isinstance(value, list | tuple | dict):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    return defused(clean_text(text))


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)
