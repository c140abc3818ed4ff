// name: top-actors
// purpose: Actors ranked by the number of documents that mention them.
// param: limit = 20  how many actors to list
// subgraph: collect(DISTINCT a) AS actor_nodes, collect(DISTINCT d) AS document_nodes
MATCH (d:Document)-[:MENTIONS]->(a:Actor)
RETURN a.name AS actor, a.kind AS kind, count(DISTINCT d) AS documents
ORDER BY documents DESC, actor
LIMIT $limit
