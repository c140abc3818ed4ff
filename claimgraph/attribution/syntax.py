"""Reading the dependency parse: a cue's speaker, what it reports, and small tests on tokens.

Every function takes the tokens of spaCy's English parse and, where words
decide, the :class:`~claimgraph.attribution.lexicon_en.EnglishLexicon`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claimgraph.attribution.lexicon_en import EnglishLexicon
from claimgraph.attribution.quotes import DOUBLE_MARKS

__all__ = [
    "clause_of",
    "complement",
    "document_speaks",
    "has_subject",
    "in_quotes",
    "is_cue_verb",
    "is_time_adjunct",
    "leading_adjunct",
    "name_like",
    "speaker_like",
    "strip_punct",
    "subject",
    "tense",
    "until_aside",
    "without_that",
]

SPEAKER_DEPS = ("nsubj", "nsubjpass")


def subject(cue: Token, lex: EnglishLexicon) -> Token | None:
    """Return the speaker phrase's head: the subject, the passive agent, or the subject
    of the verb a participle or coordinated verb hangs from ("..., saying", "and added")."""
    for child in cue.children:
        if child.dep_ == "agent":  # "... was first reported by The Washington Post"
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    subjects = [
        c
        for c in cue.children
        if c.dep_ in SPEAKER_DEPS
        and c.lower_ not in lex.expletives
        and not (c.i + 1 < len(c.doc) and c.doc[c.i + 1].text == ":")
    ]
    if subjects:  # "The Latest: Trump urges ...": the subject nearest the cue, not a label
        before = [c for c in subjects if c.i < cue.i]
        return before[-1] if before else subjects[0]
    for child in cue.children:
        if child.dep_ == "nsubj" and child.lower_ == "it" and document_speaks(cue, lex):
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
            while head.dep_ == "ccomp" and head.head.lemma_ in lex.cue_lemmas:
                head = head.head
        for child in head.children:
            if child.dep_ in SPEAKER_DEPS and child.lower_ not in lex.expletives:
                return child
    return None


def document_speaks(cue: Token, lex: EnglishLexicon) -> bool:
    """Return whether the subject "it" of ``cue`` is a document or a body, not an
    expletive: "It says the campaign violated ...", "It also mentions policies ..."."""
    if cue.lemma_ in lex.object_verbs:
        return True
    return cue.lemma_ in lex.document_cues and any(c.dep_ == "ccomp" for c in cue.children)


def complement(cue: Token, lex: EnglishLexicon) -> Token | None:
    """Return the head of what a cue verb reports: a clause, an intention or an object."""
    children = list(cue.children)
    if any(child.dep_ == "agent" for child in children):
        # A passive cue reports its subject: "[Clinton] was endorsed by dozens of papers".
        return next((child for child in children if child.dep_ == "nsubjpass"), None)
    clause = _clause_complement(cue, children, lex)
    if clause is not None:
        return clause
    lemma = cue.lemma_.lower()
    if lemma in lex.response_cues:  # "responded with attacks on Machado", "to requests for"
        for child in children:
            if child.dep_ == "prep" and child.i > cue.i and child.lower_ in ("to", "with", "by"):
                return child
            if child.i > cue.i and child.dep_ not in ("advmod", "npadvmod"):
                break
    passive = any(child.dep_ in ("nsubjpass", "auxpass") for child in children)
    if (
        lemma in lex.intention or lemma in lex.reporting - lex.aspect_cues
    ) and not passive:  # "the accord is expected to ...": no one's
        for child in children:
            if child.dep_ == "xcomp" and child.i > cue.i:
                # "urged supporters to monitor polling places": the object and its infinitive
                controlled = [c for c in children if c.dep_ == "dobj" and cue.i < c.i < child.i]
                return controlled[0] if controlled else child
    return _object_complement(cue, lemma, children, lex)


def _clause_complement(cue: Token, children: list[Token], lex: EnglishLexicon) -> Token | None:
    """Return the clause a cue reports: its ccomp, a misparsed adverbial clause, or a
    "that" clause the parser hung on the addressee."""
    clauses = [child for child in children if child.dep_ == "ccomp"]
    if clauses:  # "fireworks on Friday: Republicans said they're convinced ...": the later one
        return next((child for child in clauses if child.i > cue.i), clauses[0])
    for child in children:
        if child.dep_ != "advcl" or child.i < cue.i:
            continue
        if any(g.lower_ in ("how", "that") for g in child.children):
            return child
        if (
            cue.lemma_ in lex.reporting
            and has_subject(child)
            and not any(g.dep_ == "mark" for g in child.children)
            and any(g.dep_ == "aux" and g.tag_ == "MD" for g in child.children)
        ):
            return child  # "said after the convention he would not accept ...": a misparse
    if cue.lemma_ in lex.cue_lemmas:
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
    return None


def _object_complement(
    cue: Token, lemma: str, children: list[Token], lex: EnglishLexicon
) -> Token | None:
    """Return an object cue's object, or the preposition of what a cue is about."""
    if lemma in lex.object_verbs:
        for child in children:
            if child.dep_ == "dobj" and child.i > cue.i and lemma not in lex.prepositional_cues:
                return child
        for child in children:  # "called for X", "called on X to ..."
            if child.dep_ == "prep" and child.lower_ in lex.object_preps and child.i == cue.i + 1:
                if lemma in lex.prepositional_cues and child.lower_ in ("to", "for", "with"):
                    break  # "spoke to students": an addressee
                return child
    elif lemma in lex.reporting:
        for child in children:  # "talked about X", "commented on X", "warned of X"
            if child.dep_ == "prep" and child.lower_ in lex.topic_preps and child.i == cue.i + 1:
                return child
        if lemma in lex.reporting_objects:  # "stressed the importance of ...", "said the same"
            for child in children:
                if child.dep_ == "dobj" and child.i > cue.i and child.pos_ in ("NOUN", "PROPN"):
                    return child
    return None


def is_cue_verb(token: Token, lex: EnglishLexicon) -> bool:
    """Return whether ``token`` is a verb that reports, in the construction it needs."""
    if token.lemma_ in lex.as_cues:
        return any(c.dep_ == "prep" and c.lower_ == "as" for c in token.children)
    if token.lemma_ == "put":  # "as Rosenthal put it, ..."
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)
    return token.lemma_ in lex.cue_lemmas and token.pos_ == "VERB"


def leading_adjunct(clause: Token, token: Token) -> bool:
    """Return whether ``token`` is in a prepositional phrase ahead of ``clause``'s subject."""
    subjects = [c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(
        c.dep_ == "prep" and subjects and c.right_edge.i < min(subjects) and token in c.subtree
        for c in clause.children
    )


def until_aside(span: Span, lex: EnglishLexicon) -> Span:
    """Return ``span`` up to a comma and a clause of the writer's ("..., although it
    may take days to ...", "..., but ...")."""
    for t in span[1:-1]:
        if t.text == "," and t.nbor().lower_ in lex.aside_openers:
            return span.doc[span.start : t.i]
    return span


def is_time_adjunct(token: Token, lex: EnglishLexicon) -> bool:
    """Return whether ``token`` opens an adjunct of time ("during the debate", "Wednesday")."""
    if token.dep_ == "prep":
        return token.lower_ in lex.time_preps
    return token.dep_ == "npadvmod" and token.ent_type_ in ("DATE", "TIME")


def clause_of(token: Token) -> Token:
    """Return the verb of the clause ``token`` belongs to."""
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def in_quotes(before: list[Token]) -> bool:
    """Return whether a quotation opened among ``before`` is still open after them."""
    return sum(t.text in DOUBLE_MARKS for t in before) % 2 == 1


def has_subject(verb: Token) -> bool:
    """Return whether ``verb`` has a subject of its own (or an expletive one)."""
    return any(child.dep_ in ("nsubj", "nsubjpass", "expl") for child in verb.children)


def tense(verb: Token) -> str:
    """Return a verb's form, with the tagger's frequent VBD/VBN confusion folded."""
    return {"VBN": "VBD", "VBP": "VBZ"}.get(verb.tag_, verb.tag_)


def without_that(tokens: list[Token]) -> list[Token]:
    """Return ``tokens`` without the complementiser "that" they open with."""
    while tokens and tokens[0].lower_ == "that" and tokens[0].dep_ == "mark":
        tokens = strip_punct(tokens[1:])
    return tokens


def strip_punct(span: Span | list[Token]) -> list[Token]:
    """Return ``span``'s tokens without spaces and without punctuation at either end
    (a closing quotation mark stays)."""
    tokens = [t for t in span if not t.is_space]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in ("”", "»", '"', "''"):
        tokens = tokens[:-1]
    return tokens


def name_like(token: Token) -> bool:
    """Return whether ``token`` can be part of a speaker's name before a colon."""
    return token.pos_ == "PROPN" or token.is_upper or (token.is_title and token.is_alpha)


def speaker_like(head: Token | None, lex: EnglishLexicon) -> bool:
    """Return whether an unresolved subject can be a speaker ("sources", "the union")."""
    if head is None:
        return False
    if head.lower_ == "it":
        return document_speaks(head.head, lex)
    if head.lower_ in lex.quantifiers:  # "Many of his supporters believe ..."
        return True
    return head.pos_ in ("PROPN", "NOUN", "PRON") and head.lower_ not in lex.expletives
