"""Exceptions raised by claimgraph.

Every error the library raises derives from :class:`ClaimgraphError`, so a
caller can catch them all at once; the CLI turns them into exit codes and
one-line messages that say how to fix the problem.
"""

from __future__ import annotations

__all__ = [
    "ClaimgraphError",
    "SourceError",
    "UnreadableSourceError",
    "UnsupportedFormatError",
    "GazetteerError",
    "StoreError",
    "UnknownStoreError",
    "StoreOptionError",
    "UnsupportedOperationError",
    "StoreUnavailableError",
    "StoreLockedError",
    "DatabaseNotFoundError",
    "NotADatabaseError",
    "QueryError",
    "QuerySyntaxError",
    "ReadOnlyQueryError",
    "UnknownQueryError",
    "QueryParameterError",
    "QueryTimeoutError",
]


class ClaimgraphError(Exception):
    """Base class for every error raised by claimgraph."""


class SourceError(ClaimgraphError):
    """An input could not be read into documents."""

    def __init__(self, message: str, *, source: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.line = line


class UnreadableSourceError(SourceError):
    """A file is missing, unreadable, empty, binary or undecodable."""


class UnsupportedFormatError(SourceError):
    """A format name is unknown, or a file's content matches no reader."""


class GazetteerError(ClaimgraphError):
    """A gazetteer file is missing or malformed."""


class StoreError(ClaimgraphError):
    """A graph store failed to open, write or answer."""


class UnknownStoreError(StoreError):
    """No graph store backend is registered under the given name."""


class StoreOptionError(StoreError):
    """A store backend was given an option it does not take."""


class UnsupportedOperationError(StoreError):
    """A store was asked for something it cannot do (Cypher of the rdf store, say)."""


class StoreUnavailableError(StoreError):
    """The store's database could not be started or reached."""


class StoreLockedError(StoreError):
    """Another process holds the store and it cannot be shared."""


class DatabaseNotFoundError(StoreUnavailableError):
    """A command that only reads was given a database path that holds no database."""


class NotADatabaseError(StoreUnavailableError):
    """A database path names a file that is not a claimgraph database."""


class QueryError(ClaimgraphError):
    """A Cypher query was refused or failed."""


class QuerySyntaxError(QueryError):
    """The database could not parse a Cypher query."""

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class ReadOnlyQueryError(QueryError):
    """A query tried to write without ``write=True`` (``--write``)."""


class UnknownQueryError(QueryError):
    """No saved query has the given name."""


class QueryParameterError(QueryError):
    """A query parameter is missing or malformed."""


class QueryTimeoutError(QueryError):
    """A read query ran longer than its timeout and the database stopped it."""
