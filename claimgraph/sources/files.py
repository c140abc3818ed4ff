"""Expand the paths a user gives (files, directories, glob patterns) into files to read.

Order is deterministic: paths in the order given, each directory walked
depth-first in sorted name order, glob matches sorted. Hidden files and
directories (``.git``, ``.DS_Store``) inside a directory or behind a wildcard
are skipped; a hidden file named explicitly is read. Symbolic links to
directories are not followed, so a link cycle cannot loop. A file reached
twice is yielded once.

Database files are never read as documents (issue 17.2: ``claimgraph ingest .``
read the append-only log of the database it was writing): the files of the
store being written (``exclude``: ``DB``, ``DB.aof/``, ``DB.settings``,
``DB.lock``), and anything that looks like a store's file: redis and
FalkorDB logs and dumps (``*.aof``, ``*.rdb``, an ``appendonly.aof.manifest``),
RocksDB and Oxigraph files (``CURRENT``, ``LOCK``, ``MANIFEST-*``,
``OPTIONS-*``, ``*.sst``, ``*.log`` beside them) and lock files (``*.lock``).
Inside a directory they are passed over silently; named explicitly they are
reported.

Examples
--------
>>> item, = expand_paths(["no/such/dir/*.html"])
>>> item.reason
'no file matches the pattern; check it, and quote it so the shell does not expand it'
>>> is_store_file(Path("graph.db.aof/appendonly.aof.1.incr.aof")), is_store_file(Path("a.txt"))
(True, False)
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimgraph.sources.base import Skipped

__all__ = ["expand_paths", "is_store_file", "os_reason", "store_files"]

_GLOB_CHARS = frozenset("*?[")

# Names of the files redis, FalkorDB, RocksDB and Oxigraph keep a database in.
_STORE_FILE = re.compile(
    r"(?:.*\.(?:aof|rdb|sst|lock)|appendonly\.aof\..*|CURRENT|LOCK|IDENTITY"
    r"|MANIFEST-\d+|OPTIONS-\d+|dump\.rdb)",
    re.IGNORECASE,
)
# A RocksDB directory holds these two; everything in it is the database's.
_ROCKSDB_MARKERS = ("CURRENT", "IDENTITY")
_STORE_NOTE = "a database file (redis, FalkorDB, RocksDB or Oxigraph), not a document; not read"
_OWN_NOTE = "a file of the database this ingest writes to; not read"


def store_files(db: str | os.PathLike[str]) -> frozenset[str]:
    """Return the real paths of the files a store at ``db`` keeps its graph in.

    Examples
    --------
    >>> sorted(Path(p).name for p in store_files("/data/g.db"))
    ['g.db', 'g.db.aof', 'g.db.lock', 'g.db.settings']
    """
    path = Path(os.path.realpath(db))
    names = (path.name, *(path.name + suffix for suffix in (".aof", ".settings", ".lock")))
    return frozenset(os.fspath(path.with_name(name)) for name in names)


def is_store_file(path: Path) -> bool:
    """Return whether ``path`` is named like a file of a redis or RocksDB database.

    Examples
    --------
    >>> is_store_file(Path("oxigraph/MANIFEST-000005")), is_store_file(Path("notes.log"))
    (True, False)
    """
    return _STORE_FILE.fullmatch(path.name) is not None or path.parent.name.endswith(".aof")


def _is_store_directory(path: Path) -> bool:
    if path.name.endswith(".aof"):
        return True
    try:
        return all((path / marker).is_file() for marker in _ROCKSDB_MARKERS) or (
            (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))
        )
    except OSError:
        return False


def expand_paths(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    exclude: Iterable[str] = (),
) -> Iterator[Path | Skipped]:
    """Yield every file named by ``paths``, and a ``Skipped`` for each path that names none.

    Parameters
    ----------
    paths : iterable of str or os.PathLike
        Files, directories (read recursively) and glob patterns (``data/*.html``,
        ``data/**/*.xml``). A single path is accepted too.
    exclude : iterable of str
        Real paths never to read (the files of the database being written, see
        :func:`store_files`); a directory among them is left out whole.

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
    excluded = frozenset(exclude)
    seen: set[str] = set()
    for spec in paths:
        for item in _expand(os.fspath(spec)):
            if isinstance(item, Path):
                key = os.path.realpath(item)
                if key in seen:
                    continue
                seen.add(key)
                note = _not_a_document(item, key, excluded)
                if note is not None:
                    if os.path.realpath(spec) == key:  # named on purpose: say why not
                        yield Skipped(os.fspath(item), note)
                    continue
            yield item


def _not_a_document(path: Path, real: str, excluded: frozenset[str]) -> str | None:
    """Return why the file ``path`` is a database's and not read, or None to read it."""
    if any(real == own or real.startswith(own + os.sep) for own in excluded):
        return _OWN_NOTE
    if is_store_file(path) or _is_store_directory(Path(os.path.dirname(real))):
        return _STORE_NOTE
    return None


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


_NOT_A_FILE = "not a regular file (a device, socket or pipe); not read"


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
            elif entry.is_symlink() and not path.exists():
                yield Skipped(os.fspath(path), "broken symbolic link; its target does not exist")
            elif not entry.is_symlink() or not path.is_dir():
                # Never opened: reading a pipe or a terminal blocks, /dev/zero never ends.
                yield Skipped(os.fspath(path), _NOT_A_FILE)
        except OSError as error:
            yield Skipped(os.fspath(path), f"cannot look at the path: {os_reason(error)}")
