"""Word lists as data: the base of each language's attribution lexicon.

A lexicon is a frozen dataclass whose fields are word lists (frozensets of
lower-case words or lemmas). Each language's lists live in their own module,
as spaCy keeps its language data (:mod:`claimgraph.attribution.lexicon_en`,
:mod:`claimgraph.attribution.lexicon_ru`), and each attribution component
takes its lexicon from its config, built by a registered function that can
add words to a list or remove them::

    nlp.add_pipe(
        "claim_attribution",
        config={"lexicon": {"add": {"reporting": ["opine"]}, "remove": {"object_verbs": ["see"]}}},
    )

or, in a training config::

    [components.claim_attribution.lexicon]
    @misc = "claimgraph.attribution_lexicon_en.v1"
    add = {"reporting": ["opine"]}
    remove = {}

A registered function of one's own that returns a lexicon replaces it whole.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Self

from claimgraph.errors import ClaimgraphError

__all__ = ["Lexicon", "words"]


def words(text: str) -> frozenset[str]:
    """Return the words of ``text``, split on white space, as a frozenset.

    Examples
    --------
    >>> sorted(words("say  tell\\nwrite"))
    ['say', 'tell', 'write']
    """
    return frozenset(text.split())


@dataclasses.dataclass(frozen=True)
class Lexicon:
    """Word lists by name; subclasses declare one frozenset field per list."""

    def with_changes(
        self,
        add: Mapping[str, Iterable[str]] | None = None,
        remove: Mapping[str, Iterable[str]] | None = None,
    ) -> Self:
        """Return a copy with words added to some lists and removed from others.

        Parameters
        ----------
        add, remove : mapping of list name to words, optional
            The words to add to, or remove from, each named list.

        Raises
        ------
        ClaimgraphError
            If a name is not one of the lexicon's lists.
        """
        add, remove = add or {}, remove or {}
        names = {f.name for f in dataclasses.fields(self) if f.init}
        unknown = sorted((set(add) | set(remove)) - names)
        if unknown:
            raise ClaimgraphError(
                f"{type(self).__name__} has no word list {', '.join(map(repr, unknown))}: "
                f"use one of {', '.join(sorted(names))}"
            )
        changes = {
            name: (getattr(self, name) | frozenset(add.get(name, ())))
            - frozenset(remove.get(name, ()))
            for name in set(add) | set(remove)
        }
        return dataclasses.replace(self, **changes)
