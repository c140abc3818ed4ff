"""A document's text cut into pieces at the claims, speakers and entities marked in it.

Offsets are Python ``str`` indices into ``Document.text`` (DESIGN.md), so the
text is cut here, on the server, rather than in the browser, whose strings
count UTF-16 units and would shift every mark after an emoji.

Examples
--------
>>> text = "Aigul Orynbek said: Kazakhstan is not ready."
>>> marks = [Mark(20, 43, "claim", "c1", "claim"), Mark(0, 13, "speaker", "c1", "speaker")]
>>> [(piece.text, piece.kinds) for piece in cut(text, marks)]
[('Aigul Orynbek', ('speaker',)), (' said: ', ()), ('Kazakhstan is not ready', ('claim',)), \
('.', ())]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Mark", "Piece", "claim_spans", "cut", "evidence", "find_names"]

# Where a sentence ends: its stop, closing quotes or brackets, then space; or a line break.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+|\n\s*")
_EVIDENCE_REACH = 400


@dataclass(frozen=True, slots=True)
class Mark:
    """A marked stretch of text: ``kind`` is ``claim``, ``speaker`` or ``entity``."""

    start: int
    end: int
    kind: str
    ref: str
    title: str
    href: str | None = None


@dataclass(slots=True)
class Piece:
    """A run of text under the same marks."""

    text: str
    start: int
    end: int
    marks: list[Mark] = field(default_factory=list)

    @property
    def kinds(self) -> tuple[str, ...]:
        """Return the kinds of mark over this piece, each once, in a fixed order."""
        return tuple(kind for kind in ("claim", "speaker", "entity") if self.has(kind))

    @property
    def claims(self) -> str:
        """Return the ids of the claims this piece belongs to, space-separated."""
        return " ".join(mark.ref for mark in self.marks if mark.kind == "claim")

    @property
    def title(self) -> str:
        """Return what the marks over this piece are, one per line."""
        return "\n".join(dict.fromkeys(mark.title for mark in self.marks))

    @property
    def href(self) -> str | None:
        """Return the page of the speaker or entity marked here, if any."""
        return next((mark.href for mark in self.marks if mark.href), None)

    def has(self, kind: str) -> bool:
        """Return whether a mark of ``kind`` covers this piece."""
        return any(mark.kind == kind for mark in self.marks)


def cut(text: str, marks: Iterable[Mark]) -> list[Piece]:
    """Return ``text`` in pieces, each under the same set of ``marks``.

    Marks outside the text are clipped to it; empty ones are dropped.
    """
    size = len(text)
    kept = [
        Mark(max(0, m.start), min(size, m.end), m.kind, m.ref, m.title, m.href)
        for m in marks
        if min(size, m.end) > max(0, m.start)
    ]
    bounds = sorted({0, size, *(m.start for m in kept), *(m.end for m in kept)})
    pieces = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        inside = [m for m in kept if m.start <= start and end <= m.end]
        pieces.append(Piece(text[start:end], start, end, inside))
    return pieces


def claim_spans(claim: dict[str, Any], size: int) -> list[tuple[int, int]]:
    """Return the content spans of ``claim`` within a text of ``size`` characters.

    A claim whose content is in parts (a quote broken by its cue) has a
    ``spans`` list: pairs ``[[s, e], ...]``, a flat ``[s, e, s, e]`` or
    strings ``"s:e"``; otherwise its ``start`` and ``end`` are the span.
    Spans outside the text are left out.

    Examples
    --------
    >>> claim_spans({"start": 2, "end": 5}, 10)
    [(2, 5)]
    >>> claim_spans({"start": 0, "end": 9, "spans": [0, 3, 6, 9]}, 10)
    [(0, 3), (6, 9)]
    >>> claim_spans({"spans": ["0:3", [6, 9]], "start": 0, "end": 9}, 10)
    [(0, 3), (6, 9)]
    >>> claim_spans({"start": 8, "end": 20}, 10)
    []
    """
    raw = claim.get("spans")
    pairs: list[Any] = []
    if isinstance(raw, list) and raw and all(isinstance(v, int) for v in raw):
        pairs = [raw[i : i + 2] for i in range(0, len(raw) - 1, 2)]
    elif isinstance(raw, list) and raw:
        for item in raw:
            pairs.append(re.split(r"[:\-,]", item) if isinstance(item, str) else item)
    if not pairs:
        pairs = [[claim.get("start"), claim.get("end")]]
    spans = []
    for pair in pairs:
        try:
            start, end = int(pair[0]), int(pair[1])
        except (TypeError, ValueError, IndexError):
            continue
        if 0 <= start < end <= size:
            spans.append((start, end))
    return spans


def evidence(text: str, spans: Sequence[tuple[int, int]]) -> list[Piece]:
    """Return the sentence(s) around ``spans`` in ``text``, the spans themselves marked.

    Examples
    --------
    >>> text = "It rained. Officials said the dam holds, sources said. Then it stopped."
    >>> [(p.text, p.kinds) for p in evidence(text, [(26, 39)])]
    [('Officials said ', ()), ('the dam holds', ('claim',)), (', sources said.', ())]
    """
    if not spans:
        return []
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    lower = max(0, first - _EVIDENCE_REACH)
    before = [m.end() for m in _SENTENCE_END.finditer(text, lower, first)]
    start = before[-1] if before else lower
    after = _SENTENCE_END.search(text, last, min(len(text), last + _EVIDENCE_REACH))
    if after is not None:
        end = after.start() + len(after.group().rstrip())
    else:
        end = min(len(text), last + _EVIDENCE_REACH)
    marks = [Mark(s - start, e - start, "claim", "", "claim") for s, e in spans]
    return cut(text[start:end], marks)


def find_names(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Return where ``names`` occur in ``text`` as whole words, longest names first, no overlaps.

    Examples
    --------
    >>> find_names("Massimov met Karim Massimov's aide.", ["Massimov", "Karim Massimov"])
    [(0, 8), (13, 27)]
    """
    taken: list[tuple[int, int]] = []
    for name in sorted({n for n in names if n and n.strip()}, key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        for found in pattern.finditer(text):
            span = found.span()
            if all(span[1] <= s or e <= span[0] for s, e in taken):
                taken.append(span)
    return sorted(taken)
