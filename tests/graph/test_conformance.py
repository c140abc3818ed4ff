"""One conformance suite for every store: the same graph, the same answers, the same refusals.

Each backend gets the sample graph and the founding article (through the
real ingest pipeline); then node and relationship counts, every saved query
and ``claimgraph query``'s output must be identical on all of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from spacy.language import Language

from claimgraph.cli import cli
from claimgraph.errors import QueryParameterError, ReadOnlyQueryError
from claimgraph.extractors import load_pipeline
from claimgraph.graph import GraphStore, open_store
from claimgraph.ingest import ingest
from claimgraph.model import GraphBatch
from claimgraph.queries import list_saved, run_saved
from tests.queries.test_clusters import clustered

BACKENDS = ["embedded", "neo4j"]
ARTICLE = Path(__file__).resolve().parents[2] / "examples" / "massimov-hashtag-backfires.txt"
#: Values with answers in the sample graph or the article, for each parameter name.
SAMPLE_VALUES: dict[str, list[Any]] = {
    "target": ["Karim Massimov", "#25летнезависимости", "@massimov_karim", " massimov "],
    "speaker": ["Karim Massimov", "Muhtar Taizhan", "@AlmiriKarpykov"],
    "name": ["Karim Massimov", "@ALMIRIKARPYKOV", "Khabar"],
    "tag": ["#25летнезависимости", "25ЛЕТнезависимости"],
    "limit": [2, 100],
}
INJECTION = 'x"}) MATCH (n) DETACH DELETE n //\' \\" })'


def _cases() -> Iterator[Any]:
    for query in list_saved():
        names = [param.name for param in query.params]
        if not names:
            yield pytest.param(query.name, {}, id=query.name)
            continue
        # One parameter each in the saved queries; several values of it.
        for value in SAMPLE_VALUES[names[0]]:
            yield pytest.param(query.name, {names[0]: value}, id=f"{query.name}-{value}")


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="module")
def stores(
    nlp: Language,
    neo4j_uri: str,
    make_sample_graph: Callable[[], GraphBatch],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, GraphStore]]:
    """Yield every backend holding the sample graph and the ingested founding article."""
    opened = {
        "embedded": open_store("embedded", db=tmp_path_factory.mktemp("conformance") / "c.db"),
        "neo4j": open_store("neo4j", uri=neo4j_uri),
    }
    try:
        opened["neo4j"].query("MATCH (n) DETACH DELETE n", write=True)
        for store in opened.values():
            store.write(make_sample_graph())
            store.write(clustered())  # the clusters an analysis writes, for `clusters`
            ingest([ARTICLE], store, nlp=nlp)
        yield opened
    finally:
        for store in opened.values():
            store.close()


@pytest.fixture(params=BACKENDS)
def empty_store(
    request: pytest.FixtureRequest, tmp_path: Path, sample_batch: GraphBatch
) -> Iterator[GraphStore]:
    """Yield each backend in turn, holding only the sample graph, free to write to."""
    if request.param == "neo4j":
        store: GraphStore = request.getfixturevalue("neo4j_store")
        store.write(sample_batch)
        yield store
        return
    with open_store("embedded", db=tmp_path / "e.db") as store:
        store.write(sample_batch)
        yield store


# -- the same graph ---------------------------------------------------------------


def test_counts_by_label_and_type_are_identical(stores: dict[str, GraphStore]) -> None:
    counts = {name: store.counts() for name, store in stores.items()}
    assert counts["embedded"].labels["Claim"] > 6, "the article added claims"
    assert counts["neo4j"] == counts["embedded"]


def test_every_node_and_relationship_is_identical(stores: dict[str, GraphStore]) -> None:
    nodes = "MATCH (n) RETURN n ORDER BY n.id, labels(n)[0]"
    rels = (
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, r AS r "
        "ORDER BY a, type, b"
    )
    for text in (nodes, rels):
        answers = {name: _canonical(store.query(text).rows) for name, store in stores.items()}
        assert answers["neo4j"] == answers["embedded"]


# -- the same answers -------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), list(_cases()))
def test_saved_query_answers_are_identical(
    stores: dict[str, GraphStore], name: str, params: dict[str, Any]
) -> None:
    results = {backend: run_saved(store, name, params) for backend, store in stores.items()}
    embedded, neo4j = results["embedded"], results["neo4j"]
    assert neo4j.columns == embedded.columns
    assert embedded.rows, f"{name} {params} found nothing; choose a value with answers"
    text = next(query.text for query in list_saved() if query.name == name)
    if re.search(r"\bORDER\s+BY\b", text, re.IGNORECASE):
        assert _canonical(neo4j.rows) == _canonical(embedded.rows)
    else:
        assert sorted(_canonical(neo4j.rows)) == sorted(_canonical(embedded.rows))


@pytest.mark.parametrize(
    "args",
    [
        ["--saved", "who-said-about", "--param", "target=Karim Massimov"],
        ["--saved", "actors", "--format", "csv"],
        ["--saved", "hashtag-users", "--param", "tag=#25летнезависимости", "--format", "json"],
        ["MATCH (a:Actor {id: $id}) RETURN a", "--param", "id=karim-massimov", "--format", "json"],
        [
            "MATCH (:Document)-[m:MENTIONS]->(a:Actor) RETURN a.name, m.count "
            "ORDER BY a.name, m.count"
        ],
    ],
    ids=["table", "csv", "json", "node", "plain"],
)
def test_cli_prints_the_same(
    stores: dict[str, GraphStore], neo4j_uri: str, args: list[str], tmp_path: Path
) -> None:
    runner = CliRunner(env={"COLUMNS": "300", "NO_COLOR": "1", "CLAIMGRAPH_NEO4J_URI": neo4j_uri})
    outputs = {}
    for backend, store in stores.items():
        where = ["--db", str(store.path)] if backend == "embedded" else []  # type: ignore[attr-defined]
        result = runner.invoke(cli, ["query", *args, "--store", backend, *where])
        assert result.exit_code == 0, result.output
        outputs[backend] = result.stdout
    assert outputs["neo4j"] == outputs["embedded"]
    assert outputs["embedded"].strip()


# -- the same refusals ------------------------------------------------------------


def test_queries_are_read_only_unless_asked(empty_store: GraphStore) -> None:
    for text in ("CREATE (:Actor {id: 'x'})", "MATCH (n) DETACH DELETE n", "MATCH (a) SET a.x = 1"):
        with pytest.raises(ReadOnlyQueryError, match="--write") as info:
            empty_store.query(text)
        assert str(info.value) == (
            "this query writes to the graph; `claimgraph query` is read-only unless "
            "you pass --write"
        )
    assert empty_store.counts().labels["Actor"] == 5
    result = empty_store.query("CREATE (:Actor {id: 'x'})", write=True)
    assert result.stats["nodes_created"] == 1
    assert empty_store.counts().labels["Actor"] == 6


def test_parameters_inject_nothing(empty_store: GraphStore) -> None:
    before = empty_store.counts()
    rows = empty_store.query(
        "MATCH (a:Actor) WHERE a.name = $name RETURN count(a)", {"name": INJECTION}
    ).rows
    echoed = empty_store.query("RETURN $name AS v", {"name": INJECTION}).rows
    assert rows == [[0]]
    assert echoed == [[INJECTION]]
    assert empty_store.counts() == before


def test_saved_queries_take_hostile_values_as_plain_text(empty_store: GraphStore) -> None:
    before = empty_store.counts()
    for query in list_saved():
        params = {param.name: INJECTION for param in query.params if param.required}
        assert run_saved(empty_store, query.name, params).rows == [] or not params
    assert empty_store.counts() == before


def test_missing_parameter_says_how_to_pass_it(empty_store: GraphStore) -> None:
    with pytest.raises(QueryParameterError, match=r"\$who.*--param who=VALUE"):
        empty_store.query("MATCH (a:Actor {name: $who}) RETURN a.id", {})


def test_writes_are_idempotent(empty_store: GraphStore, sample_batch: GraphBatch) -> None:
    before = empty_store.counts()
    stats = empty_store.write(sample_batch)
    assert (stats.nodes_created, stats.relationships_created) == (0, 0)
    assert empty_store.counts() == before


def _canonical(rows: list[list[Any]]) -> list[str]:
    """Return rows as JSON text, with lists sorted: ``collect()`` order is unspecified."""

    def canon(value: Any) -> Any:
        if isinstance(value, list):
            return sorted((canon(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        if isinstance(value, dict):
            return {k: canon(v) for k, v in value.items()}
        return value

    return [json.dumps(canon(row), sort_keys=True, ensure_ascii=False) for row in rows]
