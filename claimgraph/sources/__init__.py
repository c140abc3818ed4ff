"""Read articles and posts from disk into :class:`~claimgraph.model.RawDocument` objects.

Plain text, Markdown, saved web pages (HTML) and RSS/Atom feeds, and social
posts (X/Twitter JSON, Telegram exports, CSV and JSONL tables; see
:mod:`claimgraph.sources.posts`) are read from files, directories and glob
patterns. The format is told from each file's
content (``format="auto"``) or named explicitly; the encoding is detected
(byte-order mark, UTF-8, declared charset, then charset-normalizer).

:func:`read_sources` is the entry point: it streams documents and reports
every file or feed entry it could not read as a :class:`Skipped`, with the
reason, instead of raising.

Modules: ``files`` (path expansion), ``encoding`` (decoding), ``detect``
(format detection), ``text``, ``html`` and ``feed`` (readers), ``readers``
(dispatch), ``dates`` (ISO 8601 dates), ``base`` (shared types).

Examples
--------
>>> FORMATS  # doctest: +NORMALIZE_WHITESPACE
('auto', 'text', 'markdown', 'html', 'feed', 'twitter', 'telegram', 'cnt-csv', 'csv', 'jsonl')
>>> list(read_sources([], format="pdf"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
claimgraph.errors.UnsupportedFormatError: unknown format 'pdf'; use one of: auto, text, ...
"""

from __future__ import annotations

from claimgraph.sources.base import FORMATS, Reader, Skipped
from claimgraph.sources.detect import detect_format
from claimgraph.sources.encoding import decode
from claimgraph.sources.files import expand_paths
from claimgraph.sources.readers import READERS, read_file, read_sources

__all__ = [
    "FORMATS",
    "READERS",
    "Reader",
    "Skipped",
    "read_sources",
    "read_file",
    "expand_paths",
    "detect_format",
    "decode",
]
