"""Benchmark: amplification clusters against coordination-network-toolkit, in one run.

Quality: a synthetic campaign (``bench/campaign.py``: organic accounts, viral
bursts, planted groups of 5-60 accounts on repeated triggers, camouflage) is
written as the toolkit's CSV; claimgraph (default settings, and without its
null model) and the toolkit (co-retweet, co-tweet and co-link at the same
window and minimum weight; an account is flagged when it has an edge) flag
accounts, scored against the planted truth.

Speed: on ``--speed-posts`` posts (default 1,000,000), co-repost, co-text,
co-link and co-hashtag together in claimgraph against the toolkit's
``compute`` of co_retweet, co_tweet and co_link (it has no co-hashtag) on the
same CSV, with its worker processes; then near-duplicate text with a
one-hour window in claimgraph (the toolkit's ``co_similar_tweet`` compares
every pair in the window and is not run at this size). Peak memory is the
maximum resident size of this process (claimgraph) and of the toolkit's
worker processes.

Run with ``python bench/bench_amplification.py [--posts N] [--speed-posts N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from campaign import Campaign, generate, write_csv  # noqa: E402

from claimgraph.analysis.amplification import AmplificationParams, compute_amplification  # noqa: E402
from claimgraph.analysis.posts import table_from_documents  # noqa: E402
from claimgraph.sources import read_sources  # noqa: E402

WINDOW = 60
MIN_WEIGHT = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000, help="quality benchmark size")
    parser.add_argument("--speed-posts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_quality:
            _quality(Path(tmp), args.posts, args.seed)
        if not args.skip_speed:
            _speed(Path(tmp), args.speed_posts, args.seed)
    return 0


def _quality(tmp: Path, n_posts: int, seed: int) -> None:
    campaign = generate(n_posts, seed=seed)
    path = write_csv(campaign, tmp / "quality.csv")
    table = _table(path)
    rows = []
    for label, params in [
        ("claimgraph (default)", AmplificationParams(window=WINDOW, min_weight=MIN_WEIGHT)),
        ("claimgraph, no null model",
         AmplificationParams(window=WINDOW, min_weight=MIN_WEIGHT, null_model=False)),
    ]:  # fmt: skip
        started = time.perf_counter()
        result = compute_amplification(table, params)
        flagged = {_user(a) for a in result.flagged}
        rows.append((label, flagged, time.perf_counter() - started))
    started = time.perf_counter()
    networks = _run_cnt(path, tmp / "quality.db", ["co_retweet", "co_tweet", "co_link"])
    flagged = {user for edges in networks.values() for pair in edges for user in pair}
    rows.append(("coordination-network-toolkit", flagged, time.perf_counter() - started))
    print(f"\nQuality: {n_posts:,} posts, {len(campaign.planted)} planted accounts in "
          f"{len(campaign.groups)} groups, {len(campaign.viral):,} accounts in viral bursts; "
          f"window {WINDOW} s, min weight {MIN_WEIGHT}")  # fmt: skip
    print(f"{'method':32} {'flagged':>8} {'precision':>9} {'recall':>7} {'F1':>6} "
          f"{'viral FP':>8} {'seconds':>8}")  # fmt: skip
    for label, flagged, seconds in rows:
        p, r, f1 = _score(flagged, campaign)
        viral_fp = len((flagged - campaign.planted) & campaign.viral)
        print(f"{label:32} {len(flagged):8,} {p:9.3f} {r:7.3f} {f1:6.3f} {viral_fp:8,} "
              f"{seconds:8.1f}")  # fmt: skip


def _speed(tmp: Path, n_posts: int, seed: int) -> None:
    campaign = generate(n_posts, seed=seed, n_groups=40, n_viral=20, viral_size=(1000, 5000))
    path = write_csv(campaign, tmp / "speed.csv")
    del campaign
    started = time.perf_counter()
    table = _table(path)
    read_s = time.perf_counter() - started
    params = AmplificationParams(
        window=WINDOW, min_weight=MIN_WEIGHT, types=("repost", "text", "link", "hashtag")
    )
    started = time.perf_counter()
    compute_amplification(table, params)
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    compute_amplification(table, AmplificationParams(window=3600, types=("similar",)))
    similar_s = time.perf_counter() - started
    ours_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    _run_cnt(path, tmp / "speed.db", [], preprocess_only=True)
    cnt_pre_s = time.perf_counter() - started
    started = time.perf_counter()
    _run_cnt(path, tmp / "speed.db", ["co_retweet", "co_tweet", "co_link"], preprocessed=True)
    cnt_s = time.perf_counter() - started
    cnt_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nSpeed: {n_posts:,} posts, window {WINDOW} s, min weight {MIN_WEIGHT}, "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'step':64} {'seconds':>8}")
    print(f"{'claimgraph: read the CSV into a post table':64} {read_s:8.1f}")
    print(f"{'claimgraph: repost+text+link+hashtag, null model, clusters':64} {ours_s:8.1f}")
    print(f"{'toolkit: preprocess the CSV into SQLite':64} {cnt_pre_s:8.1f}")
    print(f"{'toolkit: compute co_retweet+co_tweet+co_link':64} {cnt_s:8.1f}")
    print(f"{'ratio toolkit compute / claimgraph':64} {cnt_s / ours_s:8.1f}")
    print(f"{'claimgraph: near-duplicate text (MinHash/LSH), window 3600 s':64} {similar_s:8.1f}")
    print(f"peak memory: claimgraph process {ours_mb:,.0f} MB; toolkit workers {cnt_mb:,.0f} MB")


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


def _table(path: Path):  # type: ignore[no-untyped-def]
    return table_from_documents(item for item in read_sources(path) if hasattr(item, "post"))


def _user(account: str) -> str:
    return account.split(":", 1)[1].removeprefix("name_")


def _score(flagged: set[str], campaign: Campaign) -> tuple[float, float, float]:
    hits = len(flagged & campaign.planted)
    precision = hits / len(flagged) if flagged else 0.0
    recall = hits / len(campaign.planted)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


if __name__ == "__main__":
    sys.exit(main())
