"""Find the few tokens a rule looks at without visiting every token in Python.

Most of claimgraph's rules start from a handful of tokens: those holding a
line break, a ``#`` or ``@``, a slash, a colon, or one of a few words. A
Python loop over every ``Token`` of a long article costs more than the rule
itself (each ``Token`` and each ``token.text`` is a new object, and
``doc.text`` is rebuilt from the tokens on each access), so these helpers
read spaCy's token attribute arrays instead: a word's attributes (``ORTH``,
``LOWER``) and lexeme flags (:meth:`spacy.vocab.Vocab.add_flag`) that
:func:`add_flags` gives a vocabulary, computed once per distinct word.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> add_flags(nlp.vocab)
>>> doc = nlp("Aid/relief, said:\\nthe Minister spoke.")
>>> [doc[i].text for i in tokens_flagged(doc, has_line_break)]
['\\n']
>>> [doc[i].text for i in tokens_of(doc, LOWER, ["minister", "said"])]
['said', 'Minister']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = [
    "LOWER",
    "ORTH",
    "add_flags",
    "has_line_break",
    "has_slash_or_ampersand",
    "has_social_mark",
    "tokens_flagged",
    "tokens_of",
]

#: The first lexeme flag bit free for applications (spaCy's own end at 18).
_FIRST_FREE_FLAG = 19


def has_line_break(text: str) -> bool:
    """Return whether a word holds a line break (only whitespace tokens can)."""
    return "\n" in text


def has_social_mark(text: str) -> bool:
    """Return whether a word holds the mark of a hashtag, handle or e-mail address."""
    return "#" in text or "＃" in text or "@" in text


def has_slash_or_ampersand(text: str) -> bool:
    """Return whether a word holds ``/`` or ``&`` ("RFE/RL", "AT&T")."""
    return "/" in text or "&" in text


_FLAGS = (has_line_break, has_social_mark, has_slash_or_ampersand)


def add_flags(vocab: Vocab) -> None:
    """Give ``vocab``'s words the flags :func:`tokens_flagged` reads, unless it has them."""
    for getter in _FLAGS:
        if _flag_id(vocab, getter) is None:
            taken = _getters(vocab)
            free = next(bit for bit in range(_FIRST_FREE_FLAG, 64) if bit not in taken)
            vocab.add_flag(getter, flag_id=free)


def tokens_flagged(doc: Doc, getter: Callable[[str], bool]) -> list[int]:
    """Return, in order, the indices of the tokens whose text ``getter`` accepts.

    ``getter`` is one of the flags of :func:`add_flags`; a vocabulary without
    them has each token's text tested.
    """
    flag = _flag_id(doc.vocab, getter)
    if flag is None:
        return [token.i for token in doc if getter(token.text)]
    if not len(doc):
        return []
    return [int(i) for i in numpy.flatnonzero(doc.to_array(flag))]


def tokens_of(doc: Doc, attr: int, values: Iterable[str]) -> list[int]:
    """Return, in order, the indices of the tokens whose ``attr`` (``ORTH``, ``LOWER``) is
    one of ``values``."""
    if not len(doc):
        return []
    wanted = [doc.vocab.strings[value] for value in values]
    column = doc.to_array(attr)
    return [int(i) for i in numpy.flatnonzero(numpy.isin(column, wanted))]


def _getters(vocab: Vocab) -> dict[int, Callable[[str], object]]:
    """Return the vocabulary's functions of a word's text, by attribute (missing from the stubs)."""
    getters: dict[int, Callable[[str], object]] = vocab.lex_attr_getters  # type: ignore[attr-defined]
    return getters


def _flag_id(vocab: Vocab, getter: Callable[[str], bool]) -> int | None:
    for key, value in _getters(vocab).items():
        if value is getter and isinstance(key, int) and key < 64:
            return key
    return None
