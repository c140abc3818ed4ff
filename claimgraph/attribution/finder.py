"""The English finder: every rule over one document, in order, and the claims they agree on.

:meth:`Finder.find` reads the quotations first (a quoted phrase inside
reported speech belongs to the clause around it), then transcript lines,
then each token that may cue a report: a nominal cue, a stance word, a cue
verb or "according to". A quote after a report with nothing of its own
between continues it. Claims reported inside another claim, and indirect
claims whose speaker stands inside a quotation, are the outer speaker's and
are dropped.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimgraph.attribution.direct import DirectQuotes
from claimgraph.attribution.indirect import IndirectSpeech
from claimgraph.attribution.mention import ClaimMention, join_parts, outermost, quoted_speaker
from claimgraph.attribution.quotes import is_title, mostly_quoted, quote_spans

__all__ = ["Finder"]


class Finder(DirectQuotes, IndirectSpeech):
    """Find the attributed statements of one parsed English document.

    Examples
    --------
    >>> from claimgraph.extractors import load_pipeline
    >>> doc = load_pipeline()("“The debts keep growing,” Taizhan wrote.")
    >>> [(c["speaker_text"], c["text"]) for c in doc._.extraction["claims"]]
    [('Taizhan', 'The debts keep growing')]
    """

    def find(self) -> list[ClaimMention]:
        """Return the document's claims, in the order their content starts, the parts
        of one attribution joined (:func:`~claimgraph.attribution.mention.join_parts`)."""
        quotes = quote_spans(self.text)
        quoted, unclaimed = self._read_quotes(quotes)
        for line in self._transcript():
            if not mostly_quoted(line.start, line.end, quoted):
                self.claims.append(line)
        lemmas, words = self._triggers()
        for token in self.doc:
            if token.lemma in lemmas or token.lower in words:
                claim = self._read_token(token, quoted)
                if claim is not None:
                    self.claims.append(claim)
        self._continue_reports(unclaimed)
        self._quoted_phrases(quotes)
        self.claims.sort(key=lambda c: c.start)
        # "I think ..." inside a quotation is the quoted speaker's words: dropped
        # before it can hide the claim whose speaker follows the quotation
        return join_parts(
            outermost(
                [c for c in self.claims if c.kind == "direct" or not quoted_speaker(c, quotes)]
            )
        )

    def _read_quotes(
        self, quotes: list[tuple[int, int]]
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Read each quotation as a direct claim, or as the continuation of the one
        before; return the quotes claimed and those left unclaimed."""
        quoted: list[tuple[int, int]] = []
        unclaimed: list[tuple[int, int]] = []
        previous: ClaimMention | None = None
        previous_end = -1
        for start, end in quotes:
            if self._ends_a_report(start):
                continue  # a quoted phrase inside reported speech: the clause is the claim
            if is_title(self.text[start:end]):
                continue  # "said on ABC's “This Week”": a name, not words someone said
            claim = self._direct(start, end)
            if claim is None and previous is not None and start - previous_end < 240:
                claim = self._continued(previous, start, end)
            if claim is not None:
                self.claims.append(claim)
                previous, previous_end = claim, end
                quoted.append((start, end))
            else:
                unclaimed.append((start, end))
        return quoted, unclaimed

    def _quoted_phrases(self, quotes: list[tuple[int, int]]) -> None:
        """Read each quote that no claim holds as a quoted phrase of its verb's object."""
        spans = [(c.start, c.end) for c in self.claims]
        for start, end in quotes:
            if any(s < end and start < e for s, e in spans) or is_title(self.text[start:end]):
                continue
            claim = self._quoted_phrase(start, end)
            if claim is not None:
                self.claims.append(claim)

    def _triggers(self) -> tuple[frozenset[int], frozenset[int]]:
        """Return the hashes of the lemmas and of the lower-case words that may cue a
        claim: the only tokens :meth:`_read_token` needs to look at."""
        strings = self.doc.vocab.strings
        nouns = frozenset(strings.add(w) for w in self.lex.stance_nouns)
        words = frozenset(strings.add(w) for w in self.lex.stance_adjectives | {"according"})
        return self.cue_hashes | self.nominal_hashes | nouns, words

    def _read_token(self, token: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        """Return the claim ``token`` cues, if any: a nominal cue, a stance word, a cue
        verb or "according to"."""
        if token.lemma in self.nominal_hashes and token.pos_ == "NOUN" and not self.is_cue(token):
            return self._nominal(token, quoted)
        if (token.lower_ in self.lex.stance_adjectives and token.pos_ == "ADJ") or (
            token.lemma_ in self.lex.stance_nouns and token.pos_ == "NOUN" and token.dep_ == "attr"
        ):
            return self._stance(token, quoted)
        if not (token.lemma in self.cue_hashes or token.lower_ == "according"):
            return None
        claim = self._indirect(token, quoted) or self._block(token, quoted)
        quote = self.quote_cues.get(token.i)
        if claim is not None and quote is not None and not claim.start <= quote[0] < claim.end:
            # '..., Adelson said, "They have got to win."': the verb reports the
            # quote, not the words before it as well; but a report may hold its
            # quote ('Ruiz says she values their "courage"')
            return None
        return claim
