"""Benchmark: amplification clusters against coordination-network-toolkit, in one run.

Quality at scale (gh-15): ``bench/scale_campaign.py`` generates one week of
posts at 50,000, 500,000 and 1,000,000 posts. Its organic co-activity grows
with the size: more posts per account, more and larger viral bursts (a share
of the accounts reposting one post, or sharing its link with the trending
hashtags, within minutes), denser hashtags; planted groups of 5 to 30
accounts co-repost, post near-identical text and share the same links. At
each size claimgraph with its default parameters and the toolkit
(co_retweet, co_tweet and co_link at the same window and minimum weight; an
account is flagged when it has an edge) flag accounts on the same posts,
scored against the planted truth, and both are timed: claimgraph's
``compute_amplification`` (all six co-action types, null model, clusters)
against the toolkit's ``compute`` of its three networks, with its worker
processes (its CSV preprocessing is timed apart).

Run with ``python bench/bench_amplification.py [--sizes 50000,500000,1000000]``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale_campaign import ScaleCampaign, generate, write_cnt_csv  # noqa: E402

from claimgraph.analysis.amplification import AmplificationParams, compute_amplification  # noqa: E402

WINDOW = 60
MIN_WEIGHT = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000,500000,1000000", help="posts, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-toolkit", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n_posts in [int(size) for size in args.sizes.split(",")]:
            rows.extend(_run(Path(tmp), n_posts, args.seed, toolkit=not args.skip_toolkit))
    print(f"\nwindow {WINDOW} s, min weight {MIN_WEIGHT}, {os.cpu_count()} CPUs")
    print(f"{'posts':>9} {'method':30} {'flagged':>8} {'precision':>9} {'recall':>7} {'F1':>6} "
          f"{'seconds':>8}")  # fmt: skip
    for n_posts, label, (p, r, f1, flagged), seconds in rows:
        print(f"{n_posts:9,} {label:30} {flagged:8,} {p:9.3f} {r:7.3f} {f1:6.3f} {seconds:8.1f}")
    return 0


def _run(tmp: Path, n_posts: int, seed: int, *, toolkit: bool) -> list[tuple]:  # type: ignore[type-arg]
    campaign = generate(n_posts, seed=seed)
    print(f"{n_posts:,} posts: {len(campaign.table.accounts):,} accounts, "
          f"{len(campaign.planted):,} planted in {len(campaign.groups)} groups, "
          f"{campaign.n_viral} viral bursts reaching {len(campaign.viral):,} accounts",
          flush=True)  # fmt: skip
    started = time.perf_counter()
    result = compute_amplification(
        campaign.table, AmplificationParams(window=WINDOW, min_weight=MIN_WEIGHT)
    )
    ours_s = time.perf_counter() - started
    rows = [(n_posts, "claimgraph (default)", _score(result.flagged, campaign), ours_s)]
    if not toolkit:
        return rows
    path = write_cnt_csv(campaign, tmp / f"posts{n_posts}.csv")
    db = tmp / f"posts{n_posts}.db"
    started = time.perf_counter()
    _run_cnt(path, db, [], preprocess_only=True)
    pre_s = time.perf_counter() - started
    started = time.perf_counter()
    networks = _run_cnt(path, db, ["co_retweet", "co_tweet", "co_link"], preprocessed=True)
    cnt_s = time.perf_counter() - started
    flagged = {f"twitter:{user}" for edges in networks.values() for pair in edges for user in pair}
    rows.append((n_posts, "toolkit co_retweet+tweet+link", _score(flagged, campaign), cnt_s))
    print(f"  claimgraph {ours_s:.1f} s; toolkit compute {cnt_s:.1f} s (preprocess {pre_s:.1f} s)"
          f", ratio toolkit / claimgraph {cnt_s / ours_s:.1f}", flush=True)  # fmt: skip
    return rows


def _run_cnt(
    path: Path, db: Path, kinds: list[str], *, preprocess_only: bool = False,
    preprocessed: bool = False,
) -> dict[str, set[tuple[str, str]]]:  # fmt: skip
    from coordination_network_toolkit import compute_networks, preprocess

    functions = {
        "co_retweet": compute_networks.compute_co_retweet_parallel,
        "co_tweet": compute_networks.compute_co_tweet_network,
        "co_link": compute_networks.compute_co_link_network,
    }
    with contextlib.redirect_stdout(io.StringIO()):
        if not preprocessed:
            preprocess.preprocess_csv_files(str(db), [str(path)])
            # An empty urls cell becomes the link "" in the toolkit's reader; drop it.
            with sqlite3.connect(db) as connection:
                connection.execute("delete from message_url where url = ''")
        if preprocess_only:
            return {}
        for kind in kinds:
            functions[kind](
                str(db), WINDOW, min_edge_weight=MIN_WEIGHT, n_threads=os.cpu_count() or 1
            )
    networks = {}
    with sqlite3.connect(db) as connection:
        for kind in kinds:
            rows = connection.execute(
                f"select user_1, user_2 from {kind}_network where user_1 != user_2"
            )
            networks[kind] = {(a, b) for a, b in rows}
    return networks


def _score(flagged: set[str], campaign: ScaleCampaign) -> tuple[float, float, float, int]:
    hits = len(flagged & campaign.planted)
    precision = hits / len(flagged) if flagged else 0.0
    recall = hits / len(campaign.planted)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1, len(flagged)


if __name__ == "__main__":
    sys.exit(main())
