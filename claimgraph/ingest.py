"""Ingest: sources -> spaCy -> graph batches -> store, streaming end to end.

Documents are read lazily, parsed with ``nlp.pipe`` in batches, turned into
:class:`~claimgraph.model.GraphBatch` objects and written by a background
thread, so the store's work overlaps the parser's and memory stays flat
however large the corpus.

How much language processing each document gets is the ``extract`` level:
``none`` (structure only: a post's author, reposts, replies, mentions,
hashtags and links go straight to the store, no model is loaded),
``entities`` (adds actors and accounts found in the text) or ``claims``
(adds attributed claims too). By default articles get ``claims`` and posts
``entities``.

Every document gets a language (``lang``): the one its source declares when
the text agrees, else the one identified
(:mod:`claimgraph.extractors.language`). Documents are routed by it to the
English, the Russian or the rule pipeline
(:mod:`claimgraph.extractors.pipelines`). English flows through one
``nlp.pipe`` over the whole stream (with worker processes if asked); the
others are gathered per language into chunks of ``batch_size`` on the way and
parsed in the main process, so memory stays flat with any mix of languages.

Between the pipeline and the store, a
:class:`~claimgraph.extractors.resolution.Resolver` maps every document's
actors onto canonical actors: the gazetteer's, those already in the store
(read once when the ingest starts) and those of earlier documents, across
scripts, romanisations and Russian and Kazakh case forms. It runs on each
write batch of documents at once, in the main process.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.batch_writer import BatchWriter, Pending
from claimgraph.errors import ClaimgraphError
from claimgraph.graph.base import GraphStore
from claimgraph.model import GraphBatch, RawDocument, account_id
from claimgraph.pipeline_input import bounded_text, merge_extractions
from claimgraph.pipeline_run import parse_documents
from claimgraph.sources import Skipped, read_sources

if TYPE_CHECKING:
    from spacy.language import Language

    from claimgraph.extractors.extraction import Extraction
    from claimgraph.extractors.pipelines import Pipelines
    from claimgraph.extractors.resolution import Resolver
    from claimgraph.sources.fetch import FetchOptions


__all__ = [
    "ATTRIBUTION_MODES",
    "EXTRACT_LEVELS",
    "IngestInterrupted",
    "IngestOptions",
    "IngestSummary",
    "ingest",
    "ingest_documents",
]

#: How much language processing a document gets, least first.
EXTRACT_LEVELS = ("none", "entities", "claims")
#: How English claims are attributed: the rules alone (the default), or the rules,
#: the trained tagger and the learned chooser between them.
ATTRIBUTION_MODES = ("rules", "trained")


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """What an ingest run reads and how much it extracts.

    Parameters
    ----------
    format : str
        A source format name, or ``"auto"`` to detect each file's by content.
    columns : str or mapping, optional
        Column mapping for posts in CSV or JSONL tables (``"id=...,author=..."``).
    extract : str, optional
        ``"none"``, ``"entities"`` or ``"claims"`` (see :data:`EXTRACT_LEVELS`);
        by default ``claims`` for articles and ``entities`` for posts.
    gazetteer : str or Path, optional
        A gazetteer TOML file of known actors and aliases that seed and override resolution.
    batch_size, n_process : int
        Passed to ``nlp.pipe``. Worker processes (``n_process``) parse English; the
        other languages are parsed in the main process.
    fetch : FetchOptions, optional
        Download the http and https URLs among the paths under these rules;
        without it URLs are reported as skipped and nothing goes to the network.
    lang : str, optional
        An ISO 639-1 code every document is taken to be in, instead of the language
        its source declares or the identifier finds (spaces and case do not matter).
    attribution : str
        How English claims are attributed (see :data:`ATTRIBUTION_MODES`): ``"rules"``
        alone, or ``"trained"``: the rules, the trained tagger and the learned
        chooser between them (more accurate, slower).

    Raises
    ------
    ClaimgraphError
        If ``extract`` is not one of :data:`EXTRACT_LEVELS`.
    """

    format: str = "auto"
    columns: str | Mapping[str, str] | None = None
    extract: str | None = None
    gazetteer: str | Path | None = None
    batch_size: int = 16
    n_process: int = 1
    fetch: FetchOptions | None = None
    lang: str | None = None
    attribution: str = "rules"

    def __post_init__(self) -> None:
        if self.attribution not in ATTRIBUTION_MODES:
            raise ClaimgraphError(
                f"unknown attribution mode {self.attribution!r}; "
                f"use one of: {', '.join(ATTRIBUTION_MODES)}"
            )
        if self.extract is not None and self.extract not in EXTRACT_LEVELS:
            raise ClaimgraphError(
                f"unknown extract level {self.extract!r}; use one of: {', '.join(EXTRACT_LEVELS)}"
            )
        if self.lang is not None:
            object.__setattr__(self, "lang", self.lang.strip().casefold() or None)


#: How many of the latest document ids an ingest remembers to drop repeats. A
#: repeat further back is parsed again and changes nothing in the store (writes
#: are idempotent); remembering every id would make memory grow with the corpus.
DUPLICATE_WINDOW = 100_000

#: Skipped inputs an ingest keeps to report, per file and in all; the rest are only
#: counted (issue 20.14: every bad line of a 4M-line file kept, 965 MB).
SKIPPED_SAMPLE_PER_FILE = 20
SKIPPED_SAMPLE = 100

ProgressCallback = Callable[[int, str], None]
FilesCallback = Callable[[int, int], None]


class IngestInterrupted(KeyboardInterrupt):
    """Ingest was interrupted (Ctrl-C); ``summary`` counts what it loaded before it stopped."""

    def __init__(self, summary: IngestSummary) -> None:
        super().__init__()
        self.summary = summary


@dataclass(slots=True)
class IngestSummary:
    """What an ingest read, skipped and wrote.

    ``skipped`` holds the first :data:`SKIPPED_SAMPLE_PER_FILE` skipped inputs
    of each file and :data:`SKIPPED_SAMPLE` in all, so that memory stays
    bounded whatever the input; ``skipped_count`` counts every one.

    Examples
    --------
    >>> summary = IngestSummary()
    >>> for line in range(1, 31):
    ...     summary.skip(Skipped("bad.jsonl", "not a JSON line", line))
    >>> len(summary.skipped), summary.skipped_count, summary.partial
    (20, 30, True)
    """

    documents_read: int = 0
    #: Documents dropped because one of the latest ``DUPLICATE_WINDOW`` had the same id.
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    skipped_count: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    words: int = 0
    seconds: float = 0.0
    posts: int = 0
    #: Files (and URLs) to read, counted before reading starts; None when not counted.
    files_total: int | None = None
    #: Documents per language that only the rule pipeline read (no model for the
    #: language): hashtags, handles, links and gazetteer names, no other actor, no claim.
    rule_only: dict[str, int] = field(default_factory=dict)
    _kept_per_file: dict[str, int] = field(default_factory=dict, repr=False)

    def skip(self, item: Skipped) -> None:
        """Count a skipped input, and keep it if the sample has room."""
        self.skipped_count += 1
        if len(self.skipped) >= SKIPPED_SAMPLE:
            self._kept_per_file.clear()
            return
        file = item.source.partition("#")[0]
        kept = self._kept_per_file.get(file, 0)
        if kept < SKIPPED_SAMPLE_PER_FILE:
            self._kept_per_file[file] = kept + 1
            self.skipped.append(item)

    @property
    def partial(self) -> bool:
        """Return whether some inputs were skipped."""
        return self.skipped_count > 0

    @property
    def words_per_second(self) -> float:
        """Return the throughput in words per second."""
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def documents_per_second(self) -> float:
        """Return the throughput in documents per second."""
        return self.documents_read / self.seconds if self.seconds else 0.0

    @property
    def warnings(self) -> list[str]:
        """Return one-line warnings about what the run could not do (issue 19.9)."""
        if not self.rule_only:
            return []
        counts = ", ".join(f"{n:,} in {lang}" for lang, n in sorted(self.rule_only.items()))
        total = sum(self.rule_only.values())
        return [
            f"{total:,} document{'s' if total != 1 else ''} ({counts}) got only the rule "
            "pipeline, there being no model for the language: hashtags, handles, links and "
            "gazetteer names, but no other actors and no claims"
        ]


def ingest(
    paths: Iterable[str | Path],
    store: GraphStore,
    options: IngestOptions | None = None,
    *,
    nlp: Language | None = None,
    on_progress: ProgressCallback | None = None,
    on_files: FilesCallback | None = None,
    **settings: Any,
) -> IngestSummary:
    """Read every document under ``paths``, extract actors and claims, write the graph.

    Bad inputs never stop the run: each is reported in ``summary.skipped``
    with its source and reason, and the good documents around it load.

    Parameters
    ----------
    paths : iterable of str or Path
        Files, directories or glob patterns (and URLs, with ``fetch``).
    store : GraphStore
        An open store to write into.
    options : IngestOptions, optional
        What to read and how much to extract; ``settings`` given as keywords
        (``extract="none"``, ``lang="ru"``, ...) replace its fields.
    nlp : Language, optional
        The English pipeline, from :func:`claimgraph.extractors.load_pipeline`; loaded
        if omitted. The other languages' pipelines are loaded when first needed.
    on_progress : callable, optional
        Called as ``on_progress(documents_done, source)`` after each document.
    on_files : callable, optional
        Called as ``on_files(files_started, files_total)`` when reading a file
        starts; the files are counted first (a walk of the directories, no reading),
        so that a progress bar can show a total and an estimate of the time left.
    """

    options = _options(options, settings)
    summary = IngestSummary()
    # Never the database's own files (issue 17.2: `ingest .` read its append-only log).
    exclude = store.files()
    paths = list(paths)
    if on_files is not None:
        summary.files_total = _count_inputs(paths, exclude)
    sources = read_sources(
        paths, format=options.format, columns=options.columns, fetch=options.fetch, exclude=exclude
    )
    documents = _collect_skipped(sources, summary, on_files)
    return ingest_documents(
        documents, store, options, nlp=nlp, on_progress=on_progress, summary=summary
    )


def ingest_documents(
    documents: Iterable[RawDocument],
    store: GraphStore,
    options: IngestOptions | None = None,
    *,
    nlp: Language | None = None,
    on_progress: ProgressCallback | None = None,
    summary: IngestSummary | None = None,
    **settings: Any,
) -> IngestSummary:
    """Extract and write already-read documents; see :func:`ingest`."""
    options = _options(options, settings)
    summary = summary if summary is not None else IngestSummary()
    pipelines = None
    if options.extract != "none":
        from claimgraph.extractors.pipelines import Pipelines

        pipelines = Pipelines(
            options.gazetteer, english=nlp, trained_attribution=options.attribution == "trained"
        )
    started = time.perf_counter()
    writer = BatchWriter(store)
    state = Pending(writer, summary, on_progress, _resolver(store, pipelines, nlp))
    stream = _with_language(_first_of_each(documents, summary), options.lang)
    interrupted: KeyboardInterrupt | None = None
    try:
        if pipelines is None:
            for raw in stream:
                state.add(raw, _structure(raw), _word_count(raw.text))
        else:
            _ingest_with_nlp(stream, state, options, pipelines)
        state.flush()
    except KeyboardInterrupt as exc:
        # Ctrl-C: the documents already parsed are written, so that the summary
        # counts what the graph holds; a second Ctrl-C stops that too.
        interrupted = exc
        state.flush()
    finally:
        stats = writer.finish()
    summary.nodes_created += stats.nodes_created
    summary.relationships_created += stats.relationships_created
    summary.seconds = time.perf_counter() - started
    if interrupted is not None:
        raise IngestInterrupted(summary) from interrupted
    return summary


def _options(options: IngestOptions | None, settings: dict[str, Any]) -> IngestOptions:
    """Return ``options`` (the defaults if ``None``) with the fields ``settings`` name replaced."""
    if options is None:
        return IngestOptions(**settings)
    return replace(options, **settings) if settings else options


def _ingest_with_nlp(
    stream: Iterable[RawDocument], state: Pending, options: IngestOptions, pipelines: Pipelines
) -> None:
    """Parse every document with its language's pipeline and add a post's structure to it."""
    from claimgraph.extractors.pipelines import ENGLISH

    extract, batch_size = options.extract, options.batch_size
    english = _route(stream, state, extract, pipelines, batch_size)
    first = next(english, None)  # the English model is loaded only if a document needs it
    if first is not None:
        nlp = pipelines[ENGLISH]
        _parse(nlp, chain([first], english), state, extract, batch_size, options.n_process)


def _route(
    stream: Iterable[RawDocument],
    state: Pending,
    extract: str | None,
    pipelines: Pipelines,
    batch_size: int,
) -> Iterator[RawDocument]:
    """Yield the English documents; parse the others on the way, a chunk per language.

    This runs in the main process, pulled by the English ``nlp.pipe``; with
    worker processes the writer thread may start before they fork, which they
    do not mind, since they never touch the store or its queue.
    """
    from claimgraph.extractors.pipelines import ENGLISH, MODEL_PIPELINES, pipeline_name

    chunks: dict[str, list[RawDocument]] = {}
    for raw in stream:
        name = pipeline_name(raw.lang)
        if name == ENGLISH:
            yield raw
            continue
        if name not in MODEL_PIPELINES:
            state.summary.rule_only[name] = state.summary.rule_only.get(name, 0) + 1
        chunk = chunks.setdefault(name, [])
        chunk.append(raw)
        if len(chunk) >= batch_size:
            _parse(pipelines[name], chunk, state, extract, batch_size, 1)
            chunk.clear()
    for name, chunk in chunks.items():
        if chunk:
            _parse(pipelines[name], chunk, state, extract, batch_size, 1)


def _parse(
    nlp: Language,
    documents: Iterable[RawDocument],
    state: Pending,
    extract: str | None,
    batch_size: int,
    n_process: int,
) -> None:
    """Parse ``documents`` with ``nlp`` and hand each one's graph to ``state``."""

    def on_parsed(
        raw: RawDocument, parts: list[tuple[int, Extraction]], words: int, changed: bool
    ) -> None:
        _add_parsed(raw, parts, words, changed, state, extract)

    parse_documents(
        nlp,
        documents,
        state.summary,
        on_parsed,
        batch_size,
        n_process,
        claims=lambda raw: _level(raw, extract) == "claims",
    )


def _add_parsed(
    raw: RawDocument,
    parts: list[tuple[int, Extraction]],
    words: int,
    changed: bool,
    state: Pending,
    extract: str | None,
) -> None:
    """Merge the findings of a document's pieces and hand its graph to ``state``."""
    if len(parts) == 1 and not changed:
        extraction = parts[0][1]
    else:
        extraction = merge_extractions(parts, bounded_text(raw.text), raw.text)
    if _level(raw, extract) == "entities":
        extraction = {**extraction, "claims": []}
    batch = GraphBatch()
    if raw.post is not None:
        extraction = _on_post_platform(extraction, raw)
        batch = _structure(raw)
    state.add(raw, batch, words, extraction)


def _level(raw: RawDocument, extract: str | None) -> str:
    """Return how much ``raw`` is read: ``extract``, else claims for articles and
    entities for posts."""
    return extract or ("entities" if raw.post is not None else "claims")


def _on_post_platform(extraction: Extraction, raw: RawDocument) -> Extraction:
    """Give the accounts a post @mentions the post's platform (issue 19.10).

    The pipeline gives a bare @handle the platform the text names, else
    Twitter; but a handle the platform itself marks as a mention in a
    Telegram message is a Telegram account, not a phantom ``twitter:`` one.
    """
    post = raw.post
    assert post is not None
    mentioned = set(post.mentions)
    renamed: dict[str, str] = {}
    accounts = []
    for account in extraction.get("accounts", []):
        handle = account.get("handle")
        if handle in mentioned and account.get("platform") != post.platform:
            new_id = account_id(post.platform, handle)
            renamed[account["id"]] = new_id
            account = {**account, "id": new_id, "platform": post.platform}
        accounts.append(account)
    if not renamed:
        return extraction
    claims = [_renamed_targets(claim, renamed) for claim in extraction.get("claims", [])]
    return {**extraction, "accounts": accounts, "claims": claims}


def _renamed_targets(claim: dict[str, object], renamed: Mapping[str, str]) -> dict[str, object]:
    def target(value: object) -> object:
        if isinstance(value, list) and len(value) == 2 and value[0] == "Account":
            return ["Account", renamed.get(value[1], value[1])]
        return value

    about = claim.get("about")
    return {
        **claim,
        "speaker": target(claim.get("speaker")),
        "about": [target(t) for t in about] if isinstance(about, list) else about,
    }


def _resolver(
    store: GraphStore, pipelines: Pipelines | None, nlp: Language | None
) -> Resolver | None:
    """Return a resolver seeded with the gazetteer and the store's actors.

    The gazetteer is the file the pipelines read, else the one the given
    English pipeline was built with.
    """
    if pipelines is None:
        return None  # structure only: no actors to resolve
    from claimgraph.extractors.gazetteer import load_gazetteer
    from claimgraph.extractors.resolution import Resolver

    if pipelines.gazetteer is not None:
        return Resolver(load_gazetteer(pipelines.gazetteer), store.actors())
    actors = (
        nlp.get_pipe("claimgraph_actors") if nlp and "claimgraph_actors" in nlp.pipe_names else None
    )
    return Resolver(getattr(actors, "gazetteer", None), store.actors())


def _with_language(documents: Iterable[RawDocument], lang: str | None) -> Iterator[RawDocument]:
    """Give each document its language: ``lang`` if given, else the declared or identified one."""
    from claimgraph.extractors.language import document_language

    for raw in documents:
        found = lang or document_language(raw.text, raw.lang)
        yield raw if found == raw.lang else replace(raw, lang=found)


def _structure(raw: RawDocument) -> GraphBatch:
    from claimgraph.to_graph import document_node, post_to_graph

    if raw.post is not None:
        return post_to_graph(raw)
    batch = GraphBatch()
    batch.add_node(document_node(raw))
    return batch


def _word_count(text: str) -> int:
    return len(text.split())


def _collect_skipped(
    items: Iterable[RawDocument | Skipped],
    summary: IngestSummary,
    on_files: FilesCallback | None = None,
) -> Iterator[RawDocument]:
    file: str | None = None
    started = 0
    for item in items:
        if on_files is not None and summary.files_total is not None:
            current = item.source.partition("#")[0]
            if current != file:
                file, started = current, started + 1
                on_files(min(started, summary.files_total), summary.files_total)
        if isinstance(item, Skipped):
            summary.skip(item)
        else:
            yield item


def _count_inputs(paths: list[str | Path], exclude: frozenset[str]) -> int:
    """Return how many files and URLs ``paths`` name (a walk of directories, nothing read)."""
    from claimgraph.sources.fetch import is_url
    from claimgraph.sources.files import expand_paths

    urls = [p for p in paths if isinstance(p, str) and is_url(p) and not os.path.lexists(p)]
    local = [p for p in paths if p not in urls]
    return len(urls) + sum(1 for item in expand_paths(local, exclude) if isinstance(item, Path))


def _first_of_each(
    documents: Iterable[RawDocument], summary: IngestSummary, window: int = DUPLICATE_WINDOW
) -> Iterator[RawDocument]:
    """Drop documents whose id is one of the latest ``window`` ids (a file given twice).

    Examples
    --------
    >>> docs = [RawDocument(text=t, source="x") for t in "abacba"]
    >>> summary = IngestSummary()
    >>> [d.text for d in _first_of_each(docs, summary, window=2)]
    ['a', 'b', 'c', 'a']
    >>> summary.duplicates
    2
    """
    seen: set[str] = set()
    order: deque[str] = deque()
    for raw in documents:
        if raw.id in seen:
            summary.duplicates += 1
            continue
        seen.add(raw.id)
        order.append(raw.id)
        if len(order) > window:
            seen.discard(order.popleft())
        yield raw
