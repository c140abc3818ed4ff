"""Read X/Twitter posts: API v2 as twarc2 writes it, and API v1.1 tweet JSON, one per line.

Three line shapes are accepted, mixed freely in one file:

- a raw API v2 response: ``{"data": [...], "includes": {"users": [...]}}``;
  authors are looked up in ``includes``;
- a flattened v2 tweet (``twarc2 flatten``), with its ``author`` inside;
- a v1.1 tweet with ``id_str`` and ``user``.

A tweet's time comes from its id (Twitter ids made since November 2010 are
"snowflakes" that encode the millisecond they were made), else from
``created_at``: the id is the platform's own record and has millisecond
precision, where ``created_at`` has seconds and is sometimes rewritten by
collection tools. When the two disagree by more than
:data:`MAX_TIME_DISAGREEMENT` seconds the id still wins, and a warning is
logged (the first few per file, then their count). Links are the expanded
URLs of the tweet's entities. Each tweet's ``url`` is its permalink,
``https://x.com/HANDLE/status/ID``. A line that is not JSON, or a tweet
without an id or an author, is reported with its line number and skipped.

Account statuses (:mod:`~claimgraph.sources.posts.status`) come from the
user objects (``protected``, withheld countries) and from a v2 response's
``errors`` about users (suspended, not found, not authorised), for the
authors and mentioned accounts of its tweets; they were seen when twarc2
retrieved the response (``__twarc.retrieved_at``), else at the tweet's time.

Examples
--------
>>> line = ('{"id_str": "1001", "text": "Proud #KZ", "user": {"id_str": "7", '
...         '"screen_name": "Almiri"}, "created_at": "Wed Aug 10 03:30:00 +0000 2016"}')
>>> doc, = read_twitter(line, "t.jsonl", "utf-8")
>>> doc.id, doc.post.author, doc.post.hashtags, doc.published_at
('twitter:1001', 'twitter:almiri', ('kz',), '2016-08-10T03:30:00Z')
>>> doc.url
'https://x.com/Almiri/status/1001'
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from claimgraph.model import RawDocument
from claimgraph.sources.base import Skipped
from claimgraph.sources.posts.common import (
    Lines,
    MalformedPost,
    PostFields,
    epoch_seconds,
    json_lines,
    post_or_skip,
    type_name,
)
from claimgraph.sources.posts.status import error_statuses, strongest, user_status

__all__ = [
    "MAX_TIME_DISAGREEMENT",
    "permalink",
    "read_twitter",
    "snowflake_seconds",
    "tweet_fields_v1",
    "tweet_fields_v2",
]

logger = logging.getLogger(__name__)

#: Ids of tweets made since November 2010 encode their time (after this epoch, in ms).
_SNOWFLAKE_EPOCH_MS = 1288834974657
_FIRST_SNOWFLAKE = 29_700_859_247_000_000
#: Seconds by which ``created_at`` may differ from the time in the id without a warning.
MAX_TIME_DISAGREEMENT = 5.0
#: Disagreements logged one by one per file; the rest are counted.
_LOGGED_DISAGREEMENTS = 3

#: Called with a tweet id, the time its id encodes and its ``created_at``, when they disagree.
DisagreementCallback = Callable[[str, float, float], None]


def read_twitter(text: Lines, source: str, encoding: str) -> Iterator[RawDocument | Skipped]:
    """Yield a document per tweet in twarc2 or v1.1 JSON lines, a Skipped per bad tweet.

    One bad tweet in a v2 response's ``data`` list is skipped alone; the
    others on its line still load.
    """
    disagreements: list[str] = []

    def disagree(tweet_id: str, from_id: float, created: float) -> None:
        disagreements.append(tweet_id)
        if len(disagreements) <= _LOGGED_DISAGREEMENTS:
            logger.warning(
                "%s: tweet %s: created_at is %+.0f s from the time its id encodes; "
                "the id's time is used",
                source,
                tweet_id,
                created - from_id,
            )

    for item in json_lines(text, source):
        if isinstance(item, Skipped):
            yield item
            continue
        number, record = item
        try:
            tweets = _tweets(record, disagree)
        except MalformedPost as error:
            yield Skipped(source, str(error), number)
            continue
        for fields in tweets:
            yield post_or_skip(fields, source, "twitter", number)
    if len(disagreements) > _LOGGED_DISAGREEMENTS:
        logger.warning(
            "%s: %d tweets in all have a created_at more than %g s from the time their id "
            "encodes; the ids' times are used",
            source,
            len(disagreements),
            MAX_TIME_DISAGREEMENT,
        )


def snowflake_seconds(tweet_id: str | int) -> float | None:
    """Return the Unix time a tweet id encodes, or None for ids older than 2010.

    Examples
    --------
    >>> snowflake_seconds("763215794795446272")
    1470799800.0
    """
    number = int(tweet_id)
    if number < _FIRST_SNOWFLAKE:
        return None
    return ((number >> 22) + _SNOWFLAKE_EPOCH_MS) / 1000.0


def _tweets(
    record: Any, on_disagreement: DisagreementCallback | None = None
) -> list[Callable[[], PostFields]]:
    """Return a function giving the fields of each tweet in one line's JSON value."""
    if not isinstance(record, Mapping):
        raise MalformedPost(f"the line is JSON but not a tweet object ({type_name(record)})")
    if "data" in record:
        data = record["data"]
        includes = _object(record, "includes")
        users = {str(u.get("id")): u for u in _objects(includes, "users")}
        tweets = data if isinstance(data, list) else [data]
        errors = error_statuses(record.get("errors"))
        return [
            functools.partial(
                tweet_fields_v2,
                _tweet(tweet),
                users,
                on_disagreement,
                errors=errors,
                retrieved_at=_retrieved_at(record),
            )
            for tweet in tweets
        ]
    if "id_str" in record or "user" in record:
        return [functools.partial(tweet_fields_v1, record, on_disagreement)]
    return [functools.partial(tweet_fields_v2, record, {}, on_disagreement)]


def tweet_fields_v2(
    tweet: Mapping[str, Any],
    users: Mapping[str, Any],
    on_disagreement: DisagreementCallback | None = None,
    *,
    errors: Mapping[tuple[str, str], str] | None = None,
    retrieved_at: object = None,
) -> PostFields:
    """Return the post fields of one API v2 tweet; ``users`` maps author ids to user objects.

    ``errors`` maps ``("id", user id)`` and ``("username", handle)`` to the
    status the response's errors give (:func:`~.status.error_statuses`);
    ``retrieved_at`` is when the response was retrieved.
    """
    author = _object(tweet, "author") or _object(users, str(tweet.get("author_id")))
    refs = {ref.get("type"): ref.get("id") for ref in _objects(tweet, "referenced_tweets")}
    entities = _object(tweet, "entities")
    errors = errors or {}
    author_id = tweet.get("author_id") or author.get("id")
    return {
        "status": _status_of(author, author_id, author.get("username"), errors),
        "status_seen": _retrieved_at(tweet) or retrieved_at,
        "mentioned_statuses": {
            str(mention["username"]): _status_of(
                _object(users, str(mention.get("id"))),
                mention.get("id"),
                mention["username"],
                errors,
            )
            for mention in _objects(entities, "mentions")
            if isinstance(mention.get("username"), str)
        },
        "platform": "twitter",
        "id": tweet.get("id"),
        "handle": author.get("username"),
        "author_id": author_id,
        "display_name": author.get("name"),
        "text": tweet.get("text"),
        "time": _time(tweet.get("id"), tweet.get("created_at"), on_disagreement),
        "url": permalink(tweet.get("id"), author.get("username")),
        "repost_of": refs.get("retweeted"),
        "reply_to": refs.get("replied_to"),
        "quote_of": refs.get("quoted"),
        "mentions": _each(entities, "mentions", "username"),
        "hashtags": _each(entities, "hashtags", "tag"),
        "urls": _links(entities),
        "lang": tweet.get("lang"),
    }


def tweet_fields_v1(
    tweet: Mapping[str, Any], on_disagreement: DisagreementCallback | None = None
) -> PostFields:
    """Return the post fields of one API v1.1 tweet."""
    extended = _object(tweet, "extended_tweet")
    text = tweet.get("full_text") or extended.get("full_text") or tweet.get("text")
    entities = _object(extended, "entities") or _object(tweet, "entities")
    user = _object(tweet, "user")
    retweeted = _object(tweet, "retweeted_status")
    if retweeted:
        # A retweet's own entities are cut off with its text; the original's are whole.
        original = _object(retweeted, "extended_tweet") or retweeted
        entities = _object(original, "entities") or entities
    tweet_id = tweet.get("id_str") or tweet.get("id")
    return {
        "status": user_status(user),
        "platform": "twitter",
        "id": tweet_id,
        "handle": user.get("screen_name"),
        "author_id": user.get("id_str") or user.get("id"),
        "display_name": user.get("name"),
        "text": text,
        "time": _time(tweet_id, tweet.get("created_at"), on_disagreement),
        "url": permalink(tweet_id, user.get("screen_name")),
        "repost_of": retweeted.get("id_str") or retweeted.get("id"),
        "reply_to": tweet.get("in_reply_to_status_id_str"),
        "quote_of": tweet.get("quoted_status_id_str"),
        "mentions": _each(entities, "user_mentions", "screen_name"),
        "hashtags": _each(entities, "hashtags", "text"),
        "urls": _links(entities),
        "lang": tweet.get("lang"),
    }


def _status_of(
    user: Mapping[str, Any],
    user_id: object,
    username: object,
    errors: Mapping[tuple[str, str], str],
) -> str | None:
    """Return the status a v2 user object and the response's errors give one account."""
    handle = username.strip().lstrip("@").casefold() if isinstance(username, str) else ""
    return strongest(
        [
            user_status(user),
            errors.get(("id", str(user_id))) if user_id is not None else None,
            errors.get(("username", handle)) if handle else None,
        ]
    )


def _retrieved_at(record: Mapping[str, Any]) -> object:
    """Return when twarc2 retrieved ``record`` (its ``__twarc.retrieved_at``), or None."""
    meta = record.get("__twarc")
    return meta.get("retrieved_at") if isinstance(meta, Mapping) else None


def _each(entities: Mapping[str, Any], kind: str, key: str) -> list[str] | None:
    """Return a value of each entity of ``kind``; None (look in the text) without entities."""
    if not entities:
        return None
    return [entity[key] for entity in _objects(entities, kind) if entity.get(key)]


def _links(entities: Mapping[str, Any]) -> list[str] | None:
    if not entities:
        return None
    return [_expanded(url) for url in _objects(entities, "urls") if _expanded(url)]


def _tweet(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise MalformedPost(f"a tweet in 'data' is not an object ({type_name(value)})")
    return value


def _object(parent: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """Return the object under ``key``, ``{}`` when absent, MalformedPost when not an object."""
    value = parent.get(key)
    if value is None or value == "" or value == []:
        return {}
    if not isinstance(value, Mapping):
        raise MalformedPost(f"'{key}' should be an object, got {type_name(value)}")
    return value


def _objects(parent: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """Return the list of objects under ``key``, ``[]`` when absent; MalformedPost otherwise."""
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedPost(f"'{key}' should be a list of objects, got {type_name(value)}")
    for item in value:
        if not isinstance(item, Mapping):
            raise MalformedPost(f"'{key}' should hold only objects, not {type_name(item)}")
    return value


def _expanded(url: Mapping[str, Any]) -> str:
    link = url.get("unwound_url") or url.get("expanded_url") or url.get("url")
    if link is not None and not isinstance(link, str):
        raise MalformedPost(f"a link in 'entities' should be a text, got {type_name(link)}")
    return link or ""


def permalink(tweet_id: object, handle: object) -> str | None:
    """Return the address of a tweet on x.com, or None without a usable id.

    Examples
    --------
    >>> permalink("1001", "Almiri"), permalink(1001, None)
    ('https://x.com/Almiri/status/1001', 'https://x.com/i/web/status/1001')
    """
    number = str(tweet_id).strip() if isinstance(tweet_id, str | int) else ""
    if not number.isdigit():
        return None
    name = handle.strip().lstrip("@") if isinstance(handle, str) else ""
    return f"https://x.com/{name or 'i/web'}/status/{number}"


def _time(
    tweet_id: object, created_at: object, on_disagreement: DisagreementCallback | None
) -> object:
    try:
        seconds = snowflake_seconds(str(tweet_id))
    except ValueError:
        seconds = None
    if seconds is None:
        return created_at
    if on_disagreement is not None and created_at:
        try:
            created = epoch_seconds(created_at)
        except ValueError:
            created = None  # an unreadable created_at is not used, so not worth a warning
        if created is not None and abs(created - seconds) > MAX_TIME_DISAGREEMENT:
            on_disagreement(str(tweet_id), seconds, created)
    return seconds
