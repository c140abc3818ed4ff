"""Read a Telegram Desktop channel or chat export (``result.json``).

Each message of type ``message`` becomes a post with the document id
``telegram:CHAT/MESSAGE`` (message numbers are per chat). The author is the
``from_id`` (``channel123``, ``user456``), shown as ``from``. A forward has
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
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from claimgraph.errors import UnreadableSourceError
from claimgraph.model import RawDocument, normalise_text, slugify
from claimgraph.sources.base import Skipped, one_line
from claimgraph.sources.posts.common import MalformedPost, build_post

__all__ = ["read_telegram"]


def read_telegram(text: str, source: str, encoding: str) -> Iterator[RawDocument | Skipped]:
    """Yield a document per message of a Telegram Desktop export, a Skipped per bad one."""
    try:
        export = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", None)
        raise UnreadableSourceError(
            f"not a Telegram export: malformed JSON ({one_line(str(error))})",
            source=source,
            line=line,
        ) from None
    if not isinstance(export, Mapping) or not isinstance(export.get("messages"), list):
        raise UnreadableSourceError(
            "not a Telegram export: no 'messages' list; export the chat as JSON "
            "from Telegram Desktop (Export chat history, format JSON)",
            source=source,
        )
    chat = str(export.get("id", slugify(str(export.get("name", "chat")))))
    lines = _message_lines(text)
    for message in export["messages"]:
        if not isinstance(message, Mapping) or message.get("type", "message") != "message":
            continue
        try:
            yield build_post(_fields(message, chat), source, "telegram")
        except MalformedPost as error:
            yield Skipped(source, str(error), lines.get(str(message.get("id"))))


def _fields(message: Mapping[str, Any], chat: str) -> dict[str, object]:
    text = _plain_text(message.get("text"))
    entities = message.get("text_entities")
    if not isinstance(entities, list):
        entities = [e for e in message.get("text") or [] if isinstance(e, Mapping)]
    kinds: dict[str, list[str]] = {}
    for entity in entities:
        if isinstance(entity, Mapping):
            value = entity.get("href") or entity.get("text") or ""
            kinds.setdefault(str(entity.get("type")), []).append(str(value))
    number = message.get("id")
    reply = message.get("reply_to_message_id")
    return {
        "platform": "telegram",
        "id": f"{chat}/{number}" if number is not None else None,
        "handle": message.get("from_id") or message.get("actor_id"),
        "display_name": message.get("from"),
        "text": text,
        "time": message.get("date_unixtime") or message.get("date"),
        "repost_of": _forward_id(message.get("forwarded_from"), text),
        "reply_to": f"{chat}/{reply}" if reply is not None else None,
        # Without entities (older exports, plain strings), look for them in the text.
        "mentions": kinds.get("mention", []) if entities else None,
        "hashtags": kinds.get("hashtag", []) if entities else None,
        "urls": kinds.get("link", []) + kinds.get("text_link", []) if entities else None,
    }


def _plain_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(v if isinstance(v, str) else str(v.get("text", "")) for v in value)
    return ""


def _forward_id(origin: object, text: str) -> str | None:
    if not origin:
        return None
    digest = hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]
    return f"fwd/{slugify(str(origin)) or 'unknown'}/{digest}"


def _message_lines(text: str) -> dict[str, int]:
    """Return the line on which each message id first appears, for reports."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith('"id":'):
            found.setdefault(stripped[5:].strip().rstrip(",").strip('"'), number)
    return found
