"""``claimgraph sparql``: ask the graph a question in SPARQL, or run a saved SPARQL query."""

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
from claimgraph.cli.render import ROW_FORMATS, emit, saved_query_table
from claimgraph.operations.stores import StoreSettings

__all__ = ["sparql_command"]


@click.command("sparql", cls=Command)
@click.argument("query", required=False)
@saved_option("Run the saved SPARQL query NAME.")
@click.option("--list", "list_queries", is_flag=True, help="List the saved SPARQL queries.")
@param_option("A value for the variable ?NAME, repeatable; bound as an RDF literal.")
@format_option(ROW_FORMATS, "How to print the rows.")
@timeout_option
@store_options
def sparql_command(
    query: str | None,
    saved_name: str | None,
    list_queries: bool,
    params: tuple[tuple[str, Any], ...],
    output_format: str,
    timeout: float,
    store: StoreSettings,
) -> int:
    """Ask the graph a question in SPARQL, or run a saved SPARQL query.

    The rdf store answers directly; any other store's graph is mapped to RDF
    in memory first. The prefixes cg, schema, prov, foaf, sioc, owl and
    dcterms are predefined. QUERY may be - to read it from stdin.

    \b
    Examples:
      claimgraph sparql --list
      claimgraph sparql --saved who-said-about --param target='Karim Massimov' --store rdf
      claimgraph sparql 'SELECT ?name WHERE { ?a a cg:Actor ; schema:name ?name }'
    """
    from claimgraph.queries import list_saved, run_saved

    if list_queries:
        emit(saved_query_table(list_saved("sparql")), output_format)
        return EXIT_OK
    if (query is None) == (saved_name is None):
        raise click.UsageError("give a SPARQL QUERY or --saved NAME (see --list), not both")
    if query == "-":
        query = sys.stdin.read()
    values = dict(params)
    with store.open(read_only=True, timeout=timeout) as opened:
        if saved_name is not None:
            result = run_saved(opened, saved_name, values, language="sparql")
        else:
            result = opened.sparql(str(query), values)
    emit(result, output_format)
    return EXIT_OK
