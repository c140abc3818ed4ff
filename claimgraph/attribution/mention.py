"""What the attribution components record: :class:`ClaimMention` on ``doc._.claims``.

English and Russian attribution record the same objects, so claims,
``SAID``, ``ABOUT`` and ``TOLD_TO`` come out alike in every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from claimgraph.extractors.accounts import AccountMention
from claimgraph.extractors.actors import Mention

__all__ = [
    "PART_SEPARATOR",
    "ClaimMention",
    "can_speak",
    "join_parts",
    "outermost",
    "quoted_speaker",
    "set_speaker",
]

#: What joins the parts of one attribution in its text ("X," he said, "Y": "X … Y").
PART_SEPARATOR = " … "

if not Doc.has_extension("claims"):
    Doc.set_extension("claims", default=None)
#: Whether the attribution components read the doc: a caller that keeps no claims
#: (ingest at the ``entities`` level) sets it false, and they do not run on it.
if not Doc.has_extension("attribute_claims"):
    Doc.set_extension("attribute_claims", default=True)


@dataclass(slots=True)
class ClaimMention:
    """One attributed statement: content, cue and speaker spans, resolved parties."""

    start: int  # content span, characters
    end: int
    text: str
    cue: str
    kind: str  # "direct" or "indirect"
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: tuple[str, str] | None = None  # ("Actor" | "Account", id)
    told_to: list[str] = field(default_factory=list)
    confidence: float = 0.5
    #: The parts of the content, ``(start, end)`` in text order; ``start``/``end`` is their hull.
    spans: list[tuple[int, int]] = field(default_factory=list)


def set_speaker(claim: ClaimMention, party: Mention | AccountMention) -> None:
    """Make the actor or account ``party`` names the speaker of ``claim``, as written there.

    A place is kept as the speaker written, never as the actor who said it.
    """
    claim.speaker_text = party.text
    claim.speaker_start, claim.speaker_end = party.start_char, party.end_char
    if isinstance(party, AccountMention):
        claim.speaker = ("Account", party.id)
    elif party.actor and can_speak(party):
        claim.speaker = ("Actor", party.actor)


def can_speak(party: Mention | AccountMention) -> bool:
    """Return whether ``party`` may be the speaker of a claim: any account or actor but a place.

    "Officials in Marograd declined to comment" is not a claim by Marograd
    (issue 19.8): places never speak, the people and bodies in them do.
    """
    return isinstance(party, AccountMention) or party.kind != "place"


def quoted_speaker(claim: ClaimMention, quotes: list[tuple[int, int]]) -> bool:
    """Return whether ``claim``'s speaker is written inside a quotation."""
    at = claim.speaker_start
    return at is not None and any(start <= at < end for start, end in quotes)


def outermost(claims: list[ClaimMention]) -> list[ClaimMention]:
    """Drop claims reported inside another claim ("Smith said [the union expected
    production to improve]"): the graph records who said what, and the inner
    speaker did not say it here; the reporter did."""

    def inside(c: ClaimMention, o: ClaimMention) -> bool:
        return (
            c.speaker_start is not None
            and c.speaker_end is not None
            and o.start <= c.speaker_start
            and c.speaker_end <= o.end
        )

    return [c for c in claims if not any(inside(c, o) and not inside(o, c) for o in claims)]


def join_parts(claims: list[ClaimMention]) -> list[ClaimMention]:
    """Return ``claims`` with the parts of each attribution joined into one claim.

    A quote split around its cue ("X," he said, "Y"), a quote that continues
    one, and a report set off by commas inside its content are one
    attribution (as in PolNeAR, whose Content spans are discontinuous): parts
    that share the speaker mention and the cue become one claim whose ``text``
    joins them with :data:`PART_SEPARATOR`, whose ``start``/``end`` is their
    hull and whose ``spans`` keeps each part. Its kind is that of most of its
    characters; its confidence the highest of its parts'.

    Examples
    --------
    >>> a = ClaimMention(0, 3, "Yes", "said", "direct", "he", 5, 7)
    >>> b = ClaimMention(14, 16, "No", "said", "direct", "he", 5, 7)
    >>> [(c.text, c.start, c.end, c.spans) for c in join_parts([a, b])]
    [('Yes … No', 0, 16, [(0, 3), (14, 16)])]
    """
    groups: dict[tuple[int, int | None, str], list[ClaimMention]] = {}
    joined: list[ClaimMention] = []
    for claim in sorted(claims, key=lambda c: c.start):
        if claim.speaker_start is None:
            claim.spans = [(claim.start, claim.end)]
            joined.append(claim)
            continue
        key = (claim.speaker_start, claim.speaker_end, claim.cue)
        if key not in groups:
            groups[key] = []
            joined.append(claim)
        groups[key].append(claim)
    for parts in groups.values():
        _join(parts)
    return joined


def _join(parts: list[ClaimMention]) -> None:
    """Make the first of ``parts`` (in text order) the one claim of them all."""
    first = parts[0]
    first.spans = [(p.start, p.end) for p in parts]
    if len(parts) == 1:
        return
    first.end = max(p.end for p in parts)
    first.text = PART_SEPARATOR.join(p.text for p in parts)
    direct = sum(p.end - p.start for p in parts if p.kind == "direct")
    first.kind = "direct" if 2 * direct > sum(p.end - p.start for p in parts) else "indirect"
    first.confidence = max(p.confidence for p in parts)
    first.speaker = next((p.speaker for p in parts if p.speaker), None)
    first.told_to = list(dict.fromkeys(a for p in parts for a in p.told_to))
