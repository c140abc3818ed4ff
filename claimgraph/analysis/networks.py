"""Coordination networks from co-actions: claimgraph's own, the toolkit's and CooRTweet's.

:func:`coaction_network` is claimgraph's method (see
:mod:`claimgraph.analysis.amplification`): the co-action join of
:mod:`claimgraph.analysis.engine` (or another engine keeping its contract),
occasions, and the null model of :mod:`claimgraph.analysis.null`.
:func:`cnt_network` and :func:`coortweet_network` are the peers' definitions.

Every edge carries who acted first (CNT #13): over the edge's evidence (one
co-action per object), how often each of its two accounts acted before the
other; ``leader`` is the one that did so more often, ``lead_share`` its
share of the co-actions that were not simultaneous.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from claimgraph.analysis.coaction import Actions, cnt_edges
from claimgraph.analysis.coortweet import Shares, coordinated_network, detect_groups
from claimgraph.analysis.engine import ActionTable, Coactions, Pairs, PairTotals, coactions
from claimgraph.analysis.null import ThresholdSearch, floor_tails, poisson_tail, type_constant
from claimgraph.analysis.posts import PostTable

if TYPE_CHECKING:
    from claimgraph.analysis.amplification import AmplificationParams

__all__ = [
    "SMALL_OBJECT",
    "CoordinationEdge",
    "Join",
    "action_table",
    "coaction_network",
    "cnt_network",
    "coortweet_network",
]

#: Objects with at most this many actions are *small* for the null model's second test.
SMALL_OBJECT = 100

#: A co-action engine: ``join(actions, window, min_weight=...)`` (see :mod:`.engine`).
Join = Callable[..., Coactions]


@dataclass(slots=True)
class CoordinationEdge:
    """Two accounts that co-acted: weights by type, the evidence, and who acted first.

    ``leads`` counts the co-actions where ``source`` acted first and those
    where ``target`` did (simultaneous ones in neither).
    """

    source: str
    target: str
    weight: int
    types: dict[str, int]
    expected: float | None = None
    p_value: float | None = None
    evidence: list[tuple[str, str]] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)
    weight_threshold: int | None = None
    leads: tuple[int, int] = (0, 0)

    @property
    def leader(self) -> str | None:
        """Return the account that acted first more often, or None on a tie."""
        first, second = self.leads
        if first == second:
            return None
        return self.source if first > second else self.target

    @property
    def lead_share(self) -> float | None:
        """Return the leader's share of the co-actions that were not simultaneous."""
        total = sum(self.leads)
        return round(max(self.leads) / total, 4) if total else None


def action_table(table: PostTable, per_type: dict[str, Actions]) -> ActionTable:
    """Return the actions of all types as one :class:`ActionTable` (objects numbered per type)."""
    offsets = np.cumsum([0] + [len(acts.objects) for acts in per_type.values()])
    parts = list(per_type.values())
    post = np.concatenate([acts.post for acts in parts] or [np.zeros(0, np.int64)])
    return ActionTable.from_columns(
        account=table.author[post],
        obj=np.concatenate([acts.obj + offsets[k] for k, acts in enumerate(parts)] or [post]),
        kind=np.concatenate([np.full(len(acts), k) for k, acts in enumerate(parts)] or [post]),
        ts=table.ts[post],
        post=post,
        accounts=table.accounts,
        objects=[obj for acts in parts for obj in acts.objects],
        posts=table.ids,
        kinds=tuple(per_type),
    )


def cnt_network(
    table: PostTable, per_type: dict[str, Actions], params: AmplificationParams
) -> list[CoordinationEdge]:
    """Return the toolkit's directed edges of every type, merged per account pair."""
    merged: dict[tuple[int, int], dict[str, int]] = {}
    for kind, acts in per_type.items():
        found = cnt_edges(
            table, acts, params.window, min_weight=params.min_weight, self_loops=params.self_loops
        )
        for pair, weight in found.as_dict().items():
            merged.setdefault(pair, {})[kind] = weight
    return [
        CoordinationEdge(table.accounts[a], table.accounts[b], sum(types.values()), types)
        for (a, b), types in sorted(merged.items())
    ]


def coortweet_network(
    table: PostTable, per_type: dict[str, Actions], params: AmplificationParams
) -> tuple[list[CoordinationEdge], int]:
    """Return CooRTweet's edges (all, or above the threshold) and the full network's size."""
    kinds = list(per_type)
    post = np.concatenate([acts.post for acts in per_type.values()] or [np.zeros(0, int)])
    kind = np.concatenate([np.full(len(acts), k) for k, acts in enumerate(per_type.values())])
    objects = [
        (name, acts.objects[o]) for name, acts in per_type.items() for o in acts.obj.tolist()
    ]
    content = [table.ids[p] for p in post.tolist()]
    shares = Shares.from_columns(
        objects,
        [table.accounts[a] for a in table.author[post].tolist()],
        content,
        table.ts[post],
        # A post acting on itself (reposting its own id) is CooRTweet's object_id == content_id.
        self_share=[obj == pid for (_, obj), pid in zip(objects, content, strict=True)],
    )
    pairs = detect_groups(
        shares,
        time_window=params.window,
        min_participation=params.min_participation,
        remove_loops=not params.self_loops,
    )
    full = coordinated_network(shares, pairs, edge_weight=params.edge_weight)
    network = full.above_threshold() if params.subgraph == 1 else full
    edges = []
    for k in range(len(network)):
        share_pairs = network.share_pairs(k)
        older, newer = share_pairs.older.tolist(), share_pairs.newer.tolist()
        a, b = (shares.accounts[int(x)] for x in (network.account_a[k], network.account_b[k]))
        # CooRTweet's share pairs are (older, newer): count who was strictly older.
        moved = shares.account[share_pairs.older][share_pairs.time_delta > 0]
        shown = params.max_evidence
        edges.append(
            CoordinationEdge(
                a,
                b,
                int(network.weight[k]),
                dict(Counter(kinds[i] for i in kind[share_pairs.older].tolist())),
                evidence=[
                    (content[x], content[y])
                    for x, y in zip(older[:shown], newer[:shown], strict=True)
                ],
                gaps=share_pairs.time_delta.tolist(),
                weight_threshold=int(network.weight_threshold[k]),
                leads=(
                    int((moved == network.account_a[k]).sum()),
                    int((moved == network.account_b[k]).sum()),
                ),
            )
        )
    return edges, len(full)


def coaction_network(
    table: PostTable,
    per_type: dict[str, Actions],
    params: AmplificationParams,
    join: Join = coactions,
) -> tuple[list[CoordinationEdge], int, int]:
    """Return the kept edges, the pairs tested and the pairs the null model dropped.

    Each pair is tested twice (gh-15): on all its occasions, and on its
    occasions on *small* objects (at most ``SMALL_OBJECT`` actions) against
    the expectation from small objects only. Viral posts make co-action
    expected for everyone, which hid groups that repeatedly act together on
    posts almost nobody else touches; the second test sees those.
    """
    acts = action_table(table, per_type)
    counts = np.bincount(acts.obj, minlength=len(acts.objects))
    screen = _Screen(acts, counts, counts <= SMALL_OBJECT, params)
    # The engine gathers evidence only for the pairs the screen chooses from their
    # totals, and keeps the pairs the screen confirms from their evidence.
    found = join(acts, params.window, min_weight=params.min_weight, keep=screen)
    if found.candidates == 0:
        return [], 0, 0
    tested = screen.test(found)
    edges = _collect_edges(acts, found, *tested)
    return edges, found.candidates, screen.dropped


class _Screen:
    """The null model as the co-action engine's :class:`~claimgraph.analysis.engine.Screen`.

    A pair needs ``min_weight`` objects; and its occasions (overall, and on
    small objects) are at most its objects, so when even that many could
    not pass the null model's test, neither can its occasions: it is ruled
    out before its evidence is gathered (:meth:`choose`). At scale most
    heavy pairs are accounts that met in several viral bursts, and this keeps
    their evidence out of memory. The others are tested on their occasions
    (:meth:`confirm`).
    """

    def __init__(
        self, acts: ActionTable, counts: np.ndarray, small: np.ndarray, params: AmplificationParams
    ) -> None:
        self.acts, self.counts, self.small, self.params = acts, counts, small, params
        self.null: _NullModel | None = None
        self.threshold = 1.0
        self.dropped = 0

    def choose(self, totals: PairTotals) -> np.ndarray:
        """Return the sorted keys of the pairs that may pass the test, from their totals."""
        params, n = self.params, len(self.acts.accounts)
        self.null = null = _NullModel(self.acts, totals.close_pairs, self.counts, self.small)
        if not params.null_model:
            return totals.heavy(params.min_weight)
        search = ThresholdSearch(params.alpha)
        heavy: list[Pairs] = []
        for part in totals.parts():
            search.add(floor_tails(null.expected(part)[0], params.min_weight))
            heavy.append(part.subset(part.weight >= params.min_weight))
        if not search.settled:
            for part in totals.parts():
                search.add_inside(floor_tails(null.expected(part)[0], params.min_weight))
        self.threshold = search.value() / 2
        keys = []
        for part in heavy:
            weight = part.weight.astype(np.int64)
            total, on_small = null.expected(part)
            best = np.minimum(
                _significant(weight, total, self.threshold),
                _significant(weight, on_small, self.threshold),
            )
            self.dropped += int((best > self.threshold).sum())
            keys.append(part.keys(n)[best <= self.threshold])
        return np.concatenate([np.zeros(0, dtype=np.int64), *keys])

    def confirm(self, found: Coactions) -> np.ndarray:
        """Return a mask of ``found``'s pairs that pass the test on their occasions."""
        occasions, _, p_values = self.test(found)
        keep = occasions >= self.params.min_weight
        passed = keep & ((p_values <= self.threshold) | (not self.params.null_model))
        self.dropped += int(keep.sum() - passed.sum())
        return passed

    def test(self, found: Coactions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return occasions, expected co-actions and p-values of ``found``'s pairs.

        Objects co-acted on together count once (gh-15): a pair of posts sharing a
        link and two hashtags, or two accounts caught in the same viral minute, is
        one occasion, not three.
        """
        assert self.null is not None, "choose() comes first"
        n = len(self.acts.accounts)
        pairs = found.keys(n)
        evidence_key = found.first.astype(np.int64) * n + found.second
        when = np.minimum(found.ts_first, found.ts_second)
        window = self.params.window
        observed = _occasions(evidence_key, when, pairs, window)
        on_small = self.small[found.obj]
        observed_small = _occasions(evidence_key[on_small], when[on_small], pairs, window)
        totals = Pairs(found.pair_first, found.pair_second, found.pair_weight, found.pair_kinds)
        total_expected, small_expected = self.null.expected(totals)
        p_values = np.minimum(
            _significant(observed, total_expected, self.threshold),
            _significant(observed_small, small_expected, self.threshold),
        )
        return observed, total_expected, p_values


class _NullModel:
    """Each pair's expected co-actions under the null (see :mod:`claimgraph.analysis.null`).

    A type adds ``k_a * k_b * S`` where the pair co-acted in it.
    """

    def __init__(
        self, acts: ActionTable, close_pairs: np.ndarray, counts: np.ndarray, small: np.ndarray
    ) -> None:
        self.activity = acts.activity().astype(np.float64)
        object_kind = acts.object_kind()
        self.constants = []
        for k in range(len(acts.kinds)):
            of_kind = object_kind == k
            close = close_pairs[of_kind]
            self.constants.append(
                (
                    type_constant(counts[of_kind], close),
                    type_constant(counts[of_kind], close, small[of_kind]),
                )
            )

    def expected(self, pairs: Pairs) -> tuple[np.ndarray, np.ndarray]:
        """Return the expectations of ``pairs`` over all objects and over small ones."""
        first, second, kinds = pairs.first, pairs.second, pairs.kinds
        total = np.zeros(first.size)
        on_small = np.zeros(first.size)
        for k, (constant, small_constant) in enumerate(self.constants):
            both = self.activity[k][first] * self.activity[k][second]
            both *= (kinds >> k) & 1
            total += both * constant
            both *= small_constant
            on_small += both
        return total, on_small


def _occasions(key: np.ndarray, when: np.ndarray, pairs: np.ndarray, window: float) -> np.ndarray:
    """Return, per pair key in sorted ``pairs``, its number of distinct co-action occasions.

    ``key``/``when`` are the evidence rows' pair keys and times. An occasion
    is a run of the pair's co-actions (over all types) with no gap longer
    than ``window`` seconds between consecutive ones.
    """
    inside = np.isin(key, pairs)
    key, when = key[inside], when[inside]
    order = np.lexsort((when, key))
    key, when = key[order], when[order]
    starts = np.ones(key.size, dtype=bool)
    starts[1:] = (key[1:] != key[:-1]) | (when[1:] - when[:-1] > window)
    return np.bincount(np.searchsorted(pairs, key[starts]), minlength=pairs.size)


def _significant(observed: np.ndarray, expected: np.ndarray, threshold: float) -> np.ndarray:
    """Return the Poisson tail of each edge, or 1 where it cannot reach ``threshold``.

    The tail is at least its first term, so edges whose first term is above
    the threshold are settled without summing (most of them, at scale).
    """
    top = int(observed.max(initial=0))
    log_factorial = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, top + 1)))])
    with np.errstate(divide="ignore"):
        first_term = -expected + observed * np.log(expected) - log_factorial[observed]
    p_values = np.ones(observed.size)
    for k in np.flatnonzero(first_term <= math.log(threshold)).tolist():
        p_values[k] = poisson_tail(int(observed[k]), float(expected[k]))
    return p_values


def _collect_edges(
    acts: ActionTable,
    found: Coactions,
    occasions: np.ndarray,
    expected: np.ndarray,
    p_values: np.ndarray,
) -> list[CoordinationEdge]:
    """Return ``found``'s pairs as edges with their evidence and leads."""
    n = len(acts.accounts)
    pairs = found.keys(n)
    key = found.first.astype(np.int64) * n + found.second
    rows = np.arange(key.size)
    rows = rows[np.lexsort((found.ts_first, found.kind, key))]
    edge_of_row = np.searchsorted(pairs, key[rows])
    bounds = np.searchsorted(edge_of_row, np.arange(pairs.size + 1))
    edges = []
    for k in range(pairs.size):
        part = rows[bounds[k] : bounds[k + 1]]
        ts_a, ts_b = found.ts_first[part], found.ts_second[part]
        edges.append(
            CoordinationEdge(
                acts.accounts[int(pairs[k] // n)],
                acts.accounts[int(pairs[k] % n)],
                int(occasions[k]),
                dict(Counter(acts.kinds[i] for i in found.kind[part].tolist())),
                float(expected[k]),
                float(p_values[k]),
                evidence=[
                    (acts.posts[a], acts.posts[b])
                    for a, b in zip(
                        found.post_first[part].tolist(), found.post_second[part].tolist(),
                        strict=True,
                    )
                ],  # fmt: skip
                gaps=np.abs(ts_b - ts_a).tolist(),
                leads=(int((ts_a < ts_b).sum()), int((ts_b < ts_a).sum())),
            )
        )
    return edges
