"""Bounded memory: files of JSON-lines posts stream, whatever their size.

The readers of tweets and mapped JSON lines take a UTF-8 file line by line,
so reading a file needs memory for a line, not for the file. Measured here with
tracemalloc over generated files of 20 MB; ``bench/bench_memory.py`` measures
whole ingests from 100 MB to 2 GB.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

# Imported before tracing starts: what _structure imports on first use (spaCy among
# it) is tens of MB of modules, not data.
import claimgraph.to_graph  # noqa: F401
from claimgraph.ingest import _structure
from claimgraph.model import RawDocument
from claimgraph.sources import Skipped, read_sources

MB = 1024 * 1024
SIZE = 20 * MB
#: Far below the file's size: a few batches of records, never the file.
PEAK_LIMIT = 4 * MB


def _tweet(number: int) -> str:
    record = {
        "id_str": str(800_000_000_000_000_000 + number),
        "text": f"Пост {number} @user{number % 97} #tag{number % 13} " + "слово " * 40,
        "user": {"id_str": str(number % 5000), "screen_name": f"user{number % 5000}"},
        "created_at": "Wed Aug 10 03:30:00 +0000 2016",
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


def _write_until(path: Path, lines: Iterator[str], size: int = SIZE) -> int:
    written = count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        for line in lines:
            out.write(line)
            written += len(line.encode("utf-8"))
            count += 1
            if written >= size:
                break
    return count


def _peak_while_reading(path: Path) -> tuple[int, int]:
    """Return the documents read from ``path`` and the peak of traced memory meanwhile."""
    documents = 0
    tracemalloc.start()
    try:
        for item in read_sources([path]):
            assert not isinstance(item, Skipped), item
            _structure(item)
            documents += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return documents, peak


def test_json_lines_stream(tmp_path: Path) -> None:
    path = tmp_path / "tweets.jsonl"
    count = _write_until(path, (_tweet(n) for n in range(10**9)))
    documents, peak = _peak_while_reading(path)
    assert documents == count
    assert peak < PEAK_LIMIT, f"{peak / MB:.1f} MB traced while reading {SIZE / MB:.0f} MB"


def test_a_first_post_arrives_before_the_file_is_read(tmp_path: Path) -> None:
    # A stream is read as it comes, up to the size the file had when opened:
    # what is appended later is left for the next run (a writer faster than
    # the reader must not keep it reading for ever; see RELIABILITY.md).
    path = tmp_path / "tweets.jsonl"
    _write_until(path, (_tweet(n) for n in range(10**9)), size=MB)
    items = read_sources([path])
    first = next(items)
    with path.open("a", encoding="utf-8") as out:
        out.write(_tweet(10**8))
    rest = list(items)
    assert isinstance(first, RawDocument)
    assert rest
    assert f"twitter:{800_000_000_000_000_000 + 10**8}" not in {item.id for item in rest}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
def test_every_encoding_still_reads(tmp_path: Path, encoding: str) -> None:
    # Only UTF-8 streams; any other encoding is decoded whole as before.
    path = tmp_path / "tweets.jsonl"
    path.write_text("".join(_tweet(n) for n in range(3)), encoding=encoding)
    texts = [item.text for item in read_sources([path])]
    assert texts == [json.loads(_tweet(n))["text"].strip() for n in range(3)]


def test_a_line_separator_inside_a_json_string_stays_in_its_line(tmp_path: Path) -> None:
    path = tmp_path / "tweets.jsonl"
    line = json.loads(_tweet(1))
    line["text"] = "before\u2028after"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n" + _tweet(2), encoding="utf-8")
    items = list(read_sources([path]))
    assert [type(item) for item in items] == [RawDocument, RawDocument]
    assert items[0].text == "before\u2028after"
