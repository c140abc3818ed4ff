"""The ``rdf`` store: the graph as RDF in a persistent Oxigraph store, through oxrdflib.

Ingest writes into it through the same :meth:`GraphStore.write` as into the
property-graph stores, mapped by :mod:`claimgraph.rdf.mapping` (one named
graph per source document). It answers SPARQL, not Cypher: use
``claimgraph sparql``. The database is a directory (``--db``), which one
process at a time may open.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from claimgraph.errors import (
    DatabaseNotFoundError,
    StoreError,
    StoreLockedError,
    StoreUnavailableError,
)
from claimgraph.graph.base import GraphStore, QueryResult, StoreCounts, WriteStats
from claimgraph.model import GraphBatch
from claimgraph.rdf import engines
from claimgraph.rdf.mapping import (
    EMPTY_LIST,
    LABEL_CLASSES,
    LIST_KEYS,
    PROPERTY_PREDICATES,
    RDF_TYPE,
    RELATIONSHIP_PREDICATES,
    Iri,
    Quad,
    batch_to_quads,
    node_iri,
    parse_node_iri,
    quads_to_batch,
)

__all__ = ["RdfStore", "DEFAULT_DIRECTORY"]

#: Directory used when ``--db`` is not given.
DEFAULT_DIRECTORY = "claimgraph.oxigraph"

_REPORTED_IN = RELATIONSHIP_PREDICATES["REPORTED_IN"]
_STRUCTURE = frozenset({RDF_TYPE, EMPTY_LIST}) | {PROPERTY_PREDICATES[key] for key in LIST_KEYS}
_RELATION_PREDICATES = frozenset(RELATIONSHIP_PREDICATES.values())
_REIFICATION = frozenset(
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#" + name
    for name in ("subject", "predicate", "object")
)

_COUNT_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?node) AS ?n)
WHERE { GRAPH ?g { ?node a ?class } }
GROUP BY ?class
"""
_COUNT_PREDICATES = """
SELECT ?p (COUNT(*) AS ?n)
WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } VALUES ?p { %s } } }
GROUP BY ?p
"""
_ACTORS = """
PREFIX schema: <https://schema.org/>
PREFIX cg: <https://w3id.org/claimgraph/ns#>
SELECT ?id ?name ?kind (GROUP_CONCAT(?alias; separator="\\u001f") AS ?aliases)
WHERE {
  GRAPH ?g { ?a a cg:Actor ; schema:identifier ?id }
  OPTIONAL { GRAPH ?g1 { ?a schema:name ?name } }
  OPTIONAL { GRAPH ?g2 { ?a cg:kind ?kind } }
  OPTIONAL { GRAPH ?g3 { ?a schema:alternateName ?alias } }
}
GROUP BY ?id ?name ?kind
"""


class RdfStore(GraphStore):
    """A graph kept as RDF quads in an Oxigraph database directory.

    Parameters
    ----------
    db : str or os.PathLike, optional
        The database directory, created if missing (default ``claimgraph.oxigraph``).
    read_only : bool, optional
        Only read: refuse a directory that does not exist rather than create it.
    timeout : float, optional
        Accepted so that every store opens with the same options; SPARQL
        queries run in this process, where Ctrl-C stops them.
    """

    name: ClassVar[str] = "rdf"
    capabilities: ClassVar[frozenset[str]] = frozenset({"sparql", "to_batch"})
    instead: ClassVar[Mapping[str, str]] = {
        "cypher": "the rdf store speaks SPARQL: use `claimgraph sparql` (saved questions: "
        "`claimgraph sparql --list`), or move the graph with `claimgraph export --store rdf "
        "-o graph.trig` and `claimgraph import graph.trig`"
    }
    multiprocess_safe: ClassVar[bool] = False

    def __init__(
        self,
        db: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        timeout: float | None = None,
    ) -> None:
        self.path = Path(db or DEFAULT_DIRECTORY).expanduser().resolve()
        if self.path.exists() and not self.path.is_dir():
            raise StoreUnavailableError(
                f"--db {self.path} is a file (an embedded database?); the rdf store keeps its "
                f"graph in a directory: pass one such as --db {self.path.with_suffix('.oxigraph')}"
            )
        if read_only and not self.path.is_dir():
            raise DatabaseNotFoundError(
                f"no such database: {self.path}; check the --db path, or create the rdf "
                f"store with: claimgraph ingest FILE --store rdf --db {self.path}"
            )
        if not self.path.parent.is_dir():
            raise StoreUnavailableError(
                f"cannot create the rdf store {self.path}: directory {self.path.parent} "
                "does not exist; create it or pass another --db"
            )
        self._dataset: Any = None
        self._ox: Any = _open_oxigraph(self.path)
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        self._dataset = Dataset(store=OxigraphStore(store=self._ox), default_union=True)

    @property
    def location(self) -> str:
        """Return the database directory."""
        return str(self.path)

    def files(self) -> frozenset[str]:
        """Return the database directory, as a real path."""
        return frozenset({os.path.realpath(self.path)})

    # -- GraphStore interface --------------------------------------------

    def write(self, batch: GraphBatch) -> WriteStats:
        """Merge ``batch``: scalar properties replace, list items add, relationships merge."""
        ox = self._store()
        quads = list(batch_to_quads(batch, self._claim_documents(batch)))
        stats = WriteStats(
            nodes_created=sum(1 for key in batch.nodes if not self._has_node(*key)),
            relationships_created=sum(
                1 for quad in quads if quad[1] in _RELATION_PREDICATES and not self._has(quad)
            ),
        )
        replaced = {(q[0], q[1]) for q in quads if _replaces(q[1])}
        stale = [
            old
            for subject, predicate in replaced
            for old in ox.quads_for_pattern(_named(subject), _named(predicate), None, None)
        ]
        for old in stale:
            ox.remove(old)
        ox.extend([engines.to_oxigraph(quad) for quad in quads])
        ox.flush()
        return stats

    def query(
        self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False
    ) -> QueryResult:
        """Refuse: this store answers SPARQL, not Cypher."""
        raise self.unsupported("cypher", "running Cypher")

    def sparql(self, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of the named graphs, ``params`` bound as values."""
        from claimgraph.rdf.sparql import run_sparql

        return run_sparql(self._dataset_open(), text, params)

    def counts(self) -> StoreCounts:
        """Return node counts by label and relationship counts by type, as the other stores do."""
        dataset = self._dataset_open()
        label_of = {classes[0]: label for label, classes in LABEL_CLASSES.items()}
        labels: dict[str, int] = {}
        for cls, n in dataset.query(_COUNT_CLASSES):
            label = label_of.get(str(cls))
            if label is not None:
                labels[label] = int(n)
        values = " ".join(f"<{p}>" for p in RELATIONSHIP_PREDICATES.values())
        type_of = {p: rel for rel, p in RELATIONSHIP_PREDICATES.items()}
        relationships = {
            type_of[str(p)]: int(n) for p, n in dataset.query(_COUNT_PREDICATES % values)
        }
        return StoreCounts(
            labels=dict(sorted(labels.items())), relationships=dict(sorted(relationships.items()))
        )

    def actors(self) -> Iterator[dict[str, Any]]:
        """Yield every actor as ``{"id", "name", "kind", "aliases"}``."""
        for row in self.sparql(_ACTORS).records():
            aliases = row["aliases"]
            row["aliases"] = sorted(aliases.split("\x1f")) if aliases else []
            yield row

    def to_batch(self) -> GraphBatch:
        """Return the whole graph as a batch (the inverse mapping of every quad)."""
        return quads_to_batch(engines.from_oxigraph(q) for q in self._store())

    def quads(self) -> Iterator[Quad]:
        """Yield every quad in the store, engine-neutral."""
        return (engines.from_oxigraph(q) for q in self._store())

    def close(self) -> None:
        """Flush and release the database directory."""
        if self._ox is None:
            return
        self._ox.flush()
        # Oxigraph releases the directory's lock when the last reference goes.
        self._dataset.close()
        self._dataset = None
        self._ox = None
        gc.collect()

    # -- helpers -----------------------------------------------------------

    def _store(self) -> Any:
        if self._ox is None:
            raise StoreError("the store is closed")
        return self._ox

    def _dataset_open(self) -> Any:
        self._store()
        return self._dataset

    def _has(self, quad: Quad) -> bool:
        subject, predicate, obj, _graph = quad
        pattern = (_named(subject), _named(predicate), engines._ox_object(obj), None)
        return next(iter(self._store().quads_for_pattern(*pattern)), None) is not None

    def _has_node(self, label: str, node_id: str) -> bool:
        cls = LABEL_CLASSES[label][0]
        return self._has((node_iri(label, node_id), RDF_TYPE, Iri(cls), ""))

    def _claim_documents(self, batch: GraphBatch) -> dict[str, str]:
        """Return the documents of claims in ``batch`` whose REPORTED_IN the store already holds."""
        found: dict[str, str] = {}
        ids = {key[1] for key in batch.nodes if key[0] == "Claim"}
        ids |= {
            node_id
            for rel in batch.relationships.values()
            for label, node_id in ((rel.start_label, rel.start_id), (rel.end_label, rel.end_id))
            if label == "Claim"
        }
        for claim in ids:
            pattern = (_named(node_iri("Claim", claim)), _named(_REPORTED_IN), None, None)
            for quad in self._store().quads_for_pattern(*pattern):
                parsed = parse_node_iri(quad.object.value)
                if parsed is not None:
                    found[claim] = parsed[1]
        return found


def _replaces(predicate: str) -> bool:
    """Whether a new value of ``predicate`` replaces the old one (a scalar property)."""
    return not (
        predicate in _STRUCTURE or predicate in _RELATION_PREDICATES or predicate in _REIFICATION
    ) and not predicate.startswith("https://w3id.org/claimgraph/ns/list#")


def _named(iri: str) -> Any:
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def _open_oxigraph(path: Path) -> Any:
    import pyoxigraph as ox

    try:
        return ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreLockedError(
                f"another process has the rdf store {path} open; wait for it to finish "
                "(an Oxigraph directory is opened by one process at a time)"
            ) from exc
        raise StoreUnavailableError(
            f"could not open the rdf store {path}: {exc}; check that it is an Oxigraph "
            "directory and writable"
        ) from exc
