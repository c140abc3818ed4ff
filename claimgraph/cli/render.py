"""How commands print: rows as tables, JSON or CSV, and warnings on stderr.

Tables go to standard output through rich; JSON and CSV are plain text
that other tools read. A CSV cell a spreadsheet would run as a formula is
defused.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from claimgraph.graph import QueryResult

__all__ = [
    "ROW_FORMATS",
    "console",
    "emit",
    "print_json",
    "print_table",
    "print_write_stats",
    "saved_query_table",
    "warn",
    "warn_unknown_names",
]

#: How rows print: a table, JSON records or CSV.
ROW_FORMATS = ("table", "json", "csv")


def console(*, stderr: bool = False) -> Console:
    """Return a console on stdout (or stderr), wide enough for claim texts when not a terminal."""
    # Made per call so that output follows sys.stdout when it is redirected (tests, pipes).
    made = Console(stderr=stderr, highlight=False, soft_wrap=False)
    if not made.is_terminal:
        # Not a terminal (a pipe, make, a log): rich would assume 80 columns and
        # fold claim texts into slivers; use a width a report can hold.
        made.width = max(made.width, 160)
    return made


def warn(message: str) -> None:
    """Print ``warning: message`` on stderr."""
    click.echo(f"warning: {message}", err=True)


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON, non-ASCII text as it is."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def emit(result: QueryResult, output_format: str) -> None:
    """Print a query's rows in ``output_format`` (one of :data:`ROW_FORMATS`)."""
    if output_format == "json":
        print_json(result.records())
    elif output_format == "csv":
        from claimgraph.export.csv import csv_record

        # csv_record quotes a bare carriage return too, which csv.writer leaves bare
        # unless it ends lines with one (issue 20.8).
        lines = [csv_record(_csv_cell(column) for column in result.columns)]
        lines += (csv_record(_csv_cell(value) for value in row) for row in result.rows)
        click.echo("".join(lines), nl=False)
    else:
        print_table(result)


def print_table(result: QueryResult) -> None:
    """Print rows as a table, numbers right-aligned; ``(no rows)`` on stderr if empty."""
    if not result.columns:
        return
    table = Table(highlight=False)
    for index, column in enumerate(result.columns):
        numeric = _is_numeric([row[index] for row in result.rows])
        table.add_column(column, overflow="fold", justify="right" if numeric else "left")
    for row in result.rows:
        table.add_row(*(_table_cell(value) for value in row))
    console().print(table)
    if not result.rows:
        console(stderr=True).print("(no rows)")


def print_write_stats(result: QueryResult) -> None:
    """Print on stderr what a write query changed."""
    changes = [f"{name.replace('_', ' ')}: {int(n):,}" for name, n in result.stats.items() if n]
    click.echo(", ".join(changes) if changes else "nothing changed", err=True)


def saved_query_table(queries: Sequence[Any]) -> QueryResult:
    """Return the saved queries as rows: name, purpose, parameters with their descriptions."""
    rows = [
        [
            query.name,
            query.purpose,
            "\n".join(f"{param}  {param.description}" for param in query.params),
        ]
        for query in queries
    ]
    return QueryResult(columns=["name", "purpose", "parameters"], rows=rows)


def warn_unknown_names(
    cypher: str | None, labels: Sequence[str] = (), types: Sequence[str] = ()
) -> None:
    """Warn on stderr of labels and types the data model lacks: a misspelt one matches nothing."""
    from claimgraph.graph.cypher import unknown_name_warning, unknown_name_warnings

    warnings = unknown_name_warnings(cypher) if cypher else []
    for kind, names in (("label", labels), ("type", types)):
        warnings += filter(None, (unknown_name_warning(kind, name) for name in names))
    for warning in dict.fromkeys(warnings):
        warn(warning)


def _is_numeric(values: list[Any]) -> bool:
    present = [value for value in values if value is not None]
    return bool(present) and all(
        isinstance(value, int | float) and not isinstance(value, bool) for value in present
    )


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return ", ".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _csv_cell(value: Any) -> str:
    """Return a query value as a CSV cell that a spreadsheet shows, never runs."""
    from claimgraph.export.csv import defused

    if value is None:
        return ""
    if isinstance(value, str):
        return defused(value)
    return json.dumps(value, ensure_ascii=False, default=str)
