"""Account status from a posts file to the graph and out to GraphML and GEXF, with clusters."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.graph.backends.embedded import EmbeddedStore

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
HEADER = "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls,account_status"
STATUS = {"alpha": "active", "bravo": "Suspended", "charlie": "deleted"}


def campaign(path: Path) -> Path:
    """Write three accounts reposting four originals seconds apart, with their statuses."""
    rows, number, time = [HEADER], 1, 1_000
    for k in range(4):
        original = number
        rows.append(f"{number},o{k},organic{k},,,original post {k},{time},,")
        number += 1
        for i, handle in enumerate(STATUS):
            rows.append(f"{number},u{handle},{handle},{original},,RT,{time + 5 + i},,")
            number += 1
        time += 3_600
    # The statuses come with the group's last reposts, as a rehydrated collection gives them.
    rows[-3:] = [f"{row}{STATUS[row.split(',')[2]]}" for row in rows[-3:]]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def run(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the database of the campaign, ingested and analysed."""
    folder = tmp_path_factory.mktemp("status")
    db = folder / "g.db"
    run("ingest", campaign(folder / "posts.csv"), "--extract", "none", "--db", db, "-q")
    run("analyze", "amplification", "--db", db, "--types", "repost", "--no-null-model")
    return db


def nodes_of(path: Path) -> tuple[dict[str, tuple[str, str]], dict[str, dict[str, str]]]:
    """Return the GraphML file's node keys (name, type) by id and each node's data by key name."""
    root = ET.parse(path).getroot()
    keys = {
        key.get("id", ""): (key.get("attr.name", ""), key.get("attr.type", ""))
        for key in root.iter(f"{GRAPHML}key")
        if key.get("for") == "node"
    }
    nodes = {}
    for node in root.iter(f"{GRAPHML}node"):
        data = {keys[d.get("key", "")][0]: d.text or "" for d in node.iter(f"{GRAPHML}data")}
        nodes[data["id"]] = data
    return keys, nodes


def test_status_reaches_the_account_nodes(analysed: Path) -> None:
    with EmbeddedStore(db=analysed) as store:
        rows = store.query(
            "MATCH (a:Account) WHERE a.status IS NOT NULL "
            "RETURN a.handle, a.status, a.status_seen ORDER BY a.handle"
        ).rows
    assert [tuple(row) for row in rows] == [
        ("alpha", "active", "1970-01-01T03:16:45Z"),
        ("bravo", "suspended", "1970-01-01T03:16:46Z"),
        ("charlie", "deleted", "1970-01-01T03:16:47Z"),
    ]


def test_the_amplification_network_in_graphml_has_status_and_cluster(
    analysed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "network.graphml"
    run("export", "--db", analysed, "-o", out, "--label", "Account", "--type", "COORDINATED_WITH")
    keys, nodes = nodes_of(out)
    declared = dict(keys.values())
    assert declared["status"] == "string" and declared["status_seen"] == "string"
    assert declared["cluster"] == "string"
    assert {node: data["status"] for node, data in nodes.items()} == {
        "twitter:alpha": "active",
        "twitter:bravo": "suspended",
        "twitter:charlie": "deleted",
    }
    # The Cluster nodes are filtered out of the file; each member still names its cluster.
    clusters = {data["cluster"] for data in nodes.values()}
    assert len(clusters) == 1 and clusters.pop().startswith("Cluster:coaction:")
    assert "None" not in out.read_text(encoding="utf-8")


def test_accounts_without_status_or_cluster_have_no_such_data(
    analysed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "accounts.graphml"
    run("export", "--db", analysed, "-o", out, "--label", "Account")
    _, nodes = nodes_of(out)
    organic = nodes["twitter:organic0"]
    assert "status" not in organic and "status_seen" not in organic and "cluster" not in organic
    assert nodes["twitter:bravo"]["status"] == "suspended"


def test_gexf_carries_the_status(analysed: Path, tmp_path: Path) -> None:
    out = tmp_path / "network.gexf"
    run("export", "--db", analysed, "-o", out, "--label", "Account", "--type", "COORDINATED_WITH")
    root = ET.parse(out).getroot()
    ns = {"g": root.tag.partition("}")[0].lstrip("{")}
    titles = {a.get("id"): a.get("title") for a in root.iterfind(".//g:attributes/g:attribute", ns)}
    values = {
        node.get("id"): {
            titles[v.get("for")]: v.get("value") for v in node.iterfind(".//g:attvalue", ns)
        }
        for node in root.iterfind(".//g:node", ns)
    }
    assert values["Account:twitter:bravo"]["status"] == "suspended"
    assert str(values["Account:twitter:bravo"]["cluster"]).startswith("Cluster:")


def test_a_later_file_replaces_the_status(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    first = tmp_path / "first.csv"
    first.write_text(f"{HEADER}\n1,u1,alpha,,,hi,60,,active\n", encoding="utf-8")
    later = tmp_path / "later.csv"
    later.write_text(f"{HEADER}\n2,u1,alpha,,,bye,120,,suspended\n3,u1,alpha,,,x,130,,\n")
    run("ingest", first, "--extract", "none", "--db", db, "-q")
    run("ingest", later, "--extract", "none", "--db", db, "-q")
    with EmbeddedStore(db=db) as store:
        rows = store.query("MATCH (a:Account {id: 'twitter:alpha'}) RETURN a.status, a.status_seen")
    # The row without a status (post 3) leaves the status the row before it gave.
    assert [tuple(row) for row in rows.rows] == [("suspended", "1970-01-01T00:02:00Z")]
