"""SPARQL over claimgraph's RDF, and the saved SPARQL questions.

Saved queries are ``queries/*.rq`` files beside this module, with the same
header as the Cypher ones but in ``#`` comments (``# name:``, ``# purpose:``,
``# param:``) and one more field, ``# list: COLUMN``, for columns that
``GROUP_CONCAT`` joins with U+001F and that come back as lists. A result
variable ending in ``_`` gives a column without it (``?speaker_`` is the
column ``speaker``), so that a column can share a parameter's name. Parameters
are bound as RDF literals through rdflib's ``initBindings`` (Oxigraph
substitutes them as values), never pasted into the query text.

Examples
--------
>>> [query.name for query in list_saved_sparql()]
['claims-by', 'hashtag-users', 'who-said-about']
>>> load_saved_sparql("who-said-about").params[0].name
'target'
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from claimgraph.errors import (
    QueryError,
    QueryParameterError,
    QuerySyntaxError,
    ReadOnlyQueryError,
    UnknownQueryError,
)
from claimgraph.graph.base import GraphStore
from claimgraph.model import GraphBatch, QueryResult
from claimgraph.queries import QueryParam, SavedQuery
from claimgraph.rdf.mapping import PREFIXES

__all__ = [
    "SavedSparql",
    "list_saved_sparql",
    "load_saved_sparql",
    "run_sparql",
    "in_memory_dataset",
    "sparql",
    "run_saved_sparql",
    "check_read_only",
]

#: Separator of the values ``GROUP_CONCAT`` joins in list columns.
LIST_SEPARATOR = "\x1f"

_HEADER = re.compile(r"^#\s*(?P<key>name|purpose|param|list):\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)(?:\s*=\s*(?P<default>\S+))?\s+(?P<description>.+)$")
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


@dataclass(frozen=True, slots=True)
class SavedSparql:
    """A saved SPARQL query: the saved-query fields plus the columns that hold lists."""

    query: SavedQuery
    list_columns: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """Return the query's name."""
        return self.query.name

    @property
    def params(self) -> tuple[QueryParam, ...]:
        """Return the parameters the query declares."""
        return self.query.params


def list_saved_sparql() -> list[SavedQuery]:
    """Return every saved SPARQL query, sorted by name."""
    return [saved.query for saved in _catalogue().values()]


def load_saved_sparql(name: str) -> SavedQuery:
    """Return the saved SPARQL query called ``name``.

    Raises
    ------
    UnknownQueryError
        If there is none; the message lists the names there are.
    """
    return _saved(name).query


def run_saved_sparql(
    store: GraphStore, name: str, params: Mapping[str, Any] | None = None
) -> QueryResult:
    """Run the saved SPARQL query ``name`` on ``store``, defaults filled in."""
    saved = _saved(name)
    result = sparql(store, saved.query.text, saved.query.bind(params or {}))
    for column in saved.list_columns:
        index = result.columns.index(column)
        for row in result.rows:
            value = row[index]
            row[index] = sorted(value.split(LIST_SEPARATOR)) if value else []
    return result


def sparql(store: GraphStore, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run SPARQL ``text`` on any store (``store.sparql``; kept for older callers)."""
    return store.sparql(text, params)


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


def _saved(name: str) -> SavedSparql:
    catalogue = _catalogue()
    saved = catalogue.get(name)
    if saved is None:
        close = difflib.get_close_matches(name, catalogue, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownQueryError(
            f"no saved SPARQL query is called {name!r}{hint}; available: {', '.join(catalogue)}"
        )
    return saved


@functools.cache
def _catalogue() -> dict[str, SavedSparql]:
    folder = resources.files(__package__ or "claimgraph.rdf").joinpath("queries")
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".rq")),
        key=lambda entry: entry.name,
    )
    saved = (_parse(entry.name, entry.read_text(encoding="utf-8")) for entry in files)
    return {query.name: query for query in saved}


def _parse(filename: str, content: str) -> SavedSparql:
    lines = content.splitlines()
    header = list(itertools.takewhile(lambda line: line.startswith("#"), lines))
    fields: dict[str, str] = {}
    params: list[QueryParam] = []
    lists: list[str] = []
    for line in header:
        match = _HEADER.match(line)
        if match is None:
            continue
        if match["key"] == "param":
            declared = _PARAM.match(match["value"])
            if declared is None:
                raise ValueError(f"{filename}: cannot read '# param: {match['value']}'")
            params.append(QueryParam(declared["name"], declared["description"].strip()))
        elif match["key"] == "list":
            lists.append(match["value"])
        else:
            fields[match["key"]] = match["value"]
    name = fields.get("name")
    if name is None or "purpose" not in fields or filename != f"{name}.rq":
        raise ValueError(f"{filename}: the header needs '# name: {filename[:-3]}' and '# purpose:'")
    text = "\n".join(lines[len(header) :]).strip()
    query = SavedQuery(name=name, purpose=fields["purpose"], params=tuple(params), text=text)
    return SavedSparql(query, tuple(lists))
