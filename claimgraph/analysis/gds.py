"""Communities of stored ``COORDINATED_WITH`` edges by Neo4j Graph Data Science (Louvain).

The NetworkX path builds the co-action graph in memory; this one leaves the
community detection to the server, which suits graphs too large for one
machine's memory. The edges of one run are projected into a named in-memory
GDS graph (undirected, ``weight`` the heavier of the two directions, as the
NetworkX path does), Louvain streams the communities back and the projection
is dropped whatever happens.

GDS Louvain takes no random seed, so the run is made repeatable instead:
one thread (``concurrency: 1``) and ``consecutiveIds``. Its ``resolution`` is
fixed at 1.
"""

from __future__ import annotations

import uuid

from claimgraph.errors import ClaimgraphError
from claimgraph.graph.base import GraphStore

__all__ = ["GdsError", "check_gds", "gds_louvain"]

#: Cypher of the GDS path (GDS 2.x on Neo4j 5).
HAS_LOUVAIN = "SHOW PROCEDURES YIELD name WHERE name = 'gds.louvain.stream' RETURN count(*) AS n"
PROJECT_RUN = """
MATCH (a:Account)-[r:COORDINATED_WITH {run: $run}]-(b:Account)
WHERE a.id < b.id
WITH a, b, max(r.weight) AS weight
WITH gds.graph.project($graph, a, b, {relationshipProperties: {weight: toFloat(weight)}},
                       {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
"""
LOUVAIN_STREAM = """
CALL gds.louvain.stream($graph, {relationshipWeightProperty: 'weight', concurrency: 1,
                                 consecutiveIds: true})
YIELD nodeId, communityId
RETURN gds.util.asNode(nodeId).id AS account, communityId AS community
"""
DROP_GRAPH = "CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName"

GDS_INSTALL = (
    "install the Graph Data Science plugin on the server (Neo4j Desktop: the database's "
    "Plugins tab; Docker: NEO4J_PLUGINS='[\"graph-data-science\"]'; otherwise the GDS jar "
    "matching the server in its plugins/ directory) with "
    "dbms.security.procedures.unrestricted=gds.*, or use --engine networkx"
)


class GdsError(ClaimgraphError):
    """Graph Data Science cannot run on this store."""


def check_gds(store: GraphStore) -> None:
    """Raise :class:`GdsError` unless ``store`` is a Neo4j server with GDS Louvain.

    Examples
    --------
    >>> from claimgraph.graph.backends.embedded import EmbeddedStore
    >>> with EmbeddedStore() as store:
    ...     check_gds(store)
    Traceback (most recent call last):
    ...
    claimgraph.analysis.gds.GdsError: --engine gds needs --store neo4j (this store is embedded); ...
    """
    if store.name != "neo4j":
        raise GdsError(
            f"--engine gds needs --store neo4j (this store is {store.name}); "
            "use --engine networkx with other stores"
        )
    if not store.query(HAS_LOUVAIN).rows[0][0]:
        raise GdsError(f"the Neo4j server has no gds.louvain.stream procedure; {GDS_INSTALL}")


def gds_louvain(store: GraphStore, run: str) -> list[set[str]]:
    """Return the Louvain communities of run ``run``'s ``COORDINATED_WITH`` edges in ``store``.

    Each community is a set of ``Account`` ids. Accounts on no edge of the run
    (or only on a self-loop) are in none.
    """
    check_gds(store)
    graph = f"claimgraph-amplification-{run}-{uuid.uuid4().hex[:12]}"
    projected = store.query(PROJECT_RUN, {"run": run, "graph": graph})
    try:
        if not projected.rows or not projected.rows[0][1]:
            return []
        rows = store.query(LOUVAIN_STREAM, {"graph": graph}).rows
    finally:
        store.query(DROP_GRAPH, {"graph": graph})
    communities: dict[int, set[str]] = {}
    for account, community in rows:
        communities.setdefault(int(community), set()).add(str(account))
    return list(communities.values())
