"""Tests for read_sources and read_file: good documents kept, bad files reported."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.errors import UnreadableSourceError, UnsupportedFormatError
from claimgraph.model import RawDocument
from claimgraph.sources import FORMATS, READERS, Skipped, read_file, read_sources


def by_source(items, root: Path) -> dict[str, RawDocument | Skipped]:
    return {Path(item.source).relative_to(root).as_posix(): item for item in items}


def test_mixed_directory(corpus: Path, russian: str) -> None:
    items = by_source(read_sources([corpus]), corpus)

    assert list(items) == [
        "a-note.txt",
        "b-readme.md",
        "c-article.html",
        "d-empty.txt",
        "e-image.png",
        "feeds/news.xml#news-1001",
        "feeds/news.xml#https:/news.example.com/2016/08/khabar",
        "feeds/steppe.atom#tag:steppe.example.org,2016:entry-1",
        "feeds/steppe.atom#tag:steppe.example.org,2016:entry-2",
        "ru/cp1251.txt",
        "ru/utf16.txt",
    ]
    formats = {name: item.format for name, item in items.items() if isinstance(item, RawDocument)}
    assert formats["a-note.txt"] == "text"
    assert formats["b-readme.md"] == "markdown"
    assert formats["c-article.html"] == "html"
    assert formats["feeds/news.xml#news-1001"] == "feed"

    empty, image = items["d-empty.txt"], items["e-image.png"]
    assert isinstance(empty, Skipped) and empty.reason.startswith("empty file")
    assert isinstance(image, Skipped) and image.reason.startswith("binary file")

    for name in ("ru/cp1251.txt", "ru/utf16.txt"):
        doc = items[name]
        assert isinstance(doc, RawDocument) and doc.text == russian
    assert {items["ru/cp1251.txt"].encoding, items["ru/utf16.txt"].encoding} == {
        "cp1251", "utf-16",
    }  # fmt: skip


def test_reasons_are_single_lines(corpus: Path) -> None:
    skipped = [
        item for item in read_sources([corpus, corpus / "gone"]) if isinstance(item, Skipped)
    ]
    assert len(skipped) == 3
    assert all(item.reason and "\n" not in item.reason for item in skipped)


def test_order_is_deterministic(corpus: Path) -> None:
    first = [item.source for item in read_sources([corpus])]
    assert first == [item.source for item in read_sources([corpus])]


def test_unknown_format_raises_at_once() -> None:
    with pytest.raises(UnsupportedFormatError, match="auto, text, markdown, html, feed"):
        read_sources(["anything"], format="pdf")


def test_formats() -> None:
    assert FORMATS[:5] == ("auto", "text", "markdown", "html", "feed")
    assert set(READERS) == set(FORMATS) - {"auto"}


def test_reading_is_lazy(corpus: Path) -> None:
    items = read_sources([corpus])
    assert isinstance(items, Iterator)
    (corpus / "a-note.txt").write_text("Rewritten\n", encoding="utf-8")
    assert next(items).title == "Rewritten"


def test_explicit_format_applies_to_every_file(corpus: Path) -> None:
    docs = [item for item in read_sources([corpus / "c-article.html"], format="text")]
    assert [doc.format for doc in docs] == ["text"]
    assert docs[0].text.startswith("<!DOCTYPE html>")


def test_unreadable_file_is_skipped_with_the_os_reason(corpus: Path) -> None:
    path = corpus / "a-note.txt"
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that ignore file permissions")
        (item, *rest) = read_sources([path])
        assert item == Skipped(os.fspath(path), "cannot read the file: permission denied")
    finally:
        path.chmod(0o644)


def test_read_file_raises_on_a_directory(corpus: Path) -> None:
    with pytest.raises(UnreadableSourceError, match="cannot read the file") as caught:
        read_file(corpus)
    assert caught.value.source == os.fspath(corpus)


def test_read_file_raises_on_binary(corpus: Path) -> None:
    with pytest.raises(UnreadableSourceError, match="binary file"):
        read_file(corpus / "e-image.png")


def test_unexpected_reader_error_does_not_stop_the_run(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(text: str, source: str, encoding: str) -> Iterator[RawDocument]:
        raise RuntimeError("parser exploded\non two lines")
        yield  # pragma: no cover

    monkeypatch.setitem(READERS, "markdown", broken)
    items = list(read_sources([corpus / "a-note.txt", corpus / "b-readme.md", corpus / "ru"]))
    assert [type(item).__name__ for item in items] == [
        "RawDocument", "Skipped", "RawDocument", "RawDocument",
    ]  # fmt: skip
    assert "RuntimeError: parser exploded on two lines" in items[1].reason
