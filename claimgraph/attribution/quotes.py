"""Quotation marks in plain text: where quotes open and close, and spans inside them.

These functions read characters, not tokens, so they serve every language
(and the evaluation, which decides by them whether gold content is direct).
"""

from __future__ import annotations

import re

__all__ = [
    "DASHES",
    "DOUBLE_MARKS",
    "OPEN_QUOTES",
    "is_title",
    "mostly_quoted",
    "quote_spans",
    "trim",
]

#: Dashes that sign a quote ("“...” ― Carlos Raúl") or set off an aside.
DASHES = ("―", "—", "–", "--")
#: Opening quotation marks and the mark that closes each; two apostrophes ('') are
#: the quotation marks of text typed without curly quotes (and of some archives).
OPEN_QUOTES = {"“": "”", "«": "»", "„": "“", '"': '"', "''": "''", "”": "”"}
#: Double quotation marks, which open and close quotations (single ones are also
#: apostrophes).
DOUBLE_MARKS = frozenset(['"', "“", "”", "''", "«", "»", "„"])
_QUOTE_CHARS = re.compile("''|[“”«»„\"]")
#: Marks that open or close by where they stand (some sites also open quotes with ”).
_AMBIGUOUS_QUOTES = ('"', "''", "”")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of the text inside each pair of double quotes.

    A quote left open at the end of a paragraph closes there, as quotes that
    run over several paragraphs do in news style. Straight marks (``"`` and
    ``''``) and ``”`` open or close by where they stand: after a space and
    before a word they open, otherwise they close.

    Examples
    --------
    >>> quote_spans('He said “yes” and “no”.')
    [(9, 12), (19, 21)]
    >>> quote_spans("He said ''yes.''")
    [(10, 14)]
    >>> quote_spans('"One."\\n\\n"Two," she said.')
    [(1, 5), (9, 13)]
    """
    spans = []
    opened: re.Match[str] | None = None
    for mark in _QUOTE_CHARS.finditer(text):
        if opened is not None:
            para = text.find("\n\n", opened.end(), mark.start())
            if para != -1:
                spans.append((opened.end(), para))
                opened = None
        if opened is None:
            if _opens(text, mark):
                opened = mark
        elif _matches(opened.group(), mark.group(), text, mark) and not (
            mark.group() in _AMBIGUOUS_QUOTES and _opens(text, mark) and not _closes(text, mark)
        ):
            spans.append((opened.end(), mark.start()))
            opened = None
    if opened is not None:
        para = text.find("\n\n", opened.end())
        spans.append((opened.end(), para if para != -1 else len(text)))
    return [(s, e) for s, e in spans if e - s > 1]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding spaces and trailing commas.

    Examples
    --------
    >>> trim(" yes, ", 0, 6)
    (1, 4)
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


#: Short words a title leaves in lower case ("Meet the Press", "Empire of the Fund").
_TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on"}
    | {"or", "the", "to", "vs", "with"}
)


def is_title(quote: str) -> bool:
    """Return whether a quotation is the title of a work or a show, not something said:
    a few words, each capitalised but the small ones, with no closing punctuation.

    Examples
    --------
    >>> is_title("Meet the Press"), is_title("Latin History for Dummies,")
    (True, True)
    >>> is_title("We Will Win!"), is_title("a disgrace"), is_title("Go")
    (False, False, False)
    """
    words = quote.strip().rstrip(",").split()
    if not 2 <= len(words) <= 7 or words[-1][-1:] in ".!?…":
        return False
    return words[0][:1].isupper() and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in words
    )


def mostly_quoted(start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    """Return whether most of the span ``start:end`` lies inside the ``quoted`` spans."""
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in quoted)
    return inside > (end - start) / 2


def _matches(opening: str, mark: str, text: str, at: re.Match[str]) -> bool:
    """Return whether ``mark`` closes a quote opened with ``opening``; typed text mixes
    straight and curly marks ('"more hours” before'), so a straight mark closes a
    curly quote, and the reverse, where it stands as a closing mark."""
    if mark == OPEN_QUOTES[opening]:
        return True
    mixed = {opening, mark} in ({'"', "”"}, {"“", '"'})
    return mixed and _closes(text, at)


def _opens(text: str, mark: re.Match[str]) -> bool:
    """Return whether a quotation mark can open a quote where it stands."""
    if mark.group() not in _AMBIGUOUS_QUOTES:
        return mark.group() != "»"
    after = text[mark.end() : mark.end() + 1]
    before = text[mark.start() - 1 : mark.start()] if mark.start() else " "
    return bool(after) and not after.isspace() and (before.isspace() or before in "([{—–-/:")


def _closes(text: str, mark: re.Match[str]) -> bool:
    """Return whether a straight quotation mark stands where a quote ends."""
    before = text[mark.start() - 1 : mark.start()] if mark.start() else " "
    return not before.isspace()
