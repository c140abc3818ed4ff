"""``claimgraph serve``: the investigation workbench in the browser."""

from __future__ import annotations

import ipaddress

import click

from claimgraph.cli.base import EXIT_OK, Command, signal_status
from claimgraph.cli.options import store_options, timeout_option
from claimgraph.operations.stores import StoreSettings
from claimgraph.web import DEFAULT_HOST, DEFAULT_PORT, serve

__all__ = ["serve_command"]


@click.command("serve", cls=Command)
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on; the default lets only this machine in.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on (0: a free one).",
)
@timeout_option
@store_options
def serve_command(host: str, port: int, timeout: float, store: StoreSettings) -> int:
    """Explore the graph in a browser: search, actors, documents, clusters, queries.

    Opens the store read-only and serves a local web workbench until Ctrl-C:
    search in any script, a page for each actor and account (its claims
    with their evidence, whom it talked to, its clusters, a small graph and
    a timeline of claims about it), each document with its claims marked in
    the text, each amplification cluster with its ties, evidence posts and a
    timeline of its members' actions, and a graph view of saved or read-only
    Cypher queries with downloads (GEXF, GraphML, CSV, PNG). Everything the
    pages load comes from this server: no request leaves the machine. The
    store must run Cypher (embedded or neo4j).

    \b
    Examples:
      claimgraph serve --db demo.db
      claimgraph serve --store neo4j --port 9000
    """
    if not _loopback(host):
        click.echo(
            f"warning: the workbench has no login; anyone who can reach {host} can read the graph",
            err=True,
        )
    try:
        serve(
            store.name,
            host=host,
            port=port,
            timeout=timeout or None,
            on_ready=lambda url: click.echo(f"claimgraph workbench on {url} (Ctrl-C stops it)"),
            **store.options(),
        )
    except KeyboardInterrupt as interrupt:  # Ctrl-C or kill: the server has shut down cleanly
        return signal_status(interrupt)
    return EXIT_OK


def _loopback(host: str) -> bool:
    """Return whether ``host`` is a loopback address or ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
