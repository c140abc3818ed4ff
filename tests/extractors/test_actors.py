"""Actors: NER cleaned, kinds from context, resolution within a document, gazetteers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import GazetteerError
from claimgraph.extractors import load_pipeline
from claimgraph.extractors.gazetteer import load_gazetteer

EXPECTED_ACTORS = {
    "Karim Massimov": {"person"},
    "Khabar": {"outlet", "organization"},
    "Radio Azattyk": {"outlet", "organization"},
    "RFE/RL": {"outlet", "organization"},
    "Madina Yerkin": {"person"},
    "Bazaraiyim Akzhan": {"person"},
    "Aigul Orynbek": {"person"},
    "Muhtar Taizhan": {"person"},
    "Kazakhstan": {"place"},
}

Extract = Callable[[str], dict[str, Any]]


def _by_name(extraction: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["name"]: a for a in extraction["actors"]}


@pytest.mark.parametrize(("name", "kinds"), sorted(EXPECTED_ACTORS.items()))
def test_founding_article_actors_and_kinds(
    seed: dict[str, Any], name: str, kinds: set[str]
) -> None:
    actors = _by_name(seed)
    assert name in actors, sorted(actors)
    assert actors[name]["kind"] in kinds


def test_massimov_is_one_actor_whatever_the_spelling(seed: dict[str, Any]) -> None:
    massimovs = [
        a
        for a in seed["actors"]
        if "massimov" in a["name"].casefold()
        or any("massimov" in alias.casefold() for alias in a["aliases"])
    ]
    assert [a["id"] for a in massimovs] == ["karim-massimov"]
    assert {"Karim Massimov", "Massimov"} <= set(massimovs[0]["aliases"])


def test_no_actor_named_after_a_hashtag_handle_or_possessive(seed: dict[str, Any]) -> None:
    for actor in seed["actors"]:
        for form in [actor["name"], *actor["aliases"]]:
            assert not form.startswith(("#", "@", "[")), form
            assert not form.endswith(("’s", "'s", "’", "]")), form
            assert "25летнезависимости" not in form
            assert "\n" not in form


def test_headline_fragments_are_not_actors(seed: dict[str, Any]) -> None:
    names = {a["name"] for a in seed["actors"]}
    assert not any("Hashtag" in n or "Campaign" in n for n in names), names


def test_possessive_and_bracket_are_stripped(extract: Extract) -> None:
    ex = extract(
        "“For the 10 years of [Karim Massimov’s] premiership, debts grew,” "
        "the activist wrote. Karim Massimov’s office did not reply."
    )
    assert [a["name"] for a in ex["actors"]] == ["Karim Massimov"]


def test_context_makes_khabar_an_outlet(extract: Extract) -> None:
    ex = extract(
        "State news agency Khabar bizarrely tried to get the ball rolling. "
        "Khabar and the government seem to believe this is how trending is done."
    )
    assert _by_name(ex)["Khabar"]["kind"] == "outlet"


def test_surname_and_title_resolve_to_the_full_name(extract: Extract) -> None:
    text = (
        "Kazakhstani PM Karim Massimov invited followers to adopt a hashtag. "
        "Critics mocked the premier. Massimov did not respond, and the PM's office "
        "stayed silent."
    )
    ex = extract(text)
    assert [a["id"] for a in ex["actors"] if a["kind"] == "person"] == ["karim-massimov"]
    person = _by_name(ex)["Karim Massimov"]
    assert person["mentions"] >= 3


def test_gazetteer_overrides_name_and_kind(tmp_path: Path) -> None:
    gazetteer = tmp_path / "watch.toml"
    gazetteer.write_text(
        '[[actor]]\nname = "Khabar Agency"\nkind = "outlet"\naliases = ["Khabar", "Хабар"]\n'
        'accounts = ["twitter:khabar_kz"]\n',
        encoding="utf-8",
    )
    nlp = load_pipeline(gazetteer=gazetteer)
    ex = nlp("Khabar published the examples. Later Хабар deleted them.")._.extraction
    actors = _by_name(ex)
    assert actors["Khabar Agency"]["kind"] == "outlet"
    assert {"Khabar", "Хабар"} <= set(actors["Khabar Agency"]["aliases"])
    assert actors["Khabar Agency"]["mentions"] == 2
    accounts = {a["id"]: a for a in ex["accounts"]}
    assert accounts["twitter:khabar_kz"]["operator"] == "khabar-agency"


@pytest.mark.parametrize("name", ["!!!", "—", "« »"])
def test_a_gazetteer_name_without_letters_is_a_clear_error(tmp_path: Path, name: str) -> None:
    # Issue 20.13: a ValueError from deep inside, instead of which entry of which file.
    gazetteer = tmp_path / "watch.toml"
    gazetteer.write_text(
        f'[[actor]]\nname = "Khabar"\n\n[[actor]]\nname = "{name}"\nkind = "outlet"\n',
        encoding="utf-8",
    )
    with pytest.raises(GazetteerError) as raised:
        load_gazetteer(gazetteer)
    message = str(raised.value)
    assert str(gazetteer) in message and "[[actor]] #2" in message and repr(name) in message
    assert "\n" not in message
