"""Languages without a model: the run says which documents got only the rule pipeline.

Issue 19.9: Ukrainian and German articles gave no actors and no claims, and
nothing said so. Made-up names throughout.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.graph.embedded import EmbeddedStore
from claimgraph.ingest import ingest

GERMAN = (
    "Die Regierung von Marograd hat am Montag neue Wahlen angekündigt. Der Außenminister "
    "Anatol Brask sagte, die Gespräche mit den Nachbarländern seien gescheitert."
)
BELARUSIAN = (
    "Урад Марэніі абвясціў датэрміновыя выбары. Міністр замежных спраў Анатоль Браск "
    "лічыць, што перамовы зайшлі ў тупік, і заклікаў суседзяў да дыялогу."
)


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_summary_counts_documents_that_got_only_the_rule_pipeline(tmp_path: Path) -> None:
    texts = {"de-1.txt": GERMAN, "de-2.txt": GERMAN.replace("Montag", "Dienstag")}
    texts["be.txt"] = BELARUSIAN
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        summary = ingest([_write(tmp_path / "in", texts)], store, extract="entities")
    assert summary.rule_only == {"de": 2, "be": 1}
    [warning] = summary.warnings
    assert "3 documents (1 in be, 2 in de) got only the rule pipeline" in warning
    assert "no claims" in warning and "\n" not in warning


def test_the_cli_warns_in_one_line_and_says_nothing_when_every_language_has_a_model(
    tmp_path: Path,
) -> None:
    folder = _write(tmp_path / "in", {"de.txt": GERMAN})
    command = ["ingest", str(folder), "--db", str(tmp_path / "g.db"), "--n-process", "1", "-q"]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert lines == [
        "warning: 1 document (1 in de) got only the rule pipeline, there being no model for "
        "the language: hashtags, handles, links and gazetteer names, but no other actors "
        "and no claims"
    ]
    english = _write(tmp_path / "en", {"en.txt": "Officials in Marograd said nothing."})
    command = ["ingest", str(english), "--db", str(tmp_path / "e.db"), "--n-process", "1"]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0 and "warning:" not in result.output
