"""Claim attribution: who said what, found by rules over quotes, the parse and cue words.

Two spaCy components record :class:`ClaimMention` objects on ``doc._.claims``:

- ``claim_attribution`` (English, :mod:`.english`): direct quotes with their
  cue before or after, quotes over several sentences, split around their cue
  or continuing the one before; "X: '...'" and transcript lines; indirect
  speech with a cue verb and its clause, intention or object; "according to
  X"; reports named by a noun and stances stated with an adjective;
- ``claim_attribution_ru`` (Russian and Ukrainian, :mod:`.russian`).

The content span excludes the cue and the speaker. The speaker is resolved to
the actor or account the text means; one that cannot be resolved is kept as
written.

The package, one concern a module:

- :mod:`.mention`: the :class:`ClaimMention` record and speaker helpers;
- :mod:`.quotes`: quotation marks in plain text;
- :mod:`.syntax`: reading the dependency parse (a cue's subject and complement);
- :mod:`.content`: how far what a cue reports runs;
- :mod:`.speakers`, :mod:`.direct`, :mod:`.indirect`, :mod:`.finder`: the
  English rules, and :class:`~claimgraph.attribution.finder.Finder` running them;
- :mod:`.lexicon`, :mod:`.lexicon_en`, :mod:`.lexicon_ru`: the word lists, as
  data the component's config can change;
- :mod:`.trained` (with :mod:`.model_layers`, :mod:`.model_corpus`,
  :mod:`.model_claims`): the trained tagger that reads the rules' claims;
- :mod:`.chooser`: the learned chooser that keeps the best of both systems'
  claims (``claimgraph ingest --attribution trained``).
"""

from __future__ import annotations

# Importing the component modules registers them with spaCy.
from claimgraph.attribution import english, russian, trained
from claimgraph.attribution.lexicon_en import ENGLISH, EnglishLexicon
from claimgraph.attribution.lexicon_ru import RUSSIAN, RussianLexicon
from claimgraph.attribution.mention import ClaimMention, can_speak, set_speaker

__all__ = [
    "ENGLISH",
    "RUSSIAN",
    "ClaimMention",
    "EnglishLexicon",
    "RussianLexicon",
    "can_speak",
    "english",
    "russian",
    "set_speaker",
    "trained",
]
