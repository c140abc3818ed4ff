"""The posts a co-action analysis needs, as columns: who posted what, when, about which objects.

:func:`load_posts` reads them from a store with one query (the ``Post``
nodes keep their structure as properties, see :mod:`claimgraph.to_graph`);
:func:`table_from_documents` builds the same table from documents just read,
without a store.

Examples
--------
>>> from claimgraph.sources.posts import build_post
>>> docs = [build_post({"platform": "twitter", "id": str(i), "handle": h, "time": t,
...                     "repost_of": "9"}, "x.csv", "cnt-csv")
...         for i, (h, t) in enumerate([("a", 0), ("b", 30)])]
>>> table = table_from_documents(docs)
>>> table.accounts, table.author.tolist(), table.repost_of
(['twitter:a', 'twitter:b'], [0, 1], ['twitter:9', 'twitter:9'])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from claimgraph.graph.base import GraphStore
from claimgraph.model import RawDocument, hashtag_id

__all__ = ["PostTable", "load_posts", "table_from_documents", "parse_when"]

_LOAD_POSTS = """
MATCH (d:Post)
WHERE d.author IS NOT NULL AND d.ts IS NOT NULL AND d.ts >= $since AND d.ts <= $until
RETURN d.id, d.author, d.ts, d.repost_of, d.reply_to, d.text, d.urls, d.urls_as_given,
       d.hashtags
"""


@dataclass(slots=True)
class PostTable:
    """Posts as parallel columns; ``author`` indexes ``accounts``."""

    ids: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    author: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    repost_of: list[str | None] = field(default_factory=list)
    reply_to: list[str | None] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    urls: list[Sequence[str]] = field(default_factory=list)
    urls_as_given: list[Sequence[str]] = field(default_factory=list)
    hashtags: list[Sequence[str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def select(self, keep: np.ndarray) -> PostTable:
        """Return the posts where the boolean array ``keep`` is true (same account list)."""
        rows = np.flatnonzero(keep)
        pick = rows.tolist()
        return PostTable(
            ids=[self.ids[i] for i in pick],
            accounts=self.accounts,
            author=self.author[rows],
            ts=self.ts[rows],
            repost_of=[self.repost_of[i] for i in pick],
            reply_to=[self.reply_to[i] for i in pick],
            text=[self.text[i] for i in pick],
            urls=[self.urls[i] for i in pick],
            urls_as_given=[self.urls_as_given[i] for i in pick],
            hashtags=[self.hashtags[i] for i in pick],
        )


def parse_when(value: str | float | None, *, end: bool = False) -> float | None:
    """Return a date or datetime (ISO 8601, UTC unless it says otherwise) as epoch seconds.

    A bare date means its start, or with ``end=True`` its last second.

    Examples
    --------
    >>> parse_when("1970-01-02")
    86400.0
    >>> parse_when("1970-01-01", end=True)
    86399.999999
    """
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = moment.timestamp()
    if end and len(value.strip()) == 10:
        seconds += 86400 - 1e-6
    return seconds


def load_posts(
    store: GraphStore,
    *,
    since: float | None = None,
    until: float | None = None,
    hashtag: str | None = None,
) -> PostTable:
    """Return the posts in ``store`` with an author and a time, optionally filtered.

    Parameters
    ----------
    since, until : float, optional
        Keep posts from ``since`` to ``until`` (epoch seconds, inclusive).
    hashtag : str, optional
        Keep posts tagged with it, and reposts, replies and quotes of those.

    Raises
    ------
    UnsupportedOperationError
        If ``store`` does not answer Cypher (the ``rdf`` store).
    """
    store.require("cypher", "analysing amplification")
    params = {
        "since": -1e18 if since is None else float(since),
        "until": 1e18 if until is None else float(until),
    }
    rows = store.query(_LOAD_POSTS, params).rows
    rows.sort(key=lambda row: str(row[0]))  # a stable order, whatever the store returns
    table = _table(rows)
    return filter_hashtag(table, hashtag) if hashtag else table


def table_from_documents(documents: Iterable[RawDocument]) -> PostTable:
    """Return the table of the posts among ``documents`` (articles are left out)."""
    rows = []
    for raw in documents:
        post = raw.post
        if post is None or post.timestamp is None:
            continue
        rows.append(
            [
                post.id,
                post.author,
                post.timestamp,
                post.repost_of,
                post.reply_to,
                raw.text,
                list(post.urls),
                list(post.urls_as_given),
                list(post.hashtags),
            ]
        )
    return _table(rows)


def filter_hashtag(table: PostTable, hashtag: str) -> PostTable:
    """Return the posts tagged ``hashtag`` and those that repost, reply to or quote them."""
    tag = hashtag_id(hashtag)
    tagged = {pid for pid, tags in zip(table.ids, table.hashtags, strict=True) if tag in tags}
    keep = np.array(
        [
            pid in tagged or target in tagged or reply in tagged
            for pid, target, reply in zip(table.ids, table.repost_of, table.reply_to, strict=True)
        ],
        dtype=bool,
    )
    return table.select(keep)


def _table(rows: list[list[object]]) -> PostTable:
    index: dict[str, int] = {}
    author = np.fromiter(
        (index.setdefault(str(row[1]), len(index)) for row in rows), dtype=np.int64, count=len(rows)
    )
    return PostTable(
        ids=[str(row[0]) for row in rows],
        accounts=list(index),
        author=author,
        ts=np.array([float(row[2]) for row in rows], dtype=np.float64),  # type: ignore[arg-type]
        repost_of=[row[3] or None for row in rows],  # type: ignore[misc]
        reply_to=[row[4] or None for row in rows],  # type: ignore[misc]
        text=[str(row[5] or "") for row in rows],
        urls=[tuple(row[6] or ()) for row in rows],  # type: ignore[arg-type]
        urls_as_given=[tuple(row[7] or ()) for row in rows],  # type: ignore[arg-type]
        hashtags=[tuple(row[8] or ()) for row in rows],  # type: ignore[arg-type]
    )
