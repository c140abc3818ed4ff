"""Saved queries, one file per question: Cypher (``*.cypher``) and SPARQL (``*.rq``).

Each file opens with comment lines (``//`` in Cypher, ``#`` in SPARQL) that
name the query, say in one line what it answers, and declare its parameters,
with an optional default::

    // name: top-actors
    // purpose: Actors ranked by the number of documents that mention them.
    // param: limit = 20  how many actors to list

The Cypher text uses only the openCypher subset that both FalkorDB (the
``embedded`` store) and Neo4j run, and every value is a ``$parameter``. A
SPARQL query (the twin of a Cypher one, for the ``rdf`` store) fills each
parameter into the variable of its name; a ``# list: COLUMN`` line names a
column that ``GROUP_CONCAT`` joins with U+001F and that comes back as a list,
and a result variable ending in ``_`` gives a column without it
(``?speaker_`` is the column ``speaker``), so that a column can share a
parameter's name.

A query answers with rows of names and texts, but ``claimgraph export
--saved`` draws the nodes behind them (issue 19.6). A ``// subgraph:`` line
names those nodes as extra items of the final ``RETURN``, for
:attr:`SavedQuery.subgraph_text`::

    // subgraph: s AS speaker_node, c AS claim_node

Where that ``RETURN`` aggregates, the items are aggregates too
(``collect(DISTINCT d) AS document_nodes``), so the rows stay the same.

Examples
--------
>>> query = load_saved("top-actors")
>>> query.purpose
'Actors ranked by the number of documents that mention them.'
>>> query.params
(QueryParam(name='limit', description='how many actors to list', default=20, required=False),)
>>> query.bind({"limit": "5"})
{'limit': 5}
>>> [query.name for query in list_saved("sparql")]
['claims-by', 'hashtag-users', 'who-said-about']
"""

from __future__ import annotations

import difflib
import functools
import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from claimgraph.errors import QueryParameterError, UnknownQueryError
from claimgraph.graph.base import GraphStore
from claimgraph.model import QueryResult, hashtag_id
from claimgraph.rdf.sparql import LIST_SEPARATOR

__all__ = [
    "LANGUAGES",
    "QueryParam",
    "SavedQuery",
    "list_saved",
    "load_saved",
    "run_saved",
]

#: The languages of saved queries, with the suffix and comment mark of their files.
LANGUAGES = {"cypher": (".cypher", "//"), "sparql": (".rq", "#")}

_HEADER_LINE = re.compile(r"^(?P<key>name|purpose|param|subgraph|list):\s*(?P<value>.*?)\s*$")
# The last RETURN of a query, and where its projection ends.
_LAST_RETURN = re.compile(r"\bRETURN\b(?!.*\bRETURN\b)", re.IGNORECASE | re.DOTALL)
_PROJECTION_END = re.compile(r"\s*\b(?:ORDER\s+BY|SKIP|LIMIT)\b|\s*$", re.IGNORECASE)
_PARAM_DECLARATION = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)(?:\s*=\s*(?P<default>\S+))?(?:\s+(?P<description>.+))?$"
)


@dataclass(frozen=True, slots=True)
class QueryParam:
    """A parameter a saved query declares: its name, what it means, its default."""

    name: str
    description: str
    default: Any = None
    required: bool = True

    def __str__(self) -> str:
        if self.required:
            return self.name
        return f"{self.name} = {json.dumps(self.default, ensure_ascii=False)}"


@dataclass(frozen=True, slots=True)
class SavedQuery:
    """A saved query: its name, the question it answers, its parameters, text and language.

    ``subgraph`` is the Cypher ``// subgraph:`` line; ``list_columns`` are
    the SPARQL columns that come back as lists.
    """

    name: str
    purpose: str
    params: tuple[QueryParam, ...]
    text: str
    subgraph: str | None = None
    language: str = "cypher"
    list_columns: tuple[str, ...] = ()

    @property
    def subgraph_text(self) -> str:
        """Return the query with the nodes of its ``// subgraph:`` line added to its ``RETURN``.

        Without such a line the query is returned as it is.

        Examples
        --------
        >>> print(load_saved("top-actors").subgraph_text)
        MATCH (d:Document)-[:MENTIONS]->(a:Actor)
        RETURN a.name AS actor, a.kind AS kind, count(DISTINCT d) AS documents,
               collect(DISTINCT a) AS actor_nodes, collect(DISTINCT d) AS document_nodes
        ORDER BY documents DESC, actor
        LIMIT $limit
        """
        if self.subgraph is None:
            return self.text
        found = _LAST_RETURN.search(self.text)
        if found is None:
            raise ValueError(f"saved query {self.name!r} has a subgraph line but no RETURN")
        end = _PROJECTION_END.search(self.text, found.end())
        assert end is not None  # the pattern matches at the end of the text at least
        return f"{self.text[: end.start()]},\n       {self.subgraph}{self.text[end.start() :]}"

    def bind(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Return the parameters to run with: ``values`` checked, defaults filled in.

        A string given for a parameter whose default is a number, boolean or
        list is read as JSON, so ``--param limit=5`` works as well as
        ``--param limit:=5``.

        Raises
        ------
        QueryParameterError
            If a required parameter is missing, a name is not declared, or a
            value does not fit the type of the parameter's default.
        """
        declared = {param.name: param for param in self.params}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            takes = ", ".join(declared) or "no parameters"
            raise QueryParameterError(
                f"saved query {self.name!r} has no parameter {unknown[0]!r}; it takes: {takes}"
            )
        bound: dict[str, Any] = {}
        for param in self.params:
            if param.name in values:
                bound[param.name] = self._coerce(param, values[param.name])
                if param.name == "tag" and isinstance(bound["tag"], str):
                    # the stored form: a tag typed with look-alike letters still matches
                    bound["tag"] = hashtag_id(bound["tag"])
            elif param.required:
                raise QueryParameterError(
                    f"saved query {self.name!r} needs the parameter {param.name!r}, "
                    f"{param.description}; pass it with --param {param.name}=VALUE"
                )
            else:
                bound[param.name] = param.default
        return bound

    def _coerce(self, param: QueryParam, value: Any) -> Any:
        default = param.default
        if not isinstance(value, str) or default is None or isinstance(default, str):
            return value
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = value
        if type(parsed) is type(default) or (isinstance(default, float) and type(parsed) is int):
            return parsed
        raise QueryParameterError(
            f"parameter {param.name!r} of saved query {self.name!r} must be a "
            f"{_json_type(default)} like its default, got {value!r}; "
            f"pass e.g. --param {param.name}={json.dumps(default, ensure_ascii=False)}"
        )


def list_saved(language: str | None = "cypher") -> list[SavedQuery]:
    """Return the saved queries in ``language`` (``None``: every language), sorted by name.

    Examples
    --------
    >>> "who-said-about" in [query.name for query in list_saved()]
    True
    >>> sorted({query.language for query in list_saved(None)})
    ['cypher', 'sparql']
    """
    return [
        query
        for (query_language, _), query in sorted(_catalogue().items(), key=lambda item: item[0][1])
        if language is None or query_language == _language(language)
    ]


def load_saved(name: str, language: str = "cypher") -> SavedQuery:
    """Return the saved query in ``language`` called ``name``.

    Raises
    ------
    UnknownQueryError
        If there is none; the message lists the names there are.

    Examples
    --------
    >>> load_saved("claims-by").params[0].name
    'speaker'
    >>> load_saved("claims-by", "sparql").list_columns
    ('about',)
    """
    language = _language(language)
    query = _catalogue().get((language, name))
    if query is None:
        names = [query.name for query in list_saved(language)]
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        kind = "query" if language == "cypher" else f"{language.upper()} query"
        raise UnknownQueryError(
            f"no saved {kind} is called {name!r}{hint}; available: {', '.join(names)}"
        )
    return query


def run_saved(
    store: GraphStore,
    name: str,
    params: Mapping[str, Any] | None = None,
    *,
    language: str | None = None,
) -> QueryResult:
    """Run the saved query ``name`` on ``store``, read-only, defaults filled in.

    Parameters
    ----------
    store : GraphStore
        An open store.
    name : str
        The saved query.
    params : mapping, optional
        Its parameters; strings are read as the type of a parameter's default.
    language : {"cypher", "sparql"}, optional
        Which of the query's versions to run; default Cypher where the store
        runs it, else SPARQL (which every store answers).

    Raises
    ------
    UnknownQueryError
        If no saved query has that name.
    QueryParameterError
        If a parameter is missing, unknown or of the wrong type.
    """
    if language is None:
        language = "cypher" if store.supports("cypher") else "sparql"
    query = load_saved(name, language)
    bound = query.bind(params or {})
    if query.language == "cypher":
        return store.query(query.text, bound)
    result = store.sparql(query.text, bound)
    for column in query.list_columns:
        index = result.columns.index(column)
        for row in result.rows:
            value = row[index]
            row[index] = sorted(value.split(LIST_SEPARATOR)) if value else []
    return result


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown query language {language!r}; choose one of: cypher, sparql")
    return language


@functools.cache
def _catalogue() -> dict[tuple[str, str], SavedQuery]:
    queries: dict[tuple[str, str], SavedQuery] = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda entry: entry.name):
        for language, (suffix, _) in LANGUAGES.items():
            if entry.name.endswith(suffix):
                query = _parse(entry.name, entry.read_text(encoding="utf-8"), language)
                queries[language, query.name] = query
    return queries


def _parse(filename: str, content: str, language: str) -> SavedQuery:
    """Split a saved query's file into its header fields and its query text."""
    suffix, mark = LANGUAGES[language]
    lines = content.splitlines()
    header = list(itertools.takewhile(lambda line: line.startswith(mark), lines))
    fields: dict[str, str] = {}
    params: list[QueryParam] = []
    lists: list[str] = []
    for line in header:
        match = _HEADER_LINE.match(line.removeprefix(mark).lstrip())
        if match is None:
            continue  # a plain comment
        if match["key"] == "param":
            params.append(_parse_param(filename, mark, match["value"]))
        elif match["key"] == "list":
            lists.append(match["value"])
        else:
            fields[match["key"]] = match["value"]
    name = fields.get("name")
    if name is None or "purpose" not in fields:
        raise ValueError(f"{filename}: the header needs '{mark} name:' and '{mark} purpose:' lines")
    if filename != f"{name}{suffix}":
        raise ValueError(f"{filename}: the header names it {name!r}; rename one or the other")
    text = "\n".join(lines[len(header) :]).strip()
    return SavedQuery(
        name=name,
        purpose=fields["purpose"],
        params=tuple(params),
        text=text,
        subgraph=fields.get("subgraph"),
        language=language,
        list_columns=tuple(lists),
    )


def _parse_param(filename: str, mark: str, declaration: str) -> QueryParam:
    match = _PARAM_DECLARATION.match(declaration)
    if match is None or not match["description"]:
        raise ValueError(
            f"{filename}: cannot read '{mark} param: {declaration}'; write "
            f"'{mark} param: NAME  description' or '{mark} param: NAME = DEFAULT  description'"
        )
    description = match["description"].strip()
    if match["default"] is None:
        return QueryParam(match["name"], description)
    try:
        default = json.loads(match["default"])
    except ValueError:
        default = match["default"]
    return QueryParam(match["name"], description, default=default, required=False)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    return type(value).__name__
