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

With ``--from-store DIR`` the same posts also go the way a user's do: the
toolkit's CSV is ingested into an embedded store with ``claimgraph ingest
--extract none`` (structure only: the cheapest honest way in, the CLI as a
user runs it; the store is kept in DIR and reused when its figures are
there), and a child process opens the store, loads the posts with
``load_posts`` and runs ``compute_amplification`` on them, as ``claimgraph
analyze amplification --no-write`` does. Its peak RSS is the analysis
process's alone: the store's server is a daemon, no child of it, so its
high-water mark (``VmHWM``) and CPU time are read from ``/proc`` and shown
apart. Timestamps go through the CSV as whole seconds.

Run with ``python bench/bench_amplification.py [--sizes 50000,500000,1000000]
[--from-store DIR]``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_memory import _high_water_mark  # noqa: E402
from scale_campaign import generate, write_cnt_csv  # noqa: E402

from claimgraph.analysis.amplification import AmplificationParams, compute_amplification  # noqa: E402
from claimgraph.analysis.posts import load_posts  # noqa: E402
from claimgraph.graph.backends.embedded import EmbeddedStore  # noqa: E402

WINDOW = 60
MIN_WEIGHT = 3
LABELS = {
    "claimgraph": "claimgraph (default)",
    "toolkit": "toolkit co_retweet+tweet+link",
    "store": "claimgraph, posts from store",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000,500000,1000000", help="posts, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-toolkit", action="store_true")
    parser.add_argument("--from-store", metavar="DIR", help="also ingest into stores kept in DIR "
                        "and analyse the posts loaded from them")  # fmt: skip
    parser.add_argument("--child", choices=[*LABELS], help=argparse.SUPPRESS)
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
            if args.from_store:
                db = _ingested(n_posts, Path(tmp), Path(args.from_store))
                result, peak = _in_child("store", n_posts, args.seed, str(db))
                rows.append((n_posts, "store", result, peak))
                print(f"  {n_posts:,} store: {_store_line(result, peak)}", flush=True)
    print(f"\nwindow {WINDOW} s, min weight {MIN_WEIGHT}, {os.cpu_count()} CPUs")
    print(f"{'posts':>9} {'method':30} {'flagged':>8} {'precision':>9} {'recall':>7} {'F1':>6} "
          f"{'seconds':>8} {'peak GB':>8}")  # fmt: skip
    for n_posts, side, r, peak in rows:
        print(f"{n_posts:9,} {LABELS[side]:30} {r['flagged']:8,} {r['precision']:9.3f} "
              f"{r['recall']:7.3f} {r['f1']:6.3f} {r['seconds']:8.1f} {peak:8.2f}")  # fmt: skip
    for n_posts, side, r, peak in rows:
        if side == "store":
            print(f"{n_posts:9,} from the store: {_store_line(r, peak)}")
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
    if side == "store":
        return _from_store(tmp)  # the store's path comes as --tmp
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


def _ingested(n_posts: int, tmp: Path, folder: Path) -> Path:
    """Return the store of the posts in ``tmp``'s CSV, ingesting it into ``folder`` if not there.

    The figures of the ingest are kept beside the store (with the planted
    accounts), and their presence says the ingest finished.
    """
    folder.mkdir(parents=True, exist_ok=True)
    db, figures = folder / f"posts{n_posts}.db", folder / f"posts{n_posts}.json"
    if figures.exists():
        return db
    csv_path = tmp / f"posts{n_posts}.csv"
    command = [sys.executable, "-m", "claimgraph", "ingest", str(csv_path), "--extract", "none",
               "--db", str(db), "-q"]  # fmt: skip
    # Held open here, the server outlives the CLI: its CPU time and peak are read, then it stops.
    with EmbeddedStore(db=db) as holder:
        pid = _server_pid(holder)
        server_cpu = _cpu_seconds(pid)
        started = time.perf_counter()
        child = subprocess.Popen(command)
        _, status, usage = os.wait4(child.pid, 0)
        if status:
            raise SystemExit(f"claimgraph ingest {csv_path} failed (status {status})")
        ingest = {
            "seconds": time.perf_counter() - started,
            "client_cpu": usage.ru_utime + usage.ru_stime,
            "client_peak_gb": usage.ru_maxrss / 1e6,
            "server_cpu": _cpu_seconds(pid) - server_cpu,
            "server_peak_gb": _high_water_mark(pid) / 1e9,
        }
    planted = json.loads((tmp / f"planted{n_posts}.json").read_text())
    figures.write_text(json.dumps({"ingest": ingest, "planted": planted}))
    print(f"  {n_posts:,} ingest: {ingest['seconds']:.0f} s (CPU: client {ingest['client_cpu']:.0f}"
          f" s, server {ingest['server_cpu']:.0f} s)", flush=True)  # fmt: skip
    return db


def _from_store(db: Path) -> dict[str, float]:
    """Open the store, load its posts and analyse them; time each step (wall and CPU)."""
    figures = json.loads(db.with_suffix(".json").read_text())
    clock = _Clock()
    with EmbeddedStore(db=db, read_only=True) as store:
        pid = _server_pid(store)
        clock.lap("open", pid)
        table = load_posts(store)
        clock.lap("load", pid)
        result = compute_amplification(
            table, AmplificationParams(window=WINDOW, min_weight=MIN_WEIGHT)
        )
        clock.lap("analysis", pid)
        server_peak = _high_water_mark(pid) / 1e9
    scores = _score(result.flagged, set(figures["planted"]), sum(clock.wall.values()))
    return {**scores, **{f"{step}_s": s for step, s in clock.wall.items()},
            **{f"{step}_cpu": s for step, s in clock.cpu.items()},
            "server_load_cpu": clock.server["load"], "server_peak_gb": server_peak,
            "load_peak_gb": clock.peak["load"],
            "ingest_s": figures["ingest"]["seconds"]}  # fmt: skip


class _Clock:
    """Wall and CPU seconds of successive steps, and the store server's CPU seconds in each."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.server: dict[str, float] = {}
        self.peak: dict[str, float] = {}  # GB, this process's peak RSS at the end of each step
        self.last = (time.perf_counter(), time.process_time(), None)

    def lap(self, step: str, pid: int) -> None:
        now = (time.perf_counter(), time.process_time(), _cpu_seconds(pid))
        self.wall[step], self.cpu[step] = now[0] - self.last[0], now[1] - self.last[1]
        # The server starts within the first step: its CPU counts from the second.
        self.server[step] = now[2] - self.last[2] if self.last[2] is not None else 0.0
        self.peak[step] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
        self.last = now


def _store_line(r: dict[str, float], peak: float) -> str:
    return (f"open {r['open_s']:.1f} s, load {r['load_s']:.1f} s (CPU {r['load_cpu']:.1f} s, "
            f"server {r['server_load_cpu']:.1f} s), analysis {r['analysis_s']:.1f} s "
            f"(CPU {r['analysis_cpu']:.1f} s), total {r['seconds']:.1f} s; peak {peak:.2f} GB "
            f"({r['load_peak_gb']:.2f} GB after loading), "
            f"server peak {r['server_peak_gb']:.2f} GB; F1 {r['f1']:.3f}; "
            f"ingest took {r['ingest_s']:.0f} s")  # fmt: skip


def _server_pid(store: EmbeddedStore) -> int:
    return int(Path(json.loads(store.settings_file.read_text())["pidfile"]).read_text())


def _cpu_seconds(pid: int) -> float:
    """Return the CPU seconds of process ``pid``, which is no child of this one."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _score(flagged: set[str], planted: set[str], seconds: float) -> dict[str, float]:
    hits = len(flagged & planted)
    precision = hits / len(flagged) if flagged else 0.0
    recall = hits / len(planted)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "flagged": len(flagged),
            "seconds": seconds}  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
