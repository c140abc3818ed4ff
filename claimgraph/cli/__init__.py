"""The ``claimgraph`` command line: ingest documents, query the graph, count what it holds.

Each command parses its arguments, calls one library function and formats
the result. Library errors become one-line messages, never tracebacks, and
:func:`main` is the only place that turns outcomes into exit codes.

- :mod:`~claimgraph.cli.app`: the group, its commands by name, and :func:`main`;
- :mod:`~claimgraph.cli.base`: exit codes, command classes, signal handling;
- :mod:`~claimgraph.cli.options`: the option bundles shared by commands;
- :mod:`~claimgraph.cli.render`, :mod:`~claimgraph.cli.reports`,
  :mod:`~claimgraph.cli.progress`: what commands print;
- one module per command: ``ingest``, ``query``, ``sparql``, ``stats``,
  ``export``, ``import_``, ``copy``, ``analyze``, ``eval``, ``serve``.
"""

from __future__ import annotations

from claimgraph.cli.app import cli, main
from claimgraph.cli.base import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE

__all__ = [
    "cli",
    "main",
    "EXIT_OK",
    "EXIT_ERROR",
    "EXIT_USAGE",
    "EXIT_PARTIAL",
    "EXIT_INTERRUPTED",
]
