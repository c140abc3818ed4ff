"""Bound the language pipeline's work per document: pieces of bounded size, no pathological runs.

spaCy's tokenizer takes time quadratic in the length of a run of characters
without whitespace, and far worse in a run of punctuation: ``'Karim said
hello. ' + ')' * 16000`` took 51 s and a line of 500,000 ``"`` over ten
minutes (issue 20.6), and a file of JSON nested 50,000 levels deep read as
text over ten minutes (issue 17.1). So before a text enters ``nlp.pipe``:

- a run of more than :data:`MAX_PUNCT_RUN` punctuation characters keeps its
  first ones and the rest become spaces;
- a run of more than :data:`MAX_TOKEN_CHARS` characters without whitespace
  gets a space every :data:`MAX_TOKEN_CHARS` characters;
- a text longer than :data:`PIECE_CHARS` is cut into pieces at paragraph
  breaks (else line breaks, sentence ends, spaces), each parsed as a document
  of its own, and their findings merged with their offsets moved back.

Each replacement swaps one character for one space, so every offset into
the text the pipeline sees is an offset into ``Document.text``; claim and
speaker texts are taken back from the original text. Time is then linear in
the size of the text.

Examples
--------
>>> text = "Karim said hello. " + ")" * 40
>>> bounded = bounded_text(text)
>>> len(bounded) == len(text), bounded.rstrip()[-MAX_PUNCT_RUN:] == ")" * MAX_PUNCT_RUN
(True, True)
>>> [(start, len(piece)) for start, piece in pieces("one\\n\\ntwo", limit=5)]
[(0, 5), (5, 3)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from claimgraph.attribution.mention import PART_SEPARATOR

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "MAX_PUNCT_RUN",
    "MAX_TOKEN_CHARS",
    "PIECE_CHARS",
    "bounded_text",
    "merge_extractions",
    "pieces",
]

#: Longest run of punctuation the tokenizer sees; "?!?!" and "..." are far shorter.
MAX_PUNCT_RUN = 16
#: Longest run without whitespace the tokenizer sees; long URLs are a few hundred.
MAX_TOKEN_CHARS = 1000
#: Characters of one document parsed as one spaCy document.
PIECE_CHARS = 100_000
#: Longest document the language pipeline takes at all (in pieces); longer ones are skipped.
MAX_DOCUMENT_CHARS = 10_000_000

_PUNCT_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCT_RUN + 1},}}")
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")
# Where a long text may be cut, best first.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?]\s"), re.compile(r"\s"))
_OFFSETS = ("start", "end", "speaker_start", "speaker_end")
_SPANS = (("text", "start", "end"), ("speaker_text", "speaker_start", "speaker_end"))


def bounded_text(text: str) -> str:
    """Return ``text`` with pathological runs broken by spaces, at the same length.

    Examples
    --------
    >>> bounded_text('"' * 20) == '"' * MAX_PUNCT_RUN + " " * 4
    True
    >>> bounded_text("x" * 2500).count(" ")
    2
    """
    if len(text) <= MAX_PUNCT_RUN:
        return text
    text = _PUNCT_RUN.sub(_cut_punctuation, text)
    return _LONG_RUN.sub(_split_run, text)


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """Return ``(offset, piece)`` pairs that cover ``text``, each piece at most ``limit`` long.

    Pieces end at a paragraph break where one is in the second half of the
    window, else at a line break, a sentence end or a space; failing all of
    these, at the limit.
    """
    result: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        result.append((start, text[start:end]))
        start = end
    result.append((start, text[start:]))
    return result


def merge_extractions(
    parts: Iterable[tuple[int, dict[str, Any]]], pipeline_text: str, text: str
) -> dict[str, Any]:
    """Return one extraction from those of a document's pieces, offsets into the whole text.

    Actors and accounts found in several pieces become one, with their
    mentions added up; hashtags' counts add up; links are united; claims keep
    their order, their offsets moved by their piece's. A claim's and its
    speaker's texts are taken from ``text`` (the document as read) where the
    pipeline saw ``pipeline_text`` (the same, with runs broken by spaces).
    """
    merged: dict[str, Any] = {}
    for offset, extraction in parts:
        for key, value in extraction.items():
            if key == "claims":
                merged.setdefault(key, []).extend(_moved(claim, offset) for claim in value)
            elif key == "hashtags":
                tags = merged.setdefault(key, {})
                for tag, row in value.items():
                    if tag in tags:
                        tags[tag] = {**tags[tag], "count": tags[tag]["count"] + row["count"]}
                    else:
                        tags[tag] = dict(row)
            elif key == "urls":
                merged[key] = sorted(set(merged.get(key, [])) | set(value))
            elif isinstance(value, list) and all(isinstance(row, dict) for row in value):
                merged[key] = _merge_rows(merged.get(key, []), value)
            elif isinstance(value, list):
                merged[key] = [*merged.get(key, []), *value]
            else:
                merged.setdefault(key, value)
    if pipeline_text != text:
        merged["claims"] = [_original_texts(c, pipeline_text, text) for c in merged["claims"]]
    return merged


def _cut_punctuation(match: re.Match[str]) -> str:
    run = match.group()
    return run[:MAX_PUNCT_RUN] + " " * (len(run) - MAX_PUNCT_RUN)


def _split_run(match: re.Match[str]) -> str:
    run = match.group()
    step = MAX_TOKEN_CHARS + 1
    return "".join(run[i : i + MAX_TOKEN_CHARS] + " " for i in range(0, len(run), step))[: len(run)]


def _cut(text: str, start: int, end: int) -> int:
    middle = start + (end - start) // 2
    for pattern in _BREAKS:
        ends = [match.end() for match in pattern.finditer(text, middle, end)]
        if ends:
            return ends[-1]
    return end


def _moved(claim: dict[str, Any], offset: int) -> dict[str, Any]:
    if not offset:
        return claim
    moved = dict(claim)
    for key in _OFFSETS:
        if isinstance(moved.get(key), int):
            moved[key] += offset
    if moved.get("spans"):
        moved["spans"] = [[start + offset, end + offset] for start, end in moved["spans"]]
    return moved


def _original_texts(claim: dict[str, Any], seen: str, text: str) -> dict[str, Any]:
    claim = dict(claim)
    for field, start, end in _SPANS:
        first, last = claim.get(start), claim.get(end)
        if not (isinstance(first, int) and isinstance(last, int)):
            continue
        if claim.get(field) == seen[first:last]:
            claim[field] = text[first:last]
    parts = claim.get("spans") or []
    if len(parts) > 1 and claim.get("text") == PART_SEPARATOR.join(seen[s:e] for s, e in parts):
        claim["text"] = PART_SEPARATOR.join(text[s:e] for s, e in parts)
    return claim


def _merge_rows(rows: list[dict[str, Any]], more: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge lists of actors or accounts by id: mentions add up, lists unite, first value wins."""
    by_id = {row.get("id"): row for row in rows}
    for row in more:
        known = by_id.get(row.get("id"))
        if known is None:
            by_id[row.get("id")] = dict(row)
            continue
        for key, value in row.items():
            if key == "mentions":
                known[key] = (known.get(key) or 0) + (value or 0)
            elif isinstance(value, list) and isinstance(known.get(key), list):
                known[key] = list(dict.fromkeys([*known[key], *value]))
            elif known.get(key) is None:
                known[key] = value
    return list(by_id.values())
