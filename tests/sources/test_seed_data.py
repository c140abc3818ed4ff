"""Read the founding example from the shared seed data, when it is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.sources import read_file

REPOSITORY = Path(__file__).resolve().parents[2]
SEED = REPOSITORY / ".." / "shared" / "data" / "seed" / "massimov-hashtag-backfires.txt"


def test_massimov_article() -> None:
    if not SEED.is_file():
        pytest.skip(f"shared seed data not found at {SEED}")
    (doc,) = read_file(SEED)
    assert doc.text == SEED.read_bytes().decode("utf-8")
    assert "#25летнезависимости" in doc.text
    assert doc.title == "Kazakhstani PM Karim Massimov’s Hashtag PR Campaign Backfires"
    assert (doc.format, doc.encoding) == ("text", "utf-8")
