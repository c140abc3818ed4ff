"""The HTML export opened in headless Chromium: drawn, counted, offline and inert."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from claimgraph.analysis.graph import graph_from_batch
from claimgraph.export import export_graph
from claimgraph.graph.backends.embedded import EmbeddedStore
from claimgraph.graph.read import read_batch
from tests.export import browser
from tests.export.conftest import IMG, SCRIPT

pytestmark = pytest.mark.skipif(
    browser.CHROMIUM is None, reason="needs Debian's chromium (apt-get install -y chromium)"
)

SEED = Path(__file__).resolve().parents[2] / "examples" / "massimov-hashtag-backfires.txt"
_EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I
)


@pytest.fixture(scope="module")
def founding(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[nx.MultiDiGraph, Path]]:
    """Yield the founding article's graph and its HTML export."""
    from claimgraph.extractors import load_pipeline
    from claimgraph.ingest import ingest

    folder = tmp_path_factory.mktemp("html")
    with EmbeddedStore(db=folder / "g.db") as store:
        ingest([SEED], store, nlp=load_pipeline())
        graph = graph_from_batch(read_batch(store))
    yield graph, export_graph(graph, folder / "founding.html", "html")


def test_page_draws_a_graph(founding: tuple[nx.MultiDiGraph, Path], tmp_path: Path) -> None:
    from matplotlib import image

    # The page lays the graph out in real time, so a busy machine needs longer:
    # wait longer before each new screenshot; a page that never draws still fails.
    for wait_ms in (12_000, 30_000, 60_000):
        shot = browser.screenshot(founding[1], tmp_path / f"shot-{wait_ms}.png", wait_ms)
        pixels = image.imread(shot)[..., :3]
        # the drawing area, without the header bar, the legend and the toolbars
        area = pixels[120:680, 150:1050]
        background = area[0, 0]
        drawn = (abs(area - background).sum(axis=2) > 0.1).mean()
        if area.std() > 0.02 and drawn > 0.01:
            break
    assert area.std() > 0.02
    assert drawn > 0.01, f"only {drawn:.2%} of the drawing area differs from the background"


def test_page_reports_the_exported_node_count(
    founding: tuple[nx.MultiDiGraph, Path], tmp_path: Path
) -> None:
    graph, page = founding
    log = tmp_path / "net.json"
    dom = browser.dump_dom(page, net_log=log)
    count = re.search(r'id="claimgraph-node-count"[^>]*>(\d+)<', dom)
    assert count is not None
    assert int(count.group(1)) == graph.number_of_nodes() > 10
    assert browser.page_requests(log) == []
    assert not _EXTERNAL.search(page.read_text(encoding="utf-8"))


def test_net_log_check_sees_requests(tmp_path: Path) -> None:
    page = tmp_path / "online.html"
    page.write_text(
        '<img src="https://example.org/x.png"><script>fetch("http://example.com/")</script>'
    )
    log = tmp_path / "net.json"
    browser.dump_dom(page, net_log=log)
    assert browser.page_requests(log) == ["https://example.org/x.png", "http://example.com/"]


def test_hostile_text_stays_text(hostile_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    hostile_graph.graph["title"] = SCRIPT
    page = export_graph(hostile_graph, tmp_path / "hostile.html", "html")
    dom = browser.dump_dom(page)
    # neither string became markup: no img with src x, no script element running alert
    assert not re.search(r"<img[^>]*src=\"?x", dom)
    assert "<script>alert(1)" not in dom
    assert "&lt;script&gt;alert(1)" in dom  # the title, shown as text
    assert IMG not in page.read_text(encoding="utf-8")


def test_hostile_text_runs_nothing(hostile_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    # Payloads that would leave a mark on the page if any of them ran.
    marks = {
        "img": "<img src=x onerror=\"document.body.setAttribute('data-ran','img')\">",
        "script": "\"><script>document.body.setAttribute('data-ran','script')</script>",
        "svg": "<svg onload=\"document.body.setAttribute('data-ran','svg')\">",
    }
    for name, payload in marks.items():
        hostile_graph.add_node(
            f"Account:{name}",
            label="Account",
            labels=["Account"],
            handle=payload,
            display_name=payload,
            id=name,
        )
    hostile_graph.graph["title"] = marks["script"]
    page = export_graph(hostile_graph, tmp_path / "marks.html", "html")
    dom = browser.dump_dom(page)
    assert not re.search(r"<body[^>]*data-ran", dom)
    assert "document.body.setAttribute" in dom  # the title is there, as text
    # The check itself works: the same payload in a page that does not escape it runs.
    control = tmp_path / "control.html"
    control.write_text(f"<html><body><p>x</p>{marks['img']}</body></html>", encoding="utf-8")
    assert re.search(r"<body[^>]*data-ran", browser.dump_dom(control))


# -- title, layout and legend (issue 19, minor) ----------------------------------

# Measures, after the page has drawn and with the reader's font size FONT, how far
# down the drawing and its toolbars reach and how tall the document is.
_PROBE = """<script>window.addEventListener('load', function () {
  document.body.style.fontSize = 'FONT';
  setTimeout(function () {
    var box = document.querySelector('body > div[id^="neo4j-viz-"]');
    var bottoms = Array.prototype.map.call(box.querySelectorAll('*'), function (e) {
      return e.getBoundingClientRect().bottom;
    });
    document.body.setAttribute('data-probe', JSON.stringify({
      bottom: Math.max.apply(null, bottoms.concat([box.getBoundingClientRect().bottom])),
      inner: window.innerHeight,
      scroll: document.documentElement.scrollHeight
    }));
  }, 1500);
});</script>"""


def test_page_is_titled_as_asked(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    graph = graph_from_batch(read_batch(sample_store))
    graph.graph["title"] = "Massimov <campaign>"
    page = export_graph(graph, tmp_path / "titled.html", "html")
    dom = browser.dump_dom(page)
    assert re.search(r"<title>Massimov &lt;campaign&gt;</title>", dom)
    assert "neo4j-viz</title>" not in dom


@pytest.mark.parametrize(("window", "font"), [("1200,800", "16px"), ("800,500", "10px")])
def test_page_fits_the_window(
    founding: tuple[nx.MultiDiGraph, Path], tmp_path: Path, window: str, font: str
) -> None:
    # The drawing was sized calc(100vh - 3em) under a header of 3em of its own font
    # size plus a border, so with a small default font its bottom fell off the window.
    import html
    import json

    probed = tmp_path / "probe.html"
    text = founding[1].read_text(encoding="utf-8")
    probe_script = _PROBE.replace("FONT", font)
    probed.write_text(text.replace("</body>", probe_script + "</body>"), encoding="utf-8")
    dom = browser.run(probed, "--dump-dom", "--virtual-time-budget=5000", f"--window-size={window}")
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found is not None, "the probe did not run"
    probe = json.loads(html.unescape(found.group(1)))
    # nothing of the drawing, its toolbars and legend included, lies below the window
    assert probe["bottom"] <= probe["inner"] + 0.5, probe
    assert probe["scroll"] <= probe["inner"], probe


def test_legend_numbers_clusters_as_the_cli_does(
    sample_store: EmbeddedStore, tmp_path: Path
) -> None:
    import json

    from tests.export.test_style import with_clusters

    page = export_graph(
        with_clusters(graph_from_batch(read_batch(sample_store))), tmp_path / "c.html", "html"
    )
    data = re.search(
        r'<script type="application/json" id="neo4j-viz-data">(.*?)</script>',
        page.read_text(encoding="utf-8"),
        re.DOTALL,
    )
    assert data is not None
    legend = [entry["label"] for entry in json.loads(data.group(1))["legend"]["nodes"]["entries"]]
    assert "cluster 0" in legend and "cluster 1" in legend and "cluster 2" not in legend
