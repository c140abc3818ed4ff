"""Benchmark: peak memory of ``claimgraph ingest`` over JSONL posts files from 100 MB to 2 GB.

Workload: X/Twitter API v1.1 tweets, one JSON object per line, generated
into a temporary directory (stream-written, deleted afterwards). Like real
API output each line carries the full user object, and a third of the
tweets are retweets that embed the original; a line is about 2 KB.
Ids, authors, mentions, hashtags and links are drawn from fixed pools with
a fixed seed, so the graph keeps growing with the file.

For each size two runs, each in a process of its own:

- ``read``: the readers and the building of graph batches, no store
  (``read_sources`` + the structural batch of every post); its peak RSS
  shows whether reading streams;
- ``ingest``: ``claimgraph ingest FILE --extract none`` into a fresh
  embedded database; its peak RSS (``wait4``'s ``ru_maxrss``, exact) is the
  client's, and the database server's high-water mark (``VmHWM``) is read
  separately while this script holds the database open. The server keeps
  the whole graph in memory, so its figure must grow with the graph.

Prints a table of size -> peak RSS and the ratio of the peaks at the largest
and the smallest size (goal for the client: about 1).

Run with ``make bench`` or ``python bench/bench_memory.py [--sizes 100,500,1000,2000]``;
``--no-ingest`` measures reading only (a minute instead of half an hour).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from claimgraph.graph.backends.embedded import EmbeddedStore

MB = 1024 * 1024
ACCOUNTS = 200_000
HASHTAGS = 2_000
DOMAINS = ["example.org", "news.example.com", "kz.example.net", "t.example.co"]

_READ_ONLY = """
import sys
from claimgraph.ingest import _structure
from claimgraph.sources import read_sources
from claimgraph.model import RawDocument
for item in read_sources([sys.argv[1]]):
    if isinstance(item, RawDocument):
        _structure(item)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500,1000,2000", help="file sizes in MB")
    parser.add_argument("--no-ingest", action="store_true", help="measure reading only")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="claimgraph-memory-") as tmp:
        for size in sizes:
            path = Path(tmp) / f"posts-{size}mb.jsonl"
            lines = write_posts(path, size * MB)
            read_peak, read_seconds = _read_only(path)
            row = {"size": size, "posts": lines, "read": read_peak, "read_s": read_seconds}
            if not args.no_ingest:
                row.update(_ingest(path, Path(tmp) / f"g-{size}.db"))
            rows.append(row)
            path.unlink()
            print(_format(row), flush=True)
    _report(rows, ingest=not args.no_ingest)
    return 0


def write_posts(path: Path, size: int, seed: int = 7) -> int:
    """Write tweets to ``path`` until it holds about ``size`` bytes; return how many."""
    pick = random.Random(seed)
    written = count = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            line = json.dumps(_tweet(pick, count), ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            count += 1
    return count


def _tweet(pick: random.Random, number: int) -> dict[str, object]:
    tweet = _plain_tweet(pick, number)
    if number > 10 and pick.random() < 0.33:
        original = _plain_tweet(pick, pick.randrange(number))
        tweet["retweeted_status"] = original
        tweet["text"] = f"RT @{original['user']['screen_name']}: {original['text']}"[:140]
    return tweet


def _plain_tweet(pick: random.Random, number: int) -> dict[str, object]:
    # Ids above 2010's snowflake start, so the time comes from the id as for real tweets.
    tweet_id = str(800_000_000_000_000_000 + number * 4_194_304_000)
    mentioned = [f"user{pick.randrange(ACCOUNTS)}" for _ in range(pick.randrange(3))]
    tags = [f"tag{pick.randrange(HASHTAGS)}" for _ in range(pick.randrange(1, 3))]
    link = f"https://{pick.choice(DOMAINS)}/story/{pick.randrange(100_000)}"
    text = " ".join(
        ["Пост", str(number), *(f"@{m}" for m in mentioned), *(f"#{t}" for t in tags), link]
    )
    return {
        "id_str": tweet_id,
        "created_at": "Wed Aug 10 03:30:00 +0000 2016",
        "text": text,
        "lang": pick.choice(["ru", "kk", "en"]),
        "user": _user(pick.randrange(ACCOUNTS)),
        "entities": {
            "hashtags": [{"text": t, "indices": [0, 1]} for t in tags],
            "user_mentions": [{"screen_name": m, "indices": [0, 1]} for m in mentioned],
            "urls": [{"url": "https://t.co/x", "expanded_url": link, "indices": [0, 1]}],
        },
        "source": '<a href="https://mobile.example.com" rel="nofollow">Example for Android</a>',
        "retweet_count": pick.randrange(1000),
        "favorite_count": pick.randrange(5000),
        "in_reply_to_status_id_str": None,
        "filter_level": "low",
    }


def _user(number: int) -> dict[str, object]:
    # The profile fields real API output repeats in every tweet.
    return {
        "id_str": str(10_000 + number),
        "screen_name": f"user{number}",
        "name": f"Пользователь {number}",
        "description": "Новости, мнения и аналитика. News, opinion and analysis. " * 4,
        "location": "Almaty, Kazakhstan",
        "url": f"https://example.org/u/{number}",
        "followers_count": number % 9000,
        "friends_count": number % 700,
        "statuses_count": number % 40000,
        "created_at": "Mon Jan 01 00:00:00 +0000 2012",
        "profile_image_url_https": f"https://pbs.example.com/profile_images/{number}/a.jpg",
        "profile_banner_url": f"https://pbs.example.com/profile_banners/{number}/1",
        "profile_background_color": "C0DEED",
        "profile_link_color": "1DA1F2",
        "profile_sidebar_border_color": "C0DEED",
        "profile_text_color": "333333",
        "verified": False,
        "default_profile": True,
    }


def _read_only(path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", _READ_ONLY, str(path)])
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"reading {path} failed")
    return usage.ru_maxrss * 1024, time.perf_counter() - started


def _ingest(path: Path, db: Path) -> dict[str, float]:
    # This script holds the database open, so the server outlives the CLI and
    # its high-water mark can be read once the ingest is done.
    with EmbeddedStore(db=db) as holder:
        started = time.perf_counter()
        command = [sys.executable, "-m", "claimgraph", "ingest", str(path), "--extract", "none"]
        process = subprocess.Popen([*command, "--db", str(db), "-q"])
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"claimgraph ingest {path} failed")
        settings = json.loads(holder.settings_file.read_text())
        server = _high_water_mark(int(Path(settings["pidfile"]).read_text()))
        nodes = holder.query("MATCH (n) RETURN count(n)").rows[0][0]
    return {"client": usage.ru_maxrss * 1024, "server": server, "nodes": nodes, "s": seconds}


def _high_water_mark(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def _format(row: dict[str, float]) -> str:
    text = (
        f"{row['size']:>6,} MB  {row['posts']:>9,} posts  "
        f"read {row['read'] / MB:7.1f} MB ({row['read_s']:5.0f} s)"
    )
    if "client" in row:
        text += (
            f"  ingest client {row['client'] / MB:7.1f} MB  server {row['server'] / MB:8.1f} MB  "
            f"({row['nodes']:,} nodes, {row['s']:.0f} s)"
        )
    return text


def _report(rows: list[dict[str, float]], *, ingest: bool) -> None:
    first, last = rows[0], rows[-1]
    print(f"\npeak RSS at {last['size']:,} MB / at {first['size']:,} MB:")
    print(f"  reading and building batches  {last['read'] / first['read']:.2f}")
    if ingest:
        print(f"  claimgraph ingest (client)    {last['client'] / first['client']:.2f}")
        print(f"  database server               {last['server'] / first['server']:.2f}")


if __name__ == "__main__":
    sys.exit(main())
