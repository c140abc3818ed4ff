"""Read saved web pages with trafilatura: main text and metadata, no boilerplate.

Navigation, footers, related links and reader comments are left out; the
document's text is the article as trafilatura extracts it. Extraction favours
precision first and falls back to trafilatura's balanced setting only when
that finds nothing, so short pages still yield their text.

This module also converts HTML fragments (feed entries) to plain text.

Examples
--------
>>> html_to_text("<p>Khabar &amp; friends</p><p>line one<br>line two</p>")
'Khabar & friends\\n\\nline one\\nline two'
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import Document

from claimgraph.errors import UnreadableSourceError
from claimgraph.model import RawDocument
from claimgraph.sources.dates import iso_utc

__all__ = ["read_html", "html_to_text"]

# htmldate options: metadata and <time> markup only. Its extensive search also
# guesses from dates mentioned in the text (a footer's copyright year, say):
# a missing date is better evidence than a wrong one.
_DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Elements whose text starts a new paragraph when an HTML fragment becomes text.
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
})  # fmt: skip
_INVISIBLE_TAGS = ("script", "style", "template", "noscript")

_NO_TREE = "not HTML: no document could be parsed from it; check that the file is a saved web page"
_NO_TEXT = (
    "no main text found in the HTML page (a navigation, login or script-only page?); "
    "save the article page itself, or read the file with --format text"
)


def read_html(text: str, source: str, encoding: str) -> Iterator[RawDocument]:
    """Yield the one document of a saved web page: main text, title, author, date, URL.

    Parameters
    ----------
    text : str
        The decoded page.
    source : str
        The path it was read from.
    encoding : str
        The encoding it was decoded with.

    Raises
    ------
    UnreadableSourceError
        If the page cannot be parsed or trafilatura finds no main text in it.
    """
    tree = trafilatura.load_html(_without_xml_declaration(text))
    if tree is None:
        raise UnreadableSourceError(_NO_TREE, source=source)
    extracted = _extract(tree)
    if extracted is None or not extracted.text:
        raise UnreadableSourceError(_NO_TEXT, source=source)
    yield RawDocument(
        text=extracted.text,
        source=source,
        format="html",
        title=_clean(extracted.title),
        url=_absolute_url(extracted.url),
        author=_clean(extracted.author),
        published_at=iso_utc(extracted.date),
        lang=_clean(tree.get("lang") or tree.get(_XML_LANG) or tree.get("xml:lang")),
        encoding=encoding,
    )


def html_to_text(markup: str) -> str:
    """Return the text of an HTML fragment, one blank line between blocks.

    Whitespace inside a block is collapsed as a browser would; ``<br>``
    becomes a line break; scripts and styles are dropped.

    Examples
    --------
    >>> html_to_text("<ul><li>one</li><li>two</li></ul>  <script>x()</script>tail")
    'one\\n\\ntwo\\n\\ntail'
    >>> html_to_text("plain text, no tags")
    'plain text, no tags'
    """
    if not markup.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, *_INVISIBLE_TAGS, with_tail=False)
    _mark_breaks(root)
    return _join_lines(root.text_content())


def _extract(tree: lxml_html.HtmlElement) -> Document | None:
    """Return trafilatura's extraction of ``tree``, or ``None`` when it has no text."""
    for precision in (True, False):
        # bare_extraction works on a copy, so the tree can be tried twice.
        extracted = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            favor_precision=precision,
            date_extraction_params=_DATE_PARAMS,
        )
        if isinstance(extracted, Document) and (extracted.text or "").strip():
            return extracted
    return None


def _without_xml_declaration(text: str) -> str:
    # lxml refuses str input with an encoding declaration, and trafilatura then
    # re-encodes to UTF-8 while the declaration may still name another charset.
    stripped = text.lstrip()
    if stripped.startswith("<?xml"):
        end = stripped.find("?>")
        if end >= 0:
            return stripped[end + 2 :]
    return text


def _mark_breaks(root: lxml_html.HtmlElement) -> None:
    """Collapse source whitespace and mark line and paragraph breaks with newlines."""
    for element in root.iter():
        element.tail = _collapse(element.tail)
        if not isinstance(element.tag, str):  # a comment: only its tail is text
            continue
        element.text = _collapse(element.text)
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")


def _collapse(text: str | None) -> str | None:
    """Collapse whitespace runs to one space, keeping whether there was any at each end."""
    if not text:
        return text
    words = " ".join(text.split())
    if not words:
        return " "
    start = " " if text[0].isspace() else ""
    end = " " if text[-1].isspace() else ""
    return f"{start}{words}{end}"


def _join_lines(text: str) -> str:
    """Trim every line and keep at most one blank line between paragraphs."""
    lines: list[str] = []
    blank = False
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            blank = True
            continue
        if blank and lines:
            lines.append("")
        lines.append(line)
        blank = False
    return "\n".join(lines)


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None


def _absolute_url(url: str | None) -> str | None:
    url = _clean(url)
    return url if url and "://" in url else None
