"""Tests for the plain-text and Markdown readers."""

from __future__ import annotations

import codecs

import pytest

from claimgraph.sources import read_file


def test_text_is_the_file_content_exactly(write) -> None:
    content = "\n  Massimov's hashtag backfires  \r\n\r\nAfter a lengthy hiatus...\t\n\n"
    (doc,) = read_file(write("note.txt", content))
    assert doc.text == content
    assert doc.title == "Massimov's hashtag backfires"
    assert (doc.kind, doc.format, doc.encoding) == ("article", "text", "utf-8")
    assert doc.source.endswith("note.txt")
    assert doc.url is None and doc.author is None and doc.published_at is None


def test_markdown_title_is_the_first_h1(write) -> None:
    content = "Intro line\n\n```python\n# a comment\n```\n\n## Section\n\n#  The Title  #\n\nBody\n"
    (doc,) = read_file(write("post.md", content))
    assert (doc.format, doc.title, doc.text) == ("markdown", "The Title", content)


def test_markdown_without_h1_falls_back_to_first_line(write) -> None:
    (doc,) = read_file(write("post.md", "Opening words\n\n## Section\n"))
    assert doc.title == "Opening words"


def test_explicit_text_format_keeps_markdown_as_text(write) -> None:
    (doc,) = read_file(write("post.md", "# Heading\n\nBody\n"), format="text")
    assert (doc.format, doc.title) == ("text", "# Heading")


def test_cp1251_russian_file(write, russian: str) -> None:
    (doc,) = read_file(write("ru.txt", russian.encode("cp1251")))
    assert doc.text == russian
    assert doc.encoding == "cp1251"
    assert doc.title is not None and doc.title.startswith("Премьер-министр Казахстана")
    assert "Карим Масимов заявил" in doc.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_file_with_bom(write, russian: str, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    (doc,) = read_file(write("ru16.txt", bom + russian.encode(codec)))
    assert (doc.text, doc.encoding, doc.format) == (russian, "utf-16", "text")


def test_utf8_bom_is_not_part_of_the_text(write) -> None:
    (doc,) = read_file(write("bom.txt", codecs.BOM_UTF8 + b"Title\nBody\n"))
    assert (doc.text, doc.encoding, doc.title) == ("Title\nBody\n", "utf-8-sig", "Title")
