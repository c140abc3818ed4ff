"""What the workbench's pages show, read from a store with parameterised Cypher.

Every query is a named constant in the openCypher subset that FalkorDB and
Neo4j both run; values travel as ``$parameters``, and the only names put into
query text are the data model's labels, checked by
:func:`~claimgraph.graph.cypher.identifier`. Each function returns plain
dicts for the templates.

Examples
--------
>>> describe({"labels": ["Account"], "id": "twitter:samsonino", "handle": "samsonino"})
Ref(label='Account', id='twitter:samsonino', name='@samsonino', kind='account', \
href='/account/twitter%3Asamsonino')
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from claimgraph.graph import GraphStore, QueryResult
from claimgraph.graph.cypher import identifier
from claimgraph.model import NODE_LABELS, hashtag_id
from claimgraph.web import cypher, marks, plots

__all__ = [
    "LIMIT",
    "Ref",
    "account_page",
    "actor_page",
    "claim_document",
    "cluster_page",
    "describe",
    "document_page",
    "hashtag_page",
    "href",
    "overview",
    "read_all",
    "search",
]

#: At most this many rows in each list of a page.
LIMIT = 100
#: At most this many posts drawn on a cluster's timeline (the latest).
TIMELINE_ACTIONS = 3000
#: At most this many of an account's posts looked at for whom it replied to, quoted, reposted.
RECENT_POSTS = 2000

_PAGES = {
    "Actor": "actor",
    "Account": "account",
    "Document": "document",
    "Cluster": "cluster",
    "Hashtag": "hashtag",
    "Claim": "claim",
}

_WORD = re.compile(r"\w+")

_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="claimgraph-web")


@dataclass(frozen=True, slots=True)
class Ref:
    """A node as a page shows it: its label, id, a readable name, a kind and its page."""

    label: str
    id: str
    name: str
    kind: str
    href: str | None


def href(label: str, node_id: str) -> str | None:
    """Return the workbench page of the node ``label``/``node_id``, if it has one.

    Examples
    --------
    >>> href("Document", "twitter:1/2")
    '/document/twitter%3A1%2F2'
    >>> href("Url", "https://example.org") is None
    True
    """
    page = _PAGES.get(label)
    return None if page is None else f"/{page}/{quote(str(node_id), safe='')}"


def describe(node: dict[str, Any]) -> Ref:
    """Return the :class:`Ref` of a node as stores return it (``labels``, ``id``, properties)."""
    labels = node.get("labels") or []
    label = next((lab for lab in labels if lab in NODE_LABELS), labels[0] if labels else "")
    node_id = str(node.get("id", ""))
    kind = str(node.get("kind") or label.lower())
    if label == "Account":
        name = f"@{node['handle']}" if node.get("handle") else node.get("display_name") or node_id
        kind = "account"
    elif label == "Hashtag":
        name = f"#{node.get('tag') or node_id}"
    elif label == "Claim":
        name = _short(str(node.get("text") or node_id))
        kind = "claim"
    elif label == "Cluster":
        name = f"cluster {node.get('index', '')} of run {node.get('run', '')}".strip()
        kind = "cluster"
    elif label == "Document":
        name = node.get("title") or _short(str(node.get("text") or "")) or node_id
    else:
        name = node.get("name") or node.get("tag") or node_id
    return Ref(label, node_id, str(name), kind, href(label, node_id))


def overview(store: GraphStore) -> dict[str, Any]:
    """Return the home page's counts and latest clusters."""
    queries: list[tuple[str, dict[str, Any]]] = [
        (cypher.COUNT_LABEL.format(label=identifier(label)), {}) for label in NODE_LABELS
    ]
    *labels, relationships, clusters = read_all(
        store,
        [*queries, (cypher.COUNT_RELATIONSHIPS, {}), (cypher.OVERVIEW_CLUSTERS, {"limit": 20})],
    )
    return {
        "labels": {
            label: int(result.rows[0][0]) for label, result in zip(NODE_LABELS, labels, strict=True)
        },
        "relationships": int(relationships.rows[0][0]),
        "clusters": [_cluster_summary(row[0]) for row in clusters.rows],
    }


def search(store: GraphStore, text: str, limit: int = 50) -> dict[str, Any]:
    """Return actors, accounts, hashtags, claims and documents matching ``text``.

    Case is ignored in every script; a leading ``@`` or ``#`` searches handles
    and hashtags as they are stored. Claims are found by the start of each of
    their words through the store's full-text index when ``text`` is written
    in ASCII (the embedded store's index folds the case of ASCII letters
    only), else by reading every claim's text. ``index_missing`` says that
    the database predates that index.
    """
    raw = unicodedata.normalize("NFC", text.strip())
    q = raw.lower()
    params = {
        "q": q,
        "raw": raw,
        "handle": q.lstrip("@"),
        "tag": hashtag_id(raw) if raw.lstrip("#＃") else raw,
        "limit": limit,
    }
    claims_query, index_missing = _claims_search(store, q, params)
    queries = [
        cypher.SEARCH_ACTORS,
        cypher.SEARCH_ACCOUNTS,
        cypher.SEARCH_HASHTAGS,
        claims_query,
        cypher.SEARCH_DOCUMENTS,
    ]
    actors, accounts, hashtags, claims, documents = read_all(store, [(q, params) for q in queries])
    found: dict[str, Any] = {
        name: [{"ref": describe(row[0]), "node": row[0]} for row in result.rows]
        for name, result in (("actors", actors), ("accounts", accounts), ("hashtags", hashtags))
    }
    found["claims"] = [
        {
            "ref": describe(claim),
            "speaker": _speaker(claim, speaker),
            "document": href("Document", doc_id) if doc_id else None,
            "doc_title": doc_title or doc_id,
        }
        for claim, speaker, doc_id, doc_title in claims.rows
    ]
    found["documents"] = [
        {**record, "href": href("Document", record["id"])} for record in documents.records()
    ]
    found["index_missing"] = index_missing
    return found


def actor_page(store: GraphStore, actor_id: str) -> dict[str, Any] | None:
    """Return what the actor page shows, or ``None`` if there is no such actor."""
    node = _node(store, "Actor", actor_id)
    if node is None:
        return None
    operated = [row[0] for row in store.query(cypher.OPERATED, {"id": actor_id}).rows]
    accounts = [account["id"] for account in operated]
    page = _party(store, node, {"Actor": [actor_id], "Account": accounts})
    page["operated"] = [describe(account) for account in operated]
    page["published"] = store.query(cypher.PUBLISHED_BY, {"id": actor_id, "limit": LIMIT}).records()
    return page


def account_page(store: GraphStore, account_id: str) -> dict[str, Any] | None:
    """Return what the account page shows, or ``None`` if there is no such account."""
    node = _node(store, "Account", account_id)
    if node is None:
        return None
    page = _party(store, node, {"Account": [account_id]})
    page["operators"] = [
        describe(row[0]) for row in store.query(cypher.OPERATORS, {"id": account_id}).rows
    ]
    page["posts"] = store.query(cypher.POSTS_OF, {"id": account_id, "limit": LIMIT}).records()
    return page


def hashtag_page(store: GraphStore, tag_id: str) -> dict[str, Any] | None:
    """Return what the hashtag page shows, or ``None`` if there is no such hashtag."""
    node = _node(store, "Hashtag", tag_id)
    if node is None:
        return None
    params = {"id": tag_id, "limit": LIMIT}
    return {
        "ref": describe(node),
        "about": _claims(store.query(*_claim_query(cypher.CLAIMS_ABOUT, {"Hashtag": [tag_id]}))),
        "users": [
            {"ref": describe(row[0]), "n": row[1]}
            for row in store.query(cypher.HASHTAG_USERS, params).rows
        ],
        "documents": store.query(cypher.HASHTAG_DOCUMENTS, params).records(),
    }


def document_page(store: GraphStore, doc_id: str) -> dict[str, Any] | None:
    """Return the document with its text cut at its claims, speakers and entities."""
    node = _node(store, "Document", doc_id)
    if node is None:
        return None
    text = str(node.get("text") or "")
    claims = [
        _claim_record(claim, speaker, about, told_to, None, text)
        for claim, speaker, about, told_to in store.query(
            cypher.DOCUMENT_CLAIMS, {"id": doc_id, "limit": LIMIT}
        ).rows
    ]
    claims.sort(key=lambda c: (c["spans"][0][0] if c["spans"] else len(text), c["ref"].id))
    links: dict[str, list[dict[str, Any]]] = {"MENTIONS": [], "TAGGED": [], "LINKS_TO": []}
    for rel_type, count, linked in store.query(cypher.DOCUMENT_LINKS, {"id": doc_id}).rows:
        links[rel_type].append({"ref": describe(linked), "count": count, "node": linked})
    mentions = links["MENTIONS"]
    return {
        "ref": describe(node),
        "node": node,
        "source_link": _web_link(node.get("url")),
        "pieces": marks.cut(text, _document_marks(text, claims, mentions)),
        "claims": claims,
        "mentions": sorted(mentions, key=lambda m: -(m["count"] or 0)),
        "hashtags": links["TAGGED"],
        "urls": [{**u, "link": _web_link(u["ref"].id)} for u in links["LINKS_TO"]],
        "authors": [
            describe(row[0]) for row in store.query(cypher.DOCUMENT_AUTHORS, {"id": doc_id}).rows
        ],
        "actions": store.query(cypher.DOCUMENT_ACTIONS, {"id": doc_id, "limit": LIMIT}).records(),
    }


def claim_document(store: GraphStore, claim_id: str) -> str | None:
    """Return the id of the document a claim was found in, if any."""
    rows = store.query(cypher.CLAIM_DOCUMENT, {"id": claim_id}).rows
    return str(rows[0][0]) if rows else None


def cluster_page(store: GraphStore, cluster_id: str) -> dict[str, Any] | None:
    """Return a cluster's members, ties with their evidence posts, timeline and amplified items."""
    node = _node(store, "Cluster", cluster_id)
    if node is None:
        return None
    members = [row[0] for row in store.query(cypher.CLUSTER_MEMBERS, {"id": cluster_id}).rows]
    ids = [member["id"] for member in members]
    params = {"members": ids, "run": node.get("run"), "limit": LIMIT}
    ties = store.query(cypher.CLUSTER_TIES, params).records()
    pairs = [p.split("|", 1) for tie in ties[:40] for p in (tie["evidence"] or [])[:5] if "|" in p]
    posts = {
        record["id"]: record
        for record in store.query(
            cypher.POSTS_BY_ID, {"ids": sorted({p for pair in pairs for p in pair})}
        ).records()
    }
    names = {member["id"]: describe(member) for member in members}
    for tie in ties:
        tie["source_ref"], tie["target_ref"] = names.get(tie["source"]), names.get(tie["target"])
        tie["pairs"] = [
            [_post_record(posts, post) for post in p.split("|", 1)]
            for p in (tie["evidence"] or [])[:5]
            if "|" in p
        ]
    actions = store.query(cypher.CLUSTER_ACTIONS, {**params, "limit": TIMELINE_ACTIONS}).rows
    events = [
        plots.Event(
            when,
            names[account].name,
            (action or "POST").lower(),
            f"{names[account].name} {_ACTION_WORDS.get(action, 'posted')} {when:%Y-%m-%d %H:%M:%S}",
            href("Document", post),
        )
        for account, post, published, action in actions
        if (when := plots.parse_time(published)) is not None and account in names
    ]
    summary = _cluster_summary(node)
    if not summary["types"]:
        summary["types"] = sorted({kind for tie in ties for kind in tie["types"] or []})
    return {
        "ref": describe(node),
        "node": node,
        "summary": summary,
        "members": list(names.values()),
        "ties": ties,
        "timeline": plots.timeline(events),
        "actions": len(events),
        "actions_capped": len(actions) == TIMELINE_ACTIONS,
        "hashtags": [
            {"tag": tag, "href": href("Hashtag", tag)} for tag in node.get("top_hashtags") or []
        ],
        "urls": [{"url": url, "link": _web_link(url)} for url in node.get("top_urls") or []],
    }


# -- helpers -------------------------------------------------------------------------------


def read_all(store: GraphStore, queries: list[tuple[str, dict[str, Any]]]) -> list[QueryResult]:
    """Run read ``queries`` side by side (the stores answer reads concurrently); keep the order.

    A search scans several labels, each scan taking its own core of the database.
    """
    return list(_POOL.map(lambda query: store.query(*query), queries))


def _claims_search(store: GraphStore, q: str, params: dict[str, Any]) -> tuple[str, bool]:
    """Return the query that finds claims by ``q`` (adding its ``$words`` to ``params``), and
    whether the store lacks the full-text index of claims' texts."""
    words = _WORD.findall(q)
    if store.name not in cypher.SEARCH_CLAIM_WORDS:
        return cypher.SEARCH_CLAIMS, False
    ready = store.query(cypher.CLAIM_WORDS_INDEX[store.name]).rows
    if not (words and q.isascii() and ready and ready[0][0]):
        return cypher.SEARCH_CLAIMS, not ready
    # Every word, each by its start (one letter is too short a start for the indexes).
    params["words"] = cypher.CLAIM_WORDS_JOINER[store.name].join(
        word + "*" if len(word) > 1 else word for word in words
    )
    return cypher.SEARCH_CLAIM_WORDS[store.name], False


def _node(store: GraphStore, label: str, node_id: str) -> dict[str, Any] | None:
    rows = store.query(cypher.NODE.format(label=identifier(label)), {"id": node_id}).rows
    return rows[0][0] if rows else None


def _party(store: GraphStore, node: dict[str, Any], ids: dict[str, list[str]]) -> dict[str, Any]:
    """Return what actor and account pages share: claims, contacts, clusters, pictures.

    ``ids`` are the node ids of the actor or account by label, with the accounts it operates.
    """
    ref = describe(node)
    params = {"ids": ids.get("Account", []), "limit": 50, "recent": RECENT_POSTS}
    said_rows, about_rows, actions, mentioned, clusters_found = read_all(
        store,
        [
            _claim_query(cypher.CLAIMS_SAID, ids),
            _claim_query(cypher.CLAIMS_ABOUT, ids),
            (cypher.ACTIONS_WITH, params),
            (cypher.MENTIONED_BY_POSTS, params),
            (cypher.CLUSTERS_OF, params),
        ],
    )
    said, about = _claims(said_rows), _claims(about_rows)
    talked: Counter[tuple[Ref, str]] = Counter()
    for claim in said:
        for addressee in claim["told_to"]:
            talked[(addressee, "told")] += 1
    for other, how, n in actions.rows:
        talked[(describe(other), _ACTION_WORDS.get(how, how))] += n
    for other, n in mentioned.rows:
        talked[(describe(other), "mentioned")] += n
    clusters = [_cluster_summary(row[0]) for row in clusters_found.rows]
    return {
        "ref": ref,
        "node": node,
        "aliases": [a for a in node.get("aliases") or [] if a != node.get("name")],
        "said": said,
        "about": about,
        "talked": [{"ref": r, "how": how, "n": n} for (r, how), n in talked.most_common(40)],
        "clusters": clusters,
        "ego": _ego(ref, said, about, talked, clusters),
        "timeline": plots.timeline(
            [
                plots.Event(
                    when,
                    c["speaker"].name if c["speaker"] else "unnamed",
                    c["kind"],
                    f"{when:%Y-%m-%d}: {c['ref'].name}",
                    c["document"],
                )
                for c in about
                if (when := plots.parse_time(c["published_at"])) is not None
            ]
        ),
        "undated": sum(1 for c in about if plots.parse_time(c["published_at"]) is None),
    }


_ACTION_WORDS = {"REPLIES_TO": "replied to", "QUOTES": "quoted", "REPOSTS": "reposted"}


def _ego(
    ref: Ref,
    said: list[dict[str, Any]],
    about: list[dict[str, Any]],
    talked: Counter[tuple[Ref, str]],
    clusters: list[dict[str, Any]],
) -> plots.Picture:
    """Return the small graph around ``ref``: who spoke of it, whom it spoke of or to."""
    near: Counter[tuple[Ref, str]] = Counter()
    for claim in about:
        if claim["speaker"] is not None and claim["speaker"].id != ref.id:
            near[(claim["speaker"], "said about it")] += 1
    for claim in said:
        for target in claim["about"]:
            if target.id != ref.id:
                near[(target, "it said about")] += 1
    near.update({key: n for key, n in talked.items() if key[1] in ("told", "replied to")})
    chosen = [key for key, _ in near.most_common(16)]
    neighbours = [(r.name, r.kind, r.href, how) for r, how in chosen]
    neighbours += [(c["ref"].name, "cluster", c["ref"].href, "member of") for c in clusters[:4]]
    return plots.ego_picture((ref.name, ref.kind, ref.href), neighbours)


def _claim_query(template: str, ids: dict[str, list[str]]) -> tuple[str, dict[str, Any]]:
    """Return ``template`` for the node ids of each label, as one query, and its parameters."""
    labels = [label for label, found in ids.items() if found]
    text = " UNION ".join(template.format(label=identifier(label)) for label in labels)
    return text, {"limit": LIMIT, **{f"ids_{label}": ids[label] for label in labels}}


def _claims(result: QueryResult) -> list[dict[str, Any]]:
    """Return the claims of a claims query's ``result``, each once, newest first."""
    found: dict[str, dict[str, Any]] = {}
    for row in result.rows:
        claim, speaker, doc_id, doc_title, published, doc_text, about, told_to = row
        record = _claim_record(claim, speaker, about, told_to, doc_id, doc_text)
        record.update(doc_title=doc_title or doc_id, published_at=published)
        found.setdefault(record["ref"].id, record)
    return sorted(
        found.values(), key=lambda c: (str(c["published_at"] or ""), c["ref"].id), reverse=True
    )


def _claim_record(
    claim: dict[str, Any],
    speaker: dict[str, Any] | None,
    about: list[dict[str, Any]],
    told_to: list[dict[str, Any]],
    doc_id: str | None,
    doc_text: str | None,
) -> dict[str, Any]:
    text = doc_text or ""
    spans = marks.claim_spans(claim, len(text))
    speaker_span = marks.claim_spans(
        {"start": claim.get("speaker_start"), "end": claim.get("speaker_end")}, len(text)
    )
    return {
        "ref": describe(claim),
        "text": claim.get("text") or "",
        "cue": claim.get("cue"),
        "kind": claim.get("kind") or "claim",
        "confidence": claim.get("confidence"),
        "speaker": _speaker(claim, speaker),
        "speaker_text": claim.get("speaker_text"),
        "about": [describe(node) for node in about],
        "told_to": [describe(node) for node in told_to],
        "spans": spans,
        "speaker_span": speaker_span[0] if speaker_span else None,
        "evidence": marks.evidence(text, spans) if text else [],
        "document": href("Document", doc_id) if doc_id else None,
        "doc_id": doc_id,
        "published_at": None,
    }


def _speaker(claim: dict[str, Any], speaker: dict[str, Any] | None) -> Ref | None:
    if speaker is not None:
        return describe(speaker)
    written = claim.get("speaker_text")
    return Ref("", "", str(written), "unresolved", None) if written else None


def _document_marks(
    text: str, claims: list[dict[str, Any]], mentions: list[dict[str, Any]]
) -> list[marks.Mark]:
    found: list[marks.Mark] = []
    for claim in claims:
        ref = claim["ref"]
        speaker = claim["speaker"]
        who = speaker.name if speaker else "unnamed speaker"
        title = f"{who} ({claim['kind']}, cue: {claim['cue'] or '-'})"
        found += [marks.Mark(s, e, "claim", ref.id, title) for s, e in claim["spans"]]
        if claim["speaker_span"] is not None:
            start, end = claim["speaker_span"]
            link = speaker.href if speaker else None
            found.append(marks.Mark(start, end, "speaker", ref.id, f"speaker: {who}", link))
    for mention in mentions:
        node, ref = mention["node"], mention["ref"]
        names = [node.get("name"), *(node.get("aliases") or [])]
        if node.get("handle"):
            names.append(f"@{node['handle']}")
        for start, end in marks.find_names(text, [n for n in names if isinstance(n, str)]):
            title = f"{ref.kind}: {ref.name}"
            found.append(marks.Mark(start, end, "entity", ref.id, title, ref.href))
    return found


def _post_record(posts: dict[str, dict[str, Any]], post_id: str) -> dict[str, Any]:
    record = posts.get(post_id, {"id": post_id, "published_at": None, "text": None})
    return {**record, "href": href("Document", post_id)}


def _cluster_summary(node: dict[str, Any]) -> dict[str, Any]:
    return {
        "ref": describe(node),
        "size": node.get("size"),
        "types": node.get("types") or [],
        "score": node.get("score"),
        "method": node.get("method"),
        "created_at": node.get("created_at"),
        "first_activity": node.get("first_activity"),
        "last_activity": node.get("last_activity"),
        "claims": node.get("claims") or [],
        "actors": node.get("actors") or [],
        "top_texts": node.get("top_texts") or [],
    }


def _web_link(value: object) -> str | None:
    """Return ``value`` if it is an http(s) URL safe to link to, else ``None``."""
    if isinstance(value, str) and value.lower().startswith(("http://", "https://")):
        return value
    return None


def _short(text: str, size: int = 90) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"
