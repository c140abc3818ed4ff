"""``claimgraph ingest``: read articles and posts into the graph."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from claimgraph.cli.base import EXIT_OK, EXIT_PARTIAL, Command, signal_status
from claimgraph.cli.options import SourceFormat, store_options
from claimgraph.cli.progress import ingest_progress
from claimgraph.cli.render import warn
from claimgraph.cli.reports import print_ingest_summary, print_skipped
from claimgraph.operations.ingest import (
    ATTRIBUTION_MODES,
    EXTRACT_LEVELS,
    IngestOptions,
    ingest_paths,
)
from claimgraph.operations.stores import StoreSettings

__all__ = ["ingest_command"]


def _default_processes() -> int:
    return min(os.cpu_count() or 1, 4)


@click.command("ingest", cls=Command)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "source_format",
    type=SourceFormat(),
    default="auto",
    show_default=True,
    help="Format of the inputs (text, markdown, html, feed, ...); "
    "auto detects each file's from its content.",
)
@click.option(
    "--gazetteer",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE.toml",
    help="Known actors with their aliases and accounts.",
)
@click.option(
    "--extract",
    type=click.Choice(EXTRACT_LEVELS),
    default=None,
    help="Language processing: none (structure only: posts load fast, no model), entities "
    "(actors, accounts) or claims. Default: claims for articles, entities for posts.",
)
@click.option(
    "--attribution",
    type=click.Choice(ATTRIBUTION_MODES),
    default="rules",
    show_default=True,
    help="How English claims are attributed: rules, or trained (the rules, a trained "
    "tagger and a learned chooser between them: more accurate on PolNeAR, about 10% slower).",
)
@click.option(
    "--columns",
    metavar="FIELD=COLUMN,...",
    help="For posts in CSV/JSONL tables: which column holds each field, e.g. "
    "id=tweet_id,author=screen_name,text=body,time=created_at,repost_of=rt_id,urls=links "
    "(platform=NAME names the platform).",
)
@click.option(
    "--lang",
    metavar="CODE",
    help="Take every document to be in this language (ISO 639-1: en, ru, kk, ...) "
    "instead of the one its source declares or the identifier finds.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=16,
    show_default=True,
    help="Documents per spaCy batch.",
)
@click.option(
    "--n-process",
    type=click.IntRange(min=1),
    default=_default_processes,
    show_default="the number of CPUs, at most 4",
    help="spaCy worker processes for English; 1 parses in this process "
    "(other languages always are).",
)
@click.option(
    "--fetch",
    is_flag=True,
    help="Download the http(s) URLs among the PATHs (public hosts only). "
    "Without it nothing is downloaded and URLs are skipped.",
)
@click.option(
    "--fetch-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=20.0,
    show_default=True,
    metavar="SECONDS",
    help="Give up on a URL after this long (connecting, waiting, downloading).",
)
@click.option(
    "--fetch-max-bytes",
    type=click.IntRange(min=1),
    default=20_000_000,
    show_default=True,
    metavar="BYTES",
    help="Refuse a URL whose body is larger than this.",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress bar or summary; skipped inputs and errors still go to stderr.",
)
@store_options
def ingest_command(
    paths: tuple[str, ...],
    quiet: bool,
    fetch: bool,
    fetch_timeout: float,
    fetch_max_bytes: int,
    store: StoreSettings,
    **settings: Any,
) -> int:
    """Read articles and posts into the graph.

    PATH may be a file, a directory (read recursively) or a glob pattern.
    Documents already in the graph change nothing when read again. An input
    that cannot be read is skipped with its reason, and the rest still load.

    With --fetch, a PATH may also be an http or https URL of an article, a
    feed or a file of posts. It is downloaded with time-outs and a size cap,
    only from public addresses (never loopback, private or link-local, after
    every redirect). Without --fetch, claimgraph never uses the network.

    Each document's language is the one its source declares (HTML lang,
    a tweet's lang, a feed's language) when the text agrees, else the one
    identified. English goes to the English model, Russian and Ukrainian to
    natasha, every other language (Kazakh and German too) to rules: hashtags,
    handles, links, gazetteer names and accounts, with a warning that counts
    those documents by language.

    \b
    Examples:
      claimgraph ingest examples/
      claimgraph ingest 'feeds/*.xml' --format feed --db campaign.db
      claimgraph ingest articles/ --gazetteer actors.toml --n-process 4
      claimgraph ingest tweets.jsonl result.json --extract none
      claimgraph ingest posts.csv --columns id=post_id,author=user,text=body,time=ts
      claimgraph ingest --fetch https://example.org/news/article.html articles/
      claimgraph ingest statements/ --lang ru

    \b
    Exit codes:
      0  every input was read
      1  nothing could be read, or an error stopped the run
      3  some inputs were skipped (listed), the others were loaded
      130  stopped by Ctrl-C: the summary counts what was loaded, and the
           same command loads the rest
    """
    from claimgraph.sources.fetch import fetch_options

    settings["format"] = settings.pop("source_format")
    fetching = fetch_options(fetch_timeout, fetch_max_bytes) if fetch else None
    with ingest_progress(quiet) as (on_progress, on_files):
        report = ingest_paths(
            store,
            paths,
            IngestOptions(fetch=fetching, **settings),
            on_progress=on_progress,
            on_files=on_files,
        )
    summary = report.summary
    print_skipped(summary)
    for warning in summary.warnings:
        warn(warning)
    if not quiet:
        print_ingest_summary(summary, f"{store.name} {report.location}")
    if report.interrupted is not None:
        click.echo(
            f"interrupted: {summary.documents_read:,} documents were loaded before the stop; "
            "run the same command again to load the rest (what is loaded changes nothing)",
            err=True,
        )
        return signal_status(report.interrupted)
    if summary.documents_read == 0:
        raise click.ClickException(
            f"no document could be read from {', '.join(paths)}; check the paths and the --format"
        )
    return EXIT_PARTIAL if summary.partial else EXIT_OK
