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
from typing import Any

from claimgraph.rdf.engines import FORMATS, RdfFormatError, format_of, read_quads, write_quads
from claimgraph.rdf.mapping import Quad, batch_to_quads, quads_to_batch

__all__ = [
    "FORMATS",
    "Quad",
    "RdfFormatError",
    "batch_to_quads",
    "export_rdf",
    "format_of",
    "import_rdf",
    "ontology_path",
    "quads_to_batch",
    "read_quads",
    "write_quads",
]


def ontology_path() -> Path:
    """Return the path of ``claimgraph.ttl``, the ontology of claimgraph's own terms."""
    return Path(str(resources.files(__name__).joinpath("claimgraph.ttl")))


def export_rdf(*args: Any, **kwargs: Any) -> int:
    """Write a store's graph as RDF (kept for callers of the old name; see operations.rdf)."""
    from claimgraph.operations.rdf import export_rdf as export

    return export(*args, **kwargs)


def import_rdf(*args: Any, **kwargs: Any) -> Any:
    """Read RDF into a store (kept for callers of the old name; see operations.rdf)."""
    from claimgraph.operations.rdf import import_rdf as load

    return load(*args, **kwargs)
