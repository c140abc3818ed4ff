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
processes (its CSV preprocessing is timed apart). Each side runs in a child
process of its own, so its peak RSS (``wait4``'s ``ru_maxrss``: the largest
of the process and its workers) is exact; claimgraph's includes the generated
posts (the table an analysis loads from a store).

Run with ``python bench/bench_amplification.py [--sizes 50000,500000,1000000]``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale_campaign import generate, write_cnt_csv  # noqa: E402

from claimgraph.analysis.amplification import AmplificationParams, compute_amplification  # noqa: E402

WINDOW = 60
MIN_WEIGHT = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000,500000,1000000", help="posts, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-toolkit", action="store_true")
    parser.add_argument("--child", choices=["claimgraph", "toolkit"], help=argparse.SUPPRESS)
    parser.add_argument("--tmp", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, int(args.sizes), args.seed, Path(args.tmp or "."))))
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n_posts in [int(size) for size in args.sizes.split(",")]:
            sides = ["claimgraph"] + ([] if args.skip_toolkit else ["toolkit"])
            for side in sides:
                result, peak = _in_child(side, n_posts, args.seed, tmp)
                rows.append((n_posts, side, result, peak))
                print(f"  {n_posts:,} {side}: {result['seconds']:.1f} s, peak {peak:.2f} GB"
                      f", F1 {result['f1']:.3f}", flush=True)  # fmt: skip
    print(f"\nwindow {WINDOW} s, min weight {MIN_WEIGHT}, {os.cpu_count()} CPUs")
    print(f"{'posts':>9} {'method':30} {'flagged':>8} {'precision':>9} {'recall':>7} {'F1':>6} "
          f"{'seconds':>8} {'peak GB':>8}")  # fmt: skip
    for n_posts, side, r, peak in rows:
        label = "claimgraph (default)" if side == "claimgraph" else "toolkit co_retweet+tweet+link"
        print(f"{n_posts:9,} {label:30} {r['flagged']:8,} {r['precision']:9.3f} {r['recall']:7.3f} "
              f"{r['f1']:6.3f} {r['seconds']:8.1f} {peak:8.2f}")  # fmt: skip
    return 0


def _in_child(side: str, n_posts: int, seed: int, tmp: str) -> tuple[dict[str, float], float]:
    """Return a child process's result and its peak RSS in GB."""
    command = [sys.executable, __file__, "--child", side, "--sizes", str(n_posts),
               "--seed", str(seed), "--tmp", tmp]  # fmt: skip
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    if status:
        raise SystemExit(f"{side} at {n_posts:,} posts failed (status {status})")
    return json.loads(out.strip().splitlines()[-1]), usage.ru_maxrss / 1e6


def _child(side: str, n_posts: int, seed: int, tmp: Path) -> dict[str, float]:
    if side == "claimgraph":
        campaign = generate(n_posts, seed=seed)
        print(f"{n_posts:,} posts: {len(campaign.table.accounts):,} accounts, "
              f"{len(campaign.planted):,} planted in {len(campaign.groups)} groups, "
              f"{campaign.n_viral} viral bursts reaching {len(campaign.viral):,} accounts",
              file=sys.stderr, flush=True)  # fmt: skip
        started = time.perf_counter()
        result = compute_amplification(
            campaign.table, AmplificationParams(window=WINDOW, min_weight=MIN_WEIGHT)
        )
        seconds = time.perf_counter() - started
        # The same posts for the toolkit's child, which then holds only its own data.
        write_cnt_csv(campaign, tmp / f"posts{n_posts}.csv")
        (tmp / f"planted{n_posts}.json").write_text(json.dumps(sorted(campaign.planted)))
        return _score(result.flagged, campaign.planted, seconds)
    planted = set(json.loads((tmp / f"planted{n_posts}.json").read_text()))
    path, db = tmp / f"posts{n_posts}.csv", tmp / f"posts{n_posts}.db"
    _run_cnt(path, db, [], preprocess_only=True)
    started = time.perf_counter()
    networks = _run_cnt(path, db, ["co_retweet", "co_tweet", "co_link"], preprocessed=True)
    seconds = time.perf_counter() - started
    flagged = {f"twitter:{user}" for edges in networks.values() for pair in edges for user in pair}
    return _score(flagged, planted, seconds)


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


def _score(flagged: set[str], planted: set[str], seconds: float) -> dict[str, float]:
    hits = len(flagged & planted)
    precision = hits / len(flagged) if flagged else 0.0
    recall = hits / len(planted)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "flagged": len(flagged),
            "seconds": seconds}  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
