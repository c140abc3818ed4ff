"""The workbench in a real browser: a demo database, a running server, headless Chromium.

Shared by the browser tests and ``docs/screenshots/shoot.py``. Chromium is
Debian's package, driven by Playwright; no browser is ever downloaded.
"""

from __future__ import annotations

import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from claimgraph.graph import GraphStore, open_store
from claimgraph.model import GraphBatch, Node, Relationship
from claimgraph.web import create_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium")
#: No first run, sync, update or other traffic of the browser's own.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"


def build_demo(db: Path) -> Path:
    """Write ``db``: examples/ as ``make demo`` ingests it, a small campaign with its clusters,
    and an actor, a claim and a document whose names and texts are markup."""
    sys.path.insert(0, str(ROOT / "bench"))
    from campaign import generate, write_csv

    from claimgraph.analysis.amplification import AmplificationParams, analyze_amplification
    from claimgraph.extractors import load_pipeline
    from claimgraph.ingest import ingest

    campaign = write_csv(generate(3_000, seed=5, n_groups=2, n_viral=1), db.parent / "c.csv")
    with open_store("embedded", db=db) as store:
        ingest(sorted((ROOT / "examples").iterdir()), store, nlp=load_pipeline())
        ingest([campaign], store, extract="none")
        analyze_amplification(store, AmplificationParams())
        store.write(_hostile())
    return db


def _hostile() -> GraphBatch:
    batch = GraphBatch()
    batch.add_node(Node("Actor", "hostile", {"name": IMG, "kind": "person", "aliases": [SCRIPT]}))
    text = f"{IMG} said {SCRIPT} twice."
    batch.add_node(
        Node("Document", "hostile-doc", {"kind": "article", "title": SCRIPT, "text": text,
                                         "url": "javascript:alert(3)"}, ("Article",))
    )  # fmt: skip
    batch.add_node(
        Node("Claim", "hostile-claim", {"text": SCRIPT, "kind": "direct", "cue": IMG,
                                        "start": text.index(SCRIPT),
                                        "end": text.index(SCRIPT) + len(SCRIPT)})
    )  # fmt: skip
    for rel in [
        ("SAID", "Actor", "hostile", "Claim", "hostile-claim"),
        ("ABOUT", "Claim", "hostile-claim", "Actor", "karim-massimov"),
        ("REPORTED_IN", "Claim", "hostile-claim", "Document", "hostile-doc"),
    ]:
        batch.add_relationship(Relationship(*rel))
    batch.add_relationship(
        Relationship("MENTIONS", "Document", "hostile-doc", "Actor", "hostile", {"count": 2})
    )
    return batch


@contextmanager
def serving(store: GraphStore) -> Iterator[str]:
    """Serve the workbench on ``store`` on a free loopback port; yield its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the workbench server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def browser() -> Iterator[Any]:
    """Yield a Playwright browser: Debian's chromium, headless, in a fresh profile."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()
