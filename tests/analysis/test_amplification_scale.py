"""Amplification quality must not decay with size (gh-15): occasions, not objects; small objects."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from claimgraph.analysis.amplification import AmplificationParams, compute_amplification
from claimgraph.analysis.null import floor_tails, floor_threshold
from claimgraph.analysis.posts import PostTable

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from scale_campaign import generate  # noqa: E402


def _table(posts: list[tuple[str, float, tuple[str, ...], tuple[str, ...]]]) -> PostTable:
    """Return a table of original posts given as (account, time, links, hashtags)."""
    accounts = sorted({account for account, *_ in posts})
    index = {account: k for k, account in enumerate(accounts)}
    return PostTable(
        ids=[f"twitter:{k}" for k in range(len(posts))],
        accounts=accounts,
        author=np.array([index[account] for account, *_ in posts], dtype=np.int64),
        ts=np.array([ts for _, ts, *_ in posts], dtype=np.float64),
        repost_of=[None] * len(posts),
        reply_to=[None] * len(posts),
        text=[f"post {k}" for k in range(len(posts))],
        urls=[links for _, _, links, _ in posts],
        urls_as_given=[links for _, _, links, _ in posts],
        hashtags=[tags for *_, tags in posts],
    )


def _background() -> list[tuple[str, float, tuple[str, ...], tuple[str, ...]]]:
    rng = np.random.default_rng(0)
    return [
        (f"twitter:o{k % 300}", float(rng.uniform(0, 7 * 86400)), (f"https://s{k}.example/",),
         (f"t{k % 50}",))
        for k in range(3_000)
    ]  # fmt: skip


def test_one_moment_sharing_a_link_and_two_hashtags_is_one_occasion() -> None:
    # Before gh-15 the link and both hashtags counted as three distinct objects:
    # weight 3 from one minute, far above the null, and the pair was flagged.
    once = [
        ("twitter:a", 1_000.0, ("https://viral.example/",), ("x", "y")),
        ("twitter:b", 1_020.0, ("https://viral.example/",), ("x", "y")),
    ]
    result = compute_amplification(_table(_background() + once), AmplificationParams())
    assert not ({"twitter:a", "twitter:b"} & result.flagged)


def test_three_separate_occasions_are_kept() -> None:
    thrice = [
        (account, 10_000.0 * k + delay, (f"https://push{k}.example/",), ())
        for k in range(3)
        for account, delay in (("twitter:a", 0.0), ("twitter:b", 20.0))
    ]
    result = compute_amplification(_table(_background() + thrice), AmplificationParams())
    edge = next(e for e in result.edges if {e.source, e.target} == {"twitter:a", "twitter:b"})
    assert edge.weight == 3 and {"twitter:a", "twitter:b"} <= result.flagged


def test_threshold_counts_pairs_by_their_chance_of_reaching_the_floor() -> None:
    hopeless = floor_tails(np.full(100_000, 1e-4), 3)
    assert hopeless.max() < 2e-13
    threshold = floor_threshold(np.concatenate([hopeless, np.ones(10)]), 0.01)
    assert 0.0009 < threshold <= 0.001  # about alpha over the ten pairs that could
    assert floor_threshold(np.ones(1_000), 0.01) == 0.01 / 1_000


def test_planted_accounts_found_in_a_campaign_with_viral_bursts() -> None:
    campaign = generate(8_000, seed=3)  # F1 0.913 before gh-15
    result = compute_amplification(campaign.table, AmplificationParams())
    flagged = result.flagged
    hits = len(flagged & campaign.planted)
    precision, recall = hits / max(len(flagged), 1), hits / len(campaign.planted)
    assert 2 * precision * recall / (precision + recall) >= 0.95
    assert len(campaign.viral) > 100 and not (flagged - campaign.planted) & campaign.viral
