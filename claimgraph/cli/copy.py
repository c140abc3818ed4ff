"""``claimgraph copy``: copy the whole graph from one store to another."""

from __future__ import annotations

from pathlib import Path

import click

from claimgraph.cli.base import EXIT_OK, Command
from claimgraph.cli.options import db_option, store_settings
from claimgraph.cli.progress import copy_progress
from claimgraph.graph import available_stores
from claimgraph.operations.copy import copy_store

__all__ = ["copy_command"]


@click.command("copy", cls=Command)
@click.option(
    "--from",
    "source_name",
    metavar="NAME",
    required=True,
    help=f"Store to copy from: {', '.join(available_stores())}.",
)
@click.option(
    "--to",
    "target_name",
    metavar="NAME",
    required=True,
    help=f"Store to copy into: {', '.join(available_stores())}.",
)
@db_option("Database file of the embedded store, on whichever side it is.")
@click.option(
    "--to-db",
    type=click.Path(path_type=Path),
    help="Database of the target: a file when both sides are embedded, a folder for --to rdf.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="Nodes per page read and written.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def copy_command(
    source_name: str,
    target_name: str,
    db: Path,
    to_db: Path | None,
    batch_size: int,
    quiet: bool,
) -> int:
    """Copy the whole graph from one store to another.

    Nodes are copied first, then relationships, page by page. What the
    target already holds is merged into, never duplicated: copying again,
    or again after an interrupted copy, is safe. The Neo4j side is reached
    through CLAIMGRAPH_NEO4J_URI, CLAIMGRAPH_NEO4J_USER and
    CLAIMGRAPH_NEO4J_PASSWORD.

    \b
    Examples:
      claimgraph copy --from embedded --db campaign.db --to neo4j
      claimgraph copy --from neo4j --to embedded --db campaign.db
      claimgraph copy --from embedded --db a.db --to embedded --to-db b.db
    """
    source = store_settings(source_name, db)
    target = store_settings(target_name, to_db or db)
    with copy_progress(quiet) as on_progress:
        stats = copy_store(source, target, batch_size=batch_size, on_progress=on_progress)
    if not quiet:
        click.echo(
            f"copied {stats.nodes:,} nodes and {stats.relationships:,} relationships "
            f"from {source_name} to {target_name} ({stats.nodes_created:,} nodes and "
            f"{stats.relationships_created:,} relationships new, {stats.skipped:,} skipped "
            "outside the data model)",
            err=True,
        )
    return EXIT_OK
