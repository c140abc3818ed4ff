"""Fixtures shared across the test suite: a small sample graph in a real embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.graph.embedded import EmbeddedStore
from claimgraph.model import GraphBatch, Node, Relationship

HASHTAG = "25летнезависимости"
ARTICLE = "doc-article"


def sample_graph() -> GraphBatch:
    """Return a small graph after the Massimov hashtag story: one article and three posts."""
    batch = GraphBatch()
    _actors(batch)
    _accounts(batch)
    _documents(batch)
    _claims(batch)
    return batch


def _actors(batch: GraphBatch) -> None:
    actors = [
        ("karim-massimov", "Karim Massimov", "person", ["Massimov", "Карим Масимов"]),
        ("khabar", "Khabar", "outlet", ["Khabar Agency"]),
        ("muhtar-taizhan", "Muhtar Taizhan", "person", ["Taizhan"]),
        ("aigul-orynbek", "Aigul Orynbek", "person", []),
        ("radio-azattyk", "Radio Azattyk", "outlet", ["RFE/RL's Kazakhstan service"]),
    ]
    for actor_id, name, kind, aliases in actors:
        extra = "Person" if kind == "person" else "Outlet"
        props = {"name": name, "kind": kind, "aliases": aliases}
        batch.add_node(Node("Actor", actor_id, props, (extra,)))
    batch.add_node(Node("Hashtag", HASHTAG, {"tag": HASHTAG}))


def _accounts(batch: GraphBatch) -> None:
    for handle, display_name in [
        ("AlmiriKarpykov", "Almiri Karpykov"),
        ("samsonino", None),
        ("Massimov_Karim", "Karim Massimov (PM)"),
    ]:
        props = {"platform": "twitter", "handle": handle, "display_name": display_name}
        batch.add_node(Node("Account", f"twitter:{handle.lower()}", props))
    _rel(batch, "OPERATES", "Actor", "karim-massimov", "Account", "twitter:massimov_karim")


def _documents(batch: GraphBatch) -> None:
    batch.add_node(
        Node(
            "Document",
            ARTICLE,
            {
                "kind": "article",
                "title": "Kazakhstani PM Karim Massimov's Hashtag PR Campaign Backfires",
                "url": "https://example.org/massimov-hashtag",
                "source": "examples/massimov.txt",
                "published_at": "2016-08-12T00:00:00Z",
            },
            ("Article",),
        )
    )
    posts = [
        ("twitter:1001", "almirikarpykov"),
        ("twitter:1002", "samsonino"),
        ("twitter:1000", "massimov_karim"),
    ]
    for number, (post_id, author) in enumerate(posts):
        batch.add_node(
            Node(
                "Document",
                post_id,
                {
                    "kind": "post",
                    "source": "posts.jsonl",
                    "published_at": f"2016-08-1{number}T09:00:00Z",
                },
                ("Post",),
            )
        )
        _rel(batch, "POSTED", "Account", f"twitter:{author}", "Document", post_id)
        _rel(batch, "TAGGED", "Document", post_id, "Hashtag", HASHTAG)
    _rel(batch, "TAGGED", "Document", ARTICLE, "Hashtag", HASHTAG)
    for target, count in [
        ("karim-massimov", 6),
        ("khabar", 3),
        ("muhtar-taizhan", 2),
        ("aigul-orynbek", 1),
        ("radio-azattyk", 1),
    ]:
        _rel(batch, "MENTIONS", "Document", ARTICLE, "Actor", target, count=count)
    _rel(batch, "MENTIONS", "Document", ARTICLE, "Account", "twitter:almirikarpykov", count=1)
    _rel(batch, "MENTIONS", "Document", "twitter:1001", "Actor", "karim-massimov", count=1)
    _rel(
        batch, "MENTIONS", "Document", "twitter:1002", "Account", "twitter:massimov_karim", count=1
    )


def _claims(batch: GraphBatch) -> None:
    claims = [
        (
            "c-taizhan",
            "Actor",
            "muhtar-taizhan",
            ARTICLE,
            "direct",
            "wrote",
            10,
            "For the 10 years of [Karim Massimov's] premiership, the country's debts have grown",
            [("Actor", "karim-massimov")],
        ),
        (
            "c-orynbek",
            "Actor",
            "aigul-orynbek",
            ARTICLE,
            "direct",
            "told",
            5,
            "Kazakhstan is not currently in the position to be listing its achievements.",
            [("Actor", "karim-massimov")],
        ),
        (
            "c-khabar",
            "Actor",
            "khabar",
            ARTICLE,
            "direct",
            "read",
            1,
            "Did you know that Kazakhstan belongs to 70 international organizations?",
            [("Hashtag", HASHTAG)],
        ),
        (
            "c-almiri",
            "Account",
            "twitter:almirikarpykov",
            "twitter:1001",
            "post",
            None,
            0,
            "Our national currency embarked on a bright path of devaluation",
            [("Hashtag", HASHTAG)],
        ),
        (
            "c-samsonino",
            "Account",
            "twitter:samsonino",
            "twitter:1002",
            "post",
            None,
            0,
            "almost 5 million people have emigrated from Kazakhstan",
            [("Hashtag", HASHTAG), ("Account", "twitter:massimov_karim")],
        ),
        (
            "c-massimov",
            "Account",
            "twitter:massimov_karim",
            "twitter:1000",
            "post",
            None,
            0,
            "Share the achievements of our 25 years",
            [("Hashtag", HASHTAG)],
        ),
    ]
    for claim, speaker_label, speaker, document, kind, cue, start, text, about in claims:
        props = {"text": text, "kind": kind, "cue": cue, "start": start, "end": start + len(text)}
        batch.add_node(Node("Claim", claim, props))
        _rel(batch, "SAID", speaker_label, speaker, "Claim", claim)
        _rel(batch, "REPORTED_IN", "Claim", claim, "Document", document)
        for label, target in about:
            _rel(batch, "ABOUT", "Claim", claim, label, target)
    _rel(batch, "TOLD_TO", "Claim", "c-orynbek", "Actor", "radio-azattyk")


def _rel(
    batch: GraphBatch,
    rel_type: str,
    start_label: str,
    start: str,
    end_label: str,
    end: str,
    **props: object,
) -> None:
    batch.add_relationship(Relationship(rel_type, start_label, start, end_label, end, dict(props)))


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """Yield an open store holding :func:`sample_graph`, closed at the end of the session.

    Tests must not write to it; use ``fresh_store`` for that. While it is open,
    every CLI invocation on ``sample_db`` attaches to its running server
    instead of starting one.
    """
    store = EmbeddedStore(db=tmp_path_factory.mktemp("sample") / "sample.db")
    try:
        store.write(sample_graph())
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def sample_db(sample_store: EmbeddedStore) -> Path:
    """Return the database file of ``sample_store``, for ``--db``."""
    return sample_store.path


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """Yield an open store of the test's own holding :func:`sample_graph`, free to write to."""
    store = EmbeddedStore(db=tmp_path / "t.db")
    try:
        store.write(sample_graph())
        yield store
    finally:
        store.close()
