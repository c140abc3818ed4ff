"""Fit the attribution chooser (claimgraph/attribution/chooser.py) on PolNeAR train.

    python training/chooser.py --train ../shared/data/polnear-train \\
        --dev ../shared/data/polnear-dev \\
        --tagger build/attribution-half/model-best/claimgraph_attribution_model \\
        --held-out-from 420 --output claimgraph/attribution/weights/chooser.json

The chooser's features read the tagger's probabilities, so it must learn them
on articles that tagger never saw, as at run time: ``--tagger`` is a tagger
trained on the first ``--held-out-from`` train articles only (``make
train-chooser`` trains it), and the chooser is fitted on the rest. The
threshold is then selected on the dev split, with the tagger ingest runs
(``--dev-tagger``, the shipped one): the best F1 among thresholds whose
precision is at least 0.80.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy
from rich.progress import track
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.attribution import trained
from claimgraph.attribution.chooser import Candidate, Chooser, claim_positions, features, fit
from claimgraph.attribution.finder import Finder
from claimgraph.attribution.metric import Attribution, iou, is_direct, score
from claimgraph.attribution.model_claims import candidates
from claimgraph.evaluation import GoldDocument, load_polnear
from claimgraph.extractors import load_pipeline

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
MIN_PRECISION = 0.80
L2 = 1e-3


@dataclass(slots=True)
class Row:
    """One article's candidates, their features and whether each is right."""

    gold: GoldDocument
    doc: Doc
    candidates: list[Candidate]
    tagged: trained.Tagged
    matrix: numpy.ndarray
    right: numpy.ndarray


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", required=True, help="PolNeAR's train split")
    parser.add_argument("--dev", required=True, help="PolNeAR's dev split")
    parser.add_argument("--tagger", required=True, help="a tagger trained on train's first part")
    parser.add_argument("--dev-tagger", default=str(trained.WEIGHTS), help="the tagger ingest runs")
    parser.add_argument("--held-out-from", type=int, default=420, help="articles it trained on")
    parser.add_argument("--output", required=True, help="where to write the chooser's JSON")
    args = parser.parse_args()

    fitting = load_polnear(args.train)[args.held_out_from :]
    rows = list(_rows(_pipeline(args.tagger), fitting, "held-out train articles"))
    weights = fit_rows(rows)
    right = numpy.concatenate([r.right for r in rows])
    print(f"fitted on {len(fitting)} articles, {len(right)} candidates ({right.mean():.0%} right)")

    dev = list(_rows(_pipeline(args.dev_tagger), load_polnear(args.dev), "dev articles"))
    best: tuple[float, float] | None = None
    for threshold in THRESHOLDS:
        found = score([r.gold.attributions for r in dev], _chosen(Chooser(weights, threshold), dev))
        s = found["all"]
        print(
            f"threshold {threshold:.2f}: P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}, "
            f"direct F1 {found['direct'].f1:.3f}"
        )
        if s.precision >= MIN_PRECISION and (best is None or s.f1 > best[1]):
            best = (threshold, s.f1)
    if best is None:
        sys.exit(f"no threshold reaches precision {MIN_PRECISION} on dev")
    first, last = args.held_out_from + 1, args.held_out_from + len(fitting)
    Chooser(weights, best[0]).save(
        args.output,
        trained_on=f"PolNeAR train articles {first}-{last}",
        tagger_trained_on=f"PolNeAR train articles 1-{args.held_out_from}",
        threshold_selected_on=f"PolNeAR dev (best F1 at precision >= {MIN_PRECISION})",
        l2=L2,
    )
    print(f"threshold {best[0]} (dev F1 {best[1]:.3f}); wrote {args.output}")


def fit_rows(rows: list[Row]) -> numpy.ndarray:
    """Return the chooser's weights fitted on ``rows``' candidates."""
    return fit(
        numpy.vstack([r.matrix for r in rows]), numpy.concatenate([r.right for r in rows]), l2=L2
    )


def _pipeline(tagger: str | Path) -> Language:
    nlp = load_pipeline()
    nlp.remove_pipe("claimgraph_extraction")
    trained.add_to_pipeline(nlp, tagger, after="claim_attribution")
    return nlp


def _rows(nlp: Language, documents: list[GoldDocument], what: str) -> Iterator[Row]:
    tagger = nlp.get_pipe(trained.COMPONENT)
    rules = nlp.get_pipe("claim_attribution")
    with nlp.select_pipes(disable=[trained.COMPONENT]):
        docs = nlp.pipe((d.text for d in documents), batch_size=8)
        pairs = zip(documents, docs, strict=True)
        for gold, doc in track(pairs, total=len(documents), description=what):
            tagged = tagger.predict([doc])[0]
            attributions = trained.link(doc, [tagger.labels[i] for i in tagged.ids], tagged.probs)
            finder = Finder(doc, rules.lexicon, rules.cue_hashes, rules.nominal_hashes)
            found = candidates(finder, doc._.claims, attributions)
            matrix = features(doc, found, tagged.content, tagged.source)
            right = numpy.array([_right(c, gold) for c in found], dtype="float64")
            yield Row(gold, doc, found, tagged, matrix, right)


def _right(candidate: Candidate, gold: GoldDocument) -> bool:
    content, source = claim_positions(candidate.claim)
    return any(g.source & source and iou(g.content, content) >= 0.5 for g in gold.attributions)


def _chosen(chooser: Chooser, rows: list[Row]) -> list[list[Attribution]]:
    chosen = []
    for row in rows:
        claims = chooser.choose(row.doc, row.candidates, row.tagged.content, row.tagged.source)
        positions = [claim_positions(c) for c in claims]
        chosen.append([Attribution(c, s, is_direct(row.gold.text, c)) for c, s in positions])
    return chosen


if __name__ == "__main__":
    main()
