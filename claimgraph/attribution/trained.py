"""The trained attribution tagger: a spaCy component that tags source, cue and content.

Trained on PolNeAR's train split (``make train-attribution``, recipe in
``training/``), it tags every token ``B-``/``I-`` of ``SOURCE``, ``CUE`` or
``CONTENT`` (or ``O``) from the pipeline's own ``doc.tensor`` and parse
(:mod:`claimgraph.attribution.model_layers`), then links the tagged runs into
attributions (:func:`link`): each content run goes to the nearest cue (in its
own sentences first), runs that share a cue are one attribution (a quote split
around "he said"), and the cue's speaker is the source run holding its
subject, else the nearest source in its sentence, else the subject's phrase.

The tagger runs after the rules (``claim_attribution``) and reads their claims
as part of its input. The results are :class:`ModelAttribution` objects on
``doc._.model_attributions``; the learned chooser then keeps the best of the
rules' ``doc._.claims`` and these (:func:`claimgraph.attribution.model_claims.combine`,
:mod:`claimgraph.attribution.chooser`). The weights ship
in ``claimgraph/attribution/weights/``; :func:`add_to_pipeline` puts the
component, loaded from them, into an English pipeline after the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from thinc.api import Config, Model, SequenceCategoricalCrossentropy

from claimgraph.attribution import model_layers  # noqa: F401  (registers the network)
from claimgraph.attribution.chooser import Chooser
from claimgraph.attribution.english import ClaimAttribution
from claimgraph.attribution.finder import Finder
from claimgraph.attribution.model_corpus import GOLD_KEY, SPANS_KEY, TAGS, tag_sequence
from claimgraph.errors import ClaimgraphError

__all__ = [
    "COMPONENT",
    "WEIGHTS",
    "AttributionTagger",
    "ModelAttribution",
    "Tagged",
    "add_to_pipeline",
    "link",
    "score_attributions",
]

#: The component's registered name.
COMPONENT = "claimgraph_attribution_model"
#: The shipped weights (the component as ``spacy train`` saved it).
WEIGHTS = Path(__file__).parent / "weights"
#: How far (in tokens) a content run may lie from its cue, and a cue from its source.
MAX_GAP = 40

if not Doc.has_extension("model_attributions"):
    Doc.set_extension("model_attributions", default=None)


@dataclass(frozen=True, slots=True)
class Tagged:
    """The tagger's output for one document, token by token."""

    ids: numpy.ndarray  # the best tag sequence's tag ids
    probs: numpy.ndarray  # their probabilities
    content: numpy.ndarray  # the probability of a content tag (B- or I-)
    source: numpy.ndarray  # the probability of a source tag


@dataclass(frozen=True, slots=True)
class ModelAttribution:
    """One attribution the model found: character ranges of its content parts, its
    cue and its source, and the model's mean confidence in their tags."""

    content: tuple[tuple[int, int], ...]
    cue: tuple[int, int]
    source: tuple[int, int] | None
    confidence: float

    @property
    def start(self) -> int:
        """Return where the content starts."""
        return self.content[0][0]

    @property
    def end(self) -> int:
        """Return where the content ends."""
        return self.content[-1][1]


_DEFAULT_MODEL = {
    "@architectures": "claimgraph.AttributionTagger.v1",
    "width": 64,
    "depth": 1,
    "dep_width": 16,
    "norm_width": 64,
    "norm_rows": 5000,
}


@Language.factory(
    COMPONENT,
    assigns=["doc._.model_attributions", "doc._.claims"],
    requires=["doc.tensor", "token.dep", "token.pos", "doc._.claims"],
    default_config={
        "model": _DEFAULT_MODEL,
        "scorer": {"@scorers": "claimgraph.attribution_scorer.v1"},
    },
    default_score_weights={"attribution_f": 1.0, "attribution_p": 0.0, "attribution_r": 0.0},
)
def make_attribution_tagger(
    nlp: Language, name: str, model: Model[list[Doc], list[Any]], scorer: Any
) -> AttributionTagger:
    """Return the attribution tagger (spaCy factory)."""
    tagger = AttributionTagger(nlp.vocab, model, name, scorer=scorer)
    tagger.pipeline = nlp
    return tagger


class AttributionTagger(Tagger):  # type: ignore[misc]
    """Tag tokens as source, cue or content of an attribution and link them.

    A :class:`spacy.pipeline.Tagger` whose tags are not parts of speech: it
    leaves ``token.tag_`` alone, reads its gold tags from the reference
    document's ``attribution_gold`` spans, writes linked attributions to
    ``doc._.model_attributions`` and, when the pipeline has the rules
    (``claim_attribution``), adds its confident ones to ``doc._.claims``.
    """

    #: The pipeline the tagger is in (its rules resolve the tagger's speakers).
    pipeline: Language | None = None
    #: The chooser between the rules' claims and the tagger's (None: the shipped one).
    chooser: Chooser | None = None

    def predict(self, docs: Sequence[Doc]) -> list[Tagged]:
        """Return each document's best tag ids, their probabilities, and each token's
        probability of being content and of being source."""
        empty = numpy.zeros(0)
        found = [Tagged(numpy.zeros(0, dtype="int32"), empty, empty, empty) for _ in docs]
        # Ingest turns attribution off for documents whose claims it throws away.
        wanted = [i for i, doc in enumerate(docs) if len(doc) and _attributes_claims(doc)]
        if not wanted:
            return found
        scores = self.model.predict([docs[i] for i in wanted])
        allowed = _allowed_transitions(self.labels)
        content = [j for j, tag in enumerate(self.labels) if tag.endswith("CONTENT")]
        source = [j for j, tag in enumerate(self.labels) if tag.endswith("SOURCE")]
        scores = [self.model.ops.to_numpy(doc_scores) for doc_scores in scores]
        for i, doc_scores, ids in zip(wanted, scores, viterbi(scores, allowed), strict=True):
            found[i] = Tagged(
                ids,
                doc_scores[numpy.arange(len(ids)), ids],
                doc_scores[:, content].sum(axis=1),
                doc_scores[:, source].sum(axis=1),
            )
        return found

    def set_annotations(self, docs: Iterable[Doc], batch: list[Tagged]) -> None:
        """Write each document's linked attributions to ``doc._.model_attributions``
        and, after the rules, the claims the chooser keeps to ``doc._.claims``."""
        from claimgraph.attribution.model_claims import combine  # it reads ModelAttribution

        labels = self.labels
        rules = None
        if self.pipeline is not None and "claim_attribution" in self.pipeline.pipe_names:
            rules = self.pipeline.get_pipe("claim_attribution")
        if not isinstance(rules, ClaimAttribution):
            rules = None  # a pipeline without the rules: the tagger's attributions alone
        for doc, tagged in zip(docs, batch, strict=True):
            doc._.model_attributions = link(doc, [labels[i] for i in tagged.ids], tagged.probs)
            if rules is not None and doc._.claims is not None and _attributes_claims(doc):
                finder = Finder(doc, rules.lexicon, rules.cue_hashes, rules.nominal_hashes)
                doc._.claims = combine(
                    finder, doc._.claims, doc._.model_attributions, tagged, self.chooser
                )

    def get_loss(self, examples: Iterable[Example], scores: list[Any]) -> tuple[float, Any]:
        """Return the cross-entropy of ``scores`` against the gold tags and its gradient."""
        loss_func = SequenceCategoricalCrossentropy(names=self.labels, normalize=False)
        truths = []
        for eg in examples:
            if len(eg.reference) != len(eg.predicted):
                raise ClaimgraphError(
                    "the attribution tagger trains on documents tokenized the same way "
                    "as their gold ones (claimgraph.PolNeARCorpus.v1 makes them so)"
                )
            truths.append(tag_sequence(eg.reference.spans[SPANS_KEY], len(eg.reference)))
        d_scores, loss = loss_func(scores, truths)
        return float(loss), d_scores

    def initialize(
        self, get_examples: Any, *, nlp: Language | None = None, labels: Any = None
    ) -> None:
        """Set the tags and the network's shapes from a few training examples."""
        for tag in TAGS:
            self.add_label(tag)
        self.model.get_ref("output_layer").set_dim("nO", len(self.labels))
        sample = [eg.predicted for eg, _ in zip(get_examples(), range(10), strict=False)]
        self.model.initialize(X=sample)

    def _allow_extra_label(self) -> None:
        pass  # the tag set is fixed: adding it to a fresh model is always allowed


def _allowed_transitions(labels: Sequence[str]) -> numpy.ndarray:
    """Return which tag may follow which (``[before, after]``): an ``I-`` tag only
    continues a run of its own kind."""
    allowed = numpy.ones((len(labels), len(labels)), dtype=bool)
    for after, tag in enumerate(labels):
        if tag.startswith("I-"):
            for before, prior in enumerate(labels):
                allowed[before, after] = prior[2:] == tag[2:]
    return allowed


def viterbi(probs: Sequence[numpy.ndarray], allowed: numpy.ndarray) -> list[numpy.ndarray]:
    """Return, for each document's per-token tag ``probs`` (tokens x tags), the most
    probable tag sequence that keeps to the ``allowed`` transitions; the first tag
    is one that may follow any tag. The documents are decoded side by side, one
    step per token of the longest.

    Examples
    --------
    >>> allowed = _allowed_transitions(["O", "B-CUE", "I-CUE"])
    >>> [ids.tolist() for ids in viterbi([numpy.array([[0.4, 0.35, 0.25], [0.1, 0.1, 0.8]]),
    ...                                   numpy.array([[0.1, 0.1, 0.8]])], allowed)]
    [[1, 2], [0]]
    """
    lengths = [len(p) for p in probs]
    longest, tags = max(lengths, default=0), allowed.shape[0]
    if not longest:
        return [numpy.zeros(0, dtype="int32") for _ in probs]
    logs = numpy.zeros((len(probs), longest, tags))
    for d, p in enumerate(probs):
        logs[d, : len(p)] = numpy.log(numpy.clip(p, 1e-9, 1.0))
    penalty = numpy.where(allowed, 0.0, -numpy.inf)
    best = logs[:, 0] + numpy.where(allowed.all(axis=0), 0.0, -numpy.inf)
    back = numpy.zeros((len(probs), longest, tags), dtype="int32")
    # Past a document's end its padding rows are zeros: every tag stays as good as
    # it was, and the back pointers lead from the last real token to itself.
    for i in range(1, longest):
        paths = best[:, :, None] + penalty
        back[:, i] = paths.argmax(axis=1)
        best = paths.max(axis=1) + logs[:, i]
    found = []
    for d, length in enumerate(lengths):
        ids = numpy.zeros(length, dtype="int32")
        if length:
            last = int(best[d].argmax())
            for i in range(longest - 1, length - 1, -1):
                last = int(back[d, i, last])
            ids[-1] = last
            for i in range(length - 1, 0, -1):
                ids[i - 1] = back[d, i, ids[i]]
        found.append(ids)
    return found


def _attributes_claims(doc: Doc) -> bool:
    return not Doc.has_extension("attribute_claims") or doc._.attribute_claims is not False


def link(
    doc: Doc, tags: Sequence[str], probs: Sequence[float] | numpy.ndarray
) -> list[ModelAttribution]:
    """Return the attributions the tag sequence ``tags`` of ``doc`` makes.

    Each content run goes to the nearest cue run in its sentences, else the
    nearest at most ``MAX_GAP`` tokens away; content runs of one cue are one
    attribution; the source is the source run holding the cue's grammatical
    subject, else the nearest in the cue's sentence, else that subject's
    phrase, else the nearest source run.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("He said taxes rose")
    >>> found = link(doc, ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT"], [0.9] * 4)
    >>> [(doc.text[slice(*a.source)], doc.text[a.start : a.end]) for a in found]
    [('He', 'taxes rose')]
    """
    runs: dict[str, list[tuple[int, int]]] = {"CONTENT": [], "CUE": [], "SOURCE": []}
    start, label = 0, "O"
    for i, tag in enumerate([*tags, "O"]):
        kind = tag[2:] if tag != "O" else "O"
        if label != "O" and (tag.startswith("B-") or kind != label):
            runs[label].append((start, i))
        if kind != label or tag.startswith("B-"):
            start, label = i, kind
    by_cue: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for content in runs["CONTENT"]:
        cue = _nearest(content, _in_sentences(doc, content, runs["CUE"])) or _nearest(
            content, runs["CUE"]
        )
        if cue is not None:
            by_cue.setdefault(cue, []).append(content)
    found = []
    for cue, contents in by_cue.items():
        source = _source_of(doc, cue, runs["SOURCE"])
        tokens = [i for s, e in (*contents, cue) for i in range(s, e)]
        if source is not None:
            tokens.extend(range(*source))
        found.append(
            ModelAttribution(
                tuple(_chars(doc[s:e]) for s, e in sorted(contents)),
                _chars(doc[cue[0] : cue[1]]),
                _chars(doc[source[0] : source[1]]) if source is not None else None,
                float(numpy.mean([probs[i] for i in tokens])),
            )
        )
    return sorted(found, key=lambda a: a.start)


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _nearest(run: tuple[int, int], others: list[tuple[int, int]]) -> tuple[int, int] | None:
    near = [o for o in others if _gap(run, o) <= MAX_GAP]
    return min(near, key=lambda o: (_gap(run, o), o[0] < run[0])) if near else None


def _in_sentences(
    doc: Doc, run: tuple[int, int], others: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Return the runs of ``others`` that start in the sentences ``run`` covers (all of
    them in a document without sentences)."""
    if not doc.has_annotation("SENT_START"):
        return others
    first, last = doc[run[0]].sent, doc[run[1] - 1].sent
    return [o for o in others if first.start <= o[0] < last.end]


def _source_of(
    doc: Doc, cue: tuple[int, int], sources: list[tuple[int, int]]
) -> tuple[int, int] | None:
    subjects = {
        child.i
        for token in doc[cue[0] : cue[1]]
        for child in token.children
        if child.dep_ in ("nsubj", "nsubjpass")
    }
    for source in sources:
        if subjects.intersection(range(*source)):
            return source
    same = _in_sentences(doc, cue, sources)
    if same:
        return _nearest(cue, same)
    if subjects:
        # The tagged sources miss the cue's grammatical subject: the subject speaks.
        head = doc[min(subjects)]
        return head.left_edge.i, head.right_edge.i + 1
    return _nearest(cue, sources)


def _chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


@registry.scorers("claimgraph.attribution_scorer.v1")
def make_attribution_scorer() -> Any:
    """Return the scorer ``spacy train`` selects the model by: DESIGN.md's attribution
    metric (content IoU >= 0.5 over characters, overlapping source) on the gold
    attributions the PolNeAR reader keeps."""
    return score_attributions


def score_attributions(examples: Iterable[Example], **kwargs: Any) -> dict[str, float]:
    """Return ``attribution_p``, ``attribution_r`` and ``attribution_f`` over ``examples``."""
    from claimgraph.attribution.metric import Attribution, score

    gold, predicted = [], []
    for eg in examples:
        gold.append(
            [
                Attribution(_positions(a.content), _positions(a.source), False)
                for a in eg.reference.user_data.get(GOLD_KEY, [])
                if a.source
            ]
        )
        predicted.append(
            [
                Attribution(_positions(a.content), _positions([a.source]), False)
                for a in eg.predicted._.model_attributions or []
                if a.source is not None
            ]
        )
    scores = score(gold, predicted)["all"]
    return {
        "attribution_p": scores.precision,
        "attribution_r": scores.recall,
        "attribution_f": scores.f1,
    }


def _positions(ranges: Iterable[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for start, end in ranges for i in range(start, end))


def add_to_pipeline(
    nlp: Language, weights: str | Path = WEIGHTS, chooser: Chooser | None = None, **add_pipe: Any
) -> AttributionTagger:
    """Add the attribution tagger, loaded from ``weights``, to the English pipeline ``nlp``.

    Parameters
    ----------
    nlp : Language
        A pipeline built on the English model (its ``tok2vec`` sets ``doc.tensor``).
    weights : str or Path
        The component folder ``spacy train`` saved; the shipped one by default.
        The network's shape comes from the run's ``config.cfg`` beside it, if
        there is one (``model-best/config.cfg``), else from the defaults.
    chooser : Chooser, optional
        The chooser between the rules' claims and the tagger's; the shipped one
        by default (one fitted for this tagger, when it is not the shipped one).
    **add_pipe
        Where to put it, as :meth:`Language.add_pipe` takes (``before=``, ``after=``).

    Raises
    ------
    ClaimgraphError
        If ``weights`` holds no trained tagger.
    """
    weights = Path(weights)
    if not (weights / "model").is_file():
        raise ClaimgraphError(
            f"no trained attribution model in {weights}: run `make train-attribution`, "
            "or reinstall claimgraph to get the shipped weights"
        )
    trained_with = weights.parent / "config.cfg"  # spacy train's layout: the run's config
    if "config" not in add_pipe and trained_with.is_file():
        config = Config().from_disk(trained_with, interpolate=False)
        network = dict(config["components"][COMPONENT]["model"])
        add_pipe["config"] = {"model": {**_DEFAULT_MODEL, **network}}
    tagger: AttributionTagger = nlp.add_pipe(COMPONENT, **add_pipe)  # type: ignore[assignment]
    tagger.from_disk(weights, exclude=["vocab"])
    tagger.chooser = chooser
    return tagger
