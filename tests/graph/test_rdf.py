"""The rdf store against the embedded store: same counts, same answers, round trips."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.errors import (
    QueryParameterError,
    StoreUnavailableError,
    UnsupportedOperationError,
)
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.graph.backends.rdf import RdfStore
from claimgraph.graph.read import read_batch
from claimgraph.operations.rdf import export_rdf, import_rdf
from claimgraph.queries import run_saved
from tests.conftest import sample_graph

SEED = Path(__file__).resolve().parents[2] / "examples" / "massimov-hashtag-backfires.txt"

TWINS = [
    ("who-said-about", {"target": "Karim Massimov"}),
    ("who-said-about", {"target": "#25летнезависимости"}),
    ("who-said-about", {"target": "@Massimov_Karim"}),
    ("claims-by", {"speaker": "karim massimov"}),
    ("claims-by", {"speaker": "Khabar"}),
    ("claims-by", {"speaker": "@AlmiriKarpykov"}),
    ("hashtag-users", {"tag": "#25ЛЕТНЕЗАВИСИМОСТИ"}),
]


@pytest.fixture
def rdf_store(tmp_path: Path) -> Iterator[RdfStore]:
    store = RdfStore(db=tmp_path / "graph.oxigraph")
    try:
        store.write(sample_graph())
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def founding(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedStore, RdfStore]]:
    from claimgraph.extractors import load_pipeline
    from claimgraph.ingest import ingest

    nlp = load_pipeline()
    folder = tmp_path_factory.mktemp("founding")
    with EmbeddedStore(db=folder / "g.db") as embedded, RdfStore(db=folder / "g.oxigraph") as rdf:
        ingest([SEED], embedded, nlp=nlp)
        ingest([SEED], rdf, nlp=nlp)
        yield embedded, rdf


def _rows(result) -> list[list]:
    return sorted(
        ([sorted(v) if isinstance(v, list) else v for v in row] for row in result.rows), key=repr
    )


def test_counts_equal_the_embedded_store(sample_store: EmbeddedStore, rdf_store: RdfStore) -> None:
    assert rdf_store.counts() == sample_store.counts()


def test_counts_equal_on_the_founding_article(founding) -> None:
    embedded, rdf = founding
    counts = embedded.counts()
    assert counts.nodes > 10 and counts.relationships.get("SAID")
    assert rdf.counts() == counts


def test_writing_twice_changes_nothing(rdf_store: RdfStore) -> None:
    before = sorted(rdf_store.quads())
    stats = rdf_store.write(sample_graph())
    assert (stats.nodes_created, stats.relationships_created) == (0, 0)
    assert sorted(rdf_store.quads()) == before


def test_write_replaces_scalars_and_unions_lists(rdf_store: RdfStore) -> None:
    batch = sample_graph()
    actor = batch.nodes[("Actor", "karim-massimov")]
    actor.props.update(name="Karim K. Massimov", aliases=["Масимов"])
    rdf_store.write(batch)
    node = rdf_store.to_batch().nodes[("Actor", "karim-massimov")]
    assert node.props["name"] == "Karim K. Massimov"
    assert sorted(node.props["aliases"]) == ["Massimov", "Карим Масимов", "Масимов"]


def test_the_store_persists(tmp_path: Path) -> None:
    with RdfStore(db=tmp_path / "g") as store:
        store.write(sample_graph())
        counts = store.counts()
    with RdfStore(db=tmp_path / "g") as store:
        assert store.counts() == counts


@pytest.mark.parametrize(("name", "params"), TWINS)
def test_sparql_twins_return_the_cypher_rows(
    sample_store: EmbeddedStore, rdf_store: RdfStore, name: str, params: dict
) -> None:
    cypher = run_saved(sample_store, name, params)
    answer = run_saved(rdf_store, name, params, language="sparql")
    assert answer.columns == cypher.columns
    assert cypher.rows, "the twin should find something"
    assert _rows(answer) == _rows(cypher)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("who-said-about", {"target": "Karim Massimov"}),
        ("hashtag-users", {"tag": "25летнезависимости"}),
    ],
)
def test_sparql_twins_on_the_founding_article(founding, name: str, params: dict) -> None:
    embedded, rdf = founding
    assert _rows(run_saved(rdf, name, params)) == _rows(run_saved(embedded, name, params))


def test_sparql_values_are_bound_not_pasted(rdf_store: RdfStore) -> None:
    hostile = 'x" } } UNION { ?s ?p ?o } #'
    result = run_saved(rdf_store, "who-said-about", {"target": hostile}, language="sparql")
    assert result.rows == []
    with pytest.raises(QueryParameterError, match=r"\?nobody"):
        rdf_store.sparql("SELECT ?a WHERE { ?a ?b ?c }", {"nobody": 1})


def test_sparql_runs_on_the_embedded_store_too(
    sample_store: EmbeddedStore, rdf_store: RdfStore
) -> None:
    text = "SELECT ?name WHERE { ?a a cg:Actor ; schema:name ?name } ORDER BY ?name"
    assert sample_store.sparql(text).rows == rdf_store.sparql(text).rows


def test_cypher_is_refused_with_a_way_out(rdf_store: RdfStore) -> None:
    with pytest.raises(UnsupportedOperationError, match="claimgraph sparql"):
        rdf_store.query("MATCH (n) RETURN n")


def test_a_file_is_no_rdf_store(tmp_path: Path) -> None:
    (tmp_path / "claimgraph.db").write_text("")
    with pytest.raises(StoreUnavailableError, match="directory"):
        RdfStore(db=tmp_path / "claimgraph.db")


def test_round_trip_embedded_trig_embedded(
    sample_store: EmbeddedStore, fresh_store, tmp_path: Path
) -> None:
    path = tmp_path / "graph.trig"
    with path.open("wb") as stream:
        export_rdf(sample_store, stream, "trig")
    with EmbeddedStore(db=tmp_path / "copy.db") as copy:
        stats = import_rdf(path, copy)
        assert stats.nodes_created == sample_store.counts().nodes
        assert copy.counts() == sample_store.counts()
        assert _batch_snapshot(read_batch(copy)) == _batch_snapshot(read_batch(sample_store))


def test_import_into_the_rdf_store(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    path = tmp_path / "graph.nq"
    with path.open("wb") as stream:
        export_rdf(sample_store, stream, "nq")
    with RdfStore(db=tmp_path / "g") as store:
        import_rdf(path, store)
        assert store.counts() == sample_store.counts()


def test_cli_export_import_sparql(sample_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "graph.jsonld"
    result = runner.invoke(
        cli, ["export", "--db", str(sample_db), "--format", "jsonld", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    target = tmp_path / "g.oxigraph"
    result = runner.invoke(cli, ["import", str(out), "--store", "rdf", "--db", str(target)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli,
        [
            "sparql",
            "--saved",
            "claims-by",
            "-p",
            "speaker=Khabar",
            "--store",
            "rdf",
            "--db",
            str(target),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "70 international organizations" in result.output
    query = "MATCH (s)-[:SAID]->(c:Claim)-[:ABOUT]->(t:Actor {name: $n}) RETURN s, c, t"
    result = runner.invoke(
        cli,
        [
            "export",
            "--db",
            str(sample_db),
            "--format",
            "nq",
            "--query",
            query,
            "-p",
            "n=Karim Massimov",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "c-taizhan" in result.output and "twitter:1001" not in result.output
    result = runner.invoke(
        cli, ["query", "MATCH (n) RETURN n", "--store", "rdf", "--db", str(target)]
    )
    assert result.exit_code == 1 and "claimgraph sparql" in result.output


def _batch_snapshot(batch) -> tuple[dict, dict]:
    def norm(props: dict) -> dict:
        return {k: sorted(v) if isinstance(v, list) else v for k, v in props.items()}

    nodes = {k: (norm(n.props), tuple(sorted(n.extra_labels))) for k, n in batch.nodes.items()}
    rels = {k: norm(r.props) for k, r in batch.relationships.items()}
    return nodes, rels
