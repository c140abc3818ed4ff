"""Totals per account pair of the co-action join, written to files and read back in parts.

The in-process join (:mod:`claimgraph.analysis.engine`) counts each pair's
objects and types chunk by chunk. :class:`TotalsWriter` appends a chunk's
totals to one file per range of first accounts and merges each file in
turn; :class:`PairTotals` reads them back one range at a time, so tens of
millions of pairs are never all held at once. Each total is one ``int64``
(:class:`Packing`): sorting values is several times faster than an argsort.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     writer = TotalsWriter(3, Path(tmp))
...     writer.add(np.array([1, 2, 1]), np.array([0, 0, 1]))  # keys first * 3 + second
...     writer.add(np.array([5]), np.array([0]))
...     totals = writer.totals(np.zeros(0, dtype=np.int64))
...     [(p.first.tolist(), p.weight.tolist(), p.kinds.tolist()) for p in totals.parts()]
[([0, 0], [2, 1], [3, 1]), ([1], [1], [1])]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["Pairs", "PairTotals", "TotalsWriter", "Packing", "member"]


@dataclass(slots=True)
class Pairs:
    """Totals of some account pairs (sorted): objects co-acted on and the bit mask of types."""

    first: np.ndarray  # int32
    second: np.ndarray  # int32
    weight: np.ndarray  # int32
    kinds: np.ndarray  # uint8

    def keys(self, n_accounts: int) -> np.ndarray:
        """Return the pairs as sorted keys ``first * n_accounts + second``."""
        return self.first.astype(np.int64) * n_accounts + self.second

    def subset(self, rows: np.ndarray) -> Pairs:
        """Return the pairs where the boolean array ``rows`` is true."""
        return Pairs(*(getattr(self, name)[rows] for name in _FIELDS))


_FIELDS = ("first", "second", "weight", "kinds")
_EMPTY = Pairs(*(np.zeros(0, dtype=kind) for kind in (np.int32, np.int32, np.int32, np.uint8)))


class PairTotals:
    """The totals of every pair that co-acted, read part by part (see :meth:`parts`).

    In-process the parts are files of a temporary directory, one per range
    of first accounts, so no more than one part is held at a time; an
    engine that collected the totals itself gives them as one part
    (:meth:`from_pairs`). ``close_pairs`` is :attr:`Coactions.close_pairs`.
    """

    def __init__(self, n_accounts: int, close_pairs: np.ndarray) -> None:
        self.n_accounts = n_accounts
        self.close_pairs = close_pairs
        self.size = 0
        self._held: list[Pairs] = []
        self._files: list[Path] = []
        self._packing = Packing(n_accounts)

    @classmethod
    def from_pairs(cls, pairs: Pairs, n_accounts: int, close_pairs: np.ndarray) -> PairTotals:
        """Return totals held in memory as one part."""
        totals = cls(n_accounts, close_pairs)
        totals._held, totals.size = [pairs], int(pairs.first.size)
        return totals

    def parts(self) -> Iterator[Pairs]:
        """Yield the pairs in parts, in key order (every call reads them again)."""
        yield from self._held
        for path in self._files:
            key, count, mask = self._packing.unpack(np.fromfile(path, dtype=np.int64))
            first, second = np.divmod(key, self.n_accounts)
            yield Pairs(
                first.astype(np.int32), second.astype(np.int32), count.astype(np.int32), mask
            )

    def heavy(self, min_weight: int) -> np.ndarray:
        """Return the sorted keys of the pairs that co-acted on ``min_weight`` objects or more."""
        keys = [p.keys(self.n_accounts)[p.weight >= min_weight] for p in self.parts()]
        return np.concatenate([np.zeros(0, dtype=np.int64), *keys])

    def select(self, keys: np.ndarray) -> Pairs:
        """Return the totals of the pairs of sorted ``keys``."""
        chosen = [_EMPTY] + [p.subset(member(keys, p.keys(self.n_accounts))) for p in self.parts()]
        return Pairs(*(np.concatenate([getattr(p, name) for p in chosen]) for name in _FIELDS))


class TotalsWriter:
    """Pair totals written chunk by chunk to one file per range of first accounts.

    :meth:`totals` then merges each file in turn (counts summed, masks
    OR-ed), so a merge's working arrays are one range's, not all pairs'.
    """

    BUCKETS = 64

    def __init__(self, n: int, directory: Path) -> None:
        self.n = n
        self.packing = Packing(n)
        first_accounts = np.linspace(0, n, self.BUCKETS + 1).astype(np.int64)
        self.bounds = (first_accounts * n) << self.packing.key_shift
        self.paths = [directory / f"pairs{b}.bin" for b in range(self.BUCKETS)]
        self.used = np.zeros(self.BUCKETS, dtype=bool)

    def add(self, key: np.ndarray, kind: np.ndarray) -> None:
        """Count one object for each pair ``key`` (co-acting in type ``kind``)."""
        packed = self.packing.reduce([self.packing.pack(key, 1, kind)])
        cuts = np.searchsorted(packed, self.bounds)
        for b in np.flatnonzero(cuts[1:] > cuts[:-1]).tolist():
            with self.paths[b].open("ab") as handle:
                packed[cuts[b] : cuts[b + 1]].tofile(handle)
            self.used[b] = True

    def totals(self, close_pairs: np.ndarray) -> PairTotals:
        """Return the totals, each file merged in place."""
        totals = PairTotals(self.n, close_pairs)
        for b in np.flatnonzero(self.used).tolist():
            merged = self.packing.reduce([np.fromfile(self.paths[b], dtype=np.int64)])
            merged.tofile(self.paths[b])
            totals.size += int(merged.size)
            totals._files.append(self.paths[b])
        return totals


class Packing:
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


def member(sorted_keys: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Return whether each of ``key`` is in the sorted array ``sorted_keys``."""
    if sorted_keys.size == 0:
        return np.zeros(key.size, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, key), sorted_keys.size - 1)
    return sorted_keys[at] == key
