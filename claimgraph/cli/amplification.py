"""The options of ``claimgraph analyze amplification`` that define the method's parameters.

:func:`method_options` adds them; :func:`amplification_params` turns their
values into the library's :class:`~claimgraph.analysis.amplification.AmplificationParams`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from claimgraph.analysis.coaction import ACTION_TYPES

if TYPE_CHECKING:
    from claimgraph.analysis.amplification import AmplificationParams

__all__ = ["amplification_params", "method_options"]

_OPTIONS: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
    click.option("--window", type=click.FloatRange(min=0), default=60.0, show_default=True,
                 help="Seconds within which two actions on one object co-occur."),
    click.option("--min-weight", type=click.IntRange(min=1), default=3, show_default=True,
                 help="Least number of distinct co-actions for an edge."),
    click.option("--types", "types_text", default=",".join(ACTION_TYPES), show_default=True,
                 help="Co-action types, comma-separated."),
    click.option("--hashtag",
                 help="Only posts with this hashtag, and reposts and replies of them."),
    click.option("--since", help="Only posts from this date or time (ISO 8601, UTC)."),
    click.option("--until", help="Only posts up to this date or time (ISO 8601, UTC)."),
    click.option("--alpha", type=float, default=0.01, show_default=True,
                 help="Significance of the null model test, before the Bonferroni correction."),
    click.option("--no-null-model", is_flag=True,
                 help="Keep every edge of --min-weight or more (no null model)."),
    click.option("--similarity", type=float, default=0.8, show_default=True,
                 help="Jaccard similarity of word sets for near-duplicate texts."),
    click.option("--min-cluster-size", type=click.IntRange(min=2), default=2, show_default=True,
                 help="Least number of accounts in a reported cluster."),
    click.option("--seed", type=int, default=0, show_default=True,
                 help="Seed of community detection and MinHash."),
    click.option("--cnt-compatible", is_flag=True,
                 help="Use coordination-network-toolkit's definitions (see above)."),
    click.option("--self-loops", is_flag=True,
                 help="With --cnt-compatible: count an account's own repeated action as a loop "
                 "(with --coortweet-compatible: keep loops)."),
    click.option("--coortweet-compatible", is_flag=True,
                 help="Use CooRTweet's definitions (see above)."),
    click.option("--min-participation", type=click.IntRange(min=1), default=2, show_default=True,
                 help="With --coortweet-compatible: least number of shares of an account."),
    click.option("--edge-weight", type=click.FloatRange(min=0, max=1), default=0.5,
                 show_default=True,
                 help="With --coortweet-compatible: quantile of the weights an edge must exceed."),
    click.option("--subgraph", type=click.Choice(["0", "1"]), default="0", show_default=True,
                 help="With --coortweet-compatible: 1 keeps only the edges above --edge-weight."),
]  # fmt: skip


def method_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options of the method's parameters, in the order the help lists them."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def amplification_params(
    *, types_text: str, since: str | None, until: str | None, no_null_model: bool,
    subgraph: str, **values: Any,
) -> AmplificationParams:  # fmt: skip
    """Return the parameters the options of :func:`method_options` give.

    Raises
    ------
    click.BadParameter
        If ``since`` or ``until`` is not a date or time.
    """
    from claimgraph.analysis.amplification import AmplificationParams
    from claimgraph.analysis.posts import parse_when

    try:
        start, end = parse_when(since), parse_when(until, end=True)
    except ValueError as exc:
        raise click.BadParameter(
            f"{exc}; write dates as 2016-08-09 or 2016-08-09T12:00:00Z"
        ) from None
    return AmplificationParams(
        types=tuple(t.strip() for t in types_text.split(",") if t.strip()),
        since=start,
        until=end,
        null_model=not no_null_model,
        subgraph=int(subgraph),
        **values,
    )
