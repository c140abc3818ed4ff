"""Who may speak: places never do, and a titled person wins over the words of the title.

Issue 19.8, with made-up names: "Officials in Marograd declined to comment" is
not a claim by Marograd, "He" never resolves to a place, and "media analyst
Sofia Petrenko" is a person, in English and in Russian.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from claimgraph.extractors import load_pipeline
from claimgraph.extractors.pipelines import load_russian_pipeline

GAZETTEER = """
[[actor]]
name = "Marograd"
kind = "place"

[[actor]]
name = "Veloria"
kind = "place"
aliases = ["Велория"]

[[actor]]
name = "Anatoly Brask"
kind = "person"
aliases = ["Анатолий Браск"]
"""


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gazetteer") / "actors.toml"
    path.write_text(GAZETTEER, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def en_listed(gazetteer: Path) -> Language:
    """Return the English pipeline with a gazetteer that lists Marograd as a place."""
    return load_pipeline(gazetteer=gazetteer)


@pytest.fixture(scope="module")
def ru_listed(gazetteer: Path) -> Language:
    return load_russian_pipeline(gazetteer)


def _kinds(extraction: dict[str, Any]) -> dict[str, str]:
    return {a["id"]: a["kind"] for a in extraction["actors"]}


def _speakers(extraction: dict[str, Any]) -> list[tuple[str | None, str | None]]:
    return [
        (c["speaker"][1] if c["speaker"] else None, c["speaker_text"]) for c in extraction["claims"]
    ]


def _no_place_speaks(extraction: dict[str, Any]) -> None:
    kinds = _kinds(extraction)
    assert all(kinds.get(speaker) != "place" for speaker, _ in _speakers(extraction))


@pytest.mark.parametrize(
    "text",
    [
        "Officials in Marograd declined to comment on the report.",
        "Residents of Marograd said the water was unsafe.",
    ],
)
def test_people_in_a_place_speak_not_the_place(en_listed: Language, text: str) -> None:
    extraction = en_listed(text)._.extraction
    assert extraction["claims"]
    _no_place_speaks(extraction)
    assert all(speaker is None for speaker, _ in _speakers(extraction))
    # The speaker is still written down, whole, for the reader.
    assert {written for _, written in _speakers(extraction)} <= {
        "Officials in Marograd",
        "Residents of Marograd",
    }


def test_a_place_the_model_knows_never_speaks(nlp: Language) -> None:
    extraction = nlp("Officials in Marograd declined to comment on the report.")._.extraction
    assert _kinds(extraction) == {"marograd": "place"}
    assert {speaker for speaker, _ in _speakers(extraction)} == {None}


def test_a_pronoun_never_resolves_to_a_place(en_listed: Language) -> None:
    # The NER takes the made-up city for a person; the gazetteer says it is a place.
    extraction = en_listed(
        "Marograd is tense. He warned that the vote would be delayed."
    )._.extraction
    assert _kinds(extraction) == {"marograd": "place"}
    assert _speakers(extraction) == [(None, "He")]


def test_a_titled_person_is_a_person_not_the_outlet_word_of_the_title(nlp: Language) -> None:
    extraction = nlp("Media analyst Sofia Petrenko said the campaign was coordinated.")._.extraction
    assert _kinds(extraction) == {"sofia-petrenko": "person"}
    assert _speakers(extraction) == [("sofia-petrenko", "Sofia Petrenko")]
    later = nlp("The vote was postponed, said media analyst Sofia Petrenko.")._.extraction
    assert _kinds(later) == {"sofia-petrenko": "person"}


def test_the_russian_person_in_a_title_speaks_not_the_country(ru_listed: Language) -> None:
    text = "Министр иностранных дел Велории Анатолий Браск считает, что переговоры зашли в тупик."
    extraction = ru_listed(text)._.extraction
    assert _speakers(extraction) == [("anatoly-brask", "Анатолий Браск")]


def test_a_russian_place_never_speaks(ru_listed: Language) -> None:
    text = (
        "Власти Велории заявили, что выборы пройдут в срок. "
        "«Выборы пройдут в срок», — заявили в Велории."
    )
    _no_place_speaks(ru_listed(text)._.extraction)
