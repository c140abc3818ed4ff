"""``claimgraph serve``: a real server from the command line, and its refusals."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.graph import open_store


def test_serve_answers_on_loopback_until_sigterm(sample_db: Path) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "claimgraph", "serve", "--db", str(sample_db), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("claimgraph workbench on http://127.0.0.1:"), line
        url = line.split()[3]
        page = httpx.get(url + "actor/karim-massimov", timeout=30)
        assert page.status_code == 200 and "Aigul Orynbek" in page.text
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 128 + signal.SIGTERM  # shut down cleanly, as the CLI reports it


def test_serve_refuses_the_rdf_store(tmp_path: Path) -> None:
    open_store("rdf", db=tmp_path / "g").close()
    result = CliRunner().invoke(cli, ["serve", "--store", "rdf", "--db", str(tmp_path / "g")])
    assert result.exit_code == 1
    assert "`claimgraph serve` needs a store that" in result.output


def test_serve_says_when_the_port_is_taken(sample_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(cli, ["serve", "--db", str(sample_db), "--port", port])
    assert result.exit_code == 1 and "--port" in result.output


def test_serve_warns_when_listening_beyond_this_machine(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["serve", "--db", str(tmp_path / "none.db"), "--host", "0.0.0.0"]
    )
    assert "no login" in result.output
    assert result.exit_code == 1 and "none.db" in result.output  # never created
    assert not (tmp_path / "none.db").exists()
