"""The attribution metric of DESIGN.md, shared by ``claimgraph eval attribution`` and training.

A predicted claim matches a gold attribution when their content spans have
intersection-over-union >= 0.5 over characters and the predicted speaker
span overlaps the gold source; each gold attribution matches at most one
prediction. Scores are also broken down into direct attributions (most of the
content inside quotation marks) and indirect ones.

Examples
--------
>>> iou({1, 2, 3, 4}, {3, 4, 5, 6})
0.3333333333333333
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claimgraph.attribution.quotes import quote_spans

__all__ = ["Attribution", "Scores", "iou", "is_direct", "score"]


@dataclass(frozen=True, slots=True)
class Attribution:
    """A content span and its speaker span, as character position sets."""

    content: frozenset[int]
    source: frozenset[int]
    direct: bool


@dataclass(slots=True)
class Scores:
    """True positives, predictions and gold counts, with precision, recall and F1."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        """Return the share of predictions that match a gold attribution."""
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Return the share of gold attributions that a prediction matches."""
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Scores) -> None:
        """Add ``other``'s counts to these."""
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold

    def as_dict(self) -> dict[str, float | int]:
        """Return the counts and the three scores."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "gold": self.gold,
        }


def iou(a: frozenset[int] | set[int], b: frozenset[int] | set[int]) -> float:
    """Return the intersection over union of two character position sets."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def is_direct(text: str, content: Iterable[int]) -> bool:
    """Return whether most of ``content`` lies inside quotation marks of ``text``."""
    positions = sorted(content)
    if not positions:
        return False
    inside = _quoted_positions(text)
    return sum(1 for i in positions if i in inside) > len(positions) / 2


_QUOTED_CACHE: dict[int, frozenset[int]] = {}


def _quoted_positions(text: str) -> frozenset[int]:
    key = hash(text)
    cached = _QUOTED_CACHE.get(key)
    if cached is None:
        cached = frozenset(i for s, e in quote_spans(text) for i in range(s - 1, e + 1))
        _QUOTED_CACHE[key] = cached
    return cached


def score(
    gold: Sequence[Sequence[Attribution]], predicted: Sequence[Sequence[Attribution]]
) -> dict[str, Scores]:
    """Return scores for all attributions and for direct and indirect ones."""
    totals = {"all": Scores(), "direct": Scores(), "indirect": Scores()}
    for gold_doc, predicted_doc in zip(gold, predicted, strict=True):
        for name, keep in (("all", None), ("direct", True), ("indirect", False)):
            g = [a for a in gold_doc if keep is None or a.direct == keep]
            p = [a for a in predicted_doc if keep is None or a.direct == keep]
            totals[name].add(_match(g, p))
    return totals


def _match(gold: Sequence[Attribution], predicted: Sequence[Attribution]) -> Scores:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            overlap = iou(g.content, p.content)
            if overlap >= 0.5 and g.source & p.source:
                pairs.append((overlap, gi, pi))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
    return Scores(len(used_gold), len(predicted), len(gold))
