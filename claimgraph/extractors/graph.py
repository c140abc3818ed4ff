"""Turn a document and its extraction into graph nodes and relationships.

This is where the data model of DESIGN.md is applied: labels, ids and the
relationships between a document, its actors, accounts, hashtags, links
and claims. It is plain Python over plain data, so it runs in the main
process while spaCy works in others.
"""

from __future__ import annotations

from typing import Any

from claimgraph.extractors.extraction import Extraction
from claimgraph.model import (
    ACTOR_KINDS,
    DOCUMENT_KINDS,
    GraphBatch,
    Node,
    RawDocument,
    Relationship,
    claim_id,
)

__all__ = ["extraction_to_graph", "document_node"]


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
        _add_account(batch, doc_id, account)
    for key, tag in extraction["hashtags"].items():
        batch.add_node(Node("Hashtag", key, {"tag": tag["tag"]}))
        batch.add_relationship(Relationship("TAGGED", "Document", doc_id, "Hashtag", key))
    for url in extraction["urls"]:
        domain = url.split("/")[2] if url.count("/") >= 2 else url
        batch.add_node(Node("Url", url, {"domain": domain}))
        batch.add_relationship(Relationship("LINKS_TO", "Document", doc_id, "Url", url))
    for claim in extraction["claims"]:
        _add_claim(batch, doc_id, claim)
    return batch


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


def _add_account(batch: GraphBatch, doc_id: str, account: dict[str, Any]) -> None:
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


def _add_claim(batch: GraphBatch, doc_id: str, claim: dict[str, Any]) -> None:
    cid = claim_id(doc_id, claim["text"])
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
    batch.add_node(Node("Claim", cid, props))
    batch.add_relationship(Relationship("REPORTED_IN", "Claim", cid, "Document", doc_id))
    if claim["speaker"]:
        label, sid = claim["speaker"]
        batch.add_relationship(Relationship("SAID", label, sid, "Claim", cid))
    for label, tid in claim["about"]:
        batch.add_relationship(Relationship("ABOUT", "Claim", cid, label, tid))
    for actor in claim["told_to"]:
        batch.add_relationship(Relationship("TOLD_TO", "Claim", cid, "Actor", actor))
