"""Tests for the HTML reader: main text and metadata with trafilatura."""

from __future__ import annotations

import pytest

from claimgraph.errors import UnreadableSourceError
from claimgraph.sources import read_file
from claimgraph.sources.html import html_to_text

BOILERPLATE = (
    "Subscribe to our newsletter",
    "Home",
    "Ten recipes for plov",
    "Weather in Astana",
    "Copyright 2016",
    "Privacy policy",
    "Terms of use",
    "window.analytics",
)


def test_article_text_and_metadata(write, article_html: str, article_paragraphs) -> None:
    (doc,) = read_file(write("article.html", article_html))
    assert (doc.kind, doc.format, doc.encoding) == ("article", "html", "utf-8")
    assert doc.title == "Kazakh PM's Hashtag Campaign Backfires"
    assert doc.author == "Jane Reporter"
    assert doc.url == "https://news.example.com/2016/08/hashtag-backfires"
    assert doc.published_at == "2016-08-10T03:30:00Z"
    assert doc.lang == "en"
    for paragraph in article_paragraphs:
        assert paragraph in doc.text


@pytest.mark.parametrize("phrase", BOILERPLATE)
def test_boilerplate_is_left_out(write, article_html: str, phrase: str) -> None:
    (doc,) = read_file(write("article.html", article_html))
    assert phrase not in doc.text


def test_html_saved_as_txt_is_read_as_html(write, article_html: str) -> None:
    (doc,) = read_file(write("article.txt", article_html))
    assert doc.format == "html"
    assert "<p>" not in doc.text and "Privacy policy" not in doc.text


def test_date_only_metadata_stays_a_date(write, article_html: str) -> None:
    page = article_html.replace("2016-08-10T09:30:00+06:00", "2016-08-10")
    (doc,) = read_file(write("article.html", page))
    assert doc.published_at == "2016-08-10"


def test_declared_cp1251_page_decodes(write, russian: str) -> None:
    body = "".join(f"<p>{sentence}.</p>" for sentence in russian.split(". "))
    page = (
        '<!DOCTYPE html><html lang="ru"><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=windows-1251"><title>Хэштег Масимова</title></head>'
        f"<body><nav><a href='/'>Главная</a></nav><article><h1>Хэштег Масимова</h1>{body}"
        "</article><footer>Все права защищены</footer></body></html>"
    )
    (doc,) = read_file(write("ru.html", page.encode("cp1251")))
    assert doc.encoding == "cp1251"
    assert doc.title == "Хэштег Масимова"
    assert doc.lang == "ru"
    assert "Карим Масимов заявил" in doc.text
    assert "#25летнезависимости" in doc.text


def test_page_without_main_text_is_unreadable(write) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>App</title></head><body>"
        "<div id='root'></div><script>render()</script></body></html>"
    )
    with pytest.raises(UnreadableSourceError, match="no main text"):
        read_file(write("app.html", page))


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>one\n   two</p>\n\n<p>three</p>", "one two\n\nthree"),
        ("<p>a<!-- note -->\n   b</p>", "a b"),
        ("line<br/>next<br>\n last", "line\nnext\nlast"),
        ("<div><h2>Head</h2>Body <em>text</em> &eacute;t&eacute;</div>", "Head\n\nBody text été"),
        ("<style>p {}</style><p>kept</p><script>dropped()</script>", "kept"),
        ("", ""),
    ],
)
def test_html_fragment_to_text(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected
