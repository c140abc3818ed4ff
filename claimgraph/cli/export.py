"""``claimgraph export``: the graph, or a query's subgraph, as RDF, graph files or pictures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from claimgraph.cli.base import EXIT_OK, Command
from claimgraph.cli.options import param_option, saved_option, store_options, timeout_option
from claimgraph.cli.render import warn_unknown_names
from claimgraph.operations.export import (
    FORMATS,
    GRAPH_FORMATS,
    Selection,
    export_format,
    export_store,
)
from claimgraph.operations.stores import StoreSettings

__all__ = ["export_command"]

_MATCHED_NOTHING = (
    "the query matched nothing, so the export is empty; check its parameters "
    "(claimgraph query shows what it returns)"
)


@click.command("export", cls=Command)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="trig, nq, ttl, jsonld: RDF (ttl merges the named graphs); json: node-link JSON; "
    "graphml, gexf: Gephi and Cytoscape; csv: a folder for neo4j-admin database import; "
    "html: an interactive page that works offline; png, svg: pictures. "
    "Default: from the suffix of --output (.html, .png, .trig, ...), else trig.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default: standard output; required for csv, html, png, svg). "
    "For csv, a folder.",
)
@click.option("--query", "cypher", metavar="CYPHER", help="Export the subgraph a query returns.")
@saved_option("Export the subgraph a saved query returns.")
@param_option("A parameter of --query or --saved, repeatable.")
@click.option(
    "--hops",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Widen the query's subgraph by the nodes this many relationships away (not RDF).",
)
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="LABEL",
    help="Keep only nodes with this label, repeatable (not RDF).",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help="Keep only relationships of this type, repeatable (not RDF).",
)
@click.option("--title", default=None, help="Title of the html, png or svg picture.")
@timeout_option
@store_options
def export_command(
    output_format: str | None,
    output: Path | None,
    cypher: str | None,
    saved_name: str | None,
    params: tuple[tuple[str, Any], ...],
    title: str | None,
    timeout: float,
    store: StoreSettings,
    **narrowing: Any,
) -> int:
    """Write the graph, or the subgraph a query returns, as RDF, graph files or pictures.

    A subgraph holds the nodes the query returns and the relationships among
    them; --hops widens it. In RDF every document's statements are in a named
    graph of their own (TriG, N-Quads, JSON-LD).

    \b
    Examples:
      claimgraph export -o graph.trig
      claimgraph export --format jsonld -o graph.jsonld
      claimgraph export --format nq --saved who-said-about --param target='Karim Massimov'
      claimgraph export --format html -o graph.html
      claimgraph export --format gexf -o graph.gexf --label Account --type COORDINATED_WITH
      claimgraph export --format png -o massimov.png --saved who-said-about \\
          --param target='Karim Massimov' --hops 1
      claimgraph export --format csv -o graph-csv/
    """
    if cypher is not None and saved_name is not None:
        raise click.UsageError("give either --query or --saved, not both")
    warn_unknown_names(cypher, narrowing["labels"], narrowing["types"])
    if saved_name is not None:
        selection = Selection.saved(saved_name, dict(params), **narrowing)
    else:
        selection = Selection(cypher, dict(params), **narrowing)
    chosen = export_format(output_format, output)
    with store.open(read_only=True, timeout=timeout) as opened:
        result = export_store(opened, chosen, output, selection, title=title)
    if not result.matched:
        click.echo(_MATCHED_NOTHING, err=True)
    if output is None:
        return EXIT_OK
    if chosen in GRAPH_FORMATS:
        written = f"{result.nodes:,} nodes and {result.relationships:,} relationships"
        click.echo(f"{written} written to {result.path}", err=True)
    elif result.matched:
        click.echo(f"{result.statements:,} statements written to {output}", err=True)
    return EXIT_OK
