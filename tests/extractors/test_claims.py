"""Claim attribution on the founding article and on the patterns it relies on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Extract = Callable[[str], dict[str, Any]]


def _parts(text: str, claim: dict[str, Any]) -> list[str]:
    """Return the text of each part of ``claim`` (a quote split around its cue has two)."""
    return [text[start:end] for start, end in claim["spans"]]


def _claims_by(ex: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for claim in ex["claims"]:
        key = claim["speaker"][1] if claim["speaker"] else claim["speaker_text"]
        found.setdefault(key, []).append(claim)
    return found


@pytest.mark.parametrize(
    ("speaker", "kind", "starts"),
    [
        ("twitter:almirikarpykov", "direct", "Our national currency"),
        ("twitter:kasymjanym", "indirect", "it was now possible"),
        ("twitter:aidoseg", "indirect", "over the last 25 years"),
        ("twitter:samsonino", "direct", "In #25летнезависимости"),
        ("radio-azattyk", "indirect", "civic activists"),
        ("aigul-orynbek", "direct", "Kazakhstan is not currently"),
        ("muhtar-taizhan", "direct", "For the 10 years"),
        ("madina-yerkin", "direct", "Did you know that Kazakhstan"),
    ],
)
def test_founding_article_claims(
    seed: dict[str, Any], speaker: str, kind: str, starts: str
) -> None:
    claims = _claims_by(seed).get(speaker, [])
    assert any(c["kind"] == kind and c["text"].startswith(starts) for c in claims), claims


def test_offsets_index_the_text(seed: dict[str, Any], seed_text: str) -> None:
    for claim in seed["claims"]:
        assert " … ".join(_parts(seed_text, claim)) == claim["text"]
        assert (claim["start"], claim["end"]) == (claim["spans"][0][0], claim["spans"][-1][1])
        if claim["speaker_start"] is not None:
            assert seed_text[claim["speaker_start"] : claim["speaker_end"]] == claim["speaker_text"]


def test_content_excludes_cue_and_speaker(seed: dict[str, Any]) -> None:
    for claim in seed["claims"]:
        if claim["speaker_text"] and claim["kind"] == "indirect":
            assert f" {claim['speaker_text']} " not in f" {claim['text']} "
            assert not claim["text"].startswith(claim["cue"])


def test_targets_and_addressee(seed: dict[str, Any]) -> None:
    orynbek = _claims_by(seed)["aigul-orynbek"][0]
    assert ["Actor", "karim-massimov"] in orynbek["about"]  # "the premier"
    assert orynbek["told_to"]
    taizhan = _claims_by(seed)["muhtar-taizhan"]
    assert any(["Actor", "karim-massimov"] in c["about"] for c in taizhan)


def test_quote_continued_after_its_cue_is_one_claim(seed: dict[str, Any], seed_text: str) -> None:
    taizhan = _claims_by(seed)["muhtar-taizhan"]
    quote = next(c for c in taizhan if c["text"].startswith("For the 10 years"))
    parts = _parts(seed_text, quote)
    assert len(parts) == 2 and parts[1].startswith("This year, this oil nation"), quote


def test_according_to(extract: Extract) -> None:
    ex = extract("According to Radio Azattyk, civic activists mocked the campaign.")
    claim = ex["claims"][0]
    assert claim["cue"] == "according to"
    assert claim["speaker_text"] == "Radio Azattyk"
    assert claim["text"] == "civic activists mocked the campaign"


def test_unresolved_speaker_is_kept_as_written(extract: Extract) -> None:
    ex = extract("“The campaign has failed,” officials said.")
    claim = ex["claims"][0]
    assert claim["speaker"] is None
    assert claim["speaker_text"] == "officials"
    assert claim["text"] == "The campaign has failed"


def test_taizhan_makes_at_least_three_claims_about_massimov(seed: dict[str, Any]) -> None:
    # Three statements: the two sentences of one quote (one attribution, one Claim
    # with two spans) and the likening of Massimov to a schoolchild.
    taizhan = _claims_by(seed)["muhtar-taizhan"]
    assert sum(len(c["spans"]) for c in taizhan) >= 3
    assert sum(["Actor", "karim-massimov"] in c["about"] for c in taizhan) >= 2


def test_misspelt_outlet_resolves_and_is_the_addressee(seed: dict[str, Any]) -> None:
    orynbek = _claims_by(seed)["aigul-orynbek"][0]
    assert orynbek["told_to"] == ["radio-azattyk"]  # the text writes "Radio Aztec"
    outlets = {a["id"]: a for a in seed["actors"]}
    assert "radio-aztec" not in outlets
    assert "Radio Aztec" in outlets["radio-azattyk"]["aliases"]


def test_every_speaker_of_the_founding_article(seed: dict[str, Any]) -> None:
    speakers = set(_claims_by(seed))
    assert {
        "madina-yerkin",
        "bazaraiyim-akzhan",
        "twitter:almirikarpykov",
        "twitter:kasymjanym",
        "twitter:aidoseg",
        "twitter:samsonino",
        "radio-azattyk",
        "aigul-orynbek",
        "muhtar-taizhan",
    } <= speakers


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "Clinton plans to visit Charlotte on Sunday, according to a campaign aide.",
            "a campaign aide",
            "Clinton plans to visit Charlotte on Sunday",
        ),
        (
            "The latest test, North Korea said, was its biggest yet.",
            "North Korea",
            "was its biggest yet",
        ),
        (
            "“He can’t even answer a question.” ― Esther Tapia, a voter in Phoenix",
            "Esther Tapia",
            "He can’t even answer a question.",
        ),
        (
            "PENCE: Well, the question really should be about the foundation.\n",
            "PENCE",
            "Well, the question really should be about the foundation.",
        ),
        (
            "Warren called Wells Fargo’s behavior outrageous.",
            "Warren",
            "Wells Fargo’s behavior outrageous",
        ),
        ("Trump wants to build a wall on the border.", "Trump", "to build a wall on the border"),
        (  # coordinated infinitives the parser hung on the cue
            "She wants to triple the program, grow the Peace Corps and create a reserve.",
            "She",
            "to triple the program, grow the Peace Corps and create a reserve",
        ),
        (  # a headline "Name: statement", with a name the tagger took for a noun
            "Sanders: Clinton needs to get away from all of this personality stuff.\n\nText.",
            "Sanders",
            "Clinton needs to get away from all of this personality stuff.",
        ),
        (  # a transcript line inside a blockquote's straight quotes
            '"WALLACE: Do you really see those two as equivalent?\n\n"PENCE: Well, look, '
            "Mark Cuban has been out there saying some pretty tough stuff.",
            "PENCE",
            "Well, look, Mark Cuban has been out there saying some pretty tough stuff.",
        ),
        (  # signed with a dash straight after the closing mark
            "“Maybe, we can build a wall around Donald Trump.”― Steve Quinlan.",
            "Steve Quinlan",
            "Maybe, we can build a wall around Donald Trump.",
        ),
        (  # a quote opened with a right double quotation mark
            "”Fear. I am truly afraid that he will win.” ― Edwin G. Monroy",
            "Edwin G. Monroy",
            "Fear. I am truly afraid that he will win.",
        ),
        (  # a report named by a noun
            "Politifact seized on Trump's claim that there have been thousands of shootings.",
            "Trump",
            "there have been thousands of shootings",
        ),
        (  # an object cue's content ends before an adjunct of time
            "Bill Clinton criticized the health law as a “crazy system” during a stop in Flint.",
            "Bill Clinton",
            "the health law as a “crazy system”",
        ),
        (  # ... and before a lone dash and the writer's gloss
            "Gingrich dismissed Estonia as a suburb — a metaphor for the party's choice.",
            "Gingrich",
            "Estonia as a suburb",
        ),
        (  # a relative clause split by its report
            "They met near the stadium, which, Tompkins said, is usually full on game days.",
            "Tompkins",
            "which",
        ),
        (  # the writer's "although" after a report set off by commas
            "The latest test, North Korea said, was its biggest yet, although it may take "
            "days to know.",
            "North Korea",
            "was its biggest yet",
        ),
        (  # ... and after a reported clause
            "He claimed that paying no taxes was smart, although he refused to release "
            "his returns.",
            "He",
            "paying no taxes was smart",
        ),
        (  # a reported clause ends at a semicolon
            "Republicans said the timing was not intentional; they learned of it on Friday.",
            "Republicans",
            "the timing was not intentional",
        ),
        (  # a stance stated with an adjective
            "Many Democrats are afraid that turnout will be low.",
            "Many Democrats",
            "turnout will be low",
        ),
        ("Graham has been critical of Trump.", "Graham", "Trump"),
        ("Clinton has been a consistent supporter of NATO.", "Clinton", "NATO"),
        (  # a report named by a noun with what it is about
            "North Korea's claims about the potency of its test drew scorn.",
            "North Korea",
            "the potency of its test",
        ),
        (  # a noun report made by a light verb's subject
            "Voting rights advocates have expressed deep concern about the policy.",
            "Voting rights advocates",
            "the policy",
        ),
        (  # a document speaks
            "It says the campaign violated federal and state law.",
            "It",
            "the campaign violated federal and state law",
        ),
        (  # a passive cue reports its subject; the agent speaks
            "The registration issue was first reported by The Washington Post.",
            "Washington Post",
            "The registration issue",
        ),
        (  # a second "that" clause is a second part of the content
            "The chief said witnesses saw a gun and that one was found nearby.",
            "The chief",
            "witnesses saw a gun and that one was found nearby",
        ),
        (  # a second predicate of the content's subject, in its own tense
            "Police say the driver posed a threat and refused to drop the gun.",
            "Police",
            "the driver posed a threat and refused to drop the gun",
        ),
        (  # the parser hangs what follows a closing quote on the cue
            'Lynch said there remains a "significant difference," when it comes to how '
            "many lawyers work there.",
            "Lynch",
            'there remains a "significant difference," when it comes to how many lawyers '
            "work there",
        ),
        (  # a headline's speaker after other words, with a quoted statement
            "A lesson from Loretta Lynch: 'Be the voice that people hear.'\n\n"
            "Attorney General Loretta Lynch met students on Monday.",
            "Loretta Lynch",
            "'Be the voice that people hear.'",
        ),
        (  # a quote that opens inside the reported clause belongs to it
            'Husted said the decision "will force us to put dead voters back on the rolls." '
            "He said the state would appeal.",
            "Husted",
            'the decision "will force us to put dead voters back on the rolls."',
        ),
        (  # a report inside a relative clause
            "He attacked rivals for accepting donations, which he said were tied to favors.",
            "he",
            "were tied to favors",
        ),
        (  # a block quotation introduced by a cue and a colon
            "The governor added:\n\nIt is typical of her. She knows nothing.\n\nMore text.",
            "The governor",
            "It is typical of her. She knows nothing.",
        ),
        (  # a "that" clause the parser hung on the addressee
            "He told a meeting of island leaders that few people understood the stakes.",
            "He",
            "few people understood the stakes",
        ),
        (  # a report a quotation cut short runs on to its sentence's end
            'Clinton said she has the quality the job needs: "Steadiness, and strength."',
            "Clinton",
            'she has the quality the job needs: "Steadiness, and strength."',
        ),
        (  # the parser hangs the statement on the source's name
            "According to radio host Rush Limbaugh, the move reeks of fear and desperation.",
            "Rush Limbaugh",
            "the move reeks of fear and desperation",
        ),
        (  # ... or takes the source for a verb phrase
            "Trump demeaned women with sexist language, according to show insiders.",
            "show insiders",
            "Trump demeaned women with sexist language",
        ),
        (  # a label before a colon is not the speaker
            "The Latest: Trump urges supporters to monitor polling places.\n\nText.",
            "Trump",
            "supporters to monitor polling places",
        ),
        (  # "as X put it"
            "As Ms. Simonyan put it in a statement, RT is providing another perspective.",
            "Simonyan",
            "RT is providing another perspective",
        ),
        (
            'The rule asks only for a "lawful source of income," as a Homeland Security '
            "memo put it.",
            "Homeland Security",
            '"lawful source of income,"',
        ),
        (  # "see" reports a view only with "as"
            "Critics see the bill as an opportunity to fix the program.",
            "Critics",
            "the bill as an opportunity to fix the program",
        ),
        (  # a quotation introduced inside a report is part of it
            'Lynch said she recalled thinking, "This is what people have talked about."',
            "Lynch",
            'she recalled thinking, "This is what people have talked about."',
        ),
        (  # the parser takes the clause for an adjunct of the cue
            "Trump said after the convention he would not accept the endorsement.",
            "Trump",
            "he would not accept the endorsement",
        ),
        (  # a participle after a reported clause is the reporter's
            "Clinton told the audience that she believes in reform, saying that "
            "race still matters.",
            "Clinton",
            "race still matters",
        ),
    ],
)
def test_attribution_patterns(extract: Extract, text: str, speaker: str, content: str) -> None:
    claims = extract(text)["claims"]
    assert any(c["speaker_text"] == speaker and content in _parts(text, c) for c in claims), claims


@pytest.mark.parametrize(
    ("text", "speaker", "contents"),
    [
        (  # two apostrophes as quotation marks
            "''There's no empirical evidence whatsoever,'' Mr. Burman said. "
            "''The real issue is corporate governance.''",
            "Burman",
            ["There's no empirical evidence whatsoever", "The real issue is corporate governance."],
        ),
        (  # a long attribution clause between two parts of one statement
            '"My name may not be on the ballot," Mr. Obama said on Saturday night at the '
            "Congressional Black Caucus Foundation gala dinner in Washington, where Mrs. "
            'Clinton also spoke. "Tolerance is on the ballot."',
            "Obama",
            ["My name may not be on the ballot", "Tolerance is on the ballot."],
        ),
        (  # a report in the middle of its content: both sides are the claim
            "Though that transition was relatively seamless, he said, replacing Clinton "
            "would be much more acrimonious.",
            "he",
            [
                "Though that transition was relatively seamless",
                "replacing Clinton would be much more acrimonious",
            ],
        ),
        (  # the parse hangs the speaker on the wrong side; the commas decide
            "To understand the real Dred Scott, Chief Justice Roberts said, one should "
            "visit this museum.",
            "Roberts",
            ["To understand the real Dred Scott", "one should visit this museum"],
        ),
        (  # a straight-quoted paragraph does not swallow the next one
            'The woman wrote: "It never crossed my mind."\n\nThe rally began.\n\n'
            '"Here comes Big Daddy," she said.',
            "she",
            ["Here comes Big Daddy"],
        ),
    ],
)
def test_statements_in_parts(
    extract: Extract, text: str, speaker: str, contents: list[str]
) -> None:
    claims = [c for c in extract(text)["claims"] if speaker in (c["speaker_text"] or "")]
    assert set(contents) <= {part for c in claims for part in _parts(text, c)}, claims


def test_a_quote_after_a_report_continues_it(extract: Extract) -> None:
    text = (
        "The agency may be slow to act, Schiff said. "
        '"The other factor is the election. It should not be a factor."'
    )
    claims = [c for c in extract(text)["claims"] if c["speaker_text"] == "Schiff"]
    assert [_parts(text, c) for c in claims] == [
        [
            "The agency may be slow to act",
            "The other factor is the election. It should not be a factor.",
        ]
    ], claims


def test_a_quote_introduced_by_a_second_report_is_not_the_first_continued(
    extract: Extract,
) -> None:
    text = (
        "“You’re right, we have a correct military,” he said, adding that "
        "“some of the things they ask are ridiculous.”"
    )
    by_cue = {c["cue"]: c["text"] for c in extract(text)["claims"]}
    assert by_cue["said"] == "You’re right, we have a correct military", by_cue
    assert by_cue["adding"] == "some of the things they ask are ridiculous", by_cue


def test_a_quote_inside_a_report_after_another_speaker_is_not_a_continuation(
    extract: Extract,
) -> None:
    text = (
        "''These are our stories,'' she said.\n\nJohnnie Wilson said he had fought in "
        "Vietnam ''for the nation's rights, knowing that back home we didn't have them.''"
    )
    claims = extract(text)["claims"]
    said = {c["speaker_text"]: c["text"] for c in claims if c["cue"] == "said"}
    assert said == {
        "she": "These are our stories",
        "Johnnie Wilson": "he had fought in Vietnam ''for the nation's rights, knowing that "
        "back home we didn't have them.''",
    }, claims


def test_a_new_report_ends_a_continued_quote(extract: Extract) -> None:
    text = (
        '"We are not united," Renzi said after the meeting. The summit did "too little," '
        'he added on Twitter. "Europe risks a lot."'
    )
    claims = extract(text)["claims"]
    renzi = [c["text"] for c in claims if c["speaker_text"] == "Renzi"]
    assert renzi == ["We are not united"], claims


def test_seeing_is_not_a_report(extract: Extract) -> None:
    assert extract("The voters could see the efforts of police officers.")["claims"] == []


def test_the_occasion_of_a_statement_is_not_its_content(extract: Extract) -> None:
    text = 'Asked to describe the device, the commissioner said, "Not going to go into that."'
    contents = {c["text"] for c in extract(text)["claims"]}
    assert "Not going to go into that." in contents, contents
    assert not any(c.startswith("Asked") for c in contents), contents


def test_a_report_inside_a_quotation_is_the_quoted_speakers(extract: Extract) -> None:
    text = '"Right now, the vote is against Trump. I still think she is going to win," he said.'
    claims = extract(text)["claims"]
    assert [c["speaker_text"] for c in claims] == ["he"], claims


def test_a_cue_in_the_next_sentence_is_not_the_quotes(extract: Extract) -> None:
    text = '"I was just kidding." To which she said, "Thank God you still believe."'
    claims = extract(text)["claims"]
    assert [c["text"] for c in claims if c["speaker_text"] == "she"] == [
        "Thank God you still believe."
    ], claims


def test_a_claim_reported_inside_another_is_the_reporters(extract: Extract) -> None:
    text = (
        "Phil Smith, a spokesman for the union, said the union expected production "
        "to improve at the mine."
    )
    claims = extract(text)["claims"]
    assert [c["speaker_text"] for c in claims] == ["Phil Smith"], claims
    assert claims[0]["text"].startswith("the union expected production")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # the parse takes the end of the quote for the subject
            "“Hillary Clinton’s campaign is in panic mode. Full panic mode,” said Leslie Wimes, "
            "a president of the Democratic Women Caucus.",
            "Leslie Wimes",
        ),
        (  # the object of a participle is not its speaker
            "Donald Trump unleashed a series of tweets criticizing Alicia Machado on Friday.",
            None,
        ),
    ],
)
def test_speaker_is_not_taken_from_the_wrong_side(
    extract: Extract, text: str, speaker: str | None
) -> None:
    speakers = {c["speaker_text"] for c in extract(text)["claims"]}
    assert "Alicia Machado" not in speakers and "Full panic mode" not in speakers, speakers
    if speaker:
        assert speaker in speakers


def test_section_headings_are_not_speakers(extract: Extract) -> None:
    text = "Intro.\n\nThe Gap Goes On: It was under his watch that the assembly set up a body."
    assert not [c for c in extract(text)["claims"] if c["cue"] == ":"]


def test_editorial_labels_are_not_speakers(extract: Extract) -> None:
    assert (
        extract("Correction: An earlier version misstated the date of the vote.\n")["claims"] == []
    )
