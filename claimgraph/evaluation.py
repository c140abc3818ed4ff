"""Measure claim attribution against PolNeAR's gold attributions.

PolNeAR (Newell, Margolin and Ruths 2018) annotates news articles with BRAT
stand-off attributions: a Source, a Cue and a Content span each. The metric
is DESIGN.md's: a predicted claim matches a gold attribution when their
content spans have intersection-over-union >= 0.5 (over characters; PolNeAR
spans may be discontinuous) and the predicted speaker span overlaps the gold
Source span. Gold is every attribution with both a Source and a Content; an
article annotated twice is scored against its first ``.ann`` file in name
order. Each gold attribution matches at most one prediction.

claimgraph is scored on what ingest writes to the graph: the texts are
ingested into a temporary embedded store and every ``Claim`` node read back
is a prediction (:func:`predict_claimgraph`), so this figure and one taken
from a user's own graph are the same.

Scores are broken down into direct and indirect attributions, decided the same
way for gold and predicted spans: *direct* when most of the content lies
inside quotation marks.

Examples
--------
>>> iou({1, 2, 3, 4}, {3, 4, 5, 6})
0.3333333333333333
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.attribution.metric import Attribution, Scores, iou, is_direct, score
from claimgraph.errors import ClaimgraphError
from claimgraph.model import RawDocument, document_id

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "Attribution",
    "GoldDocument",
    "Scores",
    "evaluate_attribution",
    "iou",
    "load_polnear",
    "predict_claimgraph",
    "predict_textacy",
    "score",
    "score_with_halves",
]

Predictor = Callable[[Sequence[str]], Iterator[list[Attribution]]]

_SPAN = re.compile(r"(\d+) (\d+)")


@dataclass(slots=True)
class GoldDocument:
    """One PolNeAR article: its name, text and gold attributions."""

    name: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)


def load_polnear(folder: str | Path, limit: int | None = None) -> list[GoldDocument]:
    """Read a PolNeAR split laid out as ``text/NAME.txt`` and ``attributions/NAME_*.ann``.

    Raises
    ------
    ClaimgraphError
        If the folder does not have that layout.
    """
    folder = Path(folder)
    texts, annotations = folder / "text", folder / "attributions"
    if not texts.is_dir() or not annotations.is_dir():
        raise ClaimgraphError(
            f"{folder} is not a PolNeAR split: it needs text/ and attributions/ folders "
            "(like shared/data/polnear-dev)"
        )
    documents = []
    for path in sorted(texts.glob("*.txt"))[:limit]:
        anns = sorted(annotations.glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        documents.append(GoldDocument(path.stem, text, _read_ann(anns[0], text)))
    if not documents:
        raise ClaimgraphError(f"no annotated articles found in {folder}")
    return documents


def _read_ann(path: Path, text: str) -> list[Attribution]:
    spans: dict[str, frozenset[int]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            spans[parts[0]] = frozenset(
                i for start, end in _SPAN.findall(parts[1]) for i in range(int(start), int(end))
            )
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    gold = []
    for event in events:
        contents = [spans[v] for k, v in event.items() if k.startswith("Content") and v in spans]
        source = spans.get(event.get("Source", ""))
        if contents and source:
            content = frozenset().union(*contents)
            gold.append(Attribution(content, source, is_direct(text, content)))
    return gold


def predict_claimgraph(nlp: Language) -> Predictor:
    """Return a predictor scoring what ingest writes to the graph.

    The texts go through :func:`claimgraph.ingest.ingest_documents` with ``nlp`` as
    the English pipeline, the path ``claimgraph ingest`` takes, into a temporary
    embedded store; every ``Claim`` node read back from it is a prediction, its
    content the characters of its ``spans`` (the parts of one attribution, "X,"
    he said, "Y") and its source its ``speaker_start``/``speaker_end``.
    """

    def predict(texts: Sequence[str]) -> Iterator[list[Attribution]]:
        found = _graph_claims(texts, nlp)
        for text in texts:
            yield [
                Attribution(content, source, is_direct(text, content))
                for content, source in found.get(document_id(text), [])
            ]

    return predict


_CLAIMS_OF_DOCUMENTS = (
    "MATCH (c:Claim)-[:REPORTED_IN]->(d:Document) "
    "RETURN d.id AS document, c.start AS start, c.end AS end, c.spans AS spans, "
    "c.speaker_start AS speaker_start, c.speaker_end AS speaker_end"
)


def _graph_claims(
    texts: Sequence[str], nlp: Language
) -> dict[str, list[tuple[frozenset[int], frozenset[int]]]]:
    """Ingest ``texts`` into a temporary embedded store; return each document's claims
    as (content, source) character sets, by document id."""
    from claimgraph.graph import open_store
    from claimgraph.ingest import ingest_documents

    documents = [RawDocument(text, f"polnear:{i}") for i, text in enumerate(texts)]
    with (
        tempfile.TemporaryDirectory(prefix="claimgraph-eval-") as folder,
        open_store("embedded", db=str(Path(folder) / "eval.db")) as store,
    ):
        ingest_documents(documents, store, nlp=nlp)
        records = store.query(_CLAIMS_OF_DOCUMENTS).records()
    found: dict[str, list[tuple[frozenset[int], frozenset[int]]]] = {}
    for row in records:
        parts = [span.split(":") for span in row["spans"] or [f"{row['start']}:{row['end']}"]]
        content = frozenset(i for start, end in parts for i in range(int(start), int(end)))
        source: frozenset[int] = frozenset()
        if row["speaker_start"] is not None:
            source = frozenset(range(row["speaker_start"], row["speaker_end"]))
        found.setdefault(row["document"], []).append((content, source))
    return found


def predict_textacy(nlp: Language) -> Predictor:
    """Return a predictor running textacy's ``direct_quotations`` on the plain model."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError as exc:
        raise ClaimgraphError(
            "the textacy baseline needs textacy: pip install 'claimgraph[eval]'"
        ) from exc

    def predict(texts: Sequence[str]) -> Iterator[list[Attribution]]:
        for text, doc in zip(texts, nlp.pipe(texts, batch_size=16), strict=True):
            found = []
            try:
                quotes = list(direct_quotations(doc))
            except (ValueError, IndexError):  # textacy fails on some quote layouts
                quotes = []
            for quote in quotes:
                content = frozenset(i for t in quote.content for i in range(t.idx, t.idx + len(t)))
                source = frozenset(i for t in quote.speaker for i in range(t.idx, t.idx + len(t)))
                found.append(Attribution(content, source, is_direct(text, content)))
            yield found

    return predict


def evaluate_attribution(
    polnear: str | Path,
    *,
    nlp: Language | None = None,
    baseline: bool = True,
    limit: int | None = None,
) -> dict[str, Any]:
    """Score claimgraph (and textacy's ``direct_quotations``) on a PolNeAR split.

    Returns
    -------
    dict
        ``{"articles", "gold", "systems": {name: {part: scores}}}``, the parts being
        ``"all"``, ``"direct"``, ``"indirect"``, ``"first half"`` and ``"second half"``
        (of the articles, in name order; with two articles or more).
    """
    import spacy

    from claimgraph.extractors import DEFAULT_MODEL, load_pipeline

    documents = load_polnear(polnear, limit=limit)
    texts = [d.text for d in documents]
    gold = [d.attributions for d in documents]
    systems: dict[str, Predictor] = {"claimgraph": predict_claimgraph(nlp or load_pipeline())}
    if baseline:
        systems["textacy direct_quotations"] = predict_textacy(spacy.load(DEFAULT_MODEL))
    report: dict[str, Any] = {
        "articles": len(documents),
        "gold": sum(len(g) for g in gold),
        "systems": {},
    }
    for name, predict in systems.items():
        scores = score_with_halves(gold, list(predict(texts)))
        report["systems"][name] = {k: v.as_dict() for k, v in scores.items()}
    return report


def score_with_halves(
    gold: Sequence[Sequence[Attribution]], predicted: Sequence[Sequence[Attribution]]
) -> dict[str, Scores]:
    """Return :func:`score`'s scores, and those of all attributions in the first and
    in the second half of the articles (``"first half"``, ``"second half"``): a
    figure that holds on a whole split should hold on both halves alike."""
    scores = score(gold, predicted)
    middle = len(gold) // 2
    if middle:
        scores["first half"] = score(gold[:middle], predicted[:middle])["all"]
        scores["second half"] = score(gold[middle:], predicted[middle:])["all"]
    return scores
