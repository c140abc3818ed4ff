"""Co-action networks: accounts that did the same thing to the same object within a time window.

An *action* is a post acting on an *object*: reposting an original
(``repost``), posting a text (``text``, identical after normalisation),
posting a near-duplicate of a text family (``similar``, see
:mod:`claimgraph.analysis.neardup`), sharing a link (``link``), using a
hashtag (``hashtag``) or replying to a post (``reply``). Two actions
*co-occur* when they act on the same object within ``window`` seconds of
each other.

Pairs are found by sorting the actions by object, then time, and sliding
over each object's run: the work is the number of co-occurring pairs plus a
sort, never all pairs of the data set. The slide is vectorised: step ``k``
compares every action with the one ``k`` places later, and only actions that
still have a partner within the window take the next step.

:func:`cnt_edges` turns pairs into coordination-network-toolkit's directed
edges ``(u1, u2)``, whose weight is the number of distinct posts of ``u1``
that have a post of ``u2`` on the same object within the window.
claimgraph's own undirected edges, with their evidence, come from the
columnar join of :mod:`claimgraph.analysis.engine`.

Examples
--------
>>> obj = np.array([0, 0, 0, 1]); ts = np.array([0.0, 50.0, 200.0, 10.0])
>>> first, second = window_pairs(obj, ts, 60)
>>> first.tolist(), second.tolist()
([0], [1])
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from claimgraph.analysis.posts import PostTable

__all__ = [
    "ACTION_TYPES",
    "Actions",
    "EdgeSet",
    "actions",
    "window_pairs",
    "cnt_edges",
    "normalise_post_text",
    "cnt_text",
]

#: Co-action types, by their ``--types`` names.
ACTION_TYPES = ("repost", "text", "similar", "link", "hashtag", "reply")

_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_RETWEET_PREFIX = re.compile(r"^rt\s+@?\w*:?\s*", re.IGNORECASE)
# coordination-network-toolkit's mention cleaner: '@' up to the next whitespace.
_CNT_MENTION = re.compile(r"@.*?(?=(?:\s|$))")


@dataclass(slots=True)
class Actions:
    """One row per (post, object) of one co-action type; ``obj`` codes index ``objects``."""

    kind: str
    post: np.ndarray
    obj: np.ndarray
    objects: list[str]

    def __len__(self) -> int:
        return int(self.post.size)


@dataclass(slots=True)
class EdgeSet:
    """Weighted directed edges of one co-action type between account indices."""

    kind: str
    first: np.ndarray
    second: np.ndarray
    weight: np.ndarray

    def __len__(self) -> int:
        return int(self.first.size)

    def as_dict(self) -> dict[tuple[int, int], int]:
        """Return ``{(first, second): weight}``."""
        return {
            (int(a), int(b)): int(w)
            for a, b, w in zip(self.first, self.second, self.weight, strict=True)
        }


def normalise_post_text(text: str) -> str:
    """Return the text claimgraph compares for co-text: no links, mentions, retweet prefix or case.

    Examples
    --------
    >>> normalise_post_text("RT @kz_news: Proud of   #KZ! https://t.co/x @pm")
    'proud of #kz!'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _URL.sub(" ", _RETWEET_PREFIX.sub("", text.strip()))
    return " ".join(_MENTION.sub(" ", text).casefold().split())


def cnt_text(text: str) -> str:
    """Return coordination-network-toolkit's normalisation: no @mentions, lower case, spaces.

    Examples
    --------
    >>> cnt_text("Hello @Bob  WORLD @x")
    'hello world'
    """
    return " ".join(_CNT_MENTION.sub("", text.lower()).split())


def actions(
    table: PostTable,
    kind: str,
    *,
    cnt_compatible: bool = False,
    exclude_hashtag: str | None = None,
    families: Sequence[int] | np.ndarray | None = None,
) -> Actions:
    """Return the actions of type ``kind`` in ``table``.

    Reposts act only as reposts: their text, links and hashtags are the
    original's, so they count for no other type (as in the toolkit).
    ``families`` gives the near-duplicate family of each post (for
    ``similar``; -1 for none). In ``cnt_compatible`` mode texts use the
    toolkit's normalisation and links are compared as given; otherwise texts
    use :func:`normalise_post_text`, empty ones are left out, and links are
    normalised.
    """
    codes: dict[str, int] = {}
    posts: list[int] = []
    objs: list[int] = []

    def add(row: int, key: str) -> None:
        posts.append(row)
        objs.append(codes.setdefault(key, len(codes)))

    original = [target is None for target in table.repost_of]
    if kind == "repost":
        for row, target in enumerate(table.repost_of):
            if target is not None:
                add(row, target)
    elif kind == "text":
        normalise = cnt_text if cnt_compatible else normalise_post_text
        for row, text in enumerate(table.text):
            if original[row]:
                key = normalise(text)
                if key or cnt_compatible:
                    add(row, key)
    elif kind == "similar":
        if families is None:
            raise ValueError("similar actions need the near-duplicate families of the posts")
        for row, family in enumerate(families):
            if original[row] and family >= 0:
                add(row, str(family))
    elif kind == "link":
        links = table.urls_as_given if cnt_compatible else table.urls
        for row, urls in enumerate(links):
            if original[row]:
                for url in dict.fromkeys(urls):
                    add(row, url)
    elif kind == "hashtag":
        for row, tags in enumerate(table.hashtags):
            if original[row]:
                for tag in dict.fromkeys(tags):
                    if tag != exclude_hashtag:
                        add(row, tag)
    elif kind == "reply":
        for row, target in enumerate(table.reply_to):
            if original[row] and target is not None:
                add(row, target)
    else:
        raise ValueError(f"unknown co-action type {kind!r}; use one of {', '.join(ACTION_TYPES)}")
    return Actions(
        kind,
        np.asarray(posts, dtype=np.int64),
        np.asarray(objs, dtype=np.int64),
        list(codes),
    )


def window_pairs(obj: np.ndarray, ts: np.ndarray, window: float) -> tuple[np.ndarray, np.ndarray]:
    """Return index pairs ``(i, j)`` of rows on the same object at most ``window`` seconds apart.

    Each unordered pair comes once, ``i`` being the earlier row (ties: the
    earlier in sort order).
    """
    n = obj.size
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.lexsort((ts, obj))
    o, t = obj[order], ts[order]
    firsts, seconds = [], []
    active = np.arange(n - 1, dtype=np.int64)
    step = 1
    while active.size:
        partner = active + step
        inside = partner < n
        active, partner = active[inside], partner[inside]
        close = (o[partner] == o[active]) & (t[partner] - t[active] <= window)
        active, partner = active[close], partner[close]
        firsts.append(order[active])
        seconds.append(order[partner])
        step += 1
    return np.concatenate(firsts), np.concatenate(seconds)


def cnt_edges(
    table: PostTable,
    acts: Actions,
    window: float,
    *,
    min_weight: int = 1,
    self_loops: bool = False,
) -> EdgeSet:
    """Return the toolkit's directed network: ``w(u1, u2)`` = posts of u1 matched by u2.

    A post never co-acts with itself; with ``self_loops`` an account's two
    distinct posts on the same object within the window make a loop.
    """
    i, j = window_pairs(acts.obj, table.ts[acts.post], window)
    pi, pj = acts.post[i], acts.post[j]
    distinct = pi != pj  # one post linking the same URL twice is one action
    pi, pj = pi[distinct], pj[distinct]
    src = np.concatenate([table.author[pi], table.author[pj]])
    dst = np.concatenate([table.author[pj], table.author[pi]])
    msg = np.concatenate([pi, pj])
    if not self_loops:
        keep = src != dst
        src, dst, msg = src[keep], dst[keep], msg[keep]
    first = _first_of_groups(src, dst, msg)
    src, dst = src[first], dst[first]
    pairs, weight = _count_groups(src, dst)
    keep = weight >= min_weight
    return EdgeSet(acts.kind, pairs[0][keep], pairs[1][keep], weight[keep])


def _first_of_groups(*columns: np.ndarray) -> np.ndarray:
    """Return the index of one row (the first in input order) per distinct tuple of ``columns``."""
    if columns[0].size == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort(columns[::-1])
    change = np.zeros(order.size, dtype=bool)
    change[0] = True
    for column in columns:
        sorted_column = column[order]
        change[1:] |= sorted_column[1:] != sorted_column[:-1]
    return np.sort(order[change])


def _count_groups(
    first: np.ndarray, second: np.ndarray
) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """Return the distinct ``(first, second)`` pairs in sorted order and how often each occurs."""
    if first.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return (empty, empty), empty
    order = np.lexsort((second, first))
    f, s = first[order], second[order]
    change = np.ones(f.size, dtype=bool)
    change[1:] = (f[1:] != f[:-1]) | (s[1:] != s[:-1])
    starts = np.flatnonzero(change)
    counts = np.diff(np.append(starts, f.size))
    return (f[starts], s[starts]), counts
