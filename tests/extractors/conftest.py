"""Fixtures for the extractor tests: the pipeline, loaded once, and the founding article."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from claimgraph.extractors import load_pipeline

SEED = Path(__file__).resolve().parents[2] / "examples" / "massimov-hashtag-backfires.txt"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """Return the full English pipeline, loaded once per session (as spaCy's tests do)."""
    return load_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    """Return the founding article, shipped in ``examples/``."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(nlp: Language, seed_text: str) -> dict[str, Any]:
    """Return the extraction of the founding article."""
    return nlp(seed_text)._.extraction


@pytest.fixture(scope="session")
def extract(nlp: Language) -> Callable[[str], dict[str, Any]]:
    """Return a function giving the extraction of a text."""
    return lambda text: nlp(text)._.extraction
