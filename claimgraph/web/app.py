"""The workbench's web application: routes, templates and the headers every answer carries.

Pages are rendered on the server with Jinja2 (autoescape on: names, claims
and texts are hostile input), with one stylesheet and one small script
shipped in the package. The Content-Security-Policy lets a page load nothing
but its own origin's files, so no request leaves the machine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib import resources
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimgraph.errors import ClaimgraphError, QueryError
from claimgraph.graph import GraphStore
from claimgraph.queries import list_saved
from claimgraph.web import data, view

__all__ = ["CONTENT_SECURITY_POLICY", "create_app"]

#: Everything from this origin only; no inline script or style, no frames, no plugins.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
_MAX_PAGE_SIZE = 500


def create_app(store: GraphStore, *, page_size: int = 50, title: str = "claimgraph") -> Starlette:
    """Return the workbench as an ASGI application reading ``store``.

    Parameters
    ----------
    store : GraphStore
        An open store that runs Cypher (``embedded`` or ``neo4j``); open it
        read-only. The application does not close it.
    page_size : int
        Rows per page of the graph view.
    title : str
        The name shown in every page's header.

    Raises
    ------
    UnsupportedOperationError
        If the store does not run Cypher (the ``rdf`` store).
    """
    store.require("cypher", "`claimgraph serve`")
    pages = _Pages(store, page_size, title)
    routes = [
        Route("/", pages.home),
        Route("/search", pages.search),
        Route("/actor/{id:path}", pages.actor),
        Route("/account/{id:path}", pages.account),
        Route("/hashtag/{id:path}", pages.hashtag),
        Route("/document/{id:path}", pages.document),
        Route("/claim/{id:path}", pages.claim),
        Route("/cluster/{id:path}", pages.cluster),
        Route("/graph", pages.graph),
        Route("/graph/download", pages.download),
        Mount("/static", StaticFiles(directory=str(resources.files(__package__) / "static"))),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(_SecurityHeaders)
    return app


class _Pages:
    """The page handlers, sharing the store (one query at a time) and the templates."""

    def __init__(self, store: GraphStore, page_size: int, title: str) -> None:
        self.store = store
        self.page_size = page_size
        self.lock = threading.Lock()
        self.templates = Environment(
            loader=PackageLoader("claimgraph.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.globals.update(site_title=title, cell=view.cell)
        self.templates.filters["q"] = lambda value: quote(str(value), safe="")

    def render(self, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        """Return the template ``name`` rendered with ``context``."""
        page = self.templates.get_template(name).render(**context)
        return HTMLResponse(page, status_code=status_code)

    def read(self, function: Callable[..., Any], *args: Any) -> Any:
        """Return ``function(store, *args)``, one reader at a time."""
        with self.lock:
            return function(self.store, *args)

    def not_found(self, what: str, node_id: str) -> HTMLResponse:
        """Return the page saying there is no such node."""
        message = f"There is no {what} with the id {node_id!r} in this graph."
        return self.render("error.html", 404, heading=f"No such {what}", message=message)

    # -- pages -----------------------------------------------------------------------------

    def home(self, request: Request) -> Response:
        """Return the overview: counts, latest clusters, saved queries."""
        return self.render(
            "index.html", overview=self.read(data.overview), saved=list_saved(), query=""
        )

    def search(self, request: Request) -> Response:
        """Return the actors, accounts, hashtags, claims and documents matching ``q``."""
        text = request.query_params.get("q", "").strip()
        found = self.read(data.search, text) if text else None
        return self.render("search.html", query=text, found=found)

    def actor(self, request: Request) -> Response:
        """Return an actor's page."""
        actor_id = request.path_params["id"]
        page = self.read(data.actor_page, actor_id)
        if page is None:
            return self.not_found("actor", actor_id)
        return self.render("party.html", page=page, party="actor")

    def account(self, request: Request) -> Response:
        """Return an account's page."""
        account_id = request.path_params["id"]
        page = self.read(data.account_page, account_id)
        if page is None:
            return self.not_found("account", account_id)
        return self.render("party.html", page=page, party="account")

    def hashtag(self, request: Request) -> Response:
        """Return a hashtag's page."""
        tag_id = request.path_params["id"]
        page = self.read(data.hashtag_page, tag_id)
        if page is None:
            return self.not_found("hashtag", tag_id)
        return self.render("hashtag.html", page=page)

    def document(self, request: Request) -> Response:
        """Return a document with its claims and entities marked."""
        doc_id = request.path_params["id"]
        page = self.read(data.document_page, doc_id)
        if page is None:
            return self.not_found("document", doc_id)
        return self.render("document.html", page=page)

    def claim(self, request: Request) -> Response:
        """Send the browser to the claim in its document."""
        claim_id = request.path_params["id"]
        doc_id = self.read(data.claim_document, claim_id)
        if doc_id is None:
            return self.not_found("claim", claim_id)
        target = f"{data.href('Document', doc_id)}#claim-{quote(claim_id, safe='')}"
        return RedirectResponse(target, status_code=303)

    def cluster(self, request: Request) -> Response:
        """Return a cluster's members, ties, evidence and timeline."""
        cluster_id = request.path_params["id"]
        page = self.read(data.cluster_page, cluster_id)
        if page is None:
            return self.not_found("cluster", cluster_id)
        return self.render("cluster.html", page=page)

    def graph(self, request: Request) -> Response:
        """Return the graph view of a saved query or of the Cypher in the box."""
        form = _ViewForm(request, self.page_size)
        context: dict[str, Any] = {"form": form, "saved": list_saved(), "view": None}
        if not form.asked:
            return self.render("graph.html", **context)
        try:
            context["view"] = self.read(lambda store: view.run_view(store, **form.arguments()))
        except ClaimgraphError as exc:
            context["error"] = str(exc)
            return self.render("graph.html", 400, **context)
        return self.render("graph.html", **context)

    def download(self, request: Request) -> Response:
        """Return the graph view's current page as a GEXF, GraphML, CSV (zip) or PNG file."""
        form = _ViewForm(request, self.page_size)
        fmt = request.query_params.get("format", "")
        if fmt not in view.DOWNLOADS or not form.asked:
            message = f"choose a format among {', '.join(view.DOWNLOADS)} and a query"
            return self.render("error.html", 400, heading="Cannot download", message=message)
        try:
            shown = self.read(lambda store: view.run_view(store, **form.arguments()))
            body = view.download(shown, fmt, form.saved or "claimgraph query")
        except ClaimgraphError as exc:
            return self.render("error.html", 400, heading="Cannot download", message=str(exc))
        suffix, media_type = view.DOWNLOADS[fmt]
        headers = {"content-disposition": f'attachment; filename="claimgraph-view{suffix}"'}
        return Response(body, media_type=media_type, headers=headers)


class _ViewForm:
    """The graph view's request: a saved query or Cypher, its parameters and the page."""

    def __init__(self, request: Request, page_size: int) -> None:
        query = request.query_params
        self.saved = query.get("saved", "").strip()
        self.cypher = query.get("cypher", "").strip()
        self.params_text = query.get("params", "")
        self.page = _int(query.get("page"), 1)
        self.page_size = min(_int(query.get("size"), page_size), _MAX_PAGE_SIZE)
        self.asked = bool(self.saved or self.cypher)

    def arguments(self) -> dict[str, Any]:
        """Return the keyword arguments of :func:`claimgraph.web.view.run_view`."""
        if self.saved and self.cypher:
            raise QueryError("give either a saved query or Cypher in the box, not both")
        return {
            "cypher": self.cypher or None,
            "saved": self.saved or None,
            "params": view.parse_params(self.params_text),
            "page": self.page,
            "page_size": self.page_size,
        }

    def link(self, **changes: Any) -> str:
        """Return the query string of this view with ``changes`` (``page=2``, ``format=png``)."""
        values = {
            "saved": self.saved,
            "cypher": self.cypher,
            "params": self.params_text,
            "page": self.page,
            "size": self.page_size,
            **changes,
        }
        return "&".join(f"{k}={quote(str(v), safe='')}" for k, v in values.items() if v != "")


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, int(value or default))
    except ValueError:
        return default


class _SecurityHeaders:
    """ASGI middleware adding the Content-Security-Policy and friends to every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)
