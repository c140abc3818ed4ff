"""`claimgraph import` of literals no store holds as they are: NUL, and values over 16 MB."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.graph.backends.embedded import EmbeddedStore

_TRIG = """@prefix schema: <https://schema.org/> .
<https://w3id.org/claimgraph/graph/document/d1> {{
  <https://w3id.org/claimgraph/id/document/d1> a schema:NewsArticle ;
     schema:text "{text}" .
}}
"""


def _import(tmp_path: Path, text: str) -> tuple[int, str, list[list[object]]]:
    source = tmp_path / "graph.trig"
    source.write_text(_TRIG.format(text=text), encoding="utf-8")
    db = tmp_path / "g.db"
    result = CliRunner().invoke(cli, ["import", str(source), "--db", str(db)])
    with EmbeddedStore(db=db) as store:
        rows = store.query("MATCH (d:Document) RETURN d.id, size(d.text), d.text").rows
    return result.exit_code, result.output, rows


def test_a_nul_in_a_literal_becomes_a_replacement_character(tmp_path: Path) -> None:
    # Issue 20.13: it used to fail the write with a misleading --param error.
    code, output, rows = _import(tmp_path, "nul \\u0000 here")
    assert code == 0, output
    assert rows == [["d1", 10, "nul \ufffd here"]]


def test_a_literal_over_the_parsers_16_mb_buffer_imports(tmp_path: Path) -> None:
    # Issue 20.13: Oxigraph's parser raised MemoryError; the import now reads such a file
    # with rdflib instead.
    code, output, rows = _import(tmp_path, "a" * 17_000_000)
    assert code == 0, output
    assert [row[:2] for row in rows] == [["d1", 17_000_000]]
