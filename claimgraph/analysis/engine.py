"""The co-action join on columns: accounts that acted on the same object within a window.

An :class:`ActionTable` holds one row per action (account, object, co-action
type, time, post) as NumPy arrays, with the strings in three dictionaries;
:func:`coactions` joins it with itself and returns :class:`Coactions`. This
is the contract every engine keeps (the in-process one here, Spark's in
:mod:`claimgraph.analysis.spark`); the null model, occasions and clusters are
computed from its output.

The join never holds all pairs of the data set. Rows are sorted by object,
time and post; a vectorised bisection finds, for each row, how many later
rows of its object fall within the window (which also gives each object's
number of close pairs, for the null model). The pairs are then made in
chunks of at most ``budget`` by repeating each row against its run of
partners, and each chunk is reduced at once: to counts per account pair
(first pass) and, for the pairs that can reach ``min_weight``, to their
evidence (second pass). A viral post acted on by thousands of accounts within
minutes makes millions of pairs, but only one chunk of them exists at a time.

Examples
--------
>>> table = ActionTable.from_columns(
...     account=[0, 1, 2, 0, 1], obj=[0, 0, 0, 1, 1], kind=[0, 0, 0, 0, 0],
...     ts=[0.0, 30.0, 500.0, 1000.0, 1010.0], post=[0, 1, 2, 3, 4],
...     accounts=["a", "b", "c"], objects=["x", "y"], posts=list("pqrst"), kinds=("repost",))
>>> found = coactions(table, 60, min_weight=2)
>>> found.pair_first.tolist(), found.pair_second.tolist(), found.pair_weight.tolist()
([0], [1], [2])
>>> found.obj.tolist(), found.post_first.tolist(), found.post_second.tolist()
([0, 1], [0, 3], [1, 4])
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["ActionTable", "Coactions", "coactions"]

#: Pairs made at once; a chunk's working arrays take about 100 bytes per pair.
BUDGET = 1_000_000


@dataclass(slots=True)
class ActionTable:
    """One row per action: ``account`` acted on ``obj`` (of type ``kind``) in ``post`` at ``ts``.

    ``obj`` indexes ``objects``, which are global over the types (one object
    belongs to one type); ``kind`` indexes ``kinds``. One row per
    ``(post, obj)``.
    """

    account: np.ndarray  # int32
    obj: np.ndarray  # int64
    kind: np.ndarray  # int8
    ts: np.ndarray  # float64
    post: np.ndarray  # int64
    accounts: list[str]
    objects: list[str]
    posts: list[str]
    kinds: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.account.size)

    @classmethod
    def from_columns(
        cls,
        *,
        account: Sequence[int] | np.ndarray,
        obj: Sequence[int] | np.ndarray,
        kind: Sequence[int] | np.ndarray,
        ts: Sequence[float] | np.ndarray,
        post: Sequence[int] | np.ndarray,
        accounts: list[str],
        objects: list[str],
        posts: list[str],
        kinds: tuple[str, ...],
    ) -> ActionTable:
        """Return a table with its columns cast to the contract's dtypes."""
        return cls(
            np.asarray(account, dtype=np.int32),
            np.asarray(obj, dtype=np.int64),
            np.asarray(kind, dtype=np.int8),
            np.asarray(ts, dtype=np.float64),
            np.asarray(post, dtype=np.int64),
            accounts,
            objects,
            posts,
            kinds,
        )

    def object_kind(self) -> np.ndarray:
        """Return the type (index into ``kinds``) of each object."""
        result = np.zeros(len(self.objects), dtype=np.int8)
        result[self.obj] = self.kind
        return result

    def activity(self) -> np.ndarray:
        """Return a ``(len(kinds), len(accounts))`` array: each account's actions per type."""
        counts = np.zeros((len(self.kinds), len(self.accounts)), dtype=np.int64)
        np.add.at(counts, (self.kind.astype(np.int64), self.account.astype(np.int64)), 1)
        return counts


@dataclass(slots=True)
class Coactions:
    """What :func:`coactions` found.

    Account pairs (``pair_first < pair_second``, sorted): every pair of
    distinct accounts that co-acted at least once, with ``pair_weight`` the
    number of distinct objects they co-acted on (in-process, saturating at
    65,535 or more; it decides only which pairs reach ``min_weight``) and ``pair_kinds`` a bit
    mask of the types (bit ``k`` for ``kinds[k]``).

    Evidence, for the pairs with ``pair_weight >= min_weight`` only: one row
    per (object, pair), the pair's earliest co-action on the object (rows
    ordered by time, then post; the smallest ``(ts_first_action,
    post_first_action, ts_second_action, post_second_action)``), with
    ``post_first``/``ts_first`` belonging to account ``first``.

    ``close_pairs[o]``: row pairs on object ``o`` within the window, of any
    accounts (how bunched the object's actions are).
    """

    pair_first: np.ndarray  # int32
    pair_second: np.ndarray  # int32
    pair_weight: np.ndarray  # int32
    pair_kinds: np.ndarray  # uint8
    kind: np.ndarray  # int8
    obj: np.ndarray  # int64
    first: np.ndarray  # int32
    second: np.ndarray  # int32
    post_first: np.ndarray  # int64
    post_second: np.ndarray  # int64
    ts_first: np.ndarray  # float64
    ts_second: np.ndarray  # float64
    close_pairs: np.ndarray  # int64

    @classmethod
    def from_evidence(
        cls,
        *,
        kind: np.ndarray,
        obj: np.ndarray,
        first: np.ndarray,
        second: np.ndarray,
        post_first: np.ndarray,
        post_second: np.ndarray,
        ts_first: np.ndarray,
        ts_second: np.ndarray,
        close_pairs: np.ndarray,
        n_accounts: int,
        min_weight: int = 1,
    ) -> Coactions:
        """Return the result of an engine that found the evidence of all pairs.

        The pair totals are counted from the evidence rows (one per object and
        pair), and evidence is kept for the pairs of ``min_weight`` or more.
        """
        key = np.asarray(first, dtype=np.int64) * n_accounts + second
        packing = _Packing(n_accounts)
        keys, weight, mask = packing.unpack(packing.reduce([packing.pack(key, 1, kind)]))
        rows = np.isin(key, keys[weight >= min_weight])
        pair_first, pair_second = np.divmod(keys, n_accounts)
        return cls(
            pair_first.astype(np.int32),
            pair_second.astype(np.int32),
            weight.astype(np.int32),
            mask,
            np.asarray(kind, dtype=np.int8)[rows],
            np.asarray(obj, dtype=np.int64)[rows],
            np.asarray(first, dtype=np.int32)[rows],
            np.asarray(second, dtype=np.int32)[rows],
            np.asarray(post_first, dtype=np.int64)[rows],
            np.asarray(post_second, dtype=np.int64)[rows],
            np.asarray(ts_first, dtype=np.float64)[rows],
            np.asarray(ts_second, dtype=np.float64)[rows],
            np.asarray(close_pairs, dtype=np.int64),
        )


def coactions(
    actions: ActionTable,
    window: float,
    *,
    min_weight: int = 1,
    keep: Callable[[Coactions], np.ndarray] | None = None,
    budget: int = BUDGET,
) -> Coactions:
    """Return the account pairs that co-acted within ``window`` seconds, and their evidence.

    Parameters
    ----------
    actions : ActionTable
        The actions.
    window : float
        Two actions on one object co-occur when at most this many seconds apart.
    min_weight : int
        Evidence is kept for the pairs that co-acted on at least this many objects.
    keep : callable, optional
        Given the result without evidence, returns a boolean mask of the pairs
        whose evidence to keep (instead of ``min_weight``); the null model
        rules most pairs out this way before their evidence is gathered.
    budget : int
        The most pairs of actions held at once.
    """
    rows = _Sorted(actions, window)
    n = len(actions.accounts)
    totals = _PairTotals(n, budget)
    for i, _, key in _distinct_pairs(rows, n, budget):
        totals.add(key, rows.kind[i])
    first, second, weight, mask, heavy = totals.columns(min_weight)
    close = np.bincount(rows.obj, weights=rows.partners, minlength=len(actions.objects))
    close = close.astype(np.int64)
    if keep is not None:
        chosen = keep(_without_evidence(first, second, weight, mask, close))
        heavy = first[chosen].astype(np.int64) * n + second[chosen]
    i, j = _evidence(rows, n, budget, heavy)
    swap = rows.account[i] > rows.account[j]
    lo, hi = np.where(swap, j, i), np.where(swap, i, j)
    return Coactions(
        pair_first=first,
        pair_second=second,
        pair_weight=weight,
        pair_kinds=mask,
        kind=rows.kind[i],
        obj=rows.obj[i],
        first=rows.account[lo].astype(np.int32),
        second=rows.account[hi].astype(np.int32),
        post_first=rows.post[lo],
        post_second=rows.post[hi],
        ts_first=rows.ts[lo],
        ts_second=rows.ts[hi],
        close_pairs=close,
    )


def _without_evidence(
    first: np.ndarray, second: np.ndarray, weight: np.ndarray, mask: np.ndarray, close: np.ndarray
) -> Coactions:
    """Return the pair totals as :class:`Coactions` with empty evidence columns."""

    def empty(dtype: type) -> np.ndarray:
        return np.zeros(0, dtype=dtype)

    return Coactions(
        first, second, weight, mask, empty(np.int8), empty(np.int64), empty(np.int32),
        empty(np.int32), empty(np.int64), empty(np.int64), empty(np.float64), empty(np.float64),
        close,
    )  # fmt: skip


class _Sorted:
    """The actions sorted by (object, time, post), with each row's partners within the window."""

    def __init__(self, actions: ActionTable, window: float) -> None:
        order = np.lexsort((actions.post, actions.ts, actions.obj))
        self.obj = actions.obj[order]
        self.ts = actions.ts[order]
        self.account = actions.account[order].astype(np.int64)
        self.post = actions.post[order]
        self.kind = actions.kind[order]
        size = self.obj.size
        change = np.flatnonzero(self.obj[1:] != self.obj[:-1]) + 1
        bounds = np.concatenate([[0], change, [size]]).astype(np.int64)
        #: Where each row's object starts and ends.
        self.begin = np.repeat(bounds[:-1], np.diff(bounds))
        self.end = np.repeat(bounds[1:], np.diff(bounds))
        self.partners = self._partners(window)
        self.repeated = self._repeated()

    def _partners(self, window: float) -> np.ndarray:
        """Return, per row, the later rows of its object at most ``window`` seconds after it."""
        size = self.obj.size
        low = np.arange(1, size + 1, dtype=np.int64)
        high = self.end.copy()
        here = np.arange(size)
        # Bisection for the first row past the window, all rows at once.
        open_ = np.flatnonzero(low < high)
        while open_.size:
            mid = (low[open_] + high[open_]) // 2
            inside = self.ts[mid] - self.ts[here[open_]] <= window
            low[open_[inside]] = mid[inside] + 1
            high[open_[~inside]] = mid[~inside]
            open_ = open_[low[open_] < high[open_]]
        return low - here - 1

    def _repeated(self) -> np.ndarray:
        """Return, per row, whether its account acts on its object more than once.

        Only pairs with such a row can meet twice on one object, so only
        they need deduplicating.
        """
        order = np.lexsort((self.account, self.obj))
        same = (self.obj[order][1:] == self.obj[order][:-1]) & (
            self.account[order][1:] == self.account[order][:-1]
        )
        repeated = np.zeros(self.obj.size, dtype=bool)
        repeated[order[1:][same]] = True
        repeated[order[:-1][same]] = True
        return repeated

    def chunks(self, budget: int) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """Yield pairs ``(i, j)`` (sorted rows, ``i < j``) in order, about ``budget`` at once.

        Chunks end between objects unless one object alone exceeds the
        budget. Each chunk comes with the row its first rows ``i`` stop before.
        """
        total = np.cumsum(self.partners)
        start = 0
        while start < self.partners.size:
            done = int(total[start - 1]) if start else 0
            stop = int(np.searchsorted(total, done + budget, side="right"))
            if stop < self.partners.size and self.begin[stop] > start:
                stop = int(self.begin[stop])
            stop = max(stop, start + 1)
            counts = self.partners[start:stop]
            first = np.repeat(np.arange(start, stop, dtype=np.int64), counts)
            offsets = np.arange(first.size, dtype=np.int64) - np.repeat(
                np.cumsum(counts) - counts, counts
            )
            yield stop, first, first + 1 + offsets
            start = stop


def _distinct_pairs(
    rows: _Sorted, n: int, budget: int, keep: np.ndarray | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Yield per chunk ``(i, j, key)``: each object's first pair of each two distinct accounts.

    ``key = low account * n + high account``. With ``keep`` (sorted keys),
    only those pairs. An object split over chunks is deduplicated across
    them by carrying the keys seen so far of its pairs that can repeat.
    """
    carry_obj, carry = -1, np.zeros(0, dtype=np.int64)
    keep_account = np.zeros(n, dtype=bool)
    if keep is not None:
        keep_account[keep // n] = keep_account[keep % n] = True
    for stop, i, j in rows.chunks(budget):
        a, b = rows.account[i], rows.account[j]
        key = np.minimum(a, b) * n + np.maximum(a, b)
        useful = a != b
        if keep is not None:
            useful &= keep_account[a] & keep_account[b]  # cheap, before the search
            useful[useful] = _member(keep, key[useful])
        i, j, key = i[useful], j[useful], key[useful]
        may_repeat = np.flatnonzero(rows.repeated[i] | rows.repeated[j])
        obj = rows.obj[i[may_repeat]]
        rkey = key[may_repeat]
        order = np.lexsort((rkey, obj))  # stable: the first (i, j) of each group comes first
        later = np.zeros(order.size, dtype=bool)
        later[1:] = (rkey[order][1:] == rkey[order][:-1]) & (obj[order][1:] == obj[order][:-1])
        drop = np.zeros(order.size, dtype=bool)
        drop[order[later]] = True
        drop |= (obj == carry_obj) & _member(carry, rkey)
        # The chunk's last object goes on in the next chunk: remember its pairs.
        if stop < rows.obj.size and rows.begin[stop] < stop:
            last = int(rows.obj[stop - 1])
            seen = rkey[(obj == last) & ~drop]
            carry = np.union1d(carry, seen) if carry_obj == last else np.unique(seen)
            carry_obj = last
        else:
            carry_obj, carry = -1, np.zeros(0, dtype=np.int64)
        fresh = np.ones(key.size, dtype=bool)
        fresh[may_repeat[drop]] = False
        if fresh.any():
            yield i[fresh], j[fresh], key[fresh]


def _member(sorted_keys: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Return whether each of ``key`` is in the sorted array ``sorted_keys``."""
    if sorted_keys.size == 0:
        return np.zeros(key.size, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, key), sorted_keys.size - 1)
    return sorted_keys[at] == key


class _PairTotals:
    """Counts and type masks per account pair, gathered chunk by chunk.

    The packed values are kept in buckets by the pair's first account, each
    merged when its new parts outgrow it, so a merge's working arrays are a
    bucket's, not all pairs'.
    """

    BUCKETS = 16

    def __init__(self, n: int, budget: int) -> None:
        self.n, self.budget = n, budget
        self.packing = _Packing(n)
        first_accounts = np.linspace(0, n, self.BUCKETS + 1).astype(np.int64)
        self.bounds = (first_accounts * n) << self.packing.key_shift
        self.merged = [np.zeros(0, dtype=np.int64) for _ in range(self.BUCKETS)]
        self.parts: list[list[np.ndarray]] = [[] for _ in range(self.BUCKETS)]

    def add(self, key: np.ndarray, kind: np.ndarray) -> None:
        """Count one object for each pair ``key`` (co-acting in type ``kind``)."""
        packed = self.packing.reduce([self.packing.pack(key, 1, kind)])
        cuts = np.searchsorted(packed, self.bounds)
        for b in range(self.BUCKETS):
            part = packed[cuts[b] : cuts[b + 1]]
            if not part.size:
                continue
            self.parts[b].append(part.copy())
            pending = sum(p.size for p in self.parts[b])
            if pending > max(self.budget // self.BUCKETS, self.merged[b].size):
                self.merged[b] = self.packing.reduce([self.merged[b], *self.parts[b]])
                self.parts[b] = []

    def columns(
        self, min_weight: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Return first and second accounts, counts, masks, and the keys of ``min_weight`` or more.

        Buckets are emptied as they are read.
        """
        for b in range(self.BUCKETS):
            self.merged[b] = self.packing.reduce([self.merged[b], *self.parts[b]])
            self.parts[b] = []
        size = sum(m.size for m in self.merged)
        first = np.empty(size, dtype=np.int32)
        second = np.empty(size, dtype=np.int32)
        weight = np.empty(size, dtype=np.int32)
        mask = np.empty(size, dtype=np.uint8)
        heavy, at = [], 0
        for b in range(self.BUCKETS):
            key, count, bits = self.packing.unpack(self.merged[b])
            self.merged[b] = np.zeros(0, dtype=np.int64)
            part = slice(at, at + key.size)
            first[part], second[part] = np.divmod(key, self.n)
            weight[part], mask[part] = count, bits
            heavy.append(key[count >= min_weight])
            at += key.size
        return first, second, weight, mask, np.concatenate(heavy)


class _Packing:
    """Pair key, object count and type mask packed in one int64, to sort values, not indices.

    Sorting packed values is several times faster than an argsort. The count
    takes the bits the key leaves, and saturates at their maximum (at least
    65,535 objects up to 741,455 accounts): only whether a pair reaches
    ``min_weight`` depends on it, edge weights come from the evidence.
    """

    def __init__(self, n: int) -> None:
        self.key_shift = 63 - max(int(n) * int(n), 2).bit_length()
        self.cap = (1 << (self.key_shift - 8)) - 1
        if self.cap < 255:
            raise ValueError(
                f"{n:,} accounts are too many for the in-process co-action engine; "
                "use --engine spark"
            )

    def pack(self, key: np.ndarray, count: int | np.ndarray, kind: np.ndarray) -> np.ndarray:
        """Return packed values of keys, counts and the bits of types ``kind``."""
        bit = np.left_shift(1, np.asarray(kind, dtype=np.int64))
        return (key << self.key_shift) | (np.minimum(count, self.cap) << 8) | bit

    def reduce(self, parts: list[np.ndarray]) -> np.ndarray:
        """Return one sorted packed value per key: counts summed, masks OR-ed."""
        packed = np.concatenate(parts)
        packed.sort()
        if packed.size == 0:
            return packed
        key = packed >> self.key_shift
        change = np.empty(packed.size, dtype=bool)
        change[0] = True
        np.not_equal(key[1:], key[:-1], out=change[1:])
        starts = np.flatnonzero(change)
        del change
        if starts.size == packed.size:  # no key twice: nothing to add up
            return packed
        field = (packed >> 8) & self.cap
        count = np.minimum(np.add.reduceat(field, starts), self.cap)
        np.bitwise_and(packed, 0xFF, out=field)
        mask = np.bitwise_or.reduceat(field, starts)
        del field, packed
        result = key[starts]
        result <<= self.key_shift
        count <<= 8
        result |= count
        result |= mask
        return result

    def unpack(self, packed: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return keys, counts and masks (``uint8``) of sorted packed values."""
        return (
            packed >> self.key_shift,
            (packed >> 8) & self.cap,
            (packed & 0xFF).astype(np.uint8),
        )


def _evidence(
    rows: _Sorted, n: int, budget: int, heavy: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return the sorted rows ``(i, j)`` of the evidence of the pairs in ``heavy``."""
    parts: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros(0, np.int64), np.zeros(0, np.int64))]
    if heavy.size:
        parts += [(i, j) for i, j, _ in _distinct_pairs(rows, n, budget, keep=heavy)]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
