"""Interactive HTML: one self-contained file, drawn with neo4j-viz, that works offline.

neo4j-viz ships its drawing library (Neo4j's NVL), styles and fonts inlined
in one HTML template; the graph travels in an inert JSON block with ``<``
escaped, so no text from the graph can become markup. The page pans and
zooms, searches, shows a legend of colours (cluster, else node type) and,
when a node is clicked, its properties. Actors and accounts carry their
claims, each with its evidence: the document's title and URL.

Above :data:`MAX_NODES` nodes the page shows the best-connected ones and
says so in its header.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from claimgraph.export.style import caption, clean_text, colour_keys, colours, flat_value, sizes

__all__ = ["MAX_NODES", "render_html", "write_html"]

#: Most nodes one page draws (neo4j-viz's own limit); beyond it the page samples.
MAX_NODES = 10_000
_CLAIMS_SHOWN = 20
_SPEAKERS = {"Actor", "Account"}
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL | re.IGNORECASE)
# The page is one column exactly the window's height: the header, then the drawing,
# which takes the rest. neo4j-viz sets its container's height to 100vh by script,
# whatever height render() is given, which pushed the bottom 3em below the window.
_LAYOUT = (
    "<style>html,body{height:100%;margin:0;overflow:hidden}"
    "body{display:flex;flex-direction:column}"
    "#claimgraph-header{flex:none;box-sizing:border-box}"
    'body>div[id^="neo4j-viz-"]{flex:1 1 0;min-height:0;height:auto!important}</style>\n'
)


def write_html(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as one interactive HTML file needing no network."""
    path.write_text(render_html(graph), encoding="utf-8")


def render_html(graph: nx.MultiDiGraph, title: str | None = None) -> str:
    """Return the HTML page drawing ``graph``.

    The page's header holds the number of nodes drawn in the element
    ``#claimgraph-node-count``, counted by the page from the data it draws.
    """
    from neo4j_viz import Node, Relationship, VisualizationGraph

    total = graph.number_of_nodes()
    shown = _sample(graph, MAX_NODES)
    keys = colour_keys(graph)
    palette = colours(keys)
    size = sizes(shown, smallest=6, largest=40)
    nodes = [
        Node.model_validate(
            {
                "id": key,
                "caption": caption(data),
                "color": palette[keys[key]],
                "size": size[key],
                "properties": _properties(graph, key, data),
            }
        )
        for key, data in shown.nodes(data=True)
    ]
    relationships = [
        Relationship.model_validate({"source": start, "target": end, "caption": str(rel_type)})
        for start, end, rel_type in shown.edges(data="type")
    ]
    visual = VisualizationGraph(nodes=nodes, relationships=relationships)
    used = {keys[key] for key in shown}
    legend: dict[Any, Any] = {name: colour for name, colour in palette.items() if name in used}
    visual.set_legend(nodes=legend)
    page = visual.render(height="100%", max_allowed_nodes=MAX_NODES, theme="light")
    text = str(page.data)
    title = clean_text(title or str(graph.graph.get("title") or "claimgraph"))
    # neo4j-viz titles every page "neo4j-viz" (issue 19 minor): the page is titled as asked.
    text = _TITLE.sub(lambda _: f"<title>{html.escape(title)}</title>", text, count=1)
    header = _header(title, total, len(shown))
    return text.replace("<body>", "<body>\n" + _LAYOUT + header, 1)


def _sample(graph: nx.MultiDiGraph, limit: int) -> nx.MultiDiGraph:
    """Return ``graph``, or its ``limit`` best-connected nodes (ties by key) when larger."""
    if graph.number_of_nodes() <= limit:
        return graph
    ranked = sorted(graph.degree(), key=lambda item: (-item[1], item[0]))
    return graph.subgraph(node for node, _ in ranked[:limit])


def _properties(graph: nx.MultiDiGraph, key: str, data: Mapping[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {
        k: flat_value(v) for k, v in data.items() if k not in ("label", "labels") and v is not None
    }
    props["labels"] = ", ".join(data.get("labels") or ())
    if data.get("label") in _SPEAKERS:
        claims = list(_claims(graph, key))
        if claims:
            shown = claims[:_CLAIMS_SHOWN]
            more = len(claims) - len(shown)
            props["claims"] = "\n".join(shown) + (f"\n… and {more} more" if more > 0 else "")
    return props


def _claims(graph: nx.MultiDiGraph, speaker: str) -> Any:
    """Yield one line per claim ``speaker`` said: its text, then each document it is in."""
    for _, claim, rel_type in graph.out_edges(speaker, data="type"):
        if rel_type != "SAID":
            continue
        text = clean_text(" ".join(str(graph.nodes[claim].get("text", "")).split()))
        evidence = [
            _evidence(graph.nodes[document])
            for _, document, kind in graph.out_edges(claim, data="type")
            if kind == "REPORTED_IN"
        ]
        yield f"“{text}” (evidence: {'; '.join(evidence) or 'not in this export'})"


def _evidence(document: Mapping[str, Any]) -> str:
    where = document.get("url") or document.get("source") or document.get("id", "")
    title = document.get("title")
    return clean_text(f"{title} <{where}>" if title else str(where))


def _header(title: str, total: int, shown: int) -> str:
    """Return the page's header bar; every text in it is HTML-escaped."""
    sampled = (
        f" (sampled: the {shown:,} best-connected of {total:,} nodes)" if shown < total else ""
    )
    # The count is read from the data the page draws, so that it reports what is shown.
    return (
        '<header id="claimgraph-header" style="height:3em;display:flex;align-items:center;'
        'gap:1em;padding:0 1em;font:14px system-ui,sans-serif;border-bottom:1px solid #ddd">'
        f"<strong>{html.escape(clean_text(title))}</strong>"
        f'<span><span id="claimgraph-node-count" data-expected="{shown}">{shown}</span> nodes'
        f"{html.escape(sampled)}; click a node for its properties and claims</span></header>\n"
        "<script>document.addEventListener('DOMContentLoaded',function(){"
        "var d=document.getElementById('neo4j-viz-data');"
        "if(d){document.getElementById('claimgraph-node-count').textContent="
        "String(JSON.parse(d.textContent).nodes.length);}});</script>\n"
    )
