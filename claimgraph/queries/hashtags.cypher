// name: hashtags
// purpose: Every hashtag with the number of documents tagged with it and of claims about it.
// param: limit = 100  how many hashtags to list
// subgraph: h AS hashtag_node, [(c:Claim)-[:ABOUT]->(h) | c] AS claim_nodes
//
// Ranked first, so that only the listed hashtags' claims are read for the subgraph.
MATCH (h:Hashtag)
OPTIONAL MATCH (d:Document)-[:TAGGED]->(h)
WITH h, count(DISTINCT d) AS documents
OPTIONAL MATCH (c:Claim)-[:ABOUT]->(h)
WITH h, documents, count(DISTINCT c) AS claims
ORDER BY documents DESC, claims DESC, '#' + coalesce(h.tag, h.id)
LIMIT $limit
RETURN '#' + coalesce(h.tag, h.id) AS hashtag,
       documents,
       claims
ORDER BY documents DESC, claims DESC, hashtag
