"""Tests for the RSS/Atom reader: one document per entry."""

from __future__ import annotations

import pytest

from claimgraph.errors import UnreadableSourceError
from claimgraph.sources import Skipped, read_file, read_sources


def test_rss_entries(write, rss_feed: str) -> None:
    path = write("news.xml", rss_feed)
    first, second = read_file(path)

    assert first.source == f"{path}#news-1001"
    assert (first.kind, first.format, first.encoding) == ("article", "feed", "utf-8")
    assert first.title == "PM launches #25летнезависимости"
    assert first.url == "https://news.example.com/2016/08/pm-hashtag"
    assert first.author == "Jane Reporter"
    assert first.published_at == "2016-08-10T03:30:00Z"
    assert first.lang == "en-us"
    # content:encoded wins over description; its HTML becomes paragraphs.
    assert first.text == (
        "Karim Massimov asked followers to use the hashtag.\n\nCritics & bloggers hijacked it."
    )

    assert second.source == f"{path}#https://news.example.com/2016/08/khabar"
    assert second.text == "Khabar posted examples under made-up names."
    assert second.author is None
    assert second.published_at == "2016-08-11T12:00:00Z"


def test_atom_entries(write, atom_feed: str) -> None:
    path = write("steppe.atom", atom_feed)
    first, second = read_file(path)

    assert first.source == f"{path}#tag:steppe.example.org,2016:entry-1"
    assert first.title == "Hashtag backfires"
    assert first.text == "Critics turned the hashtag against the government."
    assert first.url == "https://steppe.example.org/2016/08/backfires"
    assert first.author == "Almas Writer"
    assert first.published_at == "2016-08-10T02:00:00Z"
    assert first.lang == "en"

    assert second.text == "A plain-text summary of the second story."
    assert second.author == "Steppe Watch Desk"  # inherited from the feed (RFC 4287)
    assert second.published_at == "2016-08-12T10:00:00Z"


@pytest.mark.parametrize("name", ["feed.xml", "feed.html", "feed.txt"])
def test_feed_detected_whatever_the_suffix(write, rss_feed: str, name: str) -> None:
    assert [doc.format for doc in read_file(write(name, rss_feed))] == ["feed", "feed"]


def test_cp1251_feed_with_declaration(write, rss_feed: str, russian: str) -> None:
    feed = rss_feed.replace('encoding="utf-8"', 'encoding="windows-1251"')
    feed = feed.replace("Short summary.", "").replace(
        "Khabar posted examples under made-up names.", russian.strip()
    )
    docs = read_file(write("ru.xml", feed.encode("cp1251")))
    assert docs[1].text == russian.strip()
    assert docs[1].encoding == "cp1251"


def test_entry_without_text_is_skipped_and_reported(write, rss_feed: str) -> None:
    feed = rss_feed.replace(
        "<description>&lt;p&gt;Khabar posted examples under made-up names.&lt;/p&gt;</description>",
        "<description>  &lt;p&gt; &lt;/p&gt; </description>",
    )
    path = write("news.xml", feed)
    items = list(read_sources([path]))
    assert [type(item).__name__ for item in items] == ["RawDocument", "Skipped"]
    assert items[1] == Skipped(
        f"{path}#https://news.example.com/2016/08/khabar",
        "feed entry has no content or summary text",
    )
    assert len(read_file(path)) == 1


def test_entry_without_id_is_numbered(write) -> None:
    feed = (
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>a</title><description>first</description></item>"
        "<item><title>b</title><description>second</description></item>"
        "</channel></rss>"
    )
    path = write("numbered.rss", feed)
    assert [doc.source for doc in read_file(path)] == [f"{path}#1", f"{path}#2"]


def test_malformed_feed_reports_the_line(write, rss_feed: str) -> None:
    broken = rss_feed.split("<item>")[0] + "<<<>>>\n"
    path = write("broken.xml", broken)
    (skipped,) = read_sources([path])
    assert isinstance(skipped, Skipped)
    assert skipped.reason.startswith("not a well-formed RSS or Atom feed")
    assert skipped.line == broken.count("\n")
    assert str(skipped) == f"{path}:{skipped.line}: {skipped.reason}"


def test_malformed_feed_is_read_leniently(write, rss_feed: str, caplog) -> None:
    broken = rss_feed.replace("Khabar's examples", "Khabar & examples")
    docs = read_file(write("lenient.xml", broken))
    assert [doc.title for doc in docs] == ["PM launches #25летнезависимости", "Khabar & examples"]
    assert "malformed feed" in caplog.text


def test_feed_without_entries_is_unreadable(write) -> None:
    path = write("quiet.xml", '<rss version="2.0"><channel><title>t</title></channel></rss>')
    with pytest.raises(UnreadableSourceError, match="no entries"):
        read_file(path)


def test_page_read_as_feed_is_not_a_feed(write, article_html: str) -> None:
    with pytest.raises(UnreadableSourceError, match="not"):
        read_file(write("article.html", article_html), format="feed")
