"""Readers of social-media posts: X/Twitter JSON, Telegram exports, CSV and JSONL tables.

Every reader yields :class:`~claimgraph.model.RawDocument` objects of kind
``post`` carrying a :class:`~claimgraph.model.Post` (author, repost, reply
and quote targets, mentions, hashtags, normalised links, the time in
seconds), and a :class:`~claimgraph.sources.base.Skipped` with the line
number for each record it cannot use.

Modules: ``common`` (entities, times, building the document), ``twitter``,
``telegram``, ``tabular`` (the toolkit CSV, mapped CSV and JSONL), ``detect``
(telling them apart by content).
"""

from __future__ import annotations

from claimgraph.sources.posts.common import build_post
from claimgraph.sources.posts.detect import detect_post_format
from claimgraph.sources.posts.tabular import (
    CNT_COLUMNS,
    parse_columns,
    read_cnt_csv,
    read_csv_posts,
    read_jsonl_posts,
)
from claimgraph.sources.posts.telegram import read_telegram
from claimgraph.sources.posts.twitter import read_twitter

__all__ = [
    "CNT_COLUMNS",
    "build_post",
    "detect_post_format",
    "parse_columns",
    "read_cnt_csv",
    "read_csv_posts",
    "read_jsonl_posts",
    "read_telegram",
    "read_twitter",
]
