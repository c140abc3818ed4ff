// name: claims-by
// purpose: Every claim an actor or account made, what it was about, and where it was reported.
// param: speaker  the actor or account: its name, an alias, @handle or its id
// subgraph: s AS speaker_node, c AS claim_node, about_nodes, d AS document_node
//
// An actor's claims include the posts of the accounts it operates.
// Each label is looked up on its own: one scan of every node would cost several.
WITH toLower(trim($speaker)) AS wanted
WITH wanted, CASE WHEN wanted STARTS WITH '@' THEN substring(wanted, 1) ELSE wanted END AS bare
OPTIONAL MATCH (actor:Actor)
WHERE toLower(actor.name) = wanted OR actor.id = wanted
   OR any(alias IN coalesce(actor.aliases, []) WHERE toLower(alias) = wanted)
WITH wanted, bare, collect(actor) AS actors
OPTIONAL MATCH (account:Account)
WHERE account.id = wanted OR toLower(account.handle) = bare
   OR toLower(account.display_name) = wanted
WITH actors, collect(account) AS accounts
UNWIND actors + accounts AS n
OPTIONAL MATCH (n)-[:OPERATES]->(operated:Account)
WITH collect(DISTINCT n) + collect(DISTINCT operated) AS speakers
UNWIND speakers AS s
WITH DISTINCT s
MATCH (s)-[:SAID]->(c:Claim)
OPTIONAL MATCH (c)-[:ABOUT]->(t)
WITH s, c, collect(DISTINCT coalesce(t.name, '@' + t.handle, '#' + t.tag)) AS about,
     collect(DISTINCT t) AS about_nodes
OPTIONAL MATCH (c)-[:REPORTED_IN]->(d:Document)
RETURN coalesce(s.name, '@' + s.handle) AS speaker,
       c.text AS claim,
       c.cue AS cue,
       c.kind AS kind,
       about,
       coalesce(d.title, d.id) AS document,
       coalesce(d.url, d.source) AS source,
       d.published_at AS published_at
ORDER BY published_at, document, c.start
