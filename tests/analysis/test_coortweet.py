"""CooRTweet-compatible networks: CooRTweet 2.1.3's own output on its data set, small cases, CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from claimgraph.analysis.amplification import (
    AmplificationError,
    AmplificationParams,
    compute_amplification,
)
from claimgraph.analysis.coortweet import (
    CoortweetError,
    Shares,
    coordinated_network,
    detect_groups,
    r_quantile,
)
from claimgraph.analysis.posts import table_from_documents
from claimgraph.cli import cli
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.sources import read_sources

ROOT = Path(__file__).resolve().parents[2]
PEERS = ROOT.parent / "shared" / "data" / "peers" / "coortweet"
DATA = PEERS / "russian_coord_tweets_cnt.csv"
needs_shared = pytest.mark.skipif(not DATA.is_file(), reason="../shared is not here")

Edges = dict[frozenset[str], tuple[int, ...]]


def _network(
    rows: list[tuple[str, str, str, float]],
    *,
    window: float = 60,
    min_participation: int = 2,
    remove_loops: bool = True,
    edge_weight: float = 0.5,
    subgraph: int = 0,
) -> Edges:
    """Return ``{{a, b}: (weight, weight_threshold)}`` of (object, account, content, time) rows."""
    objects, accounts, contents, times = zip(*rows, strict=True)
    shares = Shares.from_columns(objects, accounts, contents, times)
    pairs = detect_groups(
        shares,
        time_window=window,
        min_participation=min_participation,
        remove_loops=remove_loops,
    )
    net = coordinated_network(shares, pairs, edge_weight=edge_weight, subgraph=subgraph)
    return {
        frozenset((shares.accounts[a], shares.accounts[b])): (int(w), int(t))
        for a, b, w, t in zip(
            net.account_a, net.account_b, net.weight, net.weight_threshold, strict=True
        )
    }


# -- CooRTweet's own output on russian_coord_tweets ------------------------------------


@pytest.fixture(scope="module")
def russian_shares() -> Shares:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return Shares.from_columns(
        [row["repost_id"] for row in rows],
        [row["user_id"] for row in rows],
        [row["message_id"] for row in rows],
        [float(row["timestamp"]) for row in rows],
    )


def _coortweet_edges(name: str, prefix: str = "") -> Edges:
    with (PEERS / name).open(encoding="utf-8", newline="") as handle:
        return {
            frozenset((prefix + row["account_a"], prefix + row["account_b"])): (
                int(row["weight"]),
                int(row["weight_threshold"]),
                int(row["n_content_id"]),
                int(row["n_content_id_y"]),
            )
            for row in csv.DictReader(handle)
        }


@needs_shared
@pytest.mark.parametrize(
    ("subgraph", "name", "size"),
    [(0, "coortweet_tw60_mp2_full.csv", 3_721), (1, "coortweet_tw60_mp2_sub1.csv", 60)],
)
def test_reproduces_coortweet_on_its_data_set(
    russian_shares: Shares, subgraph: int, name: str, size: int
) -> None:
    shares = russian_shares
    pairs = detect_groups(shares, time_window=60, min_participation=2)
    net = coordinated_network(shares, pairs, edge_weight=0.5, subgraph=subgraph)
    ours = {
        frozenset((shares.accounts[a], shares.accounts[b])): (int(w), int(t), int(n), int(ny))
        for a, b, w, t, n, ny in zip(
            net.account_a,
            net.account_b,
            net.weight,
            net.weight_threshold,
            net.n_content_id,
            net.n_content_id_y,
            strict=True,
        )
    }
    expected = _coortweet_edges(name)
    assert len(expected) == size
    assert ours == expected  # edge set, weights, threshold flags, content counts
    assert net.threshold == 1.0
    assert all(
        shares.accounts[a] < shares.accounts[b]
        for a, b in zip(net.account_a, net.account_b, strict=True)
    )


@needs_shared
def test_reproduces_coortweet_through_posts_read_as_claimgraph_reads_them() -> None:
    table = table_from_documents(item for item in read_sources(DATA) if not isinstance(item, str))
    for subgraph, name in [(0, "coortweet_tw60_mp2_full.csv"), (1, "coortweet_tw60_mp2_sub1.csv")]:
        params = AmplificationParams(
            window=60, coortweet_compatible=True, min_participation=2, subgraph=subgraph
        )
        result = compute_amplification(table, params)
        ours = {
            frozenset((e.source, e.target)): (e.weight, e.weight_threshold) for e in result.edges
        }
        expected = {pair: values[:2] for pair, values in _coortweet_edges(name, "twitter:").items()}
        assert ours == expected
        assert result.candidate_pairs == 3_721 and result.clusters


# -- small cases -------------------------------------------------------------------------


def test_min_participation_drops_accounts_before_pairing() -> None:
    rows = [("o1", "a", "1", 0), ("o2", "a", "2", 500), ("o1", "b", "3", 10)]
    # b shares once: dropped before pairing, so a has nobody to pair with.
    assert _network(rows, min_participation=2) == {}
    assert _network(rows, min_participation=1) == {frozenset("ab"): (1, 0)}


def test_min_participation_after_pairing_keeps_a_pair_with_one_qualifying_account() -> None:
    rows = [
        # a has two paired shares (o1 with b, o2 with c): a qualifies.
        ("o1", "a", "1", 0), ("o2", "a", "2", 0),
        ("o1", "b", "3", 10), ("o3", "b", "4", 1_000),
        ("o2", "c", "5", 10), ("o4", "c", "6", 5_000),
        # d and e pair once each and have one unpaired share: neither qualifies.
        ("o5", "d", "7", 0), ("o6", "d", "8", 0),
        ("o5", "e", "9", 5), ("o7", "e", "10", 9_999),
    ]  # fmt: skip
    assert set(_network(rows, min_participation=2)) == {frozenset("ab"), frozenset("ac")}
    assert frozenset("de") in _network(rows, min_participation=1)


def test_min_participation_counts_a_content_id_on_two_objects_twice() -> None:
    # As CooRTweet's hashtag data: one post (content 1) on two objects. R's
    # filter counts a's rows whose content id is paired: both rows of content 1.
    rows = [
        ("#x", "a", "1", 0), ("#y", "a", "1", 0), ("o", "a", "2", 9_000),
        ("#x", "b", "3", 5), ("o2", "b", "4", 7_000),
    ]  # fmt: skip
    assert _network(rows, min_participation=2) == {frozenset("ab"): (1, 0)}


def test_loops_are_removed_or_kept() -> None:
    rows = [
        ("o1", "a", "1", 0), ("o1", "a", "2", 10),   # a repeats itself
        ("o2", "a", "3", 0), ("o2", "b", "4", 20),
        ("o3", "b", "5", 0), ("o3", "a", "o3", 5),   # a share that is its own object
        ("o4", "b", "6", 0), ("o4", "a", "6", 1),    # one content id twice
    ]  # fmt: skip
    assert _network(rows, min_participation=1) == {frozenset("ab"): (1, 0)}
    kept = _network(rows, min_participation=1, remove_loops=False, edge_weight=0)
    assert kept == {frozenset("a"): (1, 0), frozenset("ab"): (3, 1)}


def test_window_boundary_is_inclusive() -> None:
    rows = [("o1", "a", "1", 0), ("o1", "b", "2", 60), ("o2", "a", "3", 0), ("o2", "b", "4", 60.5)]
    assert _network(rows, window=60, min_participation=1) == {frozenset("ab"): (1, 0)}
    assert _network(rows, window=60.5, min_participation=1) == {frozenset("ab"): (2, 0)}
    assert _network(rows, window=59, min_participation=1) == {}


def _weighted(weights: dict[str, int]) -> list[tuple[str, str, str, float]]:
    """Return shares giving each two-letter pair its weight (one object per share pair)."""
    rows: list[tuple[str, str, str, float]] = []
    for pair, weight in weights.items():
        for k in range(weight):
            obj = f"{pair}{k}"
            rows += [(obj, pair[0], f"{obj}a", 0.0), (obj, pair[1], f"{obj}b", 1.0)]
    return rows


def test_percentile_threshold_is_strict_and_r_type_7() -> None:
    rows = _weighted({"ab": 1, "cd": 2, "ef": 2, "gh": 3})
    # quantile(c(1, 2, 2, 3), 0.5) is 2: weight 2 is not above it.
    full = _network(rows, min_participation=1)
    assert full == {
        frozenset("ab"): (1, 0), frozenset("cd"): (2, 0),
        frozenset("ef"): (2, 0), frozenset("gh"): (3, 1),
    }  # fmt: skip
    assert _network(rows, min_participation=1, subgraph=1) == {frozenset("gh"): (3, 1)}
    # 0.25 interpolates to 1.75: both weights of 2 are above it.
    assert len(_network(rows, min_participation=1, edge_weight=0.25, subgraph=1)) == 3
    assert _network(rows, min_participation=1, edge_weight=1, subgraph=1) == {}


def test_r_quantile_matches_r() -> None:
    # Values printed by R 4.3: quantile(x, p) with the default type 7.
    assert r_quantile(np.array([1, 2, 3, 4]), 0.9) == 3.7
    assert r_quantile(np.arange(1, 11), 0.33) == 3.97
    assert r_quantile(np.array([5, 1, 1, 2]), 0.5) == 1.5
    assert r_quantile(np.array([7]), 0.3) == 7.0
    assert np.isnan(r_quantile(np.array([], dtype=int), 0.5))


def test_subgraph_keeps_the_share_pairs_of_its_edges() -> None:
    shares = Shares.from_columns(*zip(*_weighted({"ab": 1, "cd": 3}), strict=True))
    pairs = detect_groups(shares, time_window=10, min_participation=1)
    net = coordinated_network(shares, pairs, subgraph=1)
    assert len(net) == 1 and len(net.share_pairs(0)) == 3
    assert {shares.accounts[int(a)] for a in shares.account[net.share_pairs(0).older]} == {"c"}


def test_empty_and_invalid_input() -> None:
    shares = Shares.from_columns([], [], [], [])
    net = coordinated_network(shares, detect_groups(shares, time_window=10))
    assert len(net) == 0
    with pytest.raises(CoortweetError, match="--subgraph 2"):
        coordinated_network(shares, detect_groups(shares), subgraph=2)
    with pytest.raises(CoortweetError, match="between 0 and 1"):
        coordinated_network(shares, detect_groups(shares), edge_weight=1.5)
    with pytest.raises(AmplificationError, match="choose one"):
        AmplificationParams(coortweet_compatible=True, cnt_compatible=True)
    with pytest.raises(AmplificationError, match="add --coortweet-compatible"):
        AmplificationParams(subgraph=1)


def test_run_ids_of_other_methods_do_not_change() -> None:
    # The run id names stored results; CooRTweet's parameters must not move other runs' ids.
    assert AmplificationParams().run == "f986d5aae309"
    assert AmplificationParams(cnt_compatible=True, window=5).run == "4dd6b3a2a32e"
    assert AmplificationParams(coortweet_compatible=True).run != AmplificationParams().run


# -- end to end --------------------------------------------------------------------------

HEADER = ["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp",
          "urls"]  # fmt: skip


def test_cli_coortweet_compatible_writes_edges(tmp_path: Path) -> None:
    path = tmp_path / "shares.csv"
    rows = [
        # a and b retweet p1, p2 and p3 within seconds; c retweets p1 70 s after a
        # (outside the window) and 60 s after b (inside it).
        ("1", "a", "p1", 1000), ("2", "b", "p1", 1010), ("3", "c", "p1", 1070),
        ("4", "a", "p2", 2000), ("5", "b", "p2", 2030),
        ("6", "a", "p3", 3000), ("7", "b", "p3", 3001), ("8", "c", "p9", 9000),
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for message, user, repost, ts in rows:
            writer.writerow([message, user, user, repost, "", "", ts, ""])
    runner = CliRunner(env={"COLUMNS": "300", "NO_COLOR": "1"})
    db = str(tmp_path / "g.db")
    ingest = runner.invoke(cli, ["ingest", str(path), "--extract", "none", "--db", db, "-q"])
    assert ingest.exit_code == 0, ingest.output
    args = ["analyze", "amplification", "--db", db, "--coortweet-compatible", "--types", "repost",
            "--window", "60", "--min-participation", "2", "--format", "json"]  # fmt: skip
    result = runner.invoke(cli, [*args, "--subgraph", "0"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["method"] == "coortweet" and report["edges"] == 2
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        stored = store.query(
            "MATCH (x:Account)-[r:COORDINATED_WITH {method: 'coortweet'}]->(y:Account) "
            "RETURN x.id, y.id, r.weight, r.weight_threshold, r.evidence ORDER BY x.id, y.id"
        ).rows
    # Weights 3 and 1, median 2: a-b is above it. c has one paired share, b qualifies.
    assert [row[:4] for row in stored] == [
        ["twitter:a", "twitter:b", 3, 1], ["twitter:b", "twitter:c", 1, 0],
    ]  # fmt: skip
    assert sorted(stored[0][4]) == ["twitter:1|twitter:2", "twitter:4|twitter:5",
                                    "twitter:6|twitter:7"]  # fmt: skip
    sub = runner.invoke(cli, [*args, "--subgraph", "1"])
    assert sub.exit_code == 0 and json.loads(sub.output)["edges"] == 1
    bad = runner.invoke(cli, [*args, "--cnt-compatible"])
    assert bad.exit_code != 0 and "choose one" in bad.output
    bad = runner.invoke(cli, ["analyze", "amplification", "--db", db, "--subgraph", "1"])
    assert bad.exit_code != 0 and "add --coortweet-compatible" in bad.output


@needs_shared
@pytest.mark.slow
def test_cli_on_coortweet_data_set(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "g.db")
    ingest = runner.invoke(cli, ["ingest", str(DATA), "--extract", "none", "--db", db, "-q"])
    assert ingest.exit_code == 0, ingest.output
    result = runner.invoke(
        cli, ["analyze", "amplification", "--db", db, "--coortweet-compatible", "--types",
              "repost", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        rows = store.query(
            "MATCH (x:Account)-[r:COORDINATED_WITH {method: 'coortweet'}]->(y:Account) "
            "RETURN x.id, y.id, r.weight, r.weight_threshold"
        ).rows
    ours = {frozenset((a, b)): (w, t) for a, b, w, t in rows}
    expected = {
        pair: values[:2]
        for pair, values in _coortweet_edges("coortweet_tw60_mp2_full.csv", "twitter:").items()
    }
    assert ours == expected
