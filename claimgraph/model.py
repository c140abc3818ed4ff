"""The graph's node and relationship types, their ids, and validation.

This module is the code side of the data model in DESIGN.md: the labels,
relationship types and deterministic ids every store and export relies on.
Everything here is plain data: no store, no spaCy.

Examples
--------
>>> actor_id("Karim Massimov")
'karim-massimov'
>>> account_id("Twitter", "@AlmiriKarpykov")
'twitter:almirikarpykov'
>>> hashtag_id("#25летНезависимости")
'25летнезависимости'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "NODE_LABELS",
    "ACTOR_KINDS",
    "REL_TYPES",
    "RawDocument",
    "Post",
    "Node",
    "Relationship",
    "GraphBatch",
    "QueryResult",
    "StoreCounts",
    "WriteStats",
    "normalise_text",
    "slugify",
    "document_id",
    "actor_id",
    "account_id",
    "post_id",
    "hashtag_id",
    "claim_id",
    "normalise_url",
    "validate_node",
    "validate_relationship",
]

#: Primary labels; every node carries exactly one of these.
NODE_LABELS = ("Document", "Actor", "Account", "Claim", "Hashtag", "Url", "Cluster")

#: Actor kinds and the extra label each one adds to the ``Actor`` node.
ACTOR_KINDS = {
    "person": "Person",
    "organization": "Organization",
    "outlet": "Outlet",
    "place": "Place",
    "group": "Group",
}

#: Document kinds and their extra label.
DOCUMENT_KINDS = {"article": "Article", "post": "Post"}

#: Relationship types with the primary labels allowed at each end.
REL_TYPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "SAID": (frozenset({"Actor", "Account"}), frozenset({"Claim"})),
    "ABOUT": (frozenset({"Claim"}), frozenset({"Actor", "Account", "Hashtag"})),
    "REPORTED_IN": (frozenset({"Claim"}), frozenset({"Document"})),
    "TOLD_TO": (frozenset({"Claim"}), frozenset({"Actor"})),
    "OPERATES": (frozenset({"Actor"}), frozenset({"Account"})),
    "POSTED": (frozenset({"Account"}), frozenset({"Document"})),
    "PUBLISHED": (frozenset({"Actor"}), frozenset({"Document"})),
    "MENTIONS": (frozenset({"Document"}), frozenset({"Actor", "Account"})),
    "TAGGED": (frozenset({"Document"}), frozenset({"Hashtag"})),
    "LINKS_TO": (frozenset({"Document"}), frozenset({"Url"})),
    "REPOSTS": (frozenset({"Document"}), frozenset({"Document"})),
    "REPLIES_TO": (frozenset({"Document"}), frozenset({"Document"})),
    "QUOTES": (frozenset({"Document"}), frozenset({"Document"})),
    "COORDINATED_WITH": (frozenset({"Account"}), frozenset({"Account"})),
    "MEMBER_OF": (frozenset({"Account"}), frozenset({"Cluster"})),
}

# Query parameters that only track who clicked; dropped so one link is one node.
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ref_src|s|t)$")


# Latin and Cyrillic letters that look alike once case-folded (B/В, H/Н, K/К, M/М,
# T/Т look alike as capitals; i/і is the Kazakh and Ukrainian і).
_LOOKALIKES = ("aeopcxykmthbi", "аеорсхукмтнві")
_TO_CYRILLIC = str.maketrans(*_LOOKALIKES)
_TO_LATIN = str.maketrans(_LOOKALIKES[1], _LOOKALIKES[0])


@dataclass(frozen=True, slots=True)
class Post:
    """What a platform says about one post, beyond its text: author, targets, entities.

    Ids of posts (``id``, ``repost_of``, ``reply_to``, ``quote_of``) are
    document ids, ``platform:number`` (see :func:`post_id`); ``author`` is an
    account id (see :func:`account_id`). ``timestamp`` is seconds since the
    Unix epoch, kept exactly as the source gave it so that time windows are
    exact; ``published_at`` on the document is the same moment in ISO 8601.
    """

    id: str
    platform: str
    author: str
    handle: str
    timestamp: float | None = None
    author_platform_id: str | None = None
    display_name: str | None = None
    repost_of: str | None = None
    reply_to: str | None = None
    quote_of: str | None = None
    mentions: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    urls_as_given: tuple[str, ...] = ()
    #: What the data says of the author's account (see ``sources.posts.status``), and when
    #: it was seen (seconds); ``mentioned_statuses`` the same for mentioned handles.
    author_status: str | None = None
    status_seen: float | None = None
    mentioned_statuses: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as read from a source, before any language processing.

    ``text`` is exactly as read and decoded; character offsets elsewhere
    index it. ``source`` is the path or URL it was read from.
    """

    text: str
    source: str
    kind: str = "article"
    format: str = "text"
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published_at: str | None = None
    lang: str | None = None
    encoding: str | None = None
    post: Post | None = None

    @property
    def id(self) -> str:
        """Return the document's deterministic id: the platform id of a post, else a text hash."""
        if self.post is not None:
            return self.post.id
        return document_id(self.text)


@dataclass(slots=True)
class Node:
    """A node to merge: its primary label, id, extra labels and properties."""

    label: str
    id: str
    props: dict[str, Any] = field(default_factory=dict)
    extra_labels: tuple[str, ...] = ()


@dataclass(slots=True)
class Relationship:
    """A relationship to merge between two nodes named by label and id."""

    type: str
    start_label: str
    start_id: str
    end_label: str
    end_id: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class GraphBatch:
    """Nodes and relationships to write together, merged by id.

    Adding a node twice merges its properties (later non-empty values win;
    list properties are unioned), so a batch never holds duplicates.
    """

    nodes: dict[tuple[str, str], Node] = field(default_factory=dict)
    relationships: dict[tuple[str, str, str, str, str], Relationship] = field(default_factory=dict)

    def add_node(self, node: Node) -> Node:
        """Add ``node`` or merge it into the node with the same label and id."""
        key = (node.label, node.id)
        existing = self.nodes.get(key)
        if existing is None:
            self.nodes[key] = node
            return node
        _merge_props(existing.props, node.props)
        if node.extra_labels:
            labels = dict.fromkeys(existing.extra_labels + node.extra_labels)
            existing.extra_labels = tuple(labels)
        return existing

    def add_relationship(self, rel: Relationship) -> Relationship:
        """Add ``rel`` or merge it into the same-typed one between the same nodes."""
        key = (rel.type, rel.start_label, rel.start_id, rel.end_label, rel.end_id)
        existing = self.relationships.get(key)
        if existing is None:
            self.relationships[key] = rel
            return rel
        _merge_props(existing.props, rel.props)
        return existing

    def extend(self, other: GraphBatch) -> None:
        """Merge every node and relationship of ``other`` into this batch."""
        for node in other.nodes.values():
            self.add_node(node)
        for rel in other.relationships.values():
            self.add_relationship(rel)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.relationships)


@dataclass(slots=True)
class QueryResult:
    """Rows a query returned, with their column names and the write statistics."""

    columns: list[str]
    rows: list[list[Any]]
    stats: dict[str, float] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        """Return each row as a dict keyed by column name.

        Examples
        --------
        >>> QueryResult(["name", "n"], [["K", 2]]).records()
        [{'name': 'K', 'n': 2}]
        """
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(slots=True)
class StoreCounts:
    """Node counts by label and relationship counts by type."""

    labels: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)

    @property
    def nodes(self) -> int:
        """Return the number of nodes (each counted once, by its primary label)."""
        return sum(n for label, n in self.labels.items() if label in NODE_LABELS)

    @property
    def edges(self) -> int:
        """Return the number of relationships."""
        return sum(self.relationships.values())

    def to_dict(self) -> dict[str, Any]:
        """Return the counts as plain data (the JSON of ``claimgraph stats``).

        Examples
        --------
        >>> StoreCounts({"Actor": 2, "Person": 2}, {"SAID": 1}).to_dict()
        {'nodes': 2, 'relationships': 1, 'labels': {'Actor': 2, 'Person': 2}, \
'relationship_types': {'SAID': 1}}
        """
        return {
            "nodes": self.nodes,
            "relationships": self.edges,
            "labels": dict(self.labels),
            "relationship_types": dict(self.relationships),
        }


@dataclass(slots=True)
class WriteStats:
    """What a write changed in the store."""

    nodes_created: int = 0
    relationships_created: int = 0

    def __iadd__(self, other: WriteStats) -> WriteStats:
        self.nodes_created += other.nodes_created
        self.relationships_created += other.relationships_created
        return self


def normalise_text(text: str) -> str:
    """Return ``text`` in Unicode NFC with whitespace runs collapsed.

    Examples
    --------
    >>> normalise_text("  a\\r\\n b\\u00a0c ")
    'a b c'
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def slugify(name: str) -> str:
    """Return a lower-case slug of ``name``, keeping letters of every script.

    Examples
    --------
    >>> slugify("RFE/RL")
    'rfe-rl'
    >>> slugify("Карим Масимов")
    'карим-масимов'
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("’", "").replace("'", "")
    return re.sub(r"[^\w]+|_+", "-", text).strip("-")


def document_id(text: str) -> str:
    """Return the id of a document: the sha256 hex digest of its normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def actor_id(name: str) -> str:
    """Return the id of the actor with canonical name ``name``."""
    slug = slugify(name)
    if not slug:
        raise ValueError(f"actor name {name!r} has no letters or digits to make an id from")
    return slug


def account_id(platform: str, handle: str) -> str:
    """Return the id ``platform:handle``, lower-cased, without ``@``."""
    platform = platform.strip().casefold()
    handle = unicodedata.normalize("NFC", handle.strip().lstrip("@")).casefold()
    if not platform or not handle:
        raise ValueError(f"an account needs a platform and a handle, got {platform!r}, {handle!r}")
    return f"{platform}:{handle}"


def post_id(platform: str, number: str | int) -> str:
    """Return the document id of a platform's post: ``platform:number``, platform lower-cased.

    Examples
    --------
    >>> post_id("Twitter", 1234)
    'twitter:1234'
    """
    platform = platform.strip().casefold()
    number = str(number).strip()
    if not platform or not number:
        raise ValueError(f"a post needs a platform and an id, got {platform!r}, {number!r}")
    return f"{platform}:{number}"


def hashtag_id(tag: str) -> str:
    """Return the id of a hashtag: NFC, case-folded, without ``#``, in one script.

    Latin letters that look like Cyrillic ones (a, e, o, p, c, x, y, k, m, t,
    h, b, i) inside a tag written mostly in Cyrillic become the Cyrillic
    letters, and the reverse in a mostly Latin tag: a Latin "e" typed on the
    wrong keyboard, or planted to dodge a filter, does not split a hashtag.
    Digits and other scripts are kept; a tie between the scripts changes nothing.

    Examples
    --------
    >>> hashtag_id("#25ЛетНезависимости") == hashtag_id("#25летнeзависимости")  # Latin e
    True
    >>> hashtag_id("#Соrrupt") == "corrupt"  # Cyrillic С and о in a Latin tag
    True
    """
    text = unicodedata.normalize("NFC", tag.strip().lstrip("#＃")).casefold()
    latin = sum(1 for ch in text if "a" <= ch <= "z")
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    if latin and cyrillic and latin != cyrillic:
        text = text.translate(_TO_CYRILLIC if cyrillic > latin else _TO_LATIN)
    return text


def claim_id(doc_id: str, content: str) -> str:
    """Return the id of a claim: a hash of its document's id and content text.

    The content is normalised first, so the same document read from a file
    with other line endings gives the same claim ids.
    """
    key = f"{doc_id}\x1f{normalise_text(content)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def normalise_url(url: str) -> str:
    """Return ``url`` normalised: lower-case scheme and host, no tracking or fragment.

    Examples
    --------
    >>> normalise_url("HTTPS://Example.COM/a?utm_source=x&id=2#top")
    'https://example.com/a?id=2'
    """
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAMS.match(k)
    ]
    path = parts.path or "/"
    if path != "/" and path.endswith("/"):
        path = path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query), ""))


def validate_node(node: Node) -> None:
    """Raise ``ValueError`` if ``node`` breaks the data model."""
    if node.label not in NODE_LABELS:
        raise ValueError(f"unknown label {node.label!r}; expected one of {', '.join(NODE_LABELS)}")
    if not isinstance(node.id, str) or not node.id:
        raise ValueError(f"{node.label} node has no id")
    _check_props(node.props, f"{node.label} {node.id!r}")


def validate_relationship(rel: Relationship) -> None:
    """Raise ``ValueError`` if ``rel`` breaks the data model."""
    ends = REL_TYPES.get(rel.type)
    if ends is None:
        raise ValueError(f"unknown relationship type {rel.type!r}")
    if rel.start_label not in ends[0] or rel.end_label not in ends[1]:
        raise ValueError(f"{rel.type} cannot join {rel.start_label} to {rel.end_label}")
    _check_props(rel.props, rel.type)


# The scalar types a property holds (a tuple: isinstance reads it without building a union).
_SCALARS = (str, int, float, bool)


def _check_props(props: Mapping[str, Any], what: str) -> None:
    for key, value in props.items():
        if isinstance(value, list):
            if not all(isinstance(v, _SCALARS) for v in value):
                raise ValueError(f"{what}: list property {key!r} must hold only scalars")
        elif value is not None and not isinstance(value, _SCALARS):
            raise ValueError(
                f"{what}: property {key!r} has unsupported type {type(value).__name__}"
            )


def _merge_props(into: dict[str, Any], new: Mapping[str, Any]) -> None:
    for key, value in new.items():
        if value is None or value == "" or value == []:
            continue
        old = into.get(key)
        if isinstance(old, list) and isinstance(value, list):
            into[key] = list(dict.fromkeys(old + value))
        elif key == "count" and isinstance(old, int) and isinstance(value, int):
            into[key] = old + value
        else:
            into[key] = value


def unique(values: Iterable[str]) -> list[str]:
    """Return ``values`` without duplicates, in first-seen order."""
    return list(dict.fromkeys(values))
