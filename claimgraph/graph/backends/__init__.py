"""The graph store backends, each registered by name in :mod:`claimgraph.graph`.

- :mod:`~claimgraph.graph.backends.embedded`: FalkorDBLite in a database file
  (its Redis server's lifecycle in :mod:`~claimgraph.graph.backends.redis_server`);
- :mod:`~claimgraph.graph.backends.neo4j`: a Neo4j server over Bolt;
- :mod:`~claimgraph.graph.backends.rdf`: RDF quads in an Oxigraph directory, asked in SPARQL.

A backend is imported only when first opened, so a command never pays for a
driver it does not use.
"""
