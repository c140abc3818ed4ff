"""CSV files in the header format ``neo4j-admin database import`` reads.

Ids are unique within a label only, so each primary label gets its own nodes
file with its own id space (``id:ID(Actor)``), and each pair of start and end
labels its own relationships file (``:START_ID(Actor)``, ``:END_ID(Claim)``,
``:TYPE``). Columns are typed (``count:long``, ``aliases:string[]`` with
``;`` between items) when every value in the file has that type. The files
go into one folder with ``import.args``, the matching command-line
arguments::

    neo4j-admin database import full neo4j @graph-csv/import.args

Text cells that a spreadsheet would run as a formula are prefixed with
``'``, and so is every line inside a cell that would (issue 20.8: a
spreadsheet or a line-based tool that splits a cell at a bare carriage return
sees each line on its own); so are header cells naming such properties. A
cell is a formula when it starts with ``=`` followed by anything, with ``+``
or ``-`` followed by anything but a plain number, with ``@`` followed by a
anything but a bare handle (``@SUM(A1)``, ``@A1``, ``@x y``), or with a tab
or carriage return. ``@veloriatoday``, ``-5`` and a lone ``-`` stay as they
are. Every cell holding a comma, a quote, a carriage return or
a line feed is quoted (Python's ``csv`` quotes a bare carriage return only
when it is part of the line terminator).

Examples
--------
>>> defused("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> defused("@veloriatoday"), defused("-5"), defused("-2+3"), defused("@SUM(A1)")
('@veloriatoday', '-5', "'-2+3", "'@SUM(A1)")
>>> defused("Breaking\\r=cmd|' /C calc'!A0")
"Breaking\\r'=cmd|' /C calc'!A0"
>>> print(csv_record(["a", "b,c", 'say "hi" now']), end="")
a,"b,c","say ""hi"" now"
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from claimgraph.export.style import clean_text

__all__ = ["csv_record", "defused", "is_formula", "write_neo4j_csv"]

_ARRAY_DELIMITER = ";"
_NUMBER = r"\s*(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?%?\s*"
_FORMULA = re.compile(
    r"=."  # any formula
    rf"|[+-](?!{_NUMBER}\Z)(?=\s*\S)"  # +cmd, -2+3, - cmd, but not -5 or a lone -
    r"|@(?:[A-Za-z]{1,3}\$?\d+\Z|(?![\w.]*\Z))"  # all but a bare @handle; @A1 is a cell
    r"|[\t\r]",
    re.DOTALL,
)
_LINE_START = re.compile(r"(\r\n|\r|\n)")
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def is_formula(text: str) -> bool:
    """Return whether a spreadsheet would evaluate ``text`` as a formula."""
    return _FORMULA.match(text) is not None


def defused(text: str) -> str:
    """Return ``text`` with ``'`` before it, and before each of its lines, that is a formula."""
    parts = _LINE_START.split(text)
    # parts alternates lines and the breaks between them: guard the lines
    return "".join(
        ("'" + part if is_formula(part) else part) if i % 2 == 0 else part
        for i, part in enumerate(parts)
    )


def csv_record(cells: Iterable[str], end: str = "\n") -> str:
    """Return one CSV record; a cell holding a comma, quote, CR or LF is quoted."""
    return (
        ",".join(
            '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell
            for cell in cells
        )
        + end
    )


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
        handle.write(csv_record(header, "\r\n"))
        handle.writelines(csv_record(row, "\r\n") for row in rows)
