"""Token scans: the tokens found from attribute arrays are those a loop over every token finds."""

from __future__ import annotations

import spacy
from spacy.language import Language

from claimgraph.extractors.scan import (
    LOWER,
    add_flags,
    has_line_break,
    has_slash_or_ampersand,
    has_social_mark,
    tokens_flagged,
    tokens_of,
)

TEXT = "RFE/RL: AT&T\n\nMail a@b.com, #tag or ＃tag.\n The minister  said so.\n"


def _nlp(flags: bool) -> Language:
    nlp = spacy.blank("en")
    if flags:
        add_flags(nlp.vocab)
        add_flags(nlp.vocab)  # a second call adds nothing
    return nlp


def test_flagged_tokens_are_those_whose_text_the_flag_accepts() -> None:
    for flags in (True, False):
        doc = _nlp(flags)(TEXT)
        for getter in (has_line_break, has_social_mark, has_slash_or_ampersand):
            expected = [t.i for t in doc if getter(t.text)]
            assert expected
            assert tokens_flagged(doc, getter) == expected


def test_flags_take_free_bits_once() -> None:
    nlp = _nlp(True)
    getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]
    ours = [bit for bit, f in getters.items() if f in (has_line_break, has_social_mark)]
    assert len(ours) == 2 and min(ours) >= 19


def test_tokens_of_a_word_in_any_case() -> None:
    doc = _nlp(True)(TEXT)
    assert tokens_of(doc, LOWER, ["minister", "said"]) == [
        t.i for t in doc if t.lower_ in ("minister", "said")
    ]
    assert tokens_of(_nlp(True)(""), LOWER, ["said"]) == []
    assert tokens_flagged(_nlp(True)(""), has_line_break) == []
