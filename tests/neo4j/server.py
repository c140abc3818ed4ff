"""Start and stop a Neo4j Community server from the jars ``fetch.sh`` copies into ``lib/``.

Used by the test fixtures and by ``bench/bench_neo4j.py``; not part of the
package. The server runs in its own home directory, on a free loopback port,
with HTTP off and, unless asked, authentication off. Graph Data Science, which
``fetch.sh`` puts in ``lib/plugins/``, is loaded unless asked, with its
procedures unrestricted.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

LIB = Path(__file__).resolve().parent / "lib"
PLUGINS = LIB / "plugins"


class ServerError(RuntimeError):
    """The server is not installed, exited or did not start in time."""


class Neo4jServer:
    """A Neo4j server in ``home``; use as a context manager that yields its Bolt URI.

    With ``auth``, the user is ``neo4j`` with the initial password ``neo4j``,
    which must be changed before anything else can run. Without ``gds`` the
    Graph Data Science plugin is left out.
    """

    def __init__(
        self, home: Path, *, auth: bool = False, gds: bool = True, heap: str = "1g"
    ) -> None:
        self.home = home
        self.auth = auth
        self.gds = gds
        self.heap = heap
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.uri = ""

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self, timeout: float = 180) -> str:
        """Start the server and return its URI once it answers Bolt.

        Started again after :meth:`stop`, it listens on the same port and
        finds the data it had in its home directory.
        """
        if not any(LIB.glob("neo4j-5*.jar")):
            raise ServerError(f"the Neo4j test server is not in {LIB}; run tests/neo4j/fetch.sh")
        port = self.port = self.port or free_port()
        settings = {
            "server.bolt.listen_address": f"127.0.0.1:{port}",
            "server.bolt.advertised_address": f"127.0.0.1:{port}",
            "dbms.security.auth_enabled": str(self.auth).lower(),
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "dbms.usage_report.enabled": "false",
            "server.memory.pagecache.size": "256m",
        }
        classpath = f"{LIB}/*"
        if self.gds and any(PLUGINS.glob("proc-2*.jar")):
            # The plugin's kernel extensions are found on the classpath, as the
            # packaged server's start script puts plugins/ there.
            classpath += f":{PLUGINS}/*"
            settings["server.directories.plugins"] = str(PLUGINS)
            settings["dbms.security.procedures.unrestricted"] = "gds.*"
            settings["dbms.security.procedures.allowlist"] = "gds.*"
        command = ["java", f"-Xmx{self.heap}", "-cp", classpath]
        command += ["org.neo4j.server.CommunityEntryPoint"]
        command += [f"--home-dir={self.home}", "--console-mode"]
        for key, value in settings.items():
            command += ["-c", f"{key}={value}"]
        self.home.mkdir(parents=True, exist_ok=True)
        with (self.home / "console.log").open("ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.uri = f"bolt://127.0.0.1:{port}"
        self._wait_ready(timeout)
        return self.uri

    def stop(self) -> None:
        """Kill the server: a test server's data is thrown away, so there is nothing to flush.

        (A clean stop waits about ten seconds for Bolt connections to drain.)
        """
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)

    def _wait_ready(self, timeout: float) -> None:
        import neo4j

        assert self.process is not None
        auth = ("neo4j", "neo4j") if self.auth else None
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise ServerError(f"the Neo4j server exited:\n{self.log_tail()}")
            try:
                with neo4j.GraphDatabase.driver(self.uri, auth=auth) as driver:
                    driver.verify_connectivity()
                return
            except neo4j.exceptions.ServiceUnavailable:
                if time.monotonic() > deadline:
                    self.stop()
                    raise ServerError(
                        f"the Neo4j server did not start:\n{self.log_tail()}"
                    ) from None
                time.sleep(0.25)

    def log_tail(self, lines: int = 30) -> str:
        """Return the last lines the server printed."""
        text = (self.home / "console.log").read_text(errors="replace")
        return os.linesep.join(text.splitlines()[-lines:])


def free_port() -> int:
    """Return a TCP port on the loopback interface that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
