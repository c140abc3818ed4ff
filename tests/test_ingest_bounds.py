"""Ingest bounds its work: own database files, skipped-record memory, pathological texts."""

from __future__ import annotations

import json
import signal
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from claimgraph.attribution.mention import PART_SEPARATOR
from claimgraph.cli import cli
from claimgraph.extractors import load_pipeline
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.ingest import SKIPPED_SAMPLE, SKIPPED_SAMPLE_PER_FILE, ingest

#: Seconds an ingest here may take before the test calls it a hang (each takes a few).
HANG = 120


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture
def no_hang() -> Iterator[None]:
    def fail(signum: int, frame: object) -> None:
        raise TimeoutError(f"ingest took over {HANG} s: a hang")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(HANG)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# -- 17.2: the database in the folder being read ---------------------------------------


def test_ingesting_the_folder_that_holds_the_database_reads_none_of_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "note.txt").write_text("Khabar reported the campaign.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runs = []
    for _ in range(2):
        args = ["ingest", ".", "--extract", "none", "-q"]
        result = CliRunner().invoke(cli, args, standalone_mode=False)
        assert result.return_value == 0, result.output  # nothing skipped, nothing noted
        with EmbeddedStore(db=tmp_path / "claimgraph.db") as store:
            runs.append(sorted(store.query("MATCH (d:Document) RETURN d.source").rows))
            counts = store.counts()
    assert runs[0] == runs[1] == [["note.txt"]]
    assert counts.labels.get("Document") == 1 and not counts.labels.get("Actor")
    assert (tmp_path / "claimgraph.db.aof").is_dir()  # the log was there to be read


# -- 20.14: a bounded sample of skipped records --------------------------------------


def test_skipped_records_are_counted_but_only_a_sample_is_kept(tmp_path: Path) -> None:
    good = {"id_str": "1", "full_text": "ok", "user": {"screen_name": "a"}}
    for name in ("a.jsonl", "b.jsonl", "c.jsonl", "d.jsonl", "e.jsonl", "f.jsonl"):
        (tmp_path / name).write_text(json.dumps(good) + "\n" + "not json\n" * 3_000)
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        summary = ingest([tmp_path], store, extract="none")
    assert summary.skipped_count == 18_000 and summary.partial
    assert len(summary.skipped) == SKIPPED_SAMPLE
    per_file = {s.source for s in summary.skipped[:SKIPPED_SAMPLE_PER_FILE]}
    assert len(per_file) == 1 and summary.skipped[SKIPPED_SAMPLE_PER_FILE].line == 2


def test_memory_does_not_grow_with_the_number_of_bad_records() -> None:
    # Issue 20.14: about 210 bytes per bad record were kept, 965 MB for 4 million.
    from claimgraph.ingest import IngestSummary, _collect_skipped
    from claimgraph.sources import Skipped

    summary = IngestSummary()
    bad = (Skipped("huge.jsonl", f"not a JSON line ({n})", n) for n in range(1, 500_001))
    tracemalloc.start()
    try:
        assert list(_collect_skipped(bad, summary)) == []
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary.skipped_count == 500_000 and len(summary.skipped) == SKIPPED_SAMPLE_PER_FILE
    assert peak < 1_000_000, f"{peak:,} bytes traced for 500,000 bad records"


def test_the_cli_lists_the_sample_and_counts_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"id_str": "1", "full_text": "ok", "user": {"screen_name": "a"}}\n' + "x\n" * 50
    )
    args = ["ingest", str(path), "--extract", "none", "--db", str(tmp_path / "g.db")]
    result = CliRunner().invoke(cli, args, standalone_mode=False)
    assert result.return_value == 3, result.output
    listed = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(listed) == SKIPPED_SAMPLE_PER_FILE
    assert "30 more skipped inputs not listed (50 in all)" in result.stderr


# -- 20.6 and 17.1: texts that made the tokenizer take minutes --------------------------

PATHOLOGICAL = {
    "parens.txt": 'Karim Massimov said "the tenge is stable." ' + ")" * 16_000,
    "quotes.txt": '"' * 500_000,
    "brackets.txt": 'x{"a":' * 60_000,
}


def test_pathological_texts_parse_in_linear_time_and_load(
    nlp: Language, tmp_path: Path, no_hang: None
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in PATHOLOGICAL.items():
        (folder / name).write_text(text, encoding="utf-8")
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        summary = ingest([folder], store, nlp=nlp)
        rows = store.query(
            "MATCH (c:Claim)-[:REPORTED_IN]->(d:Document) "
            "RETURN d.text, c.text, c.start, c.end, c.speaker_text, c.speaker_start, c.speaker_end,"
            " c.spans"
        ).rows
    assert summary.documents_read == 3 and not summary.skipped
    assert rows, "the claim before the run of brackets was lost"
    _assert_offsets_index_the_text(rows)


def test_long_documents_are_parsed_in_pieces_with_offsets_into_the_whole_text(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimgraph.pipeline_run.PIECE_CHARS", 400)
    paragraphs = [
        f"Paragraph {n}. Karim Massimov said the tenge would stay stable in year {n}."
        for n in range(30)
    ]
    text = "\n\n".join(paragraphs) + "\n"
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        summary = ingest([tmp_path / "long.txt"], store, nlp=nlp)
        rows = store.query(
            "MATCH (c:Claim)-[:REPORTED_IN]->(d:Document) "
            "RETURN d.text, c.text, c.start, c.end, c.speaker_text, c.speaker_start, c.speaker_end,"
            " c.spans"
        ).rows
        mentions = store.query(
            "MATCH (:Document)-[m:MENTIONS]->(a:Actor {name: 'Karim Massimov'}) RETURN m.count"
        ).rows
    assert summary.documents_read == 1 and not summary.skipped
    assert len(rows) >= 25 and max(row[2] for row in rows) > len(text) // 2
    _assert_offsets_index_the_text(rows)
    assert mentions == [[30]]  # one actor; its mentions from every piece added up


def _assert_offsets_index_the_text(rows: list[list[object]]) -> None:
    for text, claim, start, end, speaker, speaker_start, speaker_end, spans in rows:
        assert isinstance(text, str)
        # An attribution in parts keeps each part's offsets; its text joins them.
        parts = sorted(tuple(map(int, part.split(":"))) for part in spans or [f"{start}:{end}"])
        assert (parts[0][0], parts[-1][1]) == (start, end)
        assert PART_SEPARATOR.join(text[s:e] for s, e in parts) == claim, (claim, start, end)
        if speaker is not None:
            assert text[speaker_start:speaker_end] == speaker


# -- 19.10: an @mention in a Telegram message ----------------------------------------


def test_a_mention_in_a_telegram_message_is_a_telegram_account(
    nlp: Language, tmp_path: Path
) -> None:
    export = {
        "name": "Veloria Today",
        "type": "public_channel",
        "id": 1687654321,
        "messages": [
            {
                "id": 5,
                "type": "message",
                "date_unixtime": "1470799800",
                "from": "Veloria Today",
                "from_id": "channel1687654321",
                "text": ["Read ", {"type": "mention", "text": "@veloria_news"}, " today."],
                "text_entities": [
                    {"type": "plain", "text": "Read "},
                    {"type": "mention", "text": "@veloria_news"},
                    {"type": "plain", "text": " today."},
                ],
            }
        ],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        ingest([path], store, nlp=nlp)
        accounts = sorted(row[0] for row in store.query("MATCH (a:Account) RETURN a.id").rows)
    assert "telegram:veloria_news" in accounts
    assert not [account for account in accounts if account.startswith("twitter:")]


def test_files_are_counted_before_reading_for_the_progress_bar(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Note {n}.\n")
    seen: list[tuple[int, int]] = []
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        summary = ingest([tmp_path], store, extract="none", on_files=lambda *a: seen.append(a))
    # g.db and its files are in the folder too, and neither counted nor read.
    assert summary.files_total == 3 and seen == [(1, 3), (2, 3), (3, 3)]
