"""Run documents through a spaCy pipeline in bounded pieces, its worker processes watched.

A document reaches ``nlp.pipe`` in pieces no longer than the pipeline takes
(:mod:`claimgraph.pipeline_input`); the pieces of each document come back in
order and are handed on together. A document the pipeline drops (a component
failed on it) or that is too long is reported as skipped, and the documents
around it still load. With worker processes, a guard makes them exit with
the ingest, however it ends.

Pieces go to ``nlp.pipe`` as plain text, so that the worker processes
tokenise them: a ``Doc`` made here would be tokenised, serialised and
deserialised on the way (a sixth of the main process's work, and the
workers', in ``bench/bench_ingest.py``). Only a piece whose claims would be
thrown away goes as a ``Doc``, marked so that claim attribution passes it
over. Each parse is matched to its piece by its text, which spaCy keeps
exactly.

With worker processes, the last component of the pipeline while it parses
is ``claimgraph_handoff``: it moves what the components left in
``doc.user_data`` (the extraction above all) into the context spaCy sends
back beside each Doc, pickled, and the ingest puts it back. A Doc with
user data costs spaCy's serialisation two more msgpack calls each way, each
of which looks up msgpack's extension registry (about 1.5 ms a call): a
PolNeAR article took 4.2 ms to serialise in a worker and 3.6 ms to read
back in the ingest with its user data, 2.5 and 2.2 ms without.
"""

from __future__ import annotations

import gc
import multiprocessing.queues
import multiprocessing.util
import os
import signal
import threading
import time
import warnings
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.language import Language

from claimgraph.errors import ClaimgraphError
from claimgraph.model import RawDocument
from claimgraph.pipeline_input import MAX_DOCUMENT_CHARS, PIECE_CHARS, bounded_text, pieces
from claimgraph.sources import Skipped

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from claimgraph.extractors.extraction import Extraction
    from claimgraph.ingest import IngestSummary

__all__ = ["ParsedCallback", "parse_documents"]

#: Called with a parsed document, its pieces' (offset, extraction), its words, and whether
#: the pipeline saw its text changed.
ParsedCallback = Callable[[RawDocument, list[tuple[int, "Extraction"]], int, bool], None]


def parse_documents(
    nlp: Language,
    documents: Iterable[RawDocument],
    summary: IngestSummary,
    on_parsed: ParsedCallback,
    batch_size: int,
    n_process: int,
    claims: Callable[[RawDocument], bool] | None = None,
) -> None:
    """Parse ``documents`` with ``nlp`` and hand each one's findings to ``on_parsed``.

    A document goes through the pipeline in bounded pieces
    (:mod:`claimgraph.pipeline_input`): ``on_parsed(raw, parts, words, changed)``
    gets the extraction of each piece with its offset, the document's word
    count, and whether the pipeline saw its text with runs broken by spaces.
    A document too long, or one the pipeline failed on, is skipped in ``summary``.
    Claim attribution reads only the documents ``claims`` accepts (all without it).
    """
    with _frozen_heap(), _handing_off(nlp, n_process):
        _parse(
            nlp, _parseable(documents, summary), summary, on_parsed, batch_size, n_process, claims
        )


def _parse(
    nlp: Language,
    parseable: Iterable[RawDocument],
    summary: IngestSummary,
    on_parsed: ParsedCallback,
    batch_size: int,
    n_process: int,
    claims: Callable[[RawDocument], bool] | None,
) -> None:
    in_flight: deque[_Piece] = deque()
    limit = min(PIECE_CHARS, nlp.max_length)
    # Alive while the pipeline's workers are, whose forks it watches over.
    guard = _WorkerGuard() if n_process > 1 else None
    parsed = nlp.pipe(
        _tracked(parseable, in_flight, limit, nlp, claims),
        batch_size=batch_size,
        n_process=n_process,
    )
    parts: list[tuple[int, Extraction]] = []
    words = 0
    failed: list[RawDocument] = []  # the document that last lost a piece
    try:
        for doc in parsed:
            _take_back(doc)
            piece = _arrived(in_flight, doc, summary, failed)
            raw = piece.raw
            if failed and failed[-1] == raw:
                continue  # a piece of it failed: the document is reported, not loaded
            if piece.index == 0:
                parts, words = [], 0
            parts.append((piece.offset, doc._.extraction))
            words += _words(doc)
            if piece.index == piece.count - 1:
                on_parsed(raw, parts, words, piece.changed)
    except BaseException:
        if guard is not None:
            guard.stop_workers()
        raise
    finally:
        # On an error, end the pipeline now rather than when it is collected:
        # its workers, left waiting, would keep the process from exiting.
        close = getattr(parsed, "close", None)
        if close is not None:
            with warnings.catch_warnings():
                # W127, "not all worker processes completed": the ones stopped above.
                warnings.filterwarnings("ignore", message=r"\[W127\]")
                close()
    while in_flight:  # the pieces dropped after the last parse
        _report_failed(in_flight.popleft(), summary, failed)


@dataclass(frozen=True, slots=True)
class _Piece:
    """A piece of a document on its way through the pipeline: where it starts, which of how many."""

    raw: RawDocument
    offset: int
    index: int
    count: int
    #: Whether the pipeline sees the text with runs broken by spaces.
    changed: bool
    #: The text the pipeline sees.
    text: str
    #: Whether claim attribution reads it.
    attribute: bool

    def parsed_as(self, doc: Doc) -> bool:
        """Return whether ``doc`` is the pipeline's parse of this piece."""
        if doc.text != self.text:
            return False
        # Only a piece that attribution passes over was sent marked (see _tracked).
        return self.attribute or doc._.attribute_claims is False


#: The component that hands the user data of each Doc back from a worker as its context.
HANDOFF = "claimgraph_handoff"


@dataclass(frozen=True, slots=True)
class _UserData:
    """A Doc's user data, on its way back from a worker process beside the Doc."""

    values: dict[Any, Any]


@Language.component(HANDOFF)
def hand_off(doc: Doc) -> Doc:
    """Move ``doc.user_data`` into the context spaCy's workers send back with the Doc."""
    if doc.user_data:
        doc._context = _UserData(dict(doc.user_data))
        doc.user_data.clear()
    return doc


def _take_back(doc: Doc) -> None:
    """Put back the user data :func:`hand_off` moved out of ``doc``."""
    context = doc._context
    if isinstance(context, _UserData):
        doc.user_data.update(context.values)
        doc._context = None


@contextmanager
def _handing_off(nlp: Language, n_process: int) -> Iterator[None]:
    """End ``nlp`` with :func:`hand_off` while it parses with worker processes."""
    if n_process == 1 or HANDOFF in nlp.pipe_names:
        yield
        return
    nlp.add_pipe(HANDOFF, last=True)
    try:
        yield
    finally:
        nlp.remove_pipe(HANDOFF)


def _words(doc: Doc) -> int:
    """Return how many tokens of ``doc`` are neither punctuation nor space."""
    if not len(doc):
        return 0
    flags = doc.to_array([IS_PUNCT, IS_SPACE])
    return int(numpy.count_nonzero(~flags.any(axis=1)))


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the objects alive now (the pipelines' above all) out of garbage collection
    while documents are parsed.

    Every full collection would walk them again, in the ingest and in each
    worker process, whose copy-on-write pages of the model it would also
    make private copies of (``gc.freeze``'s documented use before ``fork``).
    A call within another leaves the freezing to the outer one.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class _WorkerGuard:
    """Watch over the language pipeline's worker processes, started while it lives.

    spaCy's workers wait on queues whose both ends they inherited, so when
    the ingest is killed (``kill -9``, the OOM killer) they would wait for
    ever, each holding a copy of the model: the guard's hook, run in every
    process ``multiprocessing`` starts, makes them exit with their parent.
    And when the ingest stops on an error, spaCy's orderly shutdown joins
    workers that can be blocked writing results no one reads (each holds the
    others' pipes open), so :meth:`stop_workers` ends them first.
    """

    def __init__(self) -> None:
        self.parent = os.getpid()
        self.others = {child.pid for child in multiprocessing.active_children()}
        # Held weakly: the hook is gone once the guard is.
        multiprocessing.util.register_after_fork(self, _exit_with_parent)
        _GUARDS.add(self)

    def stop_workers(self) -> None:
        """Terminate the processes started since the guard was made, and forget their input.

        The texts still queued for them would never be read: without
        ``cancel_join_thread`` the process would wait for ever at exit, its
        queues' feeder threads blocked on full pipes (Ctrl-C, issue 19).
        """
        for child in multiprocessing.active_children():
            if child.pid not in self.others:
                child.terminate()
        for item in gc.get_objects():
            if isinstance(item, multiprocessing.queues.Queue):
                item.cancel_join_thread()


#: The guards alive in this process (held weakly), for :func:`stop_workers`.
_GUARDS: weakref.WeakSet[_WorkerGuard] = weakref.WeakSet()


def stop_workers() -> None:
    """End the pipeline workers of every ingest running in this process.

    A signal that stops an ingest (SIGTERM from ``kill`` or ``timeout``) reaches
    only this process, and may land while spaCy's pipe is running: its
    shutdown then joins workers blocked on pipes no one reads, before the
    ingest's own handler can end them. The signal handler calls this first.
    """
    for guard in list(_GUARDS):
        if guard.parent == os.getpid():
            guard.stop_workers()


def _exit_with_parent(guard: _WorkerGuard) -> None:
    parent = guard.parent
    # Ctrl-C reaches the whole process group, and the parent reports it: a
    # worker just ends, without a KeyboardInterrupt of its own to print, and
    # with status 0 so that spaCy does not warn of a failed worker (W127).
    signal.signal(signal.SIGINT, _exit_quietly)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="claimgraph-parent-watch", daemon=True).start()


def _exit_quietly(signum: int, frame: object) -> None:
    os._exit(0)


def _parseable(documents: Iterable[RawDocument], summary: IngestSummary) -> Iterator[RawDocument]:
    """Skip documents too long for the language pipeline, saying so."""
    for raw in documents:
        if len(raw.text) > MAX_DOCUMENT_CHARS:
            summary.skip(
                Skipped(
                    raw.source,
                    f"too long for the language pipeline ({len(raw.text):,} characters, "
                    f"at most {MAX_DOCUMENT_CHARS:,}); split it into smaller files",
                )
            )
        else:
            yield raw


def _tracked(
    documents: Iterable[RawDocument],
    in_flight: deque[_Piece],
    limit: int,
    nlp: Language,
    claims: Callable[[RawDocument], bool] | None,
) -> Iterator[str | Doc]:
    for raw in documents:
        seen = bounded_text(raw.text)
        changed = seen is not raw.text and seen != raw.text
        parts = pieces(seen, limit)
        attribute = claims is None or claims(raw)
        for index, (offset, text) in enumerate(parts):
            in_flight.append(_Piece(raw, offset, index, len(parts), changed, text, attribute))
            if attribute:
                yield text
                continue
            # A document whose claims would be thrown away is marked, and claim
            # attribution does not run on it.
            doc = nlp.make_doc(text)
            doc._.attribute_claims = False
            yield doc


def _arrived(
    in_flight: deque[_Piece], doc: Doc, summary: IngestSummary, failed: list[RawDocument]
) -> _Piece:
    """Return the piece ``doc`` is the parse of; report the documents whose pieces the
    pipeline dropped before it.

    A component that fails on one document drops it (the pipeline's error
    handler logs why); the documents around it still load. A parse is matched
    by its text: should a dropped piece be followed by one with the same text,
    that one failed too, the components being deterministic.
    """
    while in_flight:
        piece = in_flight.popleft()
        if piece.parsed_as(doc):
            return piece
        _report_failed(piece, summary, failed)
    raise ClaimgraphError(
        f"the language pipeline returned a document it was not given ({doc.text[:60]!r}); "
        "please report this with the input"
    )


def _report_failed(piece: _Piece, summary: IngestSummary, failed: list[RawDocument]) -> None:
    """Report the document of a dropped piece, once however many of its pieces were dropped."""
    if failed and failed[-1] == piece.raw:
        return
    failed[:] = [piece.raw]
    summary.skip(
        Skipped(piece.raw.source, "the language pipeline failed on it; see the log for the error")
    )
