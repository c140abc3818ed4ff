"""The ``claimgraph_extraction`` component: a document's findings as plain data.

The last component of the pipeline gathers what the others put on the Doc
into one msgpack-safe dict, ``doc._.extraction``, and clears their working
objects, so docs travel between ``nlp.pipe`` worker processes and the graph
builder needs nothing from spaCy. It clears ``doc.tensor`` too (96 numbers a
token, three quarters of the bytes a parsed document takes from a worker
process back to the ingest), which no component reads after it.

The dict has the keys ``actors``, ``accounts``, ``hashtags``, ``urls`` and
``claims`` (each claim's ``spans`` lists the ``[start, end]`` of its parts);
:mod:`claimgraph.to_graph` turns it into graph nodes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimgraph.extractors.accounts import AccountMention
from claimgraph.extractors.actors import Actor, Mention
from claimgraph.model import account_id, hashtag_id, normalise_url

if TYPE_CHECKING:  # the attribution package imports this package's actors and accounts
    from claimgraph.attribution.mention import ClaimMention

__all__ = ["Extraction", "build_extraction"]

Extraction = dict[str, Any]

_NO_TENSOR = numpy.zeros((0,), dtype="float32")  # a new Doc's

if not Doc.has_extension("extraction"):
    Doc.set_extension("extraction", default=None)


@Language.component(
    "claimgraph_extraction",
    assigns=["doc._.extraction"],
    requires=["doc._.actors", "doc._.account_mentions", "doc._.claims"],
)
def build_extraction(doc: Doc) -> Doc:
    """Gather the document's actors, accounts, hashtags, links and claims as plain data."""
    actors: dict[str, Actor] = doc._.actors or {}
    mentions: list[Mention] = doc._.actor_mentions or []
    accounts: list[AccountMention] = doc._.account_mentions or []
    claims: list[ClaimMention] = doc._.claims or []
    ents = list(doc.ents)  # Doc.ents builds new spans on each access
    hashtags = _hashtags(ents)
    targets = _Targets(mentions, accounts, ents)
    doc._.extraction = {
        "actors": _actors(actors, mentions),
        "accounts": _accounts(actors, accounts),
        "hashtags": hashtags,
        "urls": sorted({normalise_url(e.text) for e in ents if e.label_ == "URL"}),
        "claims": [_claim(c, targets) for c in claims],
    }
    doc._.actors = doc._.actor_mentions = doc._.account_mentions = doc._.claims = None
    doc.tensor = _NO_TENSOR
    return doc


def _actors(actors: dict[str, Actor], mentions: list[Mention]) -> list[dict[str, Any]]:
    counts = Counter(m.actor for m in mentions if m.actor)
    return [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "aliases": sorted(set(a.aliases)),
            "accounts": list(a.accounts),
            "sameas": a.sameas,
            "mentions": counts.get(a.id, 0),
        }
        for a in actors.values()
        if counts.get(a.id)
    ]


def _accounts(actors: dict[str, Actor], accounts: list[AccountMention]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for a in accounts:
        row = found.setdefault(
            a.id,
            {
                "id": a.id,
                "platform": a.platform,
                "handle": a.handle,
                "display_name": None,
                "operator": None,
                "mentions": 0,
            },
        )
        row["mentions"] += 1
        if a.handle is None and a.operator in actors:
            row["display_name"] = f"{actors[a.operator].name} on {a.platform}"
        row["operator"] = row["operator"] or a.operator
    for actor in actors.values():  # accounts the gazetteer gives actors the text names
        for acc in actor.accounts:
            if acc in found:
                found[acc]["operator"] = found[acc]["operator"] or actor.id
            else:
                platform, _, handle = acc.partition(":")
                found[acc] = {
                    "id": account_id(platform, handle),
                    "platform": platform,
                    "handle": handle,
                    "display_name": None,
                    "operator": actor.id,
                    "mentions": 0,
                }
    return list(found.values())


def _hashtags(ents: list[Span]) -> dict[str, dict[str, Any]]:
    tags: dict[str, dict[str, Any]] = {}
    for ent in ents:
        if ent.label_ == "HASHTAG":
            key = hashtag_id(ent.text)
            row = tags.setdefault(key, {"tag": ent.text.lstrip("#＃"), "count": 0})
            row["count"] += 1
    return tags


class _Targets:
    """What a claim can be about, each kind in text order: actors' mentions, accounts and
    hashtags, as ``(start_char, end_char, [label, id])``."""

    def __init__(self, mentions: list[Mention], accounts: list[AccountMention], ents: list[Span]):
        self.kinds = [
            [(m.start_char, m.end_char, ["Actor", m.actor]) for m in mentions if m.actor],
            [(a.start_char, a.end_char, ["Account", a.id]) for a in accounts],
            [
                (e.start_char, e.end_char, ["Hashtag", hashtag_id(e.text)])
                for e in ents
                if e.label_ == "HASHTAG"
            ],
        ]
        # A kind sorted by where its targets start (as the components leave them) lets a
        # claim look only at those starting within it; any other is read whole.
        self.starts = [[start for start, _, _ in kind] for kind in self.kinds]
        self.sorted = [all(a <= b for a, b in pairwise(starts)) for starts in self.starts]

    def within(self, first: int, last: int) -> Iterator[tuple[int, int, list[str]]]:
        """Yield, kind by kind and in their order, the targets that may lie in ``first:last``."""
        for kind, starts, ordered in zip(self.kinds, self.starts, self.sorted, strict=True):
            if ordered:
                yield from kind[bisect_left(starts, first) : bisect_right(starts, last)]
            else:
                yield from kind


def _claim(claim: ClaimMention, targets: _Targets) -> dict[str, Any]:
    spans = claim.spans or [(claim.start, claim.end)]
    first, last = claim.start, claim.end

    def inside(start: int, end: int) -> bool:
        """Return whether ``start:end`` lies in one part (the hull checked first, cheaply)."""
        if start < first or end > last:
            return False
        return len(spans) == 1 or any(s <= start and end <= e for s, e in spans)

    about = [
        list(target) for start, end, target in targets.within(first, last) if inside(start, end)
    ]
    speaker = list(claim.speaker) if claim.speaker else None
    unique = []
    for target in about:
        if target != speaker and target not in unique:
            unique.append(target)
    return {
        "text": claim.text,
        "cue": claim.cue,
        "kind": claim.kind,
        "start": claim.start,
        "end": claim.end,
        "spans": [list(span) for span in spans],
        "speaker_text": claim.speaker_text,
        "speaker_start": claim.speaker_start,
        "speaker_end": claim.speaker_end,
        "speaker": speaker,
        "about": unique,
        "told_to": list(dict.fromkeys(claim.told_to)),
        "confidence": claim.confidence,
    }
