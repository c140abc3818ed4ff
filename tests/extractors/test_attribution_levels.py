"""Claim attribution runs only on the documents whose claims ingest keeps (issue 16)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from spacy.language import Language

from claimgraph.attribution.finder import Finder
from claimgraph.graph import open_store
from claimgraph.ingest import ingest_documents
from claimgraph.model import RawDocument
from claimgraph.sources.posts import build_post

ARTICLE = "“The debts keep growing,” Muhtar Taizhan wrote on Facebook."


@pytest.fixture
def finds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the documents the English finder reads (the real finder, counted)."""
    calls: list[int] = []
    find = Finder.find

    def counted(self: Finder) -> list:  # type: ignore[type-arg]
        calls.append(len(self.doc))
        return find(self)

    monkeypatch.setattr(Finder, "find", counted)
    return calls


def _claims(
    nlp: Language, tmp_path: Path, documents: list[RawDocument], extract: str | None = None
) -> int:
    with open_store("embedded", db=str(tmp_path / "g.db")) as store:
        ingest_documents(documents, store, nlp=nlp, extract=extract)
        rows = store.query("MATCH (c:Claim) WHERE c.kind <> 'post' RETURN count(c)").rows
    return int(rows[0][0])


def test_entities_level_never_runs_attribution(
    nlp: Language, tmp_path: Path, finds: list[int]
) -> None:
    article = RawDocument(ARTICLE, "a.txt", lang="en")
    assert _claims(nlp, tmp_path, [article], extract="entities") == 0
    assert finds == []


def test_posts_by_default_are_not_attributed_and_articles_are(
    nlp: Language, tmp_path: Path, finds: list[int]
) -> None:
    post = replace(
        build_post(
            {"platform": "twitter", "id": "7", "handle": "b", "text": ARTICLE, "time": 60},
            "posts.csv",
            "cnt-csv",
        ),
        lang="en",
    )
    article = RawDocument(ARTICLE + " Indeed.", "a.txt", lang="en")
    assert _claims(nlp, tmp_path, [post, article]) == 1
    assert len(finds) == 1  # the article only
