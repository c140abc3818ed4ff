"""Option bundles shared by the commands, each declared once.

Every bundle is a decorator. Choices come from the library's own constants,
so a format or store the library adds shows up here without an edit.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from claimgraph.graph import available_stores
from claimgraph.graph.backends.embedded import DEFAULT_DB
from claimgraph.operations.stores import StoreSettings

__all__ = [
    "DEFAULT_QUERY_TIMEOUT",
    "NEO4J_SETTINGS",
    "db_option",
    "QueryParameter",
    "SourceFormat",
    "format_option",
    "neo4j_options",
    "param_option",
    "saved_option",
    "store_options",
    "store_settings",
    "timeout_option",
]

#: Seconds a read query may run (``--timeout``): one costly query must not hold the database.
DEFAULT_QUERY_TIMEOUT = 60.0

#: The Neo4j settings: option name, environment variable and help.
NEO4J_SETTINGS = {
    "neo4j_uri": ("CLAIMGRAPH_NEO4J_URI", "Bolt URI of the Neo4j server for --store neo4j."),
    "neo4j_user": ("CLAIMGRAPH_NEO4J_USER", "Neo4j user name."),
    "neo4j_password": (
        "CLAIMGRAPH_NEO4J_PASSWORD",
        "Neo4j password. Prefer the environment variable: a flag shows in process lists.",
    ),
    "neo4j_database": (
        "CLAIMGRAPH_NEO4J_DATABASE",
        "Neo4j database name (default: the server's default).",
    ),
}

_PARAM_NAME = re.compile(r"^[A-Za-z_]\w*$")

type Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class QueryParameter(click.ParamType):
    """``NAME=VALUE`` (a string) or ``NAME:=JSON`` (a number, list, boolean or null)."""

    name = "param"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, Any]:
        if isinstance(value, tuple):
            return value
        name, sep, raw = str(value).partition("=")
        if not sep:
            self.fail(f"{value!r} is not NAME=VALUE or NAME:=JSON", param, ctx)
        parsed: Any = raw
        if name.endswith(":"):
            name = name[:-1]
            try:
                parsed = json.loads(raw)
            except ValueError as exc:
                self.fail(
                    f"{name}:= needs a JSON value, got {raw!r} ({exc}); "
                    f"use {name}=VALUE to pass it as a string",
                    param,
                    ctx,
                )
        if not _PARAM_NAME.match(name):
            self.fail(f"{name!r} is not a parameter name (letters, digits and _)", param, ctx)
        return name, parsed


class SourceFormat(click.ParamType):
    """A source format name, checked against the readers only when ingest runs."""

    name = "format"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        # Imported here: the readers pull in HTML and feed parsers that
        # `query` and `stats` never need.
        from claimgraph.sources import FORMATS

        if value not in FORMATS:
            self.fail(
                f"{value!r} is not a source format; use one of: {', '.join(FORMATS)}", param, ctx
            )
        return str(value)


def neo4j_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--neo4j-uri``, ``--neo4j-user``, ``--neo4j-password`` and ``--neo4j-database``."""
    for name, (envvar, help_text) in reversed(NEO4J_SETTINGS.items()):
        flag = "--" + name.replace("_", "-")
        command = click.option(
            flag, name, metavar="VALUE", envvar=envvar, show_envvar=True, help=help_text
        )(command)
    return command


def store_settings(name: str, db: Path | None) -> StoreSettings:
    """Return the settings of store ``name`` with the Neo4j settings the command line was given."""
    root = click.get_current_context().find_root()
    neo4j = {key: root.params.get(key) for key in NEO4J_SETTINGS}
    return StoreSettings(name, db, **neo4j)


def db_option(help_text: str) -> Decorator:
    """Add ``--db``, the database of the embedded store (``CLAIMGRAPH_DB``)."""
    return click.option(
        "--db",
        type=click.Path(path_type=Path),
        default=DEFAULT_DB,
        envvar="CLAIMGRAPH_DB",
        show_default=True,
        show_envvar=True,
        help=help_text,
    )


def store_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--store`` and ``--db``, given to the command as ``store`` (:class:`StoreSettings`)."""

    @functools.wraps(command)
    def with_store(*args: Any, store_name: str, db: Path, **kwargs: Any) -> Any:
        return command(*args, store=store_settings(store_name, db), **kwargs)

    wrapped = db_option("Database file of the embedded store (a directory for the rdf store).")(
        with_store
    )
    return click.option(
        "--store",
        "store_name",
        metavar="NAME",
        default="embedded",
        envvar="CLAIMGRAPH_STORE",
        show_default=True,
        show_envvar=True,
        help=f"Graph store backend: {', '.join(available_stores())}.",
    )(wrapped)


def timeout_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--timeout``, the time limit of each read query of a command."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0),
        default=DEFAULT_QUERY_TIMEOUT,
        envvar="CLAIMGRAPH_TIMEOUT",
        show_default=True,
        show_envvar=True,
        metavar="SECONDS",
        help="Stop a read query that runs longer than this (0: no limit).",
    )(command)


def format_option(choices: Sequence[str], help_text: str) -> Decorator:
    """Add ``--format`` (as ``output_format``), the way a command prints; the first is default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help_text,
    )


def saved_option(help_text: str) -> Decorator:
    """Add ``--saved NAME`` (as ``saved_name``), a saved query."""
    return click.option("--saved", "saved_name", metavar="NAME", help=help_text)


def param_option(help_text: str) -> Decorator:
    """Add ``--param``/``-p NAME=VALUE`` (as ``params``), repeatable query parameters."""
    return click.option(
        "--param",
        "-p",
        "params",
        type=QueryParameter(),
        multiple=True,
        metavar="NAME=VALUE",
        help=help_text,
    )
