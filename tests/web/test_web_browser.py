"""The workbench in headless Chromium: the founding story from search to marked characters,
a campaign's cluster timeline, hostile names inert, and no request to any other host."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from claimgraph.graph import GraphStore, open_store
from tests.web import workbench

pytestmark = pytest.mark.skipif(
    workbench.CHROMIUM is None, reason="needs Debian's chromium (apt-get install -y chromium)"
)

ORYNBEK = """
MATCH (:Actor {name: 'Aigul Orynbek'})-[:SAID]->(c:Claim)-[:REPORTED_IN]->(d:Document)
RETURN c.id, c.start, c.end, d.text
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """Yield the demo database with a campaign and hostile names, opened read-only."""
    db = workbench.build_demo(tmp_path_factory.mktemp("workbench") / "demo.db")
    with open_store("embedded", db=db, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def site(store: GraphStore) -> Iterator[str]:
    """Yield the base URL of the workbench serving ``store``."""
    with workbench.serving(store) as url:
        yield url


@pytest.fixture
def page(site: str) -> Iterator[Any]:
    """Yield a browser page that records every request and every dialog (alert) it opens."""
    with workbench.browser() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        opened = context.new_page()
        opened.requests = []
        opened.dialogs = []
        opened.on("request", lambda request: opened.requests.append(request.url))

        def dismiss(dialog: Any) -> None:
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        opened.on("dialog", dismiss)
        yield opened
        context.close()


def _only_this_host(page: Any, site: str) -> None:
    here = urlsplit(site).netloc
    elsewhere = [
        u for u in page.requests if not u.startswith("data:") and urlsplit(u).netloc != here
    ]
    assert page.requests and not elsewhere, elsewhere


def test_from_search_to_the_marked_claim(page: Any, site: str, store: GraphStore) -> None:
    claim_id, start, end, text = store.query(ORYNBEK).rows[0]
    page.goto(site)
    page.fill("header input[name=q]", "Massimov")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Massimov")
    page.click("a.node[href='/actor/karim-massimov']")
    page.wait_for_url("**/actor/karim-massimov")
    item = page.locator("#about li.claim", has_text="Aigul Orynbek")
    assert "Kazakhstan is not currently in the position" in item.locator(".claim-text").inner_text()
    evidence = item.locator(".evidence").inner_text()
    assert text[start:end] in evidence and "Aigul Orynbek told" in evidence
    assert item.locator(".cue").inner_text() == "told"
    item.locator(".source a").click()
    page.wait_for_selector(".doc-text .mark.focus")
    shown = page.evaluate(
        """id => {
          const text = document.querySelector('.doc-text');
          const marks = [...text.querySelectorAll('.mark[data-claims]')]
            .filter(m => m.dataset.claims.split(' ').includes(id));
          const range = document.createRange();
          range.setStart(text, 0);
          range.setEndBefore(marks[0]);
          return {all: text.textContent, before: range.toString(),
                  marked: marks.map(m => m.textContent).join(''),
                  focused: marks.every(m => m.classList.contains('focus'))};
        }""",
        claim_id,
    )
    assert shown["all"] == text
    assert shown["before"] == text[:start]  # the mark starts at the stored offset
    assert shown["marked"] == text[start:end]
    assert shown["focused"]  # the page's own script ran under the Content-Security-Policy
    _only_this_host(page, site)


def test_cluster_timeline(page: Any, site: str) -> None:
    page.goto(site)
    page.click("table.list a.node.cluster >> nth=0")
    page.wait_for_url("**/cluster/**")
    dots = page.locator("#timeline svg circle.dot")
    assert dots.count() > 10
    assert page.locator("#members li").count() >= 3
    assert page.locator("#ties .pair a").count() >= 2
    _only_this_host(page, site)


def test_hostile_names_run_no_script(page: Any, site: str) -> None:
    for path in ("/actor/hostile", "/actor/karim-massimov", "/document/hostile-doc"):
        page.goto(site + path)
        page.wait_for_load_state("load")
    page.goto(site + "/search?q=" + "%3Cimg")
    assert workbench.IMG in page.locator("ul.results").first.inner_text()
    page.goto(site + "/document/hostile-doc")
    assert page.locator("h1").inner_text() == workbench.SCRIPT
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.dialogs == []
    assert not any(urlsplit(u).path == "/x" for u in page.requests)  # no <img src=x> loaded
    _only_this_host(page, site)


def test_graph_view_pages_and_refuses_writes(page: Any, site: str) -> None:
    page.goto(site + "/graph")
    page.fill("textarea[name=cypher]", "MATCH (a:Account) RETURN a ORDER BY a.id")
    page.click("form.query button")
    page.wait_for_selector("svg.graph")
    assert "page 1: rows 1–50, more follow" in page.locator("p.meta").first.inner_text()
    page.click("nav.pager a:has-text('next')")
    page.wait_for_url("**page=2**")
    page.fill("textarea[name=cypher]", "CREATE (a:Actor {id: 'x'}) RETURN a")
    page.click("form.query button")
    assert "--write" in page.locator("p.error").inner_text()
    _only_this_host(page, site)
