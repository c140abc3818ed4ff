"""Saved Cypher queries, one ``*.cypher`` file per question, and their runner.

Each file opens with ``//`` comment lines that name the query, say in one
line what it answers, and declare its parameters, with an optional default::

    // name: top-actors
    // purpose: Actors ranked by the number of documents that mention them.
    // param: limit = 20  how many actors to list

The query text uses only the openCypher subset that both FalkorDB (the
``embedded`` store) and Neo4j run, and every value is a ``$parameter``.

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
from claimgraph.graph.base import GraphStore, QueryResult
from claimgraph.model import hashtag_id

__all__ = [
    "QueryParam",
    "SavedQuery",
    "list_saved",
    "load_saved",
    "run_saved",
]

_HEADER_LINE = re.compile(r"^//\s*(?P<key>name|purpose|param|subgraph):\s*(?P<value>.*?)\s*$")
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
    """A saved Cypher query: its name, the question it answers, its parameters and text."""

    name: str
    purpose: str
    params: tuple[QueryParam, ...]
    text: str
    subgraph: str | None = None

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


def list_saved() -> list[SavedQuery]:
    """Return every saved query, sorted by name.

    Examples
    --------
    >>> "who-said-about" in [query.name for query in list_saved()]
    True
    """
    return list(_catalogue().values())


def load_saved(name: str) -> SavedQuery:
    """Return the saved query called ``name``.

    Raises
    ------
    UnknownQueryError
        If there is none; the message lists the names there are.

    Examples
    --------
    >>> load_saved("claims-by").params[0].name
    'speaker'
    """
    catalogue = _catalogue()
    query = catalogue.get(name)
    if query is None:
        close = difflib.get_close_matches(name, catalogue, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownQueryError(
            f"no saved query is called {name!r}{hint}; available: {', '.join(catalogue)}"
        )
    return query


def run_saved(store: GraphStore, name: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run the saved query ``name`` on ``store``, read-only, defaults filled in.

    Raises
    ------
    UnknownQueryError
        If no saved query has that name.
    QueryParameterError
        If a parameter is missing, unknown or of the wrong type.
    """
    query = load_saved(name)
    return store.query(query.text, query.bind(params or {}))


@functools.cache
def _catalogue() -> dict[str, SavedQuery]:
    files = sorted(
        (entry for entry in resources.files(__name__).iterdir() if entry.name.endswith(".cypher")),
        key=lambda entry: entry.name,
    )
    queries = (_parse(entry.name, entry.read_text(encoding="utf-8")) for entry in files)
    return {query.name: query for query in queries}


def _parse(filename: str, content: str) -> SavedQuery:
    """Split a ``.cypher`` file into its header fields and its query text."""
    lines = content.splitlines()
    header = list(itertools.takewhile(lambda line: line.startswith("//"), lines))
    fields: dict[str, str] = {}
    params: list[QueryParam] = []
    for line in header:
        match = _HEADER_LINE.match(line)
        if match is None:
            continue  # a plain comment
        if match["key"] == "param":
            params.append(_parse_param(filename, match["value"]))
        else:
            fields[match["key"]] = match["value"]
    name = fields.get("name")
    if name is None or "purpose" not in fields:
        raise ValueError(f"{filename}: the header needs '// name:' and '// purpose:' lines")
    if filename != f"{name}.cypher":
        raise ValueError(f"{filename}: the header names it {name!r}; rename one or the other")
    text = "\n".join(lines[len(header) :]).strip()
    return SavedQuery(
        name=name,
        purpose=fields["purpose"],
        params=tuple(params),
        text=text,
        subgraph=fields.get("subgraph"),
    )


def _parse_param(filename: str, declaration: str) -> QueryParam:
    match = _PARAM_DECLARATION.match(declaration)
    if match is None or not match["description"]:
        raise ValueError(
            f"{filename}: cannot read '// param: {declaration}'; "
            "write '// param: NAME  description' or '// param: NAME = DEFAULT  description'"
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
