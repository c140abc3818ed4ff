"""The Spark engine finds the co-actions the in-process engine finds (Spark in local mode)."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from click.testing import CliRunner

from claimgraph.analysis.amplification import AmplificationParams, compute_amplification
from claimgraph.analysis.coaction import ACTION_TYPES, actions
from claimgraph.analysis.engine import ActionTable, Coactions, PairTotals, coactions
from claimgraph.analysis.neardup import near_duplicate_families
from claimgraph.analysis.networks import action_table
from claimgraph.analysis.posts import PostTable
from claimgraph.analysis.spark import (
    SparkEngineError,
    saving_actions,
    spark_coactions,
    spark_session,
    write_actions,
)
from claimgraph.cli import cli
from claimgraph.graph.backends.embedded import EmbeddedStore

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytest.importorskip("pyspark")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from campaign import generate as generate_csv  # noqa: E402
from campaign import write_csv  # noqa: E402
from scale_campaign import generate  # noqa: E402

#: Local mode kept small: two cores, 1 GB, two shuffle partitions, no web UI.
SMALL = {
    "spark.driver.memory": "1g",
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.ui.enabled": "false",
}


@pytest.fixture(scope="module")
def session() -> Iterator[SparkSession]:
    try:
        spark = spark_session("local[2]", SMALL)
    except SparkEngineError as error:
        pytest.skip(str(error))
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def campaign_table() -> PostTable:
    return generate(4_000, seed=11).table


def _actions(table: PostTable, kinds: tuple[str, ...]) -> ActionTable:
    families = near_duplicate_families(table.text) if "similar" in kinds else None
    return action_table(table, {kind: actions(table, kind, families=families) for kind in kinds})


def _columns(found: Coactions) -> dict[str, list[object]]:
    """Return the columns, evidence rows sorted (engines may emit them in any order)."""
    evidence = ("kind", "obj", "first", "second", "post_first", "post_second")
    order = np.lexsort([getattr(found, name) for name in reversed(evidence)])
    return {
        name: (getattr(found, name)[order] if name in (*evidence, "ts_first", "ts_second")
               else np.asarray(getattr(found, name))).tolist()
        for name in Coactions.__slots__
    }  # fmt: skip


def test_same_coactions_as_in_process_for_every_type(
    session: SparkSession, campaign_table: PostTable
) -> None:
    acts = _actions(campaign_table, ACTION_TYPES)
    expected = coactions(acts, 60.0)
    found = spark_coactions(acts, 60.0, session=session)
    assert _columns(found) == _columns(expected)
    # The campaign has co-actions of every type to compare.
    assert np.bincount(found.kind, minlength=len(ACTION_TYPES)).min() > 0


def test_evidence_only_for_the_pairs_kept(session: SparkSession, campaign_table: PostTable) -> None:
    acts = _actions(campaign_table, ("repost", "link"))
    found = spark_coactions(acts, 60.0, min_weight=3, session=session)
    assert _columns(found) == _columns(coactions(acts, 60.0, min_weight=3))
    # Only the pairs of three objects or more, with all their evidence.
    assert 0 < found.first.size == found.pair_weight.sum()
    assert found.pair_weight.min() >= 3 and found.pair_first.size < found.candidates

    found = spark_coactions(acts, 60.0, keep=_EvenFirst(), session=session)
    assert _columns(found) == _columns(coactions(acts, 60.0, keep=_EvenFirst()))
    assert found.first.size > 0 and not (found.first % 2).any()
    assert not (found.pair_weight % 3 == 0).any()


class _EvenFirst:
    """A screen: evidence for pairs of two objects or more whose first account is even;
    of those, the pairs whose number of evidence rows is not a multiple of three."""

    def choose(self, totals: PairTotals) -> np.ndarray:
        keys = [p.keys(totals.n_accounts)[(p.weight >= 2) & (p.first % 2 == 0)]
                for p in totals.parts()]  # fmt: skip
        return np.concatenate(keys)

    def confirm(self, found: Coactions) -> np.ndarray:
        n = int(max(found.pair_second.max(initial=0), found.second.max(initial=0))) + 1
        rows = np.bincount(
            np.searchsorted(found.keys(n), found.first.astype(np.int64) * n + found.second),
            minlength=found.pair_first.size,
        )
        return np.asarray(rows % 3 != 0)


@pytest.mark.parametrize("window", [0.0, 7.5])
def test_same_coactions_for_a_zero_and_a_fractional_window(
    session: SparkSession, campaign_table: PostTable, window: float
) -> None:
    acts = _actions(campaign_table, ("repost", "link", "hashtag"))
    found = spark_coactions(acts, window, session=session)
    assert _columns(found) == _columns(coactions(acts, window))


def test_same_edges_weights_and_evidence_as_in_process(
    session: SparkSession, campaign_table: PostTable
) -> None:
    params = AmplificationParams()
    spark = functools.partial(spark_coactions, session=session)
    ours = compute_amplification(campaign_table, params, join=spark)
    reference = compute_amplification(campaign_table, params)
    assert ours.edges and ours.edges == reference.edges
    assert [c.members for c in ours.clusters] == [c.members for c in reference.clusters]
    assert (ours.candidate_pairs, ours.dropped_by_null) == (
        reference.candidate_pairs,
        reference.dropped_by_null,
    )


def test_staged_actions_are_read_by_spark(
    session: SparkSession, campaign_table: PostTable, tmp_path: Path
) -> None:
    acts = _actions(campaign_table, ("repost", "link"))
    staged = tmp_path / "actions"
    expected = saving_actions(coactions, staged)(acts, 60.0)
    assert pq.read_table(staged / "actions.parquet").num_rows == len(acts)
    assert pq.read_table(staged / "kinds.parquet").column("id").to_pylist() == list(acts.kinds)
    found = spark_coactions(acts, 60.0, session=session, staged=staged)
    assert _columns(found) == _columns(expected)


def test_staged_actions_of_other_posts_are_refused(
    session: SparkSession, campaign_table: PostTable, tmp_path: Path
) -> None:
    staged = write_actions(_actions(campaign_table, ("repost",)), tmp_path / "actions")
    links = _actions(campaign_table, ("link",))
    with pytest.raises(SparkEngineError, match="other actions.*differ"):
        spark_coactions(links, 60.0, session=session, staged=staged)
    with pytest.raises(SparkEngineError, match="not a staged action table"):
        spark_coactions(links, 60.0, session=session, staged=tmp_path / "none")


def test_missing_pyspark_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(SparkEngineError, match=r"claimgraph\[spark\]"):
        spark_session()


def test_missing_java_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(SparkEngineError, match="JAVA_HOME"):
        spark_session()
    monkeypatch.delenv("JAVA_HOME")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SparkEngineError, match="needs Java 17"):
        spark_session()


def test_cli_engine_spark_from_staged_actions_finds_and_writes_the_same(
    session: SparkSession, tmp_path: Path
) -> None:
    path = write_csv(generate_csv(2_000, seed=5, n_groups=2, n_viral=1), tmp_path / "c.csv")
    runner = CliRunner(env={"COLUMNS": "300", "NO_COLOR": "1"})
    db, staged = str(tmp_path / "g.db"), str(tmp_path / "actions")
    loaded = runner.invoke(cli, ["ingest", str(path), "--extract", "none", "--db", db, "-q"])
    assert loaded.exit_code == 0
    command = ["analyze", "amplification", "--db", db, "--types", "repost,text,link", "--format"]
    default = runner.invoke(cli, [*command, "json", "--no-write", "--save-actions", staged])
    spark = runner.invoke(cli, [*command, "json", "--engine", "spark", "--actions", staged])
    assert default.exit_code == 0 and spark.exit_code == 0, spark.output
    found = json.loads(spark.output)
    assert found == json.loads(default.output) and found["edges"] > 0
    with EmbeddedStore(db=db) as store:
        stored = store.query(
            "MATCH (:Account)-[r:COORDINATED_WITH {run: $run}]->(:Account) RETURN count(r)",
            {"run": found["run"]},
        ).rows
        engines = store.query(
            "MATCH (c:Cluster {run: $run}) RETURN DISTINCT c.engine", {"run": found["run"]}
        ).rows
    assert stored == [[found["edges"]]] and engines == [["spark"]]
    refused = runner.invoke(cli, [*command, "table", "--actions", staged])
    assert refused.exit_code != 0 and "add --engine spark" in refused.output
