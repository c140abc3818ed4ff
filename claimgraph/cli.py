"""The ``claimgraph`` command line: ingest documents, query the graph, count what it holds.

Each command parses its arguments, calls one library function and formats
the result. Library errors become one-line messages, never tracebacks, and
:func:`main` is the only place that turns outcomes into exit codes.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

from claimgraph.errors import ClaimgraphError
from claimgraph.graph import QueryResult, StoreCounts, available_stores, open_store
from claimgraph.graph.embedded import DEFAULT_DB
from claimgraph.model import ACTOR_KINDS, DOCUMENT_KINDS, NODE_LABELS

if TYPE_CHECKING:
    from claimgraph.graph.base import GraphStore
    from claimgraph.ingest import IngestSummary

__all__ = [
    "cli",
    "main",
    "EXIT_OK",
    "EXIT_ERROR",
    "EXIT_USAGE",
    "EXIT_PARTIAL",
    "EXIT_INTERRUPTED",
]

#: Everything worked.
EXIT_OK = 0
#: An error stopped the command, or ingest could read nothing.
EXIT_ERROR = 1
#: The command line itself was wrong (click's usage errors).
EXIT_USAGE = 2
#: Ingest loaded what it could but skipped some inputs.
EXIT_PARTIAL = 3
#: Ctrl-C stopped the command (128 + SIGINT; other signals give 128 + theirs).
EXIT_INTERRUPTED = 130

#: Seconds a read query may run (``--timeout``): one costly query must not hold the database.
DEFAULT_QUERY_TIMEOUT = 60.0

_PARAM_NAME = re.compile(r"^[A-Za-z_]\w*$")
_ACTION_TYPES = ("repost", "text", "similar", "link", "hashtag", "reply")
_SUBLABELS = {"Actor": tuple(ACTOR_KINDS.values()), "Document": tuple(DOCUMENT_KINDS.values())}


def _default_processes() -> int:
    return min(os.cpu_count() or 1, 4)


class _CommandGroup(click.Group):
    """A group that reports library errors as ``Error: message``, never as tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimgraphError as exc:
            raise click.ClickException(str(exc)) from exc


class _QueryParameter(click.ParamType):
    """``NAME=VALUE`` (a string) or ``NAME:=JSON`` (a number, list, boolean or null)."""

    name = "param"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, Any]:
        if isinstance(value, tuple):
            return value
        name, sep, raw = str(value).partition("=")
        if not sep:
            self.fail(f"{value!r} is not NAME=VALUE or NAME:=JSON", param, ctx)
        parsed: Any = raw
        if name.endswith(":"):
            name = name[:-1]
            try:
                parsed = json.loads(raw)
            except ValueError as exc:
                self.fail(
                    f"{name}:= needs a JSON value, got {raw!r} ({exc}); "
                    f"use {name}=VALUE to pass it as a string",
                    param,
                    ctx,
                )
        if not _PARAM_NAME.match(name):
            self.fail(f"{name!r} is not a parameter name (letters, digits and _)", param, ctx)
        return name, parsed


class _SourceFormat(click.ParamType):
    """A source format name, checked against the readers only when ingest runs."""

    name = "format"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        # Imported here: the readers pull in HTML and feed parsers that
        # `query` and `stats` never need.
        from claimgraph.sources import FORMATS

        if value not in FORMATS:
            self.fail(
                f"{value!r} is not a source format; use one of: {', '.join(FORMATS)}", param, ctx
            )
        return str(value)


def store_options[F: Callable[..., Any]](command: F) -> F:
    """Add ``--store`` and ``--db``, the options of every command that opens a store."""
    command = click.option(
        "--db",
        type=click.Path(path_type=Path),
        default=DEFAULT_DB,
        envvar="CLAIMGRAPH_DB",
        show_default=True,
        show_envvar=True,
        help="Database file of the embedded store (a directory for the rdf store).",
    )(command)
    command = click.option(
        "--store",
        "store_name",
        metavar="NAME",
        default="embedded",
        envvar="CLAIMGRAPH_STORE",
        show_default=True,
        show_envvar=True,
        help=f"Graph store backend: {', '.join(available_stores())}.",
    )(command)
    return command


def timeout_option[F: Callable[..., Any]](command: F) -> F:
    """Add ``--timeout``, the time limit of each read query of a command."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0),
        default=DEFAULT_QUERY_TIMEOUT,
        envvar="CLAIMGRAPH_TIMEOUT",
        show_default=True,
        show_envvar=True,
        metavar="SECONDS",
        help="Stop a read query that runs longer than this (0: no limit).",
    )(command)


_NEO4J_SETTINGS = {
    "neo4j_uri": "CLAIMGRAPH_NEO4J_URI",
    "neo4j_user": "CLAIMGRAPH_NEO4J_USER",
    "neo4j_password": "CLAIMGRAPH_NEO4J_PASSWORD",
    "neo4j_database": "CLAIMGRAPH_NEO4J_DATABASE",
}


def _neo4j_option(name: str, help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    flag = "--" + name.replace("_", "-")
    return click.option(
        flag, name, metavar="VALUE", envvar=_NEO4J_SETTINGS[name], show_envvar=True, help=help_text
    )


@click.group(cls=_CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimgraph", prog_name="claimgraph")
@_neo4j_option("neo4j_uri", "Bolt URI of the Neo4j server for --store neo4j.")
@_neo4j_option("neo4j_user", "Neo4j user name.")
@_neo4j_option(
    "neo4j_password",
    "Neo4j password. Prefer the environment variable: a flag shows in process lists.",
)
@_neo4j_option("neo4j_database", "Neo4j database name (default: the server's default).")
def cli(**neo4j_settings: str | None) -> None:
    """Turn articles and posts into a graph of who said what about whom, and query it.

    claimgraph reads news articles and social-media posts, finds the actors,
    accounts, hashtags and claims in them, and keeps them in a graph that
    you query with Cypher. By default the graph lives in one database file
    (claimgraph.db), with no server to run.

    \b
    Examples:
      claimgraph ingest articles/ --gazetteer actors.toml
      claimgraph query --saved who-said-about --param target='Karim Massimov'
      claimgraph stats

    \b
    Exit codes:
      0  success
      1  error: the message says what went wrong and how to fix it
      2  the command line is wrong (unknown option, missing argument)
      3  ingest: some inputs were skipped, the rest were loaded
      130  ingest: stopped by Ctrl-C; the summary counts what was loaded
    """
    # The neo4j store reads its settings from the environment; flags given
    # here take precedence over variables already set.
    for name, value in neo4j_settings.items():
        if value:
            os.environ[_NEO4J_SETTINGS[name]] = value


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "source_format",
    type=_SourceFormat(),
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
    type=click.Choice(["none", "entities", "claims"]),
    default=None,
    help="Language processing: none (structure only: posts load fast, no model), entities "
    "(actors, accounts) or claims. Default: claims for articles, entities for posts.",
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
    source_format: str,
    gazetteer: Path | None,
    extract: str | None,
    columns: str | None,
    lang: str | None,
    batch_size: int,
    n_process: int,
    fetch: bool,
    fetch_timeout: float,
    fetch_max_bytes: int,
    quiet: bool,
    store_name: str,
    db: Path,
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
    from claimgraph.ingest import IngestInterrupted, ingest
    from claimgraph.sources.fetch import fetch_options

    options = fetch_options(fetch_timeout, fetch_max_bytes) if fetch else None
    interrupted: IngestInterrupted | None = None
    with open_store(store_name, db=db) as store, _progress(quiet) as (on_progress, on_files):
        try:
            summary = ingest(
                paths,
                store,
                format=source_format,
                columns=columns,
                extract=extract,
                gazetteer=gazetteer,
                batch_size=batch_size,
                n_process=n_process,
                on_progress=on_progress,
                on_files=on_files,
                fetch=options,
                lang=lang.strip().casefold() if lang else None,
            )
        except IngestInterrupted as exc:
            summary, interrupted = exc.summary, exc
    _print_skipped(summary)
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not quiet:
        _print_ingest_summary(summary, store_name, _location(store))
    if interrupted is not None:
        click.echo(
            f"interrupted: {summary.documents_read:,} documents were loaded before the stop; "
            "run the same command again to load the rest (what is loaded changes nothing)",
            err=True,
        )
        return _signal_status(interrupted)
    if summary.documents_read == 0:
        raise click.ClickException(
            f"no document could be read from {', '.join(paths)}; check the paths and the --format"
        )
    return EXIT_PARTIAL if summary.partial else EXIT_OK


@cli.command("query")
@click.argument("cypher", required=False)
@click.option("--saved", "saved_name", metavar="NAME", help="Run the saved query NAME.")
@click.option(
    "--list",
    "list_queries",
    is_flag=True,
    help="List the saved queries with their parameters and defaults.",
)
@click.option(
    "--param",
    "-p",
    "params",
    type=_QueryParameter(),
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter, repeatable. NAME=VALUE passes VALUE as a string; "
    "NAME:=JSON passes a number, list, boolean or null.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="How to print the rows.",
)
@click.option("--write", is_flag=True, help="Allow the query to change the graph.")
@timeout_option
@store_options
def query_command(
    cypher: str | None,
    saved_name: str | None,
    list_queries: bool,
    params: tuple[tuple[str, Any], ...],
    output_format: str,
    write: bool,
    timeout: float,
    store_name: str,
    db: Path,
) -> int:
    """Ask the graph a question in Cypher, or run a saved query.

    Values travel as query parameters ($name in the query, --param on the
    command line) and are never pasted into the query text. Queries are
    read-only unless --write is given. CYPHER may be - to read it from stdin.

    \b
    Examples:
      claimgraph query --list
      claimgraph query --saved who-said-about --param target='Karim Massimov'
      claimgraph query --saved top-actors --param limit:=5 --format csv
      claimgraph query 'MATCH (s)-[:SAID]->(c:Claim)-[:ABOUT]->(t:Actor {name: $name})
        RETURN coalesce(s.name, s.handle) AS speaker, c.text' --param name='Karim Massimov'
    """
    from claimgraph.queries import list_saved, run_saved

    if list_queries:
        _emit(_saved_query_table(list_saved()), output_format)
        return EXIT_OK
    if cypher is not None and saved_name is not None:
        raise click.UsageError("give either a CYPHER query or --saved NAME, not both")
    if cypher is None and saved_name is None:
        raise click.UsageError("give a CYPHER query or --saved NAME (see --list)")
    if saved_name is not None and write:
        raise click.UsageError("saved queries only read; --write applies to CYPHER queries")
    if cypher == "-":
        cypher = sys.stdin.read()
    _warn_unknown_names(cypher)
    values = dict(params)
    with open_store(store_name, db=db, read_only=not write, timeout=timeout) as store:
        if saved_name is not None:
            result = run_saved(store, saved_name, values)
        else:
            result = store.query(str(cypher), values, write=write)
    _emit(result, output_format)
    if write:
        _print_write_stats(result)
    return EXIT_OK


@cli.group("eval")
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
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_attribution_command(
    polnear: Path, limit: int | None, baseline: bool, as_json: bool
) -> int:
    """Score claim attribution on PolNeAR: precision, recall and F1.

    A predicted claim matches a gold attribution when their content spans
    overlap with intersection-over-union >= 0.5 and the predicted speaker
    span overlaps the gold Source span. Gold is every attribution with a
    Source and a Content (first annotator of each article). Scores are
    also given for direct (mostly quoted) and indirect attributions.

    \b
    Examples:
      claimgraph eval attribution --polnear data/polnear-dev
      claimgraph eval attribution --polnear data/polnear-dev --limit 10 --json
    """
    from claimgraph.evaluation import evaluate_attribution

    report = evaluate_attribution(polnear, baseline=baseline, limit=limit)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return EXIT_OK
    columns = [
        "system",
        "attributions",
        "precision",
        "recall",
        "F1",
        "matched",
        "predicted",
        "gold",
    ]
    rows = []
    for system, parts in report["systems"].items():
        for part, sc in parts.items():
            rows.append(
                [
                    system,
                    part,
                    f"{sc['precision']:.3f}",
                    f"{sc['recall']:.3f}",
                    f"{sc['f1']:.3f}",
                    sc["true_positives"],
                    sc["predicted"],
                    sc["gold"],
                ]
            )
    click.echo(f"{report['articles']} articles, {report['gold']} gold attributions")
    _print_table(QueryResult(columns=columns, rows=rows))
    return EXIT_OK


@cli.command("stats")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="How to print the counts.",
)
@timeout_option
@store_options
def stats_command(output_format: str, timeout: float, store_name: str, db: Path) -> int:
    """Count the nodes by label and the relationships by type.

    \b
    Examples:
      claimgraph stats
      claimgraph stats --db campaign.db --format json
    """
    with open_store(store_name, db=db, read_only=True, timeout=timeout) as store:
        counts = store.counts()
    if output_format == "json":
        click.echo(json.dumps(_counts_as_dict(counts), indent=2, ensure_ascii=False))
    else:
        _print_counts(counts)
    return EXIT_OK


_RDF_FORMATS = ["trig", "nq", "ttl", "jsonld"]


_GRAPH_FORMATS = ["json", "cyjs", "graphml", "gexf", "csv", "html", "png", "svg"]


@cli.command("export")
@click.option(
    "--format",
    "export_format",
    type=click.Choice([*_RDF_FORMATS, *_GRAPH_FORMATS]),
    default=None,
    help="trig, nq, ttl, jsonld: RDF (ttl merges the named graphs); json: node-link JSON; "
    "graphml, gexf: Gephi and Cytoscape; csv: a folder for neo4j-admin database import; "
    "html: an interactive page that works offline; png, svg: pictures. "
    "Default: from the suffix of --output (.html, .png, .trig, ...), else trig.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default: standard output; required for csv, html, png, svg). "
    "For csv, a folder.",
)
@click.option("--query", "cypher", metavar="CYPHER", help="Export the subgraph a query returns.")
@click.option(
    "--saved", "saved_name", metavar="NAME", help="Export the subgraph a saved query returns."
)
@click.option(
    "--param",
    "-p",
    "params",
    type=_QueryParameter(),
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of --query or --saved, repeatable.",
)
@click.option(
    "--hops",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Widen the query's subgraph by the nodes this many relationships away (not RDF).",
)
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="LABEL",
    help="Keep only nodes with this label, repeatable (not RDF).",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help="Keep only relationships of this type, repeatable (not RDF).",
)
@click.option("--title", default=None, help="Title of the html, png or svg picture.")
@timeout_option
@store_options
def export_command(
    export_format: str | None,
    output: Path | None,
    cypher: str | None,
    saved_name: str | None,
    params: tuple[tuple[str, Any], ...],
    hops: int,
    labels: tuple[str, ...],
    types: tuple[str, ...],
    title: str | None,
    timeout: float,
    store_name: str,
    db: Path,
) -> int:
    """Write the graph, or the subgraph a query returns, as RDF, graph files or pictures.

    A subgraph holds the nodes the query returns and the relationships among
    them; --hops widens it. In RDF every document's statements are in a named
    graph of their own (TriG, N-Quads, JSON-LD).

    \b
    Examples:
      claimgraph export -o graph.trig
      claimgraph export --format jsonld -o graph.jsonld
      claimgraph export --format nq --saved who-said-about --param target='Karim Massimov'
      claimgraph export --format html -o graph.html
      claimgraph export --format gexf -o graph.gexf --label Account --type COORDINATED_WITH
      claimgraph export --format png -o massimov.png --saved who-said-about \\
          --param target='Karim Massimov' --hops 1
      claimgraph export --format csv -o graph-csv/
    """
    if cypher is not None and saved_name is not None:
        raise click.UsageError("give either --query or --saved, not both")
    _warn_unknown_names(cypher, labels, types)
    values = dict(params)
    if saved_name is not None:
        from claimgraph.queries import load_saved

        query = load_saved(saved_name)
        # the nodes behind the saved query's rows, not only its names and texts (19.6)
        cypher, values = query.subgraph_text, query.bind(values)
    export_format = _export_format(export_format, output)
    with open_store(store_name, db=db, read_only=True, timeout=timeout) as store:
        if export_format in _GRAPH_FORMATS:
            return _export_graph_file(
                store, export_format, output, cypher, values, hops, labels, types, title
            )
        if hops or labels or types:
            raise click.UsageError(
                "--hops, --label and --type apply to graph files and pictures, not RDF"
            )
        from claimgraph.rdf import export_rdf

        with _binary_output(output) as stream:
            count = export_rdf(store, stream, export_format, cypher=cypher, params=values)
    if cypher is not None and count == 0:
        click.echo(_MATCHED_NOTHING, err=True)
    elif output is not None:
        click.echo(f"{count:,} statements written to {output}", err=True)
    return EXIT_OK


_MATCHED_NOTHING = (
    "the query matched nothing, so the export is empty; check its parameters "
    "(claimgraph query shows what it returns)"
)


def _export_format(given: str | None, output: Path | None) -> str:
    """Return the export format: ``given``, else the one ``output``'s suffix names."""
    from claimgraph.export import check_output, format_from_suffix

    export_format = given or ("trig" if output is None else format_from_suffix(output))
    if output is not None:
        check_output(output, export_format)
    return export_format


def _export_graph_file(
    store: GraphStore,
    export_format: str,
    output: Path | None,
    cypher: str | None,
    values: dict[str, Any],
    hops: int,
    labels: tuple[str, ...],
    types: tuple[str, ...],
    title: str | None,
) -> int:
    from claimgraph.analysis.graph import graph_from_batch, node_key, select_subgraph
    from claimgraph.export import export_graph
    from claimgraph.graph.read import read_batch, read_subgraph

    if output is None and export_format not in ("json", "cyjs", "graphml", "gexf"):
        raise click.UsageError(f"--format {export_format} needs --output FILE")
    seeds = None
    if cypher is not None:
        found = read_subgraph(store, cypher, values)
        seeds = [node_key(label, node_id) for label, node_id in found.nodes]
        if not seeds:
            click.echo(_MATCHED_NOTHING, err=True)
    graph = select_subgraph(graph_from_batch(read_batch(store)), seeds, hops, labels, types)
    if title is not None:
        graph.graph["title"] = title
    path = export_graph(graph, output or Path("/dev/stdout"), export_format)
    if output is not None:
        click.echo(
            f"{graph.number_of_nodes():,} nodes and {graph.number_of_edges():,} relationships "
            f"written to {path}",
            err=True,
        )
    return EXIT_OK


@cli.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "rdf_format",
    type=click.Choice([*_RDF_FORMATS, "nt"]),
    default=None,
    help="The file's RDF format (default: from its suffix).",
)
@store_options
def import_command(source: Path, rdf_format: str | None, store_name: str, db: Path) -> int:
    """Load an RDF file (TriG, N-Quads, Turtle, JSON-LD) written by export into a store.

    \b
    Examples:
      claimgraph import graph.trig --db copy.db
      claimgraph import graph.jsonld --store rdf --db graph.oxigraph
    """
    from claimgraph.rdf import import_rdf

    with open_store(store_name, db=db) as store:
        stats = import_rdf(source, store, format=rdf_format)
    click.echo(
        f"nodes created: {stats.nodes_created:,}, "
        f"relationships created: {stats.relationships_created:,}",
        err=True,
    )
    return EXIT_OK


@cli.command("sparql")
@click.argument("query", required=False)
@click.option("--saved", "saved_name", metavar="NAME", help="Run the saved SPARQL query NAME.")
@click.option("--list", "list_queries", is_flag=True, help="List the saved SPARQL queries.")
@click.option(
    "--param",
    "-p",
    "params",
    type=_QueryParameter(),
    multiple=True,
    metavar="NAME=VALUE",
    help="A value for the variable ?NAME, repeatable; bound as an RDF literal.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="How to print the rows.",
)
@timeout_option
@store_options
def sparql_command(
    query: str | None,
    saved_name: str | None,
    list_queries: bool,
    params: tuple[tuple[str, Any], ...],
    output_format: str,
    timeout: float,
    store_name: str,
    db: Path,
) -> int:
    """Ask the graph a question in SPARQL, or run a saved SPARQL query.

    The rdf store answers directly; any other store's graph is mapped to RDF
    in memory first. The prefixes cg, schema, prov, foaf, sioc, owl and
    dcterms are predefined. QUERY may be - to read it from stdin.

    \b
    Examples:
      claimgraph sparql --list
      claimgraph sparql --saved who-said-about --param target='Karim Massimov' --store rdf
      claimgraph sparql 'SELECT ?name WHERE { ?a a cg:Actor ; schema:name ?name }'
    """
    from claimgraph.rdf.sparql import list_saved_sparql, run_saved_sparql, sparql

    if list_queries:
        _emit(_saved_query_table(list_saved_sparql()), output_format)
        return EXIT_OK
    if (query is None) == (saved_name is None):
        raise click.UsageError("give a SPARQL QUERY or --saved NAME (see --list), not both")
    if query == "-":
        query = sys.stdin.read()
    values = dict(params)
    with open_store(store_name, db=db, read_only=True, timeout=timeout) as store:
        if saved_name is not None:
            result = run_saved_sparql(store, saved_name, values)
        else:
            result = sparql(store, str(query), values)
    _emit(result, output_format)
    return EXIT_OK


@contextmanager
def _binary_output(path: Path | None) -> Iterator[Any]:
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with path.open("wb") as stream:
        yield stream


@cli.group("analyze")
def analyze_group() -> None:
    """Analyse the graph: find the accounts that amplify together.

    \b
    Examples:
      claimgraph analyze amplification
      claimgraph analyze amplification --hashtag 25летнезависимости --window 300
    """


_AMPLIFICATION_HELP = """Find accounts that amplify together and write the clusters to the graph.

\b
Co-action: two accounts co-act when both act on the same object within
--window seconds: repost the same post (repost), post the same text after
normalisation (text), post near-duplicate texts (similar: MinHash/LSH on word
sets, --similarity Jaccard), share the same link (link), use the same hashtag
(hashtag) or reply to the same post (reply). An edge's weight is the number of
distinct occasions two accounts co-acted on: co-actions of any of --types less
than --window apart count once; every edge keeps the post pairs that made it.

\b
Coordination, not coincidence: an edge is kept only if its weight is at least
--min-weight (repeated co-action on distinct occasions) and it beats a null
model: if accounts picked objects independently, in proportion to each
object's popularity and with its observed bunching in time, two accounts with
k_a and k_b actions would share about k_a*k_b*S co-actions (S per type). The
edge is kept when that Poisson tail probability is below --alpha divided by
the number of account pairs tested. A viral post that thousands repost once
is expected; a small group repeating together is not.

\b
Clusters: Louvain communities (seeded, --seed) of the kept edges with at least
--min-cluster-size accounts, written as Cluster nodes, MEMBER_OF and
COORDINATED_WITH {weight, types, window_s, evidence}. Running again with the
same parameters replaces that run's results.

\b
--engine gds (with --store neo4j) finds the communities with Neo4j Graph Data
Science Louvain on the server, over the run's stored COORDINATED_WITH edges,
instead of NetworkX in this process: for networks too large for this
machine's memory. It needs the GDS plugin on the server
(dbms.security.procedures.unrestricted=gds.*) and cannot be used with
--no-write. GDS Louvain takes no seed; it runs on one thread with
consecutive ids, so a run repeats, but its communities can differ from
NetworkX's. The output is the same.

\b
--cnt-compatible reproduces coordination-network-toolkit: directed weights
(posts of A matched by B), its text normalisation, links as given, no null
model; --self-loops adds an account's own repeated actions as loops.

\b
--coortweet-compatible reproduces CooRTweet 2.1.3 (detect_groups with
remove_loops = TRUE, then generate_coordinated_network): accounts with fewer
than --min-participation shares are dropped, and after pairing a pair stays
when one of its accounts has that many paired shares; an edge's weight is its
number of share pairs within --window (|dt| <= window); edges above the
--edge-weight quantile of the weights (R's type 7, strictly above) get
weight_threshold 1, and --subgraph 1 keeps only those. No null model;
--min-weight and --alpha do not apply; --self-loops keeps loops.

\b
Examples:
  claimgraph analyze amplification
  claimgraph analyze amplification --window 300 --types repost,similar,link
  claimgraph analyze amplification --hashtag 25летнезависимости --since 2016-08-09
  claimgraph analyze amplification --cnt-compatible --types repost --min-weight 2
  claimgraph analyze amplification --coortweet-compatible --types repost --subgraph 1
  claimgraph analyze amplification --store neo4j --engine gds
"""


@analyze_group.command("amplification", help=_AMPLIFICATION_HELP)
@click.option(
    "--window",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Seconds within which two actions on one object co-occur.",
)
@click.option(
    "--min-weight",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Least number of distinct co-actions for an edge.",
)
@click.option(
    "--types",
    "types_text",
    default=",".join(_ACTION_TYPES),
    show_default=True,
    help="Co-action types, comma-separated.",
)
@click.option("--hashtag", help="Only posts with this hashtag, and reposts and replies of them.")
@click.option("--since", help="Only posts from this date or time (ISO 8601, UTC).")
@click.option("--until", help="Only posts up to this date or time (ISO 8601, UTC).")
@click.option(
    "--alpha",
    type=float,
    default=0.01,
    show_default=True,
    help="Significance of the null model test, before the Bonferroni correction.",
)
@click.option(
    "--no-null-model", is_flag=True, help="Keep every edge of --min-weight or more (no null model)."
)
@click.option(
    "--similarity",
    type=float,
    default=0.8,
    show_default=True,
    help="Jaccard similarity of word sets for near-duplicate texts.",
)
@click.option(
    "--min-cluster-size",
    type=click.IntRange(min=2),
    default=2,
    show_default=True,
    help="Least number of accounts in a reported cluster.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of community detection and MinHash.",
)
@click.option(
    "--cnt-compatible",
    is_flag=True,
    help="Use coordination-network-toolkit's definitions (see above).",
)
@click.option(
    "--self-loops",
    is_flag=True,
    help="With --cnt-compatible: count an account's own repeated action as a loop "
    "(with --coortweet-compatible: keep loops).",
)
@click.option(
    "--coortweet-compatible",
    is_flag=True,
    help="Use CooRTweet's definitions (see above).",
)
@click.option(
    "--min-participation",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="With --coortweet-compatible: least number of shares of an account.",
)
@click.option(
    "--edge-weight",
    type=click.FloatRange(min=0, max=1),
    default=0.5,
    show_default=True,
    help="With --coortweet-compatible: quantile of the weights an edge must exceed.",
)
@click.option(
    "--subgraph",
    type=click.Choice(["0", "1"]),
    default="0",
    show_default=True,
    help="With --coortweet-compatible: 1 keeps only the edges above --edge-weight.",
)
@click.option("--no-write", is_flag=True, help="Print the clusters without writing them.")
@click.option(
    "--engine",
    type=click.Choice(["networkx", "gds"]),
    default="networkx",
    show_default=True,
    help="Community detection: NetworkX here, or Graph Data Science on a Neo4j server.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="How to print the clusters.",
)
@store_options
def amplification_command(
    window: float,
    min_weight: int,
    types_text: str,
    hashtag: str | None,
    since: str | None,
    until: str | None,
    alpha: float,
    no_null_model: bool,
    similarity: float,
    min_cluster_size: int,
    seed: int,
    cnt_compatible: bool,
    self_loops: bool,
    coortweet_compatible: bool,
    min_participation: int,
    edge_weight: float,
    subgraph: str,
    no_write: bool,
    engine: str,
    output_format: str,
    store_name: str,
    db: Path,
) -> int:
    from claimgraph.analysis.amplification import AmplificationParams, analyze_amplification
    from claimgraph.analysis.posts import parse_when

    try:
        start, end = parse_when(since), parse_when(until, end=True)
    except ValueError as exc:
        raise click.BadParameter(
            f"{exc}; write dates as 2016-08-09 or 2016-08-09T12:00:00Z"
        ) from None
    params = AmplificationParams(
        window=window,
        min_weight=min_weight,
        types=tuple(t.strip() for t in types_text.split(",") if t.strip()),
        hashtag=hashtag,
        since=start,
        until=end,
        cnt_compatible=cnt_compatible,
        self_loops=self_loops,
        coortweet_compatible=coortweet_compatible,
        min_participation=min_participation,
        edge_weight=edge_weight,
        subgraph=int(subgraph),
        alpha=alpha,
        null_model=not no_null_model,
        similarity=similarity,
        min_cluster_size=min_cluster_size,
        seed=seed,
    )
    with open_store(store_name, db=db, read_only=no_write) as store:
        result = analyze_amplification(store, params, write=not no_write, engine=engine)
    if output_format == "json":
        click.echo(json.dumps(_amplification_json(result), indent=2, ensure_ascii=False))
    else:
        _print_amplification(result)
    return EXIT_OK


@cli.command("copy")
@click.option(
    "--from",
    "source_name",
    metavar="NAME",
    required=True,
    help=f"Store to copy from: {', '.join(available_stores())}.",
)
@click.option(
    "--to",
    "target_name",
    metavar="NAME",
    required=True,
    help=f"Store to copy into: {', '.join(available_stores())}.",
)
@click.option(
    "--db",
    type=click.Path(path_type=Path),
    default=DEFAULT_DB,
    envvar="CLAIMGRAPH_DB",
    show_default=True,
    show_envvar=True,
    help="Database file of the embedded store, on whichever side it is.",
)
@click.option(
    "--to-db",
    type=click.Path(path_type=Path),
    help="Database of the target: a file when both sides are embedded, "
    "a folder for --to rdf.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="Nodes per page read and written.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def copy_command(
    source_name: str,
    target_name: str,
    db: Path,
    to_db: Path | None,
    batch_size: int,
    quiet: bool,
) -> int:
    """Copy the whole graph from one store to another.

    Nodes are copied first, then relationships, page by page. What the
    target already holds is merged into, never duplicated: copying again,
    or again after an interrupted copy, is safe. The Neo4j side is reached
    through CLAIMGRAPH_NEO4J_URI, CLAIMGRAPH_NEO4J_USER and
    CLAIMGRAPH_NEO4J_PASSWORD.

    \b
    Examples:
      claimgraph copy --from embedded --db campaign.db --to neo4j
      claimgraph copy --from neo4j --to embedded --db campaign.db
      claimgraph copy --from embedded --db a.db --to embedded --to-db b.db
    """
    from claimgraph.graph.copy import copy_graph

    target_db = to_db or db
    if source_name == target_name == "embedded" and target_db.resolve() == db.resolve():
        raise click.UsageError("copying a database onto itself; give the target with --to-db")
    if source_name == target_name != "embedded":
        raise click.UsageError(f"--from and --to are both {source_name!r}; nothing to copy")
    with (
        open_store(source_name, db=db, read_only=True) as source,
        open_store(target_name, db=target_db) as target,
        _copy_progress(quiet) as on_progress,
    ):
        stats = copy_graph(source, target, batch_size=batch_size, on_progress=on_progress)
    if not quiet:
        click.echo(
            f"copied {stats.nodes:,} nodes and {stats.relationships:,} relationships "
            f"from {source_name} to {target_name} ({stats.nodes_created:,} nodes and "
            f"{stats.relationships_created:,} relationships new, {stats.skipped:,} skipped "
            "outside the data model)",
            err=True,
        )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    0 success, 1 error, 2 bad usage, 3 ingest skipped some inputs.
    """
    _stop_on_terminate()
    try:
        status = cli.main(args=argv, prog_name="claimgraph", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        click.echo("Aborted!", err=True)
        return EXIT_ERROR
    return status if isinstance(status, int) else EXIT_OK


def _stop_on_terminate() -> None:
    """Handle SIGTERM and SIGHUP as Ctrl-C: stores close, and the last shuts its server down.

    Without this, ``kill``, ``timeout`` or a closed terminal ended the
    command at once and left the database server running (issue 20.10).
    Child processes (ingest's parsers) keep the default handling.
    """
    import signal

    main_pid = os.getpid()

    def interrupt(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt(signum)  # the number gives the exit status (_signal_status)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) in (signal.SIG_DFL, None):
            signal.signal(signum, interrupt)


def _signal_status(interrupt: BaseException) -> int:
    """Return the exit status of a command a signal stopped: 128 + its number (130 for Ctrl-C)."""
    cause = interrupt.__cause__ if isinstance(interrupt.__cause__, KeyboardInterrupt) else interrupt
    number = cause.args[0] if cause.args and isinstance(cause.args[0], int) else None
    return EXIT_INTERRUPTED if number is None else 128 + number


# -- ingest helpers ----------------------------------------------------------


@contextmanager
def _progress(
    quiet: bool,
) -> Iterator[tuple[Callable[[int, str], None] | None, Callable[[int, int], None] | None]]:
    """Yield ``on_progress`` and ``on_files`` callbacks drawing a bar on stderr (``None`` if quiet).

    The bar counts files, which ingest counts before it starts, so it shows
    a total and an estimate of the time left; documents are counted beside it.
    """
    if quiet:
        yield None, None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.fields[documents]:>7,} documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        TextColumn("[dim]{task.fields[source]}"),
        console=Console(stderr=True),
        transient=True,
        # Redrawn from on_progress, not by a thread of its own: spaCy forks its
        # workers during the run, and a process should not fork while it runs threads.
        auto_refresh=False,
    )
    task = progress.add_task("ingest", total=None, source="", documents=0)

    def on_progress(done: int, source: str) -> None:
        progress.update(task, documents=done, source=_tail(source, 60))
        progress.refresh()

    def on_files(started: int, total: int) -> None:
        progress.update(task, completed=started - 1, total=total)
        progress.refresh()

    with progress:
        yield on_progress, on_files


@contextmanager
def _copy_progress(quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """Yield an ``on_progress(done, total)`` callback drawing a bar on stderr, or ``None``."""
    if quiet:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress(
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("copy", total=None)

    def on_progress(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    with progress:
        yield on_progress


def _print_skipped(summary: IngestSummary) -> None:
    for skipped in summary.skipped:
        click.echo(f"skipped {skipped}", err=True)
    more = summary.skipped_count - len(summary.skipped)
    if more:
        click.echo(
            f"and {more:,} more skipped inputs not listed ({summary.skipped_count:,} in all)",
            err=True,
        )


def _location(store: Any) -> str:
    """Return where a store keeps its graph: the embedded file or the server's URI."""
    return str(getattr(store, "uri", None) or getattr(store, "path", ""))


def _print_ingest_summary(summary: IngestSummary, store_name: str, where: str) -> None:
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
    table.add_row("store", f"{store_name} {where}")
    _console().print(table)


def _tail(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1) :]


# -- query helpers -----------------------------------------------------------


def _saved_query_table(queries: Sequence[Any]) -> QueryResult:
    rows = [
        [
            query.name,
            query.purpose,
            "\n".join(f"{param}  {param.description}" for param in query.params),
        ]
        for query in queries
    ]
    return QueryResult(columns=["name", "purpose", "parameters"], rows=rows)


def _emit(result: QueryResult, output_format: str) -> None:
    if output_format == "json":
        records = result.records()
        click.echo(json.dumps(records, indent=2, ensure_ascii=False, default=str))
    elif output_format == "csv":
        from claimgraph.export.csv import csv_record

        # csv_record quotes a bare carriage return too, which csv.writer leaves bare
        # unless it ends lines with one (issue 20.8).
        lines = [csv_record(_csv_cell(column) for column in result.columns)]
        lines += (csv_record(_csv_cell(value) for value in row) for row in result.rows)
        click.echo("".join(lines), nl=False)
    else:
        _print_table(result)


def _print_table(result: QueryResult) -> None:
    if not result.columns:
        return
    table = Table(highlight=False)
    for index, column in enumerate(result.columns):
        numeric = _is_numeric([row[index] for row in result.rows])
        table.add_column(column, overflow="fold", justify="right" if numeric else "left")
    for row in result.rows:
        table.add_row(*(_table_cell(value) for value in row))
    console = _console()
    console.print(table)
    if not result.rows:
        _console(stderr=True).print("(no rows)")


def _print_write_stats(result: QueryResult) -> None:
    changes = [f"{name.replace('_', ' ')}: {int(n):,}" for name, n in result.stats.items() if n]
    click.echo(", ".join(changes) if changes else "nothing changed", err=True)


def _warn_unknown_names(
    cypher: str | None, labels: Sequence[str] = (), types: Sequence[str] = ()
) -> None:
    """Warn on stderr of labels and types the data model lacks: a misspelt one matches nothing."""
    from claimgraph.graph.cypher import unknown_name_warning, unknown_name_warnings

    warnings = unknown_name_warnings(cypher) if cypher else []
    for kind, names in (("label", labels), ("type", types)):
        warnings += filter(None, (unknown_name_warning(kind, name) for name in names))
    for warning in dict.fromkeys(warnings):
        click.echo(f"warning: {warning}", err=True)


def _is_numeric(values: list[Any]) -> bool:
    present = [value for value in values if value is not None]
    return bool(present) and all(
        isinstance(value, int | float) and not isinstance(value, bool) for value in present
    )


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return ", ".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _csv_cell(value: Any) -> str:
    """Return a query value as a CSV cell that a spreadsheet shows, never runs."""
    from claimgraph.export.csv import defused

    if value is None:
        return ""
    if isinstance(value, str):
        return defused(value)
    return json.dumps(value, ensure_ascii=False, default=str)


# -- stats helpers -----------------------------------------------------------


def _counts_as_dict(counts: StoreCounts) -> dict[str, Any]:
    return {
        "nodes": counts.nodes,
        "relationships": counts.edges,
        "labels": counts.labels,
        "relationship_types": counts.relationships,
    }


def _print_counts(counts: StoreCounts) -> None:
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

    console = _console()
    console.print(nodes)
    console.print(relationships)


# -- analysis helpers --------------------------------------------------------


def _amplification_json(result: Any) -> dict[str, Any]:
    return {
        "run": result.params.run,
        "method": result.params.method,
        "posts": result.posts,
        "accounts": result.accounts,
        "candidate_pairs": result.candidate_pairs,
        "edges": len(result.edges),
        "dropped_by_null_model": result.dropped_by_null,
        "clusters": [
            {
                "id": c.id,
                "size": c.size,
                "members": c.members,
                "density": c.density,
                "types": c.types,
                "median_gap_s": c.median_gap_s,
                "first_activity": c.first_activity,
                "last_activity": c.last_activity,
                "top_hashtags": c.top_hashtags,
                "top_urls": c.top_urls,
                "top_texts": c.top_texts,
                "claims": c.claims,
                "actors": c.actors,
                "score": c.score,
            }
            for c in result.clusters
        ],
    }


def _print_amplification(result: Any) -> None:
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
    console = _console()
    console.print(table)
    console.print(
        f"{result.posts:,} posts, {result.accounts:,} accounts, {result.candidate_pairs:,} pairs "
        f"tested, {len(result.edges):,} edges kept ({result.dropped_by_null:,} dropped by the "
        f"null model), {len(result.flagged):,} accounts in {len(result.clusters):,} clusters"
    )


def _console(*, stderr: bool = False) -> Console:
    # Made per call so that output follows sys.stdout when it is redirected (tests, pipes).
    console = Console(stderr=stderr, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        # Not a terminal (a pipe, make, a log): rich would assume 80 columns and
        # fold claim texts into slivers; use a width a report can hold.
        console.width = max(console.width, 160)
    return console


if __name__ == "__main__":
    sys.exit(main())
