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

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from claimgraph.graph.base import GraphStore
from claimgraph.model import RawDocument, hashtag_id

__all__ = ["PostTable", "load_posts", "table_from_documents", "parse_when"]

# One page of posts in the order of internal ids (see claimgraph.operations.copy: id()
# runs on FalkorDB and Neo4j 5, and integers compare the same everywhere).
_LOAD_POSTS = """
MATCH (d:Post)
WHERE id(d) > $after
WITH d ORDER BY id(d) LIMIT $size
RETURN id(d), d.id, d.author, d.ts, d.repost_of, d.reply_to, d.text, d.urls, d.urls_as_given,
       d.hashtags, d.ts >= $since AND d.ts <= $until
"""

#: Posts read per query: the rows of one page are all that is held beside the table.
PAGE_SIZE = 50_000


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
        "size": PAGE_SIZE,
        "after": -1,
    }
    columns = _Columns()
    full = True
    while full:
        rows = store.query(_LOAD_POSTS, params).rows
        for row in rows:
            if row[2] is not None and row[3] is not None and row[10]:
                columns.add(row[1:10])
        full = len(rows) == PAGE_SIZE
        params["after"] = int(rows[-1][0]) if rows else -1
        del rows  # before the next page arrives
    table = columns.table()
    return filter_hashtag(table, hashtag) if hashtag else table


def table_from_documents(documents: Iterable[RawDocument]) -> PostTable:
    """Return the table of the posts among ``documents`` (articles are left out)."""
    columns = _Columns()
    for raw in documents:
        post = raw.post
        if post is None or post.timestamp is None:
            continue
        columns.add(
            [
                post.id,
                post.author,
                post.timestamp,
                post.repost_of,
                post.reply_to,
                raw.text,
                post.urls,
                post.urls_as_given,
                post.hashtags,
            ]
        )
    return columns.table(by_id=False)


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


class _Columns:
    """Posts gathered row by row into columns, then put in a stable order (by post id).

    Values that recur (accounts, targets of reposts and replies, links, hashtags
    and their tuples) are kept once: a store returns a new string for every
    row. With authors and times in compact arrays as they arrive, this took
    the peak of an analysis of a million posts read from the embedded store
    from 1.73 to 1.53 GB (gh-15).
    """

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.shared: dict[Any, Any] = {(): ()}
        self.ids: list[str] = []
        self.author = array("q")
        self.ts = array("d")
        self.repost_of: list[str | None] = []
        self.reply_to: list[str | None] = []
        self.text: list[str] = []
        self.urls: list[tuple[str, ...]] = []
        self.urls_as_given: list[tuple[str, ...]] = []
        self.hashtags: list[tuple[str, ...]] = []

    def add(self, row: Sequence[Any]) -> None:
        """Add one post: id, author, time, repost target, reply target, text, links, tags."""
        self.ids.append(str(row[0]))
        self.author.append(self.index.setdefault(str(row[1]), len(self.index)))
        self.ts.append(float(row[2]))
        self.repost_of.append(self._one(row[3] or None))
        self.reply_to.append(self._one(row[4] or None))
        self.text.append(str(row[5] or ""))
        urls = self._many(row[6])
        self.urls.append(urls)
        given = self._many(row[7])
        self.urls_as_given.append(urls if given == urls else given)
        self.hashtags.append(self._many(row[8]))

    def table(self, *, by_id: bool = True) -> PostTable:
        """Return the table, sorted by post id with ``by_id`` (any store's order gives one).

        The gathered columns are emptied one by one as their sorted copies are
        made, so that at most one column is held twice.
        """
        n = len(self.ids)
        order = sorted(range(n), key=self.ids.__getitem__) if by_id else range(n)
        rows = np.asarray(order, dtype=np.int64)
        pick = rows.tolist()
        del order

        def take(name: str) -> list[Any]:
            values = getattr(self, name)
            setattr(self, name, [])
            return [values[k] for k in pick]

        return PostTable(
            ids=take("ids"),
            accounts=list(self.index),
            author=np.frombuffer(self.author, dtype=np.int64)[rows],
            ts=np.frombuffer(self.ts, dtype=np.float64)[rows],
            repost_of=take("repost_of"),
            reply_to=take("reply_to"),
            text=take("text"),
            urls=take("urls"),
            urls_as_given=take("urls_as_given"),
            hashtags=take("hashtags"),
        )

    def _one(self, value: str | None) -> str | None:
        return None if value is None else self.shared.setdefault(value, value)

    def _many(self, values: Sequence[str] | None) -> tuple[str, ...]:
        if not values:
            return ()
        key = tuple(self.shared.setdefault(v, v) for v in values)
        return self.shared.setdefault(key, key)  # type: ignore[no-any-return]
