"""Cypher text shared by the property-graph stores, in one place.

Only the openCypher subset that both FalkorDB and Neo4j run. Values always
travel as ``$parameters``; the only names ever put into query text are labels,
relationship types and property keys, and those come from the data model's
fixed lists (checked by :func:`identifier`), never from input.
"""

from __future__ import annotations

import re

from claimgraph.errors import ReadOnlyQueryError
from claimgraph.model import ACTOR_KINDS, DOCUMENT_KINDS, NODE_LABELS, REL_TYPES

__all__ = [
    "COUNT_LABELS",
    "COUNT_RELATIONSHIPS",
    "READ_ONLY_MESSAGE",
    "check_read_only",
    "identifier",
    "missing_parameters",
    "parameter_names",
    "merge_nodes",
    "merge_relationships",
]

#: Node counts by label, every label of a node counted.
COUNT_LABELS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n"

#: Relationship counts by type.
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"

_KNOWN_NAMES = (
    frozenset(NODE_LABELS)
    | frozenset(ACTOR_KINDS.values())
    | frozenset(DOCUMENT_KINDS.values())
    | frozenset(REL_TYPES)
)
_PROPERTY_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def identifier(name: str, *, property_key: bool = False) -> str:
    """Return ``name`` if it may appear in query text, else raise ``ValueError``.

    Examples
    --------
    >>> identifier("Actor")
    'Actor'
    >>> identifier("aliases", property_key=True)
    'aliases'
    """
    ok = _PROPERTY_KEY.match(name) if property_key else name in _KNOWN_NAMES
    if not ok:
        raise ValueError(f"{name!r} is not a known label, type or property key")
    return name


_LITERALS_AND_COMMENTS = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL
)
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)

#: The message of every refused write, the same on each store.
READ_ONLY_MESSAGE = (
    "this query writes to the graph; `claimgraph query` is read-only unless you pass --write"
)


def check_read_only(text: str) -> None:
    """Raise ``ReadOnlyQueryError`` if ``text`` has a clause a read-only query may not run.

    The databases refuse writes themselves (read-only execution); this adds
    ``LOAD CSV``, which they count as reading but which opens files and URLs.
    Words inside strings and comments do not count.

    Examples
    --------
    >>> check_read_only("RETURN 'LOAD CSV' AS words  // load csv")
    >>> check_read_only("load  csv FROM 'file:///etc/passwd' AS row RETURN row")
    Traceback (most recent call last):
    ...
    claimgraph.errors.ReadOnlyQueryError: LOAD CSV reads files and URLs; ...
    """
    if _LOAD_CSV.search(_LITERALS_AND_COMMENTS.sub(" ", text)):
        raise ReadOnlyQueryError(
            "LOAD CSV reads files and URLs; `claimgraph query` runs it only with --write"
        )


def parameter_names(text: str) -> set[str]:
    """Return the names of the ``$parameters`` a query uses (not those in strings or comments).

    Examples
    --------
    >>> sorted(parameter_names("MATCH (a {name: $name}) WHERE a.x = '$no' RETURN $limit"))
    ['limit', 'name']
    """
    return set(_PARAMETER.findall(_LITERALS_AND_COMMENTS.sub(" ", text)))


def missing_parameters(text: str, params: dict[str, object]) -> list[str]:
    """Return the parameters ``text`` uses that ``params`` does not give, sorted."""
    return sorted(parameter_names(text) - set(params))


def merge_nodes(label: str, extra_labels: tuple[str, ...], list_keys: tuple[str, ...]) -> str:
    """Return the batched MERGE for nodes of one label set.

    Rows are ``{id, props, lists}``: scalar properties are set, list
    properties (``aliases``) are unioned with what the node already holds,
    so writing the same row twice changes nothing.

    Examples
    --------
    >>> print(merge_nodes("Actor", ("Person",), ("tags",)))
    UNWIND $rows AS row
    MERGE (n:Actor {id: row.id})
    SET n += row.props
    SET n:Person
    SET n.tags = [x IN coalesce(n.tags, []) WHERE NOT x IN row.lists.tags] + row.lists.tags
    """
    lines = [
        "UNWIND $rows AS row",
        f"MERGE (n:{identifier(label)} {{id: row.id}})",
        "SET n += row.props",
    ]
    lines += [f"SET n:{identifier(extra)}" for extra in extra_labels]
    for key in list_keys:
        key = identifier(key, property_key=True)
        lines.append(
            f"SET n.{key} = [x IN coalesce(n.{key}, []) WHERE NOT x IN row.lists.{key}]"
            f" + row.lists.{key}"
        )
    return "\n".join(lines)


def merge_relationships(rel_type: str, start_label: str, end_label: str) -> str:
    """Return the batched MERGE for relationships of one type between two labels.

    Rows are ``{start, end, props}``; both end nodes must already exist.

    Examples
    --------
    >>> print(merge_relationships("SAID", "Actor", "Claim"))
    UNWIND $rows AS row
    MATCH (a:Actor {id: row.start})
    MATCH (b:Claim {id: row.end})
    MERGE (a)-[r:SAID]->(b)
    SET r += row.props
    """
    return "\n".join(
        [
            "UNWIND $rows AS row",
            f"MATCH (a:{identifier(start_label)} {{id: row.start}})",
            f"MATCH (b:{identifier(end_label)} {{id: row.end}})",
            f"MERGE (a)-[r:{identifier(rel_type)}]->(b)",
            "SET r += row.props",
        ]
    )
