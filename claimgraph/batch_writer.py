"""The write side of an ingest: documents' graphs gathered, resolved and written on a thread.

:class:`Pending` gathers the graphs of several documents (and their
extractions, so that the resolver sees a whole write batch at once) and hands
them to :class:`BatchWriter`, which writes them on a background thread so the
store works while spaCy parses.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from claimgraph.graph import GraphStore, WriteStats
from claimgraph.model import GraphBatch, RawDocument

if TYPE_CHECKING:
    from claimgraph.extractors.extraction import Extraction
    from claimgraph.extractors.resolution import Resolver
    from claimgraph.ingest import IngestSummary

__all__ = ["BatchWriter", "Pending", "WRITE_BATCH_DOCS", "WRITE_BATCH_POSTS"]

#: Documents merged into one store write; one write per batch keeps round trips few.
WRITE_BATCH_DOCS = 32
#: Posts merged into one store write when they skip the language pipeline.
WRITE_BATCH_POSTS = 1000


class Pending:
    """Gather the batches of several documents and hand them to the writer together.

    Extractions wait here too, so that the resolver sees a whole write batch
    of documents at once and names each new actor from all of them.
    """

    def __init__(
        self,
        writer: BatchWriter,
        summary: IngestSummary,
        on_progress: Callable[[int, str], None] | None,
        resolver: Resolver | None = None,
    ) -> None:
        self.writer = writer
        self.summary = summary
        self.on_progress = on_progress
        self.resolver = resolver
        self.batch = GraphBatch()
        self.parsed: list[tuple[RawDocument, Extraction, GraphBatch]] = []
        self.docs = 0

    def add(
        self,
        raw: RawDocument,
        batch: GraphBatch,
        words: int,
        extraction: Extraction | None = None,
    ) -> None:
        """Take a document's graph (or its extraction, resolved and turned into graph at flush)."""
        if extraction is None:
            self.batch.extend(batch)
        else:
            self.parsed.append((raw, extraction, batch))
        self.docs += 1
        self.summary.documents_read += 1
        self.summary.posts += raw.post is not None
        self.summary.words += words
        limit = WRITE_BATCH_POSTS if raw.post is not None else WRITE_BATCH_DOCS
        if self.docs >= limit:
            self.flush()
        if self.on_progress is not None and (
            self.summary.documents_read % 100 == 0 or not raw.post
        ):
            self.on_progress(self.summary.documents_read, raw.source)

    def flush(self) -> None:
        """Resolve the waiting extractions and hand everything gathered to the writer."""
        if self.parsed:
            from claimgraph.to_graph import extraction_to_graph

            extractions = [extraction for _, extraction, _ in self.parsed]
            if self.resolver is not None:
                extractions = self.resolver.resolve(extractions)
            for (raw, _, structure), extraction in zip(self.parsed, extractions, strict=True):
                batch = extraction_to_graph(raw, extraction)
                batch.extend(structure)  # the platform's data wins over the text's
                self.batch.extend(batch)
            self.parsed = []
        if self.docs:
            self.writer.put(self.batch)
            self.batch, self.docs = GraphBatch(), 0


class BatchWriter:
    """Write batches on a background thread so the store works while spaCy parses.

    The queue is bounded, so a slow store holds the parser back instead of
    letting batches pile up in memory. A write error is re-raised in the
    caller's thread at the next ``put`` or at ``finish``.
    """

    def __init__(self, store: GraphStore, depth: int = 4) -> None:
        self._store = store
        self._queue: queue.Queue[GraphBatch | None] = queue.Queue(maxsize=depth)
        self._stats = WriteStats()
        self._error: BaseException | None = None
        # Started at the first batch: by then ``nlp.pipe`` has forked its
        # workers, and a process should not fork while it runs threads.
        self._thread: threading.Thread | None = None

    def put(self, batch: GraphBatch) -> None:
        """Queue ``batch`` for writing; raise the error of an earlier write, if one failed."""
        self._raise_if_failed()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="claimgraph-writer", daemon=True)
            self._thread.start()
        self._queue.put(batch)

    def finish(self) -> WriteStats:
        """Write what is queued, stop the thread and return what all the writes changed."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
        self._raise_if_failed()
        return self._stats

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain so the producer never blocks forever
            try:
                self._stats += self._store.write(batch)
            except BaseException as exc:  # handed to the caller's thread
                self._error = exc

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise self._error
