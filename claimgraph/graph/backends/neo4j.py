"""The ``neo4j`` store: a Neo4j server reached with the official Bolt driver.

Connection settings are the store's options (``uri``, ``user``,
``password``, ``database``); the command line fills them from its
``--neo4j-*`` flags or the ``CLAIMGRAPH_NEO4J_*`` variables, and the store
itself reads no environment. Opening the
store checks that the server answers and creates a uniqueness constraint on
``id`` for every primary label, which also gives MERGE its index.

Writes are the same batched ``UNWIND $rows ... MERGE`` as the embedded
store's (:mod:`claimgraph.graph.cypher`), run as one managed write
transaction per batch: the driver retries it on transient errors and on a
lost connection, and a batch is either all in the graph or not at all.
Queries run in read transactions, so the server itself refuses a query that
writes unless ``write=True``.

The password is handed to the driver and kept nowhere else: no message or
``repr`` shows it.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from claimgraph.errors import (
    QueryError,
    QueryParameterError,
    QuerySyntaxError,
    QueryTimeoutError,
    ReadOnlyQueryError,
    StoreError,
    StoreUnavailableError,
)
from claimgraph.graph import cypher
from claimgraph.graph.base import (
    GraphStore,
    QueryResult,
    StoreCounts,
    WriteStats,
    chunks,
    node_dict,
    node_rows,
    relationship_dict,
    relationship_rows,
)
from claimgraph.graph.cypher import READ_ONLY_MESSAGE
from claimgraph.model import NODE_LABELS, GraphBatch

__all__ = ["Neo4jStore", "DEFAULT_URI", "DEFAULT_USER", "READ_ONLY_MESSAGE", "redacted"]

#: Server used when the ``uri`` option names none.
DEFAULT_URI = "neo4j://localhost:7687"
#: User name used when the ``user`` option names none.
DEFAULT_USER = "neo4j"
#: Rows per UNWIND: big enough to amortise round trips, small enough to keep
#: each statement's memory modest on the server.
BATCH_ROWS = 5000
#: The full-text index of claims' texts, which `claimgraph serve` searches by word (the
#: default analyser keeps stopwords, so a search for "is not ready" finds every word).
CLAIM_TEXT_INDEX = (
    "CREATE FULLTEXT INDEX claimgraph_claim_text IF NOT EXISTS FOR (n:Claim) ON EACH [n.text]"
)

#: URI schemes of the Bolt protocol (the driver's HTTP support is a preview).
_BOLT_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")

#: The password of ``scheme://user:password@host`` in a URI.
_URI_PASSWORD = re.compile(r"(?P<head>://[^/@\s:]*):[^/\s]*@")

_R = TypeVar("_R")
_POSITION = re.compile(r"\(line (?P<line>\d+), column (?P<col>\d+) \(offset: (?P<offset>\d+)\)\)")


class Neo4jStore(GraphStore):
    """A graph on a Neo4j server.

    Parameters
    ----------
    uri : str, optional
        Bolt URI (``neo4j://host:7687``, ``bolt://...``, ``neo4j+s://...``);
        default ``neo4j://localhost:7687``.
    user, password : str, optional
        Credentials; default user ``neo4j``. Without a password no
        credentials are sent, which suits a server with authentication disabled.
    database : str, optional
        Database on the server; default the server's default database.
    read_only : bool, optional
        Only read: do not create the id constraints.
    timeout : float, optional
        Seconds a read transaction may run before the server stops it
        (``None`` or 0: the server's limit).

    Examples
    --------
    >>> store = Neo4jStore.__new__(Neo4jStore)
    >>> store.uri, store.user, store.database = "bolt://db:7687", "neo4j", None
    >>> store
    Neo4jStore(uri='bolt://db:7687', user='neo4j', database=None)
    """

    name: ClassVar[str] = "neo4j"
    multiprocess_safe: ClassVar[bool] = True

    def __init__(
        self,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        *,
        read_only: bool = False,
        timeout: float | None = None,
    ) -> None:
        import neo4j

        self.timeout = timeout or None

        given_uri = uri or DEFAULT_URI
        # Shown in messages and repr; the driver alone gets a password written into the URI.
        self.uri = redacted(given_uri)
        self.user = user or DEFAULT_USER
        self.database = database or None
        auth = (self.user, password) if password is not None else None
        scheme = given_uri.partition("://")[0]
        if scheme not in _BOLT_SCHEMES:
            raise StoreUnavailableError(
                f"cannot use the Neo4j URI {self.uri!r}: its scheme must be one of "
                f"{', '.join(_BOLT_SCHEMES)}; for example neo4j://localhost:7687"
            )
        try:
            self._driver: Any = neo4j.GraphDatabase.driver(
                given_uri,
                auth=auth,
                user_agent="claimgraph",
                connection_timeout=10,
                # Notifications (cartesian products, deprecations) would be
                # logged to stderr in the middle of the CLI's output.
                notifications_min_severity="OFF",
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            problem: str | None = redacted(str(exc))
        else:
            problem = None
        if problem is not None:
            # Raised outside the except block: the driver's error, kept as the
            # context, would hold a password written into the URI.
            hint = (
                "; put the password in CLAIMGRAPH_NEO4J_PASSWORD" if self.uri != given_uri else ""
            )
            raise StoreUnavailableError(
                f"cannot use the Neo4j URI {self.uri!r}: {problem}; give one such as "
                f"neo4j://localhost:7687 in CLAIMGRAPH_NEO4J_URI{hint}"
            )
        try:
            self._call(lambda: self._driver.verify_connectivity())
            if not read_only:
                self._ensure_constraints()
        except BaseException:
            self._driver.close()
            raise

    @property
    def location(self) -> str:
        """Return the server's URI, without any password written into it."""
        return self.uri

    def __repr__(self) -> str:
        return f"Neo4jStore(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    # -- GraphStore interface --------------------------------------------

    def write(self, batch: GraphBatch) -> WriteStats:
        """Merge ``batch`` into the graph in one write transaction, retried if transient."""
        statements = [
            (cypher.merge_nodes(label, extra, list_keys), rows)
            for label, extra, list_keys, rows in node_rows(batch)
        ]
        statements += [
            (cypher.merge_relationships(rel_type, start, end), rows)
            for rel_type, start, end, rows in relationship_rows(batch)
        ]
        if not statements:
            return WriteStats()

        def work(tx: Any) -> WriteStats:
            stats = WriteStats()
            for text, rows in statements:
                for part in chunks(rows, BATCH_ROWS):
                    counters = tx.run(text, rows=list(part)).consume().counters
                    stats.nodes_created += counters.nodes_created
                    stats.relationships_created += counters.relationships_created
            return stats

        return self._transaction(work, write=True)

    def write_rows(self, text: str, rows: list[dict[str, Any]]) -> None:
        """Run one ``UNWIND $rows`` statement in a transaction of its own (benchmarks)."""
        self._transaction(lambda tx: tx.run(text, rows=rows).consume(), write=True)

    def query(
        self, cypher_text: str, params: dict[str, Any] | None = None, *, write: bool = False
    ) -> QueryResult:
        """Run a Cypher query in a read transaction, or a write one if ``write``."""
        params = params or {}
        if not write:
            cypher.check_read_only(cypher_text)
        missing = cypher.missing_parameters(cypher_text, params)
        if missing:
            raise QueryParameterError(
                f"the query needs {', '.join('$' + m for m in missing)}; pass "
                + " ".join(f"--param {m}=VALUE" for m in missing)
            )

        def work(tx: Any) -> QueryResult:
            result = tx.run(cypher_text, params)
            columns = list(result.keys())
            rows = [[_plain(value) for value in record.values()] for record in result]
            counters = result.consume().counters
            stats = {
                "nodes_created": counters.nodes_created,
                "relationships_created": counters.relationships_created,
                "nodes_deleted": counters.nodes_deleted,
                "relationships_deleted": counters.relationships_deleted,
                "properties_set": counters.properties_set,
            }
            return QueryResult(columns=columns, rows=rows, stats=stats)

        return self._transaction(work, write=write, text=cypher_text)

    def counts(self) -> StoreCounts:
        """Return node counts by label and relationship counts by type."""
        labels = self.query(cypher.COUNT_LABELS).rows
        types = self.query(cypher.COUNT_RELATIONSHIPS).rows
        return StoreCounts(
            labels={str(k): int(v) for k, v in sorted(labels)},
            relationships={str(k): int(v) for k, v in sorted(types)},
        )

    def close(self) -> None:
        """Close the driver and its connections."""
        driver = getattr(self, "_driver", None)
        if driver is not None:
            self._driver = None
            driver.close()

    # -- helpers -----------------------------------------------------------

    def _ensure_constraints(self) -> None:
        import neo4j

        for label in NODE_LABELS:
            text = (
                f"CREATE CONSTRAINT claimgraph_{label.lower()}_id IF NOT EXISTS "
                f"FOR (n:{cypher.identifier(label)}) REQUIRE n.id IS UNIQUE"
            )
            # Another process may create the same constraint at the same moment.
            with contextlib.suppress(QueryError):
                self._transaction(functools.partial(_consume, text=text), write=True)
        # Claims' texts by word, for `claimgraph serve`'s search.
        with contextlib.suppress(QueryError):
            self._transaction(functools.partial(_consume, text=CLAIM_TEXT_INDEX), write=True)
        with contextlib.suppress(neo4j.exceptions.Neo4jError):
            self._driver.execute_query("CALL db.awaitIndexes(300)", database_=self.database)

    def _transaction(self, work: Callable[[Any], _R], *, write: bool, text: str = "") -> _R:
        import neo4j

        if self._driver is None:
            raise StoreError("the store is closed")
        access = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        if not write and self.timeout is not None:
            work = neo4j.unit_of_work(timeout=self.timeout)(work)

        def run() -> _R:
            with self._driver.session(database=self.database, default_access_mode=access) as s:
                execute = s.execute_write if write else s.execute_read
                return execute(work)

        return self._call(run, text)

    def _call(self, run: Callable[[], _R], text: str = "") -> _R:
        import neo4j.exceptions as ne

        try:
            return run()
        except ne.AuthError:
            raise StoreUnavailableError(
                f"the Neo4j server at {self.uri} refused the credentials of user "
                f"{self.user!r}; check CLAIMGRAPH_NEO4J_USER and CLAIMGRAPH_NEO4J_PASSWORD"
            ) from None
        except (ne.ServiceUnavailable, ne.SessionExpired) as exc:
            raise StoreUnavailableError(
                f"cannot reach the Neo4j server at {self.uri} ({redacted(_one_line(str(exc)))}); "
                "check that it is running and that CLAIMGRAPH_NEO4J_URI names it"
            ) from None
        except ne.Neo4jError as exc:
            raise self._query_error(exc, text) from None
        except (TypeError, ValueError) as exc:
            # The driver cannot encode a parameter value (a set, an object ...).
            raise QueryParameterError(f"cannot pass a query parameter: {exc}") from None

    def _query_error(self, exc: Any, text: str) -> StoreError | QueryError:
        code = exc.code or ""
        message = exc.message or str(exc)
        if code == "Neo.ClientError.Database.DatabaseNotFound":
            return StoreUnavailableError(
                f"the Neo4j server at {self.uri} has no database {self.database!r}; "
                "list them with SHOW DATABASES and set CLAIMGRAPH_NEO4J_DATABASE to one"
            )
        if code == "Neo.ClientError.Statement.AccessMode" or "read access mode" in message:
            return ReadOnlyQueryError(READ_ONLY_MESSAGE)
        if code == "Neo.ClientError.Statement.SyntaxError":
            return _syntax_error(message, text)
        if code.startswith("Neo.ClientError.Transaction.TransactionTimedOut"):
            return QueryTimeoutError(
                f"the query was stopped after {self.timeout or 0:g} s (--timeout); narrow it "
                "(a label, a WHERE, a LIMIT) or give it more time with --timeout SECONDS"
            )
        if code == "Neo.ClientError.Statement.ParameterMissing":
            return QueryParameterError(f"{message}; pass it with --param NAME=VALUE")
        if code.startswith("Neo.ClientError.Security."):
            return StoreUnavailableError(
                f"the Neo4j server at {self.uri} refused user {self.user!r}: {message}"
            )
        return QueryError(f"the database refused the query: {_first_line(message)}")


def redacted(text: str) -> str:
    """Return ``text`` with the password of every ``scheme://user:password@host`` masked.

    Examples
    --------
    >>> redacted("cannot reach neo4j://neo4j:s3cret@db:7687 (timed out)")
    'cannot reach neo4j://neo4j:***@db:7687 (timed out)'
    >>> redacted("bolt://db:7687")
    'bolt://db:7687'
    """
    return _URI_PASSWORD.sub(r"\g<head>:***@", text)


def _consume(tx: Any, text: str) -> None:
    tx.run(text).consume()


def _syntax_error(message: str, text: str) -> QuerySyntaxError:
    """Return the error with the position Neo4j gives, shown as the embedded store shows it."""
    match = _POSITION.search(message)
    summary = _first_line(_POSITION.sub("", message)).strip()
    if match is None:
        return QuerySyntaxError(f"Cypher syntax error: {summary}")
    line, col = int(match["line"]), int(match["col"])
    lines = text.splitlines() or [text]
    source_line = lines[line - 1] if line <= len(lines) else ""
    caret = " " * max(col - 1, 0) + "^"
    return QuerySyntaxError(
        f"Cypher syntax error at line {line}, column {col}: {summary}\n  {source_line}\n  {caret}",
        position=int(match["offset"]),
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def _plain(value: Any) -> Any:
    """Turn driver result objects into the plain dicts and lists every store returns."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return node_dict(_ordered_labels(value.labels), dict(value.items()))
    if isinstance(value, Relationship):
        return relationship_dict(value.type, dict(value.items()))
    if isinstance(value, Path):
        return {
            "nodes": [_plain(n) for n in value.nodes],
            "edges": [_plain(r) for r in value.relationships],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time dates, times and durations
        return value.iso_format()
    return value


def _ordered_labels(labels: frozenset[str]) -> list[str]:
    """Return the primary label first, then the others sorted, as the embedded store stores them.

    Examples
    --------
    >>> _ordered_labels(frozenset({"Person", "Actor"}))
    ['Actor', 'Person']
    """
    primary = [label for label in NODE_LABELS if label in labels]
    return primary + sorted(labels - set(primary))
