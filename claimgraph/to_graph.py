"""Turn a document, and a post's structure, into graph nodes and relationships.

This is where the data model of DESIGN.md is applied: labels, ids and the
relationships between a document, its actors, accounts, hashtags, links
and claims. It is plain Python over plain data, so it runs in the main
process while spaCy works in others.

:func:`extraction_to_graph` turns a document and its extraction into a batch.
:func:`post_to_graph` turns a post into a batch from its structure alone,
without NLP. A post's author, the posts it reposts, replies to and quotes,
the accounts it mentions, its hashtags and links are all in the platform's
data, so they reach the graph at once: ``claimgraph ingest --extract none``
writes only this, and the language pipeline, when it runs, only adds actors.

A post is also a claim by its author (DESIGN.md): a ``Claim`` of kind
``post``, ``SAID`` by the ``Account``, ``ABOUT`` the accounts it mentions and
its hashtags, ``REPORTED_IN`` the post. A pure repost makes no claim of its
own: its ``REPOSTS`` relationship leads to the original, whose claim it
amplifies.

The ``Post`` node also keeps its structure as properties (``author``,
``ts``, ``repost_of``, ``reply_to``, ``quote_of``, ``hashtags``, ``urls``),
so that the co-action analysis reads every post with one query.

An ``Account`` gets ``status`` and ``status_seen`` (ISO 8601 UTC) when a
post's data says what became of it (suspended, deleted, ...; see
:mod:`claimgraph.sources.posts.status`). Like every scalar property, the
status read last replaces an earlier one: the latest seen wins.

Examples
--------
>>> from claimgraph.sources.posts import build_post
>>> raw = build_post({"platform": "twitter", "id": "2", "handle": "B", "text": "RT @a: hi",
...                   "repost_of": "1", "time": 60}, "posts.csv", "cnt-csv")
>>> batch = post_to_graph(raw)
>>> sorted({rel.type for rel in batch.relationships.values()})
['MENTIONS', 'POSTED', 'REPOSTS']
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from claimgraph.extractors.extraction import Extraction
from claimgraph.model import (
    ACTOR_KINDS,
    DOCUMENT_KINDS,
    GraphBatch,
    Node,
    Post,
    RawDocument,
    Relationship,
    claim_id,
)
from claimgraph.sources.posts.common import iso_from_epoch

__all__ = ["document_node", "extraction_to_graph", "post_properties", "post_to_graph"]


def document_node(raw: RawDocument) -> Node:
    """Return the ``Document`` node of ``raw``, with its ``Article`` or ``Post`` label."""
    props = {
        "kind": raw.kind,
        "url": raw.url,
        "title": raw.title,
        "published_at": raw.published_at,
        "lang": raw.lang,
        "text": raw.text,
        "source": raw.source,
        "author": raw.author,
    }
    return Node("Document", raw.id, props, (DOCUMENT_KINDS.get(raw.kind, "Article"),))


def extraction_to_graph(raw: RawDocument, extraction: Extraction) -> GraphBatch:
    """Return the nodes and relationships one document contributes to the graph.

    Examples
    --------
    >>> raw = RawDocument(text="Hello.", source="x.txt")
    >>> batch = extraction_to_graph(raw, {"actors": [], "accounts": [], "hashtags": {},
    ...                                   "urls": [], "claims": []})
    >>> [n.label for n in batch.nodes.values()]
    ['Document']
    """
    batch = GraphBatch()
    doc_id = raw.id
    batch.add_node(document_node(raw))
    for actor in extraction["actors"]:
        _add_actor(batch, doc_id, actor)
    for account in extraction["accounts"]:
        _add_document_account(batch, doc_id, account)
    for key, tag in extraction["hashtags"].items():
        _add_hashtag(batch, doc_id, key, tag["tag"])
    for url in extraction["urls"]:
        _add_url(batch, doc_id, url)
    seen: Counter[str] = Counter()
    for claim in extraction["claims"]:
        # Two claims of one document with the same content (said by two speakers,
        # or by one twice) stay two: the second and later get their rank in the id.
        seen[claim["text"]] += 1
        _add_document_claim(batch, doc_id, claim, seen[claim["text"]])
    return batch


def _add_hashtag(batch: GraphBatch, doc_id: str, key: str, tag: str) -> None:
    batch.add_node(Node("Hashtag", key, {"tag": tag}))
    batch.add_relationship(Relationship("TAGGED", "Document", doc_id, "Hashtag", key))


def _add_url(batch: GraphBatch, doc_id: str, url: str) -> None:
    domain = url.split("/")[2] if url.count("/") >= 2 else url
    batch.add_node(Node("Url", url, {"domain": domain}))
    batch.add_relationship(Relationship("LINKS_TO", "Document", doc_id, "Url", url))


def _add_actor(batch: GraphBatch, doc_id: str, actor: dict[str, Any]) -> None:
    kind = actor["kind"]
    props = {
        "name": actor["name"],
        "kind": kind,
        "aliases": list(actor["aliases"]),
        "sameas": actor.get("sameas"),
    }
    batch.add_node(Node("Actor", actor["id"], props, (ACTOR_KINDS[kind],)))
    batch.add_relationship(
        Relationship(
            "MENTIONS", "Document", doc_id, "Actor", actor["id"], {"count": actor["mentions"]}
        )
    )


def _add_document_account(batch: GraphBatch, doc_id: str, account: dict[str, Any]) -> None:
    props = {
        "platform": account["platform"],
        "handle": account["handle"],
        "display_name": account["display_name"],
    }
    batch.add_node(Node("Account", account["id"], props))
    if account["mentions"]:
        batch.add_relationship(
            Relationship(
                "MENTIONS",
                "Document",
                doc_id,
                "Account",
                account["id"],
                {"count": account["mentions"]},
            )
        )
    if account["operator"]:
        batch.add_relationship(
            Relationship("OPERATES", "Actor", account["operator"], "Account", account["id"])
        )


def _add_document_claim(
    batch: GraphBatch, doc_id: str, claim: dict[str, Any], rank: int = 1
) -> None:
    content = claim["text"] if rank == 1 else f"{claim['text']}\x1f{rank}"
    cid = claim_id(doc_id, content)
    props = {
        k: claim[k]
        for k in (
            "text",
            "cue",
            "kind",
            "start",
            "end",
            "speaker_text",
            "speaker_start",
            "speaker_end",
            "confidence",
        )
    }
    # The parts of one attribution ("X," he said, "Y") as "start:end" strings, sorted
    # as strings, the order an RDF round trip gives a list back in.
    parts = claim.get("spans") or [[claim["start"], claim["end"]]]
    props["spans"] = sorted(f"{start}:{end}" for start, end in parts)
    batch.add_node(Node("Claim", cid, props))
    batch.add_relationship(Relationship("REPORTED_IN", "Claim", cid, "Document", doc_id))
    if claim["speaker"]:
        label, sid = claim["speaker"]
        batch.add_relationship(Relationship("SAID", label, sid, "Claim", cid))
    for label, tid in claim["about"]:
        batch.add_relationship(Relationship("ABOUT", "Claim", cid, label, tid))
    for actor in claim["told_to"]:
        batch.add_relationship(Relationship("TOLD_TO", "Claim", cid, "Actor", actor))


def post_to_graph(raw: RawDocument) -> GraphBatch:
    """Return the nodes and relationships a post contributes from its structure.

    Raises
    ------
    ValueError
        If ``raw`` is not a post (has no :class:`~claimgraph.model.Post`).
    """
    post = raw.post
    if post is None:
        raise ValueError(f"{raw.source}: not a post; use extraction_to_graph for articles")
    batch = GraphBatch()
    batch.add_node(Node("Document", post.id, post_properties(raw), ("Post",)))
    _add_post_account(batch, post.author, post, author=True)
    batch.add_relationship(Relationship("POSTED", "Account", post.author, "Document", post.id))
    for rel_type, target in (
        ("REPOSTS", post.repost_of),
        ("REPLIES_TO", post.reply_to),
        ("QUOTES", post.quote_of),
    ):
        if target:
            stub = {"kind": "post", "platform": post.platform}
            batch.add_node(Node("Document", target, stub, ("Post",)))
            batch.add_relationship(Relationship(rel_type, "Document", post.id, "Document", target))
    mentioned = [f"{post.platform}:{handle}" for handle in post.mentions]
    for account in mentioned:
        _add_post_account(batch, account, post, author=False)
        batch.add_relationship(
            Relationship("MENTIONS", "Document", post.id, "Account", account, {"count": 1})
        )
    for tag in post.hashtags:
        _add_hashtag(batch, post.id, tag, tag)
    for url in post.urls:
        _add_url(batch, post.id, url)
    if not post.repost_of and raw.text.strip():
        _add_post_claim(batch, raw, post, mentioned)
    return batch


def post_properties(raw: RawDocument) -> dict[str, object]:
    """Return the properties of a post's ``Document`` node."""
    post = raw.post
    assert post is not None
    return {
        "kind": "post",
        "text": raw.text,
        "source": raw.source,
        "url": raw.url,
        "published_at": raw.published_at,
        "lang": raw.lang,
        "platform": post.platform,
        "author": post.author,
        "ts": post.timestamp,
        "repost_of": post.repost_of,
        "reply_to": post.reply_to,
        "quote_of": post.quote_of,
        "hashtags": list(post.hashtags),
        "urls": list(post.urls),
        "urls_as_given": list(post.urls_as_given),
    }


def _add_post_account(batch: GraphBatch, account: str, post: Post, *, author: bool) -> None:
    platform, _, handle = account.partition(":")
    props: dict[str, object] = {"platform": platform, "handle": handle}
    if author:
        props.update(
            handle=post.handle,
            display_name=post.display_name,
            platform_id=post.author_platform_id,
        )
    status = post.author_status if author else dict(post.mentioned_statuses).get(handle)
    if status is not None:
        props.update(status=status, status_seen=iso_from_epoch(post.status_seen))
    batch.add_node(Node("Account", account, props))


def _add_post_claim(batch: GraphBatch, raw: RawDocument, post: Post, mentioned: list[str]) -> None:
    cid = claim_id(post.id, raw.text)
    props = {
        "text": raw.text,
        "kind": "post",
        "start": 0,
        "end": len(raw.text),
        "confidence": 1.0,
    }
    batch.add_node(Node("Claim", cid, props))
    batch.add_relationship(Relationship("SAID", "Account", post.author, "Claim", cid))
    batch.add_relationship(Relationship("REPORTED_IN", "Claim", cid, "Document", post.id))
    for account in mentioned:
        batch.add_relationship(Relationship("ABOUT", "Claim", cid, "Account", account))
    for tag in post.hashtags:
        batch.add_relationship(Relationship("ABOUT", "Claim", cid, "Hashtag", tag))
