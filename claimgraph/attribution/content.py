"""How far what a cue reports runs: the tokens of a reported clause, intention or object.

:func:`content_tokens` starts from the head of the content (found by
:func:`~claimgraph.attribution.syntax.complement`) and takes its subtree,
then trims what the writer added or a second report said, one rule each:

- an object ("called her vote a mistake", "criticized Clinton for her
  support", "blasted Clinton as a disgrace") runs on through the cue's later
  complements, but not its adjuncts of time and place ("... in July");
- a clause runs on past a quote that broke the parse, and stops before a
  second report coordinated with the cue ("said X and suggested Y");
- both stop at a semicolon, at ", although ...", and before a trailing
  non-restrictive relative clause (", which ...") when it is an aside of the
  writer's or a report of its own.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimgraph.attribution.lexicon_en import EnglishLexicon
from claimgraph.attribution.quotes import DASHES, DOUBLE_MARKS
from claimgraph.attribution.syntax import (
    clause_of,
    has_subject,
    in_quotes,
    is_cue_verb,
    is_time_adjunct,
    leading_adjunct,
    strip_punct,
    tense,
)

__all__ = ["content_tokens"]

_OBJECT_DEPS = ("dobj", "prep", "xcomp")


def content_tokens(cue: Token, complement: Token, lex: EnglishLexicon) -> list[Token]:
    """Return the tokens of what ``cue`` reports, headed by ``complement``."""
    is_object = complement.dep_ in (*_OBJECT_DEPS, "nsubjpass")
    if complement.dep_ in _OBJECT_DEPS:
        tokens = _object_tokens(cue, complement, lex)
    else:
        tokens = _clause_tokens(cue, complement, lex)
    if is_object:
        tokens = _before_second_object(cue, tokens, lex)
    tokens = _before_semicolon(tokens)
    tokens = _before_aside(tokens, lex)
    if complement.dep_ in ("dobj", "prep"):
        tokens = _before_adjunct(cue, tokens, lex)
    return _before_trailing_clause(tokens, is_object, lex)


def _object_tokens(cue: Token, complement: Token, lex: EnglishLexicon) -> list[Token]:
    """Return an object and the cue's later complements ("called [her vote] [a mistake]")."""
    heads = [
        c
        for c in cue.children
        if c.i >= complement.i
        and (
            c.dep_ in ("dobj", "xcomp", "oprd", "ccomp", "dative")
            or (c.dep_ == "prep" and (c.i == complement.i or c.lower_ in lex.argument_preps))
        )
    ]
    if complement.dep_ == "xcomp":  # "wants to triple X, grow Y and create Z"
        heads += [
            c
            for c in cue.children
            if c.dep_ == "conj" and c.i > complement.i and c.tag_ == "VB" and not has_subject(c)
        ]
    return sorted((t for h in heads for t in h.subtree), key=lambda t: t.i)


def _clause_tokens(cue: Token, complement: Token, lex: EnglishLexicon) -> list[Token]:
    """Return a reported clause, run on past a broken parse, up to a second report."""
    tokens = list(complement.subtree)
    if complement.dep_ == "advcl":  # "said [after the convention] he would ...": the cue's
        tokens = [t for t in tokens if not leading_adjunct(complement, t)]
    if cue.i < complement.i:
        tokens += _run_on(cue, complement, lex)
        tokens += _past_a_quote(cue, complement, max(t.i for t in tokens), lex)
    for conj in complement.children:
        if (
            conj.dep_ == "conj"
            and conj.lemma_ in lex.cue_lemmas
            and conj.pos_ == "VERB"
            and _second_report(cue, conj)
        ):
            cc = [
                c.i for c in complement.children if complement.i < c.i < conj.i and c.dep_ == "cc"
            ]
            cut = min([conj.left_edge.i, *cc])
            return [t for t in tokens if t.i < cut]
    return tokens


def _before_second_object(cue: Token, tokens: list[Token], lex: EnglishLexicon) -> list[Token]:
    """Cut an object before a second report: "called X 'outrageous' and called for Y"."""
    second = next(
        (t for t in tokens if t.dep_ == "conj" and is_cue_verb(t, lex) and _second_report(cue, t)),
        None,
    )
    if second is None:
        return tokens
    cut = second.left_edge.i
    if cut > 0 and cue.doc[cut - 1].dep_ == "cc":
        cut -= 1
    return strip_punct([t for t in tokens if t.i < cut])


def _before_semicolon(tokens: list[Token]) -> list[Token]:
    """Cut at a semicolon outside quotes: "... was not intentional; they only learned ..."
    goes on in the writer's words."""
    semicolon = next(
        (i for i, t in enumerate(tokens) if t.text == ";" and not in_quotes(tokens[:i])), None
    )
    return tokens[:semicolon] if semicolon else tokens


def _before_aside(tokens: list[Token], lex: EnglishLexicon) -> list[Token]:
    """Cut at ", although ...": "claimed X was smart, although he again refused to ..."."""
    aside = next(
        (
            i
            for i, t in enumerate(tokens[:-1])
            if t.text == ","
            and tokens[i + 1].lower_ in lex.aside_openers
            and not in_quotes(tokens[:i])
        ),
        None,
    )
    return tokens[:aside] if aside else tokens


def _before_adjunct(cue: Token, tokens: list[Token], lex: EnglishLexicon) -> list[Token]:
    """Cut an object before an adjunct of time or a lone dash: "... as a fraud [during the
    debate]", "... [- a charge that ...]"."""
    dashes = [i for i, t in enumerate(tokens) if t.text in DASHES]
    end = next(
        (
            i
            for i, t in enumerate(tokens)
            if i > 1
            and ((is_time_adjunct(t, lex) and clause_of(t).i == cue.i) or dashes == [i])
            and not in_quotes(tokens[:i])
        ),
        None,
    )
    return tokens if end is None else tokens[:end]


def _before_trailing_clause(
    tokens: list[Token], is_object: bool, lex: EnglishLexicon
) -> list[Token]:
    """Cut before a clause set off by a comma that is the writer's: a relative clause
    that reports (or trails an object), a trailing apposition (", the existing
    military alliance that ...") or participle (", citing the strategic importance")."""
    last = tokens[-1].i if tokens else 0
    inside = {t.i for t in tokens}
    for t in tokens:
        comma = t.left_edge.i - 1
        if comma <= 0 or t.doc[comma].text != "," or comma not in inside:
            continue
        if in_quotes([u for u in tokens if u.i < comma]):
            continue  # inside a quotation the speaker's words run on
        at_end = t.right_edge.i >= last - 1
        reports = any(is_cue_verb(u, lex) for u in t.subtree)
        if (
            (t.dep_ == "relcl" and (reports or (at_end and is_object)))
            or (t.dep_ == "appos" and at_end and t.head.i in inside)
            or (t.dep_ == "advcl" and at_end and t.tag_ == "VBG" and t.i == comma + 1)
        ):
            return [u for u in tokens if u.i < comma]
    return tokens


def _past_a_quote(cue: Token, complement: Token, end: int, lex: EnglishLexicon) -> list[Token]:
    """Return the rest of the sentence after a reported clause that a quotation cut
    short ("she recalled thinking, 'This is what ...'", "she has the quality for
    the job: 'Steadiness ...'"), unless the rest holds a report of its own."""
    doc = cue.doc
    if cue.lemma_ not in lex.reporting or complement.dep_ != "ccomp":
        return []
    if cue.dep_ in ("pcomp", "advcl"):
        return []  # "After saying ..., she was ...": the sentence goes on elsewhere
    first = complement.left_edge.i
    if doc[first].is_quote or doc[max(first - 1, 0)].is_quote:
        return []  # a quotation of its own, closed where it ends
    rest = doc[end + 1 : cue.sent.end]
    if not (doc[end].is_quote or any(t.is_quote for t in rest[:3])):
        return []
    inside = in_quotes(list(doc[cue.sent.start : end + 1]))
    for t in rest:
        if not inside and is_cue_verb(t, lex):
            return []  # a report of its own follows
        inside ^= t.text in DOUBLE_MARKS
    return list(rest)


def _run_on(cue: Token, complement: Token, lex: EnglishLexicon) -> list[Token]:
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
        if any(is_cue_verb(u, lex) for u in child.subtree):
            break
        own_subject = has_subject(child)
        marked = any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children)
        if child.dep_ == "conj":
            # "and that ...": a second content; "and refused to ...": a second
            # predicate of the content's subject, in its tense rather than the
            # cue's ("Police say he posed a threat and refused ..."). A clause
            # with a subject of its own (", but polls are not ...") is the writer's.
            if not (marked or (not own_subject and tense(child) != tense(cue))):
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
    return not has_subject(verb) and tense(verb) == tense(cue)
