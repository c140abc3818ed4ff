"""What every post reader shares: entities from text, times, and building the document.

Platforms give hashtags, mentions and links as structured entities; when a
source has none (a CSV, a Telegram message without entities), they are found
in the text with the patterns below.

Examples
--------
>>> hashtags_in("Proud! #25летНезависимости #KZ")
('25летнезависимости', 'kz')
>>> mentions_in("cc @Massimov_Karim and @samsonino.")
('massimov_karim', 'samsonino')
>>> epoch_seconds("2016-08-10T03:30:00Z")
1470799800.0
>>> epoch_seconds("Wed Aug 10 03:30:00 +0000 2016")
1470799800.0
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from claimgraph.errors import SourceError
from claimgraph.model import Post, RawDocument, account_id, hashtag_id, normalise_url, unique
from claimgraph.sources.base import BadLine, Skipped, one_line
from claimgraph.sources.posts.status import normalise_status

__all__ = [
    "MAX_POST_ENTITIES",
    "PostFields",
    "build_post",
    "epoch_seconds",
    "hashtags_in",
    "mentions_in",
    "urls_in",
    "iso_from_epoch",
    "MalformedPost",
    "Lines",
    "json_lines",
    "post_or_skip",
    "type_name",
]

_HASHTAG = re.compile(r"(?<![\w&])[#＃](\w*[^\W\d_]\w*)")
_MENTION = re.compile(r"(?<![\w@])@(\w{1,64})")
_URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
_URL_TRAILER = ".,;:!?)]}'\"…"
_TWITTER_CREATED_AT = "%a %b %d %H:%M:%S %z %Y"
# Seconds since the epoch of 0001-01-01 and 9999-12-31T23:59:59, the range ISO 8601 dates cover.
_FIRST_SECOND, _LAST_SECOND = -62_135_596_800, 253_402_300_799
# What a malformed record can make the field extraction raise; one record is
# skipped for it, never the rest of the file.
_RECORD_ERRORS = (TypeError, ValueError, AttributeError, KeyError, LookupError, RecursionError)

#: Most mentions, hashtags or links one post may have: each becomes a relationship, and a
#: real post has at most a few hundred (a Telegram message is at most 4,096 characters).
MAX_POST_ENTITIES = 1000

#: What a line-by-line reader takes: a file's whole text, or its lines as they are read.
Lines = str | Iterable[str]

#: Everything a reader may know about a post; only ``platform``, ``id`` and ``author`` are needed.
PostFields = dict[str, object]


class MalformedPost(SourceError):
    """A post record lacks what every post needs (an id, an author) or holds a bad value."""


def hashtags_in(text: str) -> tuple[str, ...]:
    """Return the hashtag ids in ``text``, in order, without duplicates."""
    return tuple(unique(hashtag_id(tag) for tag in _HASHTAG.findall(text)))


def mentions_in(text: str) -> tuple[str, ...]:
    """Return the handles ``@mentioned`` in ``text``, lower-cased, without duplicates."""
    return tuple(unique(handle.casefold() for handle in _MENTION.findall(text)))


def urls_in(text: str) -> tuple[str, ...]:
    """Return the links in ``text`` as written, without trailing punctuation.

    Examples
    --------
    >>> urls_in("See https://t.co/abc, and http://x.org/a?b=1).")
    ('https://t.co/abc', 'http://x.org/a?b=1')
    """
    return tuple(unique(url.rstrip(_URL_TRAILER) for url in _URL.findall(text)))


def epoch_seconds(value: object) -> float | None:
    """Return a time as seconds since the Unix epoch (UTC).

    Accepts numbers and numeric strings (seconds; taken as milliseconds when
    above 10**11), ISO 8601 (a time without offset is taken as UTC), and
    Twitter's and RFC 2822's ``Wed Aug 10 03:30:00 +0000 2016`` forms.
    Returns ``None`` for nothing; raises ``ValueError`` for anything else,
    including NaN, infinities and times outside the years 1 to 9999.

    Examples
    --------
    >>> epoch_seconds("1e400")
    Traceback (most recent call last):
    ...
    ValueError: not a time between the years 1 and 9999: '1e400'
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = value.strip()
        try:
            number = float(text)
        except ValueError:
            number = _parse_time_text(text)
    seconds = number / 1000.0 if abs(number) > 1e11 else number
    if not (math.isfinite(seconds) and _FIRST_SECOND <= seconds <= _LAST_SECOND):
        raise ValueError(f"not a time between the years 1 and 9999: {value!r}")
    return seconds


def iso_from_epoch(seconds: float | None) -> str | None:
    """Return ``seconds`` since the epoch as ``YYYY-MM-DDTHH:MM:SSZ``.

    Examples
    --------
    >>> iso_from_epoch(59.5)
    '1970-01-01T00:00:59Z'
    """
    if seconds is None:
        return None
    return datetime.fromtimestamp(int(seconds // 1), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_post(fields: PostFields, source: str, format: str) -> RawDocument:
    """Return the document of one post from the fields a reader found.

    Keys: ``platform``, ``id``, ``handle`` (required), ``author_id``,
    ``display_name``, ``text``, ``time`` (anything :func:`epoch_seconds`
    reads), ``repost_of``, ``reply_to``, ``quote_of`` (platform ids of other
    posts), ``mentions``, ``hashtags``, ``urls`` (from the platform's
    entities; found in the text when absent), ``lang``, ``url``; and what
    the data says of the accounts (:mod:`~claimgraph.sources.posts.status`):
    ``status`` (the author's; a word outside the vocabulary is left out),
    ``status_seen`` (when it was seen; the post's time when not given) and
    ``mentioned_statuses`` (a mapping of mentioned handles to status words).
    A status that cannot be read is left out; it never costs the post.

    Raises
    ------
    MalformedPost
        If the id or the author is missing, or the time cannot be read.
    """
    from claimgraph.model import post_id

    platform = str(fields.get("platform") or "").strip().casefold()
    _check_types({k: v for k, v in fields.items() if k not in _STATUS_FIELDS})
    number = _text(fields.get("id"))
    handle = _text(fields.get("handle")) or _text(fields.get("author_id"))
    if not platform or not number:
        raise MalformedPost("the post has no id; every post needs one")
    if not handle:
        raise MalformedPost(f"post {number} has no author (a username or user id)")
    try:
        seconds = epoch_seconds(fields.get("time"))
    except ValueError as error:
        raise MalformedPost(f"post {number}: unreadable time {fields.get('time')!r}") from error
    text = _text(fields.get("text")) or ""
    given_urls = _strings(fields.get("urls"))
    urls_as_given = tuple(given_urls) if given_urls is not None else urls_in(text)
    given_mentions = _strings(fields.get("mentions"))
    given_hashtags = _strings(fields.get("hashtags"))
    mentions = _handles(given_mentions) if given_mentions is not None else mentions_in(text)
    hashtags = _tags(given_hashtags) if given_hashtags is not None else hashtags_in(text)
    for name, values in (("mentions", mentions), ("hashtags", hashtags), ("links", urls_as_given)):
        if len(values) > MAX_POST_ENTITIES:
            raise MalformedPost(
                f"post {number} has {len(values):,} {name}, more than the {MAX_POST_ENTITIES:,} "
                "a real post holds; not read"
            )
    post = Post(
        id=post_id(platform, number),
        platform=platform,
        author=account_id(platform, handle),
        handle=handle.lstrip("@"),
        timestamp=seconds,
        author_platform_id=_text(fields.get("author_id")),
        display_name=_text(fields.get("display_name")),
        repost_of=_target(platform, fields.get("repost_of")),
        reply_to=_target(platform, fields.get("reply_to")),
        quote_of=_target(platform, fields.get("quote_of")),
        mentions=mentions,
        hashtags=hashtags,
        urls=_normalised(urls_as_given),
        urls_as_given=urls_as_given,
        **_statuses(fields, seconds, mentions),
    )
    return RawDocument(
        text=text,
        source=source,
        kind="post",
        format=format,
        url=_text(fields.get("url")),
        author=post.author,
        published_at=iso_from_epoch(seconds),
        lang=_text(fields.get("lang")),
        post=post,
    )


def post_or_skip(
    fields: PostFields | Callable[[], PostFields], source: str, format: str, line: int | None
) -> RawDocument | Skipped:
    """Return the post of ``fields`` (or of what ``fields()`` finds), or a Skipped saying why not.

    A record of the wrong shape (a list where an object belongs, say) makes
    the field extraction fail in many ways; each is the record's fault, so it
    is reported with its line and the reader goes on with the next record.
    """
    try:
        return build_post(fields() if callable(fields) else fields, source, format)
    except MalformedPost as error:
        return Skipped(source, str(error), line)
    except _RECORD_ERRORS as error:
        return Skipped(
            source,
            one_line(f"malformed record, skipped ({type(error).__name__}: {error})"),
            line,
        )


def _statuses(
    fields: PostFields, seconds: float | None, mentions: tuple[str, ...]
) -> dict[str, Any]:
    """Return the Post keywords of what ``fields`` say of the author's and mentioned accounts."""
    author = normalise_status(fields.get("status"))
    given = fields.get("mentioned_statuses")
    mentioned: dict[str, str] = {}
    if isinstance(given, Mapping):
        for handle, word in given.items():
            status = normalise_status(word)
            name = handle.strip().lstrip("@").casefold() if isinstance(handle, str) else ""
            if status and name in mentions:
                mentioned[name] = status
    if author is None and not mentioned:
        return {}
    try:
        seen = epoch_seconds(fields.get("status_seen"))
    except ValueError:
        seen = None
    return {
        "author_status": author,
        "status_seen": seconds if seen is None else seen,
        "mentioned_statuses": tuple(sorted(mentioned.items())),
    }


def _check_types(fields: PostFields) -> None:
    """Raise MalformedPost if a field holds a value of a type no post field has, or bad text."""
    for name, value in fields.items():
        _check_text(name, value)
        if name in _LIST_FIELDS:
            items = value if isinstance(value, list | tuple) else [value]
            if isinstance(value, Mapping) or not all(_is_scalar(item) for item in items):
                raise MalformedPost(
                    f"field {name!r} should be a list of texts, got {type_name(value)}"
                )
        elif not _is_scalar(value) or (isinstance(value, bool) and name != "time"):
            raise MalformedPost(
                f"field {name!r} should be a text or number, got {type_name(value)}"
            )


_LIST_FIELDS = frozenset({"mentions", "hashtags", "urls"})
# Read leniently by _statuses: a bad value there is left out, not the post.
_STATUS_FIELDS = frozenset({"status", "status_seen", "mentioned_statuses"})


# Bytes that were not UTF-8 (decoded with surrogateescape) and JSON's lone \\ud800 escapes.
_BAD_TEXT = re.compile("[\ud800-\udfff]")


def _check_text(name: str, value: object) -> None:
    texts = value if isinstance(value, list | tuple) else [value]
    for text in texts:
        bad = _BAD_TEXT.search(text) if isinstance(text, str) else None
        if bad is None:
            continue
        code = ord(bad.group())
        what = f"the byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "a lone surrogate"
        raise MalformedPost(
            f"field {name!r} is not valid UTF-8 text ({what}); save the file as UTF-8"
        )


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float)


def type_name(value: object) -> str:
    """Return how a report names the JSON type of ``value`` ("a list", "an object", ...).

    Examples
    --------
    >>> type_name([1]), type_name({}), type_name(None), type_name(True), type_name(2.5)
    ('a list', 'an object', 'null', 'true/false', 'a number')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, int | float):
        return "a number"
    return "a text" if isinstance(value, str) else f"a {type(value).__name__}"


def _parse_time_text(text: str) -> float:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.strptime(text, _TWITTER_CREATED_AT)
        except ValueError:
            try:
                moment = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError, OverflowError) as error:
                raise ValueError(f"not a time: {text!r}") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _strings(value: object) -> list[str] | None:
    """Return a list of strings from a list, or a space-separated string; None when absent."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.split()
    if isinstance(value, Iterable):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return [str(value)]


def _target(platform: str, value: object) -> str | None:
    from claimgraph.model import post_id

    number = _text(value)
    return post_id(platform, number) if number else None


def _handles(values: list[str]) -> tuple[str, ...]:
    return tuple(unique(v.strip().lstrip("@").casefold() for v in values if v.strip("@ ")))


def _tags(values: list[str]) -> tuple[str, ...]:
    return tuple(unique(hashtag_id(v) for v in values if hashtag_id(v)))


def _normalised(urls: Iterable[str]) -> tuple[str, ...]:
    result = []
    for url in urls:
        try:
            result.append(normalise_url(url))
        except ValueError:
            continue  # a malformed link (bad port, say) is left out, not the post
    return tuple(unique(result))


def json_lines(text: Lines, source: str) -> Iterator[tuple[int, Any] | Skipped]:
    """Yield ``(line number, value)`` per JSON line of ``text``, a Skipped per bad line.

    ``text`` is a whole file's text, or its lines as read from the file with
    ``newline=""`` (streamed). Lines end at ``\\n``, ``\\r\\n`` or ``\\r``
    only: JSON text may hold other characters that :meth:`str.splitlines`
    would break at (U+2028, form feed).

    Examples
    --------
    >>> [getattr(item, "reason", item) for item in json_lines('{"a": 1}\\n[[[\\n', "x.jsonl")]
    [(1, {'a': 1}), 'not a JSON line (Expecting value: line 1 column 4 (char 3))']
    """
    lines = _LINE_BREAK.split(text) if isinstance(text, str) else text
    for number, line in enumerate(lines, start=1):
        if isinstance(line, BadLine):
            yield Skipped(source, line.reason, number)
            continue
        if not line.strip(_JSON_WHITESPACE):
            continue
        try:
            yield number, json.loads(line)
        except ValueError as error:
            yield Skipped(source, f"not a JSON line ({one_line(str(error))})", number)
        except RecursionError:
            yield Skipped(source, "not a JSON line: nested too deeply to read", number)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Only these are blank in JSON; str.strip() would also drop a line of \x1c.
_JSON_WHITESPACE = " \t\r\n"
