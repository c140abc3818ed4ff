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

Neither are all account pairs held at once: a chunk's pair totals go to
files in a temporary directory, one per range of first accounts, and are
read back one range at a time (:class:`PairTotals`), as the null model needs
them (:class:`Screen`). The evidence of the pairs it chooses goes to files
too, one per range of pairs, and the screen confirms each range's pairs from
their evidence before the next is read; only the confirmed pairs' evidence
is returned.

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

import contextlib
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from claimgraph.analysis.pairs import Packing, Pairs, PairTotals, TotalsWriter, member

__all__ = ["ActionTable", "Coactions", "Pairs", "PairTotals", "Screen", "coactions", "confirmed"]

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

    Account pairs (``pair_first < pair_second``, sorted): the pairs whose
    evidence is kept (those that co-acted on at least ``min_weight``
    objects, or those a :class:`Screen` chose and confirmed), with
    ``pair_weight`` the number of distinct objects they co-acted on
    (in-process, saturating at 65,535 or more) and ``pair_kinds`` a bit mask
    of the types (bit ``k`` for ``kinds[k]``). ``candidates`` counts every
    pair of distinct accounts that co-acted at least once.

    Evidence, for those pairs: one row per (object, pair), the pair's
    earliest co-action on the object (rows ordered by object, then time,
    then post; the smallest ``(ts_first_action, post_first_action,
    ts_second_action, post_second_action)``), with ``post_first``/``ts_first``
    belonging to account ``first``.

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
    candidates: int

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
        packing = Packing(n_accounts)
        keys, weight, mask = packing.unpack(packing.reduce([packing.pack(key, 1, kind)]))
        heavy = weight >= min_weight
        rows = np.isin(key, keys[heavy])
        pair_first, pair_second = np.divmod(keys[heavy], n_accounts)
        return cls(
            pair_first.astype(np.int32),
            pair_second.astype(np.int32),
            weight[heavy].astype(np.int32),
            mask[heavy],
            np.asarray(kind, dtype=np.int8)[rows],
            np.asarray(obj, dtype=np.int64)[rows],
            np.asarray(first, dtype=np.int32)[rows],
            np.asarray(second, dtype=np.int32)[rows],
            np.asarray(post_first, dtype=np.int64)[rows],
            np.asarray(post_second, dtype=np.int64)[rows],
            np.asarray(ts_first, dtype=np.float64)[rows],
            np.asarray(ts_second, dtype=np.float64)[rows],
            np.asarray(close_pairs, dtype=np.int64),
            int(keys.size),
        )

    def keys(self, n_accounts: int) -> np.ndarray:
        """Return the pairs as sorted keys ``first * n_accounts + second``."""
        return self.pair_first.astype(np.int64) * n_accounts + self.pair_second

    def select(self, pairs: np.ndarray, n_accounts: int) -> Coactions:
        """Return the result for the pairs of sorted keys ``pairs`` only (their evidence too)."""
        chosen = member(pairs, self.keys(n_accounts))
        rows = member(pairs, self.first.astype(np.int64) * n_accounts + self.second)
        evidence = {name: getattr(self, name)[rows] for name in _EVIDENCE_FIELDS}
        totals = {name: getattr(self, name)[chosen] for name in _PAIR_FIELDS}
        return replace(self, **evidence, **totals)


_PAIR_FIELDS = ("pair_first", "pair_second", "pair_weight", "pair_kinds")
_EVIDENCE_FIELDS = (
    "kind", "obj", "first", "second", "post_first", "post_second", "ts_first", "ts_second",
)  # fmt: skip


class Screen(Protocol):
    """Chooses the pairs whose evidence to gather, then confirms some from their evidence.

    :meth:`choose` sees the totals of all pairs (:class:`PairTotals`) and
    returns the sorted keys of the pairs worth gathering evidence for;
    :meth:`confirm` is then given the evidence of some of those pairs at a
    time (all of each pair's evidence at once) and returns a mask of the
    pairs to keep. The null model of :mod:`claimgraph.analysis.networks` is one.
    """

    def choose(self, totals: PairTotals) -> np.ndarray:
        """Return the sorted keys ``first * n + second`` of the pairs to gather evidence for."""
        ...

    def confirm(self, found: Coactions) -> np.ndarray:
        """Return a boolean mask of ``found``'s pairs to keep, from their evidence."""
        ...


def confirmed(found: Coactions, screen: Screen | None, n_accounts: int) -> Coactions:
    """Return ``found`` with only the pairs ``screen`` confirms (all of them without a screen)."""
    if screen is None:
        return found
    return found.select(found.keys(n_accounts)[screen.confirm(found)], n_accounts)


def coactions(
    actions: ActionTable,
    window: float,
    *,
    min_weight: int = 1,
    keep: Screen | None = None,
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
    keep : Screen, optional
        Chooses the pairs whose evidence to gather from the totals of all
        pairs (instead of ``min_weight``), and confirms them from their
        evidence; the null model rules most pairs out this way.
    budget : int
        The most pairs of actions held at once.
    """
    rows = _Sorted(actions, window)
    n = len(actions.accounts)
    close = np.bincount(rows.obj, weights=rows.partners, minlength=len(actions.objects))
    with tempfile.TemporaryDirectory(prefix="claimgraph-coactions-") as tmp:
        writer = TotalsWriter(n, Path(tmp))
        for i, _, key in _distinct_pairs(rows, n, budget):
            writer.add(key, rows.kind[i])
        totals = writer.totals(close.astype(np.int64))
        chosen = keep.choose(totals) if keep is not None else totals.heavy(min_weight)
        pairs = totals.select(chosen)
        return _gather(rows, totals, pairs, keep, budget, Path(tmp))


def _gather(
    rows: _Sorted, totals: PairTotals, pairs: Pairs, keep: Screen | None, budget: int, tmp: Path
) -> Coactions:
    """Return the result for ``pairs``, with their evidence, confirmed by ``keep`` by groups.

    The evidence rows go to one file per group of pairs as they are found;
    each group is then read and confirmed in turn.
    """
    n = totals.n_accounts
    chosen = pairs.keys(n)
    groups = np.linspace(0, chosen.size, min(64, chosen.size // 65_536) + 2).astype(np.int64)
    paths = [tmp / f"evidence{g}.bin" for g in range(groups.size - 1)]
    with contextlib.ExitStack() as stack:
        handles = [stack.enter_context(path.open("wb")) for path in paths]
        for i, j, key in _distinct_pairs(rows, n, budget, keep=chosen) if chosen.size else ():
            group = np.searchsorted(groups, np.searchsorted(chosen, key), side="right") - 1
            order = np.argsort(group, kind="stable")
            cuts = np.searchsorted(group[order], np.arange(groups.size))
            for g in np.flatnonzero(cuts[1:] > cuts[:-1]).tolist():
                at = order[cuts[g] : cuts[g + 1]]
                np.column_stack((i[at], j[at])).astype(np.int32).tofile(handles[g])
    kept_i, kept_j, kept_pairs = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], []
    for g, path in enumerate(paths):
        ij = np.fromfile(path, dtype=np.int32).reshape(-1, 2).astype(np.int64)
        path.unlink()
        group_pairs = slice(int(groups[g]), int(groups[g + 1]))
        part = _result(rows, ij[:, 0], ij[:, 1], pairs, group_pairs, totals)
        sure = confirmed(part, keep, n)
        row_keys = part.first.astype(np.int64) * n + part.second
        inside = member(sure.keys(n), row_keys)
        kept_i.append(ij[inside, 0])
        kept_j.append(ij[inside, 1])
        kept_pairs.append(sure.keys(n))
    i, j = np.concatenate(kept_i), np.concatenate(kept_j)
    order = np.lexsort((j, i))  # the order of the chunks: by object, then earlier action
    final = totals.select(np.concatenate([np.zeros(0, np.int64), *kept_pairs]))
    return _result(rows, i[order], j[order], final, slice(None), totals)


def _result(
    rows: _Sorted, i: np.ndarray, j: np.ndarray, pairs: Pairs, part: slice, totals: PairTotals
) -> Coactions:
    """Return :class:`Coactions` of the evidence rows ``(i, j)`` and the pairs ``pairs[part]``."""
    swap = rows.account[i] > rows.account[j]
    lo, hi = np.where(swap, j, i), np.where(swap, i, j)
    return Coactions(
        pair_first=pairs.first[part],
        pair_second=pairs.second[part],
        pair_weight=pairs.weight[part],
        pair_kinds=pairs.kinds[part],
        kind=rows.kind[i],
        obj=rows.obj[i],
        first=rows.account[lo].astype(np.int32),
        second=rows.account[hi].astype(np.int32),
        post_first=rows.post[lo],
        post_second=rows.post[hi],
        ts_first=rows.ts[lo],
        ts_second=rows.ts[hi],
        close_pairs=totals.close_pairs,
        candidates=totals.size,
    )


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
            useful[useful] = member(keep, key[useful])
        i, j, key = i[useful], j[useful], key[useful]
        may_repeat = np.flatnonzero(rows.repeated[i] | rows.repeated[j])
        obj = rows.obj[i[may_repeat]]
        rkey = key[may_repeat]
        order = np.lexsort((rkey, obj))  # stable: the first (i, j) of each group comes first
        later = np.zeros(order.size, dtype=bool)
        later[1:] = (rkey[order][1:] == rkey[order][:-1]) & (obj[order][1:] == obj[order][:-1])
        drop = np.zeros(order.size, dtype=bool)
        drop[order[later]] = True
        drop |= (obj == carry_obj) & member(carry, rkey)
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
