"""Russian and Ukrainian attribution lexicon: the word lists ``claim_attribution_ru`` reads.

Cue lemmas are natasha's for Russian and pymorphy2's Ukrainian dictionary's
for Ukrainian (``заявила`` is ``заявить``, ``заявив`` is ``заявити``), so
every gender and tense of a cue verb counts. The component's config can add
or remove words (see :mod:`claimgraph.attribution.lexicon`) through the
registered function ``claimgraph.attribution_lexicon_ru.v1``.
"""

from __future__ import annotations

import dataclasses

from spacy.util import registry

from claimgraph.attribution.lexicon import Lexicon, words

__all__ = ["RUSSIAN", "RussianLexicon", "russian_lexicon"]


@dataclasses.dataclass(frozen=True)
class RussianLexicon(Lexicon):
    """The Russian and Ukrainian word lists; every field is a frozenset of lower-case words.

    Attributes
    ----------
    cues_ru, cues_uk : frozenset of str
        Lemmas of verbs (and of the short adjective уверен, переконаний) that
        report speech or opinion, in Russian and in Ukrainian.
    according_nouns : frozenset of str
        Nouns after "по", "за" or "на": "по словам X", "по мнению X", "за словами X",
        "на думку X".
    according_prepositions : frozenset of str
        The prepositions before them.
    as_words : frozenset of str
        "как сообщает X" (Russian), "як повідомляє X" (Ukrainian).
    address_words : frozenset of str
        Words before an addressee that is not in the dative: "в интервью Радио Азаттык".
    complementisers : frozenset of str
        Words that open a reported clause after a comma: "заявил, что ...".
    pronouns : frozenset of str
        Pronouns that speak for the last person named.
    """

    cues_ru: frozenset[str]
    cues_uk: frozenset[str]
    according_nouns: frozenset[str]
    according_prepositions: frozenset[str]
    as_words: frozenset[str]
    address_words: frozenset[str]
    complementisers: frozenset[str]
    pronouns: frozenset[str]
    #: The cue lemmas of both languages.
    cue_lemmas: frozenset[str] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cue_lemmas", self.cues_ru | self.cues_uk)


RUSSIAN = RussianLexicon(
    cues_ru=words(
        """
        возмутиться высказаться говорить добавить добавлять думать заметить заявить
        заявлять иронизировать констатировать написать напомнить обвинить объявить
        опасаться ответить отметить отмечать писать подтвердить подчеркивать
        подчеркнуть подчёркивать полагать посетовать похвастаться пошутить пояснить
        пояснять предупредить призвать признать рассказать сказать сообщать сообщить
        сравнить считать твитнуть убеждать уверенный уверить уверять указать
        утверждать уточнить
        """
    ),
    cues_uk=words(
        """
        вважати визнати висловитися відповісти гадати говорити додати думати
        зазначати зазначити закликати запевнити зауважити заявити заявляти
        звинуватити казати нагадати наголосити наголошувати написати оголосити
        переконаний писати побоюватися повідомити повідомляти попередити пояснити
        підкреслити підтвердити розповісти сказати стверджувати твітнути уточнити
        """
    ),
    according_nouns=words(
        """
        версии версією даними данным думку информации мнению оценке оцінкою словам
        словами інформацією
        """
    ),
    according_prepositions=words(
        """
        за на по
        """
    ),
    as_words=words(
        """
        как як
        """
    ),
    address_words=words(
        """
        беседе ефірі интервью разговоре эфире інтерв'ю
        """
    ),
    complementisers=words(
        """
        будто нібито что чтобы що щоб якобы
        """
    ),
    pronouns=words(
        """
        вона вони він он она они
        """
    ),
)


@registry.misc("claimgraph.attribution_lexicon_ru.v1")
def russian_lexicon(
    add: dict[str, list[str]] | None = None, remove: dict[str, list[str]] | None = None
) -> RussianLexicon:
    """Return the Russian and Ukrainian lexicon with ``add``'s words added and ``remove``'s
    removed.

    Examples
    --------
    >>> "вякнуть" in russian_lexicon(add={"cues_ru": ["вякнуть"]}).cue_lemmas
    True
    """
    return RUSSIAN.with_changes(add, remove)
