"""Cypher text shared by the property-graph stores, in one place.

Only the openCypher subset that both FalkorDB and Neo4j run. Values always
travel as ``$parameters``; the only names ever put into query text are labels,
relationship types and property keys, and those come from the data model's
fixed lists (checked by :func:`identifier`), never from input.
"""

from __future__ import annotations

import difflib
import re

from claimgraph.errors import ReadOnlyQueryError
from claimgraph.model import ACTOR_KINDS, DOCUMENT_KINDS, NODE_LABELS, REL_TYPES

__all__ = [
    "COUNT_LABELS",
    "COUNT_RELATIONSHIPS",
    "READ_ONLY_MESSAGE",
    "check_read_only",
    "identifier",
    "unknown_name_warnings",
    "unknown_name_warning",
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


#: The labels of the data model, extra labels (``Person``, ``Post`` ...) included.
MODEL_LABELS = (
    *NODE_LABELS,
    *dict.fromkeys([*ACTOR_KINDS.values(), *DOCUMENT_KINDS.values()]),
)
#: The relationship types of the data model.
MODEL_TYPES = tuple(REL_TYPES)

_STRINGS_AND_COMMENTS = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.DOTALL
)
_NAME = r"(?:`(?:[^`]|``)*`|[A-Za-z_][A-Za-z0-9_]*)"
# A label or type after a colon, and the ones an expression adds to it (:A|B, :A&B, :A|:B).
_NAMES_AFTER_COLON = re.compile(rf"\s*!?\s*({_NAME})((?:\s*[|&]\s*:?\s*!?\s*{_NAME})*)")
_NAME_IN_LIST = re.compile(_NAME)
# A brace opening a subquery (CALL { ... }, EXISTS { ... }) rather than a map or a map projection.
_BLOCK_START = re.compile(
    rf"(?!\s*{_NAME}\s*:(?!:))\s*(?:\(|(?:MATCH|OPTIONAL|WITH|UNWIND|CALL|RETURN|CREATE|MERGE"
    r"|SET|DELETE|DETACH|REMOVE|FOREACH|USE|LOAD|FINISH)\b)",
    re.IGNORECASE,
)


def unknown_name_warnings(text: str) -> list[str]:
    """Return one-line warnings for the labels and relationship types of ``text`` not in the model.

    A misspelt label (``MATCH (a:Actr)``) makes a query return nothing
    without an error; the warning names the closest label or type of the
    data model. Map keys (``{name: $x}``), strings and comments do not count.

    Examples
    --------
    >>> unknown_name_warnings("MATCH (a:Actr)-[:SAID|ABOTU]->(c:Claim {text: 'x:Y'}) RETURN a")
    ['no label Actr in the data model; did you mean Actor?', \
'no relationship type ABOTU in the data model; did you mean ABOUT?']
    >>> unknown_name_warnings("MATCH (a) WHERE a:Person RETURN {name: a.name} AS m")
    []
    """
    code = _STRINGS_AND_COMMENTS.sub(lambda m: " " * len(m[0]), text)
    warnings: list[str] = []
    for kind, name in _names(code):
        warning = unknown_name_warning(kind, name)
        if warning is not None and warning not in warnings:
            warnings.append(warning)
    return warnings


def unknown_name_warning(kind: str, name: str) -> str | None:
    """Return a warning if ``name`` is no ``kind`` (``"label"`` or ``"type"``) of the data model.

    Examples
    --------
    >>> unknown_name_warning("label", "Acter")
    'no label Acter in the data model; did you mean Actor?'
    >>> unknown_name_warning("type", "SAID") is None
    True
    """
    known = MODEL_LABELS if kind == "label" else MODEL_TYPES
    if name in known:
        return None
    what = "label" if kind == "label" else "relationship type"
    by_fold = {value.casefold(): value for value in known}
    close = difflib.get_close_matches(name.casefold(), by_fold, n=1, cutoff=0.6)
    hint = f"did you mean {by_fold[close[0]]}?" if close else f"the {what}s are {', '.join(known)}"
    return f"no {what} {name} in the data model; {hint}"


def _names(code: str) -> list[tuple[str, str]]:
    """Return ``("label" | "type", name)`` for each name after a colon that is not a map key's."""
    found: list[tuple[str, str]] = []
    stack: list[str] = []  # "(", "[" (a list), "-[" (a relationship), "{" (a map), "{{" (a block)
    index = 0
    while index < len(code):
        char = code[index]
        if char == "`":  # a quoted name: skip it whole
            end = code.find("`", index + 1)
            index = len(code) if end < 0 else end + 1
            continue
        if char == "(":
            stack.append("(")
        elif char == "[":
            stack.append("-[" if code[:index].rstrip().endswith("-") else "[")
        elif char == "{":
            stack.append("{{" if _BLOCK_START.match(code, index + 1) else "{")
        elif char in ")]}" and stack:
            stack.pop()
        elif char == ":" and code[index + 1 : index + 2] != ":" and code[index - 1 : index] != ":":
            inner = stack[-1] if stack else ""
            match = _NAMES_AFTER_COLON.match(code, index + 1)
            if inner != "{" and match is not None:
                kind = "type" if inner == "-[" else "label"
                names = [match[1], *_NAME_IN_LIST.findall(match[2])]
                found += [(kind, name.strip("`").replace("``", "`")) for name in names]
                index = match.end()
                continue
        index += 1
    return found


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
