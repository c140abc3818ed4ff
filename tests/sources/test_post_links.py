"""Posts carry their permalinks, Telegram channels their usernames, tweets a warned-about time."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.ingest import ingest
from claimgraph.sources import read_sources
from claimgraph.sources.posts import read_telegram, read_twitter

#: A tweet id whose snowflake time is 2016-08-10T03:30:00Z.
TWEET_ID = "763215794795446272"


def _v1(created_at: str, tweet_id: str = TWEET_ID) -> str:
    return json.dumps(
        {
            "id_str": tweet_id,
            "full_text": "Proud #KZ",
            "user": {"id_str": "7", "screen_name": "Almiri"},
            "created_at": created_at,
        }
    )


def test_tweets_carry_their_permalinks() -> None:
    v2 = json.dumps(
        {
            "data": [
                {"id": "1001", "text": "a", "author_id": "7"},
                {"id": "1002", "text": "b", "author_id": "8"},
            ],
            "includes": {"users": [{"id": "7", "username": "almiri"}]},
        }
    )
    docs = list(read_twitter(_v1("Wed Aug 10 03:30:00 +0000 2016") + "\n" + v2, "t", "utf-8"))
    assert [doc.url for doc in docs] == [
        f"https://x.com/Almiri/status/{TWEET_ID}",
        "https://x.com/almiri/status/1001",
        "https://x.com/i/web/status/1002",  # the author's handle is not in the page
    ]


def test_the_time_in_the_id_wins_and_a_disagreement_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="claimgraph.sources.posts.twitter"):
        (agreeing,) = read_twitter(_v1("2016-08-10T03:30:02Z"), "t.jsonl", "utf-8")
        assert not caplog.records
        (doc,) = read_twitter(_v1("2016-08-10T04:00:00Z"), "t.jsonl", "utf-8")
    assert agreeing.published_at == doc.published_at == "2016-08-10T03:30:00Z"
    (record,) = caplog.records
    assert f"tweet {TWEET_ID}: created_at is +1800 s from the time its id encodes" in (
        record.getMessage()
    )


def test_many_disagreements_are_logged_a_few_then_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    lines = [_v1("2020-01-01T00:00:00Z", str(int(TWEET_ID) + n)) for n in range(50)]
    with caplog.at_level(logging.WARNING, logger="claimgraph.sources.posts.twitter"):
        docs = list(read_twitter("\n".join(lines), "t.jsonl", "utf-8"))
    assert len(docs) == 50 and len(caplog.records) == 4
    assert "50 tweets in all have a created_at" in caplog.records[-1].getMessage()


def _export(**top: object) -> str:
    message = {
        "id": 12,
        "type": "message",
        "date_unixtime": "1470799800",
        "from": "Veloria Today",
        "from_id": "channel1687654321",
        "text": "News of the day.",
    }
    forwarded = {**message, "id": 13, "from": "Someone", "from_id": "user42"}
    export = {"name": "Veloria Today", "type": "public_channel", "id": 1687654321, **top}
    return json.dumps({**export, "messages": [message, forwarded]})


def test_a_telegram_channel_posts_under_its_username() -> None:
    own, other = read_telegram(_export(username="veloriatoday"), "result.json", "utf-8")
    assert own.post is not None and other.post is not None
    assert own.post.author == "telegram:veloriatoday"  # what a gazetteer names
    assert own.post.author_platform_id == "channel1687654321"  # the numeric id, kept
    assert own.url == "https://t.me/veloriatoday/12"
    assert other.post.author == "telegram:user42" and other.url == "https://t.me/veloriatoday/13"


def test_without_a_username_the_numeric_id_stays_the_account() -> None:
    (own, _) = read_telegram(_export(), "result.json", "utf-8")
    assert own.post is not None
    assert own.post.author == "telegram:channel1687654321" and own.url is None


def test_the_permalink_and_the_platform_id_reach_the_graph(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(_export(username="veloriatoday"), encoding="utf-8")
    assert [item.source for item in read_sources([path])] == [str(path)] * 2
    with EmbeddedStore(db=tmp_path / "g.db") as store:
        ingest([path], store, extract="none")
        urls = store.query("MATCH (d:Post) RETURN d.url ORDER BY d.url").rows
        account = store.query(
            "MATCH (a:Account {id: 'telegram:veloriatoday'}) RETURN a.platform_id"
        ).rows
    assert urls == [["https://t.me/veloriatoday/12"], ["https://t.me/veloriatoday/13"]]
    assert account == [["channel1687654321"]]
