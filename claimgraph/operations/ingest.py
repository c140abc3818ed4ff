"""Ingest: read articles and posts into a store, with one set of options.

:class:`~claimgraph.ingest.IngestOptions` holds what a run is asked to do
(formats, extraction level, gazetteer, language, batching, fetching); the
command line and a server build it once and pass it to :func:`ingest_paths`,
which opens the store and runs :func:`claimgraph.ingest.ingest`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from claimgraph.ingest import (
    ATTRIBUTION_MODES,
    EXTRACT_LEVELS,
    IngestInterrupted,
    IngestOptions,
    IngestSummary,
    ingest,
)
from claimgraph.operations.stores import StoreSettings

__all__ = [
    "ATTRIBUTION_MODES",
    "EXTRACT_LEVELS",
    "IngestOptions",
    "IngestReport",
    "IngestSummary",
    "ingest_paths",
]


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What an ingest did: its summary, where the store is, and the interrupt that stopped it."""

    summary: IngestSummary
    location: str
    #: Ctrl-C or a signal (SIGTERM, SIGHUP) that stopped the run; the summary counts what loaded.
    interrupted: KeyboardInterrupt | None = None


def ingest_paths(
    store: StoreSettings,
    paths: Iterable[str | Path],
    options: IngestOptions | None = None,
    *,
    on_progress: Callable[[int, str], None] | None = None,
    on_files: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Open ``store`` and read every document under ``paths`` into it.

    An interrupt (Ctrl-C) ends the run with what was loaded written and
    reported in :attr:`IngestReport.interrupted`, not raised.

    Parameters
    ----------
    store : StoreSettings
        The store to write into, created if missing.
    paths : iterable of str or Path
        Files, directories, glob patterns, and URLs when ``options.fetch`` is given.
    options : IngestOptions, optional
        What to read and extract; the defaults otherwise.
    on_progress, on_files : callable, optional
        See :func:`claimgraph.ingest.ingest`.
    """
    with store.open() as opened:
        try:
            summary = ingest(paths, opened, options, on_progress=on_progress, on_files=on_files)
        except IngestInterrupted as exc:
            return IngestReport(exc.summary, opened.location, exc)
        return IngestReport(summary, opened.location)
