"""Exit codes, the command classes and signal handling shared by every command."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from claimgraph.errors import ClaimgraphError
from claimgraph.operations.errors import ConflictingOptionsError

__all__ = [
    "EXIT_OK",
    "EXIT_ERROR",
    "EXIT_USAGE",
    "EXIT_PARTIAL",
    "EXIT_INTERRUPTED",
    "Command",
    "Group",
    "signal_status",
    "stop_on_terminate",
]

#: Everything worked.
EXIT_OK = 0
#: An error stopped the command, or ingest could read nothing.
EXIT_ERROR = 1
#: The command line itself was wrong (click's usage errors).
EXIT_USAGE = 2
#: Ingest loaded what it could but skipped some inputs.
EXIT_PARTIAL = 3
#: Ctrl-C stopped the command (128 + SIGINT; other signals give 128 + theirs).
EXIT_INTERRUPTED = 130


class Command(click.Command):
    """A command that reports options the library finds in conflict as usage errors."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConflictingOptionsError as exc:
            raise click.UsageError(str(exc), ctx) from exc


class Group(click.Group):
    """A group that reports library errors as ``Error: message``, never as tracebacks."""

    command_class = Command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimgraphError as exc:
            raise click.ClickException(str(exc)) from exc


def stop_on_terminate() -> None:
    """Handle SIGTERM and SIGHUP as Ctrl-C: stores close, and the last shuts its server down.

    Without this, ``kill``, ``timeout`` or a closed terminal ended the
    command at once and left the database server running (issue 20.10).
    Child processes (ingest's parsers) keep the default handling.
    """
    import signal

    main_pid = os.getpid()

    def interrupt(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        running = sys.modules.get("claimgraph.pipeline_run")  # an ingest's parsers, if any
        if running is not None:
            running.stop_workers()
        raise KeyboardInterrupt(signum)  # the number gives the exit status (signal_status)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) in (signal.SIG_DFL, None):
            signal.signal(signum, interrupt)


def signal_status(interrupt: BaseException) -> int:
    """Return the exit status of a command a signal stopped: 128 + its number (130 for Ctrl-C)."""
    cause = interrupt.__cause__ if isinstance(interrupt.__cause__, KeyboardInterrupt) else interrupt
    number = cause.args[0] if cause.args and isinstance(cause.args[0], int) else None
    return EXIT_INTERRUPTED if number is None else 128 + number
