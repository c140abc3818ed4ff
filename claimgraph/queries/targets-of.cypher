// name: targets-of
// purpose: Whom and what a speaker talks about, with how many claims each.
// param: speaker  the actor or account: its name, an alias, @handle or its id
// subgraph: collect(DISTINCT s) AS speaker_nodes, collect(DISTINCT c) AS claim_nodes, collect(DISTINCT t) AS target_nodes
//
// An actor's claims include the posts of the accounts it operates.
WITH toLower(trim($speaker)) AS wanted
WITH wanted, CASE WHEN wanted STARTS WITH '@' THEN substring(wanted, 1) ELSE wanted END AS bare
MATCH (n)
WHERE (n:Actor AND (toLower(n.name) = wanted OR n.id = wanted
                    OR any(alias IN coalesce(n.aliases, []) WHERE toLower(alias) = wanted)))
   OR (n:Account AND (n.id = wanted OR toLower(n.handle) = bare
                      OR toLower(n.display_name) = wanted))
OPTIONAL MATCH (n)-[:OPERATES]->(operated:Account)
WITH collect(DISTINCT n) + collect(DISTINCT operated) AS speakers
UNWIND speakers AS s
WITH DISTINCT s
MATCH (s)-[:SAID]->(c:Claim)-[:ABOUT]->(t)
RETURN coalesce(t.name, '@' + t.handle, '#' + t.tag) AS target,
       CASE WHEN t:Actor THEN t.kind WHEN t:Account THEN 'account' ELSE 'hashtag' END AS kind,
       count(DISTINCT c) AS claims
ORDER BY claims DESC, target
