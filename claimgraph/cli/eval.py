"""``claimgraph eval``: measure the extraction against annotated corpora."""

from __future__ import annotations

from pathlib import Path

import click

from claimgraph.cli.base import EXIT_OK, Group
from claimgraph.cli.render import print_json, print_table
from claimgraph.graph import QueryResult
from claimgraph.operations.ingest import ATTRIBUTION_MODES

__all__ = ["eval_group"]

_SCORE_COLUMNS = ["system", "attributions", "precision", "recall", "F1", "matched", "predicted",
                  "gold"]  # fmt: skip
_SCORES = ("precision", "recall", "f1")
_COUNTS = ("true_positives", "predicted", "gold")


@click.group("eval", cls=Group)
def eval_group() -> None:
    """Measure claimgraph's extraction against annotated corpora.

    \b
    Examples:
      claimgraph eval attribution --polnear data/polnear-dev
    """


@eval_group.command("attribution")
@click.option(
    "--polnear",
    "polnear",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="A PolNeAR split: DIR/text/*.txt and DIR/attributions/*.ann.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N articles.")
@click.option(
    "--baseline/--no-baseline",
    default=True,
    show_default=True,
    help="Also score textacy's direct_quotations in the same run.",
)
@click.option(
    "--attribution",
    type=click.Choice(ATTRIBUTION_MODES),
    default="rules",
    show_default=True,
    help="Score ingest's rules, or its trained mode (as `claimgraph ingest --attribution`).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_attribution_command(
    polnear: Path, limit: int | None, baseline: bool, attribution: str, as_json: bool
) -> int:
    """Score claim attribution on PolNeAR: precision, recall and F1.

    A predicted claim matches a gold attribution when their content spans
    overlap with intersection-over-union >= 0.5 and the predicted speaker
    span overlaps the gold Source span. Gold is every attribution with a
    Source and a Content (first annotator of each article). Scores are
    also given for direct (mostly quoted) and indirect attributions, and for
    the first and the second half of the articles (in name order).

    \b
    Examples:
      claimgraph eval attribution --polnear data/polnear-dev
      claimgraph eval attribution --polnear data/polnear-dev --limit 10 --json
      claimgraph eval attribution --polnear data/polnear-dev --attribution trained
    """
    from claimgraph.evaluation import evaluate_attribution
    from claimgraph.extractors import load_pipeline

    nlp = load_pipeline(trained_attribution=attribution == "trained")
    report = evaluate_attribution(polnear, nlp=nlp, baseline=baseline, limit=limit)
    if as_json:
        print_json(report)
        return EXIT_OK
    rows = [
        [system, part, *(f"{sc[name]:.3f}" for name in _SCORES), *(sc[name] for name in _COUNTS)]
        for system, parts in report["systems"].items()
        for part, sc in parts.items()
    ]
    click.echo(f"{report['articles']} articles, {report['gold']} gold attributions")
    print_table(QueryResult(columns=_SCORE_COLUMNS, rows=rows))
    return EXIT_OK
