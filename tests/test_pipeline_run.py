"""parse_documents: each parse handed on with its own document, dropped ones reported."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.extractors.pipelines import load_rule_pipeline
from claimgraph.ingest import IngestSummary
from claimgraph.model import RawDocument
from claimgraph.pipeline_run import parse_documents


@Language.component("test_pipeline_run_fails_on_boom")
def _fails_on_boom(doc: Doc) -> Doc:
    if "BOOM" in doc.text:
        raise ValueError("a component failed")
    return doc


@pytest.fixture(scope="module")
def failing_nlp() -> Language:
    nlp = load_rule_pipeline("en")
    nlp.add_pipe("test_pipeline_run_fails_on_boom", first=True)
    return nlp


def _parse(
    nlp: Language, documents: list[RawDocument], n_process: int, claims: bool = True
) -> tuple[list[tuple[str, str]], IngestSummary]:
    summary = IngestSummary()
    parsed: list[tuple[str, str]] = []

    def on_parsed(raw: RawDocument, parts: list, words: int, changed: bool) -> None:
        tags = sorted(tag for _, extraction in parts for tag in extraction["hashtags"])
        parsed.append((raw.source, ",".join(tags)))

    parse_documents(
        nlp,
        documents,
        summary,
        on_parsed,
        batch_size=2,
        n_process=n_process,
        claims=None if claims else (lambda raw: raw.source != "b"),
    )
    return parsed, summary


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_dropped_document_is_reported_and_the_others_keep_their_own_parse(
    failing_nlp: Language, n_process: int
) -> None:
    texts = {"a": "first #one", "b": "BOOM #two", "c": "BOOM #two", "d": "fourth #four"}
    documents = [RawDocument(text=text, source=source) for source, text in texts.items()]
    parsed, summary = _parse(failing_nlp, documents, n_process)
    assert parsed == [("a", "one"), ("d", "four")]
    assert [s.source for s in summary.skipped] == ["b", "c"]
    assert all("language pipeline failed" in s.reason for s in summary.skipped)


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_document_attribution_passes_over_is_parsed_too(
    failing_nlp: Language, n_process: int
) -> None:
    # Sent to the pipeline as a marked Doc rather than as text, between texts.
    texts = {"a": "same #text", "b": "same #text", "c": "other #tag"}
    documents = [RawDocument(text=text, source=source) for source, text in texts.items()]
    parsed, summary = _parse(failing_nlp, documents, n_process, claims=False)
    assert parsed == [("a", "text"), ("b", "text"), ("c", "tag")]
    assert not summary.skipped


def test_workers_hand_back_each_extraction_and_leave_the_pipeline_as_it_was(
    failing_nlp: Language,
) -> None:
    names = list(failing_nlp.pipe_names)
    texts = {"a": "first #one", "b": "second #two #three", "c": "no tags"}
    documents = [RawDocument(text=text, source=source) for source, text in texts.items()]
    parsed, summary = _parse(failing_nlp, documents, 2)
    assert parsed == [("a", "one"), ("b", "three,two"), ("c", "")]
    assert not summary.skipped
    assert failing_nlp.pipe_names == names
