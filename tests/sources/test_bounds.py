"""The readers bound their work, decide encodings per line, and never read a database's files."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.model import RawDocument
from claimgraph.sources import Skipped, read_sources
from claimgraph.sources.files import expand_paths, store_files
from claimgraph.sources.limits import MAX_JSON_DEPTH

#: Seconds a read may take before the test calls it a hang (it takes well under one).
HANG = 30


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    def fail(signum: int, frame: object) -> None:
        raise TimeoutError(f"reading took over {HANG} s: a hang")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(HANG)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _tweet(n: int, text: str = "good tweet") -> dict[str, object]:
    return {
        "id_str": str(1000 + n),
        "full_text": f"{text} {n}",
        "user": {"id_str": "7", "screen_name": "almiri"},
        "created_at": "Wed Aug 10 03:30:00 +0000 2016",
    }


def _split(items: list[RawDocument | Skipped]) -> tuple[list[RawDocument], list[Skipped]]:
    docs = [item for item in items if isinstance(item, RawDocument)]
    return docs, [item for item in items if isinstance(item, Skipped)]


# -- 17.1: nesting depth ------------------------------------------------------


def test_a_deeply_nested_json_file_is_skipped_and_the_others_load(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text('{"a":' * 50_000 + "1" + "}" * 50_000 + "\n")
    (tmp_path / "deep.txt").write_text("[" * 100_000)
    (tmp_path / "note.txt").write_text("Karim Massimov said the tenge is stable.\n")
    docs, skipped = _split(list(read_sources([tmp_path])))
    assert [Path(doc.source).name for doc in docs] == ["note.txt"]
    assert {Path(s.source).name for s in skipped} == {"deep.json", "deep.txt"}
    for item in skipped:
        assert f"nested more than {MAX_JSON_DEPTH} levels deep" in item.reason


def test_json_of_ordinary_depth_and_text_with_brackets_still_read(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"a": [[{"b": "[[[[[["}]]}))
    (tmp_path / "list.txt").write_text("[Update] The minister spoke.\n")
    docs, skipped = _split(list(read_sources([tmp_path])))
    assert [Path(doc.source).name for doc in docs] == ["list.txt"]
    # JSON of unknown shape is a table of posts that needs a column mapping, as before.
    assert [s.reason.split(":")[0] for s in skipped] == [
        "posts in a CSV or JSONL file need a column mapping"
    ]


# -- 19.4: twarc2 pages longer than the sniffed head ---------------------------------


def _twarc2_page(first: int, count: int) -> str:
    tweets = [
        {
            "id": str(1_500_000_000_000_000_000 + first + n),
            "text": f"tweet {first + n} " + "padding words " * 80,
            "author_id": "7",
            "created_at": "2022-03-01T10:00:00.000Z",
            "edit_history_tweet_ids": [str(first + n)],
        }
        for n in range(count)
    ]
    users = [{"id": "7", "username": "almiri", "name": "Almiri"}]
    meta = {"result_count": count, "newest_id": tweets[0]["id"]}
    return json.dumps({"data": tweets, "includes": {"users": users}, "meta": meta})


def test_a_twarc2_page_line_over_100_kb_is_detected(tmp_path: Path) -> None:
    page = _twarc2_page(0, 100)
    assert len(page) > 100_000
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "search.jsonl").write_text(page + "\n" + _twarc2_page(100, 5) + "\n")
    (folder / "note.txt").write_text("An article about the campaign.\n")
    docs, skipped = _split(list(read_sources([folder])))
    assert not skipped, skipped
    tweets = [doc for doc in docs if doc.format == "twitter"]
    assert len(tweets) == 105
    assert tweets[0].post is not None and tweets[0].post.author == "twitter:almiri"


# -- 20.7: encoding decided per line --------------------------------------------------


def test_two_cp1251_lines_among_utf8_tweets_cost_two_records(tmp_path: Path) -> None:
    lines = [json.dumps(_tweet(n, "Привет"), ensure_ascii=False).encode() for n in range(30)]
    bad = json.dumps(_tweet(99, "Привет"), ensure_ascii=False).encode("cp1251")
    lines[10:10] = [bad]
    lines[20:20] = [bad]
    path = tmp_path / "tweets.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    docs, skipped = _split(list(read_sources([path])))
    assert len(docs) == 30
    assert [(s.line, s.reason.split(" (")[0]) for s in skipped] == [
        (11, "not UTF-8 text"),
        (21, "not UTF-8 text"),
    ]


def test_garbage_lines_among_100_good_tweets_cost_only_themselves(tmp_path: Path) -> None:
    lines = [json.dumps(_tweet(n)).encode() for n in range(100)]
    for position in (3, 20, 41, 60, 77, 95):
        lines.insert(position, bytes(range(128, 256)))
    path = tmp_path / "tweets.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    docs, skipped = _split(list(read_sources([path])))
    assert len(docs) == 100
    assert len(skipped) == 6 and all(s.line is not None for s in skipped)


def test_a_cp1251_row_among_utf8_csv_rows_costs_one_row(tmp_path: Path) -> None:
    header = "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n"
    rows = [f"{n},7,almiri,,,Привет {n},60,\n".encode() for n in range(30)]
    rows[5] = "5,7,almiri,,,Привет 5,60,\n".encode("cp1251")
    rows[9] = "9,7,almiri,,,Привет 9,60,\n".encode("cp1251")
    path = tmp_path / "posts.csv"
    path.write_bytes(header.encode() + b"".join(rows))
    docs, skipped = _split(list(read_sources([path])))
    assert len(docs) == 28 and [s.line for s in skipped] == [7, 11]
    assert all(doc.text.startswith("Привет") for doc in docs)


def test_a_cp1251_table_whose_rows_are_mostly_ascii_is_still_cp1251(tmp_path: Path) -> None:
    # ASCII rows tell nothing of the encoding: the rows beyond ASCII decide.
    header = "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n"
    rows = [f"{n},7,almiri,,,hello {n},60,\n" for n in range(30)]
    rows += [
        f"{n},7,almiri,,,Премьер-министр Казахстана заявил о росте {n},60,\n" for n in range(30, 40)
    ]
    path = tmp_path / "posts.csv"
    path.write_bytes((header + "".join(rows)).encode("cp1251"))
    docs, skipped = _split(list(read_sources([path])))
    assert len(docs) == 40 and not skipped
    assert docs[-1].text == "Премьер-министр Казахстана заявил о росте 39"


# -- line length --------------------------------------------------------------------


def test_a_line_over_the_limit_is_reported_and_the_next_ones_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimgraph.sources.readers.MAX_LINE_BYTES", 10_000)
    lines = [json.dumps(_tweet(0)), json.dumps(_tweet(1, "x" * 50_000)), json.dumps(_tweet(2))]
    path = tmp_path / "tweets.jsonl"
    path.write_text("\n".join(lines) + "\n")
    docs, skipped = _split(list(read_sources([path])))
    assert [doc.id for doc in docs] == ["twitter:1000", "twitter:1002"]
    assert len(skipped) == 1 and skipped[0].line == 2
    assert skipped[0].reason.startswith("line longer than 10,000 bytes")


def test_a_file_over_the_size_limit_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimgraph.sources.readers.MAX_FILE_BYTES", 1_000)
    (tmp_path / "big.txt").write_text("word " * 1_000)
    (tmp_path / "small.txt").write_text("A short note.\n")
    docs, skipped = _split(list(read_sources([tmp_path])))
    assert [Path(doc.source).name for doc in docs] == ["small.txt"]
    assert [Path(s.source).name for s in skipped] == ["big.txt"]
    assert "larger than the 1,000 read whole" in skipped[0].reason


# -- 17.2: database files -------------------------------------------------------------


def _database_files(folder: Path) -> None:
    (folder / "claimgraph.db").write_bytes(b"REDIS0011\xfa\tredis-ver\x058.0.0" + b"\x00" * 40)
    log = folder / "claimgraph.db.aof"
    log.mkdir()
    (log / "appendonly.aof.1.base.rdb").write_bytes(b"REDIS0011" + b"\x00" * 10)
    (log / "appendonly.aof.1.incr.aof").write_text(
        '*3\r\n$9\r\nGRAPH.QUERY\r\n$10\r\nclaimgraph\r\n$40\r\nMERGE (d:Document {text: "x"})\r\n'
    )
    (log / "appendonly.aof.manifest").write_text("file appendonly.aof.1.base.rdb seq 1 type b\n")
    (folder / "claimgraph.db.settings").write_text('{"pid": 1, "socket": "/tmp/x.sock"}\n')
    (folder / "claimgraph.db.lock").write_text("")
    rocks = folder / "graph.oxigraph"
    rocks.mkdir()
    for name in ("CURRENT", "IDENTITY", "LOCK", "MANIFEST-000005", "OPTIONS-000007"):
        (rocks / name).write_text("MANIFEST-000005\n")
    (rocks / "000004.log").write_text("some log text that is not a document\n")
    (rocks / "000009.sst").write_bytes(b"\x00" * 64)
    (folder / "dump.rdb").write_bytes(b"REDIS0009" + b"\x01" * 20)
    (folder / "renamed-dump").write_bytes(b"REDIS0011" + b"text " * 20)


def test_database_files_in_a_folder_are_never_read(tmp_path: Path) -> None:
    _database_files(tmp_path)
    (tmp_path / "note.txt").write_text("The only document.\n")
    exclude = store_files(tmp_path / "claimgraph.db")
    items = list(read_sources([tmp_path], exclude=exclude))
    docs, skipped = _split(items)
    assert [Path(doc.source).name for doc in docs] == ["note.txt"]
    # A dump under a name of its own is recognised by its content, and noted.
    assert [(Path(s.source).name, s.reason.split(",")[0]) for s in skipped] == [
        ("renamed-dump", "a redis or FalkorDB database dump (RDB)")
    ]


def test_a_database_file_named_explicitly_is_noted(tmp_path: Path) -> None:
    _database_files(tmp_path)
    exclude = store_files(tmp_path / "claimgraph.db")
    named = [tmp_path / "claimgraph.db.settings", tmp_path / "dump.rdb"]
    items = list(expand_paths(named, exclude))
    assert all(isinstance(item, Skipped) for item in items)
    assert "the database this ingest writes to" in items[0].reason
    assert "a database file" in items[1].reason


# -- time per file: linear in the number of bad records ----------------------------------


def test_a_csv_file_of_malformed_rows_is_read_in_linear_time(tmp_path: Path) -> None:
    # Each malformed row restarted the reader on a copy of the rest of the file:
    # 160,000 such rows took two minutes; within the hang alarm now.
    header = "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n"
    rows = "".join(f'{n},7,almiri,,,"x"y,60,\n' for n in range(200_000))
    path = tmp_path / "posts.csv"
    path.write_text(header + rows + "200000,7,almiri,,,fine,60,\n")
    docs, skipped = _split(list(read_sources([path])))
    assert len(skipped) == 200_000 and [doc.text for doc in docs] == ["fine"]


# -- number of elements -------------------------------------------------------------------


def test_a_post_with_thousands_of_mentions_is_reported(tmp_path: Path) -> None:
    flood = _tweet(1, " ".join(f"@user{n}" for n in range(5_000)))
    lines = [json.dumps(_tweet(0)), json.dumps(flood), json.dumps(_tweet(2))]
    path = tmp_path / "tweets.jsonl"
    path.write_text("\n".join(lines) + "\n")
    docs, skipped = _split(list(read_sources([path])))
    assert [doc.id for doc in docs] == ["twitter:1000", "twitter:1002"]
    assert [(s.line, s.reason) for s in skipped] == [
        (2, "post 1001 has 5,000 mentions, more than the 1,000 a real post holds; not read")
    ]
