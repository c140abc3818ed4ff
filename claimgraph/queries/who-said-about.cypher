// name: who-said-about
// purpose: Who said what about an actor, account or hashtag, with the document as evidence.
// param: target  the actor, account or hashtag: its name, an alias or its id (@handle and #tag work too)
// subgraph: s AS speaker_node, c AS claim_node, t AS about_node, d AS document_node
//
// An actor's claims include those about the accounts it operates.
// Each label is looked up on its own: one scan of every node would cost several.
WITH toLower(trim($target)) AS wanted
WITH wanted,
     CASE WHEN wanted STARTS WITH '@' OR wanted STARTS WITH '#'
          THEN substring(wanted, 1) ELSE wanted END AS bare
OPTIONAL MATCH (actor:Actor)
WHERE toLower(actor.name) = wanted OR actor.id = wanted
   OR any(alias IN coalesce(actor.aliases, []) WHERE toLower(alias) = wanted)
WITH wanted, bare, collect(actor) AS actors
OPTIONAL MATCH (account:Account)
WHERE account.id = wanted OR toLower(account.handle) = bare
   OR toLower(account.display_name) = wanted
WITH bare, actors, collect(account) AS accounts
OPTIONAL MATCH (tag:Hashtag) WHERE tag.id = bare OR toLower(tag.tag) = bare
WITH actors, accounts, collect(tag) AS tags
UNWIND actors + accounts + tags AS n
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
