"""The columnar co-action join against brute force, in any chunk size; who acted first."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from claimgraph.analysis.amplification import AmplificationParams, compute_amplification
from claimgraph.analysis.engine import ActionTable, Coactions, coactions
from claimgraph.analysis.posts import PostTable


def _random_actions(seed: int, n: int = 400) -> ActionTable:
    rng = np.random.default_rng(seed)
    n_objects = 40
    obj = rng.integers(0, n_objects, n)
    return ActionTable.from_columns(
        account=rng.integers(0, 15, n),  # few accounts: many repeat on one object
        obj=obj,
        kind=obj % 3,
        ts=rng.integers(0, 600, n).astype(float),  # whole seconds: ties and |dt| == window
        post=np.arange(n),
        accounts=[f"a{k}" for k in range(15)],
        objects=[f"o{k}" for k in range(n_objects)],
        posts=[f"p{k}" for k in range(n)],
        kinds=("repost", "link", "hashtag"),
    )


def _brute_force(actions: ActionTable, window: float) -> tuple[dict, dict, np.ndarray]:
    """Return {(obj, first, second): (post_first, post_second)}, weights and close pairs."""
    best: dict[tuple[int, int, int], tuple[tuple, int, int]] = {}
    close = np.zeros(len(actions.objects), dtype=np.int64)
    order = np.lexsort((actions.post, actions.ts, actions.obj)).tolist()
    for x, y in itertools.combinations(order, 2):  # x before y in (obj, ts, post) order
        if actions.obj[x] != actions.obj[y] or abs(actions.ts[y] - actions.ts[x]) > window:
            continue
        close[actions.obj[x]] += 1
        a, b = int(actions.account[x]), int(actions.account[y])
        if a == b:
            continue
        rank = (actions.ts[x], actions.post[x], actions.ts[y], actions.post[y])
        posts = (int(actions.post[x]), int(actions.post[y]))
        key = (int(actions.obj[x]), min(a, b), max(a, b))
        if key not in best or rank < best[key][0]:
            best[key] = (rank, *(posts if a < b else posts[::-1]))
    evidence = {key: (p, q) for key, (_, p, q) in best.items()}
    weights: dict[tuple[int, int], int] = {}
    for _, a, b in evidence:
        weights[(a, b)] = weights.get((a, b), 0) + 1
    return evidence, weights, close


def _evidence(found: Coactions) -> dict[tuple[int, int, int], tuple[int, int]]:
    return {
        (int(o), int(a), int(b)): (int(p), int(q))
        for o, a, b, p, q in zip(
            found.obj, found.first, found.second, found.post_first, found.post_second, strict=True
        )
    }


@pytest.mark.parametrize("budget", [1, 7, 100, 2_000_000])
@pytest.mark.parametrize("seed", [0, 1])
def test_join_equals_brute_force_whatever_the_chunk_size(seed: int, budget: int) -> None:
    actions = _random_actions(seed)
    evidence, weights, close = _brute_force(actions, 60)
    found = coactions(actions, 60, budget=budget)
    pairs = zip(found.pair_first.tolist(), found.pair_second.tolist(), strict=True)
    assert dict(zip(pairs, found.pair_weight.tolist(), strict=True)) == weights
    assert found.candidates == len(weights)
    assert _evidence(found) == evidence
    assert found.close_pairs.tolist() == close.tolist()
    heavy = coactions(actions, 60, min_weight=4, budget=budget)
    assert _evidence(heavy) == {
        key: posts for key, posts in evidence.items() if weights[key[1:]] >= 4
    }


def test_totals_from_full_evidence_equal_the_join() -> None:
    actions = _random_actions(2)
    full = coactions(actions, 30)
    rebuilt = Coactions.from_evidence(
        kind=full.kind, obj=full.obj, first=full.first, second=full.second,
        post_first=full.post_first, post_second=full.post_second, ts_first=full.ts_first,
        ts_second=full.ts_second, close_pairs=full.close_pairs,
        n_accounts=len(actions.accounts), min_weight=3,
    )  # fmt: skip
    direct = coactions(actions, 30, min_weight=3)
    for name in Coactions.__slots__:
        assert np.array_equal(getattr(rebuilt, name), getattr(direct, name)), name
    assert direct.pair_weight.min() >= 3 and direct.pair_first.size < direct.candidates


def test_edges_say_who_acted_first() -> None:
    # "lead" posts a link 10 s before "follow" on four occasions, once "follow" is first,
    # once they post in the same second.
    rows = [("lead", "follow", 10.0)] * 4 + [("follow", "lead", 5.0), ("lead", "follow", 0.0)]
    posts: list[tuple[str, float, str]] = []
    for k, (first, second, gap) in enumerate(rows):
        start = 10_000.0 * k
        posts += [(first, start, f"https://x{k}.example/"), (second, start + gap,
                  f"https://x{k}.example/")]  # fmt: skip
    accounts = ["twitter:follow", "twitter:lead"]
    table = PostTable(
        ids=[f"twitter:{k}" for k in range(len(posts))],
        accounts=accounts,
        author=np.array([accounts.index(f"twitter:{a}") for a, _, _ in posts], dtype=np.int64),
        ts=np.array([t for _, t, _ in posts]),
        repost_of=[None] * len(posts),
        reply_to=[None] * len(posts),
        text=[""] * len(posts),
        urls=[(url,) for *_, url in posts],
        urls_as_given=[(url,) for *_, url in posts],
        hashtags=[()] * len(posts),
    )
    result = compute_amplification(table, AmplificationParams(types=("link",), null_model=False))
    (edge,) = result.edges
    assert (edge.source, edge.target, edge.weight) == ("twitter:follow", "twitter:lead", 6)
    assert edge.leads == (1, 4) and edge.leader == "twitter:lead" and edge.lead_share == 0.8
