"""A label or relationship type outside the data model gets a one-line warning, not silence.

Issue 19: ``MATCH (a:Actr)`` and ``export --label Acter`` returned nothing
and said nothing. The query still runs (a graph may hold labels of its own);
stderr says which name is unknown and the closest one of the data model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claimgraph.cli import cli
from claimgraph.graph.cypher import MODEL_LABELS, MODEL_TYPES, unknown_name_warnings
from claimgraph.queries import list_saved


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "300", "NO_COLOR": "1"})


def invoke(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(arg) for arg in args])


def test_query_with_a_misspelt_label_warns_and_still_runs(
    runner: CliRunner, sample_db: Path
) -> None:
    result = invoke(
        runner, "query", "--db", sample_db, "--format", "json", "MATCH (a:Actr) RETURN a.name"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert result.stderr.splitlines() == [
        "warning: no label Actr in the data model; did you mean Actor?"
    ]


def test_query_with_a_misspelt_type_warns(runner: CliRunner, sample_db: Path) -> None:
    cypher = "MATCH (s)-[:SAID]->(c:Claim)-[:ABOTU]->(t) RETURN count(*) AS n"
    result = invoke(runner, "query", "--db", sample_db, "--format", "json", cypher)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": 0}]
    assert result.stderr.splitlines() == [
        "warning: no relationship type ABOTU in the data model; did you mean ABOUT?"
    ]


def test_query_with_known_names_says_nothing_more(runner: CliRunner, sample_db: Path) -> None:
    cypher = (
        "MATCH (a:Actor:Person {name: 'Karim Massimov'})<-[:ABOUT|MENTIONS]-(x) "
        "WHERE NOT x:Cluster RETURN a {.name, kind: a.kind} AS a LIMIT 1"
    )
    result = invoke(runner, "query", "--db", sample_db, "--format", "json", cypher)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_export_with_an_unknown_label_and_type_warns(
    runner: CliRunner, sample_db: Path, tmp_path: Path
) -> None:
    output = tmp_path / "g.json"
    result = invoke(
        runner, "export", "--db", sample_db, "--format", "json", "-o", output,
        "--label", "Acter", "--type", "SAYD", "--type", "SAID", "--label", "Claim",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: no label Acter in the data model; did you mean Actor?",
        "warning: no relationship type SAYD in the data model; did you mean SAID?",
    ]
    assert output.exists()


def test_export_query_with_an_unknown_label_warns(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(
        runner,
        "export",
        "--db",
        sample_db,
        "--format",
        "nq",
        "--query",
        "MATCH (h:HashTag) RETURN h",
    )
    assert result.exit_code == 0, result.output
    assert "warning: no label HashTag in the data model; did you mean Hashtag?" in result.stderr


def test_a_name_with_nothing_close_lists_the_model() -> None:
    [warning] = unknown_name_warnings("MATCH (x:Zebra) RETURN x")
    assert warning == f"no label Zebra in the data model; the labels are {', '.join(MODEL_LABELS)}"
    assert "\n" not in warning


@pytest.mark.parametrize(
    "cypher",
    [
        "RETURN {name: 'x', kind: {nested: 1}} AS m",
        "MATCH (a:Actor) RETURN a {.name, id: a.id}",
        "MATCH (a) WHERE a.name = 'x:Nothing' RETURN a // (b:Nothing)",
        "MATCH (a) /* (b:Nothing) */ RETURN a",
        "MATCH (a:Actor) CALL { WITH a MATCH (a)-[:OPERATES]->(b:Account) RETURN b } RETURN b",
        "MATCH (a) WHERE EXISTS { (a)-[:POSTED]->(:Post) } RETURN a",
        "MATCH (a:`Actor`)-[r:SAID*1..2]->(c) RETURN c",
        "UNWIND $rows AS row MERGE (n:Actor {id: row.id}) SET n += row.props",
    ],
)
def test_map_keys_strings_and_comments_are_not_names(cypher: str) -> None:
    assert unknown_name_warnings(cypher) == []


def test_saved_queries_use_only_the_model() -> None:
    assert MODEL_TYPES
    for query in list_saved():
        assert unknown_name_warnings(query.text) == [], query.name
