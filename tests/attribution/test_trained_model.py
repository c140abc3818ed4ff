"""The trained attribution tagger: shipped weights, tagging, linking, PolNeAR reading."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy
import pytest
from spacy.language import Language

from claimgraph.attribution.model_corpus import (
    GoldAttribution,
    annotating_pipeline,
    read_brat,
    tag_sequence,
    tags_for,
)
from claimgraph.attribution.trained import (
    WEIGHTS,
    ModelAttribution,
    _allowed_transitions,
    add_to_pipeline,
    link,
    viterbi,
)
from claimgraph.errors import ClaimgraphError
from claimgraph.evaluation import Attribution, load_polnear, score
from claimgraph.extractors import DEFAULT_MODEL, load_pipeline

POLNEAR = Path(__file__).resolve().parents[3] / "shared" / "data" / "polnear-dev"


@pytest.fixture(scope="module")
def tagger_nlp() -> Language:
    return load_pipeline(trained_attribution=True)


def _text(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0] : span[1]] if span is not None else None


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        (
            "The senator said that the bill would fail in the House.",
            "The senator",
            "said",
            "the bill would fail in the House",
        ),
        (
            "“We will not raise taxes on families,” Governor Smith told reporters on Monday.",
            "Governor Smith",
            "told",
            "“We will not raise taxes on families,”",
        ),
        (
            "Critics of the mayor argued that the new stadium was far too expensive.",
            "Critics of the mayor",
            "argued",
            "that the new stadium was far too expensive",
        ),
    ],
)
def test_shipped_model_tags_a_report(
    tagger_nlp: Language, text: str, source: str, cue: str, content: str
) -> None:
    found = tagger_nlp(text)._.model_attributions
    assert found, "no attribution found"
    first = found[0]
    assert _text(text, first.source) == source
    assert cue in _text(text, first.cue)  # type: ignore[operator]
    got = {i for s, e in first.content for i in range(s, e)}
    want = set(range(text.index(content), text.index(content) + len(content)))
    assert len(got & want) / len(got | want) >= 0.6
    assert 0.0 < first.confidence <= 1.0


def test_a_plain_sentence_has_no_attribution(tagger_nlp: Language) -> None:
    assert tagger_nlp("The river runs north through the valley.")._.model_attributions == []


def test_the_training_reader_keeps_what_the_tagger_reads() -> None:
    # Ingest's extraction step clears doc.tensor and the rules' claims; the
    # pipeline that annotates training texts must stop before it.
    nlp = annotating_pipeline(DEFAULT_MODEL)
    doc = nlp("“Taxes will rise,” the minister said on Monday.")
    assert doc.tensor.shape[0] == len(doc)
    assert [c.speaker_text for c in doc._.claims] == ["the minister"]


def test_missing_weights_say_how_to_get_them(tmp_path: Path) -> None:
    nlp = annotating_pipeline(DEFAULT_MODEL)
    with pytest.raises(ClaimgraphError, match="make train-attribution"):
        add_to_pipeline(nlp, tmp_path)


def test_shipped_weights_are_small() -> None:
    size = sum(f.stat().st_size for f in WEIGHTS.rglob("*") if f.is_file())
    assert 0 < size < 5_000_000


def test_link_joins_a_quote_split_around_its_cue(tagger_nlp: Language) -> None:
    text = "“We won,” he said, “and we will win again.”"
    doc = tagger_nlp.make_doc(text)
    words = [t.text for t in doc]
    tags = ["O"] * len(doc)
    tags[0], tags[1], tags[2] = "B-CONTENT", "I-CONTENT", "I-CONTENT"
    tags[words.index("he")] = "B-SOURCE"
    tags[words.index("said")] = "B-CUE"
    second = words.index("and")
    tags[second] = "B-CONTENT"
    for i in range(second + 1, len(doc) - 1):
        tags[i] = "I-CONTENT"
    found = link(doc, tags, [1.0] * len(doc))
    assert len(found) == 1
    assert isinstance(found[0], ModelAttribution)
    assert [text[s:e] for s, e in found[0].content] == ["“We won", "and we will win again."]
    assert _text(text, found[0].source) == "he"
    assert _text(text, found[0].cue) == "said"


def test_link_drops_content_without_a_cue(tagger_nlp: Language) -> None:
    doc = tagger_nlp.make_doc("Taxes will rise next year.")
    assert link(doc, ["B-CONTENT"] + ["I-CONTENT"] * (len(doc) - 1), [1.0] * len(doc)) == []


def test_brat_attributions_become_token_tags(tagger_nlp: Language, tmp_path: Path) -> None:
    text = "Smith said that Jones claimed taxes rose."
    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\n"
        "T3\tContent 11 40\tthat Jones claimed taxes rose\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
        "T4\tSource 16 21\tJones\nT5\tCue 22 29\tclaimed\nT6\tContent 30 40\ttaxes rose\n"
        "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4\n",
        encoding="utf-8",
    )
    gold = read_brat(ann)
    assert gold[0] == GoldAttribution(((11, 40),), ((6, 10),), ((0, 5),))
    doc = tagger_nlp.make_doc(text)
    tags = tag_sequence(tags_for(doc, gold), len(doc))
    # The nested report keeps its own tags inside the outer content.
    assert tags == [
        "B-SOURCE", "B-CUE", "B-CONTENT", "B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "O",
    ]  # fmt: skip


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="the PolNeAR dev split is not in ../shared")
def test_polnear_slice_keeps_its_floor(tagger_nlp: Language) -> None:
    documents = load_polnear(POLNEAR, limit=12)
    gold = [d.attributions for d in documents]
    predicted = []
    for doc in tagger_nlp.pipe(d.text for d in documents):
        predicted.append(
            [
                Attribution(
                    frozenset(i for s, e in a.content for i in range(s, e)),
                    frozenset(range(*a.source)),
                    False,
                )
                for a in doc._.model_attributions
                if a.source is not None
            ]
        )
    found = score(gold, predicted)["all"]
    # The slice scores F1 0.70, precision 0.74 (the tagger alone, reading the rules);
    # the floor leaves room for noise across machines.
    assert found.f1 >= 0.64
    assert found.precision >= 0.67


def test_english_pipeline_runs_the_tagger_after_the_rules(tagger_nlp: Language) -> None:
    names = tagger_nlp.pipe_names
    assert names.index("claim_attribution") + 1 == names.index("claimgraph_attribution_model")
    doc = tagger_nlp("“The debts keep growing,” Taizhan wrote.")
    assert [(c["speaker_text"], c["text"]) for c in doc._.extraction["claims"]] == [
        ("Taizhan", "The debts keep growing")
    ]


def test_viterbi_finds_the_best_allowed_sequence_of_each_document() -> None:
    labels = ["O", "B-CUE", "I-CUE", "B-SOURCE", "I-SOURCE"]
    allowed = _allowed_transitions(labels)
    rng = numpy.random.default_rng(7)
    documents = [rng.dirichlet(numpy.ones(len(labels)), size=n) for n in (4, 1, 0, 5, 3)]

    starts = allowed.all(axis=0)

    def best(probs: numpy.ndarray) -> list[int]:
        logs = numpy.log(probs)
        valid = [
            seq
            for seq in itertools.product(range(len(labels)), repeat=len(probs))
            if starts[seq[0]] and all(allowed[a, b] for a, b in itertools.pairwise(seq))
        ]
        return list(max(valid, key=lambda seq: sum(logs[i, t] for i, t in enumerate(seq))))

    found = viterbi(documents, allowed)
    assert [ids.tolist() for ids in found[:2] + found[3:]] == [
        best(d) for d in documents[:2] + documents[3:]
    ]
    assert found[2].tolist() == []


def test_a_chooser_given_with_the_tagger_is_the_one_applied() -> None:
    """A tagger other than the shipped one comes with its own chooser (as the
    generalisation check's half tagger does): that chooser decides the claims."""
    from claimgraph.attribution.chooser import Chooser

    text = "“The debts keep growing,” Taizhan wrote."
    nlp = load_pipeline()
    shipped = Chooser.load()
    add_to_pipeline(nlp, chooser=Chooser(shipped.weights, 1.01), before="claimgraph_extraction")
    assert nlp(text)._.extraction["claims"] == []
    nlp.get_pipe("claimgraph_attribution_model").chooser = None  # back to the shipped chooser
    assert [c["text"] for c in nlp(text)._.extraction["claims"]] == ["The debts keep growing"]
