"""``--engine gds``: Louvain by Neo4j Graph Data Science on the test server."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.analysis.amplification import AmplificationParams, analyze_amplification
from claimgraph.analysis.gds import GdsError, check_gds, gds_louvain
from claimgraph.cli import cli
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.graph.backends.neo4j import Neo4jStore
from claimgraph.graph.base import GraphStore
from claimgraph.ingest import ingest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from campaign import generate, write_csv  # noqa: E402

LIST_GRAPHS = "CALL gds.graph.list() YIELD graphName RETURN graphName"


@pytest.fixture
def campaign_store(neo4j_store: GraphStore, tmp_path: Path) -> tuple[GraphStore, set[str]]:
    """Return the session's Neo4j store holding a campaign of three planted groups."""
    campaign = generate(4_000, seed=3, n_groups=3, n_viral=2)
    path = write_csv(campaign, tmp_path / "c.csv")
    summary = ingest([path], neo4j_store, extract="none")
    assert summary.documents_read == 4_000 and not summary.skipped
    return neo4j_store, campaign.planted


def test_server_has_gds(neo4j_store: GraphStore) -> None:
    check_gds(neo4j_store)
    assert neo4j_store.query(LIST_GRAPHS).rows == []


def test_gds_finds_the_networkx_clusters(campaign_store: tuple[GraphStore, set[str]]) -> None:
    store, planted = campaign_store
    params = AmplificationParams()
    ours = analyze_amplification(store, params)
    gds = analyze_amplification(store, params, engine="gds")
    assert [e.source + e.target for e in gds.edges] == [e.source + e.target for e in ours.edges]
    assert sorted(c.members for c in gds.clusters) == sorted(c.members for c in ours.clusters)
    flagged = {a.split(":", 1)[1].removeprefix("name_") for a in gds.flagged}
    assert len(flagged & planted) >= 0.9 * len(planted)
    # Same format: the same fields, filled the same way.
    for mine, theirs in zip(gds.clusters, ours.clusters, strict=True):
        assert (mine.id, mine.density, mine.types, mine.claims) == (
            theirs.id,
            theirs.density,
            theirs.types,
            theirs.claims,
        )
    rows = store.query(
        "MATCH (a:Account)-[:MEMBER_OF]->(c:Cluster {run: $run}) "
        "RETURN c.engine, c.index, count(a) ORDER BY c.index",
        {"run": params.run},
    ).rows
    assert rows == [["gds", c.index, c.size] for c in gds.clusters]
    assert store.query(LIST_GRAPHS).rows == []


def test_gds_reruns_replace_and_repeat(campaign_store: tuple[GraphStore, set[str]]) -> None:
    store, _ = campaign_store
    params = AmplificationParams(types=("repost",), min_weight=2)
    first = analyze_amplification(store, params, engine="gds")
    counts = store.counts()
    again = analyze_amplification(store, params, engine="gds")
    assert store.counts() == counts
    assert [c.members for c in again.clusters] == [c.members for c in first.clusters]
    assert sorted(map(sorted, gds_louvain(store, params.run))) == sorted(
        c.members for c in first.clusters
    )


def test_gds_on_a_run_without_edges(neo4j_store: GraphStore) -> None:
    assert gds_louvain(neo4j_store, "no-such-run") == []
    assert neo4j_store.query(LIST_GRAPHS).rows == []


def test_cli_engine_gds(campaign_store: tuple[GraphStore, set[str]], neo4j_uri: str) -> None:
    runner = CliRunner(env={"COLUMNS": "300", "NO_COLOR": "1"})
    common = ["--neo4j-uri", neo4j_uri, "analyze", "amplification", "--store", "neo4j"]
    common += ["--types", "repost,link", "--format", "json"]
    gds = runner.invoke(cli, [*common, "--engine", "gds"])
    assert gds.exit_code == 0, gds.output
    ours = runner.invoke(cli, common)
    assert ours.exit_code == 0, ours.output
    gds_json, ours_json = json.loads(gds.output), json.loads(ours.output)
    assert gds_json.keys() == ours_json.keys()
    assert gds_json["clusters"] and len(gds_json["clusters"]) == len(ours_json["clusters"])
    no_write = runner.invoke(cli, [*common, "--engine", "gds", "--no-write"])
    assert no_write.exit_code != 0 and "cannot be used with --no-write" in no_write.output


def test_engine_gds_needs_neo4j(tmp_path: Path) -> None:
    with EmbeddedStore(db=tmp_path / "g.db") as store, pytest.raises(GdsError, match="neo4j"):
        analyze_amplification(store, AmplificationParams(), engine="gds")
    runner = CliRunner()
    db = str(tmp_path / "g.db")
    result = runner.invoke(cli, ["analyze", "amplification", "--db", db, "--engine", "gds"])
    assert result.exit_code != 0
    assert "--engine gds needs --store neo4j (this store is embedded)" in result.output


def test_engine_gds_without_the_plugin(neo4j_auth: tuple[str, str]) -> None:
    uri, password = neo4j_auth
    no_plugin = pytest.raises(GdsError, match="no gds.louvain.stream procedure; install")
    with Neo4jStore(uri=uri, password=password) as store, no_plugin:
        analyze_amplification(store, AmplificationParams(), engine="gds")
