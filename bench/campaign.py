"""Synthetic hashtag campaigns with planted coordinated groups, written as the toolkit's CSV.

Organic accounts (activity heavy-tailed) post texts with hashtags and links,
repost popular posts and reply at random times over a week; several viral
bursts make hundreds to thousands of organic accounts repost one post within
minutes; planted groups of 5 to 60 accounts act together on repeated
triggers (reposting the same post, posting near-identical text, sharing the
same link, each member joining most triggers within ``jitter`` seconds) and
post camouflage like everyone else. The planted accounts are the truth.

Used by ``bench/bench_amplification.py`` and by the tests that compare
claimgraph with coordination-network-toolkit.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["Campaign", "generate", "write_csv", "HEADER"]

HEADER = ["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp",
          "urls"]  # fmt: skip
WEEK = 7 * 24 * 3600


@dataclass
class Campaign:
    """Rows of the toolkit's CSV and the planted truth."""

    rows: list[list[str]] = field(default_factory=list)
    planted: set[str] = field(default_factory=set)
    viral: set[str] = field(default_factory=set)
    groups: list[list[str]] = field(default_factory=list)


def generate(
    n_posts: int = 50_000,
    *,
    seed: int = 0,
    n_groups: int = 10,
    n_viral: int = 6,
    viral_size: tuple[int, int] = (300, 1500),
    triggers: tuple[int, int] = (6, 16),
    jitter: float = 45.0,
) -> Campaign:
    """Return a campaign of about ``n_posts`` posts (fixed ``seed``: same data every run)."""
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(4000)]
    tags = [f"tag{i}" for i in range(150)]
    sites = [f"https://site{i % 300}.example/story{i}" for i in range(6000)]
    n_accounts = max(n_posts // 20, 50)
    activity = rng.pareto(1.5, n_accounts) + 1
    activity /= activity.sum()
    campaign = Campaign()
    builder = _Builder(campaign, rng, words, tags, sites)
    sizes = rng.integers(5, 61, n_groups)
    first_planted = n_accounts
    for size in sizes.tolist():
        members = [f"u{first_planted + k}" for k in range(size)]
        first_planted += size
        campaign.groups.append(members)
        campaign.planted.update(members)
        builder.group(members, int(rng.integers(*triggers)), jitter)
    for _ in range(n_viral):
        builder.viral(n_accounts, min(int(rng.integers(*viral_size)), n_accounts // 2))
    planted_accounts = sorted(campaign.planted)
    organic_users = rng.choice(n_accounts, size=max(n_posts - len(campaign.rows), 0), p=activity)
    for drawn in organic_users.tolist():
        if rng.random() < 0.08:  # camouflage: planted accounts post like everyone else
            user = planted_accounts[int(rng.integers(len(planted_accounts)))]
        else:
            user = f"u{drawn}"
        builder.organic(user)
    return campaign


def write_csv(campaign: Campaign, path: str | Path) -> Path:
    """Write the campaign as the toolkit's CSV (UTF-8 with a byte-order mark, as Excel does)."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(campaign.rows)
    return path


class _Builder:
    def __init__(self, campaign: Campaign, rng: np.random.Generator, words: list[str],
                 tags: list[str], sites: list[str]) -> None:  # fmt: skip
        self.c, self.rng, self.words, self.tags, self.sites = campaign, rng, words, tags, sites
        self.originals: list[tuple[str, str, str]] = []  # (id, user, text)

    def add(self, user: str, text: str, ts: float, *, repost: str = "", reply: str = "",
            urls: str = "") -> str:  # fmt: skip
        message_id = str(len(self.c.rows) + 1)
        self.c.rows.append(
            [message_id, user, f"name_{user}", repost, reply, text, str(int(ts)), urls]
        )
        if not repost:
            self.originals.append((message_id, user, text))
        return message_id

    def text(self, n: int | None = None) -> str:
        n = n or int(self.rng.integers(8, 20))
        body = " ".join(self.words[i] for i in self.rng.integers(0, len(self.words), n).tolist())
        tag_count = int(self.rng.integers(0, 3))
        tags = " ".join("#" + self.tags[int(min(self.rng.zipf(1.6), len(self.tags)) - 1)]
                        for _ in range(tag_count))  # fmt: skip
        return f"{body} {tags}".strip()

    def organic(self, user: str) -> None:
        ts = float(self.rng.uniform(0, WEEK))
        kind = self.rng.random()
        if kind < 0.35 and self.originals:
            pick = int(min(self.rng.zipf(1.3), len(self.originals))) - 1
            target, author, text = self.originals[-1 - pick]
            self.add(user, f"RT @{author}: {text}", ts, repost=target)
        elif kind < 0.45 and self.originals:
            target, _, _ = self.originals[int(self.rng.integers(len(self.originals)))]
            self.add(user, f"@x {self.text()}", ts, reply=target)
        else:
            urls = ""
            if self.rng.random() < 0.25:
                urls = self.sites[int(min(self.rng.zipf(1.4), len(self.sites))) - 1]
            self.add(user, self.text(), ts, urls=urls)

    def viral(self, n_accounts: int, size: int) -> None:
        start = float(self.rng.uniform(0, WEEK - 3600))
        author = f"u{int(self.rng.integers(n_accounts))}"
        text = self.text()
        link = self.sites[int(self.rng.integers(len(self.sites)))]
        target = self.add(author, text, start, urls=link)
        for user in self.rng.choice(n_accounts, size, replace=False).tolist():
            delay = float(self.rng.exponential(300))
            if self.rng.random() < 0.8:
                self.add(f"u{user}", f"RT @{author}: {text}", start + delay, repost=target)
            else:
                self.add(f"u{user}", f"{self.text(6)} {link}", start + delay, urls=link)
            self.c.viral.add(f"u{user}")

    def group(self, members: list[str], n_triggers: int, jitter: float) -> None:
        for _ in range(n_triggers):
            start = float(self.rng.uniform(0, WEEK - 3600))
            joining = [m for m in members if self.rng.random() < 0.85]
            kind = self.rng.integers(3)
            if kind == 0:  # everyone reposts a member's post
                seed_user = members[int(self.rng.integers(len(members)))]
                text = self.text()
                target = self.add(seed_user, text, start)
                for user in joining:
                    ts = start + float(self.rng.uniform(1, jitter))
                    self.add(user, f"RT @{seed_user}: {text}", ts, repost=target)
            elif kind == 1:  # copied text, about half with one word changed
                base = self.text(14).split()
                for user in joining:
                    words = list(base)
                    if self.rng.random() < 0.5:
                        words[int(self.rng.integers(len(words)))] = str(self.rng.choice(self.words))
                    self.add(user, " ".join(words), start + float(self.rng.uniform(0, jitter)))
            else:  # the same link with their own words
                link = f"https://push{int(self.rng.integers(10**6))}.example/a"
                for user in joining:
                    ts = start + float(self.rng.uniform(0, jitter))
                    self.add(user, self.text(6), ts, urls=link)
