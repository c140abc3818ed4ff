"""The cue verbs learned from PolNeAR's train split (``training/learn_cues.py``), one
sentence each: a verb whose object is what is attributed, a verb that reports a
clause, a reporting verb that reports a noun object, and a listed word left out.

Each row is a sentence and the claim the rules must find in it: its speaker as
written, its cue and its content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from claimgraph.attribution import ENGLISH
from claimgraph.attribution.lexicon_en import (
    LEARNED_OBJECT_VERBS,
    LEARNED_REPORTING,
    LEARNED_REPORTING_OBJECTS,
    PRUNED,
    WRITTEN,
    english_lexicon,
)

Extract = Callable[[str], dict[str, Any]]

LEARNED = [
    # LEARNED_OBJECT_VERBS: the object is what is attributed
    ("The mayor credited the volunteers with the rescue.", "The mayor", "credited",
     "the volunteers with the rescue"),
    ("The court deemed the contract invalid.", "The court", "deemed", "the contract invalid"),
    # LEARNED_REPORTING: a clause or an infinitive
    ("The treasurer repeated that the budget was balanced.", "The treasurer", "repeated",
     "the budget was balanced"),
    # reporting_objects: a reporting verb's noun object
    ("The minister stressed the importance of the new harbour.", "The minister", "stressed",
     "the importance of the new harbour"),
    ("The coach explained the new schedule.", "The coach", "explained", "the new schedule"),
]  # fmt: skip

NO_CLAIM = [
    "The driver thanked him.",  # a pronoun object is an addressee, not a content
    "The committee will meet on Tuesday.",  # no cue at all
    "The mayor embraced the plan for the harbour.",  # a pruned cue: rarely a report
]


@pytest.mark.parametrize(("text", "speaker", "cue", "content"), LEARNED)
def test_learned_cue(extract: Extract, text: str, speaker: str, cue: str, content: str) -> None:
    claims = extract(text)["claims"]
    assert any(
        c["speaker_text"] == speaker and c["cue"] == cue and c["text"] == content for c in claims
    ), claims


@pytest.mark.parametrize("text", NO_CLAIM)
def test_no_claim(extract: Extract, text: str) -> None:
    assert extract(text)["claims"] == []


def test_learned_lists_are_in_the_lexicon() -> None:
    assert ENGLISH.object_verbs >= LEARNED_OBJECT_VERBS
    assert ENGLISH.reporting >= LEARNED_REPORTING
    assert ENGLISH.reporting_objects == LEARNED_REPORTING_OBJECTS
    assert ENGLISH.reporting >= ENGLISH.reporting_objects
    assert "embrace" in WRITTEN.object_verbs
    assert not PRUNED & (ENGLISH.cue_lemmas | ENGLISH.nominal_cues | ENGLISH.stance_adjectives)


def test_learned_lists_are_config() -> None:
    lexicon = english_lexicon(remove={"reporting_objects": ["stress"]})
    assert "stress" not in lexicon.reporting_objects
    assert "stress" in lexicon.reporting
