"""Named-entity recognition quality: precision, recall and F1 per entity type.

A labelled sample is JSON lines, one sentence a line::

    {"text": "...", "entities": [[start, end, "PER"], ...]}

with types ``PER``, ``ORG`` and ``LOC``. A predicted entity matches a gold
one of the same type either exactly (same character span) or by overlap
(the spans share a character); each gold entity matches at most once.
``bench/data/ner_ru.jsonl`` is such a sample of Russian news sentences.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from claimgraph.evaluation import Scores

__all__ = ["Entity", "load_ner_sample", "evaluate_ner", "NER_TYPES"]

#: The gold types, and the spaCy labels that count as each.
NER_TYPES = {"PER": ("PERSON", "PER"), "ORG": ("ORG",), "LOC": ("LOC", "GPE")}

Entity = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A labelled sentence."""

    text: str
    entities: tuple[Entity, ...]


def load_ner_sample(path: str | Path) -> list[Sentence]:
    """Read a labelled sample (see the module docstring)."""
    sentences = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            entities = tuple((int(s), int(e), str(t)) for s, e, t in row["entities"])
            for start, end, kind in entities:
                if kind not in NER_TYPES or not 0 <= start < end <= len(row["text"]):
                    raise ValueError(f"{path}:{number}: bad entity {[start, end, kind]}")
            sentences.append(Sentence(row["text"], entities))
    return sentences


def evaluate_ner(nlp: Language, sentences: Iterable[Sentence]) -> dict[str, dict[str, Scores]]:
    """Return ``{"exact" | "overlap": {type | "all": Scores}}`` of ``nlp``'s entities."""
    sentences = list(sentences)
    label_type = {label: kind for kind, labels in NER_TYPES.items() for label in labels}
    kinds = [*NER_TYPES, "all"]
    results = {mode: {kind: Scores() for kind in kinds} for mode in ("exact", "overlap")}
    for sentence, doc in zip(sentences, nlp.pipe(s.text for s in sentences), strict=True):
        predicted = [
            (e.start_char, e.end_char, label_type[e.label_])
            for e in doc.ents
            if e.label_ in label_type
        ]
        for mode, scores in results.items():
            for kind in kinds:
                gold = [g for g in sentence.entities if kind in ("all", g[2])]
                found = [p for p in predicted if kind in ("all", p[2])]
                hits = _matches(gold, found, exact=mode == "exact")
                scores[kind].add(Scores(hits, len(found), len(gold)))
    return results


def _matches(gold: list[Entity], predicted: list[Entity], exact: bool) -> int:
    used: set[int] = set()
    hits = 0
    for start, end, kind in predicted:
        for i, (gs, ge, gk) in enumerate(gold):
            same = (gs, ge) == (start, end) if exact else gs < end and start < ge
            if i not in used and gk == kind and same:
                used.add(i)
                hits += 1
                break
    return hits
