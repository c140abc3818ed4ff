"""Headless Chromium for the HTML export's tests: screenshots, the DOM and the net log."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium")

# No first-run, sync, update or other background traffic of the browser's own, so that
# anything in the net log comes from the page; every host name resolves to nothing.
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def run(page: Path, *flags: str, timeout: float = 120) -> str:
    """Run Chromium on ``page`` with ``flags`` in a fresh profile; return its standard output."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [CHROMIUM, *_FLAGS, f"--user-data-dir={profile}", *flags, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    return done.stdout


def screenshot(page: Path, target: Path, wait_ms: int = 12000) -> Path:
    """Save a 1200x800 screenshot of ``page`` after ``wait_ms`` of real time (the layout runs)."""
    run(page, f"--screenshot={target}", "--window-size=1200,800", f"--timeout={wait_ms}")
    return target


def dump_dom(page: Path, net_log: Path | None = None) -> str:
    """Return the page's DOM after its scripts ran, optionally logging its requests."""
    flags = ["--dump-dom", "--virtual-time-budget=5000"]
    if net_log is not None:
        flags.append(f"--log-net-log={net_log}")
    return run(page, *flags)


def page_requests(net_log: Path) -> list[str]:
    """Return the URLs of the network requests the page made, from Chromium's net log.

    The browser's own requests (update checks, accounts) have no initiating
    origin and are left out; the page's own ``file:``, ``data:`` and ``blob:``
    loads are not network requests.
    """
    data: dict[str, Any] = json.loads(net_log.read_text(encoding="utf-8"))
    start_job = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    found = []
    for event in data.get("events", []):
        params = event.get("params") or {}
        if event.get("type") != start_job or params.get("initiator") == "not an origin":
            continue
        url = str(params.get("url", ""))
        if url and not url.startswith(("file:", "data:", "blob:")):
            found.append(url)
    return found
