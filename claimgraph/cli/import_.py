"""``claimgraph import``: load an RDF file written by export into a store."""

from __future__ import annotations

from pathlib import Path

import click

from claimgraph.cli.base import EXIT_OK, Command
from claimgraph.cli.options import store_options
from claimgraph.operations.stores import StoreSettings
from claimgraph.rdf import FORMATS as RDF_FORMATS

__all__ = ["import_command"]


@click.command("import", cls=Command)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "rdf_format",
    type=click.Choice(list(RDF_FORMATS)),
    default=None,
    help="The file's RDF format (default: from its suffix).",
)
@store_options
def import_command(source: Path, rdf_format: str | None, store: StoreSettings) -> int:
    """Load an RDF file (TriG, N-Quads, Turtle, JSON-LD) written by export into a store.

    \b
    Examples:
      claimgraph import graph.trig --db copy.db
      claimgraph import graph.jsonld --store rdf --db graph.oxigraph
    """
    from claimgraph.operations.rdf import import_rdf

    with store.open() as opened:
        stats = import_rdf(source, opened, format=rdf_format)
    click.echo(
        f"nodes created: {stats.nodes_created:,}, "
        f"relationships created: {stats.relationships_created:,}",
        err=True,
    )
    return EXIT_OK
