"""The workbench's Cypher: one named constant per question a page asks.

They are written in the openCypher subset that FalkorDB and Neo4j both run;
values travel as ``$parameters``, and ``{label}`` is filled only with the data
model's labels, checked by :func:`~claimgraph.graph.cypher.identifier`.
"""

SEARCH_ACTORS = """
MATCH (a:Actor)
WHERE toLower(a.name) CONTAINS $q OR a.id = $q
   OR any(alias IN coalesce(a.aliases, []) WHERE toLower(alias) CONTAINS $q)
RETURN a AS node ORDER BY a.name LIMIT $limit
"""
SEARCH_ACCOUNTS = """
MATCH (a:Account)
WHERE a.id CONTAINS $handle OR toLower(a.handle) CONTAINS $handle
   OR toLower(a.display_name) CONTAINS $q
RETURN a AS node ORDER BY a.id LIMIT $limit
"""
SEARCH_HASHTAGS = """
MATCH (h:Hashtag) WHERE h.id CONTAINS $tag OR toLower(h.tag) CONTAINS $q
RETURN h AS node ORDER BY h.id LIMIT $limit
"""
_CLAIMS_FOUND = """
WITH c LIMIT $limit
OPTIONAL MATCH (s)-[:SAID]->(c)
OPTIONAL MATCH (c)-[:REPORTED_IN]->(d:Document)
RETURN c AS node, s AS speaker, d.id AS doc_id, d.title AS doc_title
"""
SEARCH_CLAIMS = "MATCH (c:Claim) WHERE toLower(c.text) CONTAINS $q" + _CLAIMS_FOUND
# Claims by their words ($words), through the full-text index of their texts that each
# store builds whenever it is opened for writing; the procedures differ by store.
SEARCH_CLAIM_WORDS = {
    "embedded": "CALL db.idx.fulltext.queryNodes('Claim', $words) YIELD node AS c" + _CLAIMS_FOUND,
    "neo4j": "CALL db.index.fulltext.queryNodes('claimgraph_claim_text', $words) YIELD node AS c"
    + _CLAIMS_FOUND,
}
# How $words joins the words, each of which a claim must have (Lucene's default is OR).
CLAIM_WORDS_JOINER = {"embedded": " ", "neo4j": " AND "}
# One row if the store has that index, holding whether it is ready (built) to answer.
CLAIM_WORDS_INDEX = {
    "embedded": "CALL db.indexes() YIELD label, types, status "
    "WHERE label = 'Claim' AND 'FULLTEXT' IN coalesce(types.text, []) "
    "RETURN status = 'OPERATIONAL'",
    "neo4j": "SHOW FULLTEXT INDEXES YIELD name, state WHERE name = 'claimgraph_claim_text' "
    "RETURN state = 'ONLINE'",
}
# Documents by id, title, link or source; their words are found through their claims
# (a post is a claim too), which keeps a search on a large graph fast.
SEARCH_DOCUMENTS = """
MATCH (d:Document)
WHERE d.id = $raw OR toLower(d.title) CONTAINS $q OR toLower(d.url) CONTAINS $q
   OR toLower(d.source) CONTAINS $q
RETURN d.id AS id, labels(d) AS labels, d.title AS title, d.kind AS kind,
       d.published_at AS published_at, d.source AS source,
       substring(d.text, 0, 160) AS preview
LIMIT $limit
"""

NODE = "MATCH (n:{label} {{id: $id}}) RETURN n"
# Counts by one label are kept by the databases; counting every node's labels is a scan.
COUNT_LABEL = "MATCH (n:{label}) RETURN count(n)"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r)"
OPERATED = "MATCH (:Actor {id: $id})-[:OPERATES]->(x:Account) RETURN x ORDER BY x.id"
OPERATORS = "MATCH (a:Actor)-[:OPERATES]->(:Account {id: $id}) RETURN a ORDER BY a.name"

# The claims a set of speakers made, and the claims about a set of targets, with their
# document's text for the evidence sentence.
CLAIMS_SAID = """
MATCH (s:{label})-[:SAID]->(c:Claim) WHERE s.id IN $ids_{label}
WITH s, c LIMIT $limit
OPTIONAL MATCH (c)-[:REPORTED_IN]->(d:Document)
OPTIONAL MATCH (c)-[:ABOUT]->(t)
OPTIONAL MATCH (c)-[:TOLD_TO]->(r:Actor)
RETURN c AS claim, s AS speaker, d.id AS doc_id, d.title AS doc_title,
       d.published_at AS published_at, d.text AS doc_text,
       collect(DISTINCT t) AS about, collect(DISTINCT r) AS told_to
"""
CLAIMS_ABOUT = """
MATCH (t:{label})<-[:ABOUT]-(c:Claim) WHERE t.id IN $ids_{label}
WITH DISTINCT c LIMIT $limit
OPTIONAL MATCH (s)-[:SAID]->(c)
OPTIONAL MATCH (c)-[:REPORTED_IN]->(d:Document)
OPTIONAL MATCH (c)-[:ABOUT]->(t)
OPTIONAL MATCH (c)-[:TOLD_TO]->(r:Actor)
RETURN c AS claim, s AS speaker, d.id AS doc_id, d.title AS doc_title,
       d.published_at AS published_at, d.text AS doc_text,
       collect(DISTINCT t) AS about, collect(DISTINCT r) AS told_to
"""
DOCUMENT_CLAIMS = """
MATCH (c:Claim)-[:REPORTED_IN]->(d:Document {id: $id})
WITH c LIMIT $limit
OPTIONAL MATCH (s)-[:SAID]->(c)
OPTIONAL MATCH (c)-[:ABOUT]->(t)
OPTIONAL MATCH (c)-[:TOLD_TO]->(r:Actor)
RETURN c AS claim, s AS speaker, collect(DISTINCT t) AS about, collect(DISTINCT r) AS told_to
"""
ACTIONS_WITH = """
MATCH (a:Account)-[:POSTED]->(p:Document) WHERE a.id IN $ids
WITH p LIMIT $recent
MATCH (p)-[r:REPLIES_TO|QUOTES|REPOSTS]->(:Document)<-[:POSTED]-(x:Account)
RETURN x AS node, type(r) AS how, count(*) AS n ORDER BY n DESC LIMIT $limit
"""
MENTIONED_BY_POSTS = """
MATCH (a:Account)-[:POSTED]->(p:Document) WHERE a.id IN $ids
WITH p LIMIT $recent
MATCH (p)-[:MENTIONS]->(x)
RETURN x AS node, count(*) AS n ORDER BY n DESC LIMIT $limit
"""
CLUSTERS_OF = """
MATCH (a:Account)-[:MEMBER_OF]->(c:Cluster) WHERE a.id IN $ids
RETURN DISTINCT c AS node ORDER BY node.created_at DESC LIMIT $limit
"""
POSTS_OF = """
MATCH (:Account {id: $id})-[:POSTED]->(p:Document)
RETURN p.id AS id, p.published_at AS published_at, substring(p.text, 0, 200) AS text
ORDER BY published_at DESC LIMIT $limit
"""
PUBLISHED_BY = """
MATCH (:Actor {id: $id})-[:PUBLISHED]->(d:Document)
RETURN d.id AS id, d.published_at AS published_at, d.title AS text
ORDER BY published_at DESC LIMIT $limit
"""
DOCUMENT_LINKS = """
MATCH (d:Document {id: $id})-[r:MENTIONS|TAGGED|LINKS_TO]->(x)
RETURN type(r) AS type, r.count AS count, x AS node
"""
DOCUMENT_AUTHORS = "MATCH (x)-[:POSTED|PUBLISHED]->(:Document {id: $id}) RETURN x AS node"
DOCUMENT_ACTIONS = """
MATCH (d:Document {id: $id})-[r:REPOSTS|REPLIES_TO|QUOTES]-(o:Document)
RETURN type(r) AS type, startNode(r) = d AS outgoing, o.id AS id, o.title AS title
LIMIT $limit
"""
CLUSTER_MEMBERS = "MATCH (a:Account)-[:MEMBER_OF]->(:Cluster {id: $id}) RETURN a ORDER BY a.id"
CLUSTER_TIES = """
MATCH (x:Account)-[w:COORDINATED_WITH]->(y:Account)
WHERE x.id IN $members AND y.id IN $members AND w.run = $run
RETURN x.id AS source, y.id AS target, w.weight AS weight, w.types AS types,
       w.evidence AS evidence, w.p_value AS p_value
ORDER BY weight DESC, source, target LIMIT $limit
"""
CLUSTER_ACTIONS = """
MATCH (a:Account)-[:POSTED]->(p:Document) WHERE a.id IN $members
WITH a, p ORDER BY p.published_at DESC LIMIT $limit
OPTIONAL MATCH (p)-[r:REPOSTS|REPLIES_TO|QUOTES]->(:Document)
RETURN a.id AS account, p.id AS post, p.published_at AS published_at, type(r) AS action
"""
POSTS_BY_ID = """
MATCH (a:Account)-[:POSTED]->(p:Document) WHERE p.id IN $ids
RETURN p.id AS id, p.published_at AS published_at, substring(p.text, 0, 140) AS text,
       a.id AS account
"""
HASHTAG_USERS = """
MATCH (a:Account)-[:POSTED]->(:Document)-[:TAGGED]->(:Hashtag {id: $id})
RETURN a AS node, count(*) AS n ORDER BY n DESC LIMIT $limit
"""
HASHTAG_DOCUMENTS = """
MATCH (d:Document)-[:TAGGED]->(:Hashtag {id: $id})
RETURN d.id AS id, d.published_at AS published_at, coalesce(d.title, substring(d.text, 0, 140))
       AS text
ORDER BY published_at DESC LIMIT $limit
"""
OVERVIEW_CLUSTERS = """
MATCH (c:Cluster) RETURN c AS node ORDER BY c.created_at DESC, c.run, c.index LIMIT $limit
"""
CLAIM_DOCUMENT = "MATCH (:Claim {id: $id})-[:REPORTED_IN]->(d:Document) RETURN d.id LIMIT 1"
