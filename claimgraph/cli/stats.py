"""``claimgraph stats``: count the nodes by label and the relationships by type."""

from __future__ import annotations

import click

from claimgraph.cli.base import EXIT_OK, Command
from claimgraph.cli.options import format_option, store_options, timeout_option
from claimgraph.cli.render import print_json
from claimgraph.cli.reports import print_counts
from claimgraph.operations.stores import StoreSettings

__all__ = ["stats_command"]


@click.command("stats", cls=Command)
@format_option(("table", "json"), "How to print the counts.")
@timeout_option
@store_options
def stats_command(output_format: str, timeout: float, store: StoreSettings) -> int:
    """Count the nodes by label and the relationships by type.

    \b
    Examples:
      claimgraph stats
      claimgraph stats --db campaign.db --format json
    """
    with store.open(read_only=True, timeout=timeout) as opened:
        counts = opened.counts()
    if output_format == "json":
        print_json(counts.to_dict())
    else:
        print_counts(counts)
    return EXIT_OK
