"""Tests for claimgraph.sources.detect: content first, then the file name."""

from __future__ import annotations

import pytest

from claimgraph.errors import UnsupportedFormatError
from claimgraph.sources import detect_format

PAGE = b"<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>x</p></body></html>"
RSS = b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel></channel></rss>'
ATOM = b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
RDF = (
    b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    b' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"/></rdf:RDF>'
)


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (PAGE, "page.html", "html"),
        (PAGE, "page.txt", "html"),
        (b"  <html lang='ru'><body>x</body></html>", "saved", "html"),
        (b"<!-- saved from url=(0042)https://example.com/ -->\n<html>", "p.txt", "html"),
        (b"<head><title>x</title></head>", "p.txt", "html"),
        (b"<p>A fragment.</p>", "fragment.txt", "html"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">'
         b'<html xmlns="http://www.w3.org/1999/xhtml">', "page.xml", "html"),
        (RSS, "news.xml", "feed"),
        (RSS, "news.html", "feed"),
        (RSS, "news.txt", "feed"),
        (ATOM, "updates.xml", "feed"),
        (ATOM, "updates.html", "feed"),
        (RDF, "news.rdf", "feed"),
        (b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN">'
         b'<rss version="0.91">', "old.xml", "feed"),
        (b"# Title\n\nBody.", "notes.md", "markdown"),
        (b"Plain first line.", "notes.markdown", "markdown"),
        (b'<div align="center"><img src="logo.png"></div>\n# Project', "README.md", "markdown"),
        (b"Intro\n\n## Section\n\nBody.", "notes.txt", "markdown"),
        (b"Title\n=====\n\nBody.", "notes", "markdown"),
        (b"Plain words about <html> tags.", "notes.txt", "text"),
        (b"#25\xd0\xbb\xd0\xb5\xd1\x82 trending now", "tweets.txt", "text"),
        (b"Just text.", "page.html", "html"),
        (b"Just text.", "no-suffix", "text"),
    ],
)  # fmt: skip
def test_detect_format(head: bytes, name: str, expected: str) -> None:
    assert detect_format(head, name) == expected


def test_utf16_feed_with_bom_is_detected() -> None:
    head = RSS.decode().replace("utf-8", "utf-16").encode("utf-16")
    assert detect_format(head, "news.dat") == "feed"


def test_xml_that_is_not_a_feed_is_refused() -> None:
    sitemap = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    with pytest.raises(UnsupportedFormatError, match="<urlset>"):
        detect_format(sitemap, "sitemap.xml")


def test_feed_root_without_atom_namespace_is_not_a_feed() -> None:
    with pytest.raises(UnsupportedFormatError):
        detect_format(b"<?xml version='1.0'?><feed><item/></feed>", "data.xml")
