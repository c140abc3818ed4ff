// name: accounts
// purpose: Every account with who operates it, how many posts it made and how many documents mention it.
// param: limit = 100  how many accounts to list
// subgraph: collect(DISTINCT a) AS account_nodes, collect(DISTINCT operator) AS operator_nodes
MATCH (a:Account)
OPTIONAL MATCH (a)-[:POSTED]->(post:Document)
WITH a, count(DISTINCT post) AS posts
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(a)
WITH a, posts, count(DISTINCT d) AS mentioned_in
OPTIONAL MATCH (operator:Actor)-[:OPERATES]->(a)
RETURN coalesce('@' + a.handle, a.id) AS account,
       a.platform AS platform,
       a.display_name AS display_name,
       collect(DISTINCT operator.name) AS operated_by,
       posts,
       mentioned_in
ORDER BY posts + mentioned_in DESC, account
LIMIT $limit
