"""Read a Telegram Desktop channel or chat export (``result.json``).

Each message of type ``message`` becomes a post with the document id
``telegram:CHAT/MESSAGE`` (message numbers are per chat). The author is the
``from_id`` (``channel123``, ``user456``), shown as ``from``; but a
channel's own posts are by its username (``telegram:veloriatoday``, the
``platform:handle`` of DESIGN.md, which a gazetteer can name) when the
export gives one (a top-level ``username``, or a ``t.me`` link), and the
numeric ``from_id`` is kept as the account's ``platform_id`` (issue 19.10).
Each post's ``url`` is then ``https://t.me/USERNAME/MESSAGE``. A forward has
no id of its original in the export, so it reposts a stand-in
``telegram:fwd/SOURCE/TEXT-HASH``: forwards of one message from one source
share it, which is what co-repost needs. Hashtags, mentions and links come
from ``text_entities``; times from ``date_unixtime`` (else ``date``, taken
as UTC).

Examples
--------
>>> export = '''{"name": "News", "type": "public_channel", "id": 42, "messages": [
...  {"id": 7, "type": "message", "date_unixtime": "1470799800", "from": "News",
...   "from_id": "channel42", "text": ["Read ", {"type": "hashtag", "text": "#KZ"}],
...   "text_entities": [{"type": "plain", "text": "Read "},
...                     {"type": "hashtag", "text": "#KZ"}]}]}'''
>>> doc, = read_telegram(export, "result.json", "utf-8")
>>> doc.id, doc.text, doc.post.author, doc.post.hashtags
('telegram:42/7', 'Read #KZ', 'telegram:channel42', ('kz',))
>>> doc, = read_telegram(export.replace('"id": 42,', '"id": 42, "username": "@News_KZ",'),
...                      "result.json", "utf-8")
>>> doc.post.author, doc.post.author_platform_id, doc.url
('telegram:news_kz', 'channel42', 'https://t.me/News_KZ/7')
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from claimgraph.errors import UnreadableSourceError
from claimgraph.model import RawDocument, normalise_text, slugify
from claimgraph.sources.base import Skipped, one_line
from claimgraph.sources.posts.common import MalformedPost, post_or_skip, type_name

__all__ = ["read_telegram"]


def read_telegram(text: str, source: str, encoding: str) -> Iterator[RawDocument | Skipped]:
    """Yield a document per message of a Telegram Desktop export, a Skipped per bad one.

    A bad message is reported with the line it starts on and its number; the
    messages around it still load. Service messages (``"type": "service"``)
    are not posts and are passed over silently.
    """
    export = _load(text, source)
    chat = export.get("id", slugify(str(export.get("name", "chat"))))
    if not _is_scalar(chat):
        raise UnreadableSourceError(
            f"not a Telegram export: the chat 'id' should be a number, got {type_name(chat)}",
            source=source,
        )
    messages = export["messages"]
    username = channel_username(export)
    lines = _message_lines(text, len(messages))
    for index, message in enumerate(messages, start=1):
        line = lines[index - 1] if lines else None
        if not isinstance(message, Mapping):
            reason = f"not an object ({type_name(message)})"
        elif message.get("type") == "service":
            continue  # a chat event (someone joined, a title changed), not a post
        elif message.get("type", "message") != "message":
            reason = f"unknown message type {message.get('type')!r}; expected 'message'"
        else:
            fields = functools.partial(_fields, message, str(chat), username)
            item = post_or_skip(fields, source, "telegram", line)
            if isinstance(item, RawDocument):
                yield item
                continue
            reason = item.reason
        # The message's number too: an export written on one line has one line number.
        yield Skipped(source, f"message #{index}: {reason}", line)


def _load(text: str, source: str) -> Mapping[str, Any]:
    try:
        export = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", None)
        raise UnreadableSourceError(
            f"not a Telegram export: malformed JSON ({one_line(str(error))})",
            source=source,
            line=line,
        ) from None
    except RecursionError:
        raise UnreadableSourceError(
            "not a Telegram export: the JSON is nested too deeply to read", source=source
        ) from None
    if not isinstance(export, Mapping) or not isinstance(export.get("messages"), list):
        raise UnreadableSourceError(
            "not a Telegram export: no 'messages' list; export the chat as JSON "
            "from Telegram Desktop (Export chat history, format JSON)",
            source=source,
        )
    return export


def channel_username(export: Mapping[str, Any]) -> str | None:
    """Return the public username of an exported channel, when the export gives one.

    Examples
    --------
    >>> channel_username({"username": "@VeloriaToday"})
    'VeloriaToday'
    >>> channel_username({"link": "https://t.me/kz_news"})
    'kz_news'
    >>> channel_username({"name": "News"}) is None
    True
    """
    for key in ("username", "link", "url"):
        value = export.get(key)
        if isinstance(value, str):
            match = _USERNAME.fullmatch(value.strip())
            if match:
                return match.group(1)
    return None


_USERNAME = re.compile(r"(?:@|(?:https?://)?(?:www\.)?(?:t|telegram)\.me/)?([A-Za-z]\w{3,31})/?")


def _fields(message: Mapping[str, Any], chat: str, username: str | None) -> dict[str, object]:
    text = _plain_text(message.get("text"))
    entities = message.get("text_entities")
    if entities is not None and not isinstance(entities, list):
        raise MalformedPost(f"'text_entities' should be a list, got {type_name(entities)}")
    if entities is None:
        entities = [e for e in _parts(message.get("text")) if isinstance(e, Mapping)]
    kinds: dict[str, list[str]] = {}
    for entity in entities:
        if isinstance(entity, Mapping):
            value = entity.get("href") or entity.get("text") or ""
            kinds.setdefault(str(entity.get("type")), []).append(str(_scalar(value, "entity")))
    number = _scalar(message.get("id"), "id")
    reply = _scalar(message.get("reply_to_message_id"), "reply_to_message_id")
    from_id = message.get("from_id") or message.get("actor_id")
    own = username is not None and from_id in (f"channel{chat}", None)
    return {
        "platform": "telegram",
        "id": f"{chat}/{number}" if number is not None else None,
        "handle": username if own else from_id,
        "author_id": from_id if own else None,
        "display_name": message.get("from"),
        "url": f"https://t.me/{username}/{number}" if username and number is not None else None,
        "text": text,
        "time": message.get("date_unixtime") or message.get("date"),
        "repost_of": _forward_id(_scalar(message.get("forwarded_from"), "forwarded_from"), text),
        "reply_to": f"{chat}/{reply}" if reply is not None else None,
        # Without entities (older exports, plain strings), look for them in the text.
        "mentions": kinds.get("mention", []) if entities else None,
        "hashtags": kinds.get("hashtag", []) if entities else None,
        "urls": kinds.get("link", []) + kinds.get("text_link", []) if entities else None,
    }


def _plain_text(value: object) -> str:
    parts = []
    for part in _parts(value):
        text = part.get("text", "") if isinstance(part, Mapping) else part
        if not isinstance(text, str):
            raise MalformedPost(f"a part of 'text' should be a text, got {type_name(text)}")
        parts.append(text)
    return "".join(parts)


def _parts(value: object) -> list[object]:
    """Return the parts of a message's ``text``: a string, or a list of strings and objects."""
    if value is None or isinstance(value, str):
        return [value or ""]
    if isinstance(value, list):
        return value
    raise MalformedPost(f"'text' should be a text or a list, got {type_name(value)}")


def _scalar(value: object, key: str) -> object:
    if not _is_scalar(value):
        raise MalformedPost(f"'{key}' should be a text or number, got {type_name(value)}")
    return value


def _is_scalar(value: object) -> bool:
    return value is None or (isinstance(value, str | int | float) and not isinstance(value, bool))


def _forward_id(origin: object, text: str) -> str | None:
    if not origin:
        return None
    digest = hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]
    return f"fwd/{slugify(str(origin)) or 'unknown'}/{digest}"


def _message_lines(text: str, count: int) -> list[int]:
    """Return the line each of the ``count`` messages starts on, or [] if they cannot be found.

    The text is known to be valid JSON; the ``"messages": [`` of the export
    is found and each message decoded in turn to learn where the next begins.
    """
    match = _MESSAGES.search(text)
    if match is None:
        return []
    decoder = json.JSONDecoder()
    lines: list[int] = []
    position, line = match.end(), text.count("\n", 0, match.end()) + 1
    try:
        for _ in range(count):
            start = _SEPARATOR.match(text, position).end()  # type: ignore[union-attr]
            line += text.count("\n", position, start)
            lines.append(line)
            _, position = decoder.raw_decode(text, start)
            line += text.count("\n", start, position)
    except (ValueError, RecursionError):
        return []
    return lines


_MESSAGES = re.compile(r'"messages"\s*:\s*\[')
_SEPARATOR = re.compile(r"[\s,]*")
