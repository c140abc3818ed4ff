"""What every visual export shares: a node's caption, type, cluster, colour and size.

Graph files and pictures show the same things the same way: a node is
coloured by its amplification cluster when it belongs to one (``MEMBER_OF``)
and by its type otherwise, sized by its degree, and captioned by its name,
handle, tag or title. Text is cleaned of the control characters XML cannot
hold. :func:`remember_clusters` keeps the clusters on a graph about to be
filtered, so that an export of accounts alone still carries them.

Examples
--------
>>> clean_text("a\\x00b\\x1bc\\td")
'abc\\td'
>>> caption({"label": "Account", "handle": "samsonino", "id": "twitter:samsonino"})
'@samsonino'
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Mapping
from typing import Any

import networkx as nx

__all__ = [
    "CLUSTER_PALETTE",
    "PALETTE",
    "TYPE_COLOURS",
    "caption",
    "clean_text",
    "cluster_names",
    "clusters",
    "colour_keys",
    "colour_of",
    "colours",
    "flat_value",
    "graph_attributes",
    "node_type",
    "remember_clusters",
    "sizes",
    "styled",
]

# Tableau's 10 colours then their lighter halves (matplotlib's tab20 order), readable on white.
PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#aec7e8",
    "#ffbb78",
    "#98df8a",
    "#ff9896",
    "#c5b0d5",
    "#c49c94",
    "#f7b6d2",
    "#c7c7c7",
    "#dbdb8d",
    "#9edae5",
]
OTHER_COLOUR = "#b0b0b0"
#: A fixed colour per node type, so that a type looks the same in every export. The
#: many claims and posts are light, so that the strong cluster colours stand out.
TYPE_COLOURS = {
    "Person": "#1f77b4",
    "Organization": "#ff7f0e",
    "Outlet": "#2ca02c",
    "Place": "#8c564b",
    "Group": "#9467bd",
    "Actor": "#17becf",
    "Account": "#7f7f7f",
    "Claim": "#ff9896",
    "Article": "#bcbd22",
    "Post": "#f7b6d2",
    "Document": "#dbdb8d",
    "Hashtag": "#98df8a",
    "Url": "#c7c7c7",
    "Cluster": "#393b79",
    "cluster": "#000000",
}
#: Cluster ``n`` is drawn in colour ``n``, cycling: strong colours apart from the types'.
CLUSTER_PALETTE = [
    "#d62728",
    "#e6ab02",
    "#e7298a",
    "#252525",
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#66a61e",
    "#a6761d",
    "#08306b",
]
_CLUSTER_NAME = re.compile(r"^cluster (\d+)")

# XML 1.0 allows tab, newline and carriage return among the C0 controls, and none of
# U+FFFE, U+FFFF or lone surrogates; C1 controls are legal but only trouble downstream.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CAPTION_LENGTH = 60


def clean_text(text: str) -> str:
    """Return ``text`` without the control characters an XML file cannot hold."""
    return _CONTROL.sub("", text)


def flat_value(value: Any) -> str | int | float | bool | None:
    """Return a property value as one scalar a graph file can hold.

    Examples
    --------
    >>> flat_value(["Massimov", "Карим Масимов"])
    'Massimov; Карим Масимов'
    >>> flat_value(3), flat_value(None)
    (3, None)
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple | set):
        return clean_text("; ".join(str(item) for item in value))
    return clean_text(json.dumps(value, ensure_ascii=False, default=str))


def caption(data: Mapping[str, Any]) -> str:
    """Return the short text naming a node: name, @handle, #tag, title or text."""
    if data.get("handle"):
        text = f"@{data['handle']}"
    elif data.get("tag"):
        text = f"#{data['tag']}"
    else:
        text = next(
            (str(data[k]) for k in ("name", "title", "text", "url", "method") if data.get(k)),
            str(data.get("id", "")),
        )
    text = clean_text(" ".join(text.split()))
    return text if len(text) <= _CAPTION_LENGTH else text[: _CAPTION_LENGTH - 1] + "…"


def node_type(data: Mapping[str, Any]) -> str:
    """Return a node's most specific label (``Person`` rather than ``Actor``).

    Examples
    --------
    >>> node_type({"label": "Actor", "labels": ["Actor", "Person"]})
    'Person'
    >>> node_type({"label": "Claim", "labels": ["Claim"]})
    'Claim'
    """
    primary = str(data.get("label", ""))
    others = sorted(label for label in data.get("labels") or () if label != primary)
    return others[0] if others else primary


def clusters(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Return the cluster node key each member node belongs to (``MEMBER_OF``).

    A member of clusters of several runs gets the one of the latest run
    (``created_at``, then ``run``), then of the lowest index, whatever order
    the edges were read in. Clusters remembered by :func:`remember_clusters`
    before the graph was filtered count too.
    """
    remembered = graph.graph.get(_REMEMBERED[0]) or {}
    found: dict[str, list[str]] = {}
    for start, end, rel_type in graph.edges(data="type"):
        if rel_type == "MEMBER_OF":
            found.setdefault(start, []).append(end)
    chosen = {member: remembered[member] for member in graph if member in remembered}
    chosen.update((member, _chosen(graph, candidates)) for member, candidates in found.items())
    return chosen


def remember_clusters(graph: nx.MultiDiGraph) -> None:
    """Note each member's cluster and each cluster's name on ``graph.graph``.

    Copies and subgraphs keep them, so that a graph filtered to accounts and
    ``COORDINATED_WITH`` (without ``Cluster`` nodes or ``MEMBER_OF``) is still
    exported with each account's cluster and coloured by it.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Cluster:louvain:r:0", label="Cluster", id="louvain:r:0", index=0, run="r")
    >>> g.add_edge("Account:twitter:a", "Cluster:louvain:r:0", type="MEMBER_OF")
    0
    >>> remember_clusters(g)
    >>> clusters(g.subgraph(["Account:twitter:a"]))
    {'Account:twitter:a': 'Cluster:louvain:r:0'}
    """
    graph.graph[_REMEMBERED[0]] = clusters(graph)
    graph.graph[_REMEMBERED[1]] = cluster_names(graph)


def graph_attributes(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Return ``graph.graph`` without what :func:`remember_clusters` noted, for writing out."""
    return {key: value for key, value in graph.graph.items() if key not in _REMEMBERED}


# What remember_clusters notes on graph.graph: members' clusters and the clusters' names.
_REMEMBERED = ("clusters", "cluster_names")


def cluster_names(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Return the legend name of each cluster node: ``cluster <index>`` as the CLI prints it.

    The index is the cluster's own ``index`` (0 for the first cluster of a
    run, as ``claimgraph analyze amplification`` numbers them). When the graph
    holds clusters of several runs, the run follows: ``cluster 0 (run-b)``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Cluster:louvain:r:1", label="Cluster", id="louvain:r:1", index=1, run="r")
    >>> cluster_names(g)
    {'Cluster:louvain:r:1': 'cluster 1'}
    """
    nodes = [n for n, label in graph.nodes(data="label") if label == "Cluster"]
    runs = {graph.nodes[n].get("run") for n in nodes}
    names = dict(graph.graph.get(_REMEMBERED[1]) or {})
    for node in nodes:
        name = f"cluster {_cluster_index(graph.nodes[node])}"
        names[node] = name if len(runs) <= 1 else f"{name} ({graph.nodes[node].get('run')})"
    return names


def colour_keys(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Return what colours each node: ``cluster <n>`` for members, else its type."""
    membership = clusters(graph)
    names = cluster_names(graph)
    return {
        node: names.get(membership[node], "cluster") if node in membership else node_type(data)
        for node, data in graph.nodes(data=True)
    }


def colours(keys: Mapping[str, str]) -> dict[str, str]:
    """Return a colour for each distinct value of ``keys``, the same in every export.

    A type has its own colour (:data:`TYPE_COLOURS`); cluster ``n`` has
    colour ``n`` of :data:`CLUSTER_PALETTE`; any other value one picked by a
    stable hash of its name. Nothing depends on what else the graph holds or
    in which order it was read. Entries come in legend order: types by name,
    then clusters by number.

    Examples
    --------
    >>> colours({"a": "Person", "b": "cluster 2"})
    {'Person': '#1f77b4', 'cluster 2': '#e7298a'}
    """
    return {value: colour_of(value) for value in sorted(set(keys.values()), key=_legend_order)}


def colour_of(name: str) -> str:
    """Return the colour of a legend entry: a node type or ``cluster <n>``."""
    if name in TYPE_COLOURS:
        return TYPE_COLOURS[name]
    match = _CLUSTER_NAME.match(name)
    if match is not None:
        return CLUSTER_PALETTE[int(match[1]) % len(CLUSTER_PALETTE)]
    return PALETTE[zlib.crc32(name.encode("utf-8")) % len(PALETTE)]


def _legend_order(name: str) -> tuple[int, int, str]:
    match = _CLUSTER_NAME.match(name)
    return (0, 0, name) if match is None else (1, int(match[1]), name)


def _cluster_index(data: Mapping[str, Any]) -> int | str:
    index = data.get("index")
    if isinstance(index, int) and not isinstance(index, bool):
        return index
    # "method:run:index" (DESIGN.md), for clusters written without an index property
    tail = str(data.get("id", "")).rpartition(":")[2]
    return int(tail) if tail.isdigit() else tail or "?"


def _chosen(graph: nx.MultiDiGraph, candidates: list[str]) -> str:
    """Return the cluster of the latest run among ``candidates``, then of the lowest index."""

    def run(node: str) -> tuple[str, str]:
        data = graph.nodes[node]
        return str(data.get("created_at") or ""), str(data.get("run") or "")

    latest = max(run(node) for node in candidates)
    return min(
        (node for node in candidates if run(node) == latest),
        key=lambda node: (str(_cluster_index(graph.nodes[node])).zfill(12), node),
    )


def sizes(graph: nx.MultiDiGraph, smallest: float = 4.0, largest: float = 30.0) -> dict[str, float]:
    """Return a size per node growing with the square root of its degree."""
    degrees = dict(graph.degree())
    top = max(degrees.values(), default=0) or 1
    return {
        node: round(smallest + (largest - smallest) * math.sqrt(degree / top), 2)
        for node, degree in degrees.items()
    }


def edge_weight(data: Mapping[str, Any]) -> float:
    """Return a relationship's weight: its ``weight``, else its ``count``, else 1."""
    for key in ("weight", "count"):
        value = data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return 1.0


def styled(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy of ``graph`` with flat, cleaned attributes and its style.

    Nodes get ``label`` (the caption), ``node_type``, ``labels`` (joined with
    ``;``), ``cluster`` (the ``Cluster`` node's key; absent when none),
    ``colour`` and ``size``, then their properties (an account's ``status``
    and ``status_seen`` among them); a missing value is left out, never
    written as empty text; edges get a unique key, ``type``, ``weight`` and their
    properties. A property whose values differ in type between elements
    becomes text everywhere, so that typed formats stay valid.
    """
    membership = clusters(graph)
    keys = colour_keys(graph)
    palette = colours(keys)
    size = sizes(graph)
    out = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        attrs: dict[str, Any] = {
            _key(f"property_{k}" if k in _RESERVED else k): flat_value(v)
            for k, v in data.items()
            if k not in ("label", "labels") and v is not None
        }
        attrs.update(
            label=caption(data),
            node_type=node_type(data),
            primary_label=str(data.get("label", "")),
            labels=";".join(data.get("labels") or ()),
            colour=palette[keys[node]],
            size=size[node],
        )
        if node in membership:
            attrs["cluster"] = membership[node]
        out.add_node(clean_text(node), **attrs)
    for i, (start, end, data) in enumerate(graph.edges(data=True)):
        attrs = {_key(k): flat_value(v) for k, v in data.items() if v is not None}
        attrs["weight"] = edge_weight(data)
        out.add_edge(clean_text(start), clean_text(end), key=f"e{i}", **attrs)
    _uniform_types(dict(out.nodes(data=True)).values())
    _uniform_types(data for _, _, data in out.edges(data=True))
    return out


_RESERVED = {"node_type", "primary_label", "cluster", "colour", "size"}


def _key(name: str) -> str:
    # A property name becomes an XML attribute value (GraphML, GEXF) and a CSV header.
    return clean_text(str(name)) or "property"


def _uniform_types(items: Any) -> None:
    items = list(items)
    seen: dict[str, set[type]] = {}
    for data in items:
        for key, value in data.items():
            seen.setdefault(key, set()).add(type(value))
    mixed = {key for key, kinds in seen.items() if len(kinds) > 1}
    numbers = {key for key in mixed if seen[key] <= {int, float}}
    for data in items:
        for key in mixed & data.keys():
            data[key] = float(data[key]) if key in numbers else str(data[key])
