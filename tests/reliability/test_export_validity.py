"""Exports stay valid whatever the graph holds: XML that parses, CSV cells that never run.

Every C0 control character, DEL, lone surrogates, U+FFFE, markup
characters, ``]]>`` and very long strings go into node ids, labels,
property names and values and relationship properties; GraphML and GEXF
must still parse (as XML and back through NetworkX), and every CSV cell a
spreadsheet would run as a formula must be neutralised.
"""

from __future__ import annotations

import csv
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.analysis.graph import graph_from_batch
from claimgraph.export import export_graph
from claimgraph.export.csv import is_formula
from claimgraph.model import GraphBatch, Node, Relationship

CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\x7f"
NASTY = [
    CONTROLS,
    "\ud800 lone \udfff surrogates \ufffe\uffff",
    "<tag attr=\"x\" other='y'>&amp; &#0; &#x1;</tag>",
    "]]> <![CDATA[ x ]]>",
    "x" * 200_000,
    "=1+1",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    "\t=tab",
    "\r=cr",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _hostile_graph(text: str) -> nx.MultiDiGraph:
    batch = GraphBatch()
    batch.add_node(
        Node("Actor", f"id-{text[:50]}", {"name": text, "aliases": [text, "ok"], text[:20]: text})
    )
    batch.add_node(Node("Claim", "c1", {"text": text, "cue": text, "start": -1}))
    batch.add_node(Node("Document", text[:80] or "d", {"title": text, "kind": "post"}, ("Post",)))
    batch.add_relationship(Relationship("SAID", "Actor", f"id-{text[:50]}", "Claim", "c1"))
    batch.add_relationship(
        Relationship("REPORTED_IN", "Claim", "c1", "Document", text[:80] or "d", {"note": text})
    )
    return graph_from_batch(batch)


def _check_xml(graph: nx.MultiDiGraph, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = export_graph(graph, Path(folder, f"g.{fmt}"), fmt)
        ET.parse(path)  # well-formed XML 1.0
        back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def _check_csv(graph: nx.MultiDiGraph) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = export_graph(graph, Path(folder, "csv"), "csv")
        for file in sorted(out.glob("*.csv")):
            limit = csv.field_size_limit(10_000_000)  # the 200,000-character cells
            try:
                with file.open(encoding="utf-8", newline="") as handle:
                    rows = list(csv.reader(handle))
            finally:
                csv.field_size_limit(limit)
            for row in rows:
                for cell in row:
                    # issue 20.8: each line of a cell, not only its first, is checked
                    for line in re.split(r"\r\n|\r|\n", cell):
                        assert not is_formula(line), (file, cell)
                        assert not line.startswith(FORMULA_STARTS) or _plain(line), (file, cell)
                    assert "\x00" not in cell


def _plain(cell: str) -> bool:
    """Return whether ``cell`` is a number, a lone sign or an ``@handle``: nothing to run."""
    if re.fullmatch(r"[+-]\s*|@\s*|@[A-Za-z_]\w*", cell) and not is_formula(cell):
        return True
    try:
        float(cell.rstrip("%"))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_xml_exports_parse_with_hostile_text(text: str, fmt: str) -> None:
    _check_xml(_hostile_graph(text), fmt)


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_csv_cells_never_run_as_formulas(text: str) -> None:
    _check_csv(_hostile_graph(text))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=1, max_size=60))
def test_exports_stay_valid_for_any_text(text: str) -> None:
    graph = _hostile_graph(text)
    for fmt in ("graphml", "gexf"):
        _check_xml(graph, fmt)
    _check_csv(graph)
