"""What every visual export shares: a node's caption, type, cluster, colour and size.

Graph files and pictures show the same things the same way: a node is
coloured by its amplification cluster when it belongs to one (``MEMBER_OF``)
and by its type otherwise, sized by its degree, and captioned by its name,
handle, tag or title. Text is cleaned of the control characters XML cannot
hold.

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
from collections.abc import Mapping
from typing import Any

import networkx as nx

__all__ = [
    "PALETTE",
    "caption",
    "clean_text",
    "clusters",
    "colour_keys",
    "flat_value",
    "node_type",
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
    """Return the cluster node key each member node belongs to (``MEMBER_OF``)."""
    found: dict[str, str] = {}
    for start, end, rel_type in graph.edges(data="type"):
        if rel_type == "MEMBER_OF":
            found.setdefault(start, end)
    return found


def colour_keys(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Return what colours each node: ``cluster <n>`` for members, else its type."""
    membership = clusters(graph)
    names = {key: f"cluster {i + 1}" for i, key in enumerate(sorted(set(membership.values())))}
    return {
        node: names[membership[node]] if node in membership else node_type(data)
        for node, data in graph.nodes(data=True)
    }


def colours(keys: Mapping[str, str]) -> dict[str, str]:
    """Return a colour for each distinct value of ``keys``, the most frequent first."""
    counts: dict[str, int] = {}
    for value in keys.values():
        counts[value] = counts.get(value, 0) + 1
    order = sorted(counts, key=lambda value: (-counts[value], value))
    return {
        value: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, value in enumerate(order)
    }


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
    ``;``), ``cluster`` (empty when none), ``colour`` and ``size``, then their
    properties; edges get a unique key, ``type``, ``weight`` and their
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
            cluster=membership.get(node, ""),
            colour=palette[keys[node]],
            size=size[node],
        )
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
