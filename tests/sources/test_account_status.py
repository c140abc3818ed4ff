"""Account statuses as each post reader finds them: tables, X/Twitter v1.1 and v2, Telegram."""

from __future__ import annotations

import json

import pytest

from claimgraph.model import Post, RawDocument
from claimgraph.sources.base import Skipped
from claimgraph.sources.posts import (
    detect_post_format,
    read_cnt_csv,
    read_csv_posts,
    read_jsonl_posts,
    read_telegram,
    read_twitter,
)
from claimgraph.sources.posts.status import ACCOUNT_STATUSES, normalise_status

CNT_HEADER = "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls"
# A tweet id made on 2022-03-05 (a snowflake: its time is in the id).
TWEET_ID = "1500000000000000000"


def posts(items: object) -> list[Post]:
    found = list(items)  # type: ignore[call-overload]
    assert not [item for item in found if isinstance(item, Skipped)]
    return [doc.post for doc in found if isinstance(doc, RawDocument) and doc.post is not None]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("active", "active"),
        ("SUSPENDED", "suspended"),
        ("banned", "suspended"),
        (" Deleted ", "deleted"),
        ("deactivated", "deleted"),
        ("not-found", "deleted"),
        ("not found", "deleted"),
        ("private", "protected"),
        ("withheld", "withheld"),
        ("unknown", None),
        ("", None),
        (3, None),
        ({"status": "suspended"}, None),
    ],
)
def test_status_words_are_normalised_to_the_vocabulary(given: object, expected: str | None) -> None:
    assert normalise_status(given) == expected
    assert expected is None or expected in ACCOUNT_STATUSES


def test_a_toolkit_csv_with_a_status_column_is_still_the_toolkit_format() -> None:
    table = (
        f"{CNT_HEADER},account_status\n"
        "1,u1,Alpha,,,hello,60,,Suspended\n"
        "2,u2,Bravo,,,hello,70,,deleted\n"
        "3,u3,Charlie,,,hello,80,,on holiday\n"
        "4,u4,Delta,,,hello,90,,\n"
    )
    assert detect_post_format(table.encode(), "posts.csv") == "cnt-csv"
    found = posts(read_cnt_csv(table, "posts.csv", "utf-8"))
    assert [(p.handle, p.author_status, p.status_seen) for p in found] == [
        ("Alpha", "suspended", 60.0),
        ("Bravo", "deleted", 70.0),
        # an unknown word and an empty cell give no status, and the post still loads
        ("Charlie", None, None),
        ("Delta", None, None),
    ]


def test_a_toolkit_csv_row_short_of_the_status_column_is_skipped_alone() -> None:
    table = f"{CNT_HEADER},status\n1,u1,Alpha,,,hi,60,,active\n2,u2,Bravo,,,hi,70,\n"
    items = list(read_cnt_csv(table, "posts.csv", "utf-8"))
    loaded = [item.post for item in items if isinstance(item, RawDocument)]
    assert [post.author_status for post in loaded if post is not None] == ["active"]
    assert [item.line for item in items if isinstance(item, Skipped)] == [3]


def test_a_mapped_csv_reads_a_user_status_column_or_the_one_mapped() -> None:
    table = "id,who,checked,user_status\n1,alpha,suspended,protected\n"
    auto = posts(read_csv_posts(table, "t.csv", "utf-8", {"id": "id", "author": "who"}))
    assert auto[0].author_status == "protected"
    mapped = {"id": "id", "author": "who", "status": "checked"}
    assert posts(read_csv_posts(table, "t.csv", "utf-8", mapped))[0].author_status == "suspended"


def test_a_mapped_csv_says_when_the_status_was_checked() -> None:
    table = "id,who,t,state,checked_at\n1,alpha,60,deleted,2024-05-01\n2,bravo,61,deleted,soon\n"
    columns = {"id": "id", "author": "who", "time": "t", "status": "state"}
    columns["status_seen"] = "checked_at"
    found = posts(read_csv_posts(table, "t.csv", "utf-8", columns))
    # An unreadable date falls back to the post's time; the post still loads.
    assert [(p.author_status, p.status_seen) for p in found] == [
        ("deleted", 1714521600.0),
        ("deleted", 61.0),
    ]


def test_jsonl_status_by_path_and_a_malformed_one_costs_nothing() -> None:
    lines = "\n".join(
        json.dumps(record)
        for record in [
            {"id": 1, "user": {"name": "a", "state": "Banned"}, "t": 60},
            {"id": 2, "user": {"name": "b", "state": {"nested": True}}, "t": 61},
        ]
    )
    columns = {"id": "id", "author": "user.name", "time": "t", "status": "user.state"}
    found = posts(read_jsonl_posts(lines, "p.jsonl", "utf-8", columns))
    assert [(p.author, p.author_status) for p in found] == [
        ("twitter:a", "suspended"),
        ("twitter:b", None),
    ]


def test_v1_user_fields_give_protected_and_withheld() -> None:
    def tweet(number: str, user: dict[str, object]) -> str:
        return json.dumps({"id_str": number, "text": "hi", "user": {"id_str": "7", **user}})

    lines = "\n".join(
        [
            tweet("1001", {"screen_name": "Locked", "protected": True}),
            tweet("1002", {"screen_name": "Gone", "withheld_in_countries": ["DE", "FR"]}),
            tweet("1003", {"screen_name": "Plain", "protected": False}),
        ]
    )
    found = posts(read_twitter(lines, "t.jsonl", "utf-8"))
    # A user object that says nothing of its standing gives no status, not "active".
    assert [p.author_status for p in found] == ["protected", "withheld", None]


def test_v2_errors_give_the_status_of_authors_and_mentioned_accounts() -> None:
    response = {
        "data": [
            {
                "id": TWEET_ID,
                "author_id": "99",
                "text": "hi @Gone1 @Sus @Locked",
                "entities": {
                    "mentions": [
                        {"start": 3, "end": 9, "username": "Gone1", "id": "5"},
                        {"start": 10, "end": 14, "username": "Sus"},
                        {"start": 15, "end": 22, "username": "Locked", "id": "8"},
                    ]
                },
            }
        ],
        "includes": {"users": [{"id": "8", "username": "Locked", "protected": True}]},
        "errors": [
            {
                "value": "99",
                "detail": "User has been suspended: [99].",
                "title": "Forbidden",
                "resource_type": "user",
                "parameter": "author_id",
                "resource_id": "99",
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            },
            {
                "value": "Gone1",
                "detail": "Could not find user with username: [Gone1].",
                "title": "Not Found Error",
                "resource_type": "user",
                "parameter": "entities.mentions.username",
                "resource_id": "Gone1",
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            },
            {
                "detail": "User has been suspended: [Sus].",
                "title": "Forbidden",
                "resource_type": "user",
                "parameter": "entities.mentions.username",
                "resource_id": "Sus",
            },
            {"detail": "not about a user", "resource_type": "tweet", "resource_id": "5"},
            "not even an object",
        ],
        "__twarc": {"retrieved_at": "2024-01-02T03:04:05+00:00"},
    }
    (post,) = posts(read_twitter(json.dumps(response), "t.jsonl", "utf-8"))
    # The suspended author is not in includes, so the account is known by its id.
    assert (post.author, post.author_status) == ("twitter:99", "suspended")
    assert dict(post.mentioned_statuses) == {
        "gone1": "deleted",
        "sus": "suspended",
        "locked": "protected",
    }
    assert post.status_seen == 1704164645.0  # when twarc2 retrieved the response


def test_v2_user_objects_state_withheld_and_a_bad_errors_list_is_ignored() -> None:
    response = {
        "data": [{"id": TWEET_ID, "author_id": "7", "text": "hi"}],
        "includes": {
            "users": [{"id": "7", "username": "w", "withheld": {"country_codes": ["IN"]}}]
        },
        "errors": "not a list",
    }
    (post,) = posts(read_twitter(json.dumps(response), "t.jsonl", "utf-8"))
    assert post.author_status == "withheld"
    assert post.status_seen == pytest.approx(1646462843.309)  # the tweet's own time


def test_telegram_exports_carry_no_status() -> None:
    export = json.dumps(
        {
            "name": "News",
            "type": "public_channel",
            "id": 42,
            "messages": [
                {"id": 7, "type": "message", "date_unixtime": "60", "from_id": "channel42"}
            ],
        }
    )
    (post,) = posts(read_telegram(export, "result.json", "utf-8"))
    assert post.author_status is None and post.mentioned_statuses == ()
