"""Reading posts for analysis: a store that answers no Cypher is refused up front."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.analysis.posts import load_posts
from claimgraph.cli import cli
from claimgraph.errors import StoreError
from claimgraph.graph.rdf import RdfStore


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
