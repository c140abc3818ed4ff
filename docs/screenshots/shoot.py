"""Take the README's screenshots of the workbench (``claimgraph serve``) in headless Chromium.

The database is the one the browser tests use: examples/ as ``make demo``
ingests it, plus a small generated campaign with its amplification clusters.
Each page is saved here as a PNG of at most 256 colours.

Run from the repository root: ``.venv/bin/python docs/screenshots/shoot.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from claimgraph.graph import open_store  # noqa: E402
from tests.web import workbench  # noqa: E402

HERE = Path(__file__).resolve().parent
ORYNBEK = "MATCH (:Actor {name: 'Aigul Orynbek'})-[:SAID]->(c:Claim) RETURN c.id LIMIT 1"
PAGES = {
    "overview": "/",
    "search": "/search?q=Massimov",
    "actor": "/actor/karim-massimov",
    "document": "/claim/{claim}",
    "cluster": "/cluster/{cluster}",
    "graph": "/graph?saved=who-said-about&params=target%3DKarim+Massimov",
}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = workbench.build_demo(Path(folder) / "demo.db")
        with open_store("embedded", db=db, read_only=True) as store:
            claim = store.query(ORYNBEK).rows[0][0]
            cluster = store.query(
                "MATCH (c:Cluster) RETURN c.id ORDER BY c.size DESC LIMIT 1"
            ).rows[0][0]
            with workbench.serving(store) as site, workbench.browser() as browser:
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                for name, path in PAGES.items():
                    page.goto(site + path.format(claim=claim, cluster=cluster))
                    page.wait_for_load_state("load")
                    target = HERE / f"{name}.png"
                    page.screenshot(path=str(target))
                    Image.open(target).convert("RGB").quantize(256).save(target, optimize=True)
                    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
