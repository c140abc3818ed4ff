// name: quote-network
// purpose: Who talks about whom: speaker -> target edges with how many claims, strongest first.
// param: limit = 100  how many edges
// subgraph: s AS speaker_node, t AS target_node, said AS claim_nodes
MATCH (s)-[:SAID]->(c:Claim)-[:ABOUT]->(t)
WITH s, t, count(DISTINCT c) AS claims, collect(DISTINCT c) AS said
RETURN coalesce(s.name, '@' + s.handle) AS speaker,
       coalesce(t.name, '@' + t.handle, '#' + t.tag) AS target,
       claims
ORDER BY claims DESC, speaker, target
LIMIT $limit
