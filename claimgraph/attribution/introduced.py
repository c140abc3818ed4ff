"""Quotes introduced by words the cue lexicon does not list, and the speaker by position.

- a quote after a clause and a colon ("Cruz called them on it: '...'"), in
  its paragraph or as the next one;
- a quote the verb right after it reports ('"...," Oliver barked.');
- which verb after a quote reports it: only one with nothing but its subject
  between them;
- the speaker of a quote whose cue the parse left without a subject: the
  words between the quote and its cue, or right after it.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claimgraph.attribution.mention import ClaimMention
from claimgraph.attribution.quotes import trim
from claimgraph.attribution.speakers import Reader
from claimgraph.attribution.syntax import subject
from claimgraph.extractors.accounts import AccountMention
from claimgraph.extractors.actors import Mention

__all__ = ["IntroducedQuotes", "without_opening_marks"]

_OPENING_MARKS = re.compile("[\"'“”‘’«]+$")
#: How far back from its end :func:`without_opening_marks` looks at a text.
_MARKS_WINDOW = 64


def without_opening_marks(text: str) -> str:
    """Return ``text`` without the quotation marks it ends with (or that stand before
    its final newline), as ``_OPENING_MARKS.sub("", text)`` does; looking only at
    the end of the text, as that regular expression scanning all of it made
    attribution quadratic in the length of an article."""
    window = max(0, len(text) - _MARKS_WINDOW)
    match = _OPENING_MARKS.search(text, window)
    if match is None:
        return text
    if window and match.start() == window:  # a longer run: look at all of it
        return _OPENING_MARKS.sub("", text)
    return text[: match.start()] + text[match.end() :]


class IntroducedQuotes(Reader):
    """The rules that find a quote's cue and speaker where no listed cue is at hand."""

    def _speaker_by_cue(self, claim: ClaimMention, cue: Token, end: int) -> None:
        """Take as speaker the words between a quote and its cue ('"...," Ana Ruiz, an
        aide, said'), else those right after the cue ('"...," said Ana Ruiz.'), where
        the parse lost the subject."""
        doc = self.doc
        first = self.token_after(end)
        words = [t for t in doc[first : cue.i] if not (t.is_punct or t.is_space)]
        if not words:
            following = []
            for token in doc[cue.i + 1 : cue.i + 9]:
                if token.is_punct or token.is_space:
                    break
                if token.ent_type_ not in ("DATE", "TIME"):
                    following.append(token)
            words = following
        if not words or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in words):
            return
        party = next((self.parties[t.i] for t in words if t.i in self.parties), None)
        if party is not None:
            self._set_party(claim, party)
        else:
            self._set_written(claim, doc[words[0].i : words[-1].i + 1])

    def _introduced(self, start: int, end: int) -> ClaimMention | None:
        """Read a quote that a clause or a name introduces, with no cue the lexicon
        lists: one after a colon ("Cruz called them on it: '...'", also as the next
        paragraph; 'Rep. Ana Ruiz (D-Ore.): "..."'), or one the verb after it
        reports ('"...," Oliver barked.')."""
        colon = self._colon_before(start)
        name = self._named_by(colon) if colon is not None else None
        if name is not None:
            content_start, content_end = trim(self.text, start, end)
            claim = ClaimMention(
                content_start,
                content_end,
                self.text[content_start:content_end],
                ":",
                "direct",
                confidence=0.6,
            )
            if isinstance(name, Span):
                self._set_written(claim, name)
            else:
                self._set_party(claim, name)
            return claim
        verb = self._colon_verb(colon) if colon is not None else self._verb_after(end)
        if verb is None:
            return None
        if not self._names_a_speaker(subject(verb, self.lex)):
            return None  # "The answer is simple: ...": no one speaks
        said = self._said_by_subject(verb, start, end, 0.6)
        if said is not None:
            self.quote_cues[verb.i] = (said.start, said.end)
        return said

    def _colon_before(self, start: int) -> Token | None:
        """Return the colon right before a quote, in the same paragraph or at the end
        of the one before."""
        before = without_opening_marks(self.text[:start]).rstrip()
        if not before.endswith(":") or self.text[len(before) : start].count("\n") > 2:
            return None
        return self.doc[self.token_at(len(before) - 1)]

    def _named_by(self, colon: Token) -> Mention | AccountMention | Span | None:
        """Return the name that a colon follows and that opens its clause ("Clinton:",
        "Rep. Ana Ruiz (D-Ore.):", "... Donald Trump:"): a party, or the words."""
        doc = self.doc
        last = colon.i - 1
        if last > 0 and doc[last].text == ")":
            opening = next(
                (t.i for t in reversed(doc[max(0, last - 8) : last]) if t.text == "("), None
            )
            last = opening - 1 if opening is not None else last
        if last < 0 or not (last in self.parties or doc[last].pos_ == "PROPN"):
            return None
        party = self.parties.get(last)
        first = party.start if party is not None else last
        while party is None and first > 0 and doc[first - 1].pos_ == "PROPN":
            first -= 1
        if first > 0 and not (
            doc[first].is_sent_start or doc[first - 1].is_punct or doc[first - 1].is_space
        ):
            return None  # "a headline from the Washington Post:": not a label
        return party if party is not None else doc[first : last + 1]

    def _colon_verb(self, colon: Token) -> Token | None:
        """Return the verb of the clause that ``colon`` ends."""
        verb = colon.head if colon.head.pos_ in ("VERB", "AUX") else colon.sent.root
        if verb.pos_ not in ("VERB", "AUX") or verb.i > colon.i:
            return None
        return verb

    def _verb_after(self, end: int) -> Token | None:
        """Return the verb right after a quote that ends with a comma, "!" or "?" and
        that nothing but the verb's subject follows: '"...," he surmised.'"""
        text = self.text
        close = self._past_closing_marks(end)
        if not (text[end - 1 : end] in (",", "!", "?") or text[close : close + 1] == ","):
            return None
        doc = self.doc
        first = self.token_after(end)
        for token in doc[first : first + 8]:
            if "\n" in token.text or token.text in (".", ";", ":"):
                return None
            if token.pos_ == "VERB":
                if token.dep_ != "ROOT" or not self._cues_quote_before(first, token):
                    return None
                return token
        return None

    def _cues_quote_before(self, first: int, cue: Token) -> bool:
        """Return whether ``cue``, after a quote that ends before token ``first``,
        reports that quote: nothing stands between them but punctuation and the
        cue's subject ('"...," Mr. Ruiz, who ..., said', or a noun phrase where the
        parse lost the subject), not a clause of another
        verb ('... respects her "passion" but argues that ...') nor a colon that
        opens the next quote ('"..." Mr. Zahed said: "..."')."""
        doc = self.doc
        if cue.i + 1 < len(doc) and doc[cue.i + 1].text == ":":
            return False
        speakers = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
        for token in doc[first : cue.i]:
            if token.is_punct or token.is_space or token.pos_ in ("ADV", "AUX", "PART"):
                continue
            if any(s == token or s.is_ancestor(token) for s in speakers):
                continue
            if speakers or token.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ"):
                return False  # a parse that lost the subject still leaves a noun phrase
        return True

    def _quoted_phrase(self, start: int, end: int) -> ClaimMention | None:
        """Read a quoted phrase no rule claimed as what the verb above it says of its
        object ('Ruiz called the plan “a gift to smugglers”', 'described them as
        “peaceful”'): the verb's dependent that holds the quote, up to the quote's
        end, said by the verb's subject, when the quote is most of it."""
        doc = self.doc
        token = doc[self.token_after(start)]
        verb = token
        for _ in range(4):
            if verb.pos_ == "VERB" and verb.i < token.i:
                break
            verb = verb.head
        else:
            return None
        if not self.is_cue(verb) or verb.i >= token.i or verb.idx >= start:
            return None
        head = subject(verb, self.lex)
        if head is None or head.idx >= start or not self._names_a_speaker(head):
            return None
        child = next(c for c in verb.children if c == token or c.is_ancestor(token))
        predicative = child.lower_ == "as" or any(
            c.dep_ == "dobj" and c != child for c in verb.children
        )
        if not predicative:
            return None  # a scare quote in a clause ("backed the “reform”"), not a saying
        first = max(child.left_edge.i, verb.i + 1)
        close = self._past_closing_marks(end)
        if 2 * (end - start) < close - doc[first].idx:
            return None  # mostly words of the report: not a quote
        return self._said_by_subject(verb, doc[first].idx, close, 0.5)

    def _said_by_subject(
        self, verb: Token, start: int, end: int, confidence: float
    ) -> ClaimMention | None:
        """Return the direct claim of ``start:end`` that ``verb``'s subject says, if
        the subject stands outside it."""
        start, end = trim(self.text, start, end)
        claim = ClaimMention(
            start, end, self.text[start:end], verb.text, "direct", confidence=confidence
        )
        self._attach_speaker(claim, verb)
        if claim.speaker_start is None or start <= claim.speaker_start < end:
            return None
        return claim

    def _past_closing_marks(self, end: int) -> int:
        """Return the offset after the quotation marks that close a quote at ``end``."""
        while end < len(self.text) and self.text[end] in "”»\"'":
            end += 1
        return end

    def _names_a_speaker(self, head: Token | None) -> bool:
        """Return whether a subject names someone: a party, a proper noun or a
        personal pronoun ("The answer is simple: ..." names no one)."""
        return head is not None and (
            head.i in self.parties or head.pos_ == "PROPN" or head.lower_ in self.lex.pronouns
        )
