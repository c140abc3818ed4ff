"""What every source reader shares: format names, the ``Skipped`` record, the reader interface.

A reader turns the decoded text of one file into documents. It yields a
:class:`Skipped` for a part of the file it cannot use (a feed entry without
text) and raises a :class:`~claimgraph.errors.SourceError` when the whole file
is unusable; :func:`claimgraph.sources.read_sources` turns that error into a
``Skipped`` too, so a run never stops on one bad file.

Examples
--------
>>> print(Skipped("feeds/news.xml", "not a well-formed RSS or Atom feed", line=7))
feeds/news.xml:7: not a well-formed RSS or Atom feed
>>> check_format("html")
'html'
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from claimgraph.errors import UnsupportedFormatError
from claimgraph.model import Post, RawDocument

__all__ = [
    "BadLine",
    "FORMATS",
    "MAPPED_FORMATS",
    "POST_FORMATS",
    "Reader",
    "Skipped",
    "check_format",
    "one_line",
    "storable",
]

#: Format names accepted by the readers; ``auto`` picks one from the file's content.
FORMATS: tuple[str, ...] = (
    "auto", "text", "markdown", "html", "feed", "twitter", "telegram", "cnt-csv", "csv", "jsonl",
)  # fmt: skip

# NUL, which no store can hold (FalkorDB cuts its query text there), and lone
# surrogates, which JSON's \\ud800 escapes make and no UTF-8 encoder accepts.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

#: Formats of files of posts, read record by record.
POST_FORMATS: tuple[str, ...] = ("twitter", "telegram", "cnt-csv", "csv", "jsonl")

#: Formats whose records are mapped to post fields by a column mapping (``--columns``).
MAPPED_FORMATS: tuple[str, ...] = ("csv", "jsonl")


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input, or part of one, that was not read, with the reason why.

    Parameters
    ----------
    source : str
        The path as given (or ``path#entry`` for one entry of a feed).
    reason : str
        One line saying what is wrong and, when possible, how to fix it.
    line : int or None
        The line of the file where the problem was found, when known.
    """

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.reason}"


class BadLine(str):
    """A line of a file of records that could not be read, standing in for it with the reason.

    The streams that feed line-by-line readers yield one in place of a line
    that is not text in the file's encoding, or is too long, so that the
    reader reports it with its line number and goes on.

    Examples
    --------
    >>> line = BadLine("not UTF-8 text")
    >>> line.reason, line == ""
    ('not UTF-8 text', True)
    """

    reason: str

    def __new__(cls, reason: str) -> BadLine:
        line = super().__new__(cls, "")
        line.reason = reason
        return line


@runtime_checkable
class Reader(Protocol):
    """Turn the decoded text of one file into documents.

    A reader raises :class:`~claimgraph.errors.SourceError` when nothing in
    the file can be read, and yields :class:`Skipped` for parts it passes over.
    """

    def __call__(
        self, text: str, source: str, encoding: str
    ) -> Iterable[RawDocument | Skipped]: ...


def check_format(format: str) -> str:
    """Return ``format`` if it names a reader, else raise ``UnsupportedFormatError``.

    Examples
    --------
    >>> check_format("pdf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    claimgraph.errors.UnsupportedFormatError: unknown format 'pdf'; use one of: auto, text, ...
    """
    if format not in FORMATS:
        raise UnsupportedFormatError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    return format


def one_line(message: str) -> str:
    """Return ``message`` on a single line, whitespace runs collapsed.

    Examples
    --------
    >>> one_line("mismatched tag\\n  at line 3")
    'mismatched tag at line 3'
    """
    return " ".join(message.split())


def storable[T: (RawDocument, Post)](item: T) -> T:
    """Return ``item`` with every character no store can hold replaced by U+FFFD.

    NUL and lone surrogates each become one U+FFFD, so character offsets into
    the text stay right.

    Examples
    --------
    >>> storable(RawDocument(text="a\\x00b\\ud800", source="x.txt")).text
    'a\\ufffdb\\ufffd'
    """
    changes: dict[str, object] = {}
    for field in dataclasses.fields(item):
        value = getattr(item, field.name)
        if isinstance(value, str) and _UNSTORABLE.search(value):
            changes[field.name] = _UNSTORABLE.sub("\ufffd", value)
        elif isinstance(value, tuple) and any(_UNSTORABLE.search(v) for v in value):
            changes[field.name] = tuple(_UNSTORABLE.sub("\ufffd", v) for v in value)
        elif isinstance(value, Post):
            post = storable(value)
            if post is not value:
                changes[field.name] = post
    return dataclasses.replace(item, **changes) if changes else item  # type: ignore[arg-type]
