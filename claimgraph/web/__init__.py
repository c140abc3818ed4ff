"""``claimgraph serve``: a local investigation workbench in the browser.

Pages for search, actors and accounts, documents with their claims marked,
amplification clusters with their timelines, and a graph view of saved or
typed read-only Cypher, rendered on the server from any store that runs
Cypher. Everything a page loads (one stylesheet, one small script) ships in
the package and comes from the same origin, so the workbench works offline
and no request leaves the machine.

From Python::

    from claimgraph.graph import open_store
    from claimgraph.web import create_app

    app = create_app(open_store("embedded", db="demo.db", read_only=True))
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from claimgraph.errors import ClaimgraphError
from claimgraph.web.app import CONTENT_SECURITY_POLICY, create_app

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "ServeError",
    "create_app",
    "serve",
]

#: The workbench listens on the loopback interface unless told otherwise.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


class ServeError(ClaimgraphError):
    """The workbench cannot listen where it was asked to."""


def serve(
    store_name: str = "embedded",
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float | None = 30.0,
    page_size: int = 50,
    on_ready: Callable[[str], None] | None = None,
    **options: Any,
) -> None:
    """Open the store read-only and serve the workbench on ``host``:``port`` until stopped.

    Parameters
    ----------
    store_name : str
        A store that runs Cypher: ``embedded`` or ``neo4j``.
    host, port : str, int
        Where to listen; the default host is the loopback interface only.
    timeout : float, optional
        Seconds a query may run before the store stops it.
    page_size : int
        Rows per page of the graph view.
    on_ready : callable, optional
        Called with the workbench's URL once the store is open and the port taken.
    **options
        The store's options, such as ``db`` (see :func:`claimgraph.graph.open_store`).

    Raises
    ------
    UnsupportedOperationError
        If the store does not run Cypher (the ``rdf`` store).
    DatabaseNotFoundError
        If the database does not exist (serve never creates one).
    ServeError
        If ``host``:``port`` cannot be listened on (a port in use, say).
    """
    import uvicorn

    from claimgraph.graph import open_store

    with open_store(store_name, read_only=True, timeout=timeout, **options) as store:
        app = create_app(store, page_size=page_size)
        listener = _listen(host, port)
        config = uvicorn.Config(app, log_level="warning", access_log=False)
        if on_ready is not None:
            shown = f"[{host}]" if ":" in host else host
            on_ready(f"http://{shown}:{listener.getsockname()[1]}/")
        with listener:
            uvicorn.Server(config).run(sockets=[listener])


def _listen(host: str, port: int) -> socket.socket:
    """Return a socket listening on ``host``:``port``, or raise :class:`ServeError`."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        listener = socket.socket(family, kind, proto)
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc}; check --host") from None
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(128)
    except OSError as exc:
        listener.close()
        raise ServeError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; another program may "
            "use the port: pass another with --port (0 picks a free one)"
        ) from None
    return listener
