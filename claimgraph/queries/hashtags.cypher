// name: hashtags
// purpose: Every hashtag with the number of documents tagged with it and of claims about it.
// param: limit = 100  how many hashtags to list
// subgraph: collect(DISTINCT h) AS hashtag_nodes, collect(DISTINCT c) AS claim_nodes
MATCH (h:Hashtag)
OPTIONAL MATCH (d:Document)-[:TAGGED]->(h)
WITH h, count(DISTINCT d) AS documents
OPTIONAL MATCH (c:Claim)-[:ABOUT]->(h)
RETURN '#' + coalesce(h.tag, h.id) AS hashtag,
       documents,
       count(DISTINCT c) AS claims
ORDER BY documents DESC, claims DESC, hashtag
LIMIT $limit
