// name: mentions-of
// purpose: Documents that mention an actor or account (or an account the actor operates), with how often.
// param: name  the actor or account: its name, an alias, @handle or its id
// subgraph: t AS mentioned_node, d AS document_node
WITH toLower(trim($name)) AS wanted
WITH wanted, CASE WHEN wanted STARTS WITH '@' THEN substring(wanted, 1) ELSE wanted END AS bare
MATCH (n)
WHERE (n:Actor AND (toLower(n.name) = wanted OR n.id = wanted
                    OR any(alias IN coalesce(n.aliases, []) WHERE toLower(alias) = wanted)))
   OR (n:Account AND (n.id = wanted OR toLower(n.handle) = bare
                      OR toLower(n.display_name) = wanted))
OPTIONAL MATCH (n)-[:OPERATES]->(operated:Account)
WITH collect(DISTINCT n) + collect(DISTINCT operated) AS subjects
UNWIND subjects AS t
WITH DISTINCT t
MATCH (d:Document)-[m:MENTIONS]->(t)
RETURN coalesce(t.name, '@' + t.handle) AS mentioned,
       coalesce(d.title, d.id) AS document,
       coalesce(d.url, d.source) AS source,
       d.published_at AS published_at,
       coalesce(m.count, 1) AS count
ORDER BY count DESC, published_at, document
