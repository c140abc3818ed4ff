"""The RDF mapping and its inverse, in every format, with both engines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from claimgraph.model import GraphBatch, Node, Relationship
from claimgraph.rdf import batch_to_quads, ontology_path, quads_to_batch
from claimgraph.rdf.engines import ENGINES, FORMATS, read_quads, write_quads
from claimgraph.rdf.mapping import (
    ANALYSIS_GRAPH,
    ENTITIES_GRAPH,
    LABEL_CLASSES,
    RELATIONSHIP_PREDICATES,
    document_graph,
    node_iri,
    parse_node_iri,
)
from tests.conftest import ARTICLE, sample_graph

_RDFLIB = {"trig": "trig", "nq": "nquads", "ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
_OXIGRAPH = {
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
}


def _typed_graph() -> GraphBatch:
    """Return the sample graph with values of every type, a Wikidata link, edge properties."""
    batch = sample_graph()
    massimov = batch.nodes[("Actor", "karim-massimov")]
    massimov.props["sameas"] = "http://www.wikidata.org/entity/Q318513"
    claim = batch.nodes[("Claim", "c-taizhan")]
    claim.props.update(confidence=0.875, speaker_text="Taizhan", speaker_start=0, speaker_end=7)
    batch.add_node(Node("Cluster", "louvain:1:0", {"method": "louvain", "size": 2, "flag": True}))
    batch.add_node(Node("Url", "https://example.org/a?id=2", {"domain": "example.org"}))
    batch.add_relationship(
        Relationship("LINKS_TO", "Document", ARTICLE, "Url", "https://example.org/a?id=2")
    )
    batch.add_relationship(
        Relationship(
            "COORDINATED_WITH",
            "Account",
            "twitter:almirikarpykov",
            "Account",
            "twitter:samsonino",
            {"weight": 3, "types": ["repost", "hashtag"], "window_s": 60.5},
        )
    )
    return batch


def _snapshot(batch: GraphBatch) -> tuple[dict, dict]:
    """Nodes and relationships with their labels and properties; lists compared as sets."""

    def norm(props: dict) -> dict:
        return {
            k: sorted(v) if isinstance(v, list) else v for k, v in props.items() if v is not None
        }

    nodes = {key: (norm(n.props), tuple(sorted(n.extra_labels))) for key, n in batch.nodes.items()}
    rels = {key: norm(r.props) for key, r in batch.relationships.items()}
    return nodes, rels


def test_iris_are_deterministic_and_reversible() -> None:
    iri = node_iri("Actor", "карим-масимов")
    assert (
        iri
        == "https://w3id.org/claimgraph/id/actor/%D0%BA%D0%B0%D1%80%D0%B8%D0%BC-%D0%BC%D0%B0%D1%81%D0%B8%D0%BC%D0%BE%D0%B2"
    )
    assert parse_node_iri(iri) == ("Actor", "карим-масимов")
    url = node_iri("Url", "https://example.org/a?id=2&b=%20")
    assert parse_node_iri(url) == ("Url", "https://example.org/a?id=2&b=%20")
    assert parse_node_iri("https://schema.org/Person") is None


def test_inverse_mapping_restores_the_graph() -> None:
    batch = _typed_graph()
    assert _snapshot(quads_to_batch(batch_to_quads(batch))) == _snapshot(batch)


def test_types_survive() -> None:
    batch = quads_to_batch(batch_to_quads(_typed_graph()))
    claim = batch.nodes[("Claim", "c-taizhan")].props
    assert claim["start"] == 10 and isinstance(claim["start"], int)
    assert claim["confidence"] == 0.875
    assert batch.nodes[("Cluster", "louvain:1:0")].props["flag"] is True
    assert batch.nodes[("Actor", "aigul-orynbek")].props["aliases"] == []
    assert batch.nodes[("Document", ARTICLE)].props["published_at"] == "2016-08-12T00:00:00Z"
    key = ("COORDINATED_WITH", "Account", "twitter:almirikarpykov", "Account", "twitter:samsonino")
    assert batch.relationships[key].props == {
        "weight": 3,
        "types": ["hashtag", "repost"],
        "window_s": 60.5,
    }


def test_one_named_graph_per_document() -> None:
    quads = list(batch_to_quads(_typed_graph()))
    said = RELATIONSHIP_PREDICATES["SAID"]
    graphs = {g for s, p, o, g in quads if p == said and o == node_iri("Claim", "c-almiri")}
    assert graphs == {document_graph("twitter:1001")}
    actor = node_iri("Actor", "karim-massimov")
    assert {g for s, p, o, g in quads if s == actor} == {ENTITIES_GRAPH}
    assert {g for s, p, o, g in quads if s == node_iri("Cluster", "louvain:1:0")} == {
        ANALYSIS_GRAPH
    }
    claim = node_iri("Claim", "c-taizhan")
    assert {g for s, p, o, g in quads if s == claim} == {document_graph(ARTICLE)}


def test_standard_vocabularies() -> None:
    quads = list(batch_to_quads(_typed_graph()))
    types = {(s, o) for s, p, o, g in quads if p.endswith("#type")}
    assert (node_iri("Actor", "khabar"), "https://schema.org/NewsMediaOrganization") in types
    assert (node_iri("Document", ARTICLE), "https://schema.org/NewsArticle") in types
    assert (node_iri("Document", "twitter:1001"), "https://schema.org/SocialMediaPosting") in types
    account = node_iri("Account", "twitter:samsonino")
    assert (account, "http://rdfs.org/sioc/ns#UserAccount") in types
    same = [o for s, p, o, g in quads if p == "http://www.w3.org/2002/07/owl#sameAs"]
    assert same == ["http://www.wikidata.org/entity/Q318513"]


def test_ontology_labels_every_own_term() -> None:
    graph = rdflib.Graph().parse(ontology_path())
    cg = rdflib.Namespace("https://w3id.org/claimgraph/ns#")
    used = {c for classes in LABEL_CLASSES.values() for c in classes if c.startswith(str(cg))}
    used |= {p for p in RELATIONSHIP_PREDICATES.values() if p.startswith(str(cg))}
    for term in used:
        assert (rdflib.URIRef(term), rdflib.RDFS.label, None) in graph, term
        assert (rdflib.URIRef(term), rdflib.RDFS.comment, None) in graph, term


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_parses_back_with_rdflib_and_oxigraph(
    fmt: str, engine: str, tmp_path: Path
) -> None:
    batch = _typed_graph()
    path = tmp_path / f"graph{FORMATS[fmt][0][0]}"
    with path.open("wb") as stream:
        write_quads(batch_to_quads(batch), stream, fmt, engine=engine)
    dataset = rdflib.Dataset().parse(path, format=_RDFLIB[fmt])
    oxigraph = list(pyoxigraph.parse(path=path, format=_OXIGRAPH[fmt]))
    assert len(dataset) > 0 and len(oxigraph) > 0
    for reader in ENGINES:
        assert _snapshot(quads_to_batch(read_quads(path, fmt, engine=reader))) == _snapshot(batch)
    if FORMATS[fmt][1]:
        names = {str(q.graph_name.value) for q in oxigraph}
        assert document_graph(ARTICLE) in names and ENTITIES_GRAPH in names


def test_jsonld_carries_a_context() -> None:
    buffer = io.BytesIO()
    write_quads(batch_to_quads(sample_graph()), buffer, "jsonld")
    document = json.loads(buffer.getvalue())
    assert document["@context"]["schema"] == "https://schema.org/"
    assert document["@context"]["cg"] == "https://w3id.org/claimgraph/ns#"
