"""The network of the trained attribution tagger, registered with spaCy.

It reads what the English pipeline has already computed rather than embedding
words again: ``doc.tensor`` from the model's own ``tok2vec`` (96 numbers a
token, each seeing about four tokens either side), the dependency label of
each token, and a few flags the window cannot see, such as whether the token
lies inside a quotation. A bidirectional LSTM over the whole document gives
every token the long-range context a content span needs (contents are
clauses of dozens of tokens, their cue and source often sentences away), and
a softmax layer gives each token a tag.
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import DEP, IS_PUNCT, IS_SPACE, LEMMA, LOWER, NORM, ORTH, POS, SENT_START
from spacy.ml.featureextractor import FeatureExtractor
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    LSTM,
    HashEmbed,
    Model,
    Softmax,
    chain,
    concatenate,
    with_array,
    with_padded,
)
from thinc.types import Floats2d

from claimgraph.attribution.lexicon_en import ENGLISH
from claimgraph.errors import ClaimgraphError

__all__ = ["N_FLAGS", "build_attribution_tagger", "rule_flags", "token_flags"]

#: Quotation marks that open and close quotations (single ones are also apostrophes).
_OPENING = frozenset(['"', "“", "«", "„", "``"])
_CLOSING = frozenset(['"', "”", "»", "''"])
#: One column per flag of :func:`token_flags`.
N_TOKEN_FLAGS = 6
#: One column per flag of :func:`rule_flags`.
N_RULE_FLAGS = 7
#: The flags the tagger reads, per token.
N_FLAGS = N_TOKEN_FLAGS + N_RULE_FLAGS
#: Words the rules may read as a nominal or stance cue.
_NOMINAL = ENGLISH.nominal_cues | ENGLISH.stance_nouns | ENGLISH.stance_adjectives
#: The same words, and the quotation marks, as string ids (what ``Doc.to_array`` gives).
_NOMINAL_IDS = numpy.array(sorted(get_string_id(w) for w in _NOMINAL), dtype="uint64")
_CUE_LEMMA_IDS = numpy.array(sorted(get_string_id(w) for w in ENGLISH.cue_lemmas), dtype="uint64")
_MARK_IDS = numpy.array(sorted(get_string_id(m) for m in _OPENING | _CLOSING), dtype="uint64")
PROPN_ID = POS_IDS["PROPN"]


@registry.architectures("claimgraph.AttributionTagger.v1")
def build_attribution_tagger(
    width: int = 64,
    depth: int = 1,
    dep_width: int = 16,
    norm_width: int = 64,
    norm_rows: int = 5000,
    nO: int | None = None,
) -> Model[list[Doc], list[Floats2d]]:
    """Return the tagger network: pipeline tensor, words, dependency labels and flags,
    a bidirectional LSTM over the document, and a softmax over the tags.

    Parameters
    ----------
    width : int
        Output width of the LSTM (both directions together; even).
    depth : int
        Number of stacked LSTM layers.
    dep_width : int
        Width of the embedding of dependency labels.
    norm_width, norm_rows : int
        Width and rows of the hashed embedding of words (their norm), which
        lets the tagger learn the words of saying and judging themselves.
    nO : int, optional
        Number of tags; set from the component's labels when left out.
    """
    embeddings: Model[Any, Any] = concatenate(
        HashEmbed(norm_width, norm_rows, column=0, seed=11),
        HashEmbed(dep_width, 64, column=1, seed=17),
    )
    words: Model[list[Doc], list[Floats2d]] = chain(
        FeatureExtractor([NORM, DEP]), with_array(embeddings)
    )
    features: Model[list[Doc], list[Floats2d]] = concatenate(_tensor_and_flags(), words)
    output = Softmax(nO)
    model: Model[list[Doc], list[Floats2d]] = chain(
        features,
        with_padded(LSTM(width, bi=True, depth=depth)),
        with_array(output),
    )
    model.set_ref("output_layer", output)
    return model


def _tensor_and_flags() -> Model[list[Doc], list[Floats2d]]:
    return Model("attribution_inputs", _inputs_forward)


def _inputs_forward(
    model: Model[list[Doc], list[Floats2d]], docs: list[Doc], is_train: bool
) -> tuple[list[Floats2d], object]:
    arrays = []
    for doc in docs:
        tensor = doc.tensor
        if len(doc) and (tensor is None or tensor.shape[0] != len(doc)):
            raise ClaimgraphError(
                "the attribution model reads doc.tensor from the pipeline's tok2vec, "
                "but this document has none: add it after the English model's tok2vec "
                "(claimgraph.extractors.load_pipeline does)"
            )
        flags = [token_flags(doc), rule_flags(doc)]
        inputs = numpy.hstack([tensor.reshape(len(doc), -1), *flags]).astype("float32")
        arrays.append(model.ops.asarray2f(inputs))  # type: ignore[arg-type]

    def backprop(d_arrays: list[Floats2d]) -> list[Doc]:
        return []  # the inputs are the pipeline's, fixed: nothing to learn here

    return arrays, backprop


def token_flags(doc: Doc) -> numpy.ndarray:
    """Return a float32 array of ``N_TOKEN_FLAGS`` flags per token of ``doc``.

    The flags: inside a quotation, a quotation mark, first token of its
    sentence, first after a line break, punctuation, and a proper noun.
    """
    flags = numpy.zeros((len(doc), N_TOKEN_FLAGS), dtype="float32")
    if not len(doc):
        return flags
    columns = doc.to_array([ORTH, IS_SPACE, SENT_START, IS_PUNCT, POS]).astype("int64")
    marks = numpy.isin(doc.to_array(ORTH), _MARK_IDS)
    breaks = numpy.zeros(len(doc), dtype=bool)
    for index in numpy.flatnonzero(columns[:, 1]).tolist():
        breaks[index] = "\n" in doc[index].text
    flags[:, 1] = marks
    flags[:, 2] = columns[:, 2] == 1
    flags[1:, 3] = breaks[:-1]
    flags[:, 4] = columns[:, 3]
    flags[:, 5] = columns[:, 4] == PROPN_ID
    # Inside a quotation: the state changes only at quotation marks and line breaks.
    inside, since = False, 0
    for i in numpy.flatnonzero(marks | breaks).tolist():
        flags[since:i, 0] = inside
        if breaks[i]:
            inside = False  # a quotation never runs past its paragraph unclosed
        if marks[i]:
            # a straight mark closes what it opened; a curly one says which it does
            text = doc[i].text
            inside = not inside if text == '"' else text in _OPENING
        since = i + 1
    flags[since:, 0] = inside
    return flags


def rule_flags(doc: Doc) -> numpy.ndarray:
    """Return a float32 array of ``N_RULE_FLAGS`` flags per token: what the rules said.

    The flags: in a direct claim's content, in an indirect claim's content,
    first token of a content part, the claim's cue, its speaker as written
    (all from ``doc._.claims``, none if the rules did not run), a cue verb of
    the lexicon, and a nominal or stance cue of the lexicon.
    """
    flags = numpy.zeros((len(doc), N_RULE_FLAGS), dtype="float32")
    for claim in (doc._.claims if doc.has_extension("claims") else None) or []:
        kind = 0 if claim.kind == "direct" else 1
        anchor = None
        for start, end in claim.spans or [(claim.start, claim.end)]:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                flags[span.start : span.end, kind] = 1
                flags[span.start, 2] = 1
                anchor = span.start if anchor is None else anchor
        if claim.speaker_start is not None and claim.speaker_end is not None:
            speaker = doc.char_span(claim.speaker_start, claim.speaker_end, alignment_mode="expand")
            if speaker is not None and len(speaker):
                flags[speaker.start : speaker.end, 4] = 1
                anchor = speaker.start
        cue = _cue_token(doc, claim.cue, anchor) if anchor is not None else None
        if cue is not None:
            flags[cue, 3] = 1
    if len(doc):
        lemmas, lowers = doc.to_array([LEMMA, LOWER]).T
        flags[:, 5] = numpy.isin(lemmas, _CUE_LEMMA_IDS)
        flags[:, 6] = numpy.isin(lemmas, _NOMINAL_IDS) | numpy.isin(lowers, _NOMINAL_IDS)
    return flags


def _cue_token(doc: Doc, cue: str, anchor: int) -> int | None:
    """Return the token nearest ``anchor`` (the speaker, else the content) that reads as
    the claim's ``cue`` (claims record their cue as text); None if none is near."""
    words = cue.split()
    near = [t.i for t in doc[max(anchor - 40, 0) : anchor + 40] if words and t.text == words[0]]
    return min(near, key=lambda i: abs(i - anchor)) if near else None
