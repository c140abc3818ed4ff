"""Russian and Kazakh text: language identification, the natasha pipeline, Russian claims,
and a mixed corpus ingested in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from spacy.language import Language

from claimgraph.cli import cli
from claimgraph.extractors import load_pipeline
from claimgraph.extractors.language import document_language, identify_language
from claimgraph.extractors.pipelines import load_rule_pipeline, load_russian_pipeline
from claimgraph.graph.backends.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "ru"
ENGLISH_ARTICLE = ROOT / "examples" / "massimov-hashtag-backfires.txt"
RUSSIAN_ARTICLE = DATA / "massimov-heshteg.txt"
GAZETTEER = DATA / "actors.toml"


@pytest.fixture(scope="session")
def ru_nlp() -> Language:
    """Return the Russian pipeline, loaded once per session."""
    return load_russian_pipeline()


def claims_of(nlp: Language, text: str) -> list[dict[str, Any]]:
    claims: list[dict[str, Any]] = nlp(text)._.extraction["claims"]
    return claims


# -- language identification -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (ENGLISH_ARTICLE.read_text(encoding="utf-8"), "en"),
        (RUSSIAN_ARTICLE.read_text(encoding="utf-8"), "ru"),
        ("Тәуелсіздікке 25 жыл толды, бірақ теңге құнсызданды", "kk"),
        ("Біз бұл хэштегті мазақ үшін қолданамыз @kasymjanym", "kk"),
        ("Теперь полицию боятся больше, чем бандитов. @AlmiriKarpykov, согласен?", "ru"),
        ("Our currency lost half its value #25летнезависимости https://t.co/x", "en"),
        ("#25летнезависимости", "ru"),
        ("#25летнезависимости #Казахстан", "ru"),
        ("#ЖаңаҚазақстан", "kk"),
        ("@aidoseg https://t.co/abc", "und"),
        ("ок", "und"),
    ],
)
def test_language_of_articles_posts_and_hashtags(text: str, lang: str) -> None:
    assert identify_language(text) == lang


def test_declared_language_is_kept_when_the_text_agrees() -> None:
    assert document_language("Thanks, see you there!", "en-GB") == "en"
    # a template's lang="en" around a Russian text, Twitter's "ru" on Kazakh, "und"
    assert document_language("Долги страны выросли за десять лет.", "en") == "ru"
    assert document_language("Тәуелсіздікке 25 жыл толды, бірақ теңге құнсызданды", "ru") == "kk"
    assert document_language("Долги страны выросли за десять лет.", "und") == "ru"


# -- the natasha pipeline ----------------------------------------------------------


def test_russian_entities_lemmas_and_case_forms(ru_nlp: Language) -> None:
    text = (
        "Премьер-министр Карим Масимов приехал в Астану. Журналисты спросили Масимова "
        "о долгах, а «Хабар» передал слова Масимову."
    )
    doc = ru_nlp(text)
    tokens = {t.text: t for t in doc}
    assert tokens["спросили"].lemma_ == "спросить" and tokens["спросили"].pos_ == "VERB"
    assert tokens["спросили"].morph.get("Tense") == ["Past"]
    assert tokens["Масимова"]._.normal == "Масимов"
    actors = {a["name"]: a for a in doc._.extraction["actors"]}
    assert set(actors["Карим Масимов"]["aliases"]) >= {"Карим Масимов", "Масимова", "Масимов"}
    assert actors["Карим Масимов"]["mentions"] >= 2
    assert actors["Карим Масимов"]["kind"] == "person"
    assert actors["Астана"]["kind"] == "place"


def test_russian_outlet_from_its_context(ru_nlp: Language) -> None:
    doc = ru_nlp("Об этом сообщило государственное агентство «Хабар» и Радио Азаттык.")
    kinds = {a["name"]: a["kind"] for a in doc._.extraction["actors"]}
    assert kinds == {"Хабар": "outlet", "Радио Азаттык": "outlet"}


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("«Долги выросли», — заявил Мухтар Тайжан.", "Мухтар Тайжан", "Долги выросли"),
        ("«Долги выросли», — заявила Айгуль Орынбек.", "Айгуль Орынбек", "Долги выросли"),
        ("„Долги выросли“, — написал Мухтар Тайжан.", "Мухтар Тайжан", "Долги выросли"),
        ("“Долги выросли”, — сообщил Мухтар Тайжан.", "Мухтар Тайжан", "Долги выросли"),
        ('"Долги выросли", — отметил Мухтар Тайжан.', "Мухтар Тайжан", "Долги выросли"),
        ("«Долги выросли!» — подчеркнул Мухтар Тайжан.", "Мухтар Тайжан", "Долги выросли!"),
        ("Мухтар Тайжан написал: «Долги выросли».", "Мухтар Тайжан", "Долги выросли"),
        (
            "Айгуль Орынбек: «Это издевательство над народом».",
            "Айгуль Орынбек",
            "Это издевательство над народом",
        ),
        (
            "«Это „достижения“ премьера», — сказала Айгуль Орынбек.",
            "Айгуль Орынбек",
            "Это „достижения“ премьера",
        ),
        ("— Это не конец, — написал Мухтар Тайжан.", "Мухтар Тайжан", "Это не конец"),
        ("Мухтар Тайжан заявил, что долги выросли.", "Мухтар Тайжан", "долги выросли"),
        ("Айгуль Орынбек считает, что это насмешка.", "Айгуль Орынбек", "это насмешка"),
        ("Мухтар Тайжан добавил, что долги выросли.", "Мухтар Тайжан", "долги выросли"),
        ("Мухтар Тайжан пояснил, что долги выросли.", "Мухтар Тайжан", "долги выросли"),
        ("Айгуль Орынбек уверена, что это насмешка.", "Айгуль Орынбек", "это насмешка"),
        ("По словам Мухтара Тайжана, долги выросли.", "Мухтара Тайжана", "долги выросли"),
        ("По мнению Айгуль Орынбек, это насмешка.", "Айгуль Орынбек", "это насмешка"),
        (
            "Как сообщает Радио Азаттык, активисты недовольны.",
            "Радио Азаттык",
            "активисты недовольны",
        ),
        (
            "Как пишет @samsonino, уехали 5 миллионов человек.",
            "@samsonino",
            "уехали 5 миллионов человек",
        ),
    ],
)
def test_russian_cues_and_quote_styles(
    ru_nlp: Language, text: str, speaker: str, content: str
) -> None:
    claims = claims_of(ru_nlp, text)
    assert [(c["speaker_text"], c["text"]) for c in claims] == [(speaker, content)]
    claim = claims[0]
    assert claim["speaker"] is not None
    assert text[claim["start"] : claim["end"]] == content


def test_pronoun_speaker_resolves_to_the_last_person(ru_nlp: Language) -> None:
    claims = claims_of(ru_nlp, "Мухтар Тайжан выступил в Алматы. «Долги выросли», — сказал он.")
    assert claims[0]["speaker_text"] == "он"
    assert claims[0]["speaker"] == ["Actor", "мухтар-тайжан"]


def test_addressee_in_the_dative_or_after_an_interview(ru_nlp: Language) -> None:
    for text in (
        "Айгуль Орынбек сообщила Радио Азаттык, что это насмешка.",
        "«Это насмешка», — сказала Айгуль Орынбек в интервью Радио Азаттык.",
    ):
        claim = claims_of(ru_nlp, text)[0]
        assert claim["speaker"] == ["Actor", "айгуль-орынбек"]
        assert claim["told_to"] == ["радио-азаттык"]


def test_a_quoted_name_is_not_a_quote(ru_nlp: Language) -> None:
    claims = claims_of(ru_nlp, "Агентство «Хабар» считает, что так создаются тренды.")
    assert [(c["kind"], c["text"]) for c in claims] == [("indirect", "так создаются тренды")]


# -- the founding story retold in Russian -------------------------------------


def _ingest(db: Path, *args: str | Path) -> None:
    """Run ``claimgraph ingest ARGS`` into ``db`` with one parser process, quietly."""
    command = ["ingest", *map(str, args), "--db", str(db), "--n-process", "1", "--quiet"]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output


def _pairs(extraction: dict[str, Any], skip: tuple[str, ...] = ()) -> set[Any]:
    """Return (speaker, targets) of every claim with a resolved speaker and a cue not in skip."""
    return {
        (c["speaker"][1], frozenset(t[1] for t in c["about"]))
        for c in extraction["claims"]
        if c["speaker"] and c["cue"] not in skip
    }


def test_russian_retelling_gives_the_english_actors_and_claims() -> None:
    english = load_pipeline(gazetteer=GAZETTEER)(ENGLISH_ARTICLE.read_text(encoding="utf-8"))
    russian = load_russian_pipeline(GAZETTEER)(RUSSIAN_ARTICLE.read_text(encoding="utf-8"))
    en, ru = english._.extraction, russian._.extraction
    story = {"karim-massimov", "khabar", "radio-azattyk", "aigul-orynbek", "muhtar-taizhan"}
    assert story <= {a["id"] for a in ru["actors"]}
    assert story <= {a["id"] for a in en["actors"]}
    # The retelling keeps every quote and report; English's "likened" (a verb with an
    # object) and "wants" (an intention of the prime minister) have no Russian twin in it.
    assert _pairs(en, skip=("likened", "wants")) <= _pairs(ru)
    told = {(c["speaker"][1], tuple(c["told_to"])) for c in ru["claims"] if c["told_to"]}
    assert told == {("aigul-orynbek", ("radio-azattyk",))}


def test_english_and_russian_articles_put_each_actor_on_one_node(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    _ingest(db, ENGLISH_ARTICLE, RUSSIAN_ARTICLE, "--gazetteer", GAZETTEER)
    with EmbeddedStore(db=db) as store:
        rows = store.query(
            "MATCH (a:Actor)<-[:MENTIONS]-(d:Document) RETURN a.id AS id, count(d) AS docs"
        ).records()
        langs = store.query("MATCH (d:Document) RETURN d.lang AS lang").records()
    docs = {r["id"]: r["docs"] for r in rows}
    for actor in ("karim-massimov", "khabar", "radio-azattyk", "aigul-orynbek", "muhtar-taizhan"):
        assert docs[actor] == 2, actor
    assert sorted(r["lang"] for r in langs) == ["en", "ru"]


# -- a mixed corpus in one command ------------------------------------------------


def test_mixed_corpus_ingests_in_one_command_with_each_language(tmp_path: Path) -> None:
    (tmp_path / "extra.txt").write_text(
        "Activists in Almaty said on Tuesday that the hashtag campaign had failed.\n",
        encoding="utf-8",
    )
    db = tmp_path / "g.db"
    _ingest(
        db,
        ENGLISH_ARTICLE,
        tmp_path / "extra.txt",
        DATA / "posts.jsonl",
        "--columns",
        "id=id,author=author,text=text,time=created",
    )
    with EmbeddedStore(db=db) as store:
        rows = store.query(
            "MATCH (d:Document) RETURN d.id AS id, d.lang AS lang, d.kind AS kind"
        ).records()
        tags = store.query("MATCH (d:Post)-[:TAGGED]->(h:Hashtag) RETURN d.id AS id").records()
    langs = {r["id"]: r["lang"] for r in rows if r["kind"] == "post"}
    assert langs == {
        "twitter:9001": "ru",
        "twitter:9002": "ru",
        "twitter:9003": "kk",
        "twitter:9004": "ru",
        "twitter:9005": "kk",
    }
    assert sorted(r["lang"] for r in rows if r["kind"] == "article") == ["en", "en"]
    assert {r["id"] for r in tags} >= {"twitter:9001", "twitter:9003", "twitter:9004"}


def test_kazakh_goes_to_the_rule_pipeline() -> None:
    nlp = load_rule_pipeline("kk", gazetteer=GAZETTEER)
    extraction = nlp(
        "Масимов #25летнезависимости туралы жазды, @aidoseg https://t.co/x"
    )._.extraction
    assert [a["id"] for a in extraction["actors"]] == ["karim-massimov"]
    assert [a["id"] for a in extraction["accounts"]] == ["twitter:aidoseg"]
    assert list(extraction["hashtags"]) == ["25летнезависимости"]
    assert extraction["urls"] == ["https://t.co/x"]


def test_forced_language_overrides_identification(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    _ingest(db, RUSSIAN_ARTICLE, "--lang", "kk")
    with EmbeddedStore(db=db) as store:
        rows = store.query("MATCH (d:Document) RETURN d.lang AS lang").records()
    assert [r["lang"] for r in rows] == ["kk"]
