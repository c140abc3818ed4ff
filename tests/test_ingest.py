"""Ingest end to end: the founding article into a real embedded store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from spacy.language import Language

from claimgraph.extractors import load_pipeline
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.ingest import ingest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED = EXAMPLES / "massimov-hashtag-backfires.txt"
RUSSIAN = (
    "Премьер-министр Казахстана Карим Масимов предложил пользователям делиться "
    "достижениями под хэштегом #25летнезависимости. Критики быстро перехватили хэштег.\n"
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="module")
def seeded(nlp: Language, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("seeded") / "g.db"
    with EmbeddedStore(db=db) as store:
        summary = ingest([SEED], store, nlp=nlp)
        yield store, summary


def _names(store: EmbeddedStore, label: str, key: str = "name") -> dict[str, str]:
    rows = store.query(f"MATCH (n:{label}) RETURN n.id, n.{key}").rows
    return {row[0]: row[1] for row in rows}


def test_founding_article_graph(seeded) -> None:
    store, summary = seeded
    assert summary.documents_read == 1 and not summary.skipped
    actors = store.query("MATCH (a:Actor) RETURN a.name, a.kind").rows
    kinds = dict(actors)
    for name in [
        "Karim Massimov",
        "Madina Yerkin",
        "Bazaraiyim Akzhan",
        "Aigul Orynbek",
        "Muhtar Taizhan",
    ]:
        assert kinds.get(name) == "person", name
    assert kinds["Khabar"] in ("outlet", "organization")
    assert kinds["Radio Azattyk"] in ("outlet", "organization")
    assert kinds["RFE/RL"] in ("outlet", "organization")
    assert kinds["Kazakhstan"] == "place"
    massimov = [n for n in kinds if "massimov" in n.casefold()]
    assert massimov == ["Karim Massimov"]
    accounts = _names(store, "Account", "handle")
    for handle in ["almirikarpykov", "kasymjanym", "aidoseg", "samsonino"]:
        assert f"twitter:{handle}" in accounts
    assert _names(store, "Hashtag", "tag") == {
        "25летнезависимости": "25летнезависимости",
        "25yearsofindependence": "25yearsofindependence",
    }


def test_no_actor_named_after_a_hashtag_handle_or_possessive(seeded) -> None:
    store, _ = seeded
    for (name,) in store.query("MATCH (a:Actor) RETURN a.name").rows:
        assert not name.startswith(("#", "@", "[")) and not name.endswith(("’s", "'s")), name


def test_who_said_about_massimov(seeded) -> None:
    store, _ = seeded
    rows = store.query(
        "MATCH (s)-[:SAID]->(c:Claim)-[:ABOUT]->(t:Actor {name: $name}) "
        "RETURN coalesce(s.name, s.handle) AS speaker, c.text",
        {"name": "Karim Massimov"},
    ).rows
    assert {"Muhtar Taizhan", "Aigul Orynbek"} <= {speaker for speaker, _ in rows}


def test_facebook_page_is_operated_by_taizhan(seeded) -> None:
    store, _ = seeded
    rows = store.query(
        "MATCH (a:Actor)-[:OPERATES]->(acc:Account {platform: 'facebook'}) RETURN a.name"
    ).rows
    assert rows == [["Muhtar Taizhan"]]


def test_ingesting_again_or_via_a_directory_changes_nothing(seeded, nlp: Language) -> None:
    store, _ = seeded
    before = store.counts()
    again = ingest([SEED, EXAMPLES, str(EXAMPLES / "*.txt")], store, nlp=nlp)
    assert again.nodes_created == 0 and again.relationships_created == 0
    assert again.documents_read == 1  # the same file named three ways is read once
    assert store.counts() == before


def test_bad_files_are_reported_and_the_good_ones_load(nlp: Language, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    (folder / "russian.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        summary = ingest([folder], store, nlp=nlp)
        texts = [row[0] for row in store.query("MATCH (d:Document) RETURN d.text").rows]
    assert summary.documents_read == 2
    assert summary.partial
    reasons = {Path(s.source).name: s.reason for s in summary.skipped}
    assert set(reasons) == {"empty.txt", "image.png"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["image.png"]
    assert RUSSIAN in texts


@Language.component("test_fails_on_boom")
def _fails_on_boom(doc):  # type: ignore[no-untyped-def]
    if "BOOM" in doc.text:
        raise ValueError("boom")
    return doc


def test_a_document_the_pipeline_fails_on_is_skipped_and_the_rest_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimgraph.pipeline_run.MAX_DOCUMENT_CHARS", 10_000)
    nlp = load_pipeline()
    nlp.add_pipe("test_fails_on_boom", before="claimgraph_extraction")
    nlp.max_length = 5_000
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Karim Massimov said the economy is fine.", encoding="utf-8")
    (folder / "b.txt").write_text("This one goes BOOM in a component.", encoding="utf-8")
    (folder / "c.txt").write_text("Khabar reported the news. " * 500, encoding="utf-8")
    (folder / "d.txt").write_text(
        "Aigul Orynbek told Radio Azattyk it was mockery.", encoding="utf-8"
    )
    # Longer than the pipeline's max_length: parsed in pieces, and it loads.
    (folder / "e.txt").write_text("Khabar reported more news. " * 300, encoding="utf-8")
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        summary = ingest([folder], store, nlp=nlp)
        count = store.counts().labels["Document"]
    assert summary.documents_read == 3 and count == 3
    reasons = {Path(s.source).name: s.reason for s in summary.skipped}
    assert "failed" in reasons["b.txt"]
    assert "too long" in reasons["c.txt"]


def test_worker_processes_give_the_same_graph(nlp: Language, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "other.txt").write_text("Khabar said the campaign worked.", encoding="utf-8")
    counts = []
    for n_process in (1, 2):
        with EmbeddedStore(db=tmp_path / f"g{n_process}.db") as store:
            summary = ingest([folder], store, nlp=nlp, n_process=n_process)
            assert summary.documents_read == 2 and not summary.skipped
            counts.append(store.counts())
    assert counts[0] == counts[1]
