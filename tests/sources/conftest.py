"""Sample files for the source reader tests, written into ``tmp_path``."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

RUSSIAN = (
    "Премьер-министр Казахстана Карим Масимов заявил, что страна отметит "
    "двадцатипятилетие независимости. Он предложил пользователям социальных сетей "
    "делиться достижениями под хэштегом #25летнезависимости. Однако критики быстро "
    "перехватили хэштег и начали писать о коррупции, безработице и падении тенге.\n"
)

ARTICLE_PARAGRAPHS = (
    "After a lengthy hiatus, Kazakhstan's prime minister returned to his Twitter account "
    "with a vengeance earlier this year. Karim Massimov's tweets have been notable largely "
    "for their teeth-grinding tediousness, however.",
    "On August 9, Massimov invited followers to adopt the hashtag #25летнезависимости to "
    "crowdsource examples of major national achievements over the past quarter century.",
    "State news agency Khabar tried to get the ball rolling with some encouraging, if "
    "anodyne, examples attributed to people who did not appear to exist.",
    "Critics quickly hijacked the hashtag, posting complaints about corruption, "
    "unemployment and the falling value of the tenge.",
)

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Kazakh PM's Hashtag Campaign Backfires | Example News</title>
  <meta name="author" content="Jane Reporter">
  <meta property="og:title" content="Kazakh PM's Hashtag Campaign Backfires">
  <meta property="article:published_time" content="2016-08-10T09:30:00+06:00">
  <link rel="canonical" href="https://news.example.com/2016/08/hashtag-backfires">
  <link rel="stylesheet" href="/static/site.css">
  <script>window.analytics = {track: function () {}};</script>
</head>
<body>
  <header>
    <nav>
      <ul>
        <li><a href="/">Home</a></li>
        <li><a href="/world">World</a></li>
        <li><a href="/subscribe">Subscribe to our newsletter</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>Kazakh PM's Hashtag Campaign Backfires</h1>
      PARAGRAPHS
    </article>
    <aside>
      <h2>Most read</h2>
      <ul>
        <li><a href="/a">Ten recipes for plov</a></li>
        <li><a href="/b">Weather in Astana this weekend</a></li>
      </ul>
    </aside>
  </main>
  <footer>
    <p>Copyright 2016 Example News Ltd. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a>
  </footer>
</body>
</html>
""".replace("PARAGRAPHS", "\n      ".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS))

RSS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Example News: Central Asia</title>
    <link>https://news.example.com/</link>
    <description>News from Central Asia</description>
    <language>en-us</language>
    <item>
      <guid isPermaLink="false">news-1001</guid>
      <title>PM launches #25летнезависимости</title>
      <link>https://news.example.com/2016/08/pm-hashtag</link>
      <dc:creator>Jane Reporter</dc:creator>
      <pubDate>Wed, 10 Aug 2016 09:30:00 +0600</pubDate>
      <description>Short summary.</description>
      <content:encoded><![CDATA[<p>Karim Massimov asked followers to use the
        hashtag.</p><p>Critics &amp; bloggers <b>hijacked</b> it.</p>]]></content:encoded>
    </item>
    <item>
      <guid>https://news.example.com/2016/08/khabar</guid>
      <title>Khabar's examples</title>
      <link>https://news.example.com/2016/08/khabar</link>
      <pubDate>Thu, 11 Aug 2016 12:00:00 GMT</pubDate>
      <description>&lt;p&gt;Khabar posted examples under made-up names.&lt;/p&gt;</description>
    </item>
  </channel>
</rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Steppe Watch</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2016-08-12T10:00:00Z</updated>
  <author><name>Steppe Watch Desk</name></author>
  <entry>
    <title type="html">Hashtag &lt;em&gt;backfires&lt;/em&gt;</title>
    <id>tag:steppe.example.org,2016:entry-1</id>
    <link rel="alternate" href="https://steppe.example.org/2016/08/backfires"/>
    <published>2016-08-10T08:00:00+06:00</published>
    <updated>2016-08-10T09:00:00+06:00</updated>
    <author><name>Almas Writer</name></author>
    <content type="html">
      &lt;p&gt;Critics turned the hashtag against the government.&lt;/p&gt;
    </content>
  </entry>
  <entry>
    <title>Plain entry</title>
    <id>tag:steppe.example.org,2016:entry-2</id>
    <link href="https://steppe.example.org/2016/08/plain"/>
    <updated>2016-08-12T10:00:00Z</updated>
    <summary type="text">A plain-text summary of the second story.</summary>
  </entry>
</feed>
"""

PNG_HEADER = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
)


def random_bytes(size: int, seed: int = 25) -> bytes:
    """Return ``size`` reproducible random bytes."""
    return random.Random(seed).randbytes(size)


@pytest.fixture
def write(tmp_path: Path):
    """Write bytes or text (UTF-8) to a file under ``tmp_path`` and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Return a directory holding one file of every kind, good and bad."""
    root = tmp_path / "corpus"
    files: dict[str, bytes] = {
        "a-note.txt": b"Massimov tweets\n\nThe prime minister tweeted again.\n",
        "b-readme.md": b"# Hashtag notes\n\nSome *Markdown* text.\n",
        "c-article.html": ARTICLE_HTML.encode(),
        "d-empty.txt": b"",
        "e-image.png": PNG_HEADER + random_bytes(2048),
        "feeds/news.xml": RSS_FEED.encode(),
        "feeds/steppe.atom": ATOM_FEED.encode(),
        "ru/cp1251.txt": RUSSIAN.encode("cp1251"),
        "ru/utf16.txt": RUSSIAN.encode("utf-16"),
        ".hidden.txt": b"never read\n",
        ".git/config": b"[core]\n",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


@pytest.fixture
def russian() -> str:
    """Return a few sentences of Russian news text."""
    return RUSSIAN


@pytest.fixture
def article_html() -> str:
    """Return a saved news article page with navigation, sidebar and footer."""
    return ARTICLE_HTML


@pytest.fixture
def article_paragraphs() -> tuple[str, ...]:
    """Return the paragraphs of the article in ``article_html``."""
    return ARTICLE_PARAGRAPHS


@pytest.fixture
def rss_feed() -> str:
    """Return an RSS 2.0 feed with two entries."""
    return RSS_FEED


@pytest.fixture
def atom_feed() -> str:
    """Return an Atom feed with two entries."""
    return ATOM_FEED


@pytest.fixture
def png_bytes() -> bytes:
    """Return a PNG header followed by random bytes."""
    return PNG_HEADER + random_bytes(2048)
