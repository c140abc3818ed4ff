"""SPARQL over claimgraph's RDF: read-only checks, parameters bound as literals, results as rows.

:func:`run_sparql` runs a query on an rdflib ``Dataset`` (an Oxigraph store
through oxrdflib, or :func:`in_memory_dataset` of a batch). A query only
reads: :func:`check_read_only` refuses updates and ``SERVICE`` before
anything runs. Parameters are bound as RDF literals by
:func:`bind_parameters`, never as query text a value could change. The saved
SPARQL queries live with the Cypher ones in :mod:`claimgraph.queries`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from claimgraph.errors import (
    QueryError,
    QueryParameterError,
    QuerySyntaxError,
    ReadOnlyQueryError,
)
from claimgraph.model import GraphBatch, QueryResult
from claimgraph.rdf.mapping import PREFIXES

__all__ = [
    "LIST_SEPARATOR",
    "bind_parameters",
    "run_sparql",
    "in_memory_dataset",
    "check_read_only",
]

#: Separator of the values ``GROUP_CONCAT`` joins in list columns.
LIST_SEPARATOR = "\x1f"

_VARIABLE = re.compile(r"[?$]([A-Za-z_]\w*)")
# Strings, IRIs and comments, which parameter substitution leaves alone.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)

# A code point escape, which SPARQL expands before it parses anything else
# (rdflib also reads \U with four digits, so both spellings count).
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_ANY_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")
# Names rdflib gives the operations of SPARQL Update, as the user wrote them.
_UPDATE_WORDS = {
    "InsertData": "INSERT",
    "DeleteData": "DELETE",
    "DeleteWhere": "DELETE",
    "Modify": "DELETE/INSERT",
}


def run_sparql(dataset: Any, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run SPARQL ``text`` on an rdflib ``Dataset``, each parameter bound to ``?name``.

    The text that runs is the one :func:`check_read_only` parsed and passed.
    """
    text = _canonical(text)
    bound = bind_parameters(text, params or {})
    if _ANY_ESCAPE.search(bound) and not _ANY_ESCAPE.search(text):
        # SPARQL would expand it inside the value's string, changing the value.
        raise QueryParameterError(
            "a parameter value holding a code point escape (\\u or \\U and hex digits) "
            "cannot be passed to SPARQL; pass the character itself"
        )
    text = check_read_only(bound)
    try:
        result = dataset.query(text, initNs=PREFIXES)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    except (ValueError, TypeError, NotImplementedError, OSError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"the SPARQL query failed: {reason}") from None
    if result.type == "ASK":
        return QueryResult(columns=["ask"], rows=[[bool(result.askAnswer)]])
    if result.type != "SELECT":
        raise QueryError("only SELECT and ASK queries are supported; use export for graphs")
    # A variable ending in _ names a column after a parameter, which is a variable itself.
    columns = [str(var).removesuffix("_") or str(var) for var in result.vars]
    rows = [[_plain(binding.get(var)) for var in result.vars] for binding in result.bindings]
    return QueryResult(columns=columns, rows=rows)


def check_read_only(text: str) -> str:
    """Return ``text`` ready to run, or raise if it would change the graph or go to the network.

    ``claimgraph sparql`` only reads the local graph. The query is parsed
    (rdflib's SPARQL parser) and its algebra walked: a ``SERVICE`` anywhere
    in it (``OPTIONAL``, ``UNION``, subqueries, ``EXISTS``, silent or with a
    variable for the host) is refused before anything runs, since Oxigraph
    would send the query to that host and pyoxigraph offers no switch to
    turn its HTTP client off. SPARQL Update (``INSERT``, ``DELETE``,
    ``LOAD``, ``CLEAR``, ``DROP`` ...) is refused with a message saying so.

    Both parsers must read the same query, so the text returned, which is
    the one to run, has its code point escapes (``\\u0053``) already expanded
    and its line ends (``\\r``, which ends a comment) written as ``\\n``; a
    text that still holds an escape after that is refused.

    Raises
    ------
    ReadOnlyQueryError
        For an update or a ``SERVICE``.
    QuerySyntaxError
        If the query does not parse.

    Examples
    --------
    >>> check_read_only("SELECT ('DROP ALL' AS ?x) WHERE {}  # SERVICE")
    "SELECT ('DROP ALL' AS ?x) WHERE {}  # SERVICE"
    >>> check_read_only("PREFIX x: <http://x/> insert data { x:a x:b x:c }")
    Traceback (most recent call last):
    ...
    claimgraph.errors.ReadOnlyQueryError: SPARQL updates (here INSERT) are not run: ...
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    text = _canonical(text)
    if _ANY_ESCAPE.search(text):
        raise QuerySyntaxError(
            "the query holds an escaped code point escape (such as \\u005Cu0041); "
            "write the character itself"
        )
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        _refuse_update(text)
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    try:
        algebra = translateQuery(parsed, initNs=PREFIXES).algebra
    except Exception as exc:  # rdflib raises bare Exception for an unknown prefix
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    if _holds(algebra, "ServiceGraphPattern"):
        raise ReadOnlyQueryError(
            "SERVICE sends the query to another host; `claimgraph sparql` only reads the "
            "local graph and never goes to the network"
        )
    return text


def bind_parameters(text: str, params: Mapping[str, Any]) -> str:
    """Return ``text`` with each ``?name`` of a parameter replaced by its value as an RDF literal.

    The value is written by rdflib (``Literal.n3()``), which escapes quotes,
    backslashes and line breaks, so a value can never change what the query
    does. Variables inside strings, IRIs and comments are left alone.
    (Oxigraph only substitutes variables that the query projects, which
    filters in subqueries never are; hence literals rather than ``initBindings``.)

    Raises
    ------
    QueryParameterError
        If the query has no variable for a parameter.

    Examples
    --------
    >>> print(bind_parameters("SELECT ?a WHERE { ?a ?p ?name } # ?name", {"name": 'say "hi"'}))
    SELECT ?a WHERE { ?a ?p "say \\"hi\\"" } # ?name
    """
    from rdflib import Literal

    used = set(_VARIABLE.findall(_OPAQUE.sub(" ", text)))
    unknown = sorted(set(params) - used)
    if unknown:
        raise QueryParameterError(
            f"the query has no variable ?{unknown[0]} for the parameter {unknown[0]!r}; "
            "a parameter NAME fills the variable ?NAME"
        )
    if not params:
        return text
    terms = {name: Literal(value).n3() for name, value in params.items()}
    variable = re.compile(r"[?$](" + "|".join(map(re.escape, terms)) + r")(?!\w)")
    pieces: list[str] = []
    last = 0
    for match in _OPAQUE.finditer(text):
        pieces.append(variable.sub(lambda m: terms[m[1]], text[last : match.start()]))
        pieces.append(match[0])
        last = match.end()
    pieces.append(variable.sub(lambda m: terms[m[1]], text[last:]))
    return "".join(pieces)


def _canonical(text: str) -> str:
    """Return ``text`` with its code point escapes expanded and every line ending in ``\\n``."""

    def expand(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QuerySyntaxError(f"{match[0]} is not a Unicode code point")
        return chr(code)

    text = _ESCAPE.sub(expand, text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_update(text: str) -> None:
    """Raise ``ReadOnlyQueryError`` if ``text`` parses as SPARQL Update."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except (ParseException, ValueError):
        return
    requests = update.get("request") or []
    op = requests[0].name if requests else "an empty update"
    raise ReadOnlyQueryError(
        f"SPARQL updates (here {_UPDATE_WORDS.get(op, op.upper())}) are not run: "
        "`claimgraph sparql` only reads; change the graph with `claimgraph ingest` "
        "or `claimgraph import`"
    )


def _holds(algebra: Any, name: str) -> bool:
    """Whether the parsed query ``algebra`` has a part called ``name`` anywhere in it."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    pending = [algebra]
    seen: set[int] = set()
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == name:
                return True
            pending.extend(node.values())
        elif isinstance(node, dict):
            pending.extend(node.values())
        elif isinstance(node, list | tuple | set | frozenset | ParseResults):
            pending.extend(node)
    return False


def _plain(term: Any) -> Any:
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, bool | int | float) else str(term)
    return str(term)


def in_memory_dataset(batch: GraphBatch) -> Any:
    """Return ``batch`` mapped to RDF in an in-memory Oxigraph store, as an rdflib ``Dataset``."""
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    from claimgraph.rdf.engines import to_oxigraph
    from claimgraph.rdf.mapping import batch_to_quads

    oxigraph = OxigraphStore()
    oxigraph._inner.extend([to_oxigraph(q) for q in batch_to_quads(batch)])
    return Dataset(store=oxigraph, default_union=True)
