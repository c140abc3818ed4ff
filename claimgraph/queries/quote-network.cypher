// name: quote-network
// purpose: Who talks about whom: speaker -> target edges with how many claims, strongest first.
// param: limit = 100  how many edges
MATCH (s)-[:SAID]->(c:Claim)-[:ABOUT]->(t)
WITH s, t, count(DISTINCT c) AS claims
RETURN coalesce(s.name, '@' + s.handle) AS speaker,
       coalesce(t.name, '@' + t.handle, '#' + t.tag) AS target,
       claims
ORDER BY claims DESC, speaker, target
LIMIT $limit
