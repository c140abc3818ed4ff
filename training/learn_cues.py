"""Learn cue verbs for the English attribution rules from PolNeAR's train split.

The rules' word lists (``claimgraph/attribution/lexicon_en.py``) hold the
verbs that cue a report. This script proposes more of them from the train
split only, in two stages:

1. *Candidates*: every verb lemma the lexicon does not list that is part of a
   gold Cue at least ``--min-cues`` times when its subject is a person, an
   organisation, a group or a personal pronoun, and is a cue in at least
   ``--min-rate`` of those uses.
2. *Selection by what the rules make of them*: the candidates are added to one
   list at a time (``object_verbs``: "credited the volunteers"; ``reporting``:
   "repeated that ..."), the rules run over the split, and
   each lemma's claims are scored with the metric of
   :mod:`claimgraph.attribution.metric`. A third run lets the ``reporting``
   verbs report a noun object ("stressed the importance of ...") and scores the
   claims that adds, lemma by lemma. A lemma is kept for a list when at least
   ``--min-hits`` of its claims there match a gold attribution and at least
   ``--threshold`` of them do.
3. *Pruning*: a listed word whose claims (at least ``--min-claims``) match
   gold attributions less than ``--prune`` of the time is left out.

The lists it prints are ``LEARNED_OBJECT_VERBS``, ``LEARNED_REPORTING``,
``LEARNED_REPORTING_OBJECTS`` and ``PRUNED`` in ``lexicon_en.py``, learned from
the hand-written lists (``WRITTEN``); the threshold (0.6, the default) was
chosen between 0.5 and 0.6 on the dev split, the pruning level (0.3) taken
once and confirmed there.

Usage::

    python training/learn_cues.py ../shared/data/polnear-train [--threshold 0.6]

It parses the split once (about 90 CPU seconds for the 840 articles) and runs
the rules four times over it.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc, Token

from claimgraph.attribution.english import ClaimAttribution
from claimgraph.attribution.finder import Finder
from claimgraph.attribution.lexicon_en import WRITTEN, EnglishLexicon
from claimgraph.attribution.mention import ClaimMention
from claimgraph.attribution.metric import iou, is_direct
from claimgraph.evaluation import GoldDocument, load_polnear
from claimgraph.extractors import load_pipeline

_SPAN = re.compile(r"(\d+) (\d+)")
_AGENT_ENTS = frozenset(["PERSON", "ORG", "NORP", "GPE"])
_PERSONAL = frozenset(["he", "she", "they", "i", "we", "you"])
#: The lexicon without what this script learned, so that it learns the same again.
BASE = WRITTEN


def main() -> None:
    """Print the learned lists for the split named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("polnear", type=Path, help="a PolNeAR split (text/, attributions/)")
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument("--min-hits", type=int, default=3)
    parser.add_argument("--min-cues", type=int, default=3)
    parser.add_argument("--min-rate", type=float, default=0.15)
    parser.add_argument("--prune", type=float, default=0.3)
    parser.add_argument("--min-claims", type=int, default=10)
    args = parser.parse_args()

    golds = load_polnear(args.polnear)
    nlp = load_pipeline()
    with nlp.select_pipes(disable=["claim_attribution", "claimgraph_extraction"]):
        docs = list(nlp.pipe([g.text for g in golds], batch_size=16))
    cue_chars = [_gold_cue_chars(args.polnear, g.name) for g in golds]
    candidates = _candidates(docs, cue_chars, args.min_cues, args.min_rate)
    print(f"{len(candidates)} candidate lemmas")

    def keep(hits: Counter[str], misses: Counter[str], words: Iterable[str]) -> list[str]:
        kept = sorted(
            w
            for w in words
            if hits[w] >= args.min_hits and hits[w] >= args.threshold * (hits[w] + misses[w])
        )
        print("  " + " ".join(f"{w}:{hits[w]}/{hits[w] + misses[w]}" for w in kept))
        return kept

    learned: dict[str, list[str]] = {}
    for name in ("object_verbs", "reporting"):
        lexicon = BASE.with_changes(add={name: candidates})
        hits, misses = _by_cue(docs, golds, lexicon)
        learned[name] = keep(hits, misses, candidates)
    base_hits, base_misses = _by_cue(docs, golds, BASE)
    speech = sorted(BASE.reporting - BASE.object_verbs)
    lexicon = BASE.with_changes(add={"reporting_objects": speech})
    hits, misses = _by_cue(docs, golds, lexicon)
    learned["reporting_objects"] = keep(hits - base_hits, misses - base_misses, speech)
    listed = {w for f in dataclasses.fields(BASE) if f.init for w in getattr(BASE, f.name)}
    learned["pruned"] = sorted(
        w
        for w in listed
        if base_hits[w] + base_misses[w] >= args.min_claims
        and base_hits[w] < args.prune * (base_hits[w] + base_misses[w])
    )
    for name, found in learned.items():
        print(f"{name} ({len(found)}): {' '.join(found)}")


def _gold_cue_chars(folder: Path, name: str) -> set[int]:
    """Return the characters of the gold Cues of attributions with a source and content."""
    ann = sorted((folder / "attributions").glob(f"{name}_*.ann"))[0]
    spans: dict[str, list[tuple[int, int]]] = {}
    chars: set[int] = set()
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            spans[parts[0]] = [(int(s), int(e)) for s, e in _SPAN.findall(parts[1])]
        elif line.startswith("E") and len(parts) >= 2:
            event = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
            if "Source" in event and any(k.startswith("Content") for k in event):
                for start, end in spans.get(event.get("Cue", ""), []):
                    chars.update(range(start, end))
    return chars


def _candidates(
    docs: list[Doc], cue_chars: list[set[int]], min_cues: int, min_rate: float
) -> list[str]:
    """Return the unlisted verb lemmas that an agent's gold Cue often is."""
    uses: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    for doc, chars in zip(docs, cue_chars, strict=True):
        for token in doc:
            if token.pos_ == "VERB" and _agent_subject(token):
                uses[token.lemma_.lower()] += 1
                cues[token.lemma_.lower()] += token.idx in chars
    return sorted(
        w
        for w in uses
        if w not in BASE.cue_lemmas and cues[w] >= min_cues and cues[w] >= min_rate * uses[w]
    )


def _agent_subject(verb: Token) -> bool:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (
        subject.ent_type_ in _AGENT_ENTS or subject.pos_ == "PROPN" or subject.lower_ in _PERSONAL
    )


class _RecordingFinder(Finder):
    """The English finder, noting the lemma of the token that cued each claim."""

    lemmas: dict[tuple[int, int], str]

    def _read_token(self, token: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        before = len(self.claims)
        claim = super()._read_token(token, quoted)
        for c in ([claim] if claim is not None else []) + self.claims[before:]:
            self.lemmas[(c.start, c.end)] = token.lemma_.lower()
        return claim


def _by_cue(
    docs: list[Doc], golds: list[GoldDocument], lexicon: EnglishLexicon
) -> tuple[Counter[str], Counter[str]]:
    """Run the rules with ``lexicon``; count, by cue lemma, the indirect claims that
    match a gold attribution (the metric's matching) and those that do not."""
    component = ClaimAttribution(docs[0].vocab, lexicon)
    hits: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    for doc, gold in zip(docs, golds, strict=True):
        finder = _RecordingFinder(doc, lexicon, component.cue_hashes, component.nominal_hashes)
        finder.lemmas = {}
        claims = [c for c in finder.find() if c.kind == "indirect"]
        matched = _matched(gold, doc.text, claims)
        for i, c in enumerate(claims):
            lemma = finder.lemmas.get((c.start, c.end), c.cue.lower())
            (hits if i in matched else misses)[lemma] += 1
    return hits, misses


def _matched(gold: GoldDocument, text: str, claims: list[ClaimMention]) -> set[int]:
    """Return the indices of ``claims`` the metric matches to a gold indirect attribution."""
    found = []
    for c in claims:
        content = frozenset(i for s, e in (c.spans or [(c.start, c.end)]) for i in range(s, e))
        source: frozenset[int] = frozenset()
        if c.speaker_start is not None and c.speaker_end is not None:
            source = frozenset(range(c.speaker_start, c.speaker_end))
        found.append((content, source))
    pairs = sorted(
        (
            (iou(g.content, content), gi, pi)
            for gi, g in enumerate(a for a in gold.attributions if not a.direct)
            for pi, (content, source) in enumerate(found)
            if not is_direct(text, content) and g.source & source
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    matched: set[int] = set()
    for overlap, gi, pi in pairs:
        if overlap >= 0.5 and gi not in used_gold and pi not in matched:
            used_gold.add(gi)
            matched.add(pi)
    return matched


if __name__ == "__main__":
    main()
