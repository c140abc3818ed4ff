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

__all__ = ["ClaimMention", "CUE_LEMMAS", "can_speak", "claim_attribution", "set_speaker"]

#: Verbs that report speech or writing, or a belief or stance ("believe", "fear");
#: with :data:`INTENTION_LEMMAS` and :data:`OBJECT_LEMMAS` they make :data:`CUE_LEMMAS`.
REPORTING_LEMMAS = frozenset(
    [
        "acknowledge",
        "add",
        "address",
        "admit",
        "affirm",
        "allege",
        "anticipate",
        "argue",
        "assert",
        "assume",
        "assure",
        "attest",
        "believe",
        "boast",
        "brag",
        "caution",
        "certify",
        "chant",
        "charge",
        "claim",
        "clarify",
        "comment",
        "complain",
        "concede",
        "conclude",
        "confess",
        "confirm",
        "consider",
        "contend",
        "continue",
        "counter",
        "cry",
        "declare",
        "deny",
        "detail",
        "determine",
        "discover",
        "document",
        "doubt",
        "elaborate",
        "emphasise",
        "emphasize",
        "estimate",
        "examine",
        "exclaim",
        "explain",
        "fear",
        "feel",
        "figure",
        "find",
        "forecast",
        "gather",
        "grumble",
        "guarantee",
        "hint",
        "holler",
        "imagine",
        "imply",
        "indicate",
        "inquire",
        "insinuate",
        "insist",
        "invoke",
        "joke",
        "judge",
        "know",
        "lament",
        "learn",
        "maintain",
        "mention",
        "murmur",
        "muse",
        "mutter",
        "note",
        "notice",
        "object",
        "observe",
        "perceive",
        "plead",
        "post",
        "preach",
        "predict",
        "proclaim",
        "protest",
        "publish",
        "put",
        "quip",
        "read",
        "reaffirm",
        "realize",
        "recall",
        "reckon",
        "recognize",
        "recount",
        "refer",
        "regard",
        "reiterate",
        "remark",
        "remember",
        "reply",
        "report",
        "respond",
        "retort",
        "retweet",
        "reveal",
        "rule",
        "say",
        "scream",
        "sense",
        "shout",
        "signal",
        "sing",
        "speculate",
        "state",
        "stress",
        "suggest",
        "suppose",
        "suspect",
        "swear",
        "talk",
        "tell",
        "testify",
        "thank",
        "think",
        "tweet",
        "understand",
        "warn",
        "weigh",
        "whisper",
        "wish",
        "wonder",
        "write",
        "yell",
    ]
)
#: Nouns that name a report, with the clause they report ("Trump's claim that ...").
NOMINAL_CUES = frozenset(
    [
        "claim",
        "assertion",
        "statement",
        "allegation",
        "argument",
        "promise",
        "pledge",
        "warning",
        "suggestion",
        "belief",
        "view",
        "insistence",
        "contention",
        "prediction",
        "accusation",
        "charge",
        "plan",
        "proposal",
        "vow",
        "threat",
        "demand",
        "denial",
        "admission",
        "announcement",
        "assurance",
        "fear",
        "hope",
        "call",
        "decision",
        "refusal",
        "intention",
        "goal",
        "comment",
        "concern",
        "doubt",
        "criticism",
        "complaint",
    ]
)
#: Nominal cues whose infinitive is what is attributed ("her plan to raise taxes").
INTENTION_NOUNS = frozenset(
    [
        "promise",
        "pledge",
        "plan",
        "proposal",
        "vow",
        "threat",
        "demand",
        "call",
        "decision",
        "refusal",
        "intention",
        "goal",
        "hope",
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
        "advise",
        "agree",
        "aim",
        "ask",
        "beg",
        "beseech",
        "command",
        "counsel",
        "decide",
        "decline",
        "demand",
        "direct",
        "encourage",
        "exhort",
        "expect",
        "hop",  # "hoping" and "hoped", as the tagger lemmatises them
        "hope",
        "implore",
        "instruct",
        "intend",
        "nag",
        "offer",
        "order",
        "plan",
        "pledge",
        "promise",
        "propose",
        "refuse",
        "seek",
        "tell",
        "threaten",
        "urge",
        "vote",
        "vow",
        "want",
    ]
)
#: Verbs whose direct object is what is attributed ("Clinton called for reforms").
OBJECT_LEMMAS = frozenset(
    [
        "accuse",
        "acknowledge",
        "admire",
        "advocate",
        "announce",
        "applaud",
        "appreciate",
        "assail",
        "attack",
        "bash",
        "belittle",
        "bemoan",
        "berate",
        "blame",
        "blast",
        "brand",
        "call",
        "cast",
        "castigate",
        "celebrate",
        "censure",
        "champion",
        "characterize",
        "chastise",
        "cheer",
        "chide",
        "cite",
        "claim",
        "commend",
        "compare",
        "compliment",
        "condemn",
        "confirm",
        "congratulate",
        "criticise",
        "criticize",
        "decry",
        "defend",
        "demand",
        "denigrate",
        "denounce",
        "deny",
        "depict",
        "deplore",
        "deride",
        "describe",
        "despise",
        "disclose",
        "discuss",
        "dislike",
        "dismiss",
        "disparage",
        "dispute",
        "dub",
        "echo",
        "embrace",
        "encourage",
        "endorse",
        "equate",
        "excoriate",
        "express",
        "fault",
        "favor",
        "favour",
        "frame",
        "hail",
        "hate",
        "highlight",
        "issue",
        "lambast",
        "laud",
        "liken",
        "love",
        "malign",
        "mention",
        "mock",
        "mourn",
        "note",
        "offer",
        "oppose",
        "outline",
        "paint",
        "point",
        "portray",
        "praise",
        "predict",
        "press",
        "promise",
        "promote",
        "propose",
        "question",
        "rail",
        "rebuke",
        "rebut",
        "recommend",
        "reference",
        "refute",
        "regret",
        "reiterate",
        "reject",
        "report",
        "reprimand",
        "request",
        "resent",
        "reveal",
        "ridicule",
        "scold",
        "see",
        "show",
        "slam",
        "smear",
        "speak",
        "support",
        "taunt",
        "tout",
        "urge",
        "view",
        "vilify",
        "want",
        "welcome",
        "worry",
    ]
)
#: Adjectives that state their subject's stance on what follows them ("afraid that
#: ...", "critical of ...", "determined to ...").
STANCE_ADJECTIVES = frozenset(
    [
        "adamant",
        "afraid",
        "angry",
        "anxious",
        "certain",
        "concerned",
        "confident",
        "convinced",
        "critical",
        "determined",
        "disappointed",
        "doubtful",
        "eager",
        "fearful",
        "furious",
        "hopeful",
        "insistent",
        "optimistic",
        "passionate",
        "pessimistic",
        "proud",
        "ready",
        "reluctant",
        "skeptical",
        "sure",
        "supportive",
        "unwilling",
        "upset",
        "willing",
        "worried",
    ]
)
#: Nouns that state their subject's stance on what follows "of" ("a critic of ...").
STANCE_NOUNS = frozenset(
    ["advocate", "champion", "critic", "defender", "fan", "opponent", "proponent", "supporter"]
)
_STANCE_PREPS = frozenset(["about", "of", "over", "with", "on"])
#: Lemmas of the verbs that attribute what follows them to their subject.
CUE_LEMMAS = REPORTING_LEMMAS | INTENTION_LEMMAS | OBJECT_LEMMAS
#: Prepositions that introduce what an object cue is about ("called for", "pointed to").
_OBJECT_PREPS = frozenset(["for", "on", "to", "about", "against", "of"])
_DASHES = {"―", "—", "–", "--"}
#: Cues whose subject "it" is a document or body rather than an expletive.
_DOCUMENT_CUES = frozenset(
    [
        "say",
        "write",
        "state",
        "note",
        "report",
        "argue",
        "claim",
        "show",
        "find",
        "suggest",
        "conclude",
        "warn",
        "add",
        "allege",
        "contend",
        "estimate",
    ]
)
_EXPLETIVES = {"it", "there", "this", "that", "what"}
#: Opening quotation marks and the mark that closes each; two apostrophes ('') are
#: the quotation marks of text typed without curly quotes (and of some archives).
_OPEN_QUOTES = {"“": "”", "«": "»", "„": "“", '"': '"', "''": "''", "”": "”"}
_QUOTE_CHARS = re.compile("''|[“”«»„\"]")
_SPEAKER_DEPS = ("nsubj", "nsubjpass")
#: Object cues that report only with "as": "critics see the bill as an opportunity".
_AS_CUES = frozenset(["see", "paint", "cast", "frame"])
#: Cues only in a construction: "see X as Y", "as Rosenthal put it".
_CONDITIONAL_CUES = _AS_CUES | frozenset(["put"])
#: Words that open the writer's own clause after a report ("..., although ...").
_ASIDE_OPENERS = frozenset(["although", "though", "whereas"])
#: Prepositions of time that end what an object cue reports ("blasted X [during ...]").
_TIME_PREPS = frozenset(["during", "after", "before", "amid", "following", "since", "ahead"])
#: Prepositions that introduce what a reporting verb is about ("commented on X").
_TOPIC_PREPS = frozenset(["about", "on", "of"])
#: Cues whose preposition is part of what they report ("responded [with attacks]").
_RESPONSE_CUES = frozenset(["respond", "reply"])
#: Verbs that make a report of a noun: "raising questions about", "made comments on".
_LIGHT_VERBS = frozenset(["raise", "make", "express", "voice", "issue", "offer", "level"])
#: Reporting verbs that take an infinitive as aspect, not as what is reported
#: ("continued to plot", "learned to live").
_ASPECT_CUES = frozenset(["continue", "learn", "begin", "start"])
#: Object cues that report only through a preposition: "spoke about X", never
#: "spoke [five minutes]" or "speaking [the delegation]".
_PREPOSITIONAL_CUES = frozenset(["speak", "talk"])
#: Double quotation marks, which open and close quotations (single ones are also
#: apostrophes).
_DOUBLE_MARKS = frozenset(['"', "“", "”", "''", "«", "»", "„"])
_OPENING_MARKS = re.compile("[\"'“”‘’«]+$")
_DOUBLE_QUOTE = re.compile("|".join(re.escape(m) for m in sorted(_DOUBLE_MARKS)))
_QUOTE_CLOSE = re.compile("[.,!?]?(?:[\"”]|'')")
#: Quantifiers that head a speaker phrase ("many of them", "some say").
_QUANTIFIERS = frozenset(["many", "some", "most", "others", "few", "several", "both", "all", "one"])
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
        self.nominal_hashes = _cue_hashes(doc.vocab.strings, NOMINAL_CUES)

    def token_at(self, char: int) -> int:
        """Return the index of the token that holds (or follows) character ``char``."""
        return max(bisect.bisect_right(self.starts, char) - 1, 0)

    def is_cue(self, token: Token) -> bool:
        if token.lemma not in self.cue_hashes:
            return False
        if token.lemma_ in _CONDITIONAL_CUES:
            return _is_cue_verb(token)
        # "Trump claims that ...": the tagger took the verb for a plural noun,
        # the parser did not
        return token.pos_ in ("VERB", "AUX") or (
            token.tag_ == "NNS" and any(c.dep_ == "nsubj" for c in token.children)
        )

    def find(self) -> list[ClaimMention]:
        quoted: list[tuple[int, int]] = []
        previous: ClaimMention | None = None
        previous_end = -1
        unclaimed: list[tuple[int, int]] = []
        quotes = _quote_spans(self.text)
        for start, end in quotes:
            if self._ends_a_report(start):
                continue  # a quoted phrase inside reported speech: the clause is the claim
            claim = self._direct(start, end)
            if claim is None and previous is not None and start - previous_end < 240:
                claim = self._continued(previous, start, end)
            if claim is not None:
                self.claims.append(claim)
                previous, previous_end = claim, end
                quoted.append((start, end))
            else:
                unclaimed.append((start, end))
        for claim in self._transcript():
            if not _mostly_quoted(claim.start, claim.end, quoted):
                self.claims.append(claim)
        for token in self.doc:
            if (
                token.lemma in self.nominal_hashes
                and token.pos_ == "NOUN"
                and not self.is_cue(token)
            ):
                claim = self._nominal(token, quoted)
                if claim is not None:
                    self.claims.append(claim)
                continue
            if (token.lower_ in STANCE_ADJECTIVES and token.pos_ == "ADJ") or (
                token.lemma_ in STANCE_NOUNS and token.pos_ == "NOUN" and token.dep_ == "attr"
            ):
                claim = self._stance(token, quoted)
                if claim is not None:
                    self.claims.append(claim)
                continue
            if not (token.lemma in self.cue_hashes or token.lower_ == "according"):
                continue
            claim = self._indirect(token, quoted) or self._block(token, quoted)
            if claim is not None:
                self.claims.append(claim)
        self._continue_reports(unclaimed)
        self.claims.sort(key=lambda c: c.start)
        return [
            c
            for c in _outermost(self.claims)
            # "I think ..." inside a quotation is the quoted speaker's words
            if c.kind == "direct" or not _quoted_speaker(c, quotes)
        ]

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

    def _ends_a_report(self, start: int) -> bool:
        """Return whether a quote opens inside the clause a cue reports ("Husted said
        the court's decision "will effectively force us to ...""): a mixed quote,
        whose claim is the whole clause."""
        before = _OPENING_MARKS.sub("", self.text[:start]).rstrip()
        if before[-1:] in (",", ":"):
            # "Lynch said she recalled thinking, "...": the quote's own cue is
            # itself inside a report, whose claim the quote is part of
            before = before[:-1].rstrip()
            if not self.is_cue(self.doc[self.token_at(len(before) - 1)]):
                return False
        if not before[-1:].isalnum():
            return False
        word = self.doc[self.token_at(len(before) - 1)]
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
        dash = next((d for d in _DASHES if self.text.startswith(d, pos)), None)
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
        content_start, content_end = _trim(self.text, start, end)
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
            while first > 0 and _name_like(doc[first - 1]) and token.i - first < 4:
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
            if not line_start or not all(_name_like(t) for t in names):
                continue
            if any(t.lower_ in _EDITORIAL_LABELS for t in names):
                continue  # "Correction: ...", "The Latest: ..."
            if any(t.pos_ in ("VERB", "AUX", "DET", "ADP") for t in names):
                continue  # a section heading, "The Gap Goes On: ..."
            rest_end = self.text.find("\n", token.idx)
            rest_end = len(self.text) if rest_end == -1 else rest_end
            claim = self._colon_claim(token.idx + 1, rest_end, confidence=0.7)
            if claim.end - claim.start < 15:
                continue
            if self.text[claim.start] in _OPEN_QUOTES and not headline:
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
        start, end = _trim(self.text, start, end)
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
        while start < inside.end and (doc[start].is_space or doc[start].text in _OPEN_QUOTES):
            start += 1
        colon = start
        while colon < min(inside.end, start + 3) and _name_like(doc[colon]):
            colon += 1
        if colon == start or colon >= inside.end - 1 or doc[colon].text != ":":
            return None
        if any(t.lower_ in _EDITORIAL_LABELS for t in doc[start:colon]):
            return None
        claim = self._colon_claim(doc[colon].idx + 1, min(inside.end_char, end), 0.7)
        self._set_written(claim, doc[start:colon])
        return claim

    def _cue_after(self, end: int) -> Token | None:
        """Return the cue verb in the few tokens after a closing quote, if any."""
        doc = self.doc
        first = self.token_at(end)
        if doc[first].idx < end:
            first += 1
        for token in doc[first : first + 24]:
            if token.is_sent_start and token.i > first + 1:
                break
            if token.is_sent_start and token.i > first and token.is_title and token.pos_ != "PROPN":
                break  # '"... just kidding." To which she said, "..."': a new sentence
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
                        "advmod",
                        "npadvmod",
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
            return None  # the quote closed before its paragraph ended: a new voice
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
        start, end = _trim(self.text, start, len(self.text) if end < 0 else end)
        if end - start < 2 or _mostly_quoted(start, end, quoted):
            return None
        claim = ClaimMention(start, end, self.text[start:end], cue.text, "indirect")
        self._attach_speaker(claim, cue)
        if claim.speaker is None and not _speaker_like(_subject(cue)):
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
        if token.lemma_ == "put":
            return self._as_put(token, quoted)
        # Only a verb of saying sits between commas inside its content ("X, he
        # said, Y"); "..., Trump spoke, ..." is not a report of the sentence.
        speech = token.lemma_ in REPORTING_LEMMAS
        parts = self._mid_sentence(token, quoted) if speech else []
        if parts:
            self.claims.extend(parts[1:])
            return parts[0]
        complement = _complement(token)
        if complement is None and token.dep_ == "parataxis" and speech:
            return self._parenthetical(token, quoted)
        if complement is None:
            return None
        tokens = _strip_punct(_content_tokens(token, complement))
        if tokens and tokens[0].i < token.i < tokens[-1].i:
            # "donations, which he said were accompanied by ...": the relative
            # pronoun heads the clause, but the content is what follows the cue
            tokens = _strip_punct([t for t in tokens if t.i > token.i])
        while tokens and tokens[0].lower_ in ("that", "how") and tokens[0].dep_ != "det":
            tokens = _strip_punct(tokens[1:])
        if (
            complement.dep_ == "prep"
            and tokens
            and tokens[0].i == complement.i
            and token.lemma_ not in _RESPONSE_CUES
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
        if _mostly_quoted(start, end, quoted):
            return None
        closing = _QUOTE_CLOSE.match(self.text, end)
        if closing and len(_DOUBLE_QUOTE.findall(self.text, start, end)) % 2:
            end = closing.end()  # 'the decision "will force us ...."': close the mixed quote
        claim = ClaimMention(start, end, self.text[start:end], cue.text, "indirect")
        self._attach_speaker(claim, cue)
        if claim.speaker is None and not _speaker_like(_subject(cue)):
            return None
        claim.confidence = confidence if claim.speaker else 0.5
        return claim

    def _nominal(self, cue: Token, quoted: list[tuple[int, int]]) -> ClaimMention | None:
        """Read a report named by a noun: "Trump's claim that there have been thousands
        of shootings", "her promise to raise taxes", "North Korea's claims about the
        test", "Trump is raising questions about his microphone"."""
        speaker = next((c for c in cue.children if c.dep_ == "poss"), None)
        if speaker is None and cue.dep_ == "dobj" and cue.head.lemma_ in _LIGHT_VERBS:
            speaker = next((c for c in cue.head.children if c.dep_ == "nsubj"), None)
        if speaker is None or speaker.lower_ in _EXPLETIVES:
            return None
        for child in cue.children:
            if child.i < cue.i:
                continue
            tokens: list[Token] = []
            if child.dep_ in ("acl", "ccomp", "relcl"):
                marks = [g.lower_ for g in child.children if g.dep_ in ("mark", "aux")]
                if "that" in marks or ("to" in marks and cue.lemma_ in INTENTION_NOUNS):
                    tokens = _strip_punct(list(child.subtree))
            elif (
                child.dep_ == "prep" and child.lower_ in ("about", "over") and child.i == cue.i + 1
            ):
                tokens = _strip_punct(list(child.subtree)[1:])
            tokens = _without_that(tokens)
            if not tokens:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            if _mostly_quoted(start, end, quoted):
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
        after = _strip_punct(cue.doc[end + 1 : sentence.end])
        if end + 1 < len(cue.doc) and cue.doc[end + 1].text in (".", "!", "?"):
            after = []  # '"...," as a memo put it.': the aside closes its sentence
        before = _strip_punct(cue.doc[sentence.start : cue.left_edge.i])
        marks = [i for i, t in enumerate(before) if t.text in _DOUBLE_MARKS]
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
            elif child.dep_ == "prep" and child.lower_ in _STANCE_PREPS:
                tokens = list(child.subtree)[1:]
            if tokens:
                break
        tokens = _without_that(_strip_punct(tokens))
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
        if cue.lemma_ in OBJECT_LEMMAS - REPORTING_LEMMAS and any(
            c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in cue.children
        ):
            return []  # "..., Trump attacked Clinton for her support, ...": not an aside
        before = _strip_punct(doc[sentence.start : first - 1])
        after = _strip_punct(_until_aside(doc[last + 2 : sentence.end]))
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
            if _mostly_quoted(start, end, quoted):
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
        before = _strip_punct(doc[head.left_edge.i : first])
        after = _strip_punct(doc[last + 1 : head.right_edge.i + 1])
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
            self._set_written(claim, span)
        return claim

    # -- speakers ----------------------------------------------------------

    def _attach_speaker(self, claim: ClaimMention, cue: Token) -> None:
        subject = _subject(cue)
        if subject is not None and claim.start <= subject.idx < claim.end:
            subject = None  # a parse that made the quote its own speaker
        if subject is None and cue.i > 0 and self.doc[cue.i - 1].is_punct:
            # Inverted order: "..., wrote @samsonino."
            nxt = cue.i + 1
            if nxt < len(self.doc) and (nxt in self.parties or self.doc[nxt].pos_ in ("PROPN",)):
                subject = self.doc[nxt]
        if subject is None:
            # A parse that lost the subject ("In an interview with the Post Trump
            # said that ..."): the name right before the cue speaks.
            prev = cue.i - 1
            while prev >= 0 and self.doc[prev].pos_ in ("ADV", "AUX", "PART"):
                prev -= 1
            if prev >= 0 and (prev in self.parties or self.doc[prev].pos_ == "PROPN"):
                subject = self.doc[prev]
        if subject is None or subject.ent_type_ in ("HASHTAG", "URL", "EMAIL"):
            return
        party = self._party_in(subject)
        if party is not None:
            self._set_party(claim, party)
        else:
            span = self.doc[subject.left_edge.i : subject.right_edge.i + 1]
            if subject.lower_ in _PRONOUNS:
                span = self.doc[subject.i : subject.i + 1]
            self._set_written(claim, span)
        for child in cue.children:
            if child.dep_ in ("dobj", "dative", "iobj") and child.i in self.parties:
                party = self.parties[child.i]
                if isinstance(party, Mention) and party.actor:
                    claim.told_to.append(party.actor)

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
        for token in head.subtree:
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
        words = [t for t in span if t.is_alpha or t.like_num or t.lower_ in _PRONOUNS]
        if not words or all(t.pos_ == "PART" for t in words):
            return  # markup or a clitic ("'s") the parser took for a subject
        span = span.doc[words[0].i : span.end]
        claim.speaker_text = span.text
        claim.speaker_start, claim.speaker_end = span.start_char, span.end_char
        if len(span) == 1 and span[0].lower_ in _PRONOUNS | {"his"}:
            claim.speaker = self._pronoun(span[0])


def set_speaker(claim: ClaimMention, party: Mention | AccountMention) -> None:
    """Make the actor or account ``party`` names the speaker of ``claim``, as written there.

    A place is kept as the speaker written, never as the actor who said it.
    """
    claim.speaker_text = party.text
    claim.speaker_start, claim.speaker_end = party.start_char, party.end_char
    if isinstance(party, AccountMention):
        claim.speaker = ("Account", party.id)
    elif party.actor and can_speak(party):
        claim.speaker = ("Actor", party.actor)


def can_speak(party: Mention | AccountMention) -> bool:
    """Return whether ``party`` may be the speaker of a claim: any account or actor but a place.

    "Officials in Marograd declined to comment" is not a claim by Marograd
    (issue 19.8): places never speak, the people and bodies in them do.
    """
    return isinstance(party, AccountMention) or party.kind != "place"


_CUE_HASHES: dict[tuple[int, int], frozenset[int]] = {}


def _cue_hashes(strings: StringStore, lemmas: frozenset[str] | None = None) -> frozenset[int]:
    """Return the hashes of cue lemmas (the verbs by default) in ``strings``, computed
    once per vocabulary and word list."""
    lemmas = CUE_LEMMAS if lemmas is None else lemmas
    key = (id(strings), id(lemmas))
    if key not in _CUE_HASHES:
        _CUE_HASHES[key] = frozenset(strings.add(lemma) for lemma in lemmas)
    return _CUE_HASHES[key]


def _quoted_speaker(claim: ClaimMention, quotes: list[tuple[int, int]]) -> bool:
    """Return whether ``claim``'s speaker is written inside a quotation."""
    at = claim.speaker_start
    return at is not None and any(start <= at < end for start, end in quotes)


def _outermost(claims: list[ClaimMention]) -> list[ClaimMention]:
    """Drop claims reported inside another claim ("Smith said [the union expected
    production to improve]"): the graph records who said what, and the inner
    speaker did not say it here; the reporter did."""

    def inside(c: ClaimMention, o: ClaimMention) -> bool:
        return (
            c.speaker_start is not None
            and c.speaker_end is not None
            and o.start <= c.speaker_start
            and c.speaker_end <= o.end
        )

    return [c for c in claims if not any(inside(c, o) and not inside(o, c) for o in claims)]


def _subject(cue: Token) -> Token | None:
    """Return the speaker phrase's head: the subject, the passive agent, or the subject
    of the verb a participle or coordinated verb hangs from ("..., saying", "and added")."""
    for child in cue.children:
        if child.dep_ == "agent":  # "... was first reported by The Washington Post"
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    subjects = [
        c
        for c in cue.children
        if c.dep_ in _SPEAKER_DEPS
        and c.lower_ not in _EXPLETIVES
        and not (c.i + 1 < len(c.doc) and c.doc[c.i + 1].text == ":")
    ]
    if subjects:  # "The Latest: Trump urges ...": the subject nearest the cue, not a label
        before = [c for c in subjects if c.i < cue.i]
        return before[-1] if before else subjects[0]
    for child in cue.children:
        if child.dep_ == "nsubj" and child.lower_ == "it" and _document_speaks(cue):
            return child  # "It says the campaign violated ...": a document speaks
    # "..., saying", "and added", "wants to tell", "pitched himself by telling":
    # the subject of the verb the cue hangs from, up through a preposition.
    head = cue
    if cue.dep_ == "pcomp" and cue.head.dep_ == "prep":
        head = cue.head
    if head.dep_ in ("advcl", "conj", "xcomp", "prep") and head.head.i != head.i:
        head = head.head
        if cue.tag_ == "VBG" and cue.dep_ == "advcl":
            # "Clinton told the audience that she believes ..., saying that ...":
            # a participle after a reported clause is the reporter's.
            while head.dep_ == "ccomp" and head.head.lemma_ in CUE_LEMMAS:
                head = head.head
        for child in head.children:
            if child.dep_ in _SPEAKER_DEPS and child.lower_ not in _EXPLETIVES:
                return child
    return None


def _document_speaks(cue: Token) -> bool:
    """Return whether the subject "it" of ``cue`` is a document or a body, not an
    expletive: "It says the campaign violated ...", "It also mentions policies ..."."""
    if cue.lemma_ in OBJECT_LEMMAS:
        return True
    return cue.lemma_ in _DOCUMENT_CUES and any(c.dep_ == "ccomp" for c in cue.children)


def _complement(cue: Token) -> Token | None:
    """Return the head of what a cue verb reports: a clause, an intention or an object."""
    children = list(cue.children)
    if any(child.dep_ == "agent" for child in children):
        # A passive cue reports its subject: "[Clinton] was endorsed by dozens of papers".
        return next((child for child in children if child.dep_ == "nsubjpass"), None)
    clauses = [child for child in children if child.dep_ == "ccomp"]
    if clauses:  # "fireworks on Friday: Republicans said they're convinced ...": the later one
        return next((child for child in clauses if child.i > cue.i), clauses[0])
    for child in children:
        if child.dep_ != "advcl" or child.i < cue.i:
            continue
        if any(g.lower_ in ("how", "that") for g in child.children):
            return child
        if (
            cue.lemma_ in REPORTING_LEMMAS
            and _has_subject(child)
            and not any(g.dep_ == "mark" for g in child.children)
            and any(g.dep_ == "aux" and g.tag_ == "MD" for g in child.children)
        ):
            return child  # "said after the convention he would not accept ...": a misparse
    if cue.lemma_ in CUE_LEMMAS:
        # "told a meeting of leaders that few people understood ...": a "that"
        # clause the parser hung on the addressee as a relative clause.
        for child in children:
            if child.dep_ not in ("dobj", "dative") or child.i < cue.i:
                continue
            for t in child.subtree:
                if t.dep_ in ("relcl", "acl") and any(
                    g.dep_ == "mark" and g.lower_ == "that" and g.i < t.i for g in t.children
                ):
                    return t
    lemma = cue.lemma_.lower()
    if lemma in _RESPONSE_CUES:  # "responded with attacks on Machado", "to requests for comment"
        for child in children:
            if child.dep_ == "prep" and child.i > cue.i and child.lower_ in ("to", "with", "by"):
                return child
            if child.i > cue.i and child.dep_ not in ("advmod", "npadvmod"):
                break
    passive = any(child.dep_ in ("nsubjpass", "auxpass") for child in children)
    if (
        lemma in INTENTION_LEMMAS or lemma in REPORTING_LEMMAS - _ASPECT_CUES
    ) and not passive:  # "the accord is expected to ...": no one's
        for child in children:
            if child.dep_ == "xcomp" and child.i > cue.i:
                # "urged supporters to monitor polling places": the object and its infinitive
                controlled = [c for c in children if c.dep_ == "dobj" and cue.i < c.i < child.i]
                return controlled[0] if controlled else child
    if lemma in OBJECT_LEMMAS:
        for child in children:
            if child.dep_ == "dobj" and child.i > cue.i and lemma not in _PREPOSITIONAL_CUES:
                return child
        for child in children:  # "called for X", "called on X to ..."
            if child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS and child.i == cue.i + 1:
                if lemma in _PREPOSITIONAL_CUES and child.lower_ in ("to", "for", "with"):
                    break  # "spoke to students": an addressee
                return child
    elif lemma in REPORTING_LEMMAS:
        for child in children:  # "talked about X", "commented on X", "warned of X"
            if child.dep_ == "prep" and child.lower_ in _TOPIC_PREPS and child.i == cue.i + 1:
                return child
    return None


def _content_tokens(cue: Token, complement: Token) -> list[Token]:
    """Return the tokens of what ``cue`` reports, headed by ``complement``.

    An object ("called her vote a mistake", "criticized Clinton for her
    support", "blasted Clinton as a disgrace") runs on through the cue's later
    complements but not its adjuncts of time and place ("... in July"); a
    clause stops before a second report coordinated with the cue ("said X and
    suggested Y"). Both stop before a trailing non-restrictive relative clause
    (", which ...") when it is an aside of the writer's or a report of its own.
    """
    is_object = complement.dep_ in ("dobj", "prep", "xcomp", "nsubjpass")
    if complement.dep_ in ("dobj", "prep", "xcomp"):
        heads = [
            c
            for c in cue.children
            if c.i >= complement.i
            and (
                c.dep_ in ("dobj", "xcomp", "oprd", "ccomp", "dative")
                or (c.dep_ == "prep" and (c.i == complement.i or c.lower_ in _ARGUMENT_PREPS))
            )
        ]
        if complement.dep_ == "xcomp":  # "wants to triple X, grow Y and create Z"
            heads += [
                c
                for c in cue.children
                if c.dep_ == "conj"
                and c.i > complement.i
                and c.tag_ == "VB"
                and not _has_subject(c)
            ]
        tokens = sorted((t for h in heads for t in h.subtree), key=lambda t: t.i)
    else:
        tokens = list(complement.subtree)
        if complement.dep_ == "advcl":  # "said [after the convention] he would ...": the cue's
            tokens = [t for t in tokens if not _leading_adjunct(complement, t)]
        if cue.i < complement.i:
            tokens += _run_on(cue, complement)
            tokens += _past_a_quote(cue, complement, max(t.i for t in tokens))
        for conj in complement.children:
            if (
                conj.dep_ == "conj"
                and conj.lemma_ in CUE_LEMMAS
                and conj.pos_ == "VERB"
                and _second_report(cue, conj)
            ):
                cc = [
                    c.i
                    for c in complement.children
                    if complement.i < c.i < conj.i and c.dep_ == "cc"
                ]
                cut = min([conj.left_edge.i, *cc])
                tokens = [t for t in tokens if t.i < cut]
                break
    if is_object:  # "called X 'outrageous' and called for Y": a second report
        second = next(
            (t for t in tokens if t.dep_ == "conj" and _is_cue_verb(t) and _second_report(cue, t)),
            None,
        )
        if second is not None:
            cut = second.left_edge.i
            if cut > 0 and cue.doc[cut - 1].dep_ == "cc":
                cut -= 1
            tokens = _strip_punct([t for t in tokens if t.i < cut])
    semicolon = next(
        (i for i, t in enumerate(tokens) if t.text == ";" and not _in_quotes(tokens[:i])), None
    )
    if semicolon:  # "... was not intentional; they only learned ...": the writer's
        tokens = tokens[:semicolon]
    aside = next(
        (
            i
            for i, t in enumerate(tokens[:-1])
            if t.text == ","
            and tokens[i + 1].lower_ in _ASIDE_OPENERS
            and not _in_quotes(tokens[:i])
        ),
        None,
    )
    if aside:  # "claimed X was smart, although he again refused to ...": the writer's
        tokens = tokens[:aside]
    if complement.dep_ in ("dobj", "prep"):
        dashes = [i for i, t in enumerate(tokens) if t.text in _DASHES]
        end = next(
            (
                i
                for i, t in enumerate(tokens)
                if i > 1
                and ((_is_time_adjunct(t) and _clause_of(t).i == cue.i) or dashes == [i])
                and not _in_quotes(tokens[:i])
            ),
            None,
        )
        if end is not None:  # "... as a fraud [during the debate]", "... [- a charge that ...]"
            tokens = tokens[:end]
    last = tokens[-1].i if tokens else 0
    inside = {t.i for t in tokens}
    for t in tokens:
        comma = t.left_edge.i - 1
        if comma <= 0 or t.doc[comma].text != "," or comma not in inside:
            continue
        if _in_quotes([u for u in tokens if u.i < comma]):
            continue  # inside a quotation the speaker's words run on
        at_end = t.right_edge.i >= last - 1
        reports = any(_is_cue_verb(u) for u in t.subtree)
        if (
            (t.dep_ == "relcl" and (reports or (at_end and is_object)))
            # a trailing apposition (", the existing military alliance that ...") or
            # participle (", citing the strategic importance of ...") is the writer's
            or (t.dep_ == "appos" and at_end and t.head.i in inside)
            or (t.dep_ == "advcl" and at_end and t.tag_ == "VBG" and t.i == comma + 1)
        ):
            return [u for u in tokens if u.i < comma]
    return tokens


def _is_cue_verb(token: Token) -> bool:
    if token.lemma_ in _AS_CUES:
        return any(c.dep_ == "prep" and c.lower_ == "as" for c in token.children)
    if token.lemma_ == "put":  # "as Rosenthal put it, ..."
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)
    return token.lemma_ in CUE_LEMMAS and token.pos_ == "VERB"


def _past_a_quote(cue: Token, complement: Token, end: int) -> list[Token]:
    """Return the rest of the sentence after a reported clause that a quotation cut
    short ("she recalled thinking, 'This is what ...'", "she has the quality for
    the job: 'Steadiness ...'"), unless the rest holds a report of its own."""
    doc = cue.doc
    if cue.lemma_ not in REPORTING_LEMMAS or complement.dep_ != "ccomp":
        return []
    if cue.dep_ in ("pcomp", "advcl"):
        return []  # "After saying ..., she was ...": the sentence goes on elsewhere
    first = complement.left_edge.i
    if doc[first].is_quote or doc[max(first - 1, 0)].is_quote:
        return []  # a quotation of its own, closed where it ends
    rest = doc[end + 1 : cue.sent.end]
    if not (doc[end].is_quote or any(t.is_quote for t in rest[:3])):
        return []
    inside = _in_quotes(list(doc[cue.sent.start : end + 1]))
    for t in rest:
        if not inside and _is_cue_verb(t):
            return []  # a report of its own follows
        inside ^= t.text in _DOUBLE_MARKS
    return list(rest)


def _run_on(cue: Token, complement: Token) -> list[Token]:
    """Return the rest of a reported clause the parser hung on the cue instead.

    After a closing quotation mark or a comma the parser often attaches what
    follows to the cue ("Lynch said there remains a 'significant difference,'
    when it comes to ..."; "said witnesses saw a gun and that one was found
    nearby"): a later clause of the cue is still part of what it reports,
    unless it holds a report of its own ("..., adding that ...").
    """
    doc = cue.doc
    opens_quoted = doc[complement.left_edge.i].is_quote or (
        complement.left_edge.i > 0 and doc[complement.left_edge.i - 1].is_quote
    )
    tokens: list[Token] = []
    for child in cue.children:
        if child.i <= complement.i or child.dep_ not in ("conj", "advcl", "ccomp"):
            continue
        if any(_is_cue_verb(u) for u in child.subtree):
            break
        own_subject = _has_subject(child)
        marked = any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children)
        if child.dep_ == "conj":
            # "and that ...": a second content; "and refused to ...": a second
            # predicate of the content's subject, in its tense rather than the
            # cue's ("Police say he posed a threat and refused ..."). A clause
            # with a subject of its own (", but polls are not ...") is the writer's.
            if not (marked or (not own_subject and _tense(child) != _tense(cue))):
                break
        elif child.dep_ == "advcl" and (opens_quoted or not doc[child.left_edge.i - 1].is_quote):
            break  # an adjunct clause is the content's only after a quote broke the parse
        tokens += child.subtree
    return tokens


def _second_report(cue: Token, verb: Token) -> bool:
    """Return whether a cue verb coordinated with a content clause is a report of its
    own: one with its own speaker ("... and how experts say ...") or one sharing the
    cue's speaker and tense ("tweeted that ... and encouraged Americans to ...").
    "... and that one was found nearby" and "... and refused to drop the gun"
    go on with the content."""
    if any(child.dep_ == "mark" and child.lower_ == "that" for child in verb.children):
        return False
    if any(child.dep_ == "nsubj" for child in verb.children):
        return True
    return not _has_subject(verb) and _tense(verb) == _tense(cue)


def _leading_adjunct(clause: Token, token: Token) -> bool:
    """Return whether ``token`` is in a prepositional phrase ahead of ``clause``'s subject."""
    subjects = [c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(
        c.dep_ == "prep" and subjects and c.right_edge.i < min(subjects) and token in c.subtree
        for c in clause.children
    )


def _until_aside(span: Span) -> Span:
    """Return ``span`` up to a comma and a clause of the writer's ("..., although it
    may take days to ...", "..., but ...")."""
    for t in span[1:-1]:
        if t.text == "," and t.nbor().lower_ in _ASIDE_OPENERS:
            return span.doc[span.start : t.i]
    return span


def _is_time_adjunct(token: Token) -> bool:
    """Return whether ``token`` opens an adjunct of time ("during the debate", "Wednesday")."""
    if token.dep_ == "prep":
        return token.lower_ in _TIME_PREPS
    return token.dep_ == "npadvmod" and token.ent_type_ in ("DATE", "TIME")


def _clause_of(token: Token) -> Token:
    """Return the verb of the clause ``token`` belongs to."""
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _in_quotes(before: list[Token]) -> bool:
    """Return whether a quotation opened among ``before`` is still open after them."""
    return sum(t.text in _DOUBLE_MARKS for t in before) % 2 == 1


def _has_subject(verb: Token) -> bool:
    return any(child.dep_ in ("nsubj", "nsubjpass", "expl") for child in verb.children)


def _tense(verb: Token) -> str:
    """Return a verb's form, with the tagger's frequent VBD/VBN confusion folded."""
    return {"VBN": "VBD", "VBP": "VBZ"}.get(verb.tag_, verb.tag_)


#: Parts of speech of the words of a speaker phrase between commas ("..., Chief
#: Justice Roberts said, ...").
_SPEAKER_POS = frozenset(["PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM", "PART", "ADV"])
#: Dependents of a cue that stay with it between the commas ("said on Friday").
_ADJUNCT_DEPS = ("prep", "npadvmod", "advmod", "agent", "dative", "dobj")
#: Prepositions that carry an argument of an object cue ("compared X to Y",
#: "blasted X as Y", "criticized X for Y"), unlike adjuncts ("in July").
_ARGUMENT_PREPS = frozenset(["as", "to", "for", "of", "with", "about", "against", "on", "over"])


def _without_that(tokens: list[Token]) -> list[Token]:
    """Return ``tokens`` without the complementiser "that" they open with."""
    while tokens and tokens[0].lower_ == "that" and tokens[0].dep_ == "mark":
        tokens = _strip_punct(tokens[1:])
    return tokens


def _strip_punct(span: Span | list[Token]) -> list[Token]:
    """Return ``span``'s tokens without spaces and without punctuation at either end
    (a closing quotation mark stays)."""
    tokens = [t for t in span if not t.is_space]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in ("”", "»", '"', "''"):
        tokens = tokens[:-1]
    return tokens


#: Labels that open a line like a speaker's name but introduce no speech.
_EDITORIAL_LABELS = frozenset(
    [
        "correction",
        "clarification",
        "update",
        "updated",
        "note",
        "editor",
        "photo",
        "source",
        "sources",
        "related",
        "read",
        "watch",
        "video",
        "image",
        "credit",
        "disclosure",
        "tags",
        "share",
        "follow",
        "see",
        "also",
        "latest",
        "breaking",
        "exclusive",
        "opinion",
        "analysis",
        "live",
        "q",
        "a",
        "http",
        "https",
        "www",
    ]
)


def _name_like(token: Token) -> bool:
    """Return whether ``token`` can be part of a speaker's name before a colon."""
    return token.pos_ == "PROPN" or token.is_upper or (token.is_title and token.is_alpha)


def _speaker_like(subject: Token | None) -> bool:
    """Return whether an unresolved subject can be a speaker ("sources", "the union")."""
    if subject is None:
        return False
    if subject.lower_ == "it":
        return _document_speaks(subject.head)
    if subject.lower_ in _QUANTIFIERS:  # "Many of his supporters believe ..."
        return True
    return subject.pos_ in ("PROPN", "NOUN", "PRON") and subject.lower_ not in _EXPLETIVES


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of the text inside each pair of double quotes.

    A quote left open at the end of a paragraph closes there, as quotes that
    run over several paragraphs do in news style. Straight marks (``"`` and
    ``''``) and ``”`` open or close by where they stand: after a space and
    before a word they open, otherwise they close.

    Examples
    --------
    >>> _quote_spans('He said “yes” and “no”.')
    [(9, 12), (19, 21)]
    >>> _quote_spans("He said ''yes.''")
    [(10, 14)]
    >>> _quote_spans('"One."\\n\\n"Two," she said.')
    [(1, 5), (9, 13)]
    """
    spans = []
    opened: re.Match[str] | None = None
    for mark in _QUOTE_CHARS.finditer(text):
        if opened is not None:
            para = text.find("\n\n", opened.end(), mark.start())
            if para != -1:
                spans.append((opened.end(), para))
                opened = None
        if opened is None:
            if _opens(text, mark):
                opened = mark
        elif _matches(opened.group(), mark.group(), text, mark) and not (
            mark.group() in _AMBIGUOUS_QUOTES and _opens(text, mark) and not _closes(text, mark)
        ):
            spans.append((opened.end(), mark.start()))
            opened = None
    if opened is not None:
        para = text.find("\n\n", opened.end())
        spans.append((opened.end(), para if para != -1 else len(text)))
    return [(s, e) for s, e in spans if e - s > 1]


#: Marks that open or close by where they stand (some sites also open quotes with ”).
_AMBIGUOUS_QUOTES = ('"', "''", "”")


def _matches(opening: str, mark: str, text: str, at: re.Match[str]) -> bool:
    """Return whether ``mark`` closes a quote opened with ``opening``; typed text mixes
    straight and curly marks ('"more hours” before'), so a straight mark closes a
    curly quote, and the reverse, where it stands as a closing mark."""
    if mark == _OPEN_QUOTES[opening]:
        return True
    mixed = {opening, mark} in ({'"', "”"}, {"“", '"'})
    return mixed and _closes(text, at)


def _opens(text: str, mark: re.Match[str]) -> bool:
    """Return whether a quotation mark can open a quote where it stands."""
    if mark.group() not in _AMBIGUOUS_QUOTES:
        return mark.group() != "»"
    after = text[mark.end() : mark.end() + 1]
    before = text[mark.start() - 1 : mark.start()] if mark.start() else " "
    return bool(after) and not after.isspace() and (before.isspace() or before in "([{—–-/:")


def _closes(text: str, mark: re.Match[str]) -> bool:
    """Return whether a straight quotation mark stands where a quote ends."""
    before = text[mark.start() - 1 : mark.start()] if mark.start() else " "
    return not before.isspace()


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
