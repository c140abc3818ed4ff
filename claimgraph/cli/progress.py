"""Progress bars on stderr for the long commands (ingest, copy)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console

__all__ = ["copy_progress", "ingest_progress"]


@contextmanager
def ingest_progress(
    quiet: bool,
) -> Iterator[tuple[Callable[[int, str], None] | None, Callable[[int, int], None] | None]]:
    """Yield ``on_progress`` and ``on_files`` callbacks drawing a bar on stderr (``None`` if quiet).

    The bar counts files, which ingest counts before it starts, so it shows
    a total and an estimate of the time left; documents are counted beside it.
    """
    if quiet:
        yield None, None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.fields[documents]:>7,} documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        TextColumn("[dim]{task.fields[source]}"),
        console=Console(stderr=True),
        transient=True,
        # Redrawn from on_progress, not by a thread of its own: spaCy forks its
        # workers during the run, and a process should not fork while it runs threads.
        auto_refresh=False,
    )
    task = progress.add_task("ingest", total=None, source="", documents=0)

    def on_progress(done: int, source: str) -> None:
        progress.update(task, documents=done, source=_tail(source, 60))
        progress.refresh()

    def on_files(started: int, total: int) -> None:
        progress.update(task, completed=started - 1, total=total)
        progress.refresh()

    with progress:
        yield on_progress, on_files


@contextmanager
def copy_progress(quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """Yield an ``on_progress(done, total)`` callback drawing a bar on stderr, or ``None``."""
    if quiet:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress(
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("copy", total=None)

    def on_progress(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    with progress:
        yield on_progress


def _tail(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1) :]
