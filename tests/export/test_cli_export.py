"""``claimgraph export`` on the command line: formats from suffixes, saved queries, errors."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from claimgraph.cli import cli
from claimgraph.export import SUFFIXES, format_from_suffix


def export(sample_db: Path, *args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["export", "--db", str(sample_db), *map(str, args)])


@pytest.mark.parametrize(("suffix", "fmt"), sorted(SUFFIXES.items()))
def test_every_suffix_names_a_format(suffix: str, fmt: str) -> None:
    assert format_from_suffix(f"graph{suffix.upper()}") == fmt


def test_an_html_file_gets_html_without_format(sample_db: Path, tmp_path: Path) -> None:
    # issue 19.5: graph.html used to hold TriG
    result = export(sample_db, "-o", tmp_path / "graph.html")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html>")


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("graph.json", lambda text: "edges" in json.loads(text)),
        ("graph.graphml", lambda text: "<graphml" in text),
        ("graph.nq", lambda text: text.rstrip().endswith(".") and "@prefix" not in text),
        ("graph.trig", lambda text: "{" in text),
    ],
)
def test_other_suffixes_choose_their_format(
    sample_db: Path, tmp_path: Path, name: str, check: object
) -> None:
    result = export(sample_db, "-o", tmp_path / name)
    assert result.exit_code == 0, result.output
    assert callable(check) and check((tmp_path / name).read_text(encoding="utf-8"))


def test_an_unknown_suffix_is_refused_with_the_formats(sample_db: Path, tmp_path: Path) -> None:
    result = export(sample_db, "-o", tmp_path / "graph.xyz")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "--format" in result.stderr and ".html (html)" in result.stderr
    assert not (tmp_path / "graph.xyz").exists()


def test_no_output_and_no_format_still_writes_trig(sample_db: Path) -> None:
    result = export(sample_db)
    assert result.exit_code == 0, result.output
    assert "schema:Claim" in result.stdout or "schema.org/Claim" in result.stdout


@pytest.mark.parametrize("name", ["x.html", "x.png", "x.trig", "x.json"])
def test_a_missing_folder_is_one_line_error(sample_db: Path, tmp_path: Path, name: str) -> None:
    target = tmp_path / "missing" / "dir" / name
    result = export(sample_db, "-o", target)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.count("\n") == 1 and "mkdir -p" in result.stderr


def test_a_folder_as_output_file_is_refused(sample_db: Path, tmp_path: Path) -> None:
    result = export(sample_db, "--format", "html", "-o", tmp_path)
    assert result.exit_code == 1
    assert "is a folder" in result.stderr


def test_csv_creates_its_folder(sample_db: Path, tmp_path: Path) -> None:
    result = export(sample_db, "--format", "csv", "-o", tmp_path / "new" / "graph-csv")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "graph-csv" / "import.args").is_file()


def test_saved_query_exports_the_nodes_it_is_about(sample_db: Path, tmp_path: Path) -> None:
    # issue 19.6: the saved query returns names and texts; the export draws their nodes
    target = tmp_path / "massimov.graphml"
    result = export(
        sample_db, "-o", target, "--saved", "who-said-about", "--param", "target=Karim Massimov"
    )
    assert result.exit_code == 0, result.output
    nodes = set(nx.read_graphml(target))
    assert {
        "Actor:karim-massimov",
        "Actor:muhtar-taizhan",
        "Actor:aigul-orynbek",
        "Claim:c-taizhan",
        "Claim:c-orynbek",
        "Document:doc-article",
    } <= nodes
    assert "Hashtag:25летнезависимости" not in nodes


def test_saved_query_picture_with_hops(sample_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "massimov.png"
    result = export(
        sample_db,
        "--format",
        "png",
        "-o",
        target,
        "--saved",
        "who-said-about",
        "--param",
        "target=Karim Massimov",
        "--hops",
        "1",
    )
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 10_000
    assert "no nodes" not in result.stderr


def test_saved_query_as_nquads(sample_db: Path) -> None:
    result = export(
        sample_db, "--format", "nq", "--saved", "who-said-about", "--param", "target=Karim Massimov"
    )
    assert result.exit_code == 0, result.output
    assert "Muhtar Taizhan" in result.stdout
    assert "debts have grown" in result.stdout


@pytest.mark.parametrize("fmt", ["nq", "json"])
def test_a_query_without_nodes_is_an_error(sample_db: Path, fmt: str) -> None:
    result = export(sample_db, "--format", fmt, "--query", "MATCH (a:Actor) RETURN a.name")
    assert result.exit_code == 1
    assert "no nodes" in result.stderr and "RETURN s, c, d" in result.stderr


def test_a_saved_query_matching_nothing_writes_an_empty_export_and_says_so(
    sample_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "nobody.json"
    result = export(
        sample_db, "-o", target, "--saved", "who-said-about", "--param", "target=Nobody"
    )
    assert result.exit_code == 0, result.output
    assert "matched nothing" in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["nodes"] == []
