"""The English ``claim_attribution`` component, configured with its lexicon.

Examples
--------
>>> import spacy
>>> from claimgraph.attribution import english
>>> nlp = spacy.blank("en")
>>> component = nlp.add_pipe(
...     "claim_attribution", config={"lexicon": {"add": {"reporting": ["opine"]}}}
... )
>>> "opine" in component.lexicon.cue_lemmas
True
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimgraph.attribution.finder import Finder
from claimgraph.attribution.lexicon_en import EnglishLexicon

__all__ = ["ClaimAttribution", "make_claim_attribution"]


@Language.factory(
    "claim_attribution",
    assigns=["doc._.claims"],
    requires=["token.dep", "doc._.actor_mentions", "doc._.account_mentions"],
    default_config={
        "lexicon": {"@misc": "claimgraph.attribution_lexicon_en.v1", "add": {}, "remove": {}}
    },
)
def make_claim_attribution(nlp: Language, name: str, lexicon: EnglishLexicon) -> ClaimAttribution:
    """Return the English claim attribution component, reading ``lexicon``'s word lists."""
    return ClaimAttribution(nlp.vocab, lexicon)


class ClaimAttribution:
    """Find attributed statements and record them as ``doc._.claims``.

    Parameters
    ----------
    vocab : Vocab
        The pipeline's vocabulary (its string store hashes the cue lemmas).
    lexicon : EnglishLexicon
        The word lists the rules read.
    """

    def __init__(self, vocab: Vocab, lexicon: EnglishLexicon) -> None:
        self.lexicon = lexicon
        self.cue_hashes = frozenset(vocab.strings.add(w) for w in lexicon.cue_lemmas)
        self.nominal_hashes = frozenset(vocab.strings.add(w) for w in lexicon.nominal_cues)

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.claims`` to the claims :class:`~claimgraph.attribution.finder.Finder`
        finds in ``doc``; to none, without reading it, if ``doc._.attribute_claims`` is false."""
        if not doc._.attribute_claims:
            doc._.claims = []
            return doc
        finder = Finder(doc, self.lexicon, self.cue_hashes, self.nominal_hashes)
        doc._.claims = finder.find()
        return doc
