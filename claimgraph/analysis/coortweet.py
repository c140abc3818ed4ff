"""CooRTweet's coordinated network, reproduced exactly (CooRTweet 2.1.3).

CooRTweet (Righetti and Balluff, nicolarighetti/CooRTweet) finds accounts
that share the same *object* (a retweeted post, a link, a hashtag) within a
time window. Its input is one row per *share*: ``object_id``, ``account_id``,
``content_id`` (the share's own id) and ``timestamp_share``. Two calls make
its network, and :func:`detect_groups` and :func:`coordinated_network` follow
them step by step:

``detect_groups(x, time_window, min_participation, remove_loops = TRUE)``

1. accounts with fewer than ``min_participation`` rows are dropped;
2. every two shares of one object at most ``time_window`` seconds apart
   (``|dt| <= time_window``) make a share pair;
3. loops are removed: pairs of one account, of one content id, or where a
   share's content id is the object's id;
4. ``min_participation`` again, on the accounts, not the edges: an account
   *qualifies* when at least ``min_participation`` of its rows have a content
   id that is in some remaining pair, and a pair stays when either of its
   content ids belongs to a qualifying account (by content id, as R's
   ``%in%`` does, so a content id on two objects counts twice).

``generate_coordinated_network(pairs, edge_weight, subgraph)``

5. the undirected weight of two accounts is their number of share pairs;
6. the threshold is the ``edge_weight`` quantile of all weights (R's
   default, type 7: numpy's ``linear``), and ``weight_threshold`` is 1 where
   the weight is strictly above it;
7. ``subgraph = 1`` keeps the edges above it, ``subgraph = 0`` all of them.

Both functions work on numpy columns: one sort of the shares and a slide
over each object's run (:func:`~claimgraph.analysis.coaction.window_pairs`),
so the work grows with the number of share pairs, not all pairs of rows.

Examples
--------
Two accounts retweet the same two posts seconds apart; a third does once:

>>> shares = Shares.from_columns(
...     object_id=["p1", "p1", "p1", "p2", "p2"],
...     account_id=["a", "b", "c", "a", "b"],
...     content_id=["1", "2", "3", "4", "5"],
...     timestamp=[0, 5, 8, 100, 130],
... )
>>> pairs = detect_groups(shares, time_window=60, min_participation=2)
>>> net = coordinated_network(shares, pairs, edge_weight=0.5)
>>> [(shares.accounts[a], shares.accounts[b], int(w))
...  for a, b, w in zip(net.account_a, net.account_b, net.weight)]
[('a', 'b', 2)]

Account ``c`` shares once, so ``min_participation = 2`` drops it before pairing.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from claimgraph.analysis.coaction import window_pairs
from claimgraph.errors import ClaimgraphError

__all__ = [
    "CoortweetError",
    "Shares",
    "SharePairs",
    "CoordinatedNetwork",
    "detect_groups",
    "coordinated_network",
    "r_quantile",
]


class CoortweetError(ClaimgraphError):
    """CooRTweet-compatible parameters are invalid."""


@dataclass(slots=True)
class Shares:
    """CooRTweet's input as coded columns, one row per share.

    ``account`` codes index ``accounts`` in order of first appearance (the
    order data.table's ``by = account_id`` groups rows in); ``obj`` and
    ``content`` are codes of the object and content ids; ``self_share``
    marks rows whose content id is their object's id.
    """

    accounts: list[str]
    account: np.ndarray
    obj: np.ndarray
    content: np.ndarray
    ts: np.ndarray
    self_share: np.ndarray

    def __len__(self) -> int:
        return int(self.account.size)

    @classmethod
    def from_columns(
        cls,
        object_id: Sequence[Hashable],
        account_id: Sequence[str],
        content_id: Sequence[Hashable],
        timestamp: Sequence[float] | np.ndarray,
        *,
        self_share: Sequence[bool] | np.ndarray | None = None,
    ) -> Shares:
        """Return the shares of four parallel columns (timestamps in seconds).

        ``self_share`` defaults to ``object_id == content_id`` row by row; give
        it when the object ids are not comparable with the content ids.
        """
        n = len(object_id)
        if not len(account_id) == len(content_id) == len(timestamp) == n:
            raise CoortweetError("object, account, content and timestamp columns differ in length")
        if self_share is None:
            self_share = np.fromiter(
                (o == c for o, c in zip(object_id, content_id, strict=True)), dtype=bool, count=n
            )
        accounts: dict[Hashable, int] = {}
        account = _codes(account_id, accounts)
        return cls(
            accounts=[str(name) for name in accounts],
            account=account,
            obj=_codes(object_id, {}),
            content=_codes(content_id, {}),
            ts=np.asarray(timestamp, dtype=np.float64),
            self_share=np.asarray(self_share, dtype=bool),
        )


@dataclass(slots=True)
class SharePairs:
    """``detect_groups``'s result: row indices of share pairs, the older share first.

    The older share is the one with the earlier timestamp; on a tie, the one
    data.table meets first (its account appeared first in the input, then
    input order), as CooRTweet's ``time_delta > 0`` swap leaves them.
    """

    older: np.ndarray
    newer: np.ndarray
    time_delta: np.ndarray

    def __len__(self) -> int:
        return int(self.older.size)


@dataclass(slots=True)
class CoordinatedNetwork:
    """``generate_coordinated_network``'s undirected edge list.

    ``account_a`` and ``account_b`` index :attr:`Shares.accounts`, with
    ``accounts[account_a] < accounts[account_b]`` (R's ``pmin``/``pmax``);
    ``weight`` counts share pairs, ``n_content_id``/``n_content_id_y`` the
    distinct older/newer content ids among them, and ``weight_threshold``
    is 1 where the weight is above ``threshold``. The share pairs of edge
    ``k`` are rows ``starts[k]:starts[k + 1]`` of ``pairs``.
    """

    account_a: np.ndarray
    account_b: np.ndarray
    weight: np.ndarray
    weight_threshold: np.ndarray
    n_content_id: np.ndarray
    n_content_id_y: np.ndarray
    threshold: float
    pairs: SharePairs
    starts: np.ndarray

    def __len__(self) -> int:
        return int(self.account_a.size)

    def above_threshold(self) -> CoordinatedNetwork:
        """Return the edges above the threshold: CooRTweet's ``subgraph = 1``."""
        above = self.weight_threshold == 1
        keep = np.flatnonzero(above)
        rows = np.repeat(above, self.weight)
        return CoordinatedNetwork(
            account_a=self.account_a[keep],
            account_b=self.account_b[keep],
            weight=self.weight[keep],
            weight_threshold=self.weight_threshold[keep],
            n_content_id=self.n_content_id[keep],
            n_content_id_y=self.n_content_id_y[keep],
            threshold=self.threshold,
            pairs=SharePairs(
                self.pairs.older[rows], self.pairs.newer[rows], self.pairs.time_delta[rows]
            ),
            starts=np.concatenate([[0], np.cumsum(self.weight[keep])]).astype(np.int64),
        )

    def share_pairs(self, k: int) -> SharePairs:
        """Return the share pairs that make edge ``k``."""
        part = slice(int(self.starts[k]), int(self.starts[k + 1]))
        return SharePairs(
            self.pairs.older[part], self.pairs.newer[part], self.pairs.time_delta[part]
        )


def detect_groups(
    shares: Shares,
    *,
    time_window: float = 10,
    min_participation: int = 2,
    remove_loops: bool = True,
) -> SharePairs:
    """Return the share pairs CooRTweet's ``detect_groups`` finds.

    Parameters
    ----------
    shares : Shares
        The input rows.
    time_window : float
        Seconds; two shares of one object at most this far apart pair up.
    min_participation : int
        Least number of shares of an account before pairing, and of its
        paired shares after (see the module docstring).
    remove_loops : bool
        Drop pairs of one account, of one content id, and pairs with a
        share whose content id is its object's id.

    Examples
    --------
    >>> shares = Shares.from_columns(["o", "o", "o"], ["a", "b", "a"], ["1", "2", "3"],
    ...                              [0, 60, 61])
    >>> pairs = detect_groups(shares, time_window=60, min_participation=1)
    >>> pairs.older.tolist(), pairs.newer.tolist(), pairs.time_delta.tolist()
    ([0, 1], [1, 2], [60.0, 1.0])
    """
    if time_window < 0 or min_participation < 1:
        raise CoortweetError("--window must be >= 0 seconds and --min-participation >= 1")
    active = np.bincount(shares.account, minlength=len(shares.accounts)) >= min_participation
    # data.table's `x[, if (.N >= m) .SD, by = account_id]` also regroups the rows by
    # account (first appearance, then input order); that order breaks time ties below.
    rows = np.flatnonzero(active[shares.account])
    rows = rows[np.argsort(shares.account[rows], kind="stable")]
    first, second = window_pairs(shares.obj[rows], shares.ts[rows], time_window)
    older, newer = rows[first], rows[second]
    if remove_loops:
        keep = (
            (shares.account[older] != shares.account[newer])
            & (shares.content[older] != shares.content[newer])
            & ~shares.self_share[older]
            & ~shares.self_share[newer]
        )
        older, newer = older[keep], newer[keep]
    keep = _participating(shares, rows, older, newer, min_participation)
    older, newer = older[keep], newer[keep]
    return SharePairs(older, newer, shares.ts[newer] - shares.ts[older])


def coordinated_network(
    shares: Shares, pairs: SharePairs, *, edge_weight: float = 0.5, subgraph: int = 0
) -> CoordinatedNetwork:
    """Return CooRTweet's ``generate_coordinated_network`` edges for ``pairs``.

    Parameters
    ----------
    shares, pairs : Shares, SharePairs
        The input rows and :func:`detect_groups`'s pairs of them.
    edge_weight : float
        Quantile (0 to 1) of the full network's weights; edges strictly
        above it get ``weight_threshold`` 1.
    subgraph : int
        1 keeps only the edges above the threshold; 0 keeps all.
    """
    if not 0 <= edge_weight <= 1:
        raise CoortweetError(f"--edge-weight must be between 0 and 1, not {edge_weight}")
    if subgraph not in (0, 1):
        raise CoortweetError(
            f"--subgraph {subgraph} is not supported: use 0 (full network) or 1 (edges above "
            "the --edge-weight quantile); CooRTweet's 2 and 3 need flag_speed_share"
        )
    rank = _string_rank(shares.accounts)
    a, b = shares.account[pairs.older], shares.account[pairs.newer]
    lo = np.where(rank[a] <= rank[b], a, b)
    hi = np.where(rank[a] <= rank[b], b, a)
    n = max(len(shares.accounts), 1)
    key = rank[lo].astype(np.int64) * n + rank[hi]
    order = np.argsort(key, kind="stable")
    key = key[order]
    sorted_pairs = SharePairs(pairs.older[order], pairs.newer[order], pairs.time_delta[order])
    starts = np.flatnonzero(np.diff(key, prepend=-1)) if key.size else np.zeros(0, np.int64)
    starts = np.append(starts, key.size)
    weight = np.diff(starts)
    threshold = r_quantile(weight, edge_weight)
    above = weight > threshold
    edge_of_pair = np.repeat(np.arange(weight.size), weight)
    n_older = _distinct_per_edge(edge_of_pair, shares.content[sorted_pairs.older], weight.size)
    n_newer = _distinct_per_edge(edge_of_pair, shares.content[sorted_pairs.newer], weight.size)
    network = CoordinatedNetwork(
        account_a=lo[order][starts[:-1]],
        account_b=hi[order][starts[:-1]],
        weight=weight,
        weight_threshold=above.astype(np.int64),
        n_content_id=n_older,
        n_content_id_y=n_newer,
        threshold=threshold,
        pairs=sorted_pairs,
        starts=starts,
    )
    return network.above_threshold() if subgraph == 1 else network


def r_quantile(values: np.ndarray, p: float) -> float:
    """Return R's default (type 7) quantile ``p`` of ``values``; NaN when empty.

    The arithmetic is R's ``quantile.default`` for type 7, ``(1 - h) * x[lo] +
    h * x[hi]``, so that a threshold compared with ``>`` matches R's to the bit.

    Examples
    --------
    >>> r_quantile(np.array([1, 1, 2, 5]), 0.5), r_quantile(np.array([4, 1, 3, 2]), 0.9)
    (1.5, 3.7)
    """
    if values.size == 0:
        return float("nan")
    x = np.sort(np.asarray(values, dtype=np.float64))
    index = 1 + (x.size - 1) * p
    lo, hi = math.floor(index), math.ceil(index)
    low = float(x[lo - 1])
    if index > lo and x[hi - 1] != low:
        h = index - lo
        return (1 - h) * low + h * float(x[hi - 1])
    return low


# -- helpers -------------------------------------------------------------------


def _codes(column: Sequence[Hashable], codes: dict[Hashable, int]) -> np.ndarray:
    return np.fromiter(
        (codes.setdefault(value, len(codes)) for value in column),
        dtype=np.int64,
        count=len(column),
    )


def _participating(
    shares: Shares, rows: np.ndarray, older: np.ndarray, newer: np.ndarray, minimum: int
) -> np.ndarray:
    """Return which pairs CooRTweet's ``filter_min_participation`` keeps.

    Works by content id, as R does: the rows counted are those (among the
    accounts kept before pairing) whose content id is in some pair.
    """
    n_content = int(shares.content.max()) + 1 if len(shares) else 0
    paired = np.zeros(n_content, dtype=bool)
    paired[shares.content[older]] = True
    paired[shares.content[newer]] = True
    counted = rows[paired[shares.content[rows]]]
    per_account = np.bincount(shares.account[counted], minlength=len(shares.accounts))
    qualifying = np.zeros(n_content, dtype=bool)
    qualifying[shares.content[counted[per_account[shares.account[counted]] >= minimum]]] = True
    return qualifying[shares.content[older]] | qualifying[shares.content[newer]]


def _string_rank(values: list[str]) -> np.ndarray:
    """Return each value's rank in sorted (code point) order."""
    order = np.array(sorted(range(len(values)), key=values.__getitem__), dtype=np.int64)
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(len(values))
    return rank


def _distinct_per_edge(edge: np.ndarray, content: np.ndarray, n_edges: int) -> np.ndarray:
    if edge.size == 0:
        return np.zeros(0, dtype=np.int64)
    width = int(content.max()) + 1
    key = np.sort(edge.astype(np.int64) * width + content)
    new = np.ones(key.size, dtype=bool)
    new[1:] = key[1:] != key[:-1]
    return np.bincount(key[new] // width, minlength=n_edges)
