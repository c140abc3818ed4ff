"""PNG and SVG pictures for reports, drawn with matplotlib (Agg, no display needed).

Nodes are coloured by cluster, else by type, with a legend; only the most
central nodes (by degree) are labelled, so that labels stay readable. The
layout is seeded, so the same graph gives the same picture.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from claimgraph.export.style import caption, colour_keys, colours, sizes

__all__ = ["draw", "write_png", "write_svg"]

#: Picture size in pixels (width, height) at the default resolution.
SIZE = (1600, 1200)
_DPI = 100
_LABELLED = 15
# A spring layout of more nodes than this takes minutes; the best-connected are drawn.
_MAX_DRAWN = 3_000


def write_png(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as a PNG picture of :data:`SIZE` pixels."""
    draw(graph, path, "png")


def write_svg(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` as an SVG picture."""
    draw(graph, path, "svg")


def draw(graph: nx.MultiDiGraph, path: Path, image_format: str, title: str | None = None) -> None:
    """Draw ``graph`` into ``path`` as ``image_format`` (``png`` or ``svg``)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Patch

    total = graph.number_of_nodes()
    shown = _best_connected(graph, _MAX_DRAWN)
    simple = nx.Graph(shown.to_undirected(as_view=True))
    positions = nx.spring_layout(simple, seed=7) if len(simple) else {}
    keys = colour_keys(graph)
    palette = colours(keys)
    size = sizes(shown, smallest=4, largest=24)
    nodes = list(shown)
    figure, axes = plt.subplots(figsize=(SIZE[0] / _DPI, SIZE[1] / _DPI), dpi=_DPI)
    try:
        nx.draw_networkx_edges(simple, positions, ax=axes, alpha=0.25, width=0.6)
        nx.draw_networkx_nodes(
            simple,
            positions,
            nodelist=nodes,
            node_color=[palette[keys[n]] for n in nodes],
            node_size=[size[n] ** 2 for n in nodes],
            linewidths=0.5,
            edgecolors="white",
            ax=axes,
        )
        central = sorted(shown.degree(), key=lambda item: (-item[1], item[0]))[:_LABELLED]
        nx.draw_networkx_labels(
            simple,
            positions,
            labels={n: caption(shown.nodes[n]) for n, _ in central},
            font_size=9,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 1},
            ax=axes,
        )
        used = [name for name in palette if any(keys[n] == name for n in nodes)]
        axes.legend(
            handles=[Patch(color=palette[name], label=name) for name in used],
            loc="lower left",
            fontsize=9,
            frameon=False,
        )
        axes.set_title(_title(title or str(graph.graph.get("title") or "claimgraph"), total, shown))
        axes.set_axis_off()
        figure.tight_layout()
        figure.savefig(path, format=image_format, dpi=_DPI)
    finally:
        plt.close(figure)


def _title(title: str, total: int, shown: nx.MultiDiGraph) -> str:
    count = f"{shown.number_of_nodes():,} nodes, {shown.number_of_edges():,} relationships"
    if shown.number_of_nodes() < total:
        count += f" (the best-connected of {total:,} nodes)"
    return f"{title}\n{count}; labels on the {_LABELLED} most connected"


def _best_connected(graph: nx.MultiDiGraph, limit: int) -> nx.MultiDiGraph:
    if graph.number_of_nodes() <= limit:
        return graph
    ranked = sorted(graph.degree(), key=lambda item: (-item[1], item[0]))
    return graph.subgraph(node for node, _ in ranked[:limit])
