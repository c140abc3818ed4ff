"""Read RSS and Atom feed files with feedparser: one document per entry.

An entry's text is its content, or failing that its summary, converted from
HTML to plain text. Each document's ``source`` is ``path#id`` (the entry's id,
or its position counting from 1) so entries of one file stay apart. Entries
with no text are passed over and reported.

Examples
--------
>>> rss = '''<rss version="2.0"><channel><title>News</title>
... <item><guid>n1</guid><title>PM tweets</title>
... <description>&lt;p&gt;Hello&lt;/p&gt;</description></item>
... <item><title>Empty</title></item>
... </channel></rss>'''
>>> for item in read_feed(rss, "news.xml", "utf-8"):
...     print(item.source, "|", getattr(item, "text", getattr(item, "reason", "")))
news.xml#n1 | Hello
news.xml#2 | feed entry has no content or summary text
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

import feedparser

from claimgraph.errors import UnreadableSourceError
from claimgraph.model import RawDocument
from claimgraph.sources.base import Skipped, one_line
from claimgraph.sources.dates import iso_utc_from_struct
from claimgraph.sources.html import html_to_text

__all__ = ["read_feed"]

logger = logging.getLogger(__name__)

# The text is already decoded; this header makes feedparser read the UTF-8 bytes
# we hand it as UTF-8 whatever the file's XML declaration says.
_HEADERS = {"content-type": "application/xml; charset=utf-8"}
_DATE_KEYS = ("published_parsed", "updated_parsed", "created_parsed")
_NO_TEXT = "feed entry has no content or summary text"


def read_feed(text: str, source: str, encoding: str) -> Iterator[RawDocument | Skipped]:
    """Yield a document per entry of an RSS or Atom feed, and a ``Skipped`` per empty entry.

    Parameters
    ----------
    text : str
        The decoded feed.
    source : str
        The path it was read from.
    encoding : str
        The encoding it was decoded with.

    Raises
    ------
    UnreadableSourceError
        If the file is not a feed, is too malformed to parse, or has no entries.
    """
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=_HEADERS)
    if not parsed.entries:
        _raise_no_entries(parsed, source)
    if parsed.get("bozo"):
        # feedparser's lenient parser recovered; entries after the error may be lost.
        logger.warning("%s: malformed feed read leniently: %s", source, parsed.bozo_exception)
    feed_author = _feed_author(parsed)
    feed_lang = parsed.feed.get("language")
    for index, entry in enumerate(parsed.entries, start=1):
        entry_source = f"{source}#{entry.get('id') or index}"
        body, lang = _entry_text(entry)
        if not body:
            yield Skipped(entry_source, _NO_TEXT)
            continue
        yield RawDocument(
            text=body,
            source=entry_source,
            format="feed",
            title=_detail_text(entry.get("title_detail")) or None,
            url=entry.get("link") or None,
            author=_author(entry) or feed_author,
            published_at=_published(entry),
            lang=lang or feed_lang or None,
            encoding=encoding,
        )


def _raise_no_entries(parsed: Any, source: str) -> NoReturn:
    error = parsed.get("bozo_exception")
    if parsed.get("bozo") and error is not None:
        message = error.getMessage() if hasattr(error, "getMessage") else str(error)
        line = error.getLineNumber() if hasattr(error, "getLineNumber") else None
        raise UnreadableSourceError(
            f"not a well-formed RSS or Atom feed: {one_line(message)}; fix the XML there",
            source=source,
            line=line,
        )
    if not parsed.get("version"):
        raise UnreadableSourceError(
            "not an RSS or Atom feed: no <rss>, <feed> or <rdf:RDF> root element; "
            "choose another --format",
            source=source,
        )
    raise UnreadableSourceError("feed has no entries: nothing to read", source=source)


def _entry_text(entry: Mapping[str, Any]) -> tuple[str, str | None]:
    """Return the text of an entry's first non-empty content or summary, and its language."""
    details = [*entry.get("content", ()), entry.get("summary_detail")]
    for detail in details:
        text = _detail_text(detail)
        if text:
            return text, detail.get("language")
    return "", None


def _detail_text(detail: Mapping[str, Any] | None) -> str:
    """Return the plain text of a feedparser text construct (``title_detail``, content...)."""
    if not detail:
        return ""
    value = detail.get("value") or ""
    if "html" in (detail.get("type") or "text/html"):
        return html_to_text(value)
    return value.strip()


def _author(entry: Mapping[str, Any]) -> str | None:
    detail = entry.get("author_detail") or {}
    return detail.get("name") or entry.get("author") or None


def _feed_author(parsed: Any) -> str | None:
    # RFC 4287 section 4.2.1: an Atom entry without an author has the feed's.
    # RSS has no such rule; a channel's managingEditor is not the entry's writer.
    if not (parsed.get("version") or "").startswith("atom"):
        return None
    return _author(parsed.feed)


def _published(entry: Mapping[str, Any]) -> str | None:
    for key in _DATE_KEYS:
        value = iso_utc_from_struct(entry.get(key))
        if value:
            return value
    return None
