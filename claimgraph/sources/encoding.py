"""Decode file bytes to text, and refuse files that are empty or not text.

The order of guesses is fixed so the same bytes always decode the same way:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) is authoritative;
2. bytes that are valid UTF-8 are UTF-8: text in any legacy 8-bit encoding
   is almost never valid UTF-8 by accident, and pages saved by a browser keep
   their old ``<meta charset>`` after being re-encoded to UTF-8;
3. an encoding declared in the file (``<meta charset>``, ``<?xml encoding>``);
4. charset-normalizer's best guess.

Examples
--------
>>> decode("Масимов".encode("cp1251") * 40, "pm.txt")[1]
'cp1251'
>>> declared_encoding(b'<html><head><meta charset="windows-1251">')
'cp1251'
"""

from __future__ import annotations

import codecs
import os
import re

from charset_normalizer import from_bytes

from claimgraph.errors import UnreadableSourceError

__all__ = [
    "SNIFF_SIZE",
    "bom_encoding",
    "check_records_head",
    "mostly_utf8",
    "decode",
    "decode_records",
    "declared_encoding",
]

#: How many leading bytes are examined to sniff a file's format or encoding.
SNIFF_SIZE = 8192

# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_XML_ENCODING = re.compile(rb"""^\s*<\?xml\s[^>]*?encoding\s*=\s*["']\s*([A-Za-z][\w.:-]*)""")
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z][\w.:-]*)""", re.I)

# The WHATWG Encoding Standard maps these labels to windows-1252, which is what
# pages declaring them really use (curly quotes in 0x80-0x9F).
_WINDOWS_1252_LABELS = frozenset({"ascii", "latin-1", "iso8859-1"})

# Above this share of control characters, decoded "text" is really binary.
_MAX_CONTROL_RATIO = 0.1
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
# Unicode's control characters (category Cc: C0, DEL and C1) other than _TEXT_CONTROLS.
_BINARY_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

_EMPTY = "empty file: it holds no text (only whitespace, or nothing at all)"
_BINARY_NUL = (
    "binary file: NUL bytes near the start; only text, Markdown, HTML and RSS/Atom files "
    "can be read (UTF-16/32 text needs a byte-order mark)"
)
_BINARY_NO_ENCODING = (
    "binary file: no text encoding fits its bytes; if it is text, convert it to UTF-8 "
    "first (e.g. iconv -f CP1251 -t UTF-8)"
)
_BINARY_CONTROLS = "binary file: too many control characters for text"


def decode(data: bytes, path: str | os.PathLike[str]) -> tuple[str, str]:
    """Return the text of ``data`` and the name of the encoding it was read with.

    Parameters
    ----------
    data : bytes
        The whole content of a file.
    path : str or os.PathLike
        Where the bytes come from; used in error messages only.

    Returns
    -------
    tuple of (str, str)
        The decoded text, exactly as in the file but without a byte-order
        mark, and a Python codec name such as ``'utf-8'`` or ``'cp1251'``.

    Raises
    ------
    UnreadableSourceError
        If the file is empty or whitespace only ("empty file"), or binary
        ("binary file").

    Examples
    --------
    >>> decode("Привет\\n".encode("utf-8"), "a.txt")
    ('Привет\\n', 'utf-8')
    >>> decode(codecs.BOM_UTF16_LE + "Hi".encode("utf-16-le"), "a.txt")
    ('Hi', 'utf-16')
    >>> decode(b"  \\n", "blank.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    claimgraph.errors.UnreadableSourceError: empty file: it holds no text ...
    """
    source = os.fspath(path)
    if not data.strip():
        raise UnreadableSourceError(_EMPTY, source=source)
    decoded = _decode_with_bom(data)
    if decoded is None:
        if b"\x00" in data[:SNIFF_SIZE]:
            raise UnreadableSourceError(_BINARY_NUL, source=source)
        decoded = _decode_utf8(data) or _decode_declared(data) or _decode_detected(data, source)
    text = decoded[0]
    if not text.strip():
        raise UnreadableSourceError(_EMPTY, source=source)
    if _control_ratio(text[:SNIFF_SIZE]) > _MAX_CONTROL_RATIO:
        raise UnreadableSourceError(_BINARY_CONTROLS, source=source)
    return decoded


def decode_records(data: bytes, path: str | os.PathLike[str]) -> tuple[str, str]:
    """Return the text of a file of records (posts) and its encoding, keeping bad bytes apart.

    A file of records mostly in UTF-8 stays UTF-8 when a few of its lines are
    not: each byte that is not UTF-8 becomes a lone surrogate (Python's
    ``surrogateescape``), by which the reader reports that one record and
    goes on. NUL bytes are refused only on the first line, which decides
    whether the file is text at all. A file where many lines are not UTF-8
    is in another encoding and is decoded as :func:`decode` does.

    Examples
    --------
    >>> text, encoding = decode_records(b'{"id": 1}\\n{"id": "\\xff"}\\n{"id": 3}\\n', "p.jsonl")
    >>> encoding, text.splitlines()[1]
    ('utf-8', '{"id": "\\udcff"}')
    """
    source = os.fspath(path)
    if bom_encoding(data) is not None or not data.strip():
        return decode(data, source)
    first_line = data[:SNIFF_SIZE].split(b"\n", 1)[0]
    if b"\x00" in first_line:
        raise UnreadableSourceError(_BINARY_NUL, source=source)
    strict = _decode_utf8(data)
    if strict is not None:
        return strict
    if not mostly_utf8(data.splitlines()):
        try:
            text, encoding = decode(data, source)
        except UnreadableSourceError:
            text, encoding = "", ""  # no encoding fits the whole: garbage among UTF-8 lines
        # Only a codec that reads ASCII as ASCII keeps the good records' text intact.
        if text and _ASCII.decode(encoding, errors="replace") == _ASCII.decode("ascii"):
            return text, encoding
    return data.decode("utf-8", errors="surrogateescape"), "utf-8"


def mostly_utf8(lines: list[bytes]) -> bool:
    """Return whether a file of these lines is UTF-8, some of its lines perhaps not.

    It is not when its lines beyond ASCII are mostly not UTF-8 and they are
    more than one line in twenty: ASCII lines read the same in UTF-8 and in
    every legacy encoding, so they tell nothing, and a few bad lines are bad
    records, not another encoding (issue 20.7: 2 lines in CP1251 among 30
    UTF-8 ones, or 6 lines of garbage among 100, used to make a whole file of
    posts "binary").

    Examples
    --------
    >>> mostly_utf8([b'{"a": 1}', "Привет".encode("cp1251"), "Привет".encode()])
    True
    >>> mostly_utf8([b'{"a": 1}', "Привет".encode("cp1251"), "Пока".encode("cp1251")])
    False
    >>> mostly_utf8([b'{"a": 1}'] * 20 + ["Привет".encode("cp1251")])
    True
    """
    lines = [line for line in lines if line.strip()]
    telling = [line for line in lines if not line.isascii()]
    bad = sum(1 for line in telling if _decode_utf8(line) is None)
    return 2 * bad <= len(telling) or bad <= max(1, len(lines) // _MAX_BAD_LINE_SHARE)


# A file of records with at most one line in this many not UTF-8 is UTF-8 with bad records.
_MAX_BAD_LINE_SHARE = 20
_ASCII = bytes(range(128))


def check_records_head(head: bytes, whole: bool, source: str) -> None:
    """Refuse a file of records that its first bytes show to be empty or binary.

    The checks :func:`decode_records` makes on a whole file, made on its
    start only, for files that stream.

    Parameters
    ----------
    head : bytes
        The first bytes of the file, byte-order mark removed.
    whole : bool
        Whether ``head`` is the whole file.
    source : str
        The path, for the error.

    Raises
    ------
    UnreadableSourceError
        If the file is empty, or NUL bytes or control characters show it is binary.
    """
    if whole and not head.strip():
        raise UnreadableSourceError(_EMPTY, source=source)
    if b"\x00" in head[:SNIFF_SIZE].split(b"\n", 1)[0]:
        raise UnreadableSourceError(_BINARY_NUL, source=source)
    text = head[:SNIFF_SIZE].decode("utf-8", errors="replace")
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise UnreadableSourceError(_BINARY_CONTROLS, source=source)


def bom_encoding(data: bytes) -> str | None:
    """Return the codec named by the byte-order mark ``data`` starts with, if any.

    Examples
    --------
    >>> bom_encoding(codecs.BOM_UTF8 + b"text")
    'utf-8-sig'
    >>> bom_encoding(b"text") is None
    True
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def declared_encoding(head: bytes) -> str | None:
    """Return the codec declared by ``<?xml encoding>`` or ``<meta charset>`` in ``head``.

    Returns ``None`` when nothing is declared or Python knows no such codec.

    Examples
    --------
    >>> declared_encoding(b'<?xml version="1.0" encoding="KOI8-R"?><rss>')
    'koi8-r'
    >>> declared_encoding(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
    'utf-8'
    >>> declared_encoding(b"<p>no declaration</p>") is None
    True
    """
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def _decode_with_bom(data: bytes) -> tuple[str, str] | None:
    encoding = bom_encoding(data)
    if encoding is None:
        return None
    return _decode_strict(data, encoding)


def _decode_utf8(data: bytes) -> tuple[str, str] | None:
    return _decode_strict(data, "utf-8")


def _decode_declared(data: bytes) -> tuple[str, str] | None:
    encoding = declared_encoding(data[:SNIFF_SIZE])
    if encoding is None or encoding.startswith(("utf-16", "utf-32")):
        return None
    candidates = ("cp1252", encoding) if encoding in _WINDOWS_1252_LABELS else (encoding,)
    for candidate in candidates:
        decoded = _decode_strict(data, candidate)
        if decoded is not None:
            return decoded
    return None


def _decode_detected(data: bytes, source: str) -> tuple[str, str]:
    for match in from_bytes(data):
        decoded = _decode_strict(data, match.encoding)
        if decoded is not None:
            return decoded
    raise UnreadableSourceError(_BINARY_NO_ENCODING, source=source)


def _decode_strict(data: bytes, encoding: str) -> tuple[str, str] | None:
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return None


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return sum(1 for _ in _BINARY_CONTROL.finditer(text)) / len(text)
