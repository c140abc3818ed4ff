"""Indirect speech: a cue with what it reports, and the other ways a text attributes.

- a cue verb with a clausal complement ("@aidoseg wrote that ...", "@kasymjanym
  remarked how ..."), an intention ("wants to build") or an object ("called
  for reforms"), with the content's extent from :mod:`.content`;
- a report set off by commas inside its content ("X, he said, Y");
- "according to X, ...", "as X put it, ...";
- a report named by a noun ("Trump's claim that ...") and a stance ("Graham
  has been critical of Trump").
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from claimgraph.attribution.content import content_tokens
from claimgraph.attribution.mention import ClaimMention
from claimgraph.attribution.quotes import DOUBLE_MARKS, mostly_quoted
from claimgraph.attribution.speakers import Reader
from claimgraph.attribution.syntax import (
    complement,
    speaker_like,
    strip_punct,
    subject,
    until_aside,
    without_that,
)

__all__ = ["IndirectSpeech"]

_DOUBLE_QUOTE = re.compile("|".join(re.escape(m) for m in sorted(DOUBLE_MARKS)))
_QUOTE_CLOSE = re.compile("[.,!?]?(?:[\"”]|'')")
#: Parts of speech of the words of a speaker phrase between commas ("..., Chief
#: Justice Roberts said, ...").
_SPEAKER_POS = frozenset(["PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM", "PART", "ADV"])
#: Dependents of a cue that stay with it between the commas ("said on Friday").
_ADJUNCT_DEPS = ("prep", "npadvmod", "advmod", "agent", "dative", "dobj")


class IndirectSpeech(Reader):
    """The rules that read reported speech, intentions, stances and "according to"."""

    def _indirect(self, token: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        doc = self.doc
        if (
            token.lower_ == "according"
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ == "to"
        ):
            return self._according_to(token, quoted)
        if not self.is_cue(token):
            return None
        if token.lemma_ == "put":
            return self._as_put(token, quoted)
        # Only a verb of saying sits between commas inside its content ("X, he
        # said, Y"); "..., Trump spoke, ..." is not a report of the sentence.
        speech = token.lemma_ in self.lex.reporting
        parts = self._mid_sentence(token, quoted) if speech else []
        if parts:
            self.claims.extend(parts[1:])
            return parts[0]
        head = complement(token, self.lex)
        if head is None and token.dep_ == "parataxis" and speech:
            return self._parenthetical(token, quoted)
        if head is None:
            return None
        tokens = strip_punct(content_tokens(token, head, self.lex))
        if tokens and tokens[0].i < token.i < tokens[-1].i:
            # "donations, which he said were accompanied by ...": the relative
            # pronoun heads the clause, but the content is what follows the cue
            tokens = strip_punct([t for t in tokens if t.i > token.i])
        while tokens and tokens[0].lower_ in ("that", "how") and tokens[0].dep_ != "det":
            tokens = strip_punct(tokens[1:])
        if (
            head.dep_ == "prep"
            and tokens
            and tokens[0].i == head.i
            and token.lemma_ not in self.lex.response_cues
        ):
            tokens = tokens[1:]  # "called for [reforms]": the preposition belongs to the cue
        return self._reported(token, tokens, quoted, confidence=0.75)

    def _reported(
        self, cue: Token, tokens: list[Token], quoted: list[tuple[int, int]], confidence: float
    ) -> ClaimMention | None:
        """Make an indirect claim of ``tokens`` reported by ``cue``, if it has a speaker."""
        if not tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if mostly_quoted(start, end, quoted):
            return None
        closing = _QUOTE_CLOSE.match(self.text, end)
        if closing and len(_DOUBLE_QUOTE.findall(self.text, start, end)) % 2:
            end = closing.end()  # 'the decision "will force us ...."': close the mixed quote
        claim = ClaimMention(start, end, self.text[start:end], cue.text, "indirect")
        self._attach_speaker(claim, cue)
        if claim.speaker is None and not speaker_like(subject(cue, self.lex), self.lex):
            return None
        claim.confidence = confidence if claim.speaker else 0.5
        return claim

    def _nominal(self, cue: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        """Read a report named by a noun: "Trump's claim that there have been thousands
        of shootings", "her promise to raise taxes", "North Korea's claims about the
        test", "Trump is raising questions about his microphone"."""
        speaker = next((c for c in cue.children if c.dep_ == "poss"), None)
        if speaker is None and cue.dep_ == "dobj" and cue.head.lemma_ in self.lex.light_verbs:
            speaker = next((c for c in cue.head.children if c.dep_ == "nsubj"), None)
        if speaker is None or speaker.lower_ in self.lex.expletives:
            return None
        for child in cue.children:
            if child.i < cue.i:
                continue
            tokens: list[Token] = []
            if child.dep_ in ("acl", "ccomp", "relcl"):
                marks = [g.lower_ for g in child.children if g.dep_ in ("mark", "aux")]
                if "that" in marks or ("to" in marks and cue.lemma_ in self.lex.intention_nouns):
                    tokens = strip_punct(list(child.subtree))
            elif (
                child.dep_ == "prep" and child.lower_ in ("about", "over") and child.i == cue.i + 1
            ):
                tokens = strip_punct(list(child.subtree)[1:])
            tokens = without_that(tokens)
            if not tokens:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            if mostly_quoted(start, end, quoted):
                return None
            claim = ClaimMention(start, end, self.text[start:end], cue.text, "indirect")
            party = self._party_in(speaker)
            if party is not None:
                self._set_party(claim, party)
            else:
                first = speaker.i if speaker.dep_ == "poss" else speaker.left_edge.i
                self._set_written(claim, self.doc[first : speaker.i + 1])
            claim.confidence = 0.6
            return claim
        return None

    def _as_put(self, cue: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        """Read "As Ms. Simonyan put it, RT is 'providing a perspective ...'": what
        follows the aside (or, at the end of a sentence, what precedes it) is what
        the speaker put."""
        if not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
            return None
        sentence = cue.sent
        end = next(  # the aside ends at its comma, whatever the parser hung on it
            (t.i for t in cue.doc[cue.i : cue.right_edge.i + 1] if t.text in (",", ":")),
            cue.right_edge.i,
        )
        after = strip_punct(cue.doc[end + 1 : sentence.end])
        if end + 1 < len(cue.doc) and cue.doc[end + 1].text in (".", "!", "?"):
            after = []  # '"...," as a memo put it.': the aside closes its sentence
        before = strip_punct(cue.doc[sentence.start : cue.left_edge.i])
        marks = [i for i, t in enumerate(before) if t.text in DOUBLE_MARKS]
        if len(marks) >= 2 and marks[-1] == len(before) - 1:
            before = before[marks[-2] :]  # '... is a "lawful source," as a memo put it'
        tokens = after or before
        return self._reported(cue, tokens, quoted, confidence=0.7) if len(tokens) > 2 else None

    def _stance(self, word: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        """Read a stance stated with an word or a noun: "Many Democrats are afraid
        that ...", "Graham has been critical of Trump", "she is a supporter of NATO"."""
        if word.dep_ not in ("acomp", "attr", "ROOT") or word.head.lemma_ != "be":
            return None
        tokens: list[Token] = []
        for child in word.children:
            if child.i < word.i:
                continue
            if child.dep_ in ("ccomp", "xcomp"):
                tokens = list(child.subtree)
            elif child.dep_ == "prep" and child.lower_ in self.lex.stance_preps:
                tokens = list(child.subtree)[1:]
            if tokens:
                break
        tokens = without_that(strip_punct(tokens))
        claim = self._reported(word.head, tokens, quoted, confidence=0.6) if tokens else None
        if claim is not None:
            claim.cue = word.text
        return claim

    def _mid_sentence(self, cue: Token, quoted: list[tuple[int, int]]) -> list[ClaimMention]:
        """Read a report set off by commas inside its content ("The middle fifth paid
        8.9 percent, the agency said in a June report, and the bottom fifth paid 0.8";
        "The museum, Mr. Obama said, would make visitors face uncomfortable truths"):
        the sentence on each side of it is a part of the claim. The commas decide,
        not the parse, which often hangs the speaker on the wrong side."""
        doc = self.doc
        sentence = cue.sent
        first = cue.i
        while first > sentence.start and doc[first - 1].text != ",":
            if cue.i - first >= 6 or doc[first - 1].pos_ not in _SPEAKER_POS:
                return []
            first -= 1
        speaker = doc[first : cue.i]
        if not speaker or first - 1 <= sentence.start:
            return []
        if not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in speaker):
            return []  # "Burma, also known as Myanmar, ...": no one speaks
        last = cue.i
        for child in cue.children:  # "said in a June report", "told me on Friday"
            if child.i == last + 1 and child.dep_ in _ADJUNCT_DEPS:
                last = child.right_edge.i
        if last + 2 >= sentence.end - 1 or doc[last + 1].text != ",":
            return []
        if cue.lemma_ in self.lex.object_verbs - self.lex.reporting and any(
            c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in cue.children
        ):
            return []  # "..., Trump attacked Clinton for her support, ...": not an aside
        before = strip_punct(doc[sentence.start : first - 1])
        after = strip_punct(until_aside(doc[last + 2 : sentence.end], self.lex))
        if len(before) < 2 or len(after) < 3:
            return []
        relative = [t for t in before if t.tag_ in ("WDT", "WP") and t.i == first - 2]
        if relative:  # "the stadium, which, Tompkins said, is usually full": the clause
            before = relative
        if not any(t.pos_ in ("VERB", "AUX") for t in (*before, after[0])):
            return []
        found = []
        for side in (before, after):
            if side is before and side[0].tag_ in ("VBN", "VBG") and side[0].dep_ == "advcl":
                continue  # "Asked to describe the device, O'Neill said, ...": the occasion
            if (
                side is after
                and side[0].tag_ == "VBG"
                and not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in side)
            ):
                continue  # "..., she said, referencing ...": the writer's gloss
            start, end = side[0].idx, side[-1].idx + len(side[-1].text)
            if mostly_quoted(start, end, quoted):
                continue
            claim = ClaimMention(start, end, self.text[start:end], cue.text, "indirect")
            party = next(
                (self.parties[t.i] for t in reversed(speaker) if t.i in self.parties), None
            )
            if party is not None:
                self._set_party(claim, party)
            else:
                self._set_written(claim, speaker)
            claim.confidence = 0.7
            found.append(claim)
        return found

    def _parenthetical(self, cue: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        """Read "The latest test, North Korea said, was its biggest yet": the sentence
        around a parenthetical report is its content."""
        doc = self.doc
        head = cue.head
        first, last = cue.left_edge.i, cue.right_edge.i
        # The content may not include the cue and speaker, which can sit in the
        # middle of it ("Though X, he said, Y"): the longer side is the claim and
        # a clause on the other side is a second part of it, as with a quote
        # split around its cue.
        before = strip_punct(doc[head.left_edge.i : first])
        after = strip_punct(doc[last + 1 : head.right_edge.i + 1])
        tokens, other = (before, after) if len(before) >= len(after) else (after, before)
        if len(tokens) < 3:
            return None
        claim = self._reported(cue, tokens, quoted, confidence=0.7)
        if claim is not None and len(other) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in other):
            part = self._reported(cue, other, quoted, confidence=0.6)
            if part is not None:
                self.claims.append(part)
        return claim

    def _according_to(self, token: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        doc = self.doc
        to = doc[token.i + 1]
        # "according to show insiders": the parser may take the source for a verb phrase
        source = next((c for c in to.children if c.dep_ in ("pobj", "pcomp")), None)
        if source is None:
            return None
        phrase_end = max(t.i for t in source.subtree) + 1
        comma = next((t.i for t in doc[source.i : phrase_end] if t.text == ","), None)
        if comma is not None and token.i == token.sent.start:
            # "According to Rush Limbaugh, the move reeks of ...": the parser may
            # hang the whole statement on the name; the source ends at the comma
            phrase_end = comma
        sentence = token.sent
        # The content is the rest of the sentence, on the longer side of the phrase.
        before = strip_punct(doc[sentence.start : token.i])
        after = strip_punct(doc[phrase_end : sentence.end])
        tokens = before if len(before) >= len(after) else after
        if not tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if mostly_quoted(start, end, quoted):
            return None
        claim = ClaimMention(
            start, end, self.text[start:end], "according to", "indirect", confidence=0.7
        )
        party = self._party_in(source)
        if party is not None:
            self._set_party(claim, party)
        else:
            span = doc[source.left_edge.i : source.right_edge.i + 1]
            self._set_written(claim, span)
        return claim
