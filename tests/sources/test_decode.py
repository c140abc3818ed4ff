"""Tests for claimgraph.sources.encoding: decoding bytes and refusing non-text."""

from __future__ import annotations

import codecs

import pytest

from claimgraph.errors import UnreadableSourceError
from claimgraph.sources import decode


def test_utf8_is_decoded_as_is() -> None:
    text = "  Karim Massimov: #25летнезависимости\r\n"
    assert decode(text.encode("utf-8"), "a.txt") == (text, "utf-8")


@pytest.mark.parametrize(
    ("codec", "expected"),
    [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-be", "utf-16"),
     ("utf-32", "utf-32")],
)  # fmt: skip
def test_byte_order_mark_decides_and_is_dropped(codec: str, expected: str, russian: str) -> None:
    data = russian.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode(data, "ru.txt") == (russian, expected)


def test_cp1251_russian_is_detected(russian: str) -> None:
    assert decode(russian.encode("cp1251"), "ru.txt") == (russian, "cp1251")


def test_declared_meta_charset_is_used_for_non_utf8_bytes(russian: str) -> None:
    page = f'<html><head><meta charset="koi8-r"></head><body><p>{russian}</p></body></html>'
    assert decode(page.encode("koi8-r"), "ru.html") == (page, "koi8-r")


def test_declared_charset_does_not_override_valid_utf8(russian: str) -> None:
    # A page re-saved as UTF-8 often keeps its old declaration.
    page = f'<html><head><meta charset="windows-1251"></head><body>{russian}</body></html>'
    assert decode(page.encode("utf-8"), "ru.html") == (page, "utf-8")


def test_declared_latin1_reads_windows_1252_quotes() -> None:
    page = '<meta charset="iso-8859-1"><p>\u201cQuoted\u201d caf\u00e9</p>'
    assert decode(page.encode("cp1252"), "fr.html") == (page, "cp1252")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n"])
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(UnreadableSourceError, match="^empty file"):
        decode(data, "empty.txt")


def test_whitespace_only_utf16_is_empty() -> None:
    with pytest.raises(UnreadableSourceError, match="^empty file"):
        decode(" \n ".encode("utf-16"), "blank.txt")


def test_png_is_binary(png_bytes: bytes) -> None:
    with pytest.raises(UnreadableSourceError, match="^binary file") as caught:
        decode(png_bytes, "image.txt")
    assert caught.value.source == "image.txt"


def test_random_bytes_without_nul_are_binary() -> None:
    data = bytes(b for b in range(1, 256) if b not in b"\t\n\r ") * 20
    with pytest.raises(UnreadableSourceError, match="^binary file"):
        decode(data, "noise.bin")


def test_many_control_characters_are_binary() -> None:
    with pytest.raises(UnreadableSourceError, match="^binary file"):
        decode(b"\x01\x02\x03\x04ab" * 100, "controls.txt")


def test_a_few_control_characters_are_still_text() -> None:
    text = "\x1b[32mINFO\x1b[0m Massimov tweeted again, and again, and again today\n" * 5
    assert decode(text.encode(), "log.txt") == (text, "utf-8")
