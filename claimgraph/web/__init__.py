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

from typing import Any

from claimgraph.web.app import CONTENT_SECURITY_POLICY, create_app

__all__ = ["CONTENT_SECURITY_POLICY", "DEFAULT_HOST", "DEFAULT_PORT", "create_app", "serve"]

#: The workbench listens on the loopback interface unless told otherwise.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def serve(
    store_name: str = "embedded",
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float | None = 30.0,
    page_size: int = 50,
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
    **options
        The store's options, such as ``db`` (see :func:`claimgraph.graph.open_store`).

    Raises
    ------
    UnsupportedOperationError
        If the store does not run Cypher (the ``rdf`` store).
    DatabaseNotFoundError
        If the database does not exist (serve never creates one).
    """
    import uvicorn

    from claimgraph.graph import open_store

    with open_store(store_name, read_only=True, timeout=timeout, **options) as store:
        app = create_app(store, page_size=page_size)
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
