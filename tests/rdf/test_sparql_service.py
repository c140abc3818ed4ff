"""SPARQL never goes to the network: ``SERVICE`` is refused however it is written.

Each query below would make Oxigraph send a request to a loopback server of
the test's own, which records every request and answers with a valid, empty
result (so a query that got through would not even fail). The refusal comes
from parsing the query, so comments ended by a carriage return, code point
escapes, lower case, ``SILENT``, prefixed names, variables and nesting all
count, on the rdf store and on the in-memory path of the other stores.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.errors import (
    ClaimgraphError,
    QueryParameterError,
    QuerySyntaxError,
    ReadOnlyQueryError,
)
from claimgraph.graph import GraphStore, open_store
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.graph.backends.rdf import RdfStore
from claimgraph.rdf.sparql import check_read_only
from tests.conftest import sample_graph

_EMPTY_RESULT = b'{"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": []}}'

#: Queries that reach ``SERVICE``; ``{url}`` is the loopback server.
SERVICE_QUERIES = {
    "comment ended by CR": "SELECT * WHERE { # c\rSERVICE <{url}> { ?s ?p ?o } }",
    "comment ended by CR, then a line": (
        "SELECT * WHERE { # c\rSERVICE <{url}> { ?s ?p ?o }\n ?s ?p ?o }"
    ),
    "comment ended by CRLF": "SELECT * WHERE { # c\r\nSERVICE <{url}> { ?s ?p ?o } }",
    "escaped CR in a comment": "SELECT * WHERE { # c\\u000DSERVICE <{url}> { ?s ?p ?o } }",
    "keyword in \\u escapes": "SELECT * WHERE { \\u0053\\u0045RVICE <{url}> { ?s ?p ?o } }",
    "keyword in \\U escapes": "SELECT * WHERE { \\U00000053ERVICE <{url}> { ?s ?p ?o } }",
    "IRI in escapes": "SELECT * WHERE { SERVICE <{url}\\u0078> { ?s ?p ?o } }",
    "lower case": "select * where { service <{url}> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "in OPTIONAL": "SELECT * WHERE { OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } }",
    "in UNION": "SELECT * WHERE { { BIND(1 AS ?x) } UNION { SERVICE <{url}> { ?s ?p ?o } } }",
    "in a subquery": "SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "in FILTER EXISTS": "SELECT * WHERE { FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "in MINUS": "ASK { BIND(1 AS ?x) MINUS { SERVICE <{url}> { ?s ?p ?o } } }",
    "in a projection": "SELECT (EXISTS { SERVICE <{url}> { ?s ?p ?o } } AS ?e) WHERE {}",
    "prefixed name": "PREFIX remote: <{url}> SELECT * WHERE { SERVICE remote:x { ?s ?p ?o } }",
    "variable host": "SELECT * WHERE { VALUES ?host { <{url}> } SERVICE ?host { ?s ?p ?o } }",
    "bound variable host": "SELECT * WHERE { BIND(IRI('{url}') AS ?h) SERVICE ?h { ?s ?p ?o } }",
    "after a PREFIX with a comment": (
        "PREFIX e: <http://example.org/> # \rSELECT * WHERE { SERVICE <{url}> {} }"
    ),
}


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Record each request and answer it with an empty SPARQL result."""

    requests: list[str]

    def _answer(self) -> None:
        self.requests.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(_EMPTY_RESULT)))
        self.end_headers()
        self.wfile.write(_EMPTY_RESULT)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[str]]]:
    """Yield the URL of a loopback SPARQL endpoint and the list of requests it received."""
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def rdf_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RdfStore]:
    with RdfStore(db=tmp_path_factory.mktemp("service") / "graph.oxigraph") as store:
        store.write(sample_graph())
        yield store


@pytest.fixture(params=["rdf", "embedded"])
def store(
    request: pytest.FixtureRequest, rdf_store: RdfStore, sample_store: EmbeddedStore
) -> GraphStore:
    """The rdf store (its own SPARQL) and the embedded one (mapped to RDF in memory)."""
    return rdf_store if request.param == "rdf" else sample_store


def test_the_server_answers_a_service_call(server: tuple[str, list[str]]) -> None:
    # The control: Oxigraph itself does call the server, so silence below means refusal.
    import pyoxigraph as ox

    url, requests = server
    before = len(requests)
    rows = list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
    assert rows == []
    assert len(requests) == before + 1


@pytest.mark.parametrize("name", SERVICE_QUERIES)
def test_service_is_refused_and_never_contacted(
    name: str, store: GraphStore, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    before = list(requests)
    with pytest.raises(ReadOnlyQueryError, match="never goes to the network"):
        store.sparql(SERVICE_QUERIES[name].replace("{url}", url))
    assert requests == before


@pytest.mark.parametrize(
    "text",
    [
        # An escape of an escape would be expanded once by claimgraph and
        # again by the engine; refused rather than guessed at.
        "SELECT * WHERE { \\u005Cu0053ERVICE <{url}> { ?s ?p ?o } }",
        # An unterminated comment swallows the closing brace: no query at all.
        "SELECT * WHERE { # \\u0000SERVICE <{url}> { ?s ?p ?o } }",
    ],
)
def test_queries_that_cannot_be_checked_do_not_run(
    text: str, store: GraphStore, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    before = list(requests)
    with pytest.raises(ClaimgraphError):
        store.sparql(text.replace("{url}", url))
    assert requests == before


def test_a_parameter_cannot_smuggle_a_service_call(
    store: GraphStore, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    before = list(requests)
    hostile = f'"}} SERVICE <{url}> {{ ?s ?p ?o }} # \r'
    rows = store.sparql("SELECT ?v WHERE { BIND(?value AS ?v) }", {"value": hostile}).rows
    assert rows == [[hostile]]
    with pytest.raises(QueryParameterError, match="code point escape"):
        store.sparql("SELECT ?v WHERE { BIND(?value AS ?v) }", {"value": "\\u0022 x"})
    assert requests == before


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?service WHERE { BIND('SERVICE <http://127.0.0.1:9/>' AS ?service) }",
        "SELECT ?x WHERE { BIND(<http://example.org/SERVICE> AS ?x) } # SERVICE",
        "SELECT ?x WHERE { BIND(schema:Service AS ?x) }",
        "SELECT ?x WHERE { BIND('caf\\u00E9' AS ?x) }",
    ],
)
def test_the_word_service_elsewhere_still_runs(text: str, store: GraphStore) -> None:
    assert len(store.sparql(text).rows) == 1


def test_escapes_are_expanded_once_and_line_ends_end_comments() -> None:
    assert check_read_only("SELECT ('caf\\u00E9' AS ?x) WHERE {} # a\rLIMIT 1") == (
        "SELECT ('café' AS ?x) WHERE {} # a\nLIMIT 1"
    )
    for escape in ("\\uD800", "\\U00110000"):
        with pytest.raises(QuerySyntaxError, match="not a Unicode code point"):
            check_read_only(f"SELECT ('{escape}' AS ?x) WHERE {{}}")


@pytest.mark.parametrize(
    "text",
    [
        "LOAD <{url}>",
        "load silent <{url}> into graph <urn:g>",
        "# c\rLOAD <{url}>",
        "\\u004COAD <{url}>",
        "PREFIX e: <{url}> LOAD e:graph",
        "CLEAR ALL ; LOAD <{url}>",
    ],
)
def test_load_and_other_updates_are_refused(
    text: str, store: GraphStore, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    before = (list(requests), store.counts())
    with pytest.raises(ReadOnlyQueryError, match="only reads"):
        store.sparql(text.replace("{url}", url))
    assert (list(requests), store.counts()) == before


def test_cli_refuses_service_in_one_line(tmp_path: Path, server: tuple[str, list[str]]) -> None:
    # The report of issue 20.3, on both paths: the rdf store and the embedded one.
    url, requests = server
    before = list(requests)
    query = f"SELECT * WHERE {{ # c\rSERVICE <{url}> {{ ?s ?p ?o }} }}"
    for store_name, db in (("rdf", tmp_path / "g.oxigraph"), ("embedded", tmp_path / "g.db")):
        # sparql opens read-only, so the store must exist first.
        open_store(store_name, db=db).close()
        result = CliRunner().invoke(cli, ["sparql", query, "--store", store_name, "--db", str(db)])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert result.output.strip().splitlines() == [
            "Error: SERVICE sends the query to another host; `claimgraph sparql` only reads "
            "the local graph and never goes to the network"
        ]
    assert requests == before
