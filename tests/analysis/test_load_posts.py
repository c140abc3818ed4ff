"""Reading posts for analysis: a store that answers no Cypher is refused up front; pages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from claimgraph.analysis import posts
from claimgraph.analysis.amplification import (
    AmplificationParams,
    AmplificationResult,
    compute_amplification,
)
from claimgraph.analysis.posts import PostTable, load_posts, table_from_documents
from claimgraph.cli import cli
from claimgraph.errors import StoreError
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.graph.backends.rdf import RdfStore
from claimgraph.ingest import ingest
from claimgraph.sources import Skipped, read_sources

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from campaign import generate, write_csv  # noqa: E402


def test_load_posts_says_the_rdf_store_runs_no_cypher(tmp_path: Path) -> None:
    with (
        RdfStore(db=tmp_path / "g.oxigraph") as store,
        pytest.raises(StoreError, match=r"needs a store that runs Cypher .*not rdf"),
    ):
        load_posts(store)


def test_cli_amplification_on_the_rdf_store_says_what_to_use(tmp_path: Path) -> None:
    # Issue 19: it failed with the rdf store's generic "does not run Cypher".
    db = tmp_path / "g.oxigraph"
    result = CliRunner().invoke(
        cli, ["analyze", "amplification", "--store", "rdf", "--db", str(db)]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "needs a store that runs Cypher (--store embedded or neo4j)" in lines[0]
    assert "claimgraph import" in lines[0]


def test_posts_load_in_pages_the_same_as_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(generate(300, seed=1, n_groups=1, n_viral=1), tmp_path / "c.csv")
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        ingest([path], store, extract="none")
        whole = posts.load_posts(store, since=1e3)
        monkeypatch.setattr(posts, "PAGE_SIZE", 7)
        paged = posts.load_posts(store, since=1e3)
    assert len(whole) > 200 and whole.ids == sorted(whole.ids)
    assert (paged.ids, paged.accounts, paged.text) == (whole.ids, whole.accounts, whole.text)
    assert np.array_equal(paged.author, whole.author) and np.array_equal(paged.ts, whole.ts)


def test_posts_from_the_store_give_the_table_and_edges_of_the_documents(tmp_path: Path) -> None:
    # gh-15: a user's analysis reads the posts from the store; the benchmark
    # builds them in memory. Both must give the same table and find the same
    # edges and clusters (near-duplicate families depend on the order of the
    # posts, so the documents are taken in the store's order: by post id).
    path = write_csv(generate(3_000, seed=2, n_groups=3, n_viral=1), tmp_path / "c.csv")
    documents = [d for d in read_sources([path]) if not isinstance(d, Skipped)]
    read = table_from_documents(sorted(documents, key=lambda d: d.post.id if d.post else ""))
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        ingest([path], store, extract="none")
        stored = load_posts(store)
    assert len(stored) == len(read) > 2_500 and stored.ids == read.ids
    assert _authors(stored) == _authors(read) and np.array_equal(stored.ts, read.ts)
    for column in ("repost_of", "reply_to", "text", "urls", "urls_as_given", "hashtags"):
        assert _plain(getattr(stored, column)) == _plain(getattr(read, column)), column
    # Repeated values are held once (the store returns a new string every row).
    links = [urls for urls in stored.urls + stored.urls_as_given if urls]
    assert len(links) > 500 and len({id(urls) for urls in links}) == len(set(links))
    params = AmplificationParams()
    from_store, from_documents = (compute_amplification(t, params) for t in (stored, read))
    assert from_store.edges and _edges(from_store) == _edges(from_documents)
    assert _members(from_store) == _members(from_documents)


def _authors(table: PostTable) -> list[str]:
    return [table.accounts[a] for a in table.author.tolist()]


def _plain(values: list[Any]) -> list[Any]:
    return [tuple(v) if isinstance(v, list | tuple) else v for v in values]


def _edges(result: AmplificationResult) -> list[tuple[str, str, int, dict[str, int]]]:
    return sorted((*sorted((e.source, e.target)), e.weight, e.types) for e in result.edges)  # type: ignore[misc]


def _members(result: AmplificationResult) -> list[list[str]]:
    return sorted(cluster.members for cluster in result.clusters)
