"""The trained tagger's attributions as claims, combined with the rules' claims.

The rules are precise where the text marks a report plainly (quotations and
their cues, reporting verbs they list); the tagger finds attributions no list
names ("Trump still ducks on taxes"). :func:`combine` keeps every claim the
rules found and adds each confident attribution of the tagger whose content
no rule claim touches, its speaker resolved as the rules resolve theirs.
"""

from __future__ import annotations

from collections.abc import Iterable

from claimgraph.attribution.mention import PART_SEPARATOR, ClaimMention, can_speak
from claimgraph.attribution.quotes import mostly_quoted, quote_spans
from claimgraph.attribution.speakers import Reader
from claimgraph.attribution.trained import ModelAttribution

__all__ = ["MIN_CONFIDENCE", "combine", "to_claim"]

#: The tagger's mean tag probability below which its attribution is left out.
MIN_CONFIDENCE = 0.9


def combine(
    speakers: Reader,
    claims: list[ClaimMention],
    attributions: Iterable[ModelAttribution],
    min_confidence: float = MIN_CONFIDENCE,
) -> list[ClaimMention]:
    """Return the rules' ``claims`` and the tagger's confident ``attributions`` that
    none of them overlaps, in the order their content starts.

    Parameters
    ----------
    speakers : Reader
        The rules' speaker resolution over the same document (a ``Finder``).
    claims : list of ClaimMention
        What the rules found.
    attributions : iterable of ModelAttribution
        What the tagger found (``doc._.model_attributions``).
    min_confidence : float
        Leave out attributions whose mean tag probability is lower.
    """
    taken = [(s, e) for c in claims for s, e in (c.spans or [(c.start, c.end)])]
    quotes = quote_spans(speakers.text)
    added = []
    for attribution in attributions:
        if attribution.source is None or attribution.confidence < min_confidence:
            continue
        if any(s < e2 and s2 < e for s, e in attribution.content for s2, e2 in taken):
            continue
        claim = to_claim(speakers, attribution, quotes)
        if claim is not None:
            added.append(claim)
    return sorted(claims + added, key=lambda c: c.start)


def to_claim(
    speakers: Reader, attribution: ModelAttribution, quotes: list[tuple[int, int]]
) -> ClaimMention | None:
    """Return ``attribution`` as a claim, its speaker resolved to the actor or account
    its source names (else kept as written); None if it has no source."""
    if attribution.source is None:
        return None
    text = speakers.text
    parts = list(attribution.content)
    direct = sum(e - s for s, e in parts if mostly_quoted(s, e, quotes))
    claim = ClaimMention(
        start=parts[0][0],
        end=parts[-1][1],
        text=PART_SEPARATOR.join(text[s:e] for s, e in parts),
        cue=text[attribution.cue[0] : attribution.cue[1]],
        kind="direct" if 2 * direct > sum(e - s for s, e in parts) else "indirect",
        confidence=round(attribution.confidence, 3),
        spans=parts,
    )
    source = speakers.doc.char_span(*attribution.source, alignment_mode="expand")
    if source is None:
        return None
    party = next(
        (
            speakers.parties[t.i]
            for t in source
            if t.i in speakers.parties and can_speak(speakers.parties[t.i])
        ),
        None,
    )
    if party is not None:
        speakers._set_party(claim, party)
    else:
        speakers._set_written(claim, source)
    return claim if claim.speaker_start is not None else None
