"""`ingest --fetch`: http(s) and public hosts only, time-outs, a size cap; no network without it.

The tests run a real HTTP server on 127.0.0.1. Loopback is refused by the
address rule, so the tests exempt exactly that server's ``host:port``
(``FetchOptions.allow_hosts``, or ``CLAIMGRAPH_FETCH_ALLOW_HOSTS`` for the
command line); every other hop is checked as usual.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.ingest import ingest
from claimgraph.sources import read_sources
from claimgraph.sources.fetch import (
    ALLOW_HOSTS_VARIABLE,
    FetchError,
    FetchOptions,
    fetch,
    refused_address,
)

ARTICLE = (
    "<!DOCTYPE html><html lang='en'><head><title>PM's hashtag backfires</title></head><body>"
    "<article><h1>PM's hashtag backfires</h1>"
    + "<p>Critics hijacked the hashtag and wrote about corruption and the tenge.</p>" * 5
    + "</article></body></html>"
)
FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
    "<item><guid>n1</guid><title>One</title><description>First entry text.</description></item>"
    "</channel></rss>"
)
#: Redirect targets that must be refused: loopback, private, link-local, numeric forms.
FORBIDDEN = [
    "http://localhost:{port}/article.html",
    "http://[::1]:{port}/article.html",
    "http://10.0.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://2130706433:{port}/article.html",
    "http://0x7f.0.0.1:{port}/article.html",
    "http://017700000001:{port}/article.html",
    "http://[::ffff:127.0.0.1]:{port}/article.html",
    "http://0.0.0.0:{port}/article.html",
]


#: Header lines the drip route sends, one every DRIP_SECONDS, unless the client hangs up.
DRIP_LINES, DRIP_SECONDS = 40, 0.1


class _Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []
    #: How many header lines each drip request sent before it ended, when it has.
    dripped: list[int] = []
    drip_done = threading.Event()

    def do_GET(self) -> None:  # noqa: N802 -- http.server's name
        self.requests.append((self.path, self.headers.get("User-Agent", "")))
        route, _, query = self.path.partition("?")
        if route == "/article.html":
            self._send(ARTICLE.encode(), "text/html; charset=utf-8")
        elif route == "/feed":
            self._send(FEED.encode(), "application/rss+xml")
        elif route == "/redirect":
            self.send_response(302)
            self.send_header("Location", query)
            self.end_headers()
        elif route == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif route == "/big":
            self._send(b"x" * 50_000, "text/plain", length=query != "unsized")
        elif route == "/slow":
            time.sleep(3)
            self._send(b"late", "text/plain")
        elif route == "/drip":
            self._drip()
        else:
            self.send_error(404)

    def _send(self, body: bytes, content_type: str, *, length: bool = True) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def _drip(self) -> None:
        """Send one header line every DRIP_SECONDS: each read is quick, the whole is not."""
        sent = 0
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
            for sent in range(1, DRIP_LINES + 1):
                time.sleep(DRIP_SECONDS)
                self.wfile.write(b"X-Drip-%d: 1\r\n" % sent)
            self.wfile.write(b"Content-Length: 2\r\n\r\nok")
        except OSError:
            pass  # the client hung up
        finally:
            self.close_connection = True
            self.dripped.append(sent)
            self.drip_done.set()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Yield ``http://127.0.0.1:PORT`` of a local server, stopped at the end."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _allowed(base: str, **options: Any) -> FetchOptions:
    return FetchOptions(allow_hosts=frozenset({base.removeprefix("http://")}), **options)


def test_fetches_from_an_allowed_server_naming_claimgraph(server: str) -> None:
    page = fetch(f"{server}/article.html", _allowed(server))
    assert page.data == ARTICLE.encode()
    assert page.content_type == "text/html" and page.charset == "utf-8"
    assert _Handler.requests[-1][1].startswith("claimgraph/")


def test_loopback_is_refused_by_default(server: str) -> None:
    with pytest.raises(FetchError, match="127.0.0.1, a loopback address"):
        fetch(f"{server}/article.html")


@pytest.mark.parametrize("target", FORBIDDEN)
def test_redirects_to_private_addresses_are_refused(server: str, target: str) -> None:
    port = server.rsplit(":", 1)[1]
    location = target.format(port=port)
    before = len(_Handler.requests)
    with pytest.raises(FetchError, match="refused to fetch|cannot resolve"):
        fetch(f"{server}/redirect?{location}", _allowed(server, timeout=5))
    # Only the first hop reached the server; the redirect was never followed.
    assert [path for path, _ in _Handler.requests[before:]] == [f"/redirect?{location}"]


def test_redirects_are_followed_a_few_times_only(server: str) -> None:
    page = fetch(f"{server}/redirect?/feed", _allowed(server))
    assert page.final_url == f"{server}/feed"
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(f"{server}/loop", _allowed(server))


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a.txt", "data:text/plain,hi", "gopher://x/"]
)
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https URLs are fetched"):
        fetch(url)


@pytest.mark.parametrize("query", ["", "unsized"])
def test_bodies_over_the_cap_are_cut_off(server: str, query: str) -> None:
    with pytest.raises(FetchError, match="larger than 10,000 bytes; raise --fetch-max-bytes"):
        fetch(f"{server}/big?{query}", _allowed(server, max_bytes=10_000))


def test_slow_servers_time_out(server: str) -> None:
    with pytest.raises(FetchError, match="within 0.5 s; try again later or raise --fetch-timeout"):
        fetch(f"{server}/slow", _allowed(server, timeout=0.5))


def test_the_timeout_is_a_deadline_for_the_whole_request(server: str) -> None:
    # Issue 20.11: a header line a second kept a 3 s timeout alive for 25 s.
    _Handler.drip_done.clear()
    with pytest.raises(FetchError, match="within 0.5 s; try again later or raise --fetch-timeout"):
        fetch(f"{server}/drip", _allowed(server, timeout=0.5))
    assert _Handler.drip_done.wait(timeout=30)
    # The client hung up at its deadline, long before the server was done dripping.
    assert _Handler.dripped[-1] < DRIP_LINES


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::ffff:192.168.0.1", "private"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not public"),
        # IPv4 wrapped in IPv6 (issue 20.11): 6to4, Teredo, NAT64; and site-local IPv6.
        ("2002:7f00:1::", "loopback"),
        ("2002:a00:1::", "private"),
        ("2002:808:808::1", None),
        ("2001:0:1:2:3:4:80ff:fffe", "loopback"),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "private"),
        ("64:ff9b::7f00:1", "loopback"),
        ("64:ff9b::a00:1", "private"),
        ("64:ff9b::808:808", None),
        ("fec0::1", "site-local"),
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_rule(address: str, reason: str | None) -> None:
    assert refused_address(address) == reason


def test_read_sources_routes_by_content_and_keeps_the_url(server: str) -> None:
    urls = [f"{server}/article.html", f"{server}/redirect?/feed"]
    items = list(read_sources(urls, fetch=_allowed(server)))
    article, entry = items
    assert article.format == "html" and article.url == urls[0] and article.source == urls[0]
    assert "Critics hijacked the hashtag" in article.text
    assert entry.format == "feed" and entry.source == f"{urls[1]}#n1"


def test_cli_ingest_fetch(server: str, tmp_path: Path) -> None:
    runner = CliRunner(env={ALLOW_HOSTS_VARIABLE: server.removeprefix("http://")})
    db = tmp_path / "g.db"
    url = f"{server}/article.html"
    result = runner.invoke(cli, ["ingest", "--fetch", url, "--extract", "none", "-q", "--db", db])
    assert result.exit_code == 0, result.output
    with EmbeddedStore(db=db) as store:
        rows = store.query("MATCH (d:Document) RETURN d.url, d.source").rows
    assert rows == [[url, url]]


def test_cli_without_fetch_says_how_to_download(server: str, tmp_path: Path) -> None:
    before = len(_Handler.requests)
    result = CliRunner().invoke(
        cli, ["ingest", f"{server}/article.html", "-q", "--db", str(tmp_path / "g.db")]
    )
    assert result.exit_code == 1
    assert "use --fetch to download URLs" in result.output
    assert len(_Handler.requests) == before


def test_no_network_without_fetch(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: str
) -> None:
    connect = socket.socket.connect
    attempts: list[Any] = []

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)
            raise AssertionError(f"network connection to {address} during ingest")
        return connect(self, address)  # the embedded store's Unix socket

    (tmp_path / "a.txt").write_text("PM tweets\nhttps://example.org/a is linked.\n")
    (tmp_path / "t.jsonl").write_text(
        '{"id_str": "1", "text": "see https://example.org", "user": {"screen_name": "a"}}\n'
    )
    (tmp_path / "page.html").write_text(ARTICLE)
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        monkeypatch.setattr(socket.socket, "connect", guarded)
        paths = [tmp_path / "a.txt", tmp_path / "t.jsonl", tmp_path / "page.html"]
        summary = ingest([*paths, f"{server}/article.html"], store, extract="none")
        monkeypatch.undo()
    assert attempts == []
    assert summary.documents_read == 3
    assert [s.source for s in summary.skipped] == [f"{server}/article.html"]
