"""Direct speech: quotes with their cue, colon-introduced quotes, transcripts, signed quotes.

- a quote with the cue after ("..., Taizhan wrote") or before
  ("@AlmiriKarpykov wrote: '...'"), over several sentences, split around its
  cue, or continuing the one before it;
- "X: '...'" colon-introduced quotes, inside or outside the quote marks, and
  transcript lines ("PENCE: Well, ...");
- a quote signed with a dash ("“...” ― Carlos Raúl, a voter");
- a block quotation after "Limbaugh added:".
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Span, Token

from claimgraph.attribution.introduced import IntroducedQuotes, without_opening_marks
from claimgraph.attribution.mention import ClaimMention
from claimgraph.attribution.quotes import DASHES, OPEN_QUOTES, mostly_quoted, trim
from claimgraph.attribution.syntax import name_like, speaker_like, subject

__all__ = ["DirectQuotes"]


class DirectQuotes(IntroducedQuotes):
    """The rules that read quotations and what introduces them."""

    def _direct(self, start: int, end: int) -> ClaimMention | None:
        doc = self.doc
        inside = doc[self.token_at(start) : self.token_at(end - 1) + 1]
        if not self.text[start:end].strip():
            return None
        colon = self._colon_speaker(inside, end)
        if colon is not None:
            return colon
        if self._inside_a_clause(start, end):
            return None  # a quoted phrase inside reported speech: the clause is the claim
        after = self._cue_after(end)
        before = self._cue_before(start)
        cue = after or before
        if cue is None:
            return self._introduced(start, end) or self._signed(start, end)
        content_start, content_end = trim(self.text, start, end)
        claim = ClaimMention(
            content_start, content_end, self.text[content_start:content_end], cue.text, "direct"
        )
        self._attach_speaker(claim, cue)
        if claim.speaker_start is None and cue is after:
            self._speaker_by_cue(claim, cue, end)
        self.quote_cues[cue.i] = (content_start, content_end)
        claim.confidence = 0.9 if claim.speaker else 0.6
        return claim

    def _inside_a_clause(self, start: int, end: int) -> bool:
        """Return whether a short quote sits between words of one clause ("... that
        "budget reforms" and the collection of taxes would ...")."""
        if len(self.text[start:end].split()) > 8:
            return False
        before = self.text[max(0, start - 3) : start - 1].strip()
        after = self.text[end + 1 : end + 3].strip()
        return bool(before) and before[-1].isalnum() and bool(after) and after[0].isalnum()

    def _ends_a_report(self, start: int) -> bool:
        """Return whether a quote opens inside the clause a cue reports ("Husted said
        the court's decision "will effectively force us to ...""): a mixed quote,
        whose claim is the whole clause."""
        before = without_opening_marks(self.text[:start]).rstrip()
        if before[-1:] in (",", ":"):
            # "Lynch said she recalled thinking, "...": the quote's own cue is
            # itself inside a report, whose claim the quote is part of
            before = before[:-1].rstrip()
            if not self.is_cue(self.doc[self.token_at(len(before) - 1)]):
                return False
        if not before[-1:].isalnum():
            return False
        word = self.doc[self.token_at(len(before) - 1)]
        if self.is_cue(word) and word.dep_ == "conj":
            # '... said it was too early but added, "...": a second report of its own
            return False
        for clause in word.ancestors:
            if clause.dep_ in ("ccomp", "xcomp") and self.is_cue(clause.head):
                return clause.head.i < word.i
        return False

    def _signed(self, start: int, end: int) -> ClaimMention | None:
        """Read a quote signed with a dash: "“...” ― Carlos Raúl, a voter"."""
        doc = self.doc
        pos = end
        while pos < len(self.text) and (self.text[pos].isspace() or self.text[pos] in "”»\"'"):
            pos += 1
        dash = next((d for d in DASHES if self.text.startswith(d, pos)), None)
        if dash is None:
            return None
        index = self.token_at(pos + len(dash))
        if doc[index].idx < pos + len(dash):
            index += 1
        while index < len(doc) and doc[index].is_space:
            index += 1
        if index >= len(doc):
            return None
        name = doc[index]
        party = self.parties.get(name.i)
        if party is None and name.pos_ != "PROPN":
            return None
        content_start, content_end = trim(self.text, start, end)
        claim = ClaimMention(
            content_start,
            content_end,
            self.text[content_start:content_end],
            dash,
            "direct",
            confidence=0.7,
        )
        if party is not None:
            self._set_party(claim, party)
        else:
            span = doc[name.i : name.i + 1]
            while span.end < len(doc) and doc[span.end].pos_ == "PROPN":
                span = doc[span.start : span.end + 1]
            self._set_written(claim, span)
        return claim

    def _transcript(self) -> list[ClaimMention]:
        """Read transcript lines, "PENCE: Well, the question really should be ..."."""
        doc = self.doc
        found: list[ClaimMention] = []
        if ":" not in self.text:
            return found
        colons = [i for i, start in enumerate(self.starts) if self.text[start] == ":"]
        for token in (doc[i] for i in colons):
            if token.text != ":" or token.i == 0 or token.i > len(doc) - 2:
                continue
            first = token.i - 1
            while first > 0 and name_like(doc[first - 1]) and token.i - first < 4:
                first -= 1
            line_start = (
                first == 0 or "\n" in doc[first - 1].text or "\n" in doc[first - 1].whitespace_
            )
            names = doc[first : token.i]
            headline = "\n" not in self.text[: token.idx]
            if headline and not line_start and token.i - 1 in self.parties:
                # "A lesson from Loretta Lynch: 'Be the voice ...'"
                named = self.parties[token.i - 1]
                first, line_start = named.start, True
                names = doc[first : token.i]
            if not line_start or not all(name_like(t) for t in names):
                continue
            if any(t.lower_ in self.lex.editorial_labels for t in names):
                continue  # "Correction: ...", "The Latest: ..."
            if any(t.pos_ in ("VERB", "AUX", "DET", "ADP") for t in names):
                continue  # a section heading, "The Gap Goes On: ..."
            rest_end = self.text.find("\n", token.idx)
            rest_end = len(self.text) if rest_end == -1 else rest_end
            claim = self._colon_claim(token.idx + 1, rest_end, confidence=0.7)
            if claim.end - claim.start < 15:
                continue
            if self.text[claim.start] in OPEN_QUOTES and not headline:
                continue
            if (
                not headline
                and not any(  # a headline's statement may have no verb
                    t.pos_ in ("VERB", "AUX")
                    for t in doc[token.i + 1 : self.token_at(claim.end - 1) + 1]
                )
            ):
                continue
            party = self.parties.get(first)
            if party is not None:
                self._set_party(claim, party)
            else:
                self._set_written(claim, names)
            found.append(claim)
        return found

    def _colon_claim(self, start: int, end: int, confidence: float) -> ClaimMention:
        """Make the direct claim of what follows a speaker's colon, up to ``end``."""
        start, end = trim(self.text, start, end)
        return ClaimMention(start, end, self.text[start:end], ":", "direct", confidence=confidence)

    def _colon_speaker(self, inside: Span, end: int) -> ClaimMention | None:
        """Read "Madina Yerkin: Did you know ..." at the start of a quote."""
        doc = self.doc
        first = self.parties.get(inside.start)
        if first is None or first.end >= inside.end or doc[first.end].text != ":":
            return self._colon_name(inside, end)
        claim = self._colon_claim(doc[first.end].idx + 1, min(inside.end_char, end), 0.8)
        self._set_party(claim, first)
        return claim

    def _colon_name(self, inside: Span, end: int) -> ClaimMention | None:
        """Read a transcript line in quotes, '"WALLACE: Do you really see ...', whose
        speaker is a name the entity recogniser did not take for one."""
        doc = self.doc
        start = inside.start
        while start < inside.end and (doc[start].is_space or doc[start].text in OPEN_QUOTES):
            start += 1
        colon = start
        while colon < min(inside.end, start + 3) and name_like(doc[colon]):
            colon += 1
        if colon == start or colon >= inside.end - 1 or doc[colon].text != ":":
            return None
        if any(t.lower_ in self.lex.editorial_labels for t in doc[start:colon]):
            return None
        claim = self._colon_claim(doc[colon].idx + 1, min(inside.end_char, end), 0.7)
        self._set_written(claim, doc[start:colon])
        return claim

    def _cue_after(self, end: int) -> Token | None:
        """Return the cue verb in the few tokens after a closing quote, if any."""
        doc = self.doc
        first = self.token_after(end)
        for token in doc[first : first + 24]:
            if token.is_sent_start and token.i > first + 1:
                break
            if token.is_sent_start and token.i > first and token.is_title and token.pos_ != "PROPN":
                break  # '"... just kidding." To which she said, "..."': a new sentence
            if "\n" in token.text:
                break
            if self.is_cue(token):
                return token if self._cues_quote_before(first, token) else None
        return None

    def _cue_before(self, start: int) -> Token | None:
        """Return the cue verb before an opening quote in the same sentence ("X wrote: ...")."""
        doc = self.doc
        index = self.token_at(start - 1)
        if index <= 0:
            return None
        last = doc[index] if doc[index].idx + len(doc[index]) <= start else doc[index - 1]
        if without_opening_marks(self.text[:start]).rstrip()[-1:] in (".", "!", "?"):
            # '..., said Ruiz, who knows the case. "...': a cue before the full stop
            # reports that sentence; the quote may continue an earlier one
            return None
        sentence = last.sent
        for token in reversed(doc[max(sentence.start, last.i - 12) : last.i + 1]):
            if self.is_cue(token):
                between = doc[token.i + 1 : last.i + 1]
                if all(
                    t.is_punct
                    or t.is_space
                    or t.dep_
                    in (
                        "dobj",
                        "dative",
                        "pobj",
                        "prep",
                        "compound",
                        "det",
                        "poss",
                        "case",
                        "appos",
                        "advmod",
                        "npadvmod",
                        "amod",
                        "nummod",
                    )
                    or t.i in self.parties
                    for t in between
                ):
                    return token
        return None

    def _continued(self, previous: ClaimMention, start: int, end: int) -> ClaimMention | None:
        """A quote right after an attributed one, with no cue of its own, continues it."""
        between = self.text[previous.end : start - 1]
        if any(ch in between for ch in "“«„") or len(between) > 240:
            return None
        if "\n" in between and any(ch in between for ch in '”»"'):
            # the quote closed before its paragraph ended: a new voice, unless the
            # next paragraph is nothing but a quote ('..." he said.\n\n"...')
            if not (previous.kind == "direct" and self._fills_paragraph(start, end)):
                return None
            between = between[: between.index("\n")]
        # Short glue (", he said,"), or the previous quote's own attribution
        # clause ("... ," said Victor Cha, a Korea scholar at CSIS. "..."),
        # sits between the two parts of one statement.
        holds_cue = previous.speaker_start is not None and (
            previous.end <= previous.speaker_start < start
        )
        if len(between.split()) > 6 and not holds_cue:
            return None
        if re.search(r"[.!?]\s", between) and re.search(r"\w", re.split(r"[.!?]\s", between)[-1]):
            return None  # '... he said. The summit accomplished "too little"': a new sentence
        gap = self.doc[self.token_at(previous.end) : self.token_at(start)]
        cues = [t for t in gap if t.idx >= previous.end and self.is_cue(t)]
        # '..." he said, adding that "...': a second report introduces the quote;
        # so does a sentence of its own ('... he added on Twitter. "...'), but not
        # an aside ('..., said Caddell, speaking of her health. "...').
        if (
            cues
            and cues[-1].text != previous.cue
            and (
                cues[-1].dep_ == "ROOT" or not re.search(r"[.!?]", self.text[cues[-1].idx : start])
            )
        ):
            return None
        content_start, content_end = trim(self.text, start, end)
        claim = ClaimMention(
            content_start, content_end, self.text[content_start:content_end], previous.cue, "direct"
        )
        claim.speaker_text = previous.speaker_text
        claim.speaker_start, claim.speaker_end = previous.speaker_start, previous.speaker_end
        claim.speaker = previous.speaker
        claim.told_to = list(previous.told_to)
        claim.confidence = max(previous.confidence - 0.1, 0.3)
        return claim

    def _fills_paragraph(self, start: int, end: int) -> bool:
        """Return whether the quote ``start:end`` is the whole of its paragraph."""
        text = self.text
        head = text[text.rfind("\n", 0, start) + 1 : start]
        tail_end = text.find("\n", end)
        tail = text[end : len(text) if tail_end == -1 else tail_end]
        return not head.strip(" \t\xa0\"'“”«»„") and not tail.strip(" \t\xa0\"'“”«»„")

    def _block(self, cue: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        """Read a paragraph introduced by a cue and a colon at the end of the one
        before ("Limbaugh added:" and a block quotation without quote marks)."""
        doc = self.doc
        colon = cue.i + 1
        if colon >= len(doc) or doc[colon].text != ":" or not self.is_cue(cue):
            return None
        after = doc[colon].idx + 1
        match = re.match(r"[ \t\xa0]*\n\s*", self.text[after:])
        if match is None:
            return None
        start = after + match.end()
        end = self.text.find("\n", start)
        start, end = trim(self.text, start, len(self.text) if end < 0 else end)
        if end - start < 2 or mostly_quoted(start, end, quoted):
            return None
        claim = ClaimMention(start, end, self.text[start:end], cue.text, "indirect")
        self._attach_speaker(claim, cue)
        if claim.speaker is None and not speaker_like(subject(cue, self.lex), self.lex):
            return None
        claim.confidence = 0.7 if claim.speaker else 0.5
        return claim

    def _continue_reports(self, unclaimed: list[tuple[int, int]]) -> None:
        """A quote that follows a report in the same paragraph, with nothing
        between but the report's cue and speaker ("The administration may be
        reluctant to act, Schiff said. 'The other factor ...'"), continues it."""
        reports = sorted(
            (c for c in self.claims if c.kind == "indirect" and c.speaker_start is not None),
            key=lambda c: c.end,
        )
        ends = [c.end for c in reports]
        for start, end in unclaimed:
            at = bisect.bisect_right(ends, start) - 1
            if at < 0:
                continue
            report = reports[at]
            between = self.text[report.end : start]
            speaker_start = report.speaker_start
            if "\n" in between or speaker_start is None or speaker_start < report.end:
                continue
            if len(between.split()) > 8 or not between.rstrip(" “\"'«").endswith((".", ":")):
                continue
            continued = self._continued(report, start, end)
            if continued is not None:
                self.claims.append(continued)
