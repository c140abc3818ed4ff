"""One pipeline per language: English, Russian, Ukrainian, and rules for every other one.

- ``en`` (and text whose language is undetermined): the English model with
  claimgraph's components, :func:`claimgraph.extractors.load_pipeline`;
- ``ru``: natasha on a blank Russian pipeline, :func:`load_russian_pipeline`::

    claimgraph_social claimgraph_natasha claimgraph_actors claimgraph_accounts
    claim_attribution_ru claimgraph_extraction

- ``uk``: the same, with ``claimgraph_natasha_uk`` reading Ukrainian in Russian
  spelling and lemmatising with pymorphy2's Ukrainian dictionary,
  :func:`load_ukrainian_pipeline`;

- any other language, Kazakh included: :func:`load_rule_pipeline`, a blank
  pipeline with the components that need no model (hashtags, handles,
  links, gazetteer names, accounts)::

    sentencizer claimgraph_social claimgraph_actors claimgraph_accounts claimgraph_extraction

All of them end in ``claimgraph_extraction``, so their documents become the
same graph. :class:`Pipelines` loads each the first time a document needs it.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from claimgraph.extractors import MAX_LENGTH, _log_and_drop, load_pipeline, social

__all__ = [
    "ENGLISH",
    "MODEL_PIPELINES",
    "RUSSIAN",
    "UKRAINIAN",
    "Pipelines",
    "load_russian_pipeline",
    "load_ukrainian_pipeline",
    "load_rule_pipeline",
    "pipeline_name",
]

ENGLISH = "en"
RUSSIAN = "ru"
UKRAINIAN = "uk"
#: Pipelines with a statistical model; every other language gets the rule pipeline,
#: which finds hashtags, handles, links and gazetteer names but no other actor and no claim.
MODEL_PIPELINES = frozenset({ENGLISH, RUSSIAN, UKRAINIAN})
#: Languages read by the English pipeline: English, and text that does not say.
_ENGLISH_LANGS = frozenset({"en", "und"})


def load_russian_pipeline(gazetteer: str | Path | None = None) -> Language:
    """Return the Russian pipeline: natasha's NER, morphology, lemmas and parse, then
    claimgraph's actors, accounts and Russian claim attribution."""
    nlp = _blank(RUSSIAN)
    nlp.add_pipe("claimgraph_natasha")
    _add_rule_components(nlp, gazetteer)
    nlp.add_pipe("claim_attribution_ru", before="claimgraph_extraction")
    return nlp


def load_ukrainian_pipeline(gazetteer: str | Path | None = None) -> Language:
    """Return the Ukrainian pipeline: natasha reading Ukrainian in Russian spelling, lemmas
    from pymorphy2's Ukrainian dictionary, then the same components as Russian."""
    nlp = _blank(UKRAINIAN)
    nlp.add_pipe("claimgraph_natasha_uk")
    _add_rule_components(nlp, gazetteer)
    nlp.add_pipe("claim_attribution_ru", before="claimgraph_extraction")
    return nlp


def load_rule_pipeline(lang: str = "xx", gazetteer: str | Path | None = None) -> Language:
    """Return a pipeline for a language claimgraph has no model for: hashtags, handles,
    links, gazetteer names and accounts, found by rules."""
    try:
        spacy.util.get_lang_class(lang)
    except ImportError:
        lang = "xx"  # spaCy has no rules for it (Kazakh, for one): the multi-language tokenizer
    nlp = _blank(lang)
    nlp.add_pipe("sentencizer")
    _add_rule_components(nlp, gazetteer)
    return nlp


def pipeline_name(lang: str | None) -> str:
    """Return which pipeline reads documents in ``lang``: ``"en"``, ``"ru"`` or the language.

    Examples
    --------
    >>> pipeline_name("en"), pipeline_name("und"), pipeline_name("ru"), pipeline_name("kk")
    ('en', 'en', 'ru', 'kk')
    """
    if lang is None or lang in _ENGLISH_LANGS:
        return ENGLISH
    return lang


class Pipelines:
    """The pipeline of each language, loaded when first asked for.

    Parameters
    ----------
    gazetteer : str or Path, optional
        A gazetteer TOML file every pipeline resolves names with.
    english : Language, optional
        An English pipeline already loaded (from :func:`load_pipeline`).
    trained_attribution : bool
        Load the English pipeline with the trained attribution tagger and chooser.
    """

    def __init__(
        self,
        gazetteer: str | Path | None = None,
        english: Language | None = None,
        trained_attribution: bool = False,
    ):
        self.gazetteer = gazetteer
        self.trained_attribution = trained_attribution
        self._loaded: dict[str, Language] = {}
        if english is not None:
            self._loaded[ENGLISH] = english

    def __getitem__(self, name: str) -> Language:
        if name not in self._loaded:
            if name == ENGLISH:
                self._loaded[name] = load_pipeline(
                    gazetteer=self.gazetteer, trained_attribution=self.trained_attribution
                )
            elif name == RUSSIAN:
                self._loaded[name] = load_russian_pipeline(self.gazetteer)
            elif name == UKRAINIAN:
                self._loaded[name] = load_ukrainian_pipeline(self.gazetteer)
            else:
                self._loaded[name] = load_rule_pipeline(name, self.gazetteer)
        return self._loaded[name]


def _blank(lang: str) -> Language:
    nlp = spacy.blank(lang)
    nlp.max_length = MAX_LENGTH
    nlp.default_error_handler = _log_and_drop
    social.customize_tokenizer(nlp)
    nlp.add_pipe("claimgraph_social")
    return nlp


def _add_rule_components(nlp: Language, gazetteer: str | Path | None) -> None:
    nlp.add_pipe(
        "claimgraph_actors",
        config={"gazetteer": str(gazetteer) if gazetteer is not None else None},
    )
    nlp.add_pipe("claimgraph_accounts")
    nlp.add_pipe("claimgraph_extraction")
