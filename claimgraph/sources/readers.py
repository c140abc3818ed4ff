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
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from claimgraph.errors import SourceError, UnreadableSourceError
from claimgraph.model import RawDocument
from claimgraph.sources.base import (
    MAPPED_FORMATS,
    POST_FORMATS,
    BadLine,
    Reader,
    Skipped,
    check_format,
    one_line,
    storable,
)
from claimgraph.sources.detect import detect_format
from claimgraph.sources.encoding import (
    SNIFF_SIZE,
    bom_encoding,
    check_records_head,
    decode,
    decode_records,
    mostly_utf8,
)
from claimgraph.sources.feed import read_feed
from claimgraph.sources.fetch import Fetched, FetchOptions, fetch, is_url
from claimgraph.sources.files import expand_paths, os_reason
from claimgraph.sources.html import read_html
from claimgraph.sources.limits import (
    MAX_DETECT_BYTES,
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    too_deep,
)
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
    exclude: Iterable[str] = (),
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
    exclude : iterable of str
        Real paths never to read: the files of the database being written
        (:func:`claimgraph.sources.files.store_files`). Files of any redis or
        RocksDB database are never read either.

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
    return _read_all(paths, format, mapping, fetch, frozenset(exclude))


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
    head, whole = _read_head(path, source)
    if head.startswith(_RDB_MAGIC):
        raise UnreadableSourceError(_RDB_NOTE, source=source)
    chosen = format
    if format == "auto":
        chosen = detect_post_format(head, path) or detect_format(head, path)
    if chosen in ("text", "markdown") and head.lstrip(_BOM_AND_SPACE)[:1] in (b"{", b"["):
        _refuse_deep_json(head, source)
    if chosen in LINE_FORMATS:
        lines = _line_stream(path, head, whole, source)
        if lines is not None:
            return _read_text(lines, source, "utf-8", chosen, columns)
    data = _read_bytes(path, source)
    # In a file of posts a line of bad bytes is one bad record, not a bad file.
    text, encoding = (decode_records if chosen in POST_FORMATS else decode)(data, source)
    return _read_text(text, source, encoding, chosen, columns)


# The start of every redis (and FalkorDB) RDB dump: "REDIS" and a 4-digit version.
_RDB_MAGIC = b"REDIS00"
_RDB_NOTE = "a redis or FalkorDB database dump (RDB), not a document; not read"
_BOM_AND_SPACE = b" \t\r\n\xef\xbb\xbf"


def _refuse_deep_json(head: bytes, source: str) -> None:
    """Refuse a file of JSON nested too deep to be anything but hostile (issue 17.1).

    Such a file is no post format, so it would be read as one text of
    brackets, whose tokenizing takes minutes.
    """
    reason = too_deep(head.decode("utf-8", errors="replace"))
    if reason is not None:
        raise UnreadableSourceError(reason, source=source)


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


def _line_stream(path: Path, head: bytes, whole: bool, source: str) -> Iterator[str] | None:
    """Return the lines of a file of JSON lines as they are read, or None to read it whole.

    UTF-8 streams, with or without a byte-order mark, and each line is
    decoded on its own (issue 20.7): a line that is not UTF-8, or is longer
    than :data:`MAX_LINE_BYTES`, comes as a :class:`BadLine` that the reader
    reports with its number, and the lines around it load. A file whose
    first lines are mostly not UTF-8 is in another encoding (or UTF-16/32)
    and is read whole, decoded, detected and refused as files of every other
    format are.
    """
    encoding = bom_encoding(head)
    if encoding not in (None, "utf-8-sig"):
        return None
    body = head[len(codecs.BOM_UTF8) :] if encoding else head
    check_records_head(body, whole, source)
    lines = body.split(b"\n")
    if not mostly_utf8(lines if whole or len(lines) == 1 else lines[:-1]):
        return None
    return _decoded_lines(path, skip=len(head) - len(body))


def _decoded_lines(path: Path, skip: int) -> Iterator[str]:
    """Yield the lines of ``path`` decoded as UTF-8, a BadLine for each that is not.

    The file is read as far as it reached when it was opened: one that grows
    while it is read (a log being written) was read for as long as it grew.
    """
    with path.open("rb") as file:
        left = os.fstat(file.fileno()).st_size - skip
        file.seek(skip)
        while left > 0 and (line := file.readline(min(MAX_LINE_BYTES + 1, left))):
            left -= len(line)
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                left -= _skip_rest_of_line(file, left)
                yield BadLine(
                    f"line longer than {MAX_LINE_BYTES:,} bytes; not read (a record is "
                    "never this long: is it a whole file on one line?)"
                )
                continue
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as error:
                yield BadLine(
                    f"not UTF-8 text (the byte 0x{line[error.start]:02x} at column "
                    f"{error.start + 1}); save the file as UTF-8, or fix this line"
                )
                continue
            # Lines end at \r too, as text files opened with newline="" read them.
            yield from _LONE_CR.split(text) if "\r" in text[:-2] else (text,)


_LONE_CR = re.compile(r"(?<=\r)(?!\n)(?!$)")


def _skip_rest_of_line(file: BinaryIO, left: int) -> int:
    """Read past the end of the current line, at most ``left`` bytes; return how many were read."""
    skipped = 0
    while skipped < left and (chunk := file.readline(min(_CHUNK, left - skipped))):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _storable(items: Iterable[RawDocument | Skipped]) -> Iterator[RawDocument | Skipped]:
    for item in items:
        yield storable(item) if isinstance(item, RawDocument) else item


def _read_all(
    paths: Iterable[str | os.PathLike[str]],
    format: str,
    columns: Mapping[str, str] | None,
    fetch: FetchOptions | None,
    exclude: frozenset[str] = frozenset(),
) -> Iterator[RawDocument | Skipped]:
    specs = list(paths)
    urls = [s for s in specs if isinstance(s, str) and is_url(s) and not os.path.lexists(s)]
    local = [spec for spec in specs if spec not in urls]
    for item in expand_paths(local, exclude):
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
        end = page.data.find(b"\n", 0, MAX_DETECT_BYTES)
        head = page.data[: max(end, SNIFF_SIZE) if end >= 0 else MAX_DETECT_BYTES]
        chosen = detect_post_format(head, name) or detect_format(head, name)
        if chosen in ("text", "markdown") and page.content_type in _HTML_TYPES:
            chosen = "html"
    if chosen in ("text", "markdown") and page.data.lstrip(_BOM_AND_SPACE)[:1] in (b"{", b"["):
        # As for a file (issue 17.1): never one text of brackets for the pipeline.
        _refuse_deep_json(page.data[:MAX_DETECT_BYTES], page.url)
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


def _read_head(path: Path, source: str) -> tuple[bytes, bool]:
    """Return the first bytes of ``path`` and whether they are the whole file.

    A file that starts like JSON is read on to the end of its first line (at
    most :data:`MAX_DETECT_BYTES`): one line of twarc2 output is 30 KB to
    1 MB, and its format shows only in the whole line (issue 19.4).
    """
    try:
        with path.open("rb") as file:
            head = file.read(SNIFF_SIZE)
            if head.lstrip(_BOM_AND_SPACE)[:1] in (b"{", b"["):
                while b"\n" not in head and len(head) < MAX_DETECT_BYTES:
                    chunk = file.read(min(_CHUNK, MAX_DETECT_BYTES - len(head)))
                    if not chunk:
                        break
                    head += chunk
            return head, not file.read(1)
    except OSError as error:
        raise UnreadableSourceError(
            f"cannot read the file: {os_reason(error)}", source=source
        ) from error


def _read_bytes(path: Path, source: str) -> bytes:
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise UnreadableSourceError(
                    f"file of {size:,} bytes, larger than the {MAX_FILE_BYTES:,} read whole; "
                    "split it (posts as JSON lines stream and have no such limit)",
                    source=source,
                )
            # As far as the file reached when opened: one growing while it is read
            # could otherwise pass the bound above.
            return file.read(size)
    except OSError as error:
        raise UnreadableSourceError(
            f"cannot read the file: {os_reason(error)}", source=source
        ) from error
