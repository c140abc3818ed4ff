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
from claimgraph.graph.base import GraphStore, QueryResult
from claimgraph.queries import QueryParam, SavedQuery
from claimgraph.rdf.mapping import PREFIXES

__all__ = [
    "SavedSparql",
    "list_saved_sparql",
    "load_saved_sparql",
    "run_sparql",
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

# The operations of SPARQL Update; a request starting with one (after its
# PREFIX and BASE declarations) changes the store.
_UPDATE = re.compile(
    r"^(?:\s*(?:PREFIX\s+[^\s:]*:\s*|BASE\s+)\s*)*\s*"
    r"(?P<op>INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


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
    """Run SPARQL ``text`` on any store.

    The ``rdf`` store answers it itself; any other store's graph is mapped
    to RDF in memory (Oxigraph) first, which suits graphs that fit in memory.
    """
    own = getattr(store, "sparql", None)
    if own is not None:
        result: QueryResult = own(text, dict(params or {}))
        return result
    return run_sparql(_in_memory(store), text, params)


def run_sparql(dataset: Any, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run SPARQL ``text`` on an rdflib ``Dataset``, each parameter bound to ``?name``."""
    check_read_only(text)
    text = bind_parameters(text, params or {})
    try:
        result = dataset.query(text, initNs=PREFIXES)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    except (ValueError, TypeError, NotImplementedError) as exc:
        raise QueryError(f"the SPARQL query failed: {exc}") from None
    if result.type == "ASK":
        return QueryResult(columns=["ask"], rows=[[bool(result.askAnswer)]])
    if result.type != "SELECT":
        raise QueryError("only SELECT and ASK queries are supported; use export for graphs")
    # A variable ending in _ names a column after a parameter, which is a variable itself.
    columns = [str(var).removesuffix("_") or str(var) for var in result.vars]
    rows = [[_plain(binding.get(var)) for var in result.vars] for binding in result.bindings]
    return QueryResult(columns=columns, rows=rows)


def check_read_only(text: str) -> None:
    """Raise ``ReadOnlyQueryError`` for a SPARQL Update, or a query that would go to the network.

    ``claimgraph sparql`` only reads the local graph: an update (``INSERT``,
    ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP`` ...) is refused with a message
    saying so rather than as a syntax error, and a ``SERVICE`` clause, which
    would send the query to another host, is refused before anything runs.
    Words inside strings, IRIs and comments do not count.

    Examples
    --------
    >>> check_read_only("SELECT ('DROP ALL' AS ?x) WHERE {}  # SERVICE")
    >>> check_read_only("PREFIX x: <http://x/> insert data { x:a x:b x:c }")
    Traceback (most recent call last):
    ...
    claimgraph.errors.ReadOnlyQueryError: SPARQL updates (here INSERT) are not run: ...
    """
    code = _OPAQUE.sub(" ", text)
    update = _UPDATE.match(code)
    if update is not None:
        raise ReadOnlyQueryError(
            f"SPARQL updates (here {update['op'].upper()}) are not run: `claimgraph sparql` "
            "only reads; change the graph with `claimgraph ingest` or `claimgraph import`"
        )
    if _SERVICE.search(code):
        raise ReadOnlyQueryError(
            "SERVICE sends the query to another host; `claimgraph sparql` only reads the "
            "local graph and never goes to the network"
        )


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


def _plain(term: Any) -> Any:
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, bool | int | float) else str(term)
    return str(term)


def _in_memory(store: GraphStore) -> Any:
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    from claimgraph.graph.read import read_batch
    from claimgraph.rdf.engines import to_oxigraph
    from claimgraph.rdf.mapping import batch_to_quads

    oxigraph = OxigraphStore()
    oxigraph._inner.extend([to_oxigraph(q) for q in batch_to_quads(read_batch(store))])
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
