"""CSV that spreadsheets open safely: formulas defused line by line, every line break quoted."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.export import export_graph
from claimgraph.export.csv import csv_record, defused, is_formula

#: The payload of issue 20.8: a bare carriage return, then a DDE formula.
BARE_CR = "Breaking\r=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    "text", ["=1+1", "+cmd", "-2+3", "- cmd|' /C calc'!A0", "@SUM(A1)", "@A1", "=HYPERLINK(1)"]
)
def test_formulas_are_defused(text: str) -> None:
    assert is_formula(text)
    assert defused(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["@veloriatoday", "@Massimov_Karim", "-", "-5", "-2.5", "+7", "plain", "", "50%"]
)
def test_handles_numbers_and_text_are_left_alone(text: str) -> None:
    assert defused(text) == text


def test_every_line_of_a_cell_is_guarded() -> None:
    assert defused(BARE_CR) == "Breaking\r'=cmd|' /C calc'!A0"
    assert defused("a\r\n+cmd\nok\r@SUM(1)") == "a\r\n'+cmd\nok\r'@SUM(1)"


def test_cells_with_line_breaks_are_quoted() -> None:
    record = csv_record(["x", "a\rb", "c\nd", "plain"])
    assert record == 'x,"a\rb","c\nd",plain\n'
    assert next(csv.reader(io.StringIO(record, newline=""))) == ["x", "a\rb", "c\nd", "plain"]


def _physical_lines(text: str) -> list[str]:
    """Split as a line-based tool does: at every CR, LF or CRLF, quotes or not."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _assert_safe(text: str) -> None:
    for line in _physical_lines(text):
        for cell in line.split(","):
            assert not is_formula(cell.strip('"')), (line, cell)


def test_query_csv_quotes_a_bare_carriage_return(sample_db: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "--db",
            str(sample_db),
            "--format",
            "csv",
            "--param",
            f"v={BARE_CR}",
            "RETURN $v AS v, '@veloriatoday' AS h, -5 AS n",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "v,h,n\n\"Breaking\r'=cmd|' /C calc'!A0\",@veloriatoday,-5\n"
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows == [["v", "h", "n"], ["Breaking\r'=cmd|' /C calc'!A0", "@veloriatoday", "-5"]]
    _assert_safe(result.stdout)


def test_exported_csv_files_are_safe_line_by_line(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("Claim:c1", label="Claim", labels=["Claim"], id="c1", text=BARE_CR, cue="-1")
    graph.add_node("Account:a", label="Account", labels=["Account"], id="a", handle="veloriatoday")
    graph.add_edge("Account:a", "Claim:c1", key="SAID", type="SAID")
    folder = export_graph(graph, tmp_path / "csv", "csv")
    claims = (folder / "nodes-Claim.csv").read_text(encoding="utf-8")
    _assert_safe(claims)
    with (folder / "nodes-Claim.csv").open(encoding="utf-8", newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert row["text"] == "Breaking\r'=cmd|' /C calc'!A0"
    assert row["cue"] == "-1"
