"""The command line, run in-process with click's ``CliRunner`` on real embedded stores."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from claimgraph.cli import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, cli, main
from claimgraph.graph import GraphStore
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.model import GraphBatch

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
INJECTION = "x'}) MATCH (n) DETACH DELETE n // \"})"


@pytest.fixture
def runner() -> CliRunner:
    # Wide enough that rich never wraps a name across lines.
    return CliRunner(env={"COLUMNS": "300", "NO_COLOR": "1"})


def invoke(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(arg) for arg in args])


def query_json(runner: CliRunner, db: Path, *args: str) -> list[dict[str, object]]:
    result = invoke(runner, "query", "--db", db, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    records: list[dict[str, object]] = json.loads(result.stdout)
    return records


def assert_clean_error(result: Result, *fragments: str) -> None:
    """Assert a non-zero exit with a message on stderr and no traceback."""
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr


def all_commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from all_commands(command, (*path, name))


# -- help ----------------------------------------------------------------------


def test_top_level_help_documents_exit_codes(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    assert "Exit codes" in result.output
    assert "3  ingest" in result.output


@pytest.mark.parametrize("path", list(all_commands(cli)), ids=" ".join)
def test_every_command_has_help_with_an_example(runner: CliRunner, path: tuple[str, ...]) -> None:
    result = invoke(runner, *path, "--help")
    assert result.exit_code == 0, result.output
    command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help.split()) > 5
    assert "Examples:" in result.output
    assert f"claimgraph {' '.join(path)}" in result.output


def test_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.output.startswith("claimgraph, version ")


# -- query: output formats ---------------------------------------------------------


def test_saved_query_as_table(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(
        runner,
        "query",
        "--db",
        sample_db,
        "--saved",
        "who-said-about",
        "--param",
        "target=Karim Massimov",
    )
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[1]
    for name in ["speaker", "claim", "cue", "kind", "about", "document", "source"]:
        assert name in header
    assert "Muhtar Taizhan" in result.stdout
    assert "Aigul Orynbek" in result.stdout


def test_saved_query_as_json(runner: CliRunner, sample_db: Path) -> None:
    rows = query_json(runner, sample_db, "--saved", "top-actors", "--param", "limit=2")
    assert rows == [
        {"actor": "Karim Massimov", "kind": "person", "documents": 2},
        {"actor": "Aigul Orynbek", "kind": "person", "documents": 1},
    ]


def test_saved_query_as_csv(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(runner, "query", "--db", sample_db, "--saved", "actors", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5
    massimov = rows[0]
    assert massimov["actor"] == "Karim Massimov"
    assert json.loads(massimov["aliases"]) == ["Massimov", "Карим Масимов"]
    assert massimov["documents"] == "2"


def test_query_csv_cells_never_run_as_formulas(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(
        runner,
        "query",
        "--db",
        sample_db,
        "--format",
        "csv",
        "RETURN '=HYPERLINK(\"http://x\")' AS `=cmd`, '@SUM(A1)' AS b, -5 AS n",
    )
    assert result.exit_code == 0, result.output
    header, row = list(csv.reader(io.StringIO(result.stdout)))
    assert header == ["'=cmd", "b", "n"]
    assert row == ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "-5"]


def test_nodes_come_back_as_objects(runner: CliRunner, sample_db: Path) -> None:
    rows = query_json(
        runner, sample_db, "MATCH (a:Actor {id: $id}) RETURN a", "--param", "id=khabar"
    )
    assert rows == [
        {
            "a": {
                "labels": ["Actor", "Outlet"],
                "id": "khabar",
                "name": "Khabar",
                "kind": "outlet",
                "aliases": ["Khabar Agency"],
            }
        }
    ]


def test_node_values_in_a_table(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(runner, "query", "--db", sample_db, "MATCH (h:Hashtag) RETURN h, h.tag AS tag")
    assert result.exit_code == 0, result.output
    assert '"labels": ["Hashtag"]' in result.stdout


def test_json_parameters(runner: CliRunner, sample_db: Path) -> None:
    rows = query_json(
        runner,
        sample_db,
        "RETURN $n + 1 AS n, $xs AS xs, $flag AS flag, $s AS s",
        "-p",
        "n:=41",
        "-p",
        'xs:=[1, "a"]',
        "-p",
        "flag:=true",
        "-p",
        "s=41",
    )
    assert rows == [{"n": 42, "xs": [1, "a"], "flag": True, "s": "41"}]


def test_cypher_from_stdin(runner: CliRunner, sample_db: Path) -> None:
    result = runner.invoke(
        cli,
        ["query", "--db", str(sample_db), "--format", "csv", "-"],
        input="MATCH (a:Account) RETURN count(a) AS accounts",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "accounts\n3\n"


def test_empty_result(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(
        runner, "query", "--db", sample_db, "--saved", "claims-by", "--param", "speaker=nobody"
    )
    assert result.exit_code == 0
    assert "(no rows)" in result.stderr
    assert query_json(runner, sample_db, "--saved", "claims-by", "--param", "speaker=x") == []


# -- query: parameters are values, never query text -------------------------------


def test_parameter_cannot_inject_cypher(
    runner: CliRunner, sample_db: Path, sample_store: EmbeddedStore
) -> None:
    before = sample_store.counts()
    assert query_json(runner, sample_db, "RETURN $v AS v", "--param", f"v={INJECTION}") == [
        {"v": INJECTION}
    ]
    assert (
        query_json(
            runner,
            sample_db,
            "MATCH (a:Actor) WHERE a.name = $v RETURN a.name",
            "--param",
            f"v={INJECTION}",
        )
        == []
    )
    assert (
        query_json(runner, sample_db, "--saved", "who-said-about", "--param", f"target={INJECTION}")
        == []
    )
    assert sample_store.counts() == before


# -- query: errors -------------------------------------------------------------


def test_syntax_error_shows_position_without_traceback(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(runner, "query", "--db", sample_db, "MATCH (n)\nRETRN n")
    assert_clean_error(result, "Cypher syntax error at line 2, column ", "  RETRN n\n", "^")


def test_write_is_refused_without_write_flag(runner: CliRunner, fresh_store: EmbeddedStore) -> None:
    create = "CREATE (:Hashtag {id: $tag, tag: $tag})"
    refused = invoke(runner, "query", "--db", fresh_store.path, create, "-p", "tag=new")
    assert_clean_error(refused, "read-only", "--write")
    assert fresh_store.counts().labels["Hashtag"] == 1

    done = invoke(runner, "query", "--db", fresh_store.path, create, "-p", "tag=new", "--write")
    assert done.exit_code == 0, done.output
    assert "nodes created: 1" in done.stderr
    assert fresh_store.query("MATCH (h:Hashtag {id: 'new'}) RETURN h.tag").rows == [["new"]]


def test_unknown_store(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(runner, "stats", "--store", "nosuch", "--db", sample_db)
    assert_clean_error(result, "unknown store 'nosuch'", "embedded")


def test_store_from_environment(sample_db: Path) -> None:
    runner = CliRunner(env={"CLAIMGRAPH_STORE": "nosuch", "CLAIMGRAPH_DB": str(sample_db)})
    assert_clean_error(runner.invoke(cli, ["stats"]), "unknown store 'nosuch'")


def test_db_from_environment(sample_db: Path) -> None:
    runner = CliRunner(env={"CLAIMGRAPH_DB": str(sample_db)})
    result = runner.invoke(cli, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["labels"]["Actor"] == 5


def test_unknown_saved_query(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(runner, "query", "--db", sample_db, "--saved", "who-said")
    assert_clean_error(
        result, "no saved query is called 'who-said'", "who-said-about", "top-actors"
    )


def test_missing_parameter_of_a_saved_query(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(runner, "query", "--db", sample_db, "--saved", "who-said-about")
    assert_clean_error(result, "'target'", "--param target=VALUE")


def test_missing_parameter_of_a_cypher_query(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(runner, "query", "--db", sample_db, "RETURN $who AS who")
    assert_clean_error(result, "$who", "--param who=VALUE")


def test_unreadable_database_path(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "stats", "--db", tmp_path / "missing" / "x.db")
    assert_clean_error(result, "does not exist")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give a CYPHER query or --saved NAME"),
        (["RETURN 1", "--saved", "actors"], "not both"),
        (["--saved", "actors", "--write"], "saved queries only read"),
        (["RETURN 1", "--param", "novalue"], "is not NAME=VALUE"),
        (["RETURN 1", "--param", "n:={oops"], "needs a JSON value"),
        (["RETURN 1", "--param", "bad name=1"], "is not a parameter name"),
    ],
)
def test_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = invoke(runner, "query", *args)
    assert result.exit_code == 2
    assert message in result.stderr


# -- query --list --------------------------------------------------------------


def test_list_shows_purpose_and_parameters(runner: CliRunner) -> None:
    result = invoke(runner, "query", "--list")
    assert result.exit_code == 0
    for expected in ["who-said-about", "hashtag-users", "limit = 20", "target"]:
        assert expected in result.stdout


def test_list_as_json(runner: CliRunner) -> None:
    result = invoke(runner, "query", "--list", "--format", "json")
    saved = {row["name"]: row for row in json.loads(result.stdout)}
    assert saved["top-actors"]["parameters"] == "limit = 20  how many actors to list"
    assert saved["claims-by"]["purpose"].startswith("Every claim")


# -- stats -----------------------------------------------------------------------


def test_stats_table(runner: CliRunner, sample_db: Path) -> None:
    result = invoke(runner, "stats", "--db", sample_db)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.strip("│ ").split()) for line in result.stdout.splitlines()]
    assert any(line.startswith("Actor │ 5") for line in lines)
    assert any(line.startswith("Person │ 3") for line in lines)
    assert any(line.startswith("MENTIONS │ 8") for line in lines)


def test_stats_json_matches_the_store(
    runner: CliRunner, sample_db: Path, sample_store: EmbeddedStore
) -> None:
    result = invoke(runner, "stats", "--db", sample_db, "--format", "json")
    counts = sample_store.counts()
    assert json.loads(result.stdout) == {
        "nodes": counts.nodes,
        "relationships": counts.edges,
        "labels": counts.labels,
        "relationship_types": counts.relationships,
    }


# -- main: exit codes ----------------------------------------------------------------


def test_main_returns_exit_codes(sample_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", str(sample_db), "--format", "json"]) == EXIT_OK
    assert main(["query", "--db", str(sample_db), "--saved", "nosuch"]) == EXIT_ERROR
    assert "Error: no saved query is called 'nosuch'" in capsys.readouterr().err
    assert main(["query", "--bogus"]) == 2
    assert main(["--help"]) == EXIT_OK


# -- ingest ----------------------------------------------------------------------------


def pipeline_available() -> bool:
    try:
        from claimgraph.extractors import load_pipeline  # noqa: F401
        from claimgraph.sources import read_sources  # noqa: F401
    except ImportError:
        return False
    return True


needs_pipeline = pytest.mark.skipif(
    not pipeline_available(), reason="claimgraph.extractors.load_pipeline is not available yet"
)


@pytest.fixture(scope="module")
def ingest_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """Yield an empty store kept open, so that each ingest attaches instead of starting one."""
    store = EmbeddedStore(db=tmp_path_factory.mktemp("ingest") / "ingest.db")
    try:
        yield store
    finally:
        store.close()


@needs_pipeline
def test_ingest_reads_the_example(
    ingest_store: EmbeddedStore, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["ingest", str(EXAMPLES), "--db", str(ingest_store.path)])
    out = capsys.readouterr().out
    assert status == EXIT_OK
    assert "documents read" in out
    assert "words/s" in out
    assert ingest_store.counts().labels.get("Claim", 0) > 0


@needs_pipeline
def test_ingest_skips_bad_inputs_and_exits_3(
    ingest_store: EmbeddedStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "in")
    (tmp_path / "in" / "empty.txt").write_text("")
    status = main(["ingest", str(tmp_path / "in"), "--db", str(ingest_store.path), "--quiet"])
    captured = capsys.readouterr()
    assert status == EXIT_PARTIAL
    assert "empty.txt" in captured.err
    assert captured.out == ""


@needs_pipeline
def test_ingest_of_nothing_readable_exits_1(
    ingest_store: EmbeddedStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["ingest", str(tmp_path / "missing.txt"), "--db", str(ingest_store.path), "-q"])
    assert status == EXIT_ERROR
    err = capsys.readouterr().err
    assert "missing.txt" in err
    assert "Error: no document could be read" in err


@needs_pipeline
def test_ingest_with_trained_attribution_finds_the_founding_claims(
    ingest_store: EmbeddedStore, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "report.txt").write_text(
        "Local officials said that the new road would open in May. "
        "“We will keep our promise,” the mayor told reporters.",
        encoding="utf-8",
    )
    args = ["ingest", str(tmp_path / "in"), "--attribution", "trained", "-q"]
    assert main([*args, "--db", str(ingest_store.path), "--n-process", "1"]) == EXIT_OK
    rows = ingest_store.query(
        "MATCH (c:Claim)-[:REPORTED_IN]->(d:Document) WHERE d.source ENDS WITH 'report.txt' "
        "RETURN c.text ORDER BY c.start"
    ).rows
    texts = [row[0].removeprefix("that ") for row in rows]
    assert texts == ["the new road would open in May", "We will keep our promise"]


def test_ingest_refuses_an_unknown_attribution_mode(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "ingest", tmp_path, "--attribution", "magic", "--db", tmp_path / "x")
    assert result.exit_code == 2
    assert "'magic' is not one of 'rules', 'trained'" in result.output


@needs_pipeline
def test_ingest_with_a_gazetteer_links_its_accounts(
    ingest_store: EmbeddedStore, tmp_path: Path
) -> None:
    gazetteer = tmp_path / "actors.toml"
    gazetteer.write_text(
        '[[actor]]\nname = "Karim Massimov"\nkind = "person"\n'
        'accounts = ["twitter:KarimMassimov"]\n',
        encoding="utf-8",
    )
    args = ["ingest", str(EXAMPLES), "--gazetteer", str(gazetteer), "-q"]
    assert main([*args, "--db", str(ingest_store.path)]) == EXIT_OK
    operated = ingest_store.query(
        "MATCH (:Actor {id: 'karim-massimov'})-[:OPERATES]->(a:Account) RETURN a.id"
    ).rows
    assert ["twitter:karimmassimov"] in operated


@needs_pipeline
def test_ingest_with_a_bad_gazetteer_says_why(
    runner: CliRunner, ingest_store: EmbeddedStore, tmp_path: Path
) -> None:
    gazetteer = tmp_path / "actors.toml"
    gazetteer.write_text('[[actor]]\nkind = "person"\n', encoding="utf-8")
    result = invoke(
        runner, "ingest", EXAMPLES, "--gazetteer", gazetteer, "--db", ingest_store.path, "-q"
    )
    assert_clean_error(result, "actors.toml", "needs a name")


def test_ingest_rejects_an_unknown_format(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "ingest", EXAMPLES, "--format", "pdf", "--db", tmp_path / "x.db")
    assert result.exit_code == 2
    assert "'pdf' is not a source format" in result.stderr
    assert not (tmp_path / "x.db.aof").exists()


def test_neo4j_settings_from_flags(
    neo4j_store: GraphStore,
    neo4j_uri: str,
    make_sample_graph: Callable[[], GraphBatch],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for variable in ("CLAIMGRAPH_NEO4J_URI", "CLAIMGRAPH_NEO4J_USER", "CLAIMGRAPH_NEO4J_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    neo4j_store.write(make_sample_graph())
    status = main(["--neo4j-uri", neo4j_uri, "stats", "--store", "neo4j", "--format", "json"])
    assert status == EXIT_OK
    assert json.loads(capsys.readouterr().out)["nodes"] == neo4j_store.counts().nodes
