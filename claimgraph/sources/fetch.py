"""Fetch documents from the web for ``claimgraph ingest --fetch``, and nothing else ever.

claimgraph reads local files only; a URL is downloaded only when the caller
asks (``--fetch``), and then carefully, because a URL in a list of sources
may come from anyone:

- ``http`` and ``https`` only (never ``file:``, ``ftp:``, ``data:``, ``gopher:``);
- the host of every hop, redirects included (at most :data:`MAX_REDIRECTS`),
  is resolved and refused if any of its addresses is loopback, private,
  link-local, site-local, multicast, reserved or unspecified (IPv4 and IPv6,
  and IPv4 addresses wrapped in IPv6: IPv4-mapped, 6to4 ``2002::/16``,
  Teredo ``2001::/32``, NAT64 ``64:ff9b::/96``; and numeric host forms such
  as ``2130706433`` or ``0x7f.1``, which the resolver turns into the
  addresses they mean);
- the connection goes to the address that was checked, so a second DNS
  answer cannot swap in another (DNS rebinding);
- one wall-clock deadline for the whole request, connecting, headers and
  body together: a server that sends a header line a second cannot keep it
  alive (issue 20.11); a cap on the body's size; a ``User-Agent`` naming
  claimgraph.

Examples
--------
>>> is_url("https://example.org/a.html"), is_url("articles/a.html"), is_url("file:///etc/passwd")
(True, False, True)
>>> refused_address("169.254.169.254")
'link-local'
>>> refused_address("::ffff:10.0.0.1"), refused_address("93.184.215.14") is None
('private', True)
>>> refused_address("2002:7f00:1::"), refused_address("64:ff9b::a00:1"), refused_address("fec0::1")
('loopback', 'private', 'site-local')
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import os
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any
from urllib.parse import urljoin, urlsplit

from claimgraph.errors import SourceError

__all__ = [
    "ALLOW_HOSTS_VARIABLE",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "MAX_REDIRECTS",
    "FetchError",
    "FetchOptions",
    "Fetched",
    "fetch",
    "fetch_options",
    "is_url",
    "refused_address",
]

#: Seconds allowed to connect, for each read, and for a whole download.
DEFAULT_TIMEOUT = 20.0
#: Largest body downloaded, in bytes.
DEFAULT_MAX_BYTES = 20_000_000
#: Redirects followed before giving up.
MAX_REDIRECTS = 5
#: Testing only: ``host:port`` pairs exempt from the public-address rule.
ALLOW_HOSTS_VARIABLE = "CLAIMGRAPH_FETCH_ALLOW_HOSTS"

_SCHEMES = ("http", "https")
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):(?://|(?=[^/\\]))")
# Single letters are Windows drives (C:\...), not schemes.
_MIN_SCHEME = 2
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 65536


class FetchError(SourceError):
    """A URL could not, or may not, be fetched."""


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How :func:`fetch` may download: time-out, size cap, and hosts exempt from the address rule.

    ``allow_hosts`` holds ``host:port`` pairs whose private or loopback
    addresses are accepted. It exists for tests against a local server
    (``CLAIMGRAPH_FETCH_ALLOW_HOSTS``); it applies to those exact pairs only,
    so a redirect elsewhere is checked as usual.
    """

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_hosts: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded body: the URL asked for, the URL it came from after redirects, its type."""

    url: str
    final_url: str
    content_type: str
    charset: str | None
    data: bytes


def fetch_options(
    timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> FetchOptions:
    """Return the options of ``ingest --fetch``, with the test-only exemptions from the environment.

    ``CLAIMGRAPH_FETCH_ALLOW_HOSTS`` (``host:port`` pairs separated by commas)
    lets the test suite fetch from its own server on 127.0.0.1; nothing else
    should set it.
    """
    allowed = os.environ.get(ALLOW_HOSTS_VARIABLE, "")
    hosts = frozenset(item.strip() for item in allowed.split(",") if item.strip())
    return FetchOptions(timeout=timeout, max_bytes=max_bytes, allow_hosts=hosts)


def is_url(spec: str) -> bool:
    """Return whether ``spec`` is written as a URL (any scheme) rather than a path."""
    match = _URL.match(spec)
    return match is not None and len(match["scheme"]) >= _MIN_SCHEME


def refused_address(address: str) -> str | None:
    """Return why fetching from IP ``address`` is refused (``"loopback"`` ...), else None.

    An IPv6 address that wraps an IPv4 one (IPv4-mapped, 6to4, Teredo,
    NAT64) is judged by the IPv4 address it reaches (issue 20.11: 6to4
    ``2002:7f00:1::`` reached 127.0.0.1).
    """
    ip: Any = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        wrapped = _wrapped_ipv4(ip)
        if wrapped is not None:
            reason = _refused_ip(wrapped)
            # Teredo's own range is private whatever it wraps.
            if reason is not None or ip.teredo is None:
                return reason
        if ip.is_site_local:
            return "site-local"
    return _refused_ip(ip)


def _refused_ip(ip: Any) -> str | None:
    # Most specific first: 169.254.0.0/16 is private too, but link-local says more.
    for reason in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{reason}"):
            return reason.replace("_", "-")
    return None if ip.is_global else "not public"


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _wrapped_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv6 address leads to, if it wraps one."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def fetch(url: str, options: FetchOptions | None = None) -> Fetched:
    """Download ``url`` under the rules of this module and return its body.

    Raises
    ------
    FetchError
        If the scheme is not http or https, a host resolves to an address
        that is not public, there are too many redirects, the server answers
        with an error, the download is too slow or too large, or the network fails.
    """
    options = options or FetchOptions()
    deadline = time.monotonic() + options.timeout
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        response, connection, watchdog = _request(current, options, deadline)
        try:
            location = response.getheader("Location")
            if response.status in _REDIRECTS and location:
                current = urljoin(current, location.strip())
                continue
            if response.status != 200:
                raise FetchError(
                    f"the server answered {response.status} {response.reason}", source=url
                )
            data = _body(response, url, options, watchdog)
            content_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
            return Fetched(url, current, content_type, charset, data)
        finally:
            watchdog.cancel()
            connection.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects; fetch the final URL itself", source=url)


def _request(
    url: str, options: FetchOptions, deadline: float
) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection, _Watchdog]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise FetchError(
            f"cannot fetch a {scheme or 'relative'}: URL ({url}); only http and https URLs "
            "are fetched",
            source=url,
        )
    host = parts.hostname
    if not host:
        raise FetchError(f"the URL {url} names no host", source=url)
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"the URL {url} has a bad port", source=url) from None
    address = _checked_address(host, port, url, options, deadline)
    remaining = max(deadline - time.monotonic(), 0.001)
    timeout = min(options.timeout, remaining)
    connection: http.client.HTTPConnection
    if scheme == "https":
        connection = _PinnedHTTPSConnection(address, host, port, timeout=timeout)
    else:
        connection = _PinnedHTTPConnection(address, host, port, timeout=timeout)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    watchdog = _Watchdog(connection, deadline)
    try:
        connection.request("GET", target, headers=_headers())
        return connection.getresponse(), connection, watchdog
    except (OSError, http.client.HTTPException) as error:
        watchdog.cancel()
        connection.close()
        raise FetchError(
            _network_reason(watchdog.reason(error), url, options), source=url
        ) from None


class _Watchdog:
    """Cut a connection off at a wall-clock deadline, whatever it is waiting for.

    A socket's time-out bounds each wait, not their sum: a server that sends
    one header line a second kept a 3 s ``--fetch-timeout`` alive for 25 s
    (issue 20.11). At the deadline the watchdog shuts the socket down, which
    ends the read in progress; the fetch then reports a time-out.
    """

    def __init__(self, connection: http.client.HTTPConnection, deadline: float) -> None:
        self.connection = connection
        self.expired = False
        self._timer = threading.Timer(max(deadline - time.monotonic(), 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        """Stop watching (the request is over)."""
        self._timer.cancel()

    def reason(self, error: BaseException) -> BaseException:
        """Return ``error``, or a time-out if the deadline caused it."""
        return TimeoutError("timed out") if self.expired else error

    def _expire(self) -> None:
        self.expired = True
        sock = self.connection.sock
        if sock is not None:
            # The plain socket's shutdown, also under TLS: it wakes the blocked read.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _checked_address(host: str, port: int, url: str, options: FetchOptions, deadline: float) -> str:
    """Return an address of ``host`` to connect to, all of its addresses being allowed."""
    try:
        infos = _resolve(host, port, deadline)
    except (OSError, UnicodeError) as error:
        if isinstance(error, TimeoutError):
            raise FetchError(_network_reason(error, url, options), source=url) from None
        raise FetchError(
            f"cannot resolve the host {host!r} of {url}: {error}", source=url
        ) from None
    addresses = [str(info[4][0]) for info in infos]
    if f"{host}:{port}" not in options.allow_hosts:
        for address in addresses:
            reason = refused_address(address)
            if reason is not None:
                raise FetchError(
                    f"refused to fetch {url}: the host {host} resolves to {address}, a {reason} "
                    "address; only public hosts are fetched",
                    source=url,
                )
    return addresses[0]


def _resolve(host: str, port: int, deadline: float) -> list[Any]:
    """Return ``getaddrinfo``'s answer, or raise TimeoutError at the deadline.

    The resolver cannot be interrupted, so it runs on a thread of its own
    that is left behind if it outlasts the deadline.
    """
    answer: list[Any] = []
    failure: list[BaseException] = []

    def lookup() -> None:
        try:
            answer.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as error:
            failure.append(error)

    thread = threading.Thread(target=lookup, name="claimgraph-resolve", daemon=True)
    thread.start()
    thread.join(max(deadline - time.monotonic(), 0.0))
    if thread.is_alive():
        raise TimeoutError("timed out")
    if failure:
        raise failure[0]
    return answer


def _body(
    response: http.client.HTTPResponse, url: str, options: FetchOptions, watchdog: _Watchdog
) -> bytes:
    too_large = (
        f"the body is larger than {options.max_bytes:,} bytes; raise --fetch-max-bytes "
        "or download it yourself"
    )
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > options.max_bytes:
        raise FetchError(too_large, source=url)
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > options.max_bytes:
                raise FetchError(too_large, source=url)
            chunks.append(chunk)
        if watchdog.expired:  # the socket was shut down: the body is cut short
            raise TimeoutError("timed out")
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(
            _network_reason(watchdog.reason(error), url, options), source=url
        ) from None
    return b"".join(chunks)


def _network_reason(error: BaseException, url: str, options: FetchOptions) -> str:
    if isinstance(error, TimeoutError | socket.timeout):
        return (
            f"no complete answer from {url} within {options.timeout:g} s; "
            "try again later or raise --fetch-timeout"
        )
    return f"could not download {url}: {error}"


def _headers() -> dict[str, str]:
    try:
        version = metadata.version("claimgraph")
    except metadata.PackageNotFoundError:
        version = "dev"
    return {
        "User-Agent": f"claimgraph/{version} (ingest --fetch)",
        "Accept": "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
        "application/xml;q=0.9, text/plain;q=0.8, application/json;q=0.8, */*;q=0.5",
        "Accept-Encoding": "identity",
    }


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to an address already checked, naming ``host`` in the request."""

    def __init__(self, address: str, host: str, port: int, *, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to an address already checked; the certificate must name ``host``."""

    def __init__(self, address: str, host: str, port: int, *, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]
