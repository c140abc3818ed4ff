"""Exports while the graph is being written never crash and never hold dangling relationships.

Issue 20.9: ``export --format csv`` during an ingest failed with
``KeyError: 'label'`` and JSON exports held relationships to nodes they did
not hold: nodes are read first, relationships after, and a relationship
written in between pointed at a node the export had not read.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from claimgraph.analysis.graph import graph_from_batch
from claimgraph.cli import cli
from claimgraph.export import export_graph
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.graph.base import QueryResult
from claimgraph.graph.read import read_batch
from claimgraph.model import GraphBatch, Node, Relationship


def _posts(first: int, count: int) -> GraphBatch:
    """Return ``count`` new posts, each with a new account and hashtag linked to it."""
    batch = GraphBatch()
    for number in range(first, first + count):
        post, account, tag = f"twitter:{number}", f"twitter:user{number}", f"tag{number}"
        batch.add_node(Node("Document", post, {"kind": "post", "text": f"#{tag}"}, ("Post",)))
        batch.add_node(Node("Account", account, {"platform": "twitter", "handle": f"user{number}"}))
        batch.add_node(Node("Hashtag", tag, {"tag": tag}))
        batch.add_relationship(Relationship("POSTED", "Account", account, "Document", post))
        batch.add_relationship(Relationship("TAGGED", "Document", post, "Hashtag", tag))
    return batch


class _WrittenBetween:
    """The real store, into which new posts are written once its nodes have been read."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.written = False

    def supports(self, capability: str) -> bool:
        return self.store.supports(capability)

    def query(self, text: str, params: dict[str, Any] | None = None, **kw: Any) -> QueryResult:
        if "-[r]->" in text and not self.written:
            self.written = True
            self.store.write(_posts(5000, 3))
        return self.store.query(text, params, **kw)


def _assert_complete(graph: nx.MultiDiGraph) -> None:
    for start, end in graph.edges():
        assert "label" in graph.nodes[start] and "label" in graph.nodes[end], (start, end)


def test_relationships_written_after_the_nodes_were_read_are_left_out(
    fresh_store: EmbeddedStore, tmp_path: Path
) -> None:
    racing = _WrittenBetween(fresh_store)
    batch = read_batch(racing)  # type: ignore[arg-type]
    assert racing.written
    ends = {(r.start_label, r.start_id) for r in batch.relationships.values()}
    ends |= {(r.end_label, r.end_id) for r in batch.relationships.values()}
    assert ends <= set(batch.nodes)
    assert ("Document", "twitter:5000") not in batch.nodes
    graph = graph_from_batch(batch)
    _assert_complete(graph)
    export_graph(graph, tmp_path / "csv", "csv")
    data = json.loads(export_graph(graph, tmp_path / "g.json", "json").read_text("utf-8"))
    ids = {node["id"] for node in data["nodes"]}
    assert all(edge["source"] in ids and edge["target"] in ids for edge in data["edges"])


def test_a_graph_with_an_edge_to_an_unread_node_still_exports(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("Account:a", label="Account", labels=["Account"], id="a", handle="a")
    graph.add_edge("Account:a", "Document:gone", key="POSTED", type="POSTED")  # no attributes
    for fmt, name in [("csv", "csv"), ("json", "g.json"), ("graphml", "g.graphml")]:
        export_graph(graph, tmp_path / name, fmt)
    data = json.loads((tmp_path / "g.json").read_text("utf-8"))
    assert [node["id"] for node in data["nodes"]] == ["Account:a"]
    assert data["edges"] == []
    assert not (tmp_path / "csv" / "relationships-Account-Document.csv").exists()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_while_another_connection_writes(
    fresh_store: EmbeddedStore, tmp_path: Path, fmt: str
) -> None:
    stop = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with EmbeddedStore(db=fresh_store.path) as writer:
                first = 10_000
                while not stop.is_set():
                    writer.write(_posts(first, 20))
                    first += 20
        except BaseException as exc:  # reported by the test's thread
            errors.append(exc)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        for round_ in range(4):
            target = tmp_path / f"out{round_}.{fmt}"
            result = CliRunner().invoke(
                cli, ["export", "--format", fmt, "-o", str(target), "--db", str(fresh_store.path)]
            )
            assert result.exit_code == 0, result.output
            if fmt == "json":
                data = json.loads(target.read_text(encoding="utf-8"))
                ids = {node["id"] for node in data["nodes"]}
                assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
                assert all("label" in node for node in data["nodes"])
    finally:
        stop.set()
        writer.join(60)
    assert not errors, errors
