"""How much work one input may cost the readers: size, line length, nesting depth.

Every bound here turns an input that would take minutes or gigabytes into a
one-line report of the file (or the line) and the reason, so one hostile file
never stalls a run (issue 17.1: a JSON file nested 50,000 levels deep kept
``claimgraph ingest`` busy for over ten minutes without a word). The bounds of
the language pipeline (characters per document, chunks, runs of punctuation)
are in :mod:`claimgraph.ingest`.

Examples
--------
>>> json_depth('{"a": [1, {"b": "[[[["}]}')
3
>>> json_depth("[" * 5000) > MAX_JSON_DEPTH
True
"""

from __future__ import annotations

import re

__all__ = [
    "MAX_DETECT_BYTES",
    "MAX_FILE_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_LINE_BYTES",
    "json_depth",
    "too_deep",
]

#: Largest file read whole (text, Markdown, HTML, feeds, Telegram exports, CSV).
#: Files of JSON lines stream and have no such bound, only one per line.
MAX_FILE_BYTES = 512 * 1024 * 1024
#: Longest line of a file of JSON lines; a twarc2 page of 100 tweets is 30 KB to 1 MB.
MAX_LINE_BYTES = 16 * 1024 * 1024
#: How far into a file format detection reads to find the end of its first line.
MAX_DETECT_BYTES = 4 * 1024 * 1024
#: Deepest nesting of JSON arrays and objects read; real posts nest fewer than 10 levels.
MAX_JSON_DEPTH = 512

# A whole JSON string (its brackets do not count), or one bracket.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.S)


def json_depth(text: str, stop: int = MAX_JSON_DEPTH) -> int:
    """Return how deep arrays and objects nest in the JSON ``text`` (or its start).

    Strings are skipped, so brackets inside them do not count. Counting stops
    once the depth passes ``stop``; the text need not be complete or valid.
    """
    depth = deepest = 0
    for match in _TOKEN.finditer(text):
        char = match.group()[0]
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop:
                    break
        elif char in "]}":
            depth -= 1
    return deepest


def too_deep(text: str) -> str | None:
    """Return the reason to refuse JSON ``text`` for its nesting, or None if it is fine.

    Examples
    --------
    >>> too_deep('{"a": 1}') is None
    True
    >>> too_deep('{"a":' * 600)
    'JSON nested more than 512 levels deep; not read (real posts nest fewer than 10)'
    """
    if json_depth(text) > MAX_JSON_DEPTH:
        return (
            f"JSON nested more than {MAX_JSON_DEPTH} levels deep; not read "
            "(real posts nest fewer than 10)"
        )
    return None
