"""Engine-neutral quads to and from rdflib and Oxigraph terms, files and datasets.

Two engines read and write the same formats: ``oxigraph`` (pyoxigraph's
Rust parsers and serializers, fast and streaming) and ``rdflib`` (pure
Python). JSON-LD is always written by rdflib, which compacts it with a
``@context`` of claimgraph's prefixes; Oxigraph only writes expanded JSON-LD.

Examples
--------
>>> format_of("graph.trig")
'trig'
>>> format_of("graph.jsonld")
'jsonld'
"""

from __future__ import annotations

import itertools
import json
import operator
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from claimgraph.errors import ClaimgraphError
from claimgraph.rdf.mapping import PREFIXES, DateTime, Iri, Quad
from claimgraph.sources.limits import MAX_JSON_DEPTH

__all__ = [
    "FORMATS",
    "ENGINES",
    "RdfFormatError",
    "format_of",
    "to_rdflib",
    "from_rdflib",
    "to_oxigraph",
    "from_oxigraph",
    "write_quads",
    "read_quads",
    "jsonld_context",
]

#: Formats by name, with their file suffixes and whether they keep named graphs.
FORMATS: dict[str, tuple[tuple[str, ...], bool]] = {
    "trig": ((".trig",), True),
    "nq": ((".nq", ".nquads"), True),
    "ttl": ((".ttl", ".turtle"), False),
    "jsonld": ((".jsonld", ".json-ld", ".json"), True),
    "nt": ((".nt",), False),
}
#: Engines that read and write the formats.
ENGINES = ("oxigraph", "rdflib")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDFLIB_FORMAT = {"trig": "trig", "nq": "nquads", "ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}


class RdfFormatError(ClaimgraphError):
    """An RDF file's format is unknown or its content does not parse."""


class RdfValueTooLargeError(RdfFormatError):
    """An RDF file holds a value (a literal, an IRI) larger than the parser's buffer."""


def format_of(path: str | Path, given: str | None = None) -> str:
    """Return the RDF format named ``given``, or the one ``path``'s suffix implies."""
    if given is not None:
        if given not in FORMATS:
            raise RdfFormatError(
                f"unknown RDF format {given!r}; choose one of: {', '.join(FORMATS)}"
            )
        return given
    suffix = Path(path).suffix.lower()
    for name, (suffixes, _) in FORMATS.items():
        if suffix in suffixes:
            return name
    raise RdfFormatError(
        f"cannot tell the RDF format of {path} from its suffix {suffix!r}; "
        f"pass --format ({', '.join(FORMATS)})"
    )


def jsonld_context() -> dict[str, str]:
    """Return the JSON-LD ``@context`` claimgraph writes: its prefixes."""
    return dict(PREFIXES)


# -- rdflib ----------------------------------------------------------------------


def to_rdflib(quad: Quad) -> tuple[Any, Any, Any, Any]:
    """Return ``quad`` as rdflib terms."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    subject, predicate, obj, graph = quad
    term: Any
    if isinstance(obj, Iri):
        term = URIRef(obj)
    elif isinstance(obj, DateTime):
        term = Literal(str(obj), datatype=XSD.dateTime, normalize=False)
    else:
        term = Literal(obj)
    return URIRef(subject), URIRef(predicate), term, URIRef(graph)


def from_rdflib(subject: Any, predicate: Any, obj: Any, graph: Any) -> Quad:
    """Return an rdflib quad as an engine-neutral quad."""
    from rdflib import Literal, URIRef

    value: Any
    if isinstance(obj, URIRef):
        value = Iri(obj)
    elif isinstance(obj, Literal):
        value = _literal_value(str(obj), str(obj.datatype) if obj.datatype else None)
    else:  # a blank node: claimgraph never writes one
        value = Iri(f"_:{obj}")
    graph_name = getattr(graph, "identifier", graph)
    return str(subject), str(predicate), value, str(graph_name or "")


# -- Oxigraph --------------------------------------------------------------------


def to_oxigraph(quad: Quad) -> Any:
    """Return ``quad`` as a pyoxigraph ``Quad``."""
    import pyoxigraph as ox

    subject, predicate, obj, graph = quad
    return ox.Quad(
        ox.NamedNode(subject), ox.NamedNode(predicate), _ox_object(obj), ox.NamedNode(graph)
    )


def _ox_object(obj: Any) -> Any:
    import pyoxigraph as ox

    if isinstance(obj, Iri):
        return ox.NamedNode(obj)
    if isinstance(obj, DateTime):
        return ox.Literal(obj, datatype=ox.NamedNode(_XSD + "dateTime"))
    if isinstance(obj, bool):
        return ox.Literal("true" if obj else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(obj, int):
        return ox.Literal(str(obj), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(obj, float):
        return ox.Literal(repr(obj), datatype=ox.NamedNode(_XSD + "double"))
    return ox.Literal(str(obj))


def from_oxigraph(quad: Any) -> Quad:
    """Return a pyoxigraph ``Quad`` (or ``Triple``) as an engine-neutral quad."""
    import pyoxigraph as ox

    obj = quad.object
    value: Any
    if isinstance(obj, ox.Literal):
        value = _literal_value(obj.value, obj.datatype.value)
    elif isinstance(obj, ox.NamedNode):
        value = Iri(obj.value)
    else:
        value = Iri(f"_:{obj.value}")
    graph = getattr(quad, "graph_name", None)
    graph_name = graph.value if isinstance(graph, ox.NamedNode) else ""
    return quad.subject.value, quad.predicate.value, value, graph_name


def _literal_value(lexical: str, datatype: str | None) -> Any:
    if datatype is None or not datatype.startswith(_XSD):
        return lexical
    kind = datatype[len(_XSD) :]
    try:
        if kind in ("integer", "int", "long", "short", "nonNegativeInteger"):
            return int(lexical)
        if kind in ("double", "float", "decimal"):
            return float(lexical)
    except ValueError:
        return lexical
    if kind == "boolean":
        return lexical in ("true", "1")
    if kind == "dateTime":
        return DateTime(lexical)
    return lexical


# -- files -----------------------------------------------------------------------


def write_quads(
    quads: Iterable[Quad], output: IO[bytes], format: str, *, engine: str = "oxigraph"
) -> None:
    """Write ``quads`` to the binary stream ``output`` in ``format``.

    Triple formats (``ttl``, ``nt``) merge the named graphs into one graph.
    """
    _check_engine(engine)
    if format == "jsonld" or engine == "rdflib":
        _write_rdflib(quads, output, format)
    else:
        _write_oxigraph(quads, output, format)


def read_quads(source: str | Path, format: str, *, engine: str = "oxigraph") -> Iterator[Quad]:
    """Yield the quads in file ``source``; triples of triple formats have graph ``""``."""
    _check_engine(engine)
    reader = _read_rdflib if engine == "rdflib" else _read_oxigraph
    try:
        if format == "jsonld":
            _check_json_depth(Path(source))
        yield from reader(Path(source), format)
    except (SyntaxError, ValueError) as exc:
        raise RdfFormatError(
            f"{source} does not parse as {format}: {exc}; check the file or pass --format"
        ) from exc
    except OSError as exc:
        raise RdfFormatError(f"cannot read {source}: {exc}") from exc
    except MemoryError as exc:
        # Oxigraph refuses a token (a literal, an IRI) over its 16 MB buffer (issue 20.13).
        raise RdfValueTooLargeError(
            f"{source} holds a value too large to parse ({exc}); shorten or drop that literal"
        ) from exc


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ClaimgraphError(f"unknown RDF engine {engine!r}; choose one of: {', '.join(ENGINES)}")


def _write_oxigraph(quads: Iterable[Quad], output: IO[bytes], format: str) -> None:
    import pyoxigraph as ox

    rdf_format = _ox_format(format)
    if FORMATS[format][1]:
        items: Iterable[Any] = (to_oxigraph(q) for q in quads)
    else:
        items = (to_oxigraph(q).triple for q in _unique_triples(quads))
    ox.serialize(items, output, rdf_format, prefixes=PREFIXES)


def _write_rdflib(quads: Iterable[Quad], output: IO[bytes], format: str) -> None:
    from rdflib import Dataset

    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    dataset.addN((s, p, o, dataset.graph(g)) for s, p, o, g in (to_rdflib(q) for q in quads))
    if format == "jsonld":
        dataset.serialize(output, format="json-ld", context=jsonld_context(), auto_compact=True)
    elif FORMATS[format][1]:
        dataset.serialize(output, format=_RDFLIB_FORMAT[format])
    else:
        # A triple format: the union of the named graphs.
        from rdflib import Graph

        union = Graph()
        for prefix, namespace in PREFIXES.items():
            union.bind(prefix, namespace)
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        union.serialize(output, format=_RDFLIB_FORMAT[format])


def _read_oxigraph(path: Path, format: str) -> Iterator[Quad]:
    import pyoxigraph as ox

    for quad in ox.parse(path=path, format=_ox_format(format)):
        yield from_oxigraph(quad)


def _read_rdflib(path: Path, format: str) -> Iterator[Quad]:
    from rdflib import Dataset

    if format == "jsonld":
        _refuse_remote_contexts(path)
    dataset = Dataset()
    # N-Triples is Turtle; rdflib's Turtle parser reads long literals in linear time.
    dataset.parse(str(path), format="turtle" if format == "nt" else _RDFLIB_FORMAT[format])
    for s, p, o, g in dataset.quads((None, None, None, None)):
        yield from_rdflib(s, p, o, g)


#: A whole JSON string, its escapes included (possessive: no backtracking in long strings).
_JSON_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.S)
#: Every byte but brackets, deleted; then an opener counts 2 and a closer 0.
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_BRACKET_WEIGHTS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


def _check_json_depth(path: Path) -> None:
    """Refuse a JSON-LD file nested deeper than real JSON-LD ever is.

    Oxigraph's JSON-LD parser takes time quadratic in the depth and crashes
    the process (a stack overflow, not an exception) at a few thousand
    levels; rdflib's raises RecursionError at about a thousand. The file is
    scanned in chunks, strings skipped, so its size costs no memory.
    """
    depth = 0
    carry = b""
    with path.open("rb") as file:
        while chunk := file.read(1 << 23):
            data = _JSON_STRING.sub(b"", carry + chunk)
            # What follows a quote left over is a string not ended in this chunk.
            cut = data.find(b'"')
            carry = data[cut:] if cut >= 0 else b""
            weights = (data[:cut] if cut >= 0 else data).translate(_BRACKET_WEIGHTS, _NOT_BRACKETS)
            if not weights:
                continue
            # Depth after the k-th bracket: the sum of the first k weights, less k.
            sums = map(operator.sub, itertools.accumulate(weights), itertools.count(1))
            if depth + max(sums) > MAX_JSON_DEPTH:
                raise RdfFormatError(
                    f"{path} is JSON nested more than {MAX_JSON_DEPTH} levels deep; not read "
                    "(JSON-LD that claimgraph writes nests fewer than 10)"
                )
            depth += sum(weights) - len(weights)


def _refuse_remote_contexts(path: Path) -> None:
    """Refuse JSON-LD whose ``@context`` names a URL: rdflib would download it."""

    def remote(value: Any) -> bool:
        if isinstance(value, dict):
            return any(
                remote(item) if key != "@context" else _names_url(item)
                for key, item in value.items()
            )
        return isinstance(value, list) and any(remote(item) for item in value)

    with path.open("rb") as file:
        document = json.load(file)
    if remote(document):
        raise RdfFormatError(
            f"{path} has a remote @context, which would be downloaded; "
            "claimgraph reads only local data: inline the context"
        )


def _names_url(context: Any) -> bool:
    if isinstance(context, str):
        return True
    if isinstance(context, list):
        return any(_names_url(item) for item in context)
    return isinstance(context, dict) and (
        "@import" in context
        or any(isinstance(v, dict) and _names_url(v.get("@context")) for v in context.values())
    )


def _ox_format(format: str) -> Any:
    import pyoxigraph as ox

    return {
        "trig": ox.RdfFormat.TRIG,
        "nq": ox.RdfFormat.N_QUADS,
        "ttl": ox.RdfFormat.TURTLE,
        "jsonld": ox.RdfFormat.JSON_LD,
        "nt": ox.RdfFormat.N_TRIPLES,
    }[format]


def _unique_triples(quads: Iterable[Quad]) -> Iterator[Quad]:
    seen: set[tuple[str, str, Any]] = set()
    for quad in quads:
        key = (quad[0], quad[1], (type(quad[2]), quad[2]))
        if key not in seen:
            seen.add(key)
            yield quad
