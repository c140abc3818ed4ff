"""GraphML, GEXF, neo4j-admin CSV, PNG and SVG exports, and the export command's selection."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.export import export_graph
from claimgraph.export.csv import is_formula
from claimgraph.graph.backends.embedded import EmbeddedStore
from tests.export.conftest import FORMULA, IMG, SCRIPT

READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_parse_back_with_hostile_text(
    hostile_graph: nx.MultiDiGraph, tmp_path: Path, fmt: str
) -> None:
    path = export_graph(hostile_graph, tmp_path / f"g.{fmt}", fmt)
    back = READERS[fmt](path)
    assert back.number_of_nodes() == hostile_graph.number_of_nodes()
    assert back.number_of_edges() == hostile_graph.number_of_edges()
    account = back.nodes["Account:twitter:hostile"]
    assert account["display_name"] == IMG
    # control characters XML cannot hold are stripped, the rest of the text kept
    assert back.nodes["Claim:c-hostile"]["text"] == SCRIPT
    massimov = back.nodes["Actor:karim-massimov"]
    assert massimov["label"] == "Karim Massimov"
    assert massimov["node_type"] == "Person"
    assert massimov["colour"].startswith("#")
    mentions = [
        d
        for u, v, d in back.edges(data=True)
        if (u, v) == ("Document:doc-article", "Actor:karim-massimov")
    ]
    assert [d["weight"] for d in mentions] == [6.0]


def test_gexf_carries_viz_colour_and_size(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "export",
            "--format",
            "gexf",
            "-o",
            str(tmp_path / "g.gexf"),
            "--db",
            str(sample_store.path),
        ],
    )
    assert result.exit_code == 0, result.output
    viz = "{http://www.gexf.net/1.2draft/viz}"
    nodes = ET.parse(tmp_path / "g.gexf").getroot().iter("{http://www.gexf.net/1.2draft}node")
    first = next(nodes)
    colour = first.find(f"{viz}color")
    assert colour is not None and {"r", "g", "b"} <= colour.attrib.keys()
    assert first.find(f"{viz}size") is not None


def test_csv_is_neo4j_admin_import_format(hostile_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    folder = export_graph(hostile_graph, tmp_path / "csv", "csv")
    with (folder / "nodes-Actor.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0].keys() >= {"id:ID(Actor)", ":LABEL", "name", "aliases:string[]"}
    massimov = next(row for row in rows if row["id:ID(Actor)"] == "karim-massimov")
    assert massimov[":LABEL"] == "Actor;Person"
    assert massimov["aliases:string[]"] == "Massimov;Карим Масимов"
    with (folder / "relationships-Document-Actor.csv").open(encoding="utf-8", newline="") as handle:
        rels = list(csv.DictReader(handle))
    assert rels[0].keys() == {":START_ID(Document)", ":END_ID(Actor)", ":TYPE", "count:long"}
    with (folder / "nodes-Claim.csv").open(encoding="utf-8", newline="") as handle:
        claims = {row["id:ID(Claim)"]: row for row in csv.DictReader(handle)}
    assert claims["c-formula"]["text"] == "'" + FORMULA
    assert claims["c-formula"]["cue"] == "-1"  # a number, not a formula
    assert claims["c-hostile"]["text"] == SCRIPT
    with (folder / "nodes-Account.csv").open(encoding="utf-8", newline="") as handle:
        accounts = {row["id:ID(Account)"]: row for row in csv.DictReader(handle)}
    assert accounts["twitter:hostile"]["display_name"] == IMG
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                assert not any(is_formula(cell) for cell in row), (path, row)
    arguments = (folder / "import.args").read_text(encoding="utf-8").split()
    assert f"--nodes={folder / 'nodes-Actor.csv'}" in arguments


def test_png_has_the_expected_size(hostile_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    from matplotlib import image

    from claimgraph.export.picture import SIZE

    path = export_graph(hostile_graph, tmp_path / "g.png", "png")
    pixels = image.imread(path)
    assert pixels.shape[:2] == (SIZE[1], SIZE[0])
    assert pixels[..., :3].std() > 0.01


def test_svg_is_valid_xml_with_a_title(hostile_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    hostile_graph.graph["title"] = "Massimov <campaign>"
    path = export_graph(hostile_graph, tmp_path / "g.svg", "svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")


def test_export_query_widened_and_filtered(sample_db: Path, tmp_path: Path) -> None:
    def export(*args: str) -> nx.MultiDiGraph:
        target = tmp_path / "g.graphml"
        result = CliRunner().invoke(
            cli, ["export", "--format", "graphml", "-o", str(target), "--db", str(sample_db), *args]
        )
        assert result.exit_code == 0, result.output
        return nx.read_graphml(target)

    query = ["--query", "MATCH (a:Actor {id: 'muhtar-taizhan'}) RETURN a"]
    assert list(export(*query)) == ["Actor:muhtar-taizhan"]
    assert set(export(*query, "--hops", "1")) == {
        "Actor:muhtar-taizhan",
        "Claim:c-taizhan",
        "Document:doc-article",
    }
    actors = export("--label", "Actor")
    assert {data["primary_label"] for _, data in actors.nodes(data=True)} == {"Actor"}
    said = export("--type", "SAID")
    assert {data["type"] for _, _, data in said.edges(data=True)} == {"SAID"}
    assert said.number_of_nodes() == 12


def test_pictures_need_an_output_file(sample_db: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "png", "--db", str(sample_db)])
    assert result.exit_code == 2
    assert "--output" in result.output
