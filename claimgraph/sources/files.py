"""Expand the paths a user gives (files, directories, glob patterns) into files to read.

Order is deterministic: paths in the order given, each directory walked
depth-first in sorted name order, glob matches sorted. Hidden files and
directories (``.git``, ``.DS_Store``) inside a directory or behind a wildcard
are skipped; a hidden file named explicitly is read. Symbolic links to
directories are not followed, so a link cycle cannot loop. A file reached
twice is yielded once.

Examples
--------
>>> item, = expand_paths(["no/such/dir/*.html"])
>>> item.reason
'no file matches the pattern; check it, and quote it so the shell does not expand it'
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimgraph.sources.base import Skipped

__all__ = ["expand_paths", "os_reason"]

_GLOB_CHARS = frozenset("*?[")


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Skipped]:
    """Yield every file named by ``paths``, and a ``Skipped`` for each path that names none.

    Parameters
    ----------
    paths : iterable of str or os.PathLike
        Files, directories (read recursively) and glob patterns (``data/*.html``,
        ``data/**/*.xml``). A single path is accepted too.

    Yields
    ------
    Path or Skipped
        Files to read, or why a path gave nothing (missing, no glob match,
        empty directory, unreadable directory, not a regular file).

    Examples
    --------
    >>> item, = expand_paths("missing.txt")
    >>> item.reason.startswith("no such file or directory")
    True
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    seen: set[str] = set()
    for spec in paths:
        for item in _expand(os.fspath(spec)):
            if isinstance(item, Path):
                key = os.path.realpath(item)
                if key in seen:
                    continue
                seen.add(key)
            yield item


def os_reason(error: OSError) -> str:
    """Return the operating system's words for ``error``, lower-cased, without the path.

    Examples
    --------
    >>> os_reason(PermissionError(13, "Permission denied"))
    'permission denied'
    """
    reason = error.strerror or str(error) or type(error).__name__
    return reason[:1].lower() + reason[1:]


def _expand(spec: str) -> Iterator[Path | Skipped]:
    if not spec.strip():
        yield Skipped(spec, "empty path; name a file, a directory or a glob pattern")
        return
    path = Path(spec)
    try:
        exists = path.exists() or path.is_symlink()
    except OSError as error:
        yield Skipped(spec, f"cannot look at the path: {os_reason(error)}")
        return
    if exists:
        yield from _expand_existing(path, spec, report_empty=True)
    elif _GLOB_CHARS.intersection(spec):
        yield from _expand_glob(spec)
    else:
        yield Skipped(
            spec, f"no such file or directory; check the path (relative to {os.getcwd()})"
        )


def _expand_glob(pattern: str) -> Iterator[Path | Skipped]:
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield Skipped(
            pattern,
            "no file matches the pattern; check it, and quote it so the shell does not expand it",
        )
    for match in matches:
        yield from _expand_existing(Path(match), match, report_empty=False)


def _expand_existing(path: Path, spec: str, *, report_empty: bool) -> Iterator[Path | Skipped]:
    if path.is_dir():
        found = False
        for item in _walk(path):
            found = found or isinstance(item, Path)
            yield item
        # A directory named on purpose that gives nothing is a likely mistake;
        # an empty one met through ``**`` is not worth a report.
        if report_empty and not found:
            yield Skipped(spec, "directory holds no files to read (hidden files are skipped)")
    elif path.is_file():
        yield path
    elif path.is_symlink():
        yield Skipped(spec, "broken symbolic link; its target does not exist")
    else:
        yield Skipped(spec, "not a regular file (a device, socket or pipe); name files or folders")


def _walk(directory: Path) -> Iterator[Path | Skipped]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield Skipped(os.fspath(directory), f"cannot list the directory: {os_reason(error)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = directory / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path)
            elif entry.is_file():
                yield path
        except OSError as error:
            yield Skipped(os.fspath(path), f"cannot look at the path: {os_reason(error)}")
