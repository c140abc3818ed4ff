"""A campaign generator whose organic co-activity grows with its size, built straight into columns.

Over one week, organic accounts (heavy-tailed activity; more posts per
account in larger data sets, as in a longer collection) post texts with
hashtags and links, a few stock phrases ("good morning"), repost and reply to
popular posts; viral bursts make a growing share of the accounts repost one
post (or share its link) within minutes, heavy accounts more often than light
ones. Planted groups of 5 to 30 accounts act together on repeated triggers:
reposting the same post, posting near-identical text, sharing the same link,
each member joining most triggers within ``jitter`` seconds, and post like
everyone else in between. The planted accounts are the truth.

:func:`generate` returns a :class:`~claimgraph.analysis.posts.PostTable`
directly (no file, no reader), so a million posts take seconds;
:func:`write_cnt_csv` writes the same posts as coordination-network-toolkit's
CSV for the comparison.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from claimgraph.analysis.posts import PostTable

__all__ = ["ScaleCampaign", "generate", "write_cnt_csv"]

WEEK = 7 * 24 * 3600
_PHRASES = [
    "good morning everyone", "so true", "thank you", "this", "well said", "agreed",
    "happy friday", "wow", "exactly this", "congratulations", "great news", "unbelievable",
]  # fmt: skip


@dataclass
class ScaleCampaign:
    """The posts as a table, and the planted truth."""

    table: PostTable
    planted: set[str] = field(default_factory=set)
    viral: set[str] = field(default_factory=set)
    groups: list[list[str]] = field(default_factory=list)
    n_viral: int = 0


def generate(n_posts: int, *, seed: int = 0, jitter: float = 45.0) -> ScaleCampaign:
    """Return a campaign of about ``n_posts`` posts (fixed ``seed``: the same data every run)."""
    return _Builder(n_posts, np.random.default_rng(seed), jitter).build()


def write_cnt_csv(campaign: ScaleCampaign, path: str | Path) -> Path:
    """Write the posts as the toolkit's CSV (user ids without the ``twitter:`` prefix)."""
    path = Path(path)
    table = campaign.table
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["message_id", "user_id", "username", "repost_id", "reply_id", "message",
                         "timestamp", "urls"])  # fmt: skip
        for row in range(len(table)):
            user = table.accounts[int(table.author[row])].split(":", 1)[1]
            writer.writerow([
                table.ids[row].split(":", 1)[1], user, user,
                (table.repost_of[row] or "").removeprefix("twitter:"),
                (table.reply_to[row] or "").removeprefix("twitter:"),
                table.text[row], str(int(table.ts[row])), " ".join(table.urls[row]),
            ])  # fmt: skip
    return path


class _Builder:
    def __init__(self, n_posts: int, rng: np.random.Generator, jitter: float) -> None:
        self.n_posts, self.rng, self.jitter = n_posts, rng, jitter
        scale = n_posts / 50_000
        self.n_organic = max(int(2_500 * scale**0.75), 200)
        self.n_groups = max(3, round(5 * scale))
        self.n_viral = 4 + n_posts // 20_000
        self.words = [f"w{i}" for i in range(5_000)]
        self.tags = [f"tag{i}" for i in range(300)]
        self.sites = [f"https://site{i % 200}.example/story{i}" for i in range(3_000)]
        # Columns; original posts are referenced by row.
        self.author: list[int] = []
        self.ts: list[float] = []
        self.repost: list[int] = []
        self.reply: list[int] = []
        self.text: list[str] = []
        self.urls: list[tuple[str, ...]] = []
        self.hashtags: list[tuple[str, ...]] = []

    def build(self) -> ScaleCampaign:
        rng = self.rng
        sizes = rng.integers(5, 31, self.n_groups).tolist()
        n_planted = sum(sizes)
        n_accounts = self.n_organic + n_planted
        activity = rng.pareto(1.3, n_accounts) + 1
        activity /= activity.sum()
        self.activity = activity
        groups, first = [], self.n_organic
        for size in sizes:
            groups.append(list(range(first, first + size)))
            first += size
        self._organic_originals(n_accounts, self.n_posts // 4)
        for members in groups:
            self._group(members, int(rng.integers(6, 17)))
        viral_users: set[int] = set()
        for _ in range(self.n_viral):
            viral_users |= self._viral()
        self._organic_reactions(max(self.n_posts - len(self.author), 0))
        return self._campaign(n_accounts, groups, viral_users)

    # -- posts -----------------------------------------------------------------

    def _add(self, user: int, ts: float, text: str, *, repost: int = -1, reply: int = -1,
             urls: tuple[str, ...] = (), tags: tuple[str, ...] = ()) -> int:  # fmt: skip
        self.author.append(user)
        self.ts.append(ts)
        self.repost.append(repost)
        self.reply.append(reply)
        self.text.append(text)
        self.urls.append(urls)
        self.hashtags.append(tags)
        return len(self.author) - 1

    def _words(self, n: int) -> list[str]:
        return [self.words[i] for i in self.rng.integers(0, len(self.words), n).tolist()]

    def _original(self, user: int, ts: float) -> int:
        rng = self.rng
        if rng.random() < 0.04:
            return self._add(user, ts, str(rng.choice(_PHRASES)))
        tags = tuple(dict.fromkeys(
            self.tags[min(int(rng.zipf(1.6)), len(self.tags)) - 1]
            for _ in range(int(rng.integers(0, 3)))
        ))  # fmt: skip
        urls: tuple[str, ...] = ()
        if rng.random() < 0.25:
            urls = (self.sites[min(int(rng.zipf(1.4)), len(self.sites)) - 1],)
        body = " ".join(self._words(int(rng.integers(8, 20))) + ["#" + t for t in tags])
        return self._add(user, ts, body, urls=urls, tags=tags)

    def _organic_originals(self, n_accounts: int, n: int) -> None:
        users = self.rng.choice(n_accounts, size=n, p=self.activity).tolist()
        for user, ts in zip(users, self.rng.uniform(0, WEEK, n).tolist(), strict=True):
            self._original(user, ts)
        self.n_originals = n
        # A post's appeal is heavy-tailed: a few organic posts gather many reposts.
        self.appeal = self.rng.pareto(1.1, n) + 1
        self.appeal /= self.appeal.sum()

    def _organic_reactions(self, n: int) -> None:
        rng = self.rng
        users = rng.choice(len(self.activity), size=n, p=self.activity).tolist()
        targets = rng.choice(self.n_originals, size=n, p=self.appeal).tolist()
        delays = rng.exponential(3_600, n).tolist()
        kinds = rng.random(n).tolist()
        for user, target, delay, kind in zip(users, targets, delays, kinds, strict=True):
            ts = self.ts[target] + delay
            if kind < 0.45:
                text = f"RT @u{self.author[target]}: {self.text[target]}"
                self._add(user, ts, text, repost=target, urls=self.urls[target],
                          tags=self.hashtags[target])  # fmt: skip
            elif kind < 0.6:
                self._add(user, ts, "@u{} {}".format(self.author[target],
                          " ".join(self._words(10))), reply=target)  # fmt: skip
            else:
                self._original(user, float(rng.uniform(0, WEEK)))

    def _viral(self) -> set[int]:
        """Add one burst: a share of the organic accounts (heavy ones likelier) within minutes."""
        rng = self.rng
        start = float(rng.uniform(0, WEEK - 3_600))
        author = int(rng.integers(self.n_organic))
        link = self.sites[int(rng.integers(len(self.sites)))]
        target = self._add(author, start, " ".join(self._words(12)), urls=(link,))
        size = int(rng.uniform(0.05, 0.3) * self.n_organic)
        # Who shares the link rather than reposting adds the trending tags.
        trending = tuple(self.tags[int(k)] for k in rng.integers(0, 5, 2).tolist())
        weights = self.activity[: self.n_organic] / self.activity[: self.n_organic].sum()
        users = rng.choice(self.n_organic, size=size, replace=False, p=weights).tolist()
        for user, delay in zip(users, rng.exponential(180, size).tolist(), strict=True):
            if rng.random() < 0.8:
                text = f"RT @u{author}: {self.text[target]}"
                self._add(user, start + delay, text, repost=target, urls=(link,))
            else:
                tags = tuple(dict.fromkeys(t for t in trending if rng.random() < 0.35))
                text = " ".join(self._words(6) + ["#" + t for t in tags])
                self._add(user, start + delay, text, urls=(link,), tags=tags)
        return set(users)

    def _group(self, members: list[int], n_triggers: int) -> None:
        rng = self.rng
        for _ in range(n_triggers):
            start = float(rng.uniform(0, WEEK - 3_600))
            joining = [m for m in members if rng.random() < 0.85]
            kind = int(rng.integers(3))
            if kind == 0:  # everyone reposts a member's post
                seed_user = members[int(rng.integers(len(members)))]
                target = self._original(seed_user, start)
                for user in joining:
                    text = f"RT @u{seed_user}: {self.text[target]}"
                    self._add(user, start + float(rng.uniform(1, self.jitter)), text,
                              repost=target, urls=self.urls[target],
                              tags=self.hashtags[target])  # fmt: skip
            elif kind == 1:  # copied text, about half with one word changed
                base = self._words(14)
                for user in joining:
                    words = list(base)
                    if rng.random() < 0.5:
                        words[int(rng.integers(len(words)))] = self._words(1)[0]
                    self._add(user, start + float(rng.uniform(0, self.jitter)), " ".join(words))
            else:  # the same link with their own words
                link = f"https://push{int(rng.integers(10**9))}.example/a"
                for user in joining:
                    self._add(user, start + float(rng.uniform(0, self.jitter)),
                              " ".join(self._words(6)), urls=(link,))  # fmt: skip

    def _campaign(self, n_accounts: int, groups: list[list[int]], viral: set[int]) -> ScaleCampaign:
        order = np.argsort(np.asarray(self.ts), kind="stable")
        row_id = np.empty(order.size, dtype=np.int64)
        row_id[order] = np.arange(order.size)  # post ids in time order

        def pid(row: int) -> str:
            return f"twitter:{int(row_id[row]) + 1}"

        rows = order.tolist()
        author = np.asarray(self.author, dtype=np.int64)[order]
        table = PostTable(
            ids=[pid(r) for r in rows],
            accounts=[f"twitter:u{k}" for k in range(n_accounts)],
            author=author,
            ts=np.asarray(self.ts, dtype=np.float64)[order],
            repost_of=[pid(self.repost[r]) if self.repost[r] >= 0 else None for r in rows],
            reply_to=[pid(self.reply[r]) if self.reply[r] >= 0 else None for r in rows],
            text=[self.text[r] for r in rows],
            urls=[self.urls[r] for r in rows],
            urls_as_given=[self.urls[r] for r in rows],
            hashtags=[self.hashtags[r] for r in rows],
        )
        names = [[f"twitter:u{m}" for m in members] for members in groups]
        return ScaleCampaign(
            table=table,
            planted={name for members in names for name in members},
            viral={f"twitter:u{u}" for u in viral},
            groups=names,
            n_viral=self.n_viral,
        )
