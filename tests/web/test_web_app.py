"""The workbench's pages through Starlette's test client, on real embedded stores."""

from __future__ import annotations

import io
import re
import signal
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import networkx as nx
import pytest
from starlette.testclient import TestClient

from claimgraph.errors import DatabaseNotFoundError, UnsupportedOperationError
from claimgraph.graph import GraphStore, open_store
from claimgraph.graph.cypher import READ_ONLY_MESSAGE
from claimgraph.model import GraphBatch, Node, Relationship
from claimgraph.web import CONTENT_SECURITY_POLICY, ServeError, create_app, serve
from claimgraph.web.data import search
from claimgraph.web.view import LIST_DRAWN, run_view
from tests.queries.test_clusters import clustered

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"
#: A text whose offsets count emoji (one Python character, two UTF-16 units) before the claim.
TEXT = (
    "🇰🇿 Note 😀. Aigul Orynbek told Радио: “Kazakhstan is not ready,” she said. "
    "Then — “Not at all.”"
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _marked_graph() -> GraphBatch:
    """Return the clustered sample graph plus a document with text, claims and hostile names."""
    batch = clustered()
    batch.add_node(
        Node(
            "Document",
            "doc-text",
            {
                "kind": "article",
                "title": f"Title {IMG}",
                "text": TEXT,
                "url": "javascript:alert(3)",
                "published_at": "2016-08-13T00:00:00Z",
            },
            ("Article",),
        )  # fmt: skip
    )
    start, end = _span(TEXT, "Kazakhstan is not ready")
    speaker = _span(TEXT, "Aigul Orynbek")
    batch.add_node(
        Node(
            "Claim",
            "c-marked",
            {
                "text": TEXT[start:end],
                "kind": "direct",
                "cue": "told",
                "start": start,
                "end": end,
                "speaker_start": speaker[0],
                "speaker_end": speaker[1],
            },
        )  # fmt: skip
    )
    first, second = _span(TEXT, "Then"), _span(TEXT, "Not at all")
    batch.add_node(
        Node(
            "Claim",
            "c-parts",
            {
                "text": "Then Not at all",
                "kind": "direct",
                "cue": "said",
                "start": first[0],
                "end": second[1],
                "spans": [first[0], first[1], second[0], second[1]],
            },
        )  # fmt: skip
    )
    batch.add_node(Node("Actor", "hostile", {"name": IMG, "kind": "person", "aliases": [SCRIPT]}))
    batch.add_node(Node("Claim", "c-hostile", {"text": SCRIPT, "kind": "direct", "cue": IMG}))
    for rel in [
        ("SAID", "Actor", "aigul-orynbek", "Claim", "c-marked"),
        ("ABOUT", "Claim", "c-marked", "Actor", "karim-massimov"),
        ("REPORTED_IN", "Claim", "c-marked", "Document", "doc-text"),
        ("REPORTED_IN", "Claim", "c-parts", "Document", "doc-text"),
        ("MENTIONS", "Document", "doc-text", "Actor", "aigul-orynbek"),
        ("SAID", "Actor", "hostile", "Claim", "c-hostile"),
        ("ABOUT", "Claim", "c-hostile", "Actor", "karim-massimov"),
        ("REPORTED_IN", "Claim", "c-hostile", "Document", "doc-text"),
    ]:
        batch.add_relationship(
            Relationship(*rel, props={"count": 1} if rel[0] == "MENTIONS" else {})
        )
    return batch


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """Yield the marked graph's store, opened read-only as ``claimgraph serve`` opens it."""
    db = tmp_path_factory.mktemp("web") / "web.db"
    with open_store("embedded", db=db) as writer:
        writer.write(_marked_graph())
        with open_store("embedded", db=db, read_only=True) as reader:
            yield reader


@pytest.fixture(scope="module")
def client(store: GraphStore) -> TestClient:
    """Return a test client of the workbench on ``store``."""
    return TestClient(create_app(store, page_size=2))


class _Marks(HTMLParser):
    """Collect the text inside the document's marks, by claim id."""

    def __init__(self) -> None:
        super().__init__()
        self.claims: dict[str, str] = {}
        self.stack: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span":
            self.stack.append((dict(attrs).get("data-claims") or "").split())

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for claim in {c for ids in self.stack for c in ids}:
            self.claims[claim] = self.claims.get(claim, "") + data


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/static/app.css", "/actor/nobody", "/graph"):
        answer = client.get(path)
        assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
    assert client.get("/static/app.js").status_code == 200


def test_search_finds_every_kind_in_any_script_and_case(client: TestClient) -> None:
    page = client.get("/search", params={"q": "MASSIMOV"}).text
    assert 'href="/actor/karim-massimov"' in page
    assert 'href="/account/twitter%3Amassimov_karim"' in page
    assert 'href="/actor/karim-massimov"' in client.get("/search", params={"q": "карим"}).text
    assert "/account/twitter%3Asamsonino" in client.get("/search", params={"q": "@SamSonino"}).text
    tags = client.get("/search", params={"q": "#25ЛетНезависимости"}).text
    assert "/hashtag/25" in tags
    claims = client.get("/search", params={"q": "devaluation"}).text
    assert "/claim/c-almiri" in claims
    documents = client.get("/search", params={"q": "hashtag pr campaign"}).text
    assert "/document/doc-article" in documents


def test_search_finds_claims_by_their_words(client: TestClient, store: GraphStore) -> None:
    # through the full-text index: the words in another order, one by its start
    found = search(store, "READY kazakh")
    assert [c["ref"].id for c in found["claims"]] == ["c-marked"]
    assert not found["index_missing"]
    assert "predates the full-text index" not in client.get("/search", params={"q": "ready"}).text


def test_search_reads_claims_in_other_scripts_and_without_the_index(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    russian = Node("Claim", "c-ru", {"text": "Масимову сказали «нет»", "kind": "direct"})
    with open_store("embedded", db=db) as writer:
        writer.write(_marked_graph())
        writer.write(GraphBatch(nodes={("Claim", "c-ru"): russian}))
        # a part of a word, in another case, in Cyrillic: read from every claim's text
        found = search(writer, "МАСИМОВ")
        assert [c["ref"].id for c in found["claims"]] == ["c-ru"]
        assert not found["index_missing"]
        writer.query("CALL db.idx.fulltext.drop('Claim')", write=True)
        with open_store("embedded", db=db, read_only=True) as reader:
            page = TestClient(create_app(reader)).get("/search", params={"q": "akhstan IS"}).text
    assert "/claim/c-marked" in page
    assert "predates the full-text index" in page and "claimgraph ingest" in page


def test_actor_page_shows_claims_with_speaker_cue_kind_and_evidence(client: TestClient) -> None:
    answer = client.get("/actor/karim-massimov")
    assert answer.status_code == 200
    page = answer.text
    assert "Aigul Orynbek" in page and "Kazakhstan is not ready" in page
    # the evidence sentence, the claim marked in it
    assert re.search(
        r"told Радио: “<mark class=\"claim\">Kazakhstan is not ready</mark>,” she said\.", page
    )
    assert ">told<" in page and ">direct<" in page
    assert 'href="/account/twitter%3Amassimov_karim"' in page  # the account it operates
    assert "almost 5 million people" in page  # about the account it operates
    assert "<svg" in page and 'class="spot person centre"' in page  # the ego graph
    assert 'class="dot direct"' in page  # the timeline of claims about it


def test_account_page_shows_operator_posts_and_clusters(client: TestClient) -> None:
    page = client.get("/account/twitter:samsonino").text
    assert "almost 5 million people" in page
    assert "/cluster/louvain%3Anew%3A0" in page
    assert "/document/twitter%3A1002" in page
    operated = client.get("/account/twitter%3Amassimov_karim").text
    assert 'href="/actor/karim-massimov"' in operated


def test_document_marks_claims_at_their_characters(client: TestClient) -> None:
    page = client.get("/document/doc-text").text
    marks = _Marks()
    marks.feed(page)
    assert marks.claims["c-marked"] == "Kazakhstan is not ready"
    assert marks.claims["c-parts"] == "ThenNot at all"  # two parts, the text between unmarked
    assert 'class="mark speaker entity"' in page or 'class="mark speaker"' in page
    assert 'href="/actor/aigul-orynbek"' in page
    assert 'id="claim-c-marked"' in page


def test_claim_redirects_to_its_document(client: TestClient) -> None:
    answer = client.get("/claim/c-marked", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/document/doc-text#claim-c-marked"


def test_hostile_values_are_escaped_everywhere(client: TestClient) -> None:
    pages = [
        client.get("/actor/hostile").text,
        client.get("/actor/karim-massimov").text,
        client.get("/document/doc-text").text,
        client.get("/search", params={"q": "img"}).text,
        client.get("/search", params={"q": SCRIPT}).text,
    ]
    for page in pages:
        assert "<img src=x" not in page and "<script>alert" not in page
        assert 'href="javascript:' not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[0]


def test_cluster_page_shows_members_ties_evidence_and_timeline(client: TestClient) -> None:
    page = client.get("/cluster/louvain:new:0").text
    assert "@samsonino" in page and "@AlmiriKarpykov" in page
    assert "repost, text" in page
    assert 'href="/document/twitter%3A1001"' in page and 'href="/document/twitter%3A1002"' in page
    assert page.count('<circle class="dot') == 2  # each member's post, on the timeline
    assert client.get("/cluster/nope").status_code == 404


def test_missing_nodes_are_404(client: TestClient) -> None:
    for path in ("/actor/nobody", "/account/x:y", "/document/none", "/hashtag/none", "/claim/c"):
        answer = client.get(path)
        assert answer.status_code == 404 and "There is no" in answer.text


def test_graph_view_pages_a_saved_query(client: TestClient) -> None:
    params = {"saved": "who-said-about", "params": "target=Karim Massimov"}
    first = client.get("/graph", params=params).text
    assert "page 1: rows 1–2, more follow" in first and "next →" in first
    second = client.get("/graph", params={**params, "page": "2"}).text
    assert "page 2: rows 3–4" in second and "← previous" in second
    assert "<svg" in first and 'class="spot' in first


def test_graph_view_pages_queries_that_open_with_with(store: GraphStore) -> None:
    text = "WITH 'karim' AS start MATCH (a:Actor) WHERE a.id STARTS WITH start RETURN a.id"
    assert run_view(store, cypher=text).rows == [["karim-massimov"]]
    claims = run_view(store, saved="claims-by", params={"speaker": "Aigul Orynbek"}, page_size=1)
    assert len(claims.rows) == 1 and claims.more


def test_graph_view_draws_a_few_nodes_of_each_list(store: GraphStore) -> None:
    shown = run_view(store, saved="hashtags")
    at = shown.columns.index("claim_nodes")
    assert shown.rows and all(len(row[at]) <= LIST_DRAWN for row in shown.rows)
    assert any(label == "Hashtag" for _, label in shown.graph.nodes(data="label"))


def test_graph_view_refuses_writes_as_query_does(client: TestClient, store: GraphStore) -> None:
    for cypher in (
        "CREATE (a:Actor {id: 'x'}) RETURN a",
        "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r",
    ):
        answer = client.get("/graph", params={"cypher": cypher})
        assert answer.status_code == 400
        assert "read-only" in answer.text or "--write" in answer.text
    created = client.get("/graph", params={"cypher": "MATCH (a:Actor {id: 'x'}) RETURN a"})
    assert "page 1: rows 0–0" in created.text
    assert (
        READ_ONLY_MESSAGE.split(";")[0]
        in client.get("/graph", params={"cypher": "MATCH (a:Actor) SET a.name = 'x' RETURN a"}).text
    )


def test_graph_view_warns_of_unknown_labels(client: TestClient) -> None:
    page = client.get("/graph", params={"cypher": "MATCH (a:Actr) RETURN a"}).text
    assert "did you mean Actor?" in page


def test_downloads_of_the_view(client: TestClient, tmp_path: Path) -> None:
    query = {"cypher": "MATCH (s)-[:SAID]->(c:Claim) RETURN s, c", "size": "50"}
    gexf = client.get("/graph/download", params={**query, "format": "gexf"})
    assert gexf.status_code == 200 and "attachment" in gexf.headers["content-disposition"]
    (tmp_path / "v.gexf").write_bytes(gexf.content)
    assert nx.read_gexf(tmp_path / "v.gexf").number_of_edges() >= 6
    graphml = client.get("/graph/download", params={**query, "format": "graphml"}).content
    (tmp_path / "v.graphml").write_bytes(graphml)
    assert nx.read_graphml(tmp_path / "v.graphml").number_of_nodes() >= 12
    png = client.get("/graph/download", params={**query, "format": "png"}).content
    assert png.startswith(b"\x89PNG")
    csv = zipfile.ZipFile(
        io.BytesIO(client.get("/graph/download", params={**query, "format": "csv"}).content)
    )
    assert any(name.endswith(".csv") for name in csv.namelist())
    assert client.get("/graph/download", params={**query, "format": "exe"}).status_code == 400


def test_rdf_store_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with (
        open_store("rdf", db=tmp_path / "g.oxigraph") as rdf,
        pytest.raises(UnsupportedOperationError, match="claimgraph serve.*Cypher"),
    ):
        create_app(rdf)


def test_sample_graph_pages_answer(sample_store: GraphStore) -> None:
    client = TestClient(create_app(sample_store))
    for path in ("/", "/hashtag/25летнезависимости", "/graph?saved=clusters", "/search?q=a"):
        assert client.get(path).status_code == 200, path


def test_serve_listens_on_loopback_and_stops_on_sigterm(sample_db: Path) -> None:
    code = (
        "import sys; from claimgraph.web import serve; "
        "serve(db=sys.argv[1], port=0, on_ready=lambda url: print(url, flush=True))"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code, str(sample_db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        answer = httpx.get(url + "search", params={"q": "Massimov"}, timeout=30)
        assert answer.status_code == 200 and "/actor/karim-massimov" in answer.text
    finally:
        server.send_signal(signal.SIGTERM)
        # uvicorn shuts down cleanly, then ends by the signal it caught
        assert server.wait(timeout=30) in (0, -signal.SIGTERM)


def test_serve_says_when_the_port_is_taken(sample_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(ServeError, match=f"127.0.0.1:{port}.*--port"):
            serve(db=sample_db, port=port)


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseNotFoundError):
        serve(db=tmp_path / "none.db")


def test_pages_on_neo4j(neo4j_store: GraphStore) -> None:
    """The same pages from a Neo4j server: the workbench's Cypher runs on both stores."""
    neo4j_store.write(_marked_graph())
    client = TestClient(create_app(neo4j_store, page_size=2))
    assert "/actor/karim-massimov" in client.get("/search", params={"q": "карим"}).text
    assert [c["ref"].id for c in search(neo4j_store, "READY kazakh")["claims"]] == ["c-marked"]
    actor = client.get("/actor/karim-massimov").text
    assert re.search(r"told Радио: “<mark class=\"claim\">Kazakhstan is not ready</mark>", actor)
    marks = _Marks()
    marks.feed(client.get("/document/doc-text").text)
    assert marks.claims["c-marked"] == "Kazakhstan is not ready"
    cluster = client.get("/cluster/louvain:new:0").text
    assert 'href="/document/twitter%3A1001"' in cluster and cluster.count('<circle class="dot') == 2
    view = client.get(
        "/graph", params={"saved": "who-said-about", "params": "target=Karim Massimov"}
    )
    assert "more follow" in view.text and 'class="spot' in view.text
    for name in ("hashtags", "top-actors", "clusters"):
        assert client.get("/graph", params={"saved": name}).status_code == 200, name
    refused = client.get("/graph", params={"cypher": "CREATE (a:Actor {id: 'x'}) RETURN a"})
    assert refused.status_code == 400
    assert client.get("/").status_code == 200
