"""Read files into documents: pick a reader by name or by content, and never stop on a bad file.

:func:`read_file` reads one file and raises on a problem; :func:`read_sources`
reads any number of paths and turns every problem into a :class:`Skipped`, so
the good documents around a bad file are never lost.

Examples
--------
>>> sorted(READERS)
['cnt-csv', 'csv', 'feed', 'html', 'jsonl', 'markdown', 'telegram', 'text', 'twitter']
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from claimgraph.errors import SourceError, UnreadableSourceError
from claimgraph.model import RawDocument
from claimgraph.sources.base import (
    MAPPED_FORMATS,
    POST_FORMATS,
    Reader,
    Skipped,
    check_format,
    one_line,
    storable,
)
from claimgraph.sources.detect import detect_format
from claimgraph.sources.encoding import SNIFF_SIZE, bom_encoding, decode, decode_records
from claimgraph.sources.feed import read_feed
from claimgraph.sources.fetch import Fetched, FetchOptions, fetch, is_url
from claimgraph.sources.files import expand_paths, os_reason
from claimgraph.sources.html import read_html
from claimgraph.sources.posts import (
    detect_post_format,
    parse_columns,
    read_cnt_csv,
    read_csv_posts,
    read_jsonl_posts,
    read_telegram,
    read_twitter,
)
from claimgraph.sources.text import read_markdown, read_text

__all__ = ["READERS", "LINE_FORMATS", "read_sources", "read_file", "iter_file"]

logger = logging.getLogger(__name__)

#: The reader for each explicit format name.
READERS: dict[str, Reader] = {
    "text": read_text,
    "markdown": read_markdown,
    "html": read_html,
    "feed": read_feed,
    "twitter": read_twitter,
    "telegram": read_telegram,
    "cnt-csv": read_cnt_csv,
    "csv": read_csv_posts,
    "jsonl": read_jsonl_posts,
}


#: Formats read line by line: a UTF-8 file of them streams, never held whole in memory.
LINE_FORMATS = frozenset({"twitter", "jsonl"})
#: Bytes read at a time when checking that a file streams.
_CHUNK = 1 << 18


def read_sources(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    format: str = "auto",
    columns: str | Mapping[str, str] | None = None,
    fetch: FetchOptions | None = None,
) -> Iterator[RawDocument | Skipped]:
    """Yield a RawDocument per readable document and a Skipped per unreadable one.

    Files are read one at a time, in the order :func:`expand_paths` gives.
    A missing path, an unreadable, empty or binary file, a page with no main
    text, a malformed feed or a feed entry without text each come back as a
    :class:`Skipped` saying why; reading goes on with the next one.

    Parameters
    ----------
    paths : iterable of str or os.PathLike
        Files, directories (read recursively) and glob patterns.
    format : str
        One of :data:`FORMATS`; ``'auto'`` (the default) picks a reader from
        each file's content, then its name.
    columns : str or mapping, optional
        For posts in CSV or JSONL tables: which column holds each post field,
        as ``"id=tweet_id,author=screen_name,..."`` (see
        :func:`claimgraph.sources.posts.parse_columns`).
    fetch : FetchOptions, optional
        Download the ``http`` and ``https`` URLs among ``paths`` under these
        rules (see :mod:`claimgraph.sources.fetch`), after the local files.
        Without it no URL is fetched: each is reported as skipped, and
        nothing ever goes to the network.

    Raises
    ------
    UnsupportedFormatError
        At once, if ``format`` is not one of :data:`FORMATS`.
    ColumnMappingError
        At once, if ``columns`` is malformed.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = Path(folder, "note.txt").write_text("PM tweets\\nBody.\\n", encoding="utf-8")
    ...     items = list(read_sources([folder, Path(folder, "gone.txt")]))
    >>> [type(item).__name__ for item in items]
    ['RawDocument', 'Skipped']
    >>> items[0].title
    'PM tweets'
    """
    check_format(format)
    mapping = parse_columns(columns) if columns else None
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    return _read_all(paths, format, mapping, fetch)


def read_file(path: str | os.PathLike[str], format: str = "auto") -> list[RawDocument]:
    """Return the documents of one file.

    Feed entries without text are left out; :func:`read_sources` reports them.

    Parameters
    ----------
    path : str or os.PathLike
        The file to read.
    format : str
        One of :data:`FORMATS`.

    Raises
    ------
    UnreadableSourceError
        If the file cannot be read, is empty or binary, or holds nothing the
        reader can use.
    UnsupportedFormatError
        If ``format`` is unknown, or the content matches no reader.

    Examples
    --------
    >>> read_file("no-such-file.txt")
    Traceback (most recent call last):
    ...
    claimgraph.errors.UnreadableSourceError: cannot read the file: no such file or directory
    """
    check_format(format)
    return [item for item in iter_file(Path(path), format) if isinstance(item, RawDocument)]


def iter_file(
    path: Path, format: str, columns: Mapping[str, str] | None = None
) -> Iterator[RawDocument | Skipped]:
    """Return an iterator over the documents and skipped parts of one file.

    Problems with the whole file raise :class:`SourceError`, either at once
    (unreadable, empty, binary, unknown content) or while iterating (the
    reader finds nothing it can use).
    """
    source = os.fspath(path)
    head = _read_head(path, source)
    chosen = format
    if format == "auto":
        chosen = detect_post_format(head, path) or detect_format(head, path)
    if chosen in LINE_FORMATS:
        stream_encoding = _stream_encoding(path, head, source)
        if stream_encoding is not None:
            lines = _read_lines(path, stream_encoding)
            return _read_text(lines, source, "utf-8", chosen, columns)
    data = _read_bytes(path, source)
    # In a file of posts a line of bad bytes is one bad record, not a bad file.
    text, encoding = (decode_records if chosen in POST_FORMATS else decode)(data, source)
    return _read_text(text, source, encoding, chosen, columns)


def _read_text(
    text: str | Iterable[str],
    source: str,
    encoding: str,
    format: str,
    columns: Mapping[str, str] | None,
) -> Iterator[RawDocument | Skipped]:
    """Read ``text``: a whole file, or the lines of a file of a line format."""
    reader: Callable[..., Iterable[RawDocument | Skipped]] = READERS[format]
    if format in MAPPED_FORMATS:
        reader = functools.partial(reader, columns=columns)
    return _storable(reader(text, source, encoding))


def _stream_encoding(path: Path, head: bytes, source: str) -> str | None:
    """Return the codec to stream ``path`` with, or None to read it whole.

    Only UTF-8 streams, with or without a byte-order mark: its lines decode
    one by one. The whole file is checked first with an incremental decoder
    (a chunk in memory at a time), so that a file that is not UTF-8, or is
    empty or binary, is read whole and decoded, detected and refused exactly
    as files of every other format are.
    """
    encoding = bom_encoding(head) or "utf-8"
    if encoding not in ("utf-8", "utf-8-sig"):
        return None
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
        with path.open("rb") as file:
            while chunk := file.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
        # The checks every file gets (empty, binary, control characters), on the head's
        # whole characters.
        head_text = codecs.getincrementaldecoder(encoding)().decode(head)
        decode(head_text.encode("utf-8"), source)
    except (SourceError, OSError, UnicodeDecodeError):
        return None
    return encoding


def _read_lines(path: Path, encoding: str) -> Iterator[str]:
    with path.open(encoding=encoding, newline="") as file:
        yield from file


def _storable(items: Iterable[RawDocument | Skipped]) -> Iterator[RawDocument | Skipped]:
    for item in items:
        yield storable(item) if isinstance(item, RawDocument) else item


def _read_all(
    paths: Iterable[str | os.PathLike[str]],
    format: str,
    columns: Mapping[str, str] | None,
    fetch: FetchOptions | None,
) -> Iterator[RawDocument | Skipped]:
    specs = list(paths)
    urls = [s for s in specs if isinstance(s, str) and is_url(s) and not os.path.lexists(s)]
    local = [spec for spec in specs if spec not in urls]
    for item in expand_paths(local):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from _read_guarded(item, format, columns)
    for url in urls:
        if fetch is None:
            yield Skipped(url, _NO_FETCH)
        else:
            yield from _fetched_guarded(url, format, columns, fetch)


_NO_FETCH = "a URL, and claimgraph reads only local files by default; use --fetch to download URLs"


def _fetched_guarded(
    url: str, format: str, columns: Mapping[str, str] | None, options: FetchOptions
) -> Iterator[RawDocument | Skipped]:
    try:
        yield from _read_fetched(fetch(url, options), format, columns)
    except SourceError as error:
        yield Skipped(error.source or url, one_line(str(error)), error.line)


def _read_fetched(
    page: Fetched, format: str, columns: Mapping[str, str] | None
) -> Iterator[RawDocument | Skipped]:
    """Read a downloaded body as a file of its type; one-document formats get its URL."""
    name = urlsplit(page.final_url).path or "/"
    chosen = format
    if format == "auto":
        head = page.data[:SNIFF_SIZE]
        chosen = detect_post_format(head, name) or detect_format(head, name)
        if chosen in ("text", "markdown") and page.content_type in _HTML_TYPES:
            chosen = "html"
    text, encoding = _decode_fetched(page, chosen)
    for item in _read_text(text, page.url, encoding, chosen, columns):
        if isinstance(item, RawDocument) and chosen in _ONE_DOCUMENT_FORMATS:
            item = dataclasses.replace(item, url=page.final_url)
        yield item


_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_ONE_DOCUMENT_FORMATS = frozenset({"text", "markdown", "html"})


def _decode_fetched(page: Fetched, chosen: str) -> tuple[str, str]:
    # A charset the server names wins when the bytes really are in it.
    if page.charset and bom_encoding(page.data) is None:
        try:
            return page.data.decode(page.charset), page.charset
        except (LookupError, UnicodeDecodeError):
            pass
    return (decode_records if chosen in POST_FORMATS else decode)(page.data, page.url)


def _read_guarded(
    path: Path, format: str, columns: Mapping[str, str] | None
) -> Iterator[RawDocument | Skipped]:
    source = os.fspath(path)
    try:
        yield from iter_file(path, format, columns)
    except SourceError as error:
        yield Skipped(error.source or source, one_line(str(error)), error.line)
    except Exception as error:  # noqa: BLE001 -- a parser bug on one file must not end the run
        logger.debug("unexpected error reading %s", source, exc_info=True)
        yield Skipped(
            source,
            one_line(
                f"unexpected error while reading ({type(error).__name__}: {error}); "
                "please report it with the file"
            ),
        )


def _read_head(path: Path, source: str) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(SNIFF_SIZE)
    except OSError as error:
        raise UnreadableSourceError(
            f"cannot read the file: {os_reason(error)}", source=source
        ) from error


def _read_bytes(path: Path, source: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise UnreadableSourceError(
            f"cannot read the file: {os_reason(error)}", source=source
        ) from error
