"""The trained tagger's attributions as claims, chosen together with the rules' claims.

The rules are precise where the text marks a report plainly (quotations and
their cues, reporting verbs they list); the tagger finds attributions no list
names ("Trump still ducks on taxes"), and sometimes a better span for one the
rules also found. :func:`combine` makes each of the tagger's attributions a
claim, its speaker resolved as the rules resolve theirs, and lets the learned
:class:`~claimgraph.attribution.chooser.Chooser` keep the best of both.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from claimgraph.attribution.chooser import Candidate, Chooser
from claimgraph.attribution.mention import PART_SEPARATOR, ClaimMention, can_speak
from claimgraph.attribution.quotes import mostly_quoted, quote_spans
from claimgraph.attribution.speakers import Reader
from claimgraph.attribution.trained import ModelAttribution, Tagged

__all__ = ["bare", "candidates", "combine", "shipped_chooser", "to_claim"]


@cache
def shipped_chooser() -> Chooser:
    """Return the chooser whose weights ship with claimgraph (read once)."""
    return Chooser.load()


def combine(
    speakers: Reader,
    claims: list[ClaimMention],
    attributions: Iterable[ModelAttribution],
    tagged: Tagged,
    chooser: Chooser | None = None,
) -> list[ClaimMention]:
    """Return the claims ``chooser`` keeps of the rules' and the tagger's, in the
    order their content starts.

    Parameters
    ----------
    speakers : Reader
        The rules' speaker resolution over the same document (a ``Finder``).
    claims : list of ClaimMention
        What the rules found.
    attributions : iterable of ModelAttribution
        What the tagger found (``doc._.model_attributions``).
    tagged : Tagged
        The tagger's per-token probabilities over the same document.
    chooser : Chooser, optional
        The chooser to apply; the shipped one by default.
    """
    chooser = chooser or shipped_chooser()
    found = candidates(speakers, claims, attributions)
    return chooser.choose(speakers.doc, found, tagged.content, tagged.source)


def candidates(
    speakers: Reader, claims: list[ClaimMention], attributions: Iterable[ModelAttribution]
) -> list[Candidate]:
    """Return the rules' claims and the tagger's attributions that have a source,
    as candidates for the chooser."""
    quotes = quote_spans(speakers.text)
    found = [Candidate(claim, from_rules=True) for claim in claims]
    for attribution in attributions:
        claim = to_claim(speakers, attribution, quotes)
        if claim is not None:
            found.append(Candidate(claim, False, attribution.confidence))
    return found


def to_claim(
    speakers: Reader, attribution: ModelAttribution, quotes: list[tuple[int, int]]
) -> ClaimMention | None:
    """Return ``attribution`` as a claim, its speaker resolved to the actor or account
    its source names (else kept as written); None if it has no source."""
    if attribution.source is None:
        return None
    text = speakers.text
    # PolNeAR's contents keep their quotation marks and commas; a claim's text does not
    parts = [bare(text, s, e) for s, e in attribution.content]
    parts = [(s, e) for s, e in parts if s < e]
    if not parts:
        return None
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


#: What a content part's ends lose: spaces, quotation marks, commas and semicolons.
_LOOSE_ENDS = frozenset(' \t\n"“”«»,;')


def bare(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past the spaces, quotation marks, commas and semicolons at its ends.

    Examples
    --------
    >>> text = '“We will keep our promise,” he said.'
    >>> text[slice(*bare(text, 0, 27))]
    'We will keep our promise'
    """
    while start < end and text[start] in _LOOSE_ENDS:
        start += 1
    while end > start and text[end - 1] in _LOOSE_ENDS:
        end -= 1
    return start, end
