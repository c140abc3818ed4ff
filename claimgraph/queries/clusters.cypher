// name: clusters
// purpose: Amplification clusters, latest run first: their members, what they did together, and the post pairs that show it.
// param: limit = 20  how many clusters to list
// subgraph: c AS cluster_node, members AS member_nodes
//
// A cluster is written by `claimgraph analyze amplification` (DESIGN.md): its
// members are the accounts MEMBER_OF it, and the COORDINATED_WITH ties of the
// same run between two members hold the co-action types, weights and evidence
// (pairs of post ids, "first|second").
MATCH (c:Cluster)
OPTIONAL MATCH (a:Account)-[:MEMBER_OF]->(c)
WITH c, a
ORDER BY a.id
WITH c, collect(DISTINCT a) AS members
OPTIONAL MATCH (x:Account)-[:MEMBER_OF]->(c)
OPTIONAL MATCH (x)-[w:COORDINATED_WITH]->(y:Account)
WHERE w.run = c.run AND y IN members
WITH c, members, w
ORDER BY w.weight DESC, x.id, y.id
WITH c, members, collect(w) AS ties
RETURN c.index AS cluster,
       c.run AS run,
       c.method AS method,
       size(members) AS size,
       [m IN members | coalesce('@' + m.handle, m.id)] AS members,
       reduce(found = [], w IN ties | found + [t IN coalesce(w.types, []) WHERE NOT t IN found]) AS types,
       reduce(total = 0, w IN ties | total + coalesce(w.weight, 0)) AS weight,
       reduce(pairs = [], w IN ties | pairs + coalesce(w.evidence, []))[0..20] AS evidence
ORDER BY c.created_at DESC, run, cluster
LIMIT $limit
