"""Shared pieces of the reliability tests: a synthetic news corpus, CLI processes, graph snapshots.

The corpus is generated, not copied: short news-style articles built from
fixed lists of people, organisations and quotes, so that every document
yields actors, claims and mentions, and every document differs from the
others (its id is the hash of its text).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.model import ACTOR_KINDS

__all__ = [
    "GraphSnapshot",
    "claimgraph",
    "kill_server",
    "server_pid",
    "servers_of",
    "snapshot",
    "wait_gone",
    "write_corpus",
]

PEOPLE = [
    "Karim Massimov", "Muhtar Taizhan", "Aigul Orynbek", "Madina Yerkin", "Bazaraiyim Akzhan",
    "Daniyar Sarsenov", "Gulnara Bekova", "Erlan Idrissov", "Saule Omarova", "Timur Kulibayev",
]  # fmt: skip
ORGANISATIONS = [
    "Khabar", "Radio Azattyk", "the Ministry of Finance", "the National Bank",
    "Transparency International", "the Central Election Commission",
]  # fmt: skip
CUES = ["said", "told reporters", "wrote", "claimed", "insisted", "argued"]
QUOTES = [
    "The debts of the country keep growing every year",
    "Pensions are safe and the economy will recover soon",
    "The hashtag campaign was organised by the government",
    "Nobody asked the people before the decision was taken",
    "Foreign investors are leaving because of corruption",
    "The currency will stay stable until the end of the year",
    "Independent journalists were prevented from covering the rally",
    "The new law protects citizens from false information",
]
PLACES = ["Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe"]


def write_corpus(folder: Path, count: int, *, first: int = 0) -> list[Path]:
    """Write ``count`` short articles numbered from ``first`` into ``folder``; return their paths.

    The same numbers always give the same texts.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(first, first + count):
        path = folder / f"article-{number:05d}.txt"
        path.write_text(_article(number), encoding="utf-8")
        paths.append(path)
    return paths


def _article(number: int) -> str:
    pick = random.Random(number)
    speaker, critic = pick.sample(PEOPLE, 2)
    outlet = pick.choice(ORGANISATIONS)
    place = pick.choice(PLACES)
    first_quote, second_quote = pick.sample(QUOTES, 2)
    return (
        f"Report {number} from {place}\n\n"
        f"{speaker} spoke in {place} on day {number} of the campaign. "
        f"“{first_quote},” {speaker} {pick.choice(CUES)}.\n\n"
        f"{critic} disagreed. “{second_quote},” {critic} told {outlet}. "
        f"{outlet[0].upper()}{outlet[1:]} reported that {speaker} did not answer.\n"
    )


def claimgraph(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``claimgraph ARGS`` as a process of its own, with stdout and stderr piped."""
    command = [sys.executable, "-m", "claimgraph", *map(str, args)]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )


def server_pid(db: Path) -> int | None:
    """Return the pid of the database server recorded beside ``db``, if there is one."""
    try:
        settings = json.loads(db.with_name(db.name + ".settings").read_text())
        return int(Path(settings["pidfile"]).read_text().strip())
    except (OSError, ValueError, KeyError):
        return None


def kill_server(db: Path) -> bool:
    """SIGKILL the database server of ``db``; return whether one was running."""
    pid = server_pid(db)
    if pid is None:
        return False
    try:
        if "redis" not in psutil.Process(pid).name():
            return False
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, psutil.Error):
        return False
    wait_gone(pid)
    return True


def servers_of(db: Path) -> list[int]:
    """Return the pids of every database server with the append-only log of ``db`` open."""
    log_dir = db.with_name(db.name + ".aof")
    pids = []
    for process in psutil.process_iter(["name", "cwd"]):
        if "redis" in (process.info["name"] or "") and process.info["cwd"] == str(db.parent):
            try:
                if any(Path(f.path).parent == log_dir for f in process.open_files()):
                    pids.append(process.pid)
            except psutil.Error:
                continue
    return pids


def wait_gone(pid: int, timeout: float = 30) -> None:
    """Wait until process ``pid`` has exited (and been reaped, if it is our child)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            process = psutil.Process(pid)
            if process.status() == psutil.STATUS_ZOMBIE:
                return
        except psutil.NoSuchProcess:
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} did not exit within {timeout} s")


@dataclass(frozen=True)
class GraphSnapshot:
    """Everything the reliability tests compare between two graphs."""

    labels: dict[str, int]
    relationships: dict[str, int]
    nodes: frozenset[tuple[str, str, str]]
    triples: frozenset[tuple[str, str, str, str]]
    duplicate_ids: list[tuple[str, str, int]]
    dangling: int

    def same_graph(self, other: GraphSnapshot) -> list[str]:
        """Return how this graph differs from ``other`` (nothing if they are equal)."""
        differences = []
        if self.labels != other.labels:
            differences.append(f"labels {self.labels} != {other.labels}")
        if self.relationships != other.relationships:
            differences.append(f"relationships {self.relationships} != {other.relationships}")
        if self.nodes != other.nodes:
            differences.append(f"{len(self.nodes ^ other.nodes)} nodes differ")
        if self.triples != other.triples:
            differences.append(f"{len(self.triples ^ other.triples)} relationships differ")
        return differences


#: The primary labels, which carry the ids (see DESIGN.md).
PRIMARY = ("Document", "Actor", "Account", "Claim", "Hashtag", "Url", "Cluster")

#: Scalar properties that documents can disagree about (the NER calls a name a
#: person in one article and an organisation in another; an account changes its
#: display name). Writes set them last-writer-wins, so their final value
#: depends on the order of writes, which a kill or a concurrent ingest changes.
#: They are left out of the comparison, with the kind's label on an actor
#: (``Person``, ``Organization``, ...), which resolution takes from the actor
#: already in the store; the node, its primary label and relationships are not.
ORDER_DEPENDENT = {"Actor": ("kind",), "Account": ("display_name",)}
KIND_LABELS = frozenset(ACTOR_KINDS.values())


def snapshot(db: Path) -> GraphSnapshot:
    """Read the whole graph of ``db`` through the store API.

    Nodes are compared by label, id and properties (lists sorted, since
    aliases are a set); relationships by their end ids, type and properties.
    """
    with EmbeddedStore(db=db) as store:
        counts = store.counts()
        nodes: set[tuple[str, str, str]] = set()
        duplicates: list[tuple[str, str, int]] = []
        for label in PRIMARY:
            rows = store.query(
                f"MATCH (n:{label}) RETURN n.id, count(*), collect(properties(n))[0]"
            ).rows
            skip = ORDER_DEPENDENT.get(label, ())
            nodes.update((label, node_id, _canonical(props, skip)) for node_id, _, props in rows)
            duplicates += [(label, node_id, n) for node_id, n, _ in rows if n > 1]
        triples = store.query("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)").rows
        dangling = store.query(
            "MATCH (a)-[r]->(b) WHERE a.id IS NULL OR b.id IS NULL RETURN count(r)"
        ).rows[0][0]
    return GraphSnapshot(
        labels={k: v for k, v in counts.labels.items() if k not in KIND_LABELS},
        relationships=counts.relationships,
        nodes=frozenset(nodes),
        triples=frozenset((a, t, b, _canonical(p)) for a, t, b, p in triples),
        duplicate_ids=duplicates,
        dangling=int(dangling),
    )


def _canonical(props: dict[str, object], skip: tuple[str, ...] = ()) -> str:
    return json.dumps(
        {k: sorted(v) if isinstance(v, list) else v for k, v in props.items() if k not in skip},
        sort_keys=True,
    )
