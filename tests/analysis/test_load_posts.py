"""Reading posts for analysis: a store that answers no Cypher is refused up front; pages."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from claimgraph.analysis import posts
from claimgraph.analysis.posts import load_posts
from claimgraph.cli import cli
from claimgraph.errors import StoreError
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.graph.backends.rdf import RdfStore
from claimgraph.ingest import ingest

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
