"""Read posts from tables: coordination-network-toolkit's CSV, and any CSV or JSONL with a mapping.

The toolkit's CSV has the header
``message_id,user_id,username,repost_id,reply_id,message,timestamp,urls``
(more columns may follow), timestamps in seconds and links separated by
spaces. Other tables need a column mapping (``--columns``) naming which
column holds each field:

``id`` and ``author`` (a handle) are required; ``author_id``,
``display_name``, ``text``, ``time``, ``repost_of``, ``reply_to``,
``quote_of``, ``urls``, ``hashtags``, ``mentions``, ``lang``, ``url`` and
``status`` (the author account's status, see
:mod:`~claimgraph.sources.posts.status`) with ``status_seen`` (when it was
checked; the post's time by default) are optional. A CSV file's column
``account_status``, ``user_status``, ``author_status`` or ``status`` (the
first there is) is the author's status when the mapping names none. List
fields hold space-separated values (CSV) or JSON lists. In JSONL, a column
may be a dotted path (``user.screen_name``). ``platform`` names the
platform itself, not a column (default ``twitter``).

Examples
--------
>>> parse_columns("id=tweet_id,author=user.name,text=body,platform=mastodon")
{'id': 'tweet_id', 'author': 'user.name', 'text': 'body', 'platform': 'mastodon'}
>>> table = "\\ufeffmessage_id,user_id,username,repost_id,reply_id,message,timestamp,urls\\n"
>>> table += '1,u1,Almiri,,,"Proud #KZ",60,"https://x.org/a?utm_source=t"\\n'
>>> doc, = read_cnt_csv(table, "posts.csv", "utf-8-sig")
>>> doc.id, doc.post.author, doc.post.timestamp, doc.post.urls
('twitter:1', 'twitter:almiri', 60.0, ('https://x.org/a',))
"""

from __future__ import annotations

import csv
import re
from collections.abc import Generator, Iterator, Mapping
from typing import Any

from claimgraph.errors import SourceError, UnreadableSourceError
from claimgraph.model import RawDocument
from claimgraph.sources.base import Skipped
from claimgraph.sources.posts.common import Lines, PostFields, json_lines, post_or_skip
from claimgraph.sources.posts.status import STATUS_COLUMNS

__all__ = [
    "CNT_COLUMNS",
    "FIELDS",
    "parse_columns",
    "read_cnt_csv",
    "read_csv_posts",
    "read_jsonl_posts",
]

#: The header of coordination-network-toolkit's CSV format.
CNT_COLUMNS = (
    "message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"
)  # fmt: skip

#: Fields a column mapping may name.
FIELDS = (
    "id", "author", "author_id", "display_name", "text", "time", "repost_of", "reply_to",
    "quote_of", "urls", "hashtags", "mentions", "lang", "url", "status", "status_seen",
    "platform",
)  # fmt: skip
_REQUIRED = ("id", "author")
_CNT_MAPPING = {
    "id": "message_id",
    "author": "username",
    "author_id": "user_id",
    "text": "message",
    "time": "timestamp",
    "repost_of": "repost_id",
    "reply_to": "reply_id",
    "urls": "urls",
}


class ColumnMappingError(SourceError):
    """A column mapping is malformed, or names a column the table does not have."""


def parse_columns(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """Return a column mapping from ``field=column,...`` (or a mapping), checking its fields.

    Raises
    ------
    ColumnMappingError
        If a field is unknown, or ``id`` or ``author`` is missing.
    """
    if spec is None or spec == "":
        return {}
    if isinstance(spec, Mapping):
        pairs = dict(spec)
    else:
        pairs = {}
        for part in spec.split(","):
            field, sep, column = part.partition("=")
            if not sep or not field.strip() or not column.strip():
                raise ColumnMappingError(
                    f"{part!r} in the column mapping is not FIELD=COLUMN; "
                    "write for example --columns id=tweet_id,author=screen_name,text=body"
                )
            pairs[field.strip()] = column.strip()
    unknown = sorted(set(pairs) - set(FIELDS))
    if unknown:
        raise ColumnMappingError(
            f"unknown field {', '.join(map(repr, unknown))} in the column mapping; "
            f"fields are: {', '.join(FIELDS)}"
        )
    missing = [field for field in _REQUIRED if field not in pairs]
    if missing:
        raise ColumnMappingError(
            f"the column mapping needs {' and '.join(missing)}: which column holds the post's "
            "id and which its author (for example --columns id=tweet_id,author=screen_name)"
        )
    return pairs


def read_cnt_csv(text: str, source: str, encoding: str) -> Iterator[RawDocument | Skipped]:
    """Yield a document per row of a coordination-network-toolkit CSV, a Skipped per bad row."""
    return _read_csv(text, source, dict(_CNT_MAPPING), "cnt-csv")


def read_csv_posts(
    text: str, source: str, encoding: str, columns: Mapping[str, str] | None = None
) -> Iterator[RawDocument | Skipped]:
    """Yield a document per row of a CSV file whose columns ``columns`` maps to post fields."""
    mapping = _required_mapping(columns, source)
    return _read_csv(text, source, mapping, "csv")


def read_jsonl_posts(
    text: Lines, source: str, encoding: str, columns: Mapping[str, str] | None = None
) -> Iterator[RawDocument | Skipped]:
    """Yield a document per line of a JSONL file whose keys ``columns`` maps to post fields."""
    mapping = _required_mapping(columns, source)
    platform = mapping.pop("platform", "twitter")
    for item in json_lines(text, source):
        if isinstance(item, Skipped):
            yield item
            continue
        number, record = item
        if not isinstance(record, Mapping):
            yield Skipped(source, "the line is JSON but not an object", number)
            continue
        fields: PostFields = {"platform": platform}
        fields.update({field: _dig(record, path) for field, path in mapping.items()})
        fields["handle"] = fields.pop("author", None)
        yield post_or_skip(fields, source, "jsonl", number)


def _read_csv(
    text: str, source: str, mapping: dict[str, str], format: str
) -> Iterator[RawDocument | Skipped]:
    platform = mapping.pop("platform", "twitter")
    rows = _csv_rows(_PHYSICAL_LINE.findall(text.lstrip("\ufeff")), source)
    try:
        first = next(rows)
    except StopIteration:
        raise UnreadableSourceError("the CSV file has no header row", source=source) from None
    if isinstance(first, Skipped):
        raise UnreadableSourceError(f"malformed CSV header: {first.reason}", source=source)
    header = [name.strip() for name in first[1]]
    index = _column_index(header, mapping, source)
    if "status" not in index:
        found = next((name for name in STATUS_COLUMNS if name in header), None)
        if found is not None:
            index["status"] = header.index(found)
    width = len(header)
    try:
        item: tuple[int, list[str]] | Skipped | None = rows.send(width)
    except StopIteration:
        return
    while item is not None:
        if isinstance(item, Skipped):
            yield item
        else:
            line, row = item
            fields: PostFields = {"platform": platform}
            fields.update({field: row[i] for field, i in index.items()})
            fields["handle"] = fields.pop("author", None)
            yield post_or_skip(fields, source, format, line)
        item = next(rows, None)


# Physical lines as the csv module sees them: ended by \n, \r\n or \r, ends kept.
_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _csv_rows(
    lines: list[str], source: str
) -> Generator[tuple[int, list[str]] | Skipped, int | None, None]:
    """Yield ``(first line number, row)`` per CSV row, or a Skipped per malformed row.

    After the header row, send the number of columns a row must have. A row
    that is malformed or of the wrong width is reported at its first line,
    and reading starts again at the line after it: a stray quote that
    swallows the lines below it then costs one row, not the rest of the file.
    """
    width: int | None = None
    start = 0
    while start < len(lines):
        # A generator from ``start``, not a copy of the rest: a file of malformed rows
        # restarts on every line, and copies made that quadratic (minutes for 160,000 rows).
        reader = csv.reader((lines[i] for i in range(start, len(lines))), strict=True)
        before = 0
        try:
            for row in reader:
                first, spanned = start + before + 1, reader.line_num - before
                before = reader.line_num
                if not row:
                    continue
                if width is None or len(row) == width:
                    sent = yield first, row
                    width = sent if sent is not None else width
                    continue
                yield Skipped(
                    source, f"the row has {len(row)} columns where the header has {width}", first
                )
                if spanned > 1:
                    start = first
                    break
            else:
                return
        except csv.Error as error:
            first = start + before + 1
            yield Skipped(source, f"malformed CSV row: {error}", first)
            start = first


def _column_index(header: list[str], mapping: Mapping[str, str], source: str) -> dict[str, int]:
    positions = {name: i for i, name in enumerate(header)}
    missing = [column for column in mapping.values() if column not in positions]
    if missing:
        raise ColumnMappingError(
            f"the CSV header has no column {', '.join(map(repr, missing))}; "
            f"its columns are: {', '.join(header)}",
            source=source,
            line=1,
        )
    return {field: positions[column] for field, column in mapping.items()}


def _required_mapping(columns: Mapping[str, str] | None, source: str) -> dict[str, str]:
    if not columns:
        raise ColumnMappingError(
            "posts in a CSV or JSONL file need a column mapping: pass --columns "
            "id=COLUMN,author=COLUMN,text=COLUMN,time=COLUMN,...",
            source=source,
        )
    return parse_columns(columns)


def _dig(record: Mapping[str, Any], path: str) -> Any:
    value: Any = record
    for key in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value
