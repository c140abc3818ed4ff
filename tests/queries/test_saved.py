"""Saved queries: their headers, their parameters, and their answers on the sample graph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from claimgraph.errors import QueryParameterError, UnknownQueryError
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.queries import QueryParam, list_saved, load_saved, run_saved
from tests.queries.test_clusters import open_clustered

ARTICLE_TITLE = "Kazakhstani PM Karim Massimov's Hashtag PR Campaign Backfires"
ARTICLE_URL = "https://example.org/massimov-hashtag"
HASHTAG_SPEAKERS = {"Khabar", "@AlmiriKarpykov", "@samsonino", "@Massimov_Karim"}
#: A value with answers in the sample graph for each required parameter name.
SAMPLE_VALUES = {
    "target": "Karim Massimov",
    "speaker": "Karim Massimov",
    "name": "Karim Massimov",
    "tag": "#25летнезависимости",
}

#: Constructs outside the openCypher subset that FalkorDB and Neo4j share.
NOT_PORTABLE = re.compile(
    r"apoc\.|gds\.|EXISTS\s*\{|COUNT\s*\{|COLLECT\s*\{|CALL\s*\{|elementId\(", re.IGNORECASE
)


@pytest.fixture(scope="module")
def clustered_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """Yield the sample graph with the clusters of two runs; tests must not write to it."""
    yield from open_clustered(tmp_path_factory)


def column(rows: list[dict[str, Any]], name: str) -> list[Any]:
    return [row[name] for row in rows]


def run(store: EmbeddedStore, query: str, **params: Any) -> list[dict[str, Any]]:
    return run_saved(store, query, params).records()


# -- the files themselves ----------------------------------------------------


def test_the_questions_of_the_design_have_saved_queries() -> None:
    names = {query.name for query in list_saved()}
    assert {
        "who-said-about",
        "claims-by",
        "mentions-of",
        "hashtag-users",
        "top-actors",
        "actors",
        "accounts",
        "hashtags",
    } <= names


@pytest.mark.parametrize("query", list_saved(), ids=lambda query: query.name)
def test_header_declares_purpose_and_exactly_the_parameters_used(query: Any) -> None:
    assert query.purpose and "\n" not in query.purpose
    assert all(param.description for param in query.params)
    used = set(re.findall(r"\$([A-Za-z_]\w*)", query.text))
    assert used == {param.name for param in query.params}
    assert not query.text.startswith("//")


@pytest.mark.parametrize("query", list_saved(), ids=lambda query: query.name)
def test_text_stays_within_portable_cypher(query: Any) -> None:
    assert NOT_PORTABLE.search(query.text) is None
    assert "'" not in re.sub(r"'[^']*'", "", query.text), "unbalanced quote"


@pytest.mark.parametrize("query", list_saved(), ids=lambda query: query.name)
def test_every_saved_query_runs_on_the_sample_graph(
    query: Any, clustered_store: EmbeddedStore
) -> None:
    # the sample graph, with the clusters an analysis would add (for `clusters`)
    params = {param.name: SAMPLE_VALUES[param.name] for param in query.params if param.required}
    result = run_saved(clustered_store, query.name, params)
    assert result.columns
    assert result.rows, f"{query.name} found nothing in the sample graph"


def test_defaults_are_read_as_json() -> None:
    assert load_saved("top-actors").params == (
        QueryParam("limit", "how many actors to list", default=20, required=False),
    )
    assert str(load_saved("top-actors").params[0]) == "limit = 20"
    assert str(load_saved("claims-by").params[0]) == "speaker"


# -- binding parameters ------------------------------------------------------


def test_bind_fills_defaults_and_reads_numbers_given_as_strings() -> None:
    query = load_saved("top-actors")
    assert query.bind({}) == {"limit": 20}
    assert query.bind({"limit": "3"}) == {"limit": 3}
    assert query.bind({"limit": 3}) == {"limit": 3}


def test_bind_keeps_strings_for_parameters_without_default() -> None:
    assert load_saved("claims-by").bind({"speaker": "42"}) == {"speaker": "42"}


def test_missing_parameter_is_named_with_the_fix() -> None:
    with pytest.raises(QueryParameterError, match=r"'target'.*--param target=VALUE"):
        load_saved("who-said-about").bind({})


def test_misspelt_parameter_is_refused() -> None:
    with pytest.raises(QueryParameterError, match="no parameter 'lmit'; it takes: limit"):
        load_saved("top-actors").bind({"lmit": 3})


def test_parameter_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(QueryParameterError, match="must be a number"):
        load_saved("top-actors").bind({"limit": "many"})


def test_unknown_query_lists_the_available_ones() -> None:
    with pytest.raises(UnknownQueryError) as info:
        load_saved("who-said")
    message = str(info.value)
    assert "did you mean 'who-said-about'" in message
    assert all(query.name in message for query in list_saved())


def test_one_catalogue_holds_cypher_and_sparql_twins() -> None:
    sparql = list_saved("sparql")
    cypher = {query.name: query for query in list_saved()}
    assert {query.language for query in sparql} == {"sparql"}
    assert {query.language for query in cypher.values()} == {"cypher"}
    assert len(list_saved(None)) == len(sparql) + len(cypher)
    for twin in sparql:
        # one header parser: a twin declares the same parameters in its own comments
        assert [p.name for p in twin.params] == [p.name for p in cypher[twin.name].params]
        assert not twin.text.startswith("#")
    assert load_saved("claims-by", "sparql").list_columns == ("about",)


def test_unknown_sparql_query_lists_the_sparql_ones() -> None:
    with pytest.raises(UnknownQueryError, match="no saved SPARQL query is called 'top-actors'"):
        load_saved("top-actors", "sparql")
    with pytest.raises(ValueError, match="cypher, sparql"):
        list_saved("gremlin")


def test_store_names_the_missing_parameter(sample_store: EmbeddedStore) -> None:
    with pytest.raises(QueryParameterError, match=r"\$who.*--param who=VALUE"):
        sample_store.query("MATCH (a:Actor {name: $who}) RETURN a.id", {})


# -- answers on the sample graph -----------------------------------------------


@pytest.mark.parametrize(
    "target", ["Karim Massimov", "KARIM MASSIMOV", " massimov ", "Карим Масимов", "karim-massimov"]
)
def test_who_said_about_an_actor_by_name_alias_or_id(
    sample_store: EmbeddedStore, target: str
) -> None:
    rows = run(sample_store, "who-said-about", target=target)
    # @samsonino spoke about the account Massimov operates, which counts as about him.
    assert set(column(rows, "speaker")) == {"Aigul Orynbek", "Muhtar Taizhan", "@samsonino"}


def test_who_said_about_gives_the_evidence(sample_store: EmbeddedStore) -> None:
    rows = run(sample_store, "who-said-about", target="Karim Massimov")
    taizhan = next(row for row in rows if row["speaker"] == "Muhtar Taizhan")
    assert taizhan == {
        "speaker": "Muhtar Taizhan",
        "claim": "For the 10 years of [Karim Massimov's] premiership, the country's debts "
        "have grown",
        "cue": "wrote",
        "kind": "direct",
        "about": "Karim Massimov",
        "document": ARTICLE_TITLE,
        "source": ARTICLE_URL,
    }
    post = next(row for row in rows if row["speaker"] == "@samsonino")
    assert (post["document"], post["source"], post["about"]) == (
        "twitter:1002",
        "posts.jsonl",
        "@Massimov_Karim",
    )


@pytest.mark.parametrize("target", ["#25летнезависимости", "25ЛЕТНЕЗАВИСИМОСТИ"])
def test_who_said_about_a_hashtag(sample_store: EmbeddedStore, target: str) -> None:
    rows = run(sample_store, "who-said-about", target=target)
    assert set(column(rows, "speaker")) == HASHTAG_SPEAKERS
    assert set(column(rows, "about")) == {"#25летнезависимости"}


@pytest.mark.parametrize("target", ["@massimov_karim", "twitter:massimov_karim"])
def test_who_said_about_an_account(sample_store: EmbeddedStore, target: str) -> None:
    rows = run(sample_store, "who-said-about", target=target)
    assert column(rows, "speaker") == ["@samsonino"]


def test_who_said_about_nobody_is_empty(sample_store: EmbeddedStore) -> None:
    assert run(sample_store, "who-said-about", target="Nobody") == []


def test_claims_by_an_actor_include_its_accounts_posts(sample_store: EmbeddedStore) -> None:
    rows = run(sample_store, "claims-by", speaker="Karim Massimov")
    assert [(row["speaker"], row["claim"], row["about"]) for row in rows] == [
        ("@Massimov_Karim", "Share the achievements of our 25 years", ["#25летнезависимости"]),
    ]


def test_claims_by_an_alias(sample_store: EmbeddedStore) -> None:
    rows = run(sample_store, "claims-by", speaker="taizhan")
    assert len(rows) == 1
    assert rows[0]["about"] == ["Karim Massimov"]
    assert rows[0]["document"] == ARTICLE_TITLE
    assert rows[0]["cue"] == "wrote"


def test_claims_by_an_account_handle(sample_store: EmbeddedStore) -> None:
    rows = run(sample_store, "claims-by", speaker="@AlmiriKarpykov")
    assert column(rows, "claim") == [
        "Our national currency embarked on a bright path of devaluation"
    ]
    assert rows[0]["about"] == ["#25летнезависимости"]


def test_claims_by_someone_silent_is_empty(sample_store: EmbeddedStore) -> None:
    assert run(sample_store, "claims-by", speaker="Radio Azattyk") == []


def test_mentions_of_an_actor_and_its_account(sample_store: EmbeddedStore) -> None:
    rows = run(sample_store, "mentions-of", name="Massimov")
    assert [(row["mentioned"], row["document"], row["count"]) for row in rows] == [
        ("Karim Massimov", ARTICLE_TITLE, 6),
        ("Karim Massimov", "twitter:1001", 1),
        ("@Massimov_Karim", "twitter:1002", 1),
    ]


def test_mentions_of_an_account(sample_store: EmbeddedStore) -> None:
    rows = run(sample_store, "mentions-of", name="@ALMIRIKARPYKOV")
    assert [(row["mentioned"], row["source"]) for row in rows] == [("@AlmiriKarpykov", ARTICLE_URL)]


@pytest.mark.parametrize(
    # the last typed with a Latin "e"
    "tag",
    ["#25летнезависимости", "25ЛЕТнезависимости", " #25ЛЕТНЕЗАВИСИМОСТИ", "#25летнeзависимости"],
)
def test_hashtag_users_counts_posts_and_claims(sample_store: EmbeddedStore, tag: str) -> None:
    rows = run(sample_store, "hashtag-users", tag=tag)
    assert [(row["user"], row["kind"], row["posts"], row["claims"]) for row in rows] == [
        ("@AlmiriKarpykov", "account", 1, 1),
        ("@Massimov_Karim", "account", 1, 1),
        ("@samsonino", "account", 1, 1),
        ("Khabar", "outlet", 0, 1),
    ]


def test_hashtag_users_of_an_unknown_tag_is_empty(sample_store: EmbeddedStore) -> None:
    assert run(sample_store, "hashtag-users", tag="#nothing") == []


def test_top_actors_ranks_by_documents(sample_store: EmbeddedStore) -> None:
    rows = run(sample_store, "top-actors")
    assert rows[0] == {"actor": "Karim Massimov", "kind": "person", "documents": 2}
    assert column(rows, "actor")[1:] == sorted(column(rows, "actor")[1:])
    assert len(rows) == 5


@pytest.mark.parametrize("limit", [1, "1"])
def test_top_actors_limit(sample_store: EmbeddedStore, limit: int | str) -> None:
    assert column(run(sample_store, "top-actors", limit=limit), "actor") == ["Karim Massimov"]


def test_actors_lists_every_actor(sample_store: EmbeddedStore) -> None:
    rows = run(sample_store, "actors")
    assert len(rows) == 5
    assert rows[0]["actor"] == "Karim Massimov"
    assert rows[0]["aliases"] == ["Massimov", "Карим Масимов"]
    assert (rows[0]["documents"], rows[0]["claims_made"], rows[0]["claims_about"]) == (2, 0, 2)


def test_accounts_lists_operators(sample_store: EmbeddedStore) -> None:
    rows = {row["account"]: row for row in run(sample_store, "accounts")}
    assert set(rows) == {"@AlmiriKarpykov", "@samsonino", "@Massimov_Karim"}
    assert rows["@Massimov_Karim"]["operated_by"] == ["Karim Massimov"]
    assert (rows["@AlmiriKarpykov"]["posts"], rows["@AlmiriKarpykov"]["mentioned_in"]) == (1, 1)


def test_hashtags_counts_documents_and_claims(sample_store: EmbeddedStore) -> None:
    assert run(sample_store, "hashtags") == [
        {"hashtag": "#25летнезависимости", "documents": 4, "claims": 4}
    ]
