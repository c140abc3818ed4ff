"""The social tokenizer and entity rules: hashtags, handles, URLs and e-mails stay whole."""

from __future__ import annotations

import pytest
from spacy.language import Language


@pytest.mark.parametrize(
    ("text", "token", "label"),
    [
        ("Use #25летнезависимости now", "#25летнезависимости", "HASHTAG"),
        ("(#25yearsofindependence)", "#25yearsofindependence", "HASHTAG"),
        ("tagged #ҚазақстанТәуелсіздігі.", "#ҚазақстанТәуелсіздігі", "HASHTAG"),
        ("Twitter user @AlmiriKarpykov wrote", "@AlmiriKarpykov", "HANDLE"),
        ("@kasymjanym remarked how", "@kasymjanym", "HANDLE"),
        (
            "see https://www.azattyq.org/a/27912345.html today",
            "https://www.azattyq.org/a/27912345.html",
            "URL",
        ),
        ("write to press@khabar.kz, please", "press@khabar.kz", "EMAIL"),
    ],
)
def test_social_tokens_stay_whole_and_are_labelled(
    nlp: Language, text: str, token: str, label: str
) -> None:
    doc = nlp(text)
    assert token in [t.text for t in doc]
    assert (token, label) in [(e.text, e.label_) for e in doc.ents]


def test_ner_never_calls_a_hashtag_money_or_a_handle_product(nlp: Language, seed_text: str) -> None:
    doc = nlp(seed_text)
    for ent in doc.ents:
        if ent.text.startswith("#"):
            assert ent.label_ == "HASHTAG", ent
        if ent.text.startswith("@"):
            assert ent.label_ == "HANDLE", ent


def test_slashed_acronym_is_one_token(nlp: Language) -> None:
    assert "RFE/RL" in [t.text for t in nlp("RFE/RL’s Kazakhstan service reported it.")]


def test_sentences_never_cross_paragraphs(nlp: Language) -> None:
    doc = nlp("A headline without a full stop\n\nThe body starts here. It goes on.")
    assert [s.text.strip() for s in doc.sents][0] == "A headline without a full stop"
