"""The mapping between claimgraph's property graph and RDF, both ways.

Labels become classes of PROV-O, schema.org, SIOC and FOAF (and claimgraph's
own ontology, ``claimgraph.ttl``, where no standard term fits); relationship
types become predicates; properties become literals. Every node gets an IRI
made from its label and id, so the same graph always gives the same triples.

Quads are engine-neutral tuples ``(subject, predicate, object, graph)``:
subject, predicate and graph are IRI strings; the object is an :class:`Iri`
or a plain Python value (``str``, ``int``, ``float``, ``bool``, or
:class:`DateTime`). :mod:`claimgraph.rdf.engines` turns them into rdflib or
Oxigraph terms.

Named graphs keep the evidence: what a document says (the document itself,
its claims, and every relationship from or to it or its claims) is in the
graph named after it; descriptions of actors, accounts, hashtags and links,
which many documents share, are in the ``entities`` graph, with ``OPERATES``;
clusters and co-action found by analysis are in the ``analysis`` graph.

A relationship with properties (``MENTIONS {count}``, ``COORDINATED_WITH``)
is stated as a plain triple plus an ``rdf:Statement`` with a deterministic
IRI that carries the properties (standard RDF reification).

Examples
--------
>>> node_iri("Actor", "karim-massimov")
'https://w3id.org/claimgraph/id/actor/karim-massimov'
>>> parse_node_iri(node_iri("Account", "twitter:almirikarpykov"))
('Account', 'twitter:almirikarpykov')
>>> document_graph("twitter:1001")
'https://w3id.org/claimgraph/graph/document/twitter:1001'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, unquote

from claimgraph.model import NODE_LABELS, GraphBatch, Node, Relationship

__all__ = [
    "BASE",
    "CG",
    "CG_PROPERTY",
    "CG_LIST_PROPERTY",
    "PREFIXES",
    "LABEL_CLASSES",
    "PROPERTY_PREDICATES",
    "LIST_KEYS",
    "RELATIONSHIP_PREDICATES",
    "EMPTY_LIST",
    "ENTITIES_GRAPH",
    "ANALYSIS_GRAPH",
    "Iri",
    "DateTime",
    "Quad",
    "node_iri",
    "parse_node_iri",
    "statement_iri",
    "document_graph",
    "batch_to_quads",
    "quads_to_batch",
]

#: Root of every IRI claimgraph mints.
BASE = "https://w3id.org/claimgraph/"
#: claimgraph's ontology (``claimgraph/rdf/claimgraph.ttl``).
CG = BASE + "ns#"
#: Scalar properties the mapping has no term for: ``cgp:KEY``.
CG_PROPERTY = BASE + "ns/property#"
#: List properties the mapping has no term for: ``cgl:KEY``.
CG_LIST_PROPERTY = BASE + "ns/list#"
_ID = BASE + "id/"
_GRAPH = BASE + "graph/"
#: The graph of node descriptions shared across documents.
ENTITIES_GRAPH = _GRAPH + "entities"
#: The graph of what analysis found (clusters, co-action).
ANALYSIS_GRAPH = _GRAPH + "analysis"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SDO = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
SIOC = "http://rdfs.org/sioc/ns#"
OWL = "http://www.w3.org/2002/07/owl#"
DCTERMS = "http://purl.org/dc/terms/"

#: Prefixes used when writing Turtle, TriG and the JSON-LD context.
PREFIXES = {
    "cg": CG,
    "cgp": CG_PROPERTY,
    "cgl": CG_LIST_PROPERTY,
    "schema": SDO,
    "prov": PROV,
    "foaf": FOAF,
    "sioc": SIOC,
    "owl": OWL,
    "dcterms": DCTERMS,
    "rdf": RDF,
    "xsd": XSD,
    "actor": _ID + "actor/",
    "account": _ID + "account/",
    "claim": _ID + "claim/",
    "document": _ID + "document/",
    "hashtag": _ID + "hashtag/",
}

RDF_TYPE = RDF + "type"

#: Classes of each label; the first one marks the label when reading back.
LABEL_CLASSES: dict[str, tuple[str, ...]] = {
    "Document": (CG + "Document", PROV + "Entity"),
    "Article": (SDO + "NewsArticle",),
    "Post": (SDO + "SocialMediaPosting",),
    "Actor": (CG + "Actor", PROV + "Agent"),
    "Person": (SDO + "Person", FOAF + "Person"),
    "Organization": (SDO + "Organization", FOAF + "Organization"),
    "Outlet": (SDO + "NewsMediaOrganization",),
    "Place": (SDO + "Place",),
    "Group": (CG + "Group", FOAF + "Group"),
    "Account": (SIOC + "UserAccount", PROV + "Agent"),
    "Claim": (SDO + "Claim", PROV + "Entity"),
    "Hashtag": (CG + "Hashtag", SDO + "DefinedTerm"),
    "Url": (CG + "Url",),
    "Cluster": (CG + "Cluster", SIOC + "Usergroup"),
}

#: Predicate of each property key; keys not listed use ``cgp:KEY`` or ``cgl:KEY``.
PROPERTY_PREDICATES: dict[str, str] = {
    "id": SDO + "identifier",
    "name": SDO + "name",
    "aliases": SDO + "alternateName",
    "kind": CG + "kind",
    "title": SDO + "headline",
    "url": SDO + "url",
    "published_at": SDO + "datePublished",
    "lang": SDO + "inLanguage",
    "text": SDO + "text",
    "source": CG + "source",
    "platform": CG + "platform",
    "handle": FOAF + "accountName",
    "display_name": FOAF + "name",
    "tag": SDO + "termCode",
    "domain": CG + "domain",
    "cue": CG + "cue",
    "start": CG + "start",
    "end": CG + "end",
    "speaker_text": CG + "speakerText",
    "speaker_start": CG + "speakerStart",
    "speaker_end": CG + "speakerEnd",
    "confidence": CG + "confidence",
    "sameas": OWL + "sameAs",
    "count": CG + "count",
    "weight": CG + "weight",
    "types": CG + "types",
    "window_s": CG + "windowSeconds",
    "evidence": CG + "evidence",
    "method": CG + "method",
    "size": CG + "size",
    "score": CG + "score",
    "created_at": DCTERMS + "created",
}

#: Keys whose value is a list: one triple per item.
LIST_KEYS = frozenset({"aliases", "types", "evidence"})
#: Keys whose values are IRIs rather than strings.
_IRI_KEYS = frozenset({"sameas"})
#: Keys whose values are ISO 8601 date-times (``xsd:dateTime``).
_DATETIME_KEYS = frozenset({"published_at", "created_at"})

#: Predicate of each relationship type.
RELATIONSHIP_PREDICATES: dict[str, str] = {
    "SAID": CG + "said",
    "ABOUT": SDO + "about",
    "REPORTED_IN": SDO + "appearance",
    "TOLD_TO": CG + "toldTo",
    "OPERATES": FOAF + "account",
    "POSTED": SIOC + "creator_of",
    "PUBLISHED": CG + "published",
    "MENTIONS": SDO + "mentions",
    "TAGGED": SDO + "keywords",
    "LINKS_TO": SIOC + "links_to",
    "REPOSTS": CG + "reposts",
    "REPLIES_TO": SIOC + "reply_of",
    "QUOTES": PROV + "wasQuotedFrom",
    "COORDINATED_WITH": CG + "coordinatedWith",
    "MEMBER_OF": SIOC + "member_of",
}

#: Names a list property that is present but empty (an empty list has no item triples).
EMPTY_LIST = CG + "emptyList"
_STATEMENT = RDF + "Statement"
_SUBJECT, _PREDICATE, _OBJECT = RDF + "subject", RDF + "predicate", RDF + "object"
_LABEL_OF_SEGMENT = {label.lower(): label for label in NODE_LABELS}
_LABEL_OF_CLASS = {classes[0]: label for label, classes in LABEL_CLASSES.items()}
_KEY_OF_PREDICATE = {predicate: key for key, predicate in PROPERTY_PREDICATES.items()}
_TYPE_OF_PREDICATE = {predicate: rel for rel, predicate in RELATIONSHIP_PREDICATES.items()}
_ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


class Iri(str):
    """An IRI object, as opposed to a string literal."""

    __slots__ = ()


class DateTime(str):
    """An ``xsd:dateTime`` literal in its lexical form."""

    __slots__ = ()


Quad = tuple[str, str, Any, str]


def node_iri(label: str, node_id: str) -> str:
    """Return the IRI of the node with primary ``label`` and ``node_id`` (percent-encoded)."""
    return f"{_ID}{label.lower()}/{quote(node_id, safe=':')}"


def parse_node_iri(iri: str) -> tuple[str, str] | None:
    """Return ``(label, id)`` of a node IRI, or ``None`` if ``iri`` names no node."""
    if not iri.startswith(_ID):
        return None
    segment, _, encoded = iri[len(_ID) :].partition("/")
    label = _LABEL_OF_SEGMENT.get(segment)
    if label is None or not encoded:
        return None
    return label, unquote(encoded)


def statement_iri(rel: Relationship) -> str:
    """Return the deterministic IRI of the ``rdf:Statement`` carrying ``rel``'s properties."""
    key = "\x1f".join((rel.type, rel.start_label, rel.start_id, rel.end_label, rel.end_id))
    return f"{_ID}statement/{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}"


def document_graph(doc_id: str) -> str:
    """Return the IRI of the named graph holding what document ``doc_id`` says."""
    return f"{_GRAPH}document/{quote(doc_id, safe=':')}"


def claim_documents(batch: GraphBatch) -> dict[str, str]:
    """Return the document id each claim in ``batch`` was reported in."""
    return {
        rel.start_id: rel.end_id
        for rel in batch.relationships.values()
        if rel.type == "REPORTED_IN"
    }


def batch_to_quads(
    batch: GraphBatch, claim_docs: Mapping[str, str] | None = None
) -> Iterator[Quad]:
    """Yield the quads of every node and relationship in ``batch``.

    Parameters
    ----------
    batch : GraphBatch
        The nodes and relationships to map.
    claim_docs : mapping, optional
        Document ids of claims whose ``REPORTED_IN`` is not in ``batch``
        (a store passes what it already holds); a claim with no known
        document is described in the entities graph.

    Examples
    --------
    >>> batch = GraphBatch()
    >>> _ = batch.add_node(Node("Hashtag", "x", {"tag": "x"}))
    >>> for quad in batch_to_quads(batch):
    ...     print(quad[1].rsplit("/", 1)[-1], quad[2])
    22-rdf-syntax-ns#type https://w3id.org/claimgraph/ns#Hashtag
    22-rdf-syntax-ns#type https://schema.org/DefinedTerm
    identifier x
    termCode x
    """
    docs = dict(claim_docs or {})
    docs.update(claim_documents(batch))
    for node in batch.nodes.values():
        yield from _node_quads(node, _node_graph(node.label, node.id, docs))
    for rel in batch.relationships.values():
        yield from _relationship_quads(rel, _relationship_graph(rel, docs))


def quads_to_batch(quads: Iterable[Quad]) -> GraphBatch:
    """Return the nodes and relationships that ``quads`` describe (the inverse mapping).

    Subjects that are not claimgraph node IRIs or statements (ontology terms,
    graph descriptions) are ignored; so are the graphs the quads are in.
    """
    types: dict[str, set[str]] = {}
    values: dict[str, dict[str, list[Any]]] = {}
    edges: list[tuple[str, str, str]] = []
    for subject, predicate, obj, _graph in quads:
        if predicate == RDF_TYPE:
            types.setdefault(subject, set()).add(str(obj))
        elif predicate in _TYPE_OF_PREDICATE and isinstance(obj, Iri):
            edges.append((subject, _TYPE_OF_PREDICATE[predicate], obj))
        else:
            values.setdefault(subject, {}).setdefault(predicate, []).append(obj)
    batch = GraphBatch()
    statements = {s for s, classes in types.items() if _STATEMENT in classes}
    for subject, classes in types.items():
        node = _node_from(subject, classes, values.get(subject, {}))
        if node is not None:
            batch.add_node(node)
    rel_props = _statement_props(statements, values)
    for subject, rel_type, obj in edges:
        start, end = parse_node_iri(subject), parse_node_iri(obj)
        if start is None or end is None:
            continue
        props = rel_props.get((subject, RELATIONSHIP_PREDICATES[rel_type], obj), {})
        batch.add_relationship(Relationship(rel_type, *start, *end, props))
    return batch


# -- forward -------------------------------------------------------------------


def _node_graph(label: str, node_id: str, claim_docs: Mapping[str, str]) -> str:
    if label == "Document":
        return document_graph(node_id)
    if label == "Claim" and node_id in claim_docs:
        return document_graph(claim_docs[node_id])
    if label == "Cluster":
        return ANALYSIS_GRAPH
    return ENTITIES_GRAPH


def _relationship_graph(rel: Relationship, claim_docs: Mapping[str, str]) -> str:
    for label, node_id in ((rel.start_label, rel.start_id), (rel.end_label, rel.end_id)):
        if label == "Document":
            return document_graph(node_id)
    for label, node_id in ((rel.start_label, rel.start_id), (rel.end_label, rel.end_id)):
        if label == "Claim" and node_id in claim_docs:
            return document_graph(claim_docs[node_id])
    if rel.type in ("COORDINATED_WITH", "MEMBER_OF"):
        return ANALYSIS_GRAPH
    return ENTITIES_GRAPH


def _node_quads(node: Node, graph: str) -> Iterator[Quad]:
    subject = node_iri(node.label, node.id)
    for label in (node.label, *node.extra_labels):
        for cls in LABEL_CLASSES.get(label, (CG + label,)):
            yield subject, RDF_TYPE, Iri(cls), graph
    yield subject, PROPERTY_PREDICATES["id"], node.id, graph
    yield from _property_quads(subject, node.props, graph)


def _relationship_quads(rel: Relationship, graph: str) -> Iterator[Quad]:
    subject = node_iri(rel.start_label, rel.start_id)
    predicate = RELATIONSHIP_PREDICATES[rel.type]
    obj = Iri(node_iri(rel.end_label, rel.end_id))
    yield subject, predicate, obj, graph
    props = {k: v for k, v in rel.props.items() if v is not None}
    if not props:
        return
    statement = statement_iri(rel)
    yield statement, RDF_TYPE, Iri(_STATEMENT), graph
    yield statement, _SUBJECT, Iri(subject), graph
    yield statement, _PREDICATE, Iri(predicate), graph
    yield statement, _OBJECT, obj, graph
    yield from _property_quads(statement, props, graph)


def _property_quads(subject: str, props: Mapping[str, Any], graph: str) -> Iterator[Quad]:
    for key, value in props.items():
        if value is None or key == "id":
            continue
        if value == []:
            yield subject, EMPTY_LIST, key, graph
            continue
        predicate = property_predicate(key, is_list=isinstance(value, list))
        for item in value if isinstance(value, list) else (value,):
            yield subject, predicate, _object(key, item), graph


def property_predicate(key: str, *, is_list: bool = False) -> str:
    """Return the predicate of property ``key``.

    Examples
    --------
    >>> property_predicate("name")
    'https://schema.org/name'
    >>> property_predicate("parameters", is_list=True)
    'https://w3id.org/claimgraph/ns/list#parameters'
    """
    known = PROPERTY_PREDICATES.get(key)
    if known is not None:
        return known
    return (CG_LIST_PROPERTY if is_list else CG_PROPERTY) + quote(key, safe="")


def _object(key: str, value: Any) -> Any:
    if isinstance(value, str):
        if key in _IRI_KEYS and _ABSOLUTE_IRI.match(value):
            return Iri(value)
        if key in _DATETIME_KEYS and _ISO_DATETIME.match(value):
            return DateTime(value)
    return value


# -- inverse -------------------------------------------------------------------


def _node_from(subject: str, classes: set[str], values: dict[str, list[Any]]) -> Node | None:
    parsed = parse_node_iri(subject)
    if parsed is None:
        return None
    label, node_id = parsed
    extra = sorted(
        other
        for other in (_label_of_class(cls) for cls in classes)
        if other is not None and other != label
    )
    ids = values.get(PROPERTY_PREDICATES["id"])
    if ids:
        node_id = str(ids[0])
    return Node(label, node_id, _props_from(values), tuple(extra))


def _label_of_class(cls: str) -> str | None:
    label = _LABEL_OF_CLASS.get(cls)
    if label is None and cls.startswith(CG):
        label = cls[len(CG) :]
    return label


def _statement_props(
    statements: set[str], values: dict[str, dict[str, list[Any]]]
) -> dict[tuple[str, str, str], dict[str, Any]]:
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for statement in statements:
        fields = values.get(statement, {})
        try:
            key = (
                str(fields[_SUBJECT][0]),
                str(fields[_PREDICATE][0]),
                str(fields[_OBJECT][0]),
            )
        except (KeyError, IndexError):
            continue
        found[key] = _props_from(fields)
    return found


def _props_from(values: dict[str, list[Any]]) -> dict[str, Any]:
    props: dict[str, Any] = {str(key): [] for key in values.get(EMPTY_LIST, ())}
    for predicate, objects in values.items():
        key, is_list = _key_of(predicate)
        if key is None or key == "id" or predicate == EMPTY_LIST:
            continue
        plain = [_plain(obj) for obj in objects]
        if is_list or len(plain) > 1:
            props[key] = sorted(dict.fromkeys(plain), key=str)
        else:
            props[key] = plain[0]
    return props


def _key_of(predicate: str) -> tuple[str | None, bool]:
    key = _KEY_OF_PREDICATE.get(predicate)
    if key is not None:
        return key, key in LIST_KEYS
    for namespace, is_list in ((CG_PROPERTY, False), (CG_LIST_PROPERTY, True)):
        if predicate.startswith(namespace):
            return unquote(predicate[len(namespace) :]), is_list
    return None, False


def _plain(obj: Any) -> Any:
    if isinstance(obj, DateTime) and obj.endswith("+00:00"):
        # rdflib writes UTC as +00:00; the data model writes it as Z.
        return obj[: -len("+00:00")] + "Z"
    if isinstance(obj, str):
        # A literal may hold "\u0000" or a lone surrogate, which no store can hold
        # (issue 20.13): each becomes U+FFFD, as in documents read by ingest, so
        # character offsets into a text stay right.
        return _UNSTORABLE.sub("\ufffd", str(obj))
    return obj


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
