"""The base of the English finder: the document, its parties, cues and speakers.

:class:`Reader` holds what every attribution rule reads (the text, the
token offsets, the actors and accounts the text names, token by token) and
sets a claim's speaker: the actor or account a speaker phrase names, else
the phrase as written, with a lone "he" or "she" resolved to the last
person named before it.
"""

from __future__ import annotations

import bisect

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from claimgraph.attribution.lexicon_en import EnglishLexicon
from claimgraph.attribution.mention import ClaimMention, can_speak, set_speaker
from claimgraph.attribution.syntax import is_cue_verb, subject
from claimgraph.extractors.accounts import AccountMention
from claimgraph.extractors.actors import Mention

__all__ = ["Reader"]


class Reader:
    """What the rules read in one document, and how they set a claim's speaker.

    Parameters
    ----------
    doc : Doc
        A parsed document with ``doc._.actor_mentions`` and ``doc._.account_mentions``.
    lex : EnglishLexicon
        The word lists the rules read.
    cue_hashes, nominal_hashes : frozenset of int
        The string hashes of ``lex.cue_lemmas`` and ``lex.nominal_cues``.
    """

    def __init__(
        self,
        doc: Doc,
        lex: EnglishLexicon,
        cue_hashes: frozenset[int],
        nominal_hashes: frozenset[int],
    ) -> None:
        self.doc = doc
        self.lex = lex
        self.parties: dict[int, Mention | AccountMention] = {}
        for m in doc._.actor_mentions or []:
            for i in range(m.start, m.end):
                self.parties[i] = m
        for a in doc._.account_mentions or []:
            for i in range(a.start, a.end):
                self.parties[i] = a
        self.claims: list[ClaimMention] = []
        #: The cue tokens that introduce a quotation, and the quotation each introduces.
        self.quote_cues: dict[int, tuple[int, int]] = {}
        self.text = doc.text  # Doc.text joins every token on each access
        self.starts: list[int] = doc.to_array(IDX).tolist()
        self.cue_hashes = cue_hashes
        self.nominal_hashes = nominal_hashes

    def token_at(self, char: int) -> int:
        """Return the index of the token that holds (or follows) character ``char``."""
        return max(bisect.bisect_right(self.starts, char) - 1, 0)

    def token_after(self, char: int) -> int:
        """Return the index of the first token that starts at or after character ``char``."""
        index = self.token_at(char)
        return index + 1 if self.starts[index] < char else index

    def is_cue(self, token: Token) -> bool:
        """Return whether ``token`` is a cue verb (or a verb the tagger took for a noun)."""
        if token.lemma not in self.cue_hashes:
            return False
        if token.lemma_ in self.lex.conditional_cues:
            return is_cue_verb(token, self.lex)
        # "Trump claims that ...": the tagger took the verb for a plural noun,
        # the parser did not
        return token.pos_ in ("VERB", "AUX") or (
            token.tag_ == "NNS" and any(c.dep_ == "nsubj" for c in token.children)
        )

    # -- speakers ----------------------------------------------------------

    def _attach_speaker(self, claim: ClaimMention, cue: Token) -> None:
        speaker = subject(cue, self.lex)
        if speaker is None and cue.dep_ == "conj":
            # "Ruiz said it was late but added, ...": the parse joined the second
            # cue to the reported clause; the first cue's subject speaks
            report = next((a for a in cue.ancestors if self.is_cue(a)), None)
            speaker = subject(report, self.lex) if report is not None else None
        if speaker is not None and claim.start <= speaker.idx < claim.end:
            speaker = None  # a parse that made the quote its own speaker
        if speaker is None and cue.i > 0 and self.doc[cue.i - 1].is_punct:
            # Inverted order: "..., wrote @samsonino."
            nxt = cue.i + 1
            if nxt < len(self.doc) and (nxt in self.parties or self._name_not_time(self.doc[nxt])):
                speaker = self.doc[nxt]
        if speaker is None:
            # A parse that lost the subject ("In an interview with the Post Trump
            # said that ..."): the name right before the cue speaks.
            prev = cue.i - 1
            while prev >= 0 and self.doc[prev].pos_ in ("ADV", "AUX", "PART"):
                prev -= 1
            if prev > 0 and self.doc[prev].text == ",":
                prev -= 1  # "..., her adviser, Jake Sullivan, said:"
            if prev >= 0 and (prev in self.parties or self._name_not_time(self.doc[prev])):
                speaker = self.doc[prev]
        if speaker is None or speaker.ent_type_ in ("HASHTAG", "URL", "EMAIL"):
            return
        party = self._party_in(speaker)
        if party is not None:
            self._set_party(claim, party)
        else:
            phrase = [t.i for t in _phrase(speaker)]
            span = self.doc[min(phrase) : max(phrase) + 1]
            if speaker.lower_ in self.lex.pronouns:
                span = self.doc[speaker.i : speaker.i + 1]
            self._set_written(claim, span)
        for child in cue.children:
            if child.dep_ in ("dobj", "dative", "iobj") and child.i in self.parties:
                party = self.parties[child.i]
                if isinstance(party, Mention) and party.actor:
                    claim.told_to.append(party.actor)

    @staticmethod
    def _name_not_time(token: Token) -> bool:
        """Return whether ``token`` is a proper noun that names no date or time
        ('"...," said Wednesday ...': the day does not speak)."""
        return token.pos_ == "PROPN" and token.ent_type_ not in ("DATE", "TIME")

    def _party_in(self, head: Token) -> Mention | AccountMention | None:
        """Return the actor or account a speaker phrase names, preferring an apposition.

        A place never speaks: a phrase headed by one ("North Korea's claims")
        returns it, to be written down as the speaker but said by no actor
        (:func:`set_speaker`); in "Officials in Marograd" it is passed over,
        and the whole phrase is the speaker as written.
        """
        if head.i in self.parties:
            return self.parties[head.i]
        for child in head.children:
            if (
                child.dep_ == "appos"
                and child.i in self.parties
                and can_speak(self.parties[child.i])
            ):
                return self.parties[child.i]
        for token in _phrase(head):
            if token.i in self.parties and can_speak(self.parties[token.i]):
                return self.parties[token.i]
        return None

    def _pronoun(self, token: Token) -> tuple[str, str] | None:
        """Resolve "he"/"she" to the last person named before it."""
        people = [
            m
            for m in (self.doc._.actor_mentions or [])
            if m.end <= token.i and m.kind == "person" and m.actor
        ]
        return ("Actor", people[-1].actor) if people else None

    def _set_party(self, claim: ClaimMention, party: Mention | AccountMention) -> None:
        set_speaker(claim, party)

    def _set_written(self, claim: ClaimMention, span: Span) -> None:
        """Make ``span`` the speaker of ``claim`` as written; a lone "he", "she" or
        "his" resolves to the last person named before it."""
        # "D’Souza" is a word, though not all letters
        words = [t for t in span if t.like_num or any(ch.isalpha() for ch in t.text)]
        if not words or all(t.pos_ == "PART" for t in words):
            return  # markup or a clitic ("'s") the parser took for a subject
        span = span.doc[words[0].i : span.end]
        claim.speaker_text = span.text
        claim.speaker_start, claim.speaker_end = span.start_char, span.end_char
        if len(span) == 1 and span[0].lower_ in self.lex.pronouns | {"his"}:
            claim.speaker = self._pronoun(span[0])


#: The dependents that open a clause of their own inside a noun phrase.
_CLAUSES = ("relcl", "acl", "advcl", "ccomp")


def _phrase(head: Token) -> list[Token]:
    """Return the tokens of the phrase ``head`` heads, without the clauses inside it:
    in "one Democrat familiar with the talks, who added that the White House ...",
    the White House does not speak."""
    tokens = [head]
    for child in head.children:
        if child.dep_ not in _CLAUSES and not child.is_punct:
            tokens.extend(_phrase(child))
    return tokens
