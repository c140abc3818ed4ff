"""``claimgraph query``: ask the graph a question in Cypher, or run a saved query."""

from __future__ import annotations

import sys
from typing import Any

import click

from claimgraph.cli.base import EXIT_OK, Command
from claimgraph.cli.options import (
    format_option,
    param_option,
    saved_option,
    store_options,
    timeout_option,
)
from claimgraph.cli.render import (
    ROW_FORMATS,
    emit,
    print_write_stats,
    saved_query_table,
    warn_unknown_names,
)
from claimgraph.operations.stores import StoreSettings

__all__ = ["query_command"]


@click.command("query", cls=Command)
@click.argument("cypher", required=False)
@saved_option("Run the saved query NAME.")
@click.option(
    "--list",
    "list_queries",
    is_flag=True,
    help="List the saved queries with their parameters and defaults.",
)
@param_option(
    "A query parameter, repeatable. NAME=VALUE passes VALUE as a string; "
    "NAME:=JSON passes a number, list, boolean or null."
)
@format_option(ROW_FORMATS, "How to print the rows.")
@click.option("--write", is_flag=True, help="Allow the query to change the graph.")
@timeout_option
@store_options
def query_command(
    cypher: str | None,
    saved_name: str | None,
    list_queries: bool,
    params: tuple[tuple[str, Any], ...],
    output_format: str,
    write: bool,
    timeout: float,
    store: StoreSettings,
) -> int:
    """Ask the graph a question in Cypher, or run a saved query.

    Values travel as query parameters ($name in the query, --param on the
    command line) and are never pasted into the query text. Queries are
    read-only unless --write is given. CYPHER may be - to read it from stdin.

    \b
    Examples:
      claimgraph query --list
      claimgraph query --saved who-said-about --param target='Karim Massimov'
      claimgraph query --saved top-actors --param limit:=5 --format csv
      claimgraph query 'MATCH (s)-[:SAID]->(c:Claim)-[:ABOUT]->(t:Actor {name: $name})
        RETURN coalesce(s.name, s.handle) AS speaker, c.text' --param name='Karim Massimov'
    """
    from claimgraph.queries import list_saved, run_saved

    if list_queries:
        emit(saved_query_table(list_saved()), output_format)
        return EXIT_OK
    if cypher is not None and saved_name is not None:
        raise click.UsageError("give either a CYPHER query or --saved NAME, not both")
    if cypher is None and saved_name is None:
        raise click.UsageError("give a CYPHER query or --saved NAME (see --list)")
    if saved_name is not None and write:
        raise click.UsageError("saved queries only read; --write applies to CYPHER queries")
    if cypher == "-":
        cypher = sys.stdin.read()
    warn_unknown_names(cypher)
    values = dict(params)
    with store.open(read_only=not write, timeout=timeout) as opened:
        if saved_name is not None:
            result = run_saved(opened, saved_name, values)
        else:
            result = opened.query(str(cypher), values, write=write)
    emit(result, output_format)
    if write:
        print_write_stats(result)
    return EXIT_OK
