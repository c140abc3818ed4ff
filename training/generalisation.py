"""Measure how claim attribution generalises: dev, its halves, and unseen articles.

    python training/generalisation.py --train ../shared/data/polnear-train \\
        --dev ../shared/data/polnear-dev \\
        --half-tagger build/attribution-half/model-best/claimgraph_attribution_model

Every figure is scored from the graph, as ``claimgraph eval attribution``
scores it (:func:`claimgraph.evaluation.predict_claimgraph`), for the rules
(the default) and the trained mode:

- **dev**: precision, recall, F1, direct F1, and F1 on each half of the split
  (its first and second half of articles in name order);
- **unseen articles**: train articles 631-840 (``--unseen-from``), which no
  model measured here saw. The shipped tagger and chooser learned from them,
  so the trained mode is rebuilt from parts that did not: the tagger trained
  on train articles 1-420 (``make train-chooser`` trains it) and a chooser
  fitted here on articles 421-630, tagged by it, with the shipped chooser's
  threshold. The rules were written and tuned looking at dev, never at these.

The gap between the two is our estimate of how much a figure on dev
overstates one on articles nobody looked at.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from chooser import _pipeline, _rows, fit_rows
from spacy.language import Language

from claimgraph.attribution import trained
from claimgraph.attribution.chooser import Chooser
from claimgraph.evaluation import GoldDocument, load_polnear, predict_claimgraph, score_with_halves
from claimgraph.extractors import load_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", required=True, help="PolNeAR's train split")
    parser.add_argument("--dev", required=True, help="PolNeAR's dev split")
    parser.add_argument(
        "--half-tagger", required=True, help="a tagger trained on train's first part"
    )
    parser.add_argument("--held-out-from", type=int, default=420, help="articles it trained on")
    parser.add_argument("--unseen-from", type=int, default=630, help="first unseen train article")
    args = parser.parse_args()

    dev = load_polnear(args.dev)
    train = load_polnear(args.train)
    fitting = train[args.held_out_from : args.unseen_from]
    unseen = train[args.unseen_from :]
    print(f"dev: {len(dev)} articles; unseen: train articles {args.unseen_from + 1}-{len(train)}")

    rows = list(_rows(_pipeline(args.half_tagger), fitting, "fitting a chooser"))
    chooser = Chooser(fit_rows(rows), Chooser.load().threshold)

    rules = load_pipeline()
    systems = {
        "rules": (rules, rules),
        "trained": (
            load_pipeline(trained_attribution=True),
            _half_pipeline(args.half_tagger, chooser),
        ),
    }
    header = ("system", "split", "P", "R", "F1", "direct", "halves")
    print("\n{:8s} {:7s} {:>6s} {:>6s} {:>6s} {:>7s} {:>13s}".format(*header))
    for name, (on_dev, on_unseen) in systems.items():
        dev_f1 = _report(name, "dev", on_dev, dev)
        unseen_f1 = _report(name, "unseen", on_unseen, unseen)
        print(f"{name:8s} gap     {dev_f1 - unseen_f1:+.3f} F1 from dev to unseen articles")


def _half_pipeline(tagger: str, chooser: Chooser | None) -> Language:
    nlp = load_pipeline()
    trained.add_to_pipeline(nlp, tagger, chooser=chooser, before="claimgraph_extraction")
    return nlp


def _report(name: str, split: str, nlp: Language, documents: Sequence[GoldDocument]) -> float:
    texts = [d.text for d in documents]
    gold = [d.attributions for d in documents]
    scores = score_with_halves(gold, list(predict_claimgraph(nlp)(texts)))
    s = scores["all"]
    print(
        f"{name:8s} {split:7s} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
        f"{scores['direct'].f1:7.3f} {scores['first half'].f1:6.3f}/{scores['second half'].f1:.3f}",
        flush=True,
    )
    return s.f1


if __name__ == "__main__":
    main()
