// name: hashtag-users
// purpose: Who used a hashtag: accounts that posted documents tagged with it and speakers of claims about it.
// param: tag  the hashtag, with or without #, in any case
// subgraph: u AS user_node, tags AS hashtag_nodes
WITH toLower(trim($tag)) AS wanted
WITH CASE WHEN wanted STARTS WITH '#' THEN substring(wanted, 1) ELSE wanted END AS bare
MATCH (h:Hashtag)
WHERE h.id = bare OR toLower(h.tag) = bare
// Collect each group before the next match so that the two never multiply.
OPTIONAL MATCH (h)<-[:TAGGED]-(:Document)<-[:POSTED]-(poster:Account)
WITH h, collect(DISTINCT poster) AS posters
OPTIONAL MATCH (h)<-[:ABOUT]-(:Claim)<-[:SAID]-(speaker)
WITH h, posters, collect(DISTINCT speaker) AS speakers
UNWIND posters + speakers AS u
WITH DISTINCT h, u
OPTIONAL MATCH (u)-[:POSTED]->(post:Document)-[:TAGGED]->(h)
WITH h, u, count(DISTINCT post) AS posts
OPTIONAL MATCH (u)-[:SAID]->(c:Claim)-[:ABOUT]->(h)
WITH u, posts, count(DISTINCT c) AS claims, collect(DISTINCT h) AS tags
RETURN coalesce(u.name, '@' + u.handle) AS user,
       CASE WHEN u:Account THEN 'account' ELSE u.kind END AS kind,
       posts,
       claims
ORDER BY posts + claims DESC, user
