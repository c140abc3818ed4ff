// name: actors
// purpose: Every actor with its kind and aliases, and how often it is mentioned, speaks and is spoken about.
// param: limit = 100  how many actors to list
// subgraph: collect(DISTINCT a) AS actor_nodes, collect(DISTINCT about) AS claim_nodes
MATCH (a:Actor)
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(a)
WITH a, count(DISTINCT d) AS documents
OPTIONAL MATCH (a)-[:SAID]->(said:Claim)
WITH a, documents, count(DISTINCT said) AS claims_made
OPTIONAL MATCH (about:Claim)-[:ABOUT]->(a)
RETURN a.name AS actor,
       a.kind AS kind,
       coalesce(a.aliases, []) AS aliases,
       documents,
       claims_made,
       count(DISTINCT about) AS claims_about
ORDER BY documents DESC, claims_made DESC, actor
LIMIT $limit
