// name: who-said-about
// purpose: Who said what about an actor, account or hashtag, with the document as evidence.
// param: target  the actor, account or hashtag: its name, an alias or its id (@handle and #tag work too)
// subgraph: s AS speaker_node, c AS claim_node, t AS about_node, d AS document_node
//
// An actor's claims include those about the accounts it operates.
WITH toLower(trim($target)) AS wanted
WITH wanted,
     CASE WHEN wanted STARTS WITH '@' OR wanted STARTS WITH '#'
          THEN substring(wanted, 1) ELSE wanted END AS bare
MATCH (n)
WHERE (n:Actor AND (toLower(n.name) = wanted OR n.id = wanted
                    OR any(alias IN coalesce(n.aliases, []) WHERE toLower(alias) = wanted)))
   OR (n:Account AND (n.id = wanted OR toLower(n.handle) = bare
                      OR toLower(n.display_name) = wanted))
   OR (n:Hashtag AND (n.id = bare OR toLower(n.tag) = bare))
OPTIONAL MATCH (n)-[:OPERATES]->(operated:Account)
WITH collect(DISTINCT n) + collect(DISTINCT operated) AS subjects
UNWIND subjects AS t
WITH DISTINCT t
MATCH (c:Claim)-[:ABOUT]->(t)
OPTIONAL MATCH (s)-[:SAID]->(c)
OPTIONAL MATCH (c)-[:REPORTED_IN]->(d:Document)
RETURN coalesce(s.name, '@' + s.handle, c.speaker_text) AS speaker,
       c.text AS claim,
       c.cue AS cue,
       c.kind AS kind,
       coalesce(t.name, '@' + t.handle, '#' + t.tag) AS about,
       coalesce(d.title, d.id) AS document,
       coalesce(d.url, d.source) AS source
ORDER BY document, c.start, speaker
