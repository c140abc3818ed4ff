"""What the attribution components record: :class:`ClaimMention` on ``doc._.claims``.

English and Russian attribution record the same objects, so claims,
``SAID``, ``ABOUT`` and ``TOLD_TO`` come out alike in every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from claimgraph.extractors.accounts import AccountMention
from claimgraph.extractors.actors import Mention

__all__ = ["ClaimMention", "can_speak", "outermost", "quoted_speaker", "set_speaker"]

if not Doc.has_extension("claims"):
    Doc.set_extension("claims", default=None)


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
