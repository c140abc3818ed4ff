"""Secrets and exposure: the Neo4j password is never shown; the embedded server has no TCP port.

The password goes in by ``--neo4j-password``, ``CLAIMGRAPH_NEO4J_PASSWORD``
or written into the URI, against a real Neo4j server with authentication
on, an unreachable port and malformed URIs. It must appear in no output of
the CLI, no log record at DEBUG (the driver's included), no exception
message, ``repr`` or traceback, however the exceptions are chained.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import stat
import subprocess
import sys
import traceback
from pathlib import Path

import psutil
import pytest

from claimgraph.errors import StoreUnavailableError
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.graph.backends.neo4j import Neo4jStore

SECRET = "pw-Zq8-never-shown"

#: ``claimgraph`` with every logger at DEBUG, writing to stderr.
_CLI_LOGGING_DEBUG = (
    "import logging, sys; logging.basicConfig(level=logging.DEBUG); "
    "from claimgraph.cli import main; sys.exit(main(sys.argv[1:]))"
)


@pytest.fixture
def closed_port() -> int:
    """Return a loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _everything_shown(error: BaseException) -> str:
    """Return every text of ``error`` and of the exceptions chained to it."""
    parts = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts += traceback.format_exception(current)
        parts += [repr(current), repr(current.args)]
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


def _open_failing(uri: str, password: str) -> StoreUnavailableError:
    # The store takes its settings as options only; the CLI reads the
    # environment (see test_the_cli_never_prints_the_password).
    with pytest.raises(StoreUnavailableError) as info:
        Neo4jStore(uri=uri, password=password)
    return info.value


def test_a_wrong_password_is_never_shown(
    neo4j_auth: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    uri, _ = neo4j_auth
    error = _open_failing(uri, SECRET)
    assert "refused the credentials" in str(error)
    assert SECRET not in _everything_shown(error)
    assert caplog.records, "nothing was logged at DEBUG"
    assert SECRET not in caplog.text


@pytest.mark.parametrize(
    "uri",
    [
        "bolt://127.0.0.1:{port}",
        "neo4j://neo4j:{secret}@127.0.0.1:{port}",
        "bolt://neo4j:{secret}@127.0.0.1:{port}",
        "http://neo4j:{secret}@127.0.0.1:{port}",
        "bolt://neo4j:{secret}@[::1:{port}",
    ],
)
def test_an_unreachable_server_or_a_bad_uri_never_shows_the_password(
    closed_port: int, caplog: pytest.LogCaptureFixture, uri: str
) -> None:
    caplog.set_level(logging.DEBUG)
    error = _open_failing(uri.format(port=closed_port, secret=SECRET), SECRET)
    assert "Neo4j" in str(error)
    assert SECRET not in _everything_shown(error)
    assert SECRET not in caplog.text


def test_the_right_password_is_kept_out_of_sight(
    neo4j_auth: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    uri, password = neo4j_auth
    with Neo4jStore(uri=uri, password=password) as store:
        assert store.query("RETURN 1 AS one").rows == [[1]]
        assert password not in repr(store) + str(vars(store))
    assert "HELLO" in caplog.text or "LOGON" in caplog.text, "the driver logged no handshake"
    assert password not in caplog.text


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _CLI_LOGGING_DEBUG, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_the_cli_never_prints_the_password(
    neo4j_auth: tuple[str, str], closed_port: int, how: str
) -> None:
    uri, password = neo4j_auth
    unreachable = f"bolt://127.0.0.1:{closed_port}"
    runs = []
    for target, secret in [(uri, password), (uri, SECRET), (unreachable, SECRET)]:
        if how == "flag":
            args, env = ["--neo4j-uri", target, "--neo4j-password", secret], {}
        else:
            args, env = [], {"CLAIMGRAPH_NEO4J_URI": target, "CLAIMGRAPH_NEO4J_PASSWORD": secret}
        for command in (["stats", "--store", "neo4j"], ["stats", "--help"]):
            run = _cli([*args, *command], env)
            runs.append(run)
            assert secret not in run.stdout + run.stderr, (command, target)
    succeeded, refused, unreachable_run = runs[0], runs[2], runs[4]
    assert succeeded.returncode == 0, succeeded.stderr
    assert "DEBUG" in succeeded.stderr, "the run logged nothing at DEBUG"
    assert refused.returncode == 1
    assert "refused the credentials" in refused.stderr
    assert unreachable_run.returncode == 1
    assert "cannot reach the Neo4j server" in unreachable_run.stderr


# -- the embedded database server --------------------------------------------------------------


@pytest.fixture
def embedded(tmp_path: Path):
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        yield store


def test_the_server_socket_is_owner_only(embedded: EmbeddedStore) -> None:
    settings = json.loads(embedded.settings_file.read_text())
    socket_path = Path(settings["unixsocket"])
    assert stat.S_ISSOCK(socket_path.stat().st_mode)
    assert stat.S_IMODE(socket_path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(socket_path.stat().st_mode) & 0o077 == 0
    assert socket_path.stat().st_uid == os.getuid()
    config = (socket_path.parent / "redis.config").read_text().splitlines()
    assert "port 0" in config
    assert "unixsocketperm 700" in config


def test_the_server_has_no_network_socket(embedded: EmbeddedStore) -> None:
    settings = json.loads(embedded.settings_file.read_text())
    server = psutil.Process(int(Path(settings["pidfile"]).read_text()))
    assert "redis" in server.name()
    assert server.net_connections(kind="inet") == []
    listening = [c.laddr for c in server.net_connections(kind="unix")]
    assert settings["unixsocket"] in listening
