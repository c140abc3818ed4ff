"""Claim attribution in Russian and Ukrainian: the ``claim_attribution_ru`` component.

It records the same :class:`~claimgraph.attribution.mention.ClaimMention`
objects as the English ``claim_attribution``, so claims, ``SAID``,
``ABOUT`` and ``TOLD_TO`` come out alike in both languages. It reads:

- quotes in «ёлочки» (with „лапки“ nested inside), „лапки“, “…” and
  straight quotes, with the cue after (``«...», — заявил Масимов``) or
  before (``Тайжан написал: «...»``), ``X: «...»``, a quote that continues
  the one before it, and direct speech set off with dashes
  (``— Это не конец, — написал @samsonino.``);
- reported speech: ``X заявил(а), что ...``, ``X считает, что ...``,
  ``по словам X, ...``, ``по мнению X, ...``, ``как сообщает X, ...``.

Cues are found by lemma (``заявила`` is ``заявить``), so every gender and
tense of a cue verb counts; the word lists are in
:mod:`claimgraph.attribution.lexicon_ru`, and the component's ``lexicon``
config can change them. The speaker is the cue's subject in natasha's
parse, else the name or account next to the cue; ``он``/``она`` resolve to
the last person named before. Whom a claim was told to is a name in the
dative after the cue or after "в интервью" (``сообщила Радио Азаттык``).

Ukrainian is read alike, with its own cue lemmas (``заявив`` is ``заявити``),
``що``, ``за словами X``, ``на думку X`` and ``як повідомляє X``.

Examples
--------
>>> from claimgraph.extractors.pipelines import load_russian_pipeline
>>> nlp = load_russian_pipeline()
>>> doc = nlp("«Долги выросли», — написал Мухтар Тайжан.")
>>> [(c["speaker_text"], c["text"]) for c in doc._.extraction["claims"]]
[('Мухтар Тайжан', 'Долги выросли')]
"""

from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimgraph.attribution.lexicon_ru import RussianLexicon
from claimgraph.attribution.mention import ClaimMention, can_speak, join_parts, set_speaker
from claimgraph.attribution.quotes import mostly_quoted, quote_spans, trim
from claimgraph.extractors.accounts import AccountMention
from claimgraph.extractors.actors import Mention

__all__ = ["RussianClaimAttribution", "make_claim_attribution_ru"]

_DASHES = frozenset("—–")
_GLUE = frozenset({",", "—", "–", "-", ":", "!", "?", "…", "»", "“", "”", '"'})


@Language.factory(
    "claim_attribution_ru",
    assigns=["doc._.claims"],
    requires=["token.dep", "token.lemma", "doc._.actor_mentions", "doc._.account_mentions"],
    default_config={
        "lexicon": {"@misc": "claimgraph.attribution_lexicon_ru.v1", "add": {}, "remove": {}}
    },
)
def make_claim_attribution_ru(
    nlp: Language, name: str, lexicon: RussianLexicon
) -> RussianClaimAttribution:
    """Return the Russian and Ukrainian claim attribution component, reading ``lexicon``."""
    return RussianClaimAttribution(lexicon)


class RussianClaimAttribution:
    """Find attributed statements in a Russian or Ukrainian doc; see the module docstring."""

    def __init__(self, lexicon: RussianLexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.claims`` to the claims found in ``doc``; to none, without reading
        it, if ``doc._.attribute_claims`` is false."""
        doc._.claims = _Finder(doc, self.lexicon).find() if doc._.attribute_claims else []
        return doc


class _Finder:
    def __init__(self, doc: Doc, lex: RussianLexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.text = doc.text
        self.starts = [t.idx for t in doc]
        self.mentions: list[Mention] = doc._.actor_mentions or []
        self.parties: dict[int, Mention | AccountMention] = {}
        for party in [*self.mentions, *(doc._.account_mentions or [])]:
            for i in range(party.start, party.end):
                self.parties[i] = party

    def token_at(self, char: int) -> int:
        """Return the index of the token holding character ``char``."""
        return max(bisect.bisect_right(self.starts, char) - 1, 0)

    def is_cue(self, token: Token) -> bool:
        return token.lemma_.lower() in self.lex.cue_lemmas and token.pos_ in ("VERB", "AUX", "ADJ")

    def find(self) -> list[ClaimMention]:
        claims: list[ClaimMention] = []
        quoted: list[tuple[int, int]] = []
        previous: ClaimMention | None = None
        for start, end in quote_spans(self.text):
            claim = self._quote(start, end)
            if claim is None and previous is not None:
                claim = self._continued(previous, start, end)
            if claim is not None:
                claims.append(claim)
                quoted.append((start, end))
                previous = claim
        for claim in self._dashed():
            if not mostly_quoted(claim.start, claim.end, quoted):
                claims.append(claim)
                quoted.append((claim.start, claim.end))
        for token in self.doc:
            claim = self._reported(token, quoted)
            if claim is not None:
                claims.append(claim)
        return join_parts(claims)

    # -- direct speech -----------------------------------------------------

    def _quote(self, start: int, end: int) -> ClaimMention | None:
        doc = self.doc
        first = self.token_at(start)
        if doc[first].idx < start:
            first += 1
        colon = self._colon_inside(first, end) or self._colon_before(first)
        if colon is not None:
            return colon
        cue = self._cue_after(end) or self._cue_before(first)
        if cue is None:
            return None
        claim = self._claim(start, end, cue.text, "direct")
        self._attribute(claim, cue, quote_start=first)
        claim.confidence = 0.9 if claim.speaker else 0.6
        return claim

    def _claim(self, start: int, end: int, cue: str, kind: str) -> ClaimMention:
        start, end = trim(self.text, start, end)
        while end > start and self.text[end - 1] in ".—–":
            end -= 1
        start, end = trim(self.text, start, end)
        return ClaimMention(start, end, self.text[start:end], cue, kind)

    def _colon_inside(self, first: int, end: int) -> ClaimMention | None:
        """Read "«Мадина Еркин: Знаете ли вы ...»", a post quoted with its author."""
        party = self.parties.get(first)
        if party is None or party.end >= len(self.doc) or self.doc[party.end].text != ":":
            return None
        claim = self._claim(self.doc[party.end].idx + 1, end, ":", "direct")
        set_speaker(claim, party)
        claim.confidence = 0.8
        return claim

    def _colon_before(self, first: int) -> ClaimMention | None:
        """Read "Тайжан: «...»", a name and a colon right before the quote."""
        if first < 3 or self.doc[first - 2].text != ":":
            return None
        party = self.parties.get(first - 3)
        if party is None or party.end != first - 2:
            return None
        return None if self._cue_before(first) else self._colon_claim(party, first)

    def _colon_claim(self, party: Mention | AccountMention, first: int) -> ClaimMention:
        start = self.doc[first].idx
        end = next((e for s, e in quote_spans(self.text[start - 1 :]) if s == 1), None)
        stop = start - 1 + end if end is not None else len(self.text)
        claim = self._claim(start, stop, ":", "direct")
        set_speaker(claim, party)
        claim.confidence = 0.8
        return claim

    def _cue_after(self, end: int) -> Token | None:
        """Return the cue right after a closing quote: "», — заявил", "», написала"."""
        doc = self.doc
        index = self.token_at(end)
        while index < len(doc) and (doc[index].idx < end or doc[index].is_space):
            index += 1
        glue = ""
        while index < len(doc) and doc[index].text in _GLUE and len(glue) < 4:
            glue, index = glue + doc[index].text, index + 1
        if not any(mark in glue for mark in ",—–!?"):
            return None  # "Агентство «Хабар» считает": a quoted name, not a quote
        for token in doc[index : index + 3]:
            if self.is_cue(token):
                return token
            if "\n" in token.text or token.text in ".!?":
                break
        return None

    def _cue_before(self, first: int) -> Token | None:
        """Return the cue before "...: «" in the same sentence ("Тайжан написал: «")."""
        doc = self.doc
        if first < 2 or doc[first - 2].text != ":":
            return None
        sentence_start = doc[first - 2].sent.start
        for token in reversed(doc[max(sentence_start, first - 12) : first - 2]):
            if self.is_cue(token):
                return token
        return None

    def _continued(self, previous: ClaimMention, start: int, end: int) -> ClaimMention | None:
        """A quote right after an attributed one, with no cue of its own, continues it."""
        between = self.text[previous.end : start]
        if len(between) > 80 or "\n\n" in between or len(between.split()) > 6:
            return None
        claim = self._claim(start, end, previous.cue, "direct")
        claim.speaker, claim.speaker_text = previous.speaker, previous.speaker_text
        claim.speaker_start, claim.speaker_end = previous.speaker_start, previous.speaker_end
        claim.told_to = list(previous.told_to)
        claim.confidence = max(previous.confidence - 0.1, 0.3)
        return claim

    def _dashed(self) -> list[ClaimMention]:
        """Read direct speech set off with dashes: "— Это не конец, — написал @samsonino."."""
        found = []
        doc = self.doc
        for token in doc:
            before = doc[token.i - 1].text_with_ws if token.i else "\n"
            if token.text not in _DASHES or "\n" not in before:
                continue
            for i in range(token.i + 2, min(len(doc) - 1, token.i + 120)):
                if "\n" in doc[i].text:
                    break
                if doc[i].text in _DASHES and doc[i - 1].text in ",!?…" and self.is_cue(doc[i + 1]):
                    # "Это конец, —" loses its comma; "Это конец! —" keeps the mark
                    end = doc[i].idx if doc[i - 1].text in "!?…" else doc[i - 1].idx
                    claim = self._claim(doc[token.i + 1].idx, end, doc[i + 1].text, "direct")
                    self._attribute(claim, doc[i + 1], quote_start=token.i)
                    claim.confidence = 0.85 if claim.speaker else 0.55
                    found.append(claim)
                    break
        return found

    # -- reported speech ---------------------------------------------------

    def _reported(self, token: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        if (
            nxt is not None
            and token.lower_ in self.lex.according_prepositions
            and nxt.lower_ in self.lex.according_nouns
        ):
            return self._according(token, nxt.i + 1, f"{token.text} {nxt.text}", quoted)
        if nxt is not None and token.lower_ in self.lex.as_words and self.is_cue(nxt):
            return self._according(token, nxt.i + 1, f"{token.text} {nxt.text}", quoted)
        if self.is_cue(token):
            return self._that_clause(token, quoted)
        return None

    def _that_clause(self, cue: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        """Read "X заявил(а), что ...": the clause after что is the content."""
        doc = self.doc
        sentence = cue.sent
        for token in doc[cue.i + 1 : min(sentence.end, cue.i + 10)]:
            if token.lower_ in self.lex.complementisers and doc[token.i - 1].text == ",":
                content = [t for t in doc[token.i + 1 : sentence.end] if not t.is_space]
                while content and content[-1].is_punct and content[-1].text not in '»”"':
                    content.pop()
                if not content:
                    return None
                start, end = content[0].idx, content[-1].idx + len(content[-1].text)
                if mostly_quoted(start, end, quoted):
                    return None
                claim = ClaimMention(start, end, self.text[start:end], cue.text, "indirect")
                self._attribute(claim, cue, quote_start=token.i)
                if claim.speaker is None:
                    return None
                claim.confidence = 0.75
                return claim
            if token.pos_ == "VERB" or token.text in ".!?":
                return None
        return None

    def _according(
        self, word: Token, source_start: int, cue: str, quoted: list[tuple[int, int]]
    ) -> ClaimMention | None:
        """Read "по словам X, ..." and "как сообщает X, ...": the rest of the sentence."""
        doc = self.doc
        sentence = word.sent
        party = next(
            (
                self.parties[i]
                for i in range(source_start, min(source_start + 4, sentence.end))
                if i in self.parties
            ),
            None,
        )
        if party is None:
            return None
        phrase_end = party.end
        before = [t for t in doc[sentence.start : word.i] if not t.is_space]
        after = [t for t in doc[phrase_end : sentence.end] if not t.is_space]
        tokens = _strip(before if len(before) >= len(after) else after)
        if len(tokens) < 2:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if mostly_quoted(start, end, quoted):
            return None
        claim = ClaimMention(start, end, self.text[start:end], cue, "indirect", confidence=0.7)
        set_speaker(claim, party)
        return claim

    # -- parties -----------------------------------------------------------

    def _attribute(self, claim: ClaimMention, cue: Token, quote_start: int) -> None:
        """Set the speaker of ``claim`` and whom it was told to, from the words around ``cue``."""
        speaker = self._speaker(cue)
        if isinstance(speaker, Token):  # a pronoun
            claim.speaker_text = speaker.text
            claim.speaker_start, claim.speaker_end = speaker.idx, speaker.idx + len(speaker.text)
            person = self._last_person(speaker.i)
            if person is not None:
                claim.speaker = ("Actor", person)
        elif isinstance(speaker, Span):  # a phrase naming no actor that may speak
            claim.speaker_text = speaker.text
            claim.speaker_start, claim.speaker_end = speaker.start_char, speaker.end_char
        elif speaker is not None:
            set_speaker(claim, speaker)
        claim.told_to = self._addressees(cue, quote_start, speaker)

    def _speaker(self, cue: Token) -> Mention | AccountMention | Token | Span | None:
        doc = self.doc
        for child in cue.children:
            if child.dep_.startswith("nsubj"):
                if child.lower_ in self.lex.pronouns:
                    return child
                # "Премьер-министр Казахстана Карим Масимов заявил": the name in the
                # nominative, not the country in the genitive.
                # "Министр ... Велории Анатолий Браск считает": the person, never the place,
                # and a titled person before the body in the title ("Президент «Вестника»
                # Олег Дарин"); "Власти Марении заявили": the phrase as written, no actor.
                parties = [self.parties[t.i] for t in child.subtree if t.i in self.parties]
                named = [p for p in parties if can_speak(p)]
                nominative = [p for p in named if _nominative(self.doc[p.start])]
                people = [p for p in nominative if _is_person(p)]
                # a full name before a lone word the NER also took for a person
                people.sort(key=lambda p: p.end - p.start < 2)
                subject = next(iter(people or nominative), None)
                if subject is not None or named:
                    return subject or named[0]
                if parties:
                    return doc[child.left_edge.i : child.right_edge.i + 1]
        sentence = cue.sent
        after = range(cue.i + 1, min(cue.i + 4, sentence.end))
        before = range(cue.i - 1, max(cue.i - 7, sentence.start - 1), -1)
        for i in [*after, *before]:
            if doc[i].lower_ in self.lex.pronouns:
                return doc[i]
            party = self.parties.get(i)
            if party is not None and can_speak(party) and _nominative(doc[party.start]):
                return party
        return None

    def _addressees(
        self, cue: Token, quote_start: int, speaker: Mention | AccountMention | Token | Span | None
    ) -> list[str]:
        """Return the actors named in the dative, or after "в интервью", in the cue's clause."""
        doc = self.doc
        end = quote_start if quote_start > cue.i else cue.sent.end
        told = []
        for i in range(cue.i + 1, min(end, cue.i + 10)):
            party = self.parties.get(i)
            if (
                isinstance(party, Mention)
                and party is not speaker
                and party.start == i
                and party.actor
                and (
                    doc[i].morph.get("Case", []) == ["Dat"]
                    or doc[i - 1].lower_ in self.lex.address_words
                )
            ):
                told.append(party.actor)
        return told

    def _last_person(self, index: int) -> str | None:
        people = [m for m in self.mentions if m.end <= index and m.kind == "person" and m.actor]
        return people[-1].actor if people else None


def _is_person(party: Mention | AccountMention) -> bool:
    return isinstance(party, Mention) and party.kind == "person"


def _nominative(token: Token) -> bool:
    """Return whether a name's first word can be a subject (nominative, or not inflected)."""
    case = token.morph.get("Case", [])
    return not case or "Nom" in case


def _strip(tokens: list[Token]) -> list[Token]:
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in '»”"':
        tokens = tokens[:-1]
    return tokens
