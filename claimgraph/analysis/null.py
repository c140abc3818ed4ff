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
types), and an edge is kept when its upper-tail probability is below
``alpha`` divided by the number of account pairs tested (Bonferroni).

Examples
--------
>>> round(poisson_tail(3, 0.1), 6)
0.000155
>>> poisson_tail(0, 2.0)
1.0
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["type_constant", "poisson_tail", "expected_coactions"]


def type_constant(actions_per_object: np.ndarray, close_pairs: np.ndarray) -> float:
    """Return ``S = sum_o (n_o / M)**2 * q_o`` for one co-action type."""
    n = actions_per_object.astype(np.float64)
    total = n.sum()
    if total == 0:
        return 0.0
    pairs = n * (n - 1) / 2
    q = np.divide(close_pairs, pairs, out=np.zeros_like(n), where=pairs > 0)
    return float(((n / total) ** 2 * q).sum())


def expected_coactions(
    activity: np.ndarray, first: np.ndarray, second: np.ndarray, constant: float
) -> np.ndarray:
    """Return ``lambda = k_first * k_second * S`` per edge (``activity``: ``k`` by account)."""
    return activity[first].astype(np.float64) * activity[second] * constant


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
