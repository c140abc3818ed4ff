"""Claim attribution: who said what, from quotes, the dependency parse and cue words.

The ``claim_attribution`` component finds attributed statements and records
:class:`ClaimMention` objects on ``doc._.claims``:

- direct quotes with the cue after ("..., Taizhan wrote") or before
  ("@AlmiriKarpykov wrote: '...'"), quotes over several sentences, quotes
  split around their cue, and a quote that continues the one before it;
- "X: '...'" colon-introduced quotes, inside or outside the quote marks;
- indirect speech: a cue verb with a clausal complement ("@aidoseg wrote
  that ...", "@kasymjanym remarked how ..."), and "according to X, ...".

The content span excludes the cue and the speaker. The speaker is resolved
to the actor or account the text means; a speaker that cannot be resolved
is kept as written.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

from claimgraph.extractors.accounts import AccountMention
from claimgraph.extractors.actors import Mention

__all__ = ["ClaimMention", "CUE_LEMMAS", "claim_attribution", "set_speaker"]

#: Lemmas of verbs that report speech or writing.
CUE_LEMMAS = frozenset(
    [
        "believe",
        "think",
        "feel",
        "expect",
        "hope",
        "fear",
        "estimate",
        "show",
        "find",
        "suggest",
        "insist",
        "argue",
        "want",
        "plan",
        "pledge",
        "vow",
        "promise",
        "refuse",
        "decline",
        "threaten",
        "urge",
        "agree",
        "intend",
        "seek",
        "propose",
        "offer",
        "demand",
        "cite",
        "deny",
        "announce",
        "support",
        "oppose",
        "criticize",
        "praise",
        "attack",
        "describe",
        "question",
        "dismiss",
        "reject",
        "acknowledge",
        "confirm",
        "predict",
        "endorse",
        "condemn",
        "defend",
        "recommend",
        "call",
        "claim",
        "dispute",
        "know",
        "learn",
        "liken",
        "compare",
    ]
) | frozenset(
    [
        "say",
        "write",
        "tell",
        "note",
        "remark",
        "tweet",
        "retweet",
        "post",
        "claim",
        "argue",
        "warn",
        "deny",
        "add",
        "state",
        "insist",
        "explain",
        "announce",
        "declare",
        "report",
        "brag",
        "boast",
        "read",
        "reply",
        "respond",
        "ask",
        "suggest",
        "admit",
        "acknowledge",
        "allege",
        "assert",
        "comment",
        "complain",
        "conclude",
        "confirm",
        "contend",
        "emphasize",
        "emphasise",
        "stress",
        "maintain",
        "mention",
        "observe",
        "predict",
        "promise",
        "reveal",
        "recall",
        "reiterate",
        "threaten",
        "testify",
        "urge",
        "vow",
        "accuse",
        "quip",
        "joke",
        "lament",
        "concede",
        "counter",
        "retort",
        "muse",
        "caution",
        "charge",
        "describe",
        "dismiss",
        "hint",
        "indicate",
        "proclaim",
        "recount",
        "shout",
        "scream",
        "whisper",
        "exclaim",
        "insist",
        "object",
        "protest",
        "demand",
        "blast",
        "slam",
        "criticize",
        "criticise",
        "praise",
        "thank",
        "tell",
    ]
)
#: Nouns for people and bodies that speak, accepted as unnamed speakers ("officials said").
HUMAN_NOUNS = frozenset(
    [
        "source",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "analyst",
        "expert",
        "critic",
        "activist",
        "user",
        "resident",
        "witness",
        "observer",
        "lawyer",
        "attorney",
        "aide",
        "adviser",
        "advisor",
        "person",
        "people",
        "lawmaker",
        "leader",
        "minister",
        "government",
        "ministry",
        "agency",
        "police",
        "prosecutor",
        "investigator",
        "researcher",
        "scientist",
        "doctor",
        "report",
        "statement",
        "study",
        "poll",
        "survey",
        "campaign",
        "committee",
        "party",
        "group",
        "organization",
        "company",
        "firm",
        "authority",
        "authorities",
        "one",
        "another",
        "someone",
        "supporter",
        "opponent",
        "member",
        "voter",
        "citizen",
        "commentator",
        "blogger",
        "journalist",
        "reporter",
        "editor",
        "writer",
        "author",
    ]
)
#: Verbs of intention whose infinitive is what is attributed ("Trump wants to build ...").
INTENTION_LEMMAS = frozenset(
    [
        "want",
        "plan",
        "pledge",
        "vow",
        "promise",
        "refuse",
        "decline",
        "threaten",
        "urge",
        "agree",
        "hope",
        "intend",
        "seek",
        "propose",
        "offer",
        "demand",
        "ask",
        "expect",
        "aim",
    ]
)
#: Verbs whose direct object is what is attributed ("Clinton called for reforms").
OBJECT_LEMMAS = frozenset(
    [
        "call",
        "cite",
        "deny",
        "announce",
        "propose",
        "support",
        "oppose",
        "criticize",
        "criticise",
        "praise",
        "blast",
        "attack",
        "describe",
        "question",
        "dismiss",
        "reject",
        "acknowledge",
        "confirm",
        "predict",
        "endorse",
        "demand",
        "condemn",
        "defend",
        "applaud",
        "slam",
        "welcome",
        "recommend",
        "reveal",
        "report",
        "claim",
        "dispute",
        "liken",
        "compare",
    ]
)
_DASHES = {"―", "—", "–", "--"}
_EXPLETIVES = {"it", "there", "this", "that", "what"}
_OPEN_QUOTES = {"“": "”", "«": "»", "„": "“", '"': '"'}
_QUOTE_CHARS = re.compile("[" + "".join(_OPEN_QUOTES) + "]")
_SPEAKER_DEPS = ("nsubj", "nsubjpass")
_PRONOUNS = {"he", "she", "they", "him", "her", "them", "i", "we"}

if not Doc.has_extension("claims"):
    Doc.set_extension("claims", default=None)


@dataclass(slots=True)
class ClaimMention:
    """One attributed statement: content, cue and speaker spans, resolved parties."""

    start: int  # content span, characters
    end: int
    text: str
    cue: str
    kind: str  # "direct" or "indirect"
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: tuple[str, str] | None = None  # ("Actor" | "Account", id)
    told_to: list[str] = field(default_factory=list)
    confidence: float = 0.5


@Language.component(
    "claim_attribution",
    assigns=["doc._.claims"],
    requires=["token.dep", "doc._.actor_mentions", "doc._.account_mentions"],
)
def claim_attribution(doc: Doc) -> Doc:
    """Find attributed statements in ``doc``; see the module docstring."""
    finder = _Finder(doc)
    doc._.claims = finder.find()
    return doc


class _Finder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.parties: dict[int, Mention | AccountMention] = {}
        for m in doc._.actor_mentions or []:
            for i in range(m.start, m.end):
                self.parties[i] = m
        for a in doc._.account_mentions or []:
            for i in range(a.start, a.end):
                self.parties[i] = a
        self.claims: list[ClaimMention] = []
        self.text = doc.text  # Doc.text joins every token on each access
        self.starts = [t.idx for t in doc]
        self.cue_hashes = _cue_hashes(doc.vocab.strings)

    def token_at(self, char: int) -> int:
        """Return the index of the token that holds (or follows) character ``char``."""
        return max(bisect.bisect_right(self.starts, char) - 1, 0)

    def is_cue(self, token: Token) -> bool:
        return token.lemma in self.cue_hashes and token.pos_ in ("VERB", "AUX")

    def find(self) -> list[ClaimMention]:
        quoted: list[tuple[int, int]] = []
        previous: ClaimMention | None = None
        previous_end = -1
        for start, end in _quote_spans(self.text):
            claim = self._direct(start, end)
            if claim is None and previous is not None and start - previous_end < 80:
                claim = self._continued(previous, start, end)
            if claim is not None:
                self.claims.append(claim)
                previous, previous_end = claim, end
                quoted.append((start, end))
        for claim in self._transcript():
            if not _mostly_quoted(claim.start, claim.end, quoted):
                self.claims.append(claim)
        for token in self.doc:
            if not (token.lemma in self.cue_hashes or token.lower_ == "according"):
                continue
            claim = self._indirect(token, quoted)
            if claim is not None:
                self.claims.append(claim)
        self.claims.sort(key=lambda c: c.start)
        return self.claims

    # -- direct quotes -----------------------------------------------------

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
            return self._signed(start, end)
        content_start, content_end = _trim(self.text, start, end)
        claim = ClaimMention(
            content_start, content_end, self.text[content_start:content_end], cue.text, "direct"
        )
        self._attach_speaker(claim, cue)
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

    def _signed(self, start: int, end: int) -> ClaimMention | None:
        """Read a quote signed with a dash: "“...” ― Carlos Raúl, a voter"."""
        doc = self.doc
        index = self.token_at(end + 1)
        while index < len(doc) and (doc[index].is_space or doc[index].text in "”»\"'"):
            index += 1
        if index + 1 >= len(doc) or doc[index].text not in _DASHES:
            return None
        name = doc[index + 1]
        party = self.parties.get(name.i)
        if party is None and name.pos_ != "PROPN":
            return None
        content_start, content_end = _trim(self.text, start, end)
        claim = ClaimMention(
            content_start,
            content_end,
            self.text[content_start:content_end],
            doc[index].text,
            "direct",
            confidence=0.7,
        )
        if party is not None:
            self._set_party(claim, party)
        else:
            span = doc[name.i : name.i + 1]
            while span.end < len(doc) and doc[span.end].pos_ == "PROPN":
                span = doc[span.start : span.end + 1]
            claim.speaker_text = span.text
            claim.speaker_start, claim.speaker_end = span.start_char, span.end_char
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
            while first > 0 and doc[first - 1].pos_ == "PROPN" and token.i - first < 4:
                first -= 1
            line_start = (
                first == 0 or "\n" in doc[first - 1].text or "\n" in doc[first - 1].whitespace_
            )
            names = doc[first : token.i]
            if not line_start or not all(t.pos_ == "PROPN" or t.is_upper for t in names):
                continue
            rest_end = self.text.find("\n", token.idx)
            rest_end = len(self.text) if rest_end == -1 else rest_end
            content_start, content_end = _trim(self.text, token.idx + 1, rest_end)
            if content_end - content_start < 15 or self.text[content_start] in _OPEN_QUOTES:
                continue
            claim = ClaimMention(
                content_start,
                content_end,
                self.text[content_start:content_end],
                ":",
                "direct",
                confidence=0.7,
            )
            party = self.parties.get(first)
            if party is not None:
                self._set_party(claim, party)
            else:
                claim.speaker_text = names.text
                claim.speaker_start, claim.speaker_end = names.start_char, names.end_char
            found.append(claim)
        return found

    def _colon_speaker(self, inside: Span, end: int) -> ClaimMention | None:
        """Read "Madina Yerkin: Did you know ..." at the start of a quote."""
        doc = self.doc
        first = self.parties.get(inside.start)
        if first is None or first.end >= inside.end or doc[first.end].text != ":":
            return None
        content_start = doc[first.end].idx + 1
        content_start, content_end = _trim(self.text, content_start, min(inside.end_char, end))
        claim = ClaimMention(
            content_start,
            content_end,
            self.text[content_start:content_end],
            ":",
            "direct",
            confidence=0.8,
        )
        self._set_party(claim, first)
        return claim

    def _cue_after(self, end: int) -> Token | None:
        """Return the cue verb in the few tokens after a closing quote, if any."""
        doc = self.doc
        first = self.token_at(end)
        if doc[first].idx < end:
            first += 1
        for token in doc[first : first + 14]:
            if token.is_sent_start and token.i > first + 1:
                break
            if "\n" in token.text:
                break
            if self.is_cue(token):
                return token
        return None

    def _cue_before(self, start: int) -> Token | None:
        """Return the cue verb before an opening quote in the same sentence ("X wrote: ...")."""
        doc = self.doc
        index = self.token_at(start - 1)
        if index <= 0:
            return None
        last = doc[index] if doc[index].idx + len(doc[index]) <= start else doc[index - 1]
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
        # Short glue (", he said,"), or the previous quote's own attribution
        # clause ("... ," said Victor Cha, a Korea scholar at CSIS. "..."),
        # sits between the two parts of one statement.
        holds_cue = previous.speaker_start is not None and (
            previous.end <= previous.speaker_start < start
        )
        if len(between.split()) > 6 and not holds_cue:
            return None
        content_start, content_end = _trim(self.text, start, end)
        claim = ClaimMention(
            content_start, content_end, self.text[content_start:content_end], previous.cue, "direct"
        )
        claim.speaker_text = previous.speaker_text
        claim.speaker_start, claim.speaker_end = previous.speaker_start, previous.speaker_end
        claim.speaker = previous.speaker
        claim.told_to = list(previous.told_to)
        claim.confidence = max(previous.confidence - 0.1, 0.3)
        return claim

    # -- indirect speech ---------------------------------------------------

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
        complement = _complement(token)
        if complement is None and token.dep_ == "parataxis":
            return self._parenthetical(token, quoted)
        if complement is None:
            return None
        tokens = _strip_punct(_content_tokens(token, complement))
        while tokens and tokens[0].lower_ in ("that", "how"):
            tokens = _strip_punct(tokens[1:])
        return self._reported(token, tokens, quoted, confidence=0.75)

    def _reported(
        self, cue: Token, tokens: list[Token], quoted: list[tuple[int, int]], confidence: float
    ) -> ClaimMention | None:
        """Make an indirect claim of ``tokens`` reported by ``cue``, if it has a speaker."""
        if not tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if _mostly_quoted(start, end, quoted):
            return None
        claim = ClaimMention(start, end, self.text[start:end], cue.text, "indirect")
        self._attach_speaker(claim, cue)
        if claim.speaker is None and not _speaker_like(_subject(cue)):
            return None
        claim.confidence = confidence if claim.speaker else 0.5
        return claim

    def _parenthetical(self, cue: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        """Read "The latest test, North Korea said, was its biggest yet": the sentence
        around a parenthetical report is its content."""
        doc = self.doc
        head = cue.head
        first, last = cue.left_edge.i, cue.right_edge.i
        # The content may not include the cue and speaker: keep the longer side.
        before = _strip_punct(doc[head.left_edge.i : first])
        after = _strip_punct(doc[last + 1 : head.right_edge.i + 1])
        tokens = before if len(before) >= len(after) else after
        if len(tokens) < 3:
            return None
        return self._reported(cue, tokens, quoted, confidence=0.7)

    def _according_to(self, token: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        doc = self.doc
        to = doc[token.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        phrase_end = max(t.i for t in source.subtree) + 1
        sentence = token.sent
        # The content is the rest of the sentence, on the longer side of the phrase.
        before = _strip_punct(doc[sentence.start : token.i])
        after = _strip_punct(doc[phrase_end : sentence.end])
        tokens = before if len(before) >= len(after) else after
        if not tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if _mostly_quoted(start, end, quoted):
            return None
        claim = ClaimMention(
            start, end, self.text[start:end], "according to", "indirect", confidence=0.7
        )
        party = self._party_in(source)
        if party is not None:
            self._set_party(claim, party)
        else:
            span = doc[source.left_edge.i : source.right_edge.i + 1]
            claim.speaker_text = span.text
            claim.speaker_start, claim.speaker_end = span.start_char, span.end_char
        return claim

    # -- speakers ----------------------------------------------------------

    def _attach_speaker(self, claim: ClaimMention, cue: Token) -> None:
        subject = _subject(cue)
        if subject is None:
            # Inverted order: "..., wrote @samsonino."
            nxt = cue.i + 1
            if nxt < len(self.doc) and (nxt in self.parties or self.doc[nxt].pos_ in ("PROPN",)):
                subject = self.doc[nxt]
        if subject is None or subject.ent_type_ in ("HASHTAG", "URL", "EMAIL"):
            return
        party = self._party_in(subject)
        if party is not None:
            self._set_party(claim, party)
        else:
            span = self.doc[subject.left_edge.i : subject.right_edge.i + 1]
            if subject.lower_ in _PRONOUNS:
                span = self.doc[subject.i : subject.i + 1]
            claim.speaker_text = span.text
            claim.speaker_start, claim.speaker_end = span.start_char, span.end_char
            if subject.lower_ in _PRONOUNS:
                resolved = self._pronoun(subject)
                if resolved is not None:
                    claim.speaker = resolved
        for child in cue.children:
            if child.dep_ in ("dobj", "dative", "iobj") and child.i in self.parties:
                party = self.parties[child.i]
                if isinstance(party, Mention) and party.actor:
                    claim.told_to.append(party.actor)

    def _party_in(self, head: Token) -> Mention | AccountMention | None:
        """Return the actor or account a speaker phrase names, preferring an apposition."""
        for child in head.children:
            if child.dep_ == "appos" and child.i in self.parties:
                return self.parties[child.i]
        if head.i in self.parties:
            return self.parties[head.i]
        for token in head.subtree:
            if token.i in self.parties:
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


def set_speaker(claim: ClaimMention, party: Mention | AccountMention) -> None:
    """Make the actor or account ``party`` names the speaker of ``claim``, as written there."""
    claim.speaker_text = party.text
    claim.speaker_start, claim.speaker_end = party.start_char, party.end_char
    if isinstance(party, AccountMention):
        claim.speaker = ("Account", party.id)
    elif party.actor:
        claim.speaker = ("Actor", party.actor)


_CUE_HASHES: dict[int, frozenset[int]] = {}


def _cue_hashes(strings: StringStore) -> frozenset[int]:
    """Return the hashes of the cue lemmas in ``strings``, computed once per vocabulary."""
    key = id(strings)
    if key not in _CUE_HASHES:
        _CUE_HASHES[key] = frozenset(strings.add(lemma) for lemma in CUE_LEMMAS)
    return _CUE_HASHES[key]


def _subject(cue: Token) -> Token | None:
    """Return the speaker phrase's head: the subject, the passive agent, or the subject
    of the verb a participle or coordinated verb hangs from ("..., saying", "and added")."""
    for child in cue.children:
        if child.dep_ in _SPEAKER_DEPS and child.lower_ not in _EXPLETIVES:
            return child
    for child in cue.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if cue.dep_ in ("advcl", "conj", "xcomp") and cue.head is not cue:
        for child in cue.head.children:
            if child.dep_ in _SPEAKER_DEPS and child.lower_ not in _EXPLETIVES:
                return child
    return None


def _complement(cue: Token) -> Token | None:
    """Return the head of what a cue verb reports: a clause, an intention or an object."""
    children = list(cue.children)
    for child in children:
        if child.dep_ == "ccomp":
            return child
    for child in children:
        if (
            child.dep_ == "advcl"
            and child.i > cue.i
            and any(g.lower_ in ("how", "that") for g in child.children)
        ):
            return child
    lemma = cue.lemma_.lower()
    if lemma in INTENTION_LEMMAS:
        for child in children:
            if child.dep_ == "xcomp" and child.i > cue.i:
                return child
    if lemma in OBJECT_LEMMAS:
        for child in children:
            if child.dep_ == "dobj" and child.i > cue.i:
                return child
        for child in children:  # "called for X", "called on X to ..."
            if child.dep_ == "prep" and child.lower_ in ("for", "on") and child.i == cue.i + 1:
                return child
    return None


def _content_tokens(cue: Token, complement: Token) -> list[Token]:
    """Return the tokens of what ``cue`` reports, headed by ``complement``.

    An object ("called her vote a mistake", "criticized Clinton for her
    support") runs on through the cue's later complements; a clause stops
    before a trailing non-restrictive relative clause (", which ...").
    """
    if complement.dep_ in ("dobj", "prep", "xcomp"):
        heads = [
            c
            for c in cue.children
            if c.i >= complement.i
            and c.dep_ in ("dobj", "prep", "xcomp", "oprd", "ccomp", "dative")
        ]
        tokens = sorted((t for h in heads for t in h.subtree), key=lambda t: t.i)
    else:
        tokens = list(complement.subtree)
    last = tokens[-1].i if tokens else 0
    for t in tokens:
        comma = t.left_edge.i - 1
        if (
            t.dep_ == "relcl"
            and comma > 0
            and t.doc[comma].text == ","
            and (t.right_edge.i >= last - 1)
        ):
            return [u for u in tokens if u.i < comma]
    return tokens


def _strip_punct(span: Span | list[Token]) -> list[Token]:
    """Return ``span``'s tokens without spaces and without punctuation at either end
    (a closing quotation mark stays)."""
    tokens = [t for t in span if not t.is_space]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in '”»"':
        tokens = tokens[:-1]
    return tokens


def _speaker_like(subject: Token | None) -> bool:
    """Return whether an unresolved subject can be a speaker ("sources", "the union")."""
    if subject is None:
        return False
    return subject.pos_ in ("PROPN", "NOUN", "PRON") and subject.lower_ not in _EXPLETIVES


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of the text inside each pair of double quotes.

    A quote left open at the end of a paragraph closes there, as quotes that
    run over several paragraphs do in news style.

    Examples
    --------
    >>> _quote_spans('He said “yes” and “no”.')
    [(9, 12), (19, 21)]
    """
    spans = []
    i = 0
    while (found := _QUOTE_CHARS.search(text, i)) is not None:
        i = found.start()
        close = _OPEN_QUOTES.get(text[i])
        if close is None:
            i += 1
            continue
        j = text.find(close, i + 1)
        para = text.find("\n\n", i + 1)
        if j == -1 or (para != -1 and para < j and close != '"'):
            j = para if para != -1 else len(text)
            spans.append((i + 1, j))
            i = j
            continue
        spans.append((i + 1, j))
        i = j + 1
    return [(s, e) for s, e in spans if e - s > 1]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding spaces and trailing commas."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


def _mostly_quoted(start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in quoted)
    return inside > (end - start) / 2
