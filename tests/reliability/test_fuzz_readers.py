"""Hostile input for every reader: never a crash or a hang, bad records reported, good ones kept.

Each property writes a file with good records before and after one hostile
record (random bytes, bytes that are not UTF-8, NUL bytes, truncated JSON,
JSON nested 100,000 levels deep, very long lines, a field of the wrong
type) and reads it with :func:`claimgraph.sources.read_sources`, the path
`claimgraph ingest` takes. Whatever the hostile record is:

- reading returns (a per-example alarm fails the test if it hangs) and raises nothing;
- every good record loads with its text intact;
- the hostile record either loads or is reported as a ``Skipped`` with the
  file and its line (a feed entry: ``path#entry``);
- no report is the readers' catch-all for their own bugs ("unexpected error").

Files that are one document (text, Markdown, HTML, a whole feed) get hostile
content as a whole and must give a document or a ``Skipped`` naming the file.

``make test`` runs a few dozen examples per reader; the ``slow`` variants
run many more. The number run per reader is printed at the end of the module
(``pytest -s``).
"""

from __future__ import annotations

import collections
import contextlib
import csv
import io
import json
import signal
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.export.style import clean_text
from claimgraph.model import RawDocument
from claimgraph.sources import Skipped, read_sources

#: Examples per property in ``make test`` and in the slow variants.
FEW, MANY = 25, 400
#: Seconds one example may take before it counts as a hang.
ALARM_SECONDS = 20

EXAMPLES: collections.Counter[str] = collections.Counter()
_FAST = settings(
    max_examples=FEW,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_SLOW = settings(_FAST, max_examples=MANY, derandomize=False)
#: Each property runs twice: a few examples in ``make test``, many in the slow suite.
SIZES = [pytest.param(FEW, id="few"), pytest.param(MANY, id="many", marks=pytest.mark.slow)]


def _run(examples: int, strategy: st.SearchStrategy[Any], check: Callable[[Any], None]) -> None:
    """Run ``check`` on ``examples`` values drawn from ``strategy``."""
    (_FAST if examples == FEW else _SLOW)(given(strategy)(check))()


_BUG = "unexpected error"


@pytest.fixture(scope="module", autouse=True)
def _report_examples() -> Iterator[None]:
    yield
    print("\nfuzz examples run per reader:", dict(sorted(EXAMPLES.items())))


@contextlib.contextmanager
def _no_hang(what: str) -> Iterator[None]:
    def fail(signum: int, frame: object) -> None:
        raise TimeoutError(f"reading {what} took over {ALARM_SECONDS} s: a hang")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(ALARM_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _read(name: str, data: bytes, reader: str, **options: Any) -> tuple[Path, list[Any]]:
    EXAMPLES[reader] += 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, name)
        path.write_bytes(data)
        with _no_hang(reader):
            items = list(read_sources([path], **options))
    for item in items:
        if isinstance(item, Skipped):
            assert _BUG not in item.reason, item
    return path, items


# -- hostile values ----------------------------------------------------------

_DEEP = st.sampled_from([100_000, 5_000, 999]).flatmap(
    lambda depth: st.sampled_from(["[" * depth, '{"a":' * depth, "[" * depth + "]" * depth])
)
_LONG = st.integers(min_value=1, max_value=3).map(lambda mb: "x" * (mb * 1_000_000))
_HOSTILE_TEXT = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["", " ", "\x00", "\ud800", "\udfff", "\u2028", "\r", "\x85", "=1+1", "'"]),
    st.sampled_from(['"', "\\", "]]>", "<script>", "\ufeff", "\ufffe", "😀" * 50]),
    st.integers(min_value=1, max_value=3).map(lambda n: "y" * (n * 200_000)),
)
#: A JSON value of each type, for fields of the wrong type.
_HOSTILE_VALUE = st.one_of(
    _HOSTILE_TEXT,
    st.sampled_from([None, True, False, 0, -1, 1.5, 1e308, 10**30, float("nan"), float("inf")]),
    st.sampled_from([[], [1], [None], [[]], ["a", 2], {}, {"a": 1}, {"id": {"id": 1}}]),
)


def _hostile_line(good: str) -> st.SearchStrategy[bytes]:
    """Return a strategy for one hostile line in a file whose good lines look like ``good``."""
    raw = good.encode("utf-8")
    return st.one_of(
        st.binary(max_size=300),
        st.binary(min_size=1, max_size=50).map(lambda b: b"\xff\xfe" + b + b"\xc3"),
        st.integers(0, len(raw)).map(lambda i: raw[:i] + b"\x00" + raw[i:]),
        st.integers(0, len(raw) - 1).map(lambda i: raw[:i]),  # truncated
        st.integers(0, len(raw) - 1).map(lambda i: raw[:i] + b"\xff" + raw[i + 1 :]),
        _DEEP.map(str.encode),
        _LONG.map(str.encode),
        st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    ).map(lambda line: line.replace(b"\n", b" ").replace(b"\r", b" "))


def _with_wrong_type(record: Any, draw: Callable[..., Any]) -> Any:
    """Return a copy of ``record`` with one of its values, at any depth, replaced."""
    paths = list(_paths(record))
    path = draw(st.sampled_from(paths))
    value = draw(_HOSTILE_VALUE)
    copy = json.loads(json.dumps(record))
    if not path:
        return value
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


# -- line-based formats: good records around one hostile line -------------------


def _tweet_v1(n: int) -> dict[str, Any]:
    return {
        "id_str": str(1000 + n),
        "full_text": f"good tweet {n} #ok @friend https://example.org/{n}",
        "created_at": "Wed Aug 10 03:30:00 +0000 2016",
        "user": {"id_str": "7", "screen_name": "Almiri", "name": "Almiri K"},
        "entities": {
            "hashtags": [{"text": "ok"}],
            "user_mentions": [{"screen_name": "friend"}],
            "urls": [{"expanded_url": f"https://example.org/{n}"}],
        },
        "retweeted_status": {"id_str": "1", "entities": {"hashtags": [{"text": "ok"}]}},
    }


def _tweet_v2(n: int) -> dict[str, Any]:
    return {
        "data": [
            {
                "id": str(1000 + n),
                "text": f"good tweet {n} #ok",
                "author_id": "7",
                "created_at": "2016-08-10T03:30:00.000Z",
                "referenced_tweets": [{"type": "replied_to", "id": "5"}],
                "entities": {"mentions": [{"username": "friend"}], "urls": []},
            }
        ],
        "includes": {"users": [{"id": "7", "username": "almiri", "name": "Almiri"}]},
    }


def _mapped(n: int) -> dict[str, Any]:
    return {"id": 1000 + n, "user": {"name": "almiri"}, "body": f"good post {n}", "at": 60 + n}


_JSON_LINES = {
    "twitter-v1.1": (_tweet_v1, "tweets.jsonl", {}),
    "twitter-v2": (_tweet_v2, "tweets.jsonl", {}),
    "jsonl": (_mapped, "posts.jsonl", {"columns": "id=id,author=user.name,text=body,time=at"}),
}


def _json_line_records(reader: str) -> st.SearchStrategy[tuple[bytes, int]]:
    make, _, _ = _JSON_LINES[reader]
    good = json.dumps(make(0), ensure_ascii=False)

    @st.composite
    def build(draw: Callable[..., Any]) -> tuple[bytes, int]:
        if draw(st.booleans()):
            bad = json.dumps(_with_wrong_type(make(2), draw), ensure_ascii=False)
            line = bad.encode("utf-8", "surrogatepass")
        else:
            line = draw(_hostile_line(good))
        lines = [json.dumps(make(n)).encode() for n in (0, 1)] + [line]
        lines += [json.dumps(make(n)).encode() for n in (3, 4)]
        return b"\n".join(lines) + b"\n", 3

    return build()


def _check_records(
    path: Path, items: list[Any], good: dict[str, str], bad_lines: range, blank: bool = False
) -> None:
    docs: dict[str, RawDocument] = {}
    for item in items:  # the first of one id wins, as in ingest
        if isinstance(item, RawDocument):
            docs.setdefault(item.id, item)
    for doc_id, text in good.items():
        assert doc_id in docs, f"good record {doc_id} lost: {items}"
        assert docs[doc_id].text == text
    for item in items:
        if isinstance(item, Skipped):
            assert item.source == str(path)
            assert item.line in bad_lines, item
    # The hostile record loads as one document (maybe under another id), or is reported.
    assert len(docs.keys() - good.keys()) <= 1, docs.keys() - good.keys()
    assert len(items) > len(good) or blank, "the hostile record was neither loaded nor reported"


def _fuzz_json_lines(reader: str, case: tuple[bytes, int]) -> None:
    make, name, options = _JSON_LINES[reader]
    data, bad_line = case
    path, items = _read(name, data, reader, **options)
    good = {f"twitter:{1000 + n}": _text_of(make(n)) for n in (0, 1, 3, 4)}
    empty = _holds_no_record(data.split(b"\n")[bad_line - 1])
    _check_records(path, items, good, range(bad_line, bad_line + 1), empty)


def _holds_no_record(line: bytes) -> bool:
    """Return whether ``line`` is blank, or an API v2 response with no tweets (both legitimate)."""
    if not line.strip(b" \t\r"):
        return True
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) and value.get("data") == []


def _text_of(record: dict[str, Any]) -> str:
    if "data" in record:
        return str(record["data"][0]["text"])
    return str(record.get("full_text") or record.get("body"))


@pytest.mark.parametrize("examples", SIZES)
@pytest.mark.parametrize("reader", sorted(_JSON_LINES))
def test_json_lines_readers_survive_hostile_lines(reader: str, examples: int) -> None:
    def check(case: Any) -> None:
        _fuzz_json_lines(reader, case)

    _run(examples, _json_line_records(reader), check)


# -- CSV: the toolkit's format and a mapped table ------------------------------

_CSV_TABLES = {
    "cnt-csv": (
        [
            "message_id",
            "user_id",
            "username",
            "repost_id",
            "reply_id",
            "message",
            "timestamp",
            "urls",
        ],
        {},
    ),  # fmt: skip
    "csv": (["post", "who", "body", "when"], {"columns": "id=post,author=who,text=body,time=when"}),
}


def _csv_row(reader: str, n: int, cells: dict[str, Any] | None = None) -> list[str]:
    values = {"id": str(1000 + n), "author": "almiri", "text": f"good post {n}", "time": "60"}
    values.update(cells or {})
    if reader == "cnt-csv":
        return [values["id"], "7", values["author"], "", "", values["text"], values["time"], ""]
    return [values["id"], values["author"], values["text"], values["time"]]


def _csv_line(cells: list[Any]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue().rstrip("\n").encode("utf-8", "surrogatepass")


def _csv_records(reader: str) -> st.SearchStrategy[tuple[bytes, range]]:
    header, _ = _CSV_TABLES[reader]

    @st.composite
    def build(draw: Callable[..., Any]) -> tuple[bytes, range]:
        choice = draw(st.integers(0, 2))
        if choice == 0:  # one field hostile, written as valid CSV (may span lines)
            field = draw(st.sampled_from(["id", "author", "text", "time"]))
            value = draw(_HOSTILE_TEXT)
            bad = _csv_line(_csv_row(reader, 2, {field: value}))
        elif choice == 1:  # a row of the wrong width
            bad = _csv_line(_csv_row(reader, 2) + draw(st.lists(st.text(max_size=5), max_size=3)))
            bad = bad if draw(st.booleans()) else bad.rsplit(b",", 1)[0]
        else:
            bad = draw(_hostile_line(_csv_line(_csv_row(reader, 2)).decode()))
        before = [_csv_line(header)] + [_csv_line(_csv_row(reader, n)) for n in (0, 1)]
        after = [_csv_line(_csv_row(reader, n)) for n in (3, 4)]
        lines = bad.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n")
        return b"\n".join([*before, bad, *after]) + b"\n", range(4, 5 + lines)

    return build()


def _fuzz_csv(reader: str, case: tuple[bytes, range]) -> None:
    _, options = _CSV_TABLES[reader]
    data, bad_lines = case
    path, items = _read("posts.csv", data, reader, **options)
    good = {f"twitter:{1000 + n}": f"good post {n}" for n in (0, 1, 3, 4)}
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    blank = lines[bad_lines.start - 1] == b""  # the csv module skips only empty lines
    _check_records(path, items, good, bad_lines, blank)


@pytest.mark.parametrize("examples", SIZES)
@pytest.mark.parametrize("reader", sorted(_CSV_TABLES))
def test_csv_readers_survive_hostile_rows(reader: str, examples: int) -> None:
    def check(case: Any) -> None:
        _fuzz_csv(reader, case)

    _run(examples, _csv_records(reader), check)


# -- Telegram: one hostile message among good ones -----------------------------


def _message(n: int) -> dict[str, Any]:
    return {
        "id": n,
        "type": "message",
        "date": "2016-08-10T09:30:00",
        "date_unixtime": str(1470799800 + n),
        "from": "News",
        "from_id": "channel42",
        "forwarded_from": None,
        "reply_to_message_id": 1,
        "text": ["good message ", {"type": "hashtag", "text": "#ok"}, f" {n}"],
        "text_entities": [
            {"type": "plain", "text": "good message "},
            {"type": "hashtag", "text": "#ok"},
            {"type": "plain", "text": f" {n}"},
        ],
    }


@st.composite
def _telegram_exports(draw: Callable[..., Any]) -> bytes:
    messages: list[Any] = [_message(n) for n in range(5)]
    messages[2] = _with_wrong_type(messages[2], draw)
    export = {"name": "News", "type": "public_channel", "id": 42, "messages": messages}
    indent = draw(st.sampled_from([None, 1]))
    return json.dumps(export, indent=indent, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _fuzz_telegram(data: bytes) -> None:
    path, items = _read("result.json", data, "telegram")
    good = {f"telegram:42/{n}": f"good message #ok {n}" for n in (0, 1, 3, 4)}
    skipped = [item for item in items if isinstance(item, Skipped)]
    if all(isinstance(item, Skipped) for item in items):
        # The hostile value made the file as a whole unreadable (not JSON any more).
        assert skipped and skipped[0].source == str(path)
        return
    _check_records(path, items, good, range(1, data.count(b"\n") + 2))
    for item in skipped:
        assert item.reason.startswith("message #3:"), item


@pytest.mark.parametrize("examples", SIZES)
def test_telegram_reader_survives_hostile_messages(examples: int) -> None:
    def check(data: Any) -> None:
        _fuzz_telegram(data)

    _run(examples, _telegram_exports(), check)


# -- whole-file formats: text, Markdown, HTML, feeds --------------------------

_WHOLE_FILES = {
    "text": "notes.txt",
    "markdown": "notes.md",
    "html": "page.html",
    "feed": "news.rss",
    "twitter": "tweets.jsonl",
    "telegram": "result.json",
}


def _hostile_file() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=2000),
        _hostile_line('{"id": 1}'),
        st.text(max_size=2000).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.builds(lambda a, b: a + b"\x00" + b, st.binary(max_size=50), st.binary(max_size=50)),
    )


def _embedded(reader: str, hostile: str) -> bytes:
    """Return a well-formed file of ``reader``'s format carrying ``hostile`` as its text."""
    if reader in ("html", "feed"):
        # A well-formed page or feed cannot hold these; raw ones are the whole-file test's.
        hostile = clean_text(hostile)
    safe = escape(hostile)
    if reader == "html":
        body = f"<html><head><title>{safe}</title></head><body><article><h1>{safe}</h1>"
        body += f"<p>{safe}</p><p>{'A sentence of the article. ' * 20}</p></article></body></html>"
    elif reader == "feed":
        items = "".join(
            f"<item><guid>n{n}</guid><title>{safe}</title><description>{escape(text)}"
            f"</description></item>"
            for n, text in enumerate([f"good entry {0}", hostile, "good entry 2"])
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
        body += "</channel></rss>"
    elif reader == "markdown":
        body = f"# {hostile}\n\n{hostile}\n"
    else:
        body = f"{hostile}\n\n{hostile}\n"
    return body.encode("utf-8", "surrogatepass")


def _fuzz_whole_file(reader: str, data: bytes, formats: tuple[str, ...]) -> None:
    for fmt in formats:
        path, items = _read(_WHOLE_FILES[reader], data, reader, format=fmt)
        for item in items:
            if isinstance(item, Skipped):
                assert item.source == str(path) or item.source.startswith(f"{path}#"), item
            else:
                assert isinstance(item, RawDocument) and "\x00" not in item.text


@pytest.mark.parametrize("examples", SIZES)
@pytest.mark.parametrize("reader", sorted(_WHOLE_FILES))
def test_whole_file_readers_survive_hostile_files(reader: str, examples: int) -> None:
    def check(data: Any) -> None:
        _fuzz_whole_file(reader, data, ("auto", reader))

    _run(examples, _hostile_file(), check)


@pytest.mark.parametrize("examples", SIZES)
@pytest.mark.parametrize("reader", ["text", "markdown", "html", "feed"])
def test_documents_carry_hostile_text(reader: str, examples: int) -> None:
    def check(hostile: Any) -> None:
        data = _embedded(reader, hostile)
        _fuzz_whole_file(reader, data, ("auto",))
        if reader == "feed":
            path, items = _read("news.rss", data, reader)
            texts = {item.source: item.text for item in items if isinstance(item, RawDocument)}
            assert texts[f"{path}#n0"] == "good entry 0"
            assert texts[f"{path}#n2"] == "good entry 2"

    _run(examples, _HOSTILE_TEXT, check)


# -- the whole ingest path -------------------------------------------------------


def test_cli_ingest_reports_bad_records_and_stores_the_good(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimgraph.cli import cli
    from claimgraph.graph.backends.embedded import EmbeddedStore

    bad = [
        "[" * 100_000,
        '{"id_str": "9", "full_text": "nul \\u0000", "user": {"screen_name": "x"}}',
        '{"id_str": "8", "full_text": "lone \\ud800", "user": {"screen_name": "x"}}',
        '{"id_str": "7", "user": "not an object"}',
        '{"id_str": "6", "user": {"screen_name": "x"}, "created_at": NaN}',
    ]
    lines = [json.dumps(_tweet_v1(n)) for n in (0, 1)] + bad
    lines += [json.dumps(_tweet_v1(n)) for n in (3, 4)]
    posts = tmp_path / "tweets.jsonl"
    posts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "g.db"
    args = ["ingest", str(posts), "--extract", "none", "--db", str(db)]
    result = CliRunner().invoke(cli, args, standalone_mode=False)
    assert result.return_value == 3, result.output  # some inputs skipped, the rest loaded
    reported = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert [line.split(":")[1] for line in reported] == ["3", "5", "6", "7"]
    with EmbeddedStore(db=db) as store:
        # Posts read from the file; twitter:1, the retweeted original, is known only by its id.
        rows = store.query(
            "MATCH (d:Post) WHERE d.text IS NOT NULL RETURN d.id, d.text ORDER BY d.id"
        ).rows
    good = [[f"twitter:{1000 + n}", _text_of(_tweet_v1(n))] for n in (0, 1, 3, 4)]
    # A NUL becomes U+FFFD, which every store can hold; the post itself is fine.
    assert rows == [*good, ["twitter:9", "nul \ufffd"]]


# -- bounds: nesting depth, line length, and what the language pipeline sees -------------


@st.composite
def _nested_json_files(draw: Callable[..., Any]) -> tuple[bytes, int]:
    """Return a JSON-looking text file nested to a drawn depth, and that depth."""
    depth = draw(st.integers(min_value=1, max_value=20_000))
    # Each opener with its closer and the levels it nests (brackets in strings do not count).
    opener, closer, levels = draw(
        st.sampled_from(
            [("[", "]", 1), ('{"a":', "}", 1), ('[{"b":', "}]", 2), ('{"s": "[[[", "a":', "}", 1)]
        )
    )
    body = opener * depth + "1" + closer * depth * draw(st.integers(0, 1))
    return body.encode(), depth * levels


@pytest.mark.parametrize("examples", SIZES)
def test_json_nested_too_deep_is_never_read_as_a_document(examples: int) -> None:
    from claimgraph.sources.limits import MAX_JSON_DEPTH

    def check(case: Any) -> None:
        data, depth = case
        for name in ("deep.json", "deep.txt"):
            path, items = _read(name, data, "depth")
            if depth > MAX_JSON_DEPTH:
                # Never one document of brackets for the language pipeline (issue 17.1).
                (item,) = items
                assert isinstance(item, Skipped), item
            for item in items:
                if isinstance(item, Skipped):
                    assert item.source == str(path)

    _run(examples, _nested_json_files(), check)


_RUNS = st.one_of(
    st.text(max_size=3000),
    st.tuples(st.sampled_from(list(')"(!?.*-_=~#@')), st.integers(1, 5000)).map(
        lambda pair: pair[0] * pair[1]
    ),
    st.tuples(st.text(min_size=1, max_size=8), st.integers(1, 2000)).map(
        lambda pair: pair[0] * pair[1]
    ),
)


@pytest.mark.parametrize("examples", SIZES)
def test_the_pipeline_sees_bounded_text_at_the_same_offsets(examples: int) -> None:
    import re

    from claimgraph.pipeline_input import MAX_PUNCT_RUN, MAX_TOKEN_CHARS, bounded_text, pieces

    def check(parts: Any) -> None:
        text = "".join(parts)
        seen = bounded_text(text)
        assert len(seen) == len(text)
        assert all(a == b or b == " " for a, b in zip(text, seen, strict=True))
        assert not re.search(rf"[^\w\s]{{{MAX_PUNCT_RUN + 1},}}", seen)
        assert not re.search(rf"\S{{{MAX_TOKEN_CHARS + 1},}}", seen)
        cut = pieces(seen, limit=997)
        assert "".join(piece for _, piece in cut) == seen
        assert all(0 < len(piece) <= 997 for _, piece in cut) or seen == ""
        assert [start for start, _ in cut] == [
            sum(len(piece) for _, piece in cut[:i]) for i in range(len(cut))
        ]

    _run(examples, st.lists(_RUNS, max_size=6), check)
