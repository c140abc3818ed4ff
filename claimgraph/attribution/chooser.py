"""Choosing among the rules' and the tagger's claims: a learned logistic regression.

The rules and the trained tagger find many of the same attributions and each
finds some the other misses; where they disagree, neither is always right.
:class:`Chooser` scores every candidate claim of both (what rule or cue made
it, the tagger's tag probabilities over its content and speaker, whether the
other system found it too, its length and speaker's kind, its cue word) with
a logistic regression, then keeps the best-scored claims above a threshold,
highest first, leaving out any whose content is mostly another kept claim's.

Its weights were fitted on PolNeAR train articles the tagger that fed it never
saw (``training/chooser.py``, ``make train-chooser``): so the chooser learns
how far to trust the tagger on articles that are new to it, as every article
met at run time is. The threshold was selected on the dev split.

Examples
--------
>>> cue_bucket("Said") == cue_bucket(" said ") and 0 <= cue_bucket("said") < CUE_BUCKETS
True
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.tokens import Doc

from claimgraph.attribution.mention import ClaimMention
from claimgraph.attribution.metric import iou
from claimgraph.errors import ClaimgraphError

__all__ = [
    "CHOOSER_WEIGHTS",
    "N_FEATURES",
    "Candidate",
    "Chooser",
    "claim_positions",
    "cue_bucket",
    "features",
    "fit",
]

#: The shipped weights and threshold.
CHOOSER_WEIGHTS = Path(__file__).parent / "weights" / "chooser.json"
#: Buckets of the hashed cue word, and of the cue word with the claim's kind.
CUE_BUCKETS = 512
#: Columns before the hashed cue words.
_BASE = 40
#: One column per feature.
N_FEATURES = _BASE + 2 * CUE_BUCKETS
#: The rules' confidences, each a column: they tell which rule made the claim.
_RULE_CONFIDENCES = (0.5, 0.6, 0.7, 0.75, 0.8, 0.9)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A claim the rules or the tagger made, and the tagger's mean tag probability."""

    claim: ClaimMention
    from_rules: bool
    tagger_confidence: float = 0.0


class Chooser:
    """A logistic regression over candidate claims, and the score a kept one needs.

    Parameters
    ----------
    weights : numpy.ndarray
        One weight per column of :func:`features`.
    threshold : float
        The least probability of being right a kept claim needs.
    """

    def __init__(self, weights: numpy.ndarray, threshold: float) -> None:
        if weights.shape != (N_FEATURES,):
            raise ClaimgraphError(
                f"the chooser's weights have {weights.shape} values, not ({N_FEATURES},): "
                "refit them with `make train-chooser`"
            )
        self.weights = weights.astype("float64")
        self.threshold = threshold

    @classmethod
    def load(cls, path: str | Path = CHOOSER_WEIGHTS) -> Chooser:
        """Read a chooser saved by :meth:`save`."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(numpy.asarray(data["weights"], dtype="float64"), float(data["threshold"]))
        except (OSError, ValueError, KeyError) as exc:
            raise ClaimgraphError(
                f"cannot read the attribution chooser's weights from {path}: {exc} "
                "(reinstall claimgraph, or refit them with `make train-chooser`)"
            ) from exc

    def save(self, path: str | Path, **provenance: object) -> None:
        """Write the weights and threshold as JSON, with ``provenance`` beside them."""
        data = {
            **provenance,
            "threshold": self.threshold,
            "weights": [round(float(w), 6) for w in self.weights],
        }
        Path(path).write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")

    def probabilities(self, matrix: numpy.ndarray) -> numpy.ndarray:
        """Return each row's probability of being a right claim."""
        return 1.0 / (1.0 + numpy.exp(-(matrix @ self.weights)))

    def choose(
        self,
        doc: Doc,
        candidates: Sequence[Candidate],
        content_prob: numpy.ndarray,
        source_prob: numpy.ndarray,
    ) -> list[ClaimMention]:
        """Return the kept claims in the order their content starts.

        ``content_prob`` and ``source_prob`` are the tagger's per-token
        probabilities that a token is content or source (zeros without it).
        """
        if not candidates:
            return []
        contents = [_positions(c.claim) for c in candidates]
        matrix = _features(doc, candidates, contents, content_prob, source_prob)
        scores = self.probabilities(matrix)
        kept: list[frozenset[int]] = []
        claims = []
        for k in numpy.argsort(-scores, kind="stable"):
            if scores[k] < self.threshold:
                break
            claim, content = candidates[k].claim, contents[k]
            if any(len(content & other) > 0.5 * min(len(content), len(other)) for other in kept):
                continue
            kept.append(content)
            claims.append(claim)
        return sorted(claims, key=lambda c: c.start)


def cue_bucket(word: str) -> int:
    """Return the hashed column of a cue word (stable across runs and machines)."""
    return zlib.crc32(word.lower().strip().encode("utf-8")) % CUE_BUCKETS


def features(
    doc: Doc,
    candidates: Sequence[Candidate],
    content_prob: numpy.ndarray,
    source_prob: numpy.ndarray,
) -> numpy.ndarray:
    """Return one row of features per candidate (``N_FEATURES`` columns)."""
    contents = [_positions(c.claim) for c in candidates]
    return _features(doc, candidates, contents, content_prob, source_prob)


def _features(
    doc: Doc,
    candidates: Sequence[Candidate],
    contents: list[frozenset[int]],
    content_prob: numpy.ndarray,
    source_prob: numpy.ndarray,
) -> numpy.ndarray:
    matrix = numpy.zeros((len(candidates), N_FEATURES), dtype="float64")
    speakers = [_speaker_positions(c.claim) for c in candidates]
    for k, candidate in enumerate(candidates):
        claim, x = candidate.claim, matrix[k]
        tokens = _tokens(doc, claim.spans or [(claim.start, claim.end)])
        speaker = (
            _tokens(doc, [(claim.speaker_start, claim.speaker_end)])
            if claim.speaker_start is not None and claim.speaker_end is not None
            else []
        )
        direct = claim.kind == "direct"
        x[0] = 1.0
        x[1] = candidate.from_rules
        x[2] = direct
        if candidate.from_rules:
            for j, confidence in enumerate(_RULE_CONFIDENCES):
                x[3 + j] = abs(claim.confidence - confidence) < 1e-6
        x[9] = candidate.tagger_confidence
        x[10] = float(content_prob[tokens].mean()) if tokens and len(content_prob) else 0.0
        x[11] = float(source_prob[speaker].mean()) if speaker and len(source_prob) else 0.0
        x[12] = float(content_prob[tokens].min()) if tokens and len(content_prob) else 0.0
        agreement = max(
            (
                iou(contents[k], contents[j])
                for j, other in enumerate(candidates)
                if other.from_rules != candidate.from_rules and speakers[j] & speakers[k]
            ),
            default=0.0,
        )
        x[13] = agreement
        x[14] = agreement >= 0.5
        x[15] = math.log1p(len(tokens))
        x[16] = len(claim.spans) > 1
        x[17] = claim.text.lower().startswith("that ")
        x[18] = claim.speaker is not None and claim.speaker[0] == "Actor"
        x[19] = claim.speaker is not None and claim.speaker[0] == "Account"
        x[20] = bool(speaker) and doc[speaker[0]].pos_ == "PRON"
        x[21] = math.log1p(len(speaker))
        if speaker and tokens:
            x[22] = math.log1p(min(abs(speaker[0] - tokens[-1]), abs(tokens[0] - speaker[-1])))
            x[23] = speaker[0] < tokens[0]
        x[24] = bool(speaker) and doc[speaker[-1]].pos_ == "PROPN"
        x[25] = bool(speaker) and doc[speaker[-1]].pos_ == "NOUN"
        starts = sum(1 for i in tokens if doc[i].is_sent_start)
        x[26] = starts
        x[27] = starts > 0 and not doc[tokens[0]].is_sent_start
        x[28] = direct * x[10]
        x[29] = x[1] * x[10]
        x[30] = x[1] * x[14]
        x[31] = direct * x[1]
        x[32] = claim.text.rstrip().endswith((".", "?", "!", '"', "”"))
        x[33] = (not candidate.from_rules) * x[14]
        x[_BASE + cue_bucket(claim.cue)] = 1.0
        x[_BASE + CUE_BUCKETS + cue_bucket(claim.kind + " " + claim.cue)] = 1.0
    return matrix


def fit(
    matrix: numpy.ndarray, right: numpy.ndarray, l2: float = 1e-3, epochs: int = 300
) -> numpy.ndarray:
    """Return logistic regression weights for ``matrix`` and 0/1 labels ``right``,
    by full-batch Adam with an L2 penalty (deterministic: starts from zeros)."""
    weights = numpy.zeros(matrix.shape[1])
    first, second = numpy.zeros_like(weights), numpy.zeros_like(weights)
    rate = 0.1
    for step in range(1, epochs + 1):
        predicted = 1.0 / (1.0 + numpy.exp(-(matrix @ weights)))
        gradient = matrix.T @ (predicted - right) / len(right) + l2 * weights
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient * gradient
        unbiased = first / (1 - 0.9**step)
        weights -= rate * unbiased / (numpy.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return weights


def claim_positions(claim: ClaimMention) -> tuple[frozenset[int], frozenset[int]]:
    """Return the character positions of a claim's content and of its speaker."""
    return _positions(claim), _speaker_positions(claim)


def _positions(claim: ClaimMention) -> frozenset[int]:
    return frozenset(i for s, e in (claim.spans or [(claim.start, claim.end)]) for i in range(s, e))


def _speaker_positions(claim: ClaimMention) -> frozenset[int]:
    if claim.speaker_start is None or claim.speaker_end is None:
        return frozenset()
    return frozenset(range(claim.speaker_start, claim.speaker_end))


def _tokens(doc: Doc, ranges: Sequence[tuple[int, int]]) -> list[int]:
    found: set[int] = set()
    for start, end in ranges:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.update(range(span.start, span.end))
    return sorted(found)
