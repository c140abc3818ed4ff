"""Amplification end to end on a real store: clusters written back, re-runs replace, CLI."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from claimgraph.analysis.amplification import AmplificationParams, analyze_amplification
from claimgraph.cli import cli
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.ingest import ingest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from campaign import generate, write_csv  # noqa: E402


def test_clusters_find_planted_groups_and_reruns_replace(tmp_path: Path) -> None:
    campaign = generate(6_000, seed=3, n_groups=3, n_viral=2)
    path = write_csv(campaign, tmp_path / "c.csv")
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        summary = ingest([path], store, extract="none")
        assert summary.documents_read == 6_000 and not summary.skipped
        params = AmplificationParams()
        result = analyze_amplification(store, params)
        flagged = {a.split(":", 1)[1].removeprefix("name_") for a in result.flagged}
        assert len(flagged & campaign.planted) >= 0.9 * len(campaign.planted)
        assert len(flagged - campaign.planted) <= 0.1 * len(flagged)
        counts = store.counts()
        analyze_amplification(store, params)
        assert store.counts() == counts
        rows = store.query(
            "MATCH (a:Account)-[r:COORDINATED_WITH]->(:Account) RETURN r.weight, r.evidence LIMIT 1"
        ).rows
        assert rows[0][0] >= 3 and len(rows[0][1]) >= 1
        other = analyze_amplification(store, AmplificationParams(window=30))
        labels = store.counts().labels
        assert labels["Cluster"] == len(result.clusters) + len(other.clusters)


def test_cli_amplification(tmp_path: Path) -> None:
    path = write_csv(generate(3_000, seed=5, n_groups=2, n_viral=1), tmp_path / "c.csv")
    runner = CliRunner(env={"COLUMNS": "300", "NO_COLOR": "1"})
    db = str(tmp_path / "g.db")
    assert (
        runner.invoke(cli, ["ingest", str(path), "--extract", "none", "--db", db, "-q"]).exit_code
        == 0
    )
    result = runner.invoke(cli, ["analyze", "amplification", "--db", db, "--types", "repost,link"])
    assert result.exit_code == 0, result.output
    assert "accounts in" in result.output
    bad = runner.invoke(cli, ["analyze", "amplification", "--db", db, "--types", "likes"])
    assert bad.exit_code != 0 and "unknown co-action type" in bad.output
