"""Turn a post into graph nodes and relationships from its structure alone, without NLP.

A post's author, the posts it reposts, replies to and quotes, the accounts it
mentions, its hashtags and links are all in the platform's data, so they
reach the graph at once: ``claimgraph ingest --extract none`` writes only
this, and the language pipeline, when it runs, only adds actors.

A post is also a claim by its author (DESIGN.md): a ``Claim`` of kind
``post``, ``SAID`` by the ``Account``, ``ABOUT`` the accounts it mentions and
its hashtags, ``REPORTED_IN`` the post. A pure repost makes no claim of its
own: its ``REPOSTS`` relationship leads to the original, whose claim it
amplifies.

The ``Post`` node also keeps its structure as properties (``author``,
``ts``, ``repost_of``, ``reply_to``, ``quote_of``, ``hashtags``, ``urls``),
so that the co-action analysis reads every post with one query.

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

from claimgraph.model import GraphBatch, Node, Post, RawDocument, Relationship, claim_id

__all__ = ["post_to_graph", "post_properties"]


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
    _add_account(batch, post.author, post, author=True)
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
        _add_account(batch, account, post, author=False)
        batch.add_relationship(
            Relationship("MENTIONS", "Document", post.id, "Account", account, {"count": 1})
        )
    for tag in post.hashtags:
        batch.add_node(Node("Hashtag", tag, {"tag": tag}))
        batch.add_relationship(Relationship("TAGGED", "Document", post.id, "Hashtag", tag))
    for url in post.urls:
        domain = url.split("/")[2] if url.count("/") >= 2 else url
        batch.add_node(Node("Url", url, {"domain": domain}))
        batch.add_relationship(Relationship("LINKS_TO", "Document", post.id, "Url", url))
    if not post.repost_of and raw.text.strip():
        _add_claim(batch, raw, post, mentioned)
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


def _add_account(batch: GraphBatch, account: str, post: Post, *, author: bool) -> None:
    platform, _, handle = account.partition(":")
    props: dict[str, object] = {"platform": platform, "handle": handle}
    if author:
        props.update(
            handle=post.handle,
            display_name=post.display_name,
            platform_id=post.author_platform_id,
        )
    batch.add_node(Node("Account", account, props))


def _add_claim(batch: GraphBatch, raw: RawDocument, post: Post, mentioned: list[str]) -> None:
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
