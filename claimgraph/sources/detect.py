"""Tell which reader a file needs from the start of its content, then its name.

Content wins over the file name: a ``.txt`` file holding a saved web page is
HTML, and a ``.html`` file holding RSS is a feed. Only the markup a file
*starts* with counts (after an XML declaration, comments and a doctype), so
a text file that merely mentions ``<html>`` stays text.

Examples
--------
>>> detect_format(b"<?xml version='1.0'?><rss version='2.0'><channel>", "news.html")
'feed'
>>> detect_format(b"<!DOCTYPE html><html><body><p>Hi</p>", "page.txt")
'html'
>>> detect_format(b"Notes\\n\\n# Heading\\n\\nBody.", "notes")
'markdown'
>>> detect_format(b"Plain words about <html> tags.", "notes.txt")
'text'
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from claimgraph.errors import UnsupportedFormatError
from claimgraph.sources.encoding import SNIFF_SIZE, bom_encoding

__all__ = ["detect_format"]

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_FEED_SUFFIXES = frozenset({".rss", ".atom"})
_XML_SUFFIXES = frozenset({".xml", ".rdf"}) | _FEED_SUFFIXES

# A file starting with one of these is a web page whatever its name.
_PAGE_TAGS = frozenset({"html", "head", "body"})
# A file starting with one of these is an HTML fragment, unless named as Markdown
# (Markdown files often open with raw HTML such as <div align="center">).
_FRAGMENT_TAGS = frozenset({
    "meta", "title", "link", "base", "style", "script", "noscript", "header", "nav",
    "main", "article", "section", "aside", "footer", "div", "p", "span", "a", "table",
    "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "form",
    "iframe", "img", "figure", "br", "hr", "b", "i", "em", "strong", "center", "font",
})  # fmt: skip
_ATOM_NAMESPACES = ("http://www.w3.org/2005/atom", "http://purl.org/atom/ns#")
_RSS1_MARKERS = ("http://purl.org/rss/1.0/", "<channel")

_TAG_NAME = re.compile(r"<([A-Za-z_][\w.:-]*)")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}={3,}[ \t]*$")


def detect_format(head: bytes, path: str | os.PathLike[str]) -> str:
    """Return the reader format for a file from its first bytes and its name.

    Parameters
    ----------
    head : bytes
        The first bytes of the file (a few KB are enough; more are ignored).
    path : str or os.PathLike
        The file's path; its suffix decides only when the content does not.

    Returns
    -------
    str
        One of ``'text'``, ``'markdown'``, ``'html'``, ``'feed'``.

    Raises
    ------
    UnsupportedFormatError
        If the file is XML but neither a feed nor a web page (a sitemap, say).

    Examples
    --------
    >>> detect_format(b'<feed xmlns="http://www.w3.org/2005/Atom">', "updates.xml")
    'feed'
    >>> detect_format(b'<div align="center">Logo</div>', "README.md")
    'markdown'
    """
    text = _sniff_text(head)
    root, doctype, xml = _first_element(text)
    suffix = Path(path).suffix.lower()
    if doctype.startswith("html") or root in _PAGE_TAGS:
        return "html"
    if root is not None and _is_feed_root(root, text):
        return "feed"
    if root is not None and (xml or suffix in _XML_SUFFIXES):
        raise UnsupportedFormatError(
            f"XML with root element <{root}> is neither an RSS/Atom feed nor a web page; "
            "claimgraph cannot read it"
        )
    return _format_by_name(suffix, root) or ("markdown" if _looks_like_markdown(text) else "text")


def _sniff_text(head: bytes) -> str:
    head = head[:SNIFF_SIZE]
    # A cut multi-byte character at the end is harmless: only markers are sought.
    return head.decode(bom_encoding(head) or "utf-8", errors="replace").lstrip("\ufeff")


def _first_element(text: str) -> tuple[str | None, str, bool]:
    """Return the first element's lower-cased name, the doctype, and whether there was a prolog."""
    pos, doctype, xml = 0, "", False
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text.startswith("<?", pos):
            end, xml = text.find("?>", pos), True
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
        elif text[pos : pos + 9].lower() == "<!doctype":
            end = _doctype_end(text, pos)
            doctype = text[pos + 9 : end].strip().lower()
        else:
            break
        if end < 0:
            return None, doctype, xml
        pos = text.find(">", end) + 1
    match = _TAG_NAME.match(text, pos)
    return (match.group(1).lower() if match else None), doctype, xml


def _doctype_end(text: str, start: int) -> int:
    # An internal subset (<!DOCTYPE rss [ <!ENTITY ...> ]>) holds '>' of its own.
    end = text.find(">", start)
    bracket = text.find("[", start, end)
    return end if bracket < 0 else text.find("]>", bracket)


def _is_feed_root(root: str, text: str) -> bool:
    local = root.rpartition(":")[2]
    lowered = text.lower()
    if local == "rss":
        return True
    if local == "feed":
        return any(namespace in lowered for namespace in _ATOM_NAMESPACES)
    # RSS 1.0 is RDF; other RDF/XML documents are not feeds.
    return root == "rdf:rdf" and any(marker in lowered for marker in _RSS1_MARKERS)


def _format_by_name(suffix: str, root: str | None) -> str | None:
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if root in _FRAGMENT_TAGS or suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _FEED_SUFFIXES:
        return "feed"
    return None


def _looks_like_markdown(text: str) -> bool:
    if _ATX_HEADING.search(text):
        return True
    lines = text.splitlines()
    return any(
        previous.strip() and _SETEXT_UNDERLINE.match(line)
        for previous, line in zip(lines, lines[1:], strict=False)
    )
