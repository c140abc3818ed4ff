"""claimgraph's graph as RDF: who said what about whom as linked data.

The mapping (:mod:`claimgraph.rdf.mapping`) puts labels and relationships on
PROV-O, schema.org, SIOC and FOAF terms, with one named graph per source
document; :mod:`claimgraph.rdf.engines` reads and writes TriG, N-Quads,
Turtle and JSON-LD with Oxigraph or rdflib; :mod:`claimgraph.rdf.sparql`
runs SPARQL. The ontology of claimgraph's own terms is ``claimgraph.ttl``
beside this module. The package is a codec over :mod:`claimgraph.model`:
reading a store's graph out as RDF and RDF into a store is
:mod:`claimgraph.operations.rdf`.

Examples
--------
>>> from claimgraph.model import GraphBatch, Node
>>> batch = GraphBatch()
>>> _ = batch.add_node(Node("Actor", "k", {"name": "K", "aliases": ["Kay"]}, ("Person",)))
>>> node = quads_to_batch(batch_to_quads(batch)).nodes[("Actor", "k")]
>>> node.props, node.extra_labels
({'name': 'K', 'aliases': ['Kay']}, ('Person',))
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from claimgraph.rdf.engines import FORMATS, RdfFormatError, format_of, read_quads, write_quads
from claimgraph.rdf.mapping import Quad, batch_to_quads, quads_to_batch

__all__ = [
    "FORMATS",
    "Quad",
    "RdfFormatError",
    "batch_to_quads",
    "format_of",
    "ontology_path",
    "quads_to_batch",
    "read_quads",
    "write_quads",
]


def ontology_path() -> Path:
    """Return the path of ``claimgraph.ttl``, the ontology of claimgraph's own terms."""
    return Path(str(resources.files(__name__).joinpath("claimgraph.ttl")))
