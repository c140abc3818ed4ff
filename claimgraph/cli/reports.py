"""The tables of the commands that report on a store: counts, clusters, an ingest's summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from rich.table import Table

from claimgraph.cli.render import console
from claimgraph.graph import StoreCounts
from claimgraph.model import ACTOR_KINDS, DOCUMENT_KINDS, NODE_LABELS

if TYPE_CHECKING:
    from claimgraph.analysis.amplification import AmplificationResult
    from claimgraph.ingest import IngestSummary

__all__ = ["print_amplification", "print_counts", "print_ingest_summary", "print_skipped"]

_SUBLABELS = {"Actor": tuple(ACTOR_KINDS.values()), "Document": tuple(DOCUMENT_KINDS.values())}


def print_counts(counts: StoreCounts) -> None:
    """Print node counts with each kind label under its primary label, then relationships."""
    nodes = Table(title="Nodes", title_justify="left")
    nodes.add_column("label")
    nodes.add_column("count", justify="right")
    shown: set[str] = set()
    for label in NODE_LABELS:
        if label in counts.labels:
            nodes.add_row(label, f"{counts.labels[label]:,}")
            shown.add(label)
        for sublabel in _SUBLABELS.get(label, ()):
            if sublabel in counts.labels:
                nodes.add_row(f"  {sublabel}", f"{counts.labels[sublabel]:,}", style="dim")
                shown.add(sublabel)
    for label in sorted(set(counts.labels) - shown):
        nodes.add_row(label, f"{counts.labels[label]:,}")
    nodes.add_section()
    nodes.add_row("total", f"{counts.nodes:,}", style="bold")

    relationships = Table(title="Relationships", title_justify="left")
    relationships.add_column("type")
    relationships.add_column("count", justify="right")
    for rel_type, n in counts.relationships.items():
        relationships.add_row(rel_type, f"{n:,}")
    relationships.add_section()
    relationships.add_row("total", f"{counts.edges:,}", style="bold")

    out = console()
    out.print(nodes)
    out.print(relationships)


def print_amplification(result: AmplificationResult) -> None:
    """Print the clusters of an amplification run, then what the run counted."""
    table = Table(title=f"Amplification clusters (run {result.params.run})", title_justify="left")
    for column in ("cluster", "size", "density", "types", "median gap s", "first", "last",
                   "top hashtags", "top urls", "members"):  # fmt: skip
        table.add_column(column, overflow="fold")
    for c in result.clusters:
        gap = "" if c.median_gap_s is None else f"{c.median_gap_s:,.0f}"
        members = ", ".join(c.members[:5]) + (" …" if c.size > 5 else "")
        table.add_row(str(c.index), str(c.size), f"{c.density:.2f}", ",".join(c.types), gap,
                      c.first_activity or "", c.last_activity or "", ", ".join(c.top_hashtags[:3]),
                      ", ".join(c.top_urls[:2]), members)  # fmt: skip
    out = console()
    out.print(table)
    out.print(
        f"{result.posts:,} posts, {result.accounts:,} accounts, {result.candidate_pairs:,} pairs "
        f"tested, {len(result.edges):,} edges kept ({result.dropped_by_null:,} dropped by the "
        f"null model), {len(result.flagged):,} accounts in {len(result.clusters):,} clusters"
    )


def print_skipped(summary: IngestSummary) -> None:
    """Print on stderr the inputs an ingest skipped, with their reasons."""
    for skipped in summary.skipped:
        click.echo(f"skipped {skipped}", err=True)
    more = summary.skipped_count - len(summary.skipped)
    if more:
        click.echo(
            f"and {more:,} more skipped inputs not listed ({summary.skipped_count:,} in all)",
            err=True,
        )


def print_ingest_summary(summary: IngestSummary, store: str) -> None:
    """Print what an ingest read and wrote, and its speed; ``store`` says where it went."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("documents read", f"{summary.documents_read:,}")
    table.add_row("duplicates", f"{summary.duplicates:,}")
    table.add_row("skipped", f"{summary.skipped_count:,}")
    table.add_row("nodes created", f"{summary.nodes_created:,}")
    table.add_row("relationships created", f"{summary.relationships_created:,}")
    table.add_row("words/s", f"{summary.words_per_second:,.0f}")
    table.add_row("documents/s", f"{summary.documents_per_second:,.0f}")
    table.add_row("seconds", f"{summary.seconds:,.1f}")
    table.add_row("store", store)
    console().print(table)
