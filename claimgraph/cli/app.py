"""The ``claimgraph`` group and :func:`main`, the only place that turns outcomes into exit codes.

Commands live one per module and are imported when first used (as the
stores are), so that ``claimgraph stats`` never pays for the RDF or
analysis libraries.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping, Sequence

import click

from claimgraph.cli.base import EXIT_ERROR, EXIT_OK, Group, stop_on_terminate
from claimgraph.cli.options import neo4j_options

__all__ = ["COMMANDS", "cli", "main"]

#: The commands by name, as ``"module:attribute"``.
COMMANDS: dict[str, str] = {
    "analyze": "claimgraph.cli.analyze:analyze_group",
    "copy": "claimgraph.cli.copy:copy_command",
    "eval": "claimgraph.cli.eval:eval_group",
    "export": "claimgraph.cli.export:export_command",
    "import": "claimgraph.cli.import_:import_command",
    "ingest": "claimgraph.cli.ingest:ingest_command",
    "query": "claimgraph.cli.query:query_command",
    "serve": "claimgraph.cli.serve:serve_command",
    "sparql": "claimgraph.cli.sparql:sparql_command",
    "stats": "claimgraph.cli.stats:stats_command",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """Commands by name, each imported from its module when first looked up."""

    def __init__(self, targets: Mapping[str, str]) -> None:
        self._targets = dict(targets)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module_name, _, attribute = self._targets[name].partition(":")
            self._loaded[name] = getattr(importlib.import_module(module_name), attribute)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._targets[name] = ""
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._targets[name]
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._targets

    def __iter__(self) -> Iterator[str]:
        return iter(self._targets)

    def __len__(self) -> int:
        return len(self._targets)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimgraph", prog_name="claimgraph")
@neo4j_options
def cli(**neo4j_settings: str | None) -> None:
    """Turn articles and posts into a graph of who said what about whom, and query it.

    claimgraph reads news articles and social-media posts, finds the actors,
    accounts, hashtags and claims in them, and keeps them in a graph that
    you query with Cypher. By default the graph lives in one database file
    (claimgraph.db), with no server to run.

    \b
    Examples:
      claimgraph ingest articles/ --gazetteer actors.toml
      claimgraph query --saved who-said-about --param target='Karim Massimov'
      claimgraph stats

    \b
    Exit codes:
      0  success
      1  error: the message says what went wrong and how to fix it
      2  the command line is wrong (unknown option, missing argument)
      3  ingest: some inputs were skipped, the rest were loaded
      130  ingest: stopped by Ctrl-C; the summary counts what was loaded
    """
    # The Neo4j settings stay in this context's params; commands read them
    # from there (options.store_settings) and pass them to the store.


cli.commands = LazyCommands(COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    0 success, 1 error, 2 bad usage, 3 ingest skipped some inputs.
    """
    stop_on_terminate()
    try:
        status = cli.main(args=argv, prog_name="claimgraph", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        click.echo("Aborted!", err=True)
        return EXIT_ERROR
    return status if isinstance(status, int) else EXIT_OK
