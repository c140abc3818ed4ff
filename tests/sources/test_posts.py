"""Post readers: formats told by content, entities, times, bad lines reported with their number."""

from __future__ import annotations

import json
from pathlib import Path

from claimgraph.sources import Skipped, read_sources

V2_RAW = {
    "data": [
        {
            "id": "763215794795446272",
            "author_id": "7",
            "text": "RT @pm: Share #25летНезависимости https://t.co/x",
            "referenced_tweets": [{"type": "retweeted", "id": "763215794795446000"}],
            "entities": {
                "hashtags": [{"tag": "25летНезависимости"}],
                "mentions": [{"username": "PM"}],
                "urls": [
                    {
                        "url": "https://t.co/x",
                        "expanded_url": "https://News.example/a?utm_source=tw",
                    }
                ],
            },
        }
    ],
    "includes": {"users": [{"id": "7", "username": "Almiri", "name": "Almiri K"}]},
}
V1 = {
    "id_str": "1001",
    "full_text": "@kz hello #KZ",
    "user": {"id_str": "8", "screen_name": "Samsonino"},
    "in_reply_to_status_id_str": "999",
    "created_at": "Wed Aug 10 03:30:00 +0000 2016",
    "entities": {
        "hashtags": [{"text": "KZ"}],
        "user_mentions": [{"screen_name": "kz"}],
        "urls": [],
    },
}


def _read(path: Path, **options: object) -> tuple[list, list[Skipped]]:
    items = list(read_sources(path, **options))  # type: ignore[arg-type]
    return [i for i in items if not isinstance(i, Skipped)], [
        i for i in items if isinstance(i, Skipped)
    ]


def test_twitter_lines_of_every_shape_and_a_bad_line(tmp_path: Path) -> None:
    flat = dict(V2_RAW["data"][0], id="763215794795446273", author={"username": "Other"})
    path = tmp_path / "tweets.jsonl"
    lines = [json.dumps(V2_RAW), "{not json", json.dumps(V1), json.dumps(flat)]
    path.write_text("\n".join(lines), encoding="utf-8")
    docs, skipped = _read(path)
    assert [d.id for d in docs] == [
        "twitter:763215794795446272",
        "twitter:1001",
        "twitter:763215794795446273",
    ]
    assert [(s.line, s.source) for s in skipped] == [(2, str(path))]
    first = docs[0].post
    assert first.author == "twitter:almiri" and first.repost_of == "twitter:763215794795446000"
    assert first.urls == ("https://news.example/a",)
    assert first.hashtags == ("25летнезависимости",) and first.mentions == ("pm",)
    assert docs[0].published_at == "2016-08-10T03:30:00Z"
    assert docs[1].post.reply_to == "twitter:999" and docs[1].published_at == "2016-08-10T03:30:00Z"
    assert docs[2].post.author == "twitter:other"


def test_telegram_export(tmp_path: Path) -> None:
    export = {
        "name": "News", "type": "public_channel", "id": 42,
        "messages": [
            {"id": 1, "type": "message", "date": "2016-08-10T03:30:00", "from": "News",
             "from_id": "channel42", "text": "Original #KZ"},
            {"id": 2, "type": "service", "date": "2016-08-10T03:31:00", "action": "pin"},
            {"id": 3, "type": "message", "date_unixtime": "1470800000", "from": "News",
             "from_id": "channel42", "forwarded_from": "Other Channel", "reply_to_message_id": 1,
             "text": [{"type": "link", "text": "https://x.org/a#top"}, " more"]},
            {"id": 4, "type": "message", "date": "2016-08-10T03:32:00", "text": "no author"},
        ],
    }  # fmt: skip
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, indent=1), encoding="utf-8")
    docs, skipped = _read(path)
    assert [d.id for d in docs] == ["telegram:42/1", "telegram:42/3"]
    assert docs[0].post.hashtags == ("kz",) and docs[0].published_at == "2016-08-10T03:30:00Z"
    assert docs[1].post.reply_to == "telegram:42/1" and docs[1].post.urls == ("https://x.org/a",)
    assert docs[1].post.repost_of.startswith("telegram:fwd/other-channel/")
    assert len(skipped) == 1 and skipped[0].line is not None and "no author" in skipped[0].reason


def test_cnt_csv_with_a_byte_order_mark_and_a_short_row(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_bytes(
        "\ufeffmessage_id,user_id,username,repost_id,reply_id,message,timestamp,urls\r\n"
        '1,u1,A,,,"hi #x",5,"https://a.org/1 https://b.org/2"\r\n'
        "2,u2,B,1,,short\r\n"
        '3,u3,C,1,,"RT",nine,""\r\n'
        '4,u4,D,1,,"RT",7,""\r\n'.encode()
    )
    docs, skipped = _read(path)
    assert [d.id for d in docs] == ["twitter:1", "twitter:4"]
    assert docs[0].post.urls == ("https://a.org/1", "https://b.org/2")
    assert docs[1].post.repost_of == "twitter:1" and docs[1].post.timestamp == 7.0
    assert [s.line for s in skipped] == [3, 4]


def test_generic_jsonl_and_csv_need_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"pid": 5, "user": {"name": "Z"}, "body": "x #t", "at": 60}) + "\n")
    _, skipped = _read(path)
    assert "--columns" in skipped[0].reason
    docs, _ = _read(path, columns="id=pid,author=user.name,text=body,time=at,platform=mastodon")
    assert docs[0].id == "mastodon:5" and docs[0].post.author == "mastodon:z"
    table = tmp_path / "posts.csv"
    table.write_text("pid,who,when\n5,Z,1970-01-01T00:01:00Z\n", encoding="utf-8")
    docs, _ = _read(table, columns="id=pid,author=who,time=when")
    assert docs[0].post.timestamp == 60.0
