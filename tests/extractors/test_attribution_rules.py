"""The attribution rules, one sentence each: the examples the rules were written from.

Each row is a sentence and the claim the rules must find in it: its speaker
as written, its cue and one part of its content (a claim split around its cue
has several). Then the sentences that hold no claim, the lexicon as config,
and a claim's parts on their way to the graph and through RDF.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import spacy

from claimgraph.attribution import ENGLISH, RUSSIAN
from claimgraph.attribution.english import ClaimAttribution
from claimgraph.attribution.russian import RussianClaimAttribution
from claimgraph.errors import ClaimgraphError
from claimgraph.extractors import load_pipeline
from claimgraph.model import RawDocument
from claimgraph.rdf import batch_to_quads, quads_to_batch
from claimgraph.to_graph import extraction_to_graph

Extract = Callable[[str], dict[str, Any]]

RULES = [
    # direct quotes
    ("@AlmiriKarpykov wrote: “Our currency is falling again.”", "@AlmiriKarpykov", "wrote",
     "Our currency is falling again."),
    ("“Nothing will change,” wrote @samsonino.", "@samsonino", "wrote", "Nothing will change"),
    ("“The talks achieved nothing,” said Victor Cha, a Korea scholar at CSIS. “Pyongyang will "
     "test again.”", "Victor Cha", "said", "Pyongyang will test again."),
    ("Limbaugh added:\nThe media will never forgive him for winning.", "Limbaugh", "added",
     "The media will never forgive him for winning."),
    # a quote inside reported speech: the clause is the claim
    ('Husted said the court\'s decision "will effectively force us to open polls on Sunday."',
     "Husted", "said",
     'the court\'s decision "will effectively force us to open polls on Sunday."'),
    ('Lynch said she recalled thinking, "This is what democracy looks like."', "Lynch", "said",
     'she recalled thinking, "This is what democracy looks like."'),
    # indirect speech, intentions and objects
    ("@kasymjanym remarked how it was now possible to buy nothing.", "@kasymjanym", "remarked",
     "it was now possible to buy nothing"),
    ("The senator called for reforms of the tax code.", "The senator", "called",
     "reforms of the tax code"),
    ("Trump urged supporters to monitor polling places.", "Trump", "urged",
     "supporters to monitor polling places"),
    ("Trump responded with attacks on Machado.", "Trump", "responded", "with attacks on Machado"),
    ("Sanders talked about the cost of college.", "Sanders", "talked", "the cost of college"),
    ("The mayor warned of delays on the bridge.", "The mayor", "warned", "delays on the bridge"),
    ("Critics see the bill as an opportunity for fraud.", "Critics", "see",
     "the bill as an opportunity for fraud"),
    ("Obama told a meeting of leaders that few people understood the deal.", "Obama", "told",
     "few people understood the deal"),
    ("Republicans said they're convinced the nominee will lose.", "Republicans", "said",
     "they're convinced the nominee will lose"),
    ("It says the campaign violated federal election law.", "It", "says",
     "the campaign violated federal election law"),
    ("The story was first reported by The Washington Post.", "Washington Post", "reported",
     "The story"),
    ("Many of his supporters believe the election was stolen.", "Many of his supporters",
     "believe", "the election was stolen"),
    ("Police say he posed a threat and refused to drop the gun.", "Police", "say",
     "he posed a threat and refused to drop the gun"),
    # where the content stops
    ("Trump tweeted that the election was rigged and encouraged Americans to vote.", "Trump",
     "tweeted", "the election was rigged"),
    ("Warren called the merger outrageous and called for new rules.", "Warren", "called",
     "the merger outrageous"),
    ("Trump claimed the plan was smart, although he again refused to explain it.", "Trump",
     "claimed", "the plan was smart"),
    ("The minister said the pipeline was safe, citing the strategic importance of the region.",
     "The minister", "said", "the pipeline was safe"),
    # reports set off by commas, "according to", "as X put it"
    ("The middle fifth paid 8.9 percent, the agency said in a June report, and the bottom fifth "
     "paid 0.8 percent.", "the agency", "said", "The middle fifth paid 8.9 percent"),
    ("According to Rush Limbaugh, the move reeks of desperation.", "Rush Limbaugh",
     "according to", "the move reeks of desperation"),
    ("The show will end next year, according to show insiders.", "show insiders",
     "according to", "The show will end next year"),
    ("As Ms. Simonyan put it, RT is providing a perspective that is missing.", "Simonyan", "put",
     "RT is providing a perspective that is missing"),
    # reports named by a noun, and stances
    ("Her promise to raise taxes worried investors.", "Her", "promise", "to raise taxes"),
    ("North Korea's claims about the test were doubted.", "North Korea", "claims", "the test"),
    ("Many Democrats are afraid that the party will lose the House.", "Many Democrats", "afraid",
     "the party will lose the House"),
    ("Graham has been critical of the new trade deal.", "Graham", "critical",
     "the new trade deal"),
    ("She is a supporter of a stronger alliance.", "She", "supporter", "a stronger alliance"),
]  # fmt: skip

NO_CLAIM = [
    "Burma, also known as Myanmar, held elections in November.",  # no one speaks
    "The accord is expected to take effect next year.",  # a passive expectation is no one's
    "Clinton spoke to students at the university.",  # an addressee, not a content
    "The rebels continued to plot against the regime.",  # aspect, not a report
    "Trump fears that the deal will hurt workers.",  # the parser's "fears" is a noun here
]


def _parts(text: str, claim: dict[str, Any]) -> list[str]:
    return [text[start:end] for start, end in claim["spans"]]


@pytest.mark.parametrize(("text", "speaker", "cue", "content"), RULES)
def test_rule(extract: Extract, text: str, speaker: str, cue: str, content: str) -> None:
    claims = extract(text)["claims"]
    assert any(
        c["speaker_text"] == speaker and c["cue"] == cue and content in _parts(text, c)
        for c in claims
    ), claims


@pytest.mark.parametrize("text", NO_CLAIM)
def test_no_claim(extract: Extract, text: str) -> None:
    assert extract(text)["claims"] == []


def test_a_quote_split_around_its_cue_is_one_claim(extract: Extract) -> None:
    text = "“The talks achieved nothing,” said Victor Cha. “Pyongyang will test again.”"
    (claim,) = extract(text)["claims"]
    assert _parts(text, claim) == ["The talks achieved nothing", "Pyongyang will test again."]
    assert claim["text"] == "The talks achieved nothing … Pyongyang will test again."
    assert (claim["start"], claim["end"]) == (1, len(text) - 1)
    assert claim["kind"] == "direct"


def test_the_lexicon_is_config() -> None:
    nlp = spacy.blank("en")
    component = nlp.add_pipe(
        "claim_attribution",
        config={"lexicon": {"add": {"reporting": ["opine"]}, "remove": {"object_verbs": ["see"]}}},
    )
    assert isinstance(component, ClaimAttribution)
    assert "opine" in component.lexicon.cue_lemmas
    assert "see" not in component.lexicon.object_verbs
    assert "see" in ENGLISH.object_verbs  # the default stays as it was
    ru = spacy.blank("ru").add_pipe(
        "claim_attribution_ru", config={"lexicon": {"add": {"cues_ru": ["вякнуть"]}}}
    )
    assert isinstance(ru, RussianClaimAttribution)
    assert "вякнуть" in ru.lexicon.cue_lemmas and "вякнуть" not in RUSSIAN.cue_lemmas


def test_an_unknown_word_list_says_which_there_are() -> None:
    with pytest.raises(ClaimgraphError, match="no word list 'verbs'.*reporting"):
        ENGLISH.with_changes(add={"verbs": ["opine"]})


def test_an_added_cue_finds_claims() -> None:
    nlp = load_pipeline()
    text = "Trump opined that the deal was bad."
    assert nlp(text)._.extraction["claims"] == []
    nlp.replace_pipe(
        "claim_attribution",
        "claim_attribution",
        config={"lexicon": {"add": {"reporting": ["opine"]}}},
    )
    (claim,) = nlp(text)._.extraction["claims"]
    assert (claim["speaker_text"], claim["cue"], claim["text"]) == (
        "Trump",
        "opined",
        "the deal was bad",
    )


def test_spans_reach_the_graph_and_survive_rdf(extract: Extract) -> None:
    text = "“The talks achieved nothing,” said Victor Cha. “Pyongyang will test again.”"
    raw = RawDocument(text, "cha.txt")
    batch = extraction_to_graph(raw, extract(text))
    (claim,) = [n for n in batch.nodes.values() if n.label == "Claim"]
    assert claim.props["spans"] == ["1:27", "48:74"]
    back = quads_to_batch(batch_to_quads(batch)).nodes[("Claim", claim.id)]
    assert back.props["spans"] == claim.props["spans"]
