"""Tell post formats apart by the start of a file.

Examples
--------
>>> detect_post_format(b'{"data": [{"id": "1", "text": "hi"}], "includes": {}}', "a.jsonl")
'twitter'
>>> detect_post_format(b'{\\n "name": "News",\\n "type": "public_channel",\\n "id": 4,\\n'
...                    b' "messages": [', "result.json")
'telegram'
>>> detect_post_format(b"\\xef\\xbb\\xbfmessage_id,user_id,username,repost_id,reply_id,"
...                    b"message,timestamp,urls\\r\\n", "x.csv")
'cnt-csv'
>>> detect_post_format(b"Plain words.", "notes.txt") is None
True
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from claimgraph.sources.encoding import bom_encoding

__all__ = ["detect_post_format"]

_TWEET_KEYS = frozenset({"id_str", "author_id", "referenced_tweets", "edit_history_tweet_ids"})
_CNT_HEADER = "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls"
_TELEGRAM = re.compile(r'^\{\s*"(name|type|id|messages)"\s*:', re.S)


def detect_post_format(head: bytes, path: str | os.PathLike[str]) -> str | None:
    """Return ``twitter``, ``telegram``, ``cnt-csv``, ``jsonl`` or ``csv``, or None if not posts.

    ``jsonl`` and ``csv`` are JSON lines and tables of unknown shape, which
    need a column mapping.
    """
    # UTF-16 and UTF-32 files say so with a byte-order mark; anything else is sniffed as UTF-8.
    text = head.decode(bom_encoding(head) or "utf-8", errors="replace").lstrip("\ufeff").lstrip()
    suffix = Path(path).suffix.lower()
    first = text.split("\n", 1)[0].strip()
    if first.replace(" ", "").strip('"') == _CNT_HEADER or _cnt_header(first):
        return "cnt-csv"
    if text.startswith("{"):
        record = _first_record(first)
        if record is not None:
            if "data" in record or _TWEET_KEYS & set(record):
                return "twitter"
            if "messages" in record:
                return "telegram"
            return "jsonl"
        if _TELEGRAM.match(text) and '"messages"' in text:
            return "telegram"
        return "jsonl" if suffix in {".jsonl", ".ndjson"} else None
    if suffix in {".csv", ".tsv"}:
        return "csv"
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    return None


def _cnt_header(line: str) -> bool:
    """Return whether ``line`` is the toolkit's header, perhaps with more columns after it.

    Examples
    --------
    >>> _cnt_header(_CNT_HEADER + ',"account_status"'), _cnt_header("urls," + _CNT_HEADER)
    (True, False)
    """
    names = [name.strip().strip('"') for name in line.split(",")]
    return ",".join(names[:_CNT_WIDTH]) == _CNT_HEADER


_CNT_WIDTH = _CNT_HEADER.count(",") + 1


def _first_record(line: str) -> dict[str, object] | None:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return record if isinstance(record, dict) else None
