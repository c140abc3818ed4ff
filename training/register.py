"""Registers claimgraph's attribution tagger, its network and its PolNeAR reader with
spaCy, for ``spacy train --code training/register.py`` (see ``attribution.cfg``)."""

import claimgraph.attribution.trained  # noqa: F401
