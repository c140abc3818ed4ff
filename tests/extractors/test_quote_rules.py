"""The rules for quotations, one text each: which quote a cue reports, and who speaks.

Each row of ``QUOTES`` is a text, the speaker as written, the cue and the
parts of one claim's content, in order. Each row of ``NOT_THE_CUE`` is a
text and a cue that must not report a given quoted phrase.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from spacy.language import Language

from claimgraph.attribution.speakers import Reader

Extract = Callable[[str], dict[str, Any]]

QUOTES = [
    # a cue before the quote reports the quote, not the words before the cue too
    ("Asked what the council should do first, Ortega said, “Fix the bridges.”", "Ortega",
     "said", ["Fix the bridges."]),
    ("Pressed on the budget, the mayor replied, “We will not raise fares this year.”",
     "the mayor", "replied", ["We will not raise fares this year."]),
    # a cue followed by a colon opens the next quote, not the one before it
    ("“We were never told,” Ms. Varga said. “Nobody warned us.” Mr. Holm said: “It was a "
     "mistake.”", "Varga", "said", ["We were never told", "Nobody warned us."]),
    ("“We were never told,” Ms. Varga said. “Nobody warned us.” Mr. Holm said: “It was a "
     "mistake.”", "Holm", "said", ["It was a mistake."]),
    # a quote introduced by a clause and a colon, in its paragraph or as the next one
    ("Minister Aalto lost patience with the panel:\n\n“These questions show why nobody trusts "
     "this committee.”", "Aalto", "lost", ["These questions show why nobody trusts this "
     "committee."]),
    ("Halvorsen leaned into the microphone and thundered: “We are not going anywhere.”",
     "Halvorsen", "thundered", ["We are not going anywhere."]),
    # a verb the lexicon does not list, right after a quote that ends with a comma
    ("“Voters are tired of waiting,” Okafor sighed. “They want the road built.”", "Okafor",
     "sighed", ["Voters are tired of waiting", "They want the road built."]),
    ("“What a night!” beamed Rosa Delgado of Tucson.", "Rosa Delgado", "beamed",
     ["What a night!"]),
    # the speaker's phrase stops before a relative clause that reports something else
    ("“The plan was rushed,” said one lawmaker close to the talks, who added that the Treasury "
     "seemed “nervous.”", "one lawmaker close to the talks", "said", ["The plan was rushed"]),
    # a name and a colon before a quote, as in a list of who said what
    ("Both reject the plan.\n\nVarga: \"Our goal is to stop the tunnel.\" Holm: \"The tunnel "
     "is too costly.\"", "Holm", ":", ["The tunnel is too costly."]),
    # a paragraph that is nothing but a quote continues the quote before it
    ("“The road is a disgrace,” Okafor said.\n\n“Nobody has fixed a single pothole this "
     "year.”\n\nThe council meets on Monday.", "Okafor", "said",
     ["The road is a disgrace", "Nobody has fixed a single pothole this year."]),
    # a cue joined to the reported clause before it reports a quote of its own
    ("Delgado said it was too soon to celebrate but added, “We know the count is on our "
     "side.”", "Delgado", "added", ["We know the count is on our side."]),
    # words between the cue and the quote: when, where
    ("As Nuñez said last week in Lima, “The mine will not reopen.”", "Nuñez", "said",
     ["The mine will not reopen."]),
    # a speaker with an apostrophe in the name
    ("Asked about the vote, O’Malley replied, “We will win it.”", "O’Malley", "replied",
     ["We will win it."]),
    # a cue before a full stop reports its own sentence: the quote after it
    # continues the quote before
    ("“The bridge is safe,” said Ines Varga, who inspected it and knows its history. “We "
     "checked every bolt.”", "Ines Varga", "said", ["The bridge is safe", "We checked every "
     "bolt."]),
    # a quoted phrase no rule claimed: what the verb above it says of its object
    ("The marchers, whom she described as “calm and orderly,” walked for an hour.", "she",
     "described", ["as “calm and orderly,”"]),
]  # fmt: skip

NO_SPEAKER = [
    # a colon after a clause with no one to speak introduces no claim
    "The answer is simple: “Build more homes.”",
    # titles of shows and works are names, not words someone said
    "Senator Ruiz said on NBC's “Meet the Press” on Sunday that the bill was dead.",
    "Marta Lind, author of “The Salt Roads of Europe,” gave a talk on Monday.",
]

NOT_THE_CUE = [
    # a quoted phrase inside the clause of another verb: the verb after it reports
    # its own clause
    ("Ruiz says she admires the union's “patience and discipline” but argues that the strike "
     "must end.", "argues", "patience and discipline"),
    ("Mr. Lund called the new tariff ''a gift to smugglers'' and asserted that prices would "
     "rise.", "asserted", "a gift to smugglers"),
]  # fmt: skip


def _parts(text: str, claim: dict[str, Any]) -> list[str]:
    return [text[start:end] for start, end in claim["spans"]]


@pytest.mark.parametrize(("text", "speaker", "cue", "parts"), QUOTES)
def test_quote(extract: Extract, text: str, speaker: str, cue: str, parts: list[str]) -> None:
    claims = extract(text)["claims"]
    assert any(
        c["speaker_text"] == speaker and c["cue"] == cue and _parts(text, c) == parts
        for c in claims
    ), claims


@pytest.mark.parametrize("text", NO_SPEAKER)
def test_no_speaker(extract: Extract, text: str) -> None:
    assert not [c for c in extract(text)["claims"] if c["kind"] == "direct"]


@pytest.mark.parametrize(("text", "cue", "phrase"), NOT_THE_CUE)
def test_not_the_cue(extract: Extract, text: str, cue: str, phrase: str) -> None:
    claims = extract(text)["claims"]
    assert not any(c["cue"] == cue and phrase in _parts(text, c) for c in claims), claims


def test_a_day_is_not_a_name_that_speaks(nlp: Language) -> None:
    doc = nlp("Ruiz spoke to the council on Wednesday.")
    assert Reader._name_not_time(doc[0])
    assert not Reader._name_not_time(doc[6])  # "Wednesday"
