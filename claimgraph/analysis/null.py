"""The null model: how many co-actions would two accounts share by chance?

Under the null, accounts pick the objects they act on independently, each
in proportion to the object's popularity, and an object's actions are as
bunched in time as they were observed to be. Account ``a`` with ``k_a``
actions of a type then acts on object ``o`` with probability about
``k_a * n_o / M`` (``n_o`` actions on ``o`` out of ``M``), and two actions on
``o`` fall within the window with probability ``q_o`` (the share of ``o``'s
action pairs that did). The expected number of co-actions of ``a`` and
``b`` is therefore::

    lambda_ab = k_a * k_b * S,    S = sum_o (n_o / M)**2 * q_o

one constant ``S`` per co-action type. A viral post (large ``n_o``, every
action within minutes) raises ``S`` for everyone: sharing it is expected.
Twenty small triggers acted on by the same accounts within seconds are
not. Co-action counts are compared with ``Poisson(lambda_ab)`` (summed over
types), and an edge is kept when its upper-tail probability is below a
threshold ``t`` that keeps the expected number of chance edges below
``alpha``. Plain Bonferroni (``t = alpha / m`` over the ``m`` pairs tested)
grows stricter with the square of the accounts and loses real groups at
scale (gh-15); but an edge also needs ``min_weight`` co-actions, so a pair
can be kept by chance with probability at most
``P_ab = P(Poisson(lambda_ab) >= min_weight)``, often far below ``t``.
:func:`floor_threshold` therefore picks the largest ``t`` with
``sum_ab min(t, P_ab) <= alpha`` (Tarone's count of testable hypotheses,
as a union bound): the pairs that could hardly reach the floor cost what
they can contribute, not a full ``t`` each.

Examples
--------
>>> round(poisson_tail(3, 0.1), 6)
0.000155
>>> poisson_tail(0, 2.0)
1.0

A million pairs that could barely reach the floor leave the threshold at
about ``alpha`` over the few that could:

>>> floor = floor_tails(np.array([1e-4] * 1_000_000 + [1.0] * 10), 3)
>>> round(floor_threshold(floor, 0.01) / (0.01 / 10), 3)
1.0
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "type_constant",
    "poisson_tail",
    "floor_tails",
    "floor_threshold",
    "ThresholdSearch",
]


def type_constant(
    actions_per_object: np.ndarray, close_pairs: np.ndarray, among: np.ndarray | None = None
) -> float:
    """Return ``S = sum_o (n_o / M)**2 * q_o`` for one co-action type.

    With the boolean mask ``among``, the sum runs over those objects only
    (``M`` stays all the type's actions).
    """
    n = actions_per_object.astype(np.float64)
    total = n.sum()
    if total == 0:
        return 0.0
    pairs = n * (n - 1) / 2
    q = np.divide(close_pairs, pairs, out=np.zeros_like(n), where=pairs > 0)
    terms = (n / total) ** 2 * q
    return float(terms[among].sum() if among is not None else terms.sum())


def poisson_tail(observed: int, expected: float) -> float:
    """Return ``P(X >= observed)`` for ``X ~ Poisson(expected)``, accurate in the far tail.

    At or below the expectation it returns 1: such an edge is never significant.
    """
    if observed <= 0 or observed <= expected:
        return 1.0
    if expected <= 0:
        return 0.0
    log_term = -expected + observed * math.log(expected) - math.lgamma(observed + 1)
    total, k, term = 0.0, observed, math.exp(log_term)
    # Sum terms from `observed` upwards until they stop mattering.
    while term > total * 1e-15 and k < observed + 10_000:
        total += term
        k += 1
        term *= expected / k
    return min(total, 1.0)


def floor_tails(expected: np.ndarray, floor: int) -> np.ndarray:
    """Return ``P(X >= floor)`` for ``X ~ Poisson(expected)``, accurate when tiny."""
    lam = np.asarray(expected, dtype=np.float64)
    if floor <= 0:
        return np.ones(lam.shape)
    tails = np.zeros(lam.shape)
    small = lam < 1.0
    # Small means: sum the tail's own terms (no cancellation in 1 - ...).
    ls = lam[small]
    total = np.zeros(ls.shape)
    # Tiny means need a few terms of the tail (they fall by lam / (k + 1)), the others 20.
    for part, terms in ((ls < 1e-3, 6), (ls >= 1e-3, 20)):
        lp = ls[part]
        term = np.exp(-lp) * lp**floor / math.factorial(floor)
        sums = np.zeros(lp.shape)
        for k in range(floor, floor + terms):
            sums += term
            term = term * lp / (k + 1)
        total[part] = sums
    tails[small] = total
    lb = lam[~small]
    term, below = np.exp(-lb), np.zeros(lb.shape)
    for k in range(floor):
        below += term
        term = term * lb / (k + 1)
    tails[~small] = np.clip(1.0 - below, 0.0, 1.0)
    return tails


def floor_threshold(
    tails: np.ndarray, alpha: float, *, others: int = 0, others_sum: float = 0.0, above: int = 0
) -> float:
    """Return the largest ``t`` with ``sum(min(t, tails)) <= alpha`` (``alpha`` if none are tested).

    ``tails`` are the pairs' chances of reaching the weight floor at all.
    ``others`` more pairs, whose chances sum to ``others_sum``, may be left
    out when each is at most ``t`` (at most ``alpha`` over the number of all
    pairs, which ``t`` never is below): they count their own chance whatever
    ``t`` is (and most pairs at scale are such, so they need not be held).
    ``above`` more pairs may be left out when each is at least ``t``: they
    count ``t`` each.
    """
    p = np.asarray(tails, dtype=np.float64)
    if p.size > 1 and not (p[1:] >= p[:-1]).all():
        p = np.sort(p)
    size = p.size
    m = size + others + above
    if m == 0 or (above == 0 and p.sum() + others_sum <= alpha):
        return max(alpha, float(p[-1]) if size else alpha)
    # For t between p[k-1] and p[k]: sum = others + cumsum(p[:k]) + t * (size - k + above).
    # In blocks, so that tens of millions of pairs need no more arrays of their size.
    found, below = alpha / m, others_sum
    for start in range(0, size, _BLOCK):
        block = p[start : start + _BLOCK]
        before = below + np.concatenate([[0.0], np.cumsum(block)])[:-1]
        t = (alpha - before) / (size - start - np.arange(block.size) + above)
        lower = np.concatenate([[p[start - 1] if start else 0.0], block[:-1]])
        fits = np.flatnonzero((t >= lower) & (t <= block))
        if fits.size:
            found = float(t[fits[-1]])
        below = float(before[-1] + block[-1]) if block.size else below
    if above and (alpha - below) / above >= (p[-1] if size else 0.0):
        found = (alpha - below) / above  # above every tail given
    return found


class ThresholdSearch:
    """:func:`floor_threshold` over tails given in parts, holding few of them.

    A first pass (:meth:`add`) counts and sums the tails in narrow bins on a
    log scale, which finds the bin ``t`` falls in; a second pass
    (:meth:`add_inside`) keeps only that bin's tails, and :meth:`value` solves
    for ``t`` exactly among them. :attr:`settled` is true when the first pass
    suffices (the tails sum to ``alpha`` or less).

    Examples
    --------
    >>> tails = np.array([1e-9] * 1000 + [0.5, 0.2, 0.01, 0.003])
    >>> search = ThresholdSearch(0.01)
    >>> search.add(tails[:500]); search.add(tails[500:])
    >>> search.add_inside(tails)
    >>> search.value() == floor_threshold(tails, 0.01)
    True
    """

    STEPS = 16  # bins per halving
    BINS = STEPS * 1100  # down to 2**-1100, below the smallest double

    def __init__(self, alpha: float) -> None:
        self.alpha = alpha
        self.count = np.zeros(self.BINS, dtype=np.int64)
        self.sums = np.zeros(self.BINS)
        self.top = 0.0
        self._bin: int | None = None
        self._inside: list[np.ndarray] = []

    def _bins(self, tails: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):
            steps = -np.log2(tails) * self.STEPS
        return np.clip(np.nan_to_num(steps, posinf=self.BINS), 0, self.BINS - 1).astype(np.int64)

    def add(self, tails: np.ndarray) -> None:
        """Count some of the tails (first pass)."""
        bins = self._bins(tails)
        self.count += np.bincount(bins, minlength=self.BINS)
        self.sums += np.bincount(bins, weights=tails, minlength=self.BINS)
        self.top = max(self.top, float(tails.max(initial=0.0)))

    @property
    def settled(self) -> bool:
        """Return whether the tails sum to ``alpha`` or less (no second pass needed)."""
        return float(self.sums.sum()) <= self.alpha

    def add_inside(self, tails: np.ndarray) -> None:
        """Keep those of the tails in the bin the threshold falls in (second pass)."""
        if self._bin is None:
            # f(l_b) = sum of tails in lower bins + l_b * tails in bin b or above, with
            # l_b = 2**(-(b + 1) / STEPS) the bin's lower edge; the first b with f <= alpha.
            lower_edge = np.exp2(-(np.arange(self.BINS) + 1) / self.STEPS)
            below = np.concatenate([np.cumsum(self.sums[::-1])[::-1][1:], [0.0]])
            at_or_above = np.cumsum(self.count)
            fits = np.flatnonzero(below + lower_edge * at_or_above <= self.alpha)
            self._bin = int(fits[0]) if fits.size else self.BINS - 1
        self._inside.append(tails[self._bins(tails) == self._bin])

    def value(self) -> float:
        """Return the threshold ``t``."""
        if self.settled:
            return max(self.alpha, self.top)
        b = self._bin if self._bin is not None else self.BINS - 1
        return floor_threshold(
            np.concatenate([np.zeros(0), *self._inside]),
            self.alpha,
            others=int(self.count[b + 1 :].sum()),
            others_sum=float(self.sums[b + 1 :].sum()),
            above=int(self.count[:b].sum()),
        )


_BLOCK = 1 << 20
