"""The saved query ``clusters``: members, co-action types and evidence of amplification clusters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from claimgraph.graph import GraphStore
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.model import GraphBatch, Node, Relationship
from claimgraph.queries import run_saved
from tests.conftest import sample_graph

#: Two runs: "old" with one cluster, "new" with two; the accounts of the sample graph.
RUNS = {
    "old": ("2026-01-01T00:00:00Z", [["twitter:almirikarpykov", "twitter:samsonino"]]),
    "new": (
        "2026-02-01T00:00:00Z",
        [["twitter:samsonino", "twitter:almirikarpykov"], ["twitter:massimov_karim"]],
    ),
}


def clustered() -> GraphBatch:
    """Return the sample graph with the clusters and ties of two amplification runs."""
    batch = sample_graph()
    for run, (created, groups) in RUNS.items():
        for index, members in enumerate(groups):
            cluster = f"louvain:{run}:{index}"
            props = {"method": "louvain", "run": run, "index": index, "size": len(members)}
            batch.add_node(Node("Cluster", cluster, {**props, "created_at": created}))
            for member in members:
                batch.add_relationship(
                    Relationship("MEMBER_OF", "Account", member, "Cluster", cluster, {"run": run})
                )
    tie = {
        "run": "new",
        "weight": 3,
        "types": ["repost", "text"],
        "window_s": 60,
        "evidence": ["twitter:1001|twitter:1002"],
    }
    batch.add_relationship(
        Relationship(
            "COORDINATED_WITH",
            "Account",
            "twitter:almirikarpykov",
            "Account",
            "twitter:samsonino",
            tie,
        )
    )
    old_tie = {**tie, "run": "old", "types": ["hashtag"], "weight": 1, "evidence": ["x|y"]}
    batch.add_relationship(
        Relationship(
            "COORDINATED_WITH",
            "Account",
            "twitter:samsonino",
            "Account",
            "twitter:almirikarpykov",
            old_tie,
        )
    )
    return batch


def open_clustered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """Yield an open store holding :func:`clustered`, for the query tests' fixtures."""
    with EmbeddedStore(db=tmp_path_factory.mktemp("clustered") / "c.db") as store:
        store.write(clustered())
        yield store


EXPECTED = [
    {
        "cluster": 0,
        "run": "new",
        "method": "louvain",
        "size": 2,
        "members": ["@AlmiriKarpykov", "@samsonino"],
        "types": ["repost", "text"],
        "weight": 3,
        "evidence": ["twitter:1001|twitter:1002"],
    },
    {
        "cluster": 1,
        "run": "new",
        "method": "louvain",
        "size": 1,
        "members": ["@Massimov_Karim"],
        "types": [],
        "weight": 0,
        "evidence": [],
    },
    {
        "cluster": 0,
        "run": "old",
        "method": "louvain",
        "size": 2,
        "members": ["@AlmiriKarpykov", "@samsonino"],
        "types": ["hashtag"],
        "weight": 1,
        "evidence": ["x|y"],
    },
]


def _answers(store: GraphStore, **params: Any) -> list[dict[str, Any]]:
    return run_saved(store, "clusters", params).records()


def test_clusters_lists_members_types_and_evidence(fresh_store: EmbeddedStore) -> None:
    fresh_store.write(clustered())
    assert _answers(fresh_store) == EXPECTED
    assert _answers(fresh_store, limit=1) == EXPECTED[:1]


def test_clusters_answers_the_same_on_neo4j(neo4j_store: GraphStore) -> None:
    neo4j_store.write(clustered())
    assert _answers(neo4j_store) == EXPECTED


def test_clusters_is_empty_before_any_analysis(sample_store: EmbeddedStore) -> None:
    assert _answers(sample_store) == []
