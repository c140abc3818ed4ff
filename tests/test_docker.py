"""The docker/ files: the compose file is valid and wires claimgraph to Neo4j.

``docker compose config`` checks the file without a docker engine, so these
tests need only the docker client with its compose plugin; without it they skip.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

COMPOSE = Path(__file__).resolve().parents[1] / "docker" / "compose.yaml"


def _compose_available() -> bool:
    try:
        done = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


pytestmark = pytest.mark.skipif(
    not _compose_available(), reason="needs the docker client with `docker compose`"
)


def _config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE), "--profile", "cli", "config", "--format", "json"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(Path.home()), **env},
        timeout=60,
        check=False,
    )


def test_compose_file_is_valid_and_wires_claimgraph_to_neo4j(tmp_path: Path) -> None:
    done = _config({"NEO4J_PASSWORD": "a-password", "CLAIMGRAPH_DATA": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    config: dict[str, Any] = json.loads(done.stdout)
    neo4j, cli = config["services"]["neo4j"], config["services"]["claimgraph"]
    assert neo4j["image"].startswith("neo4j:5")
    assert neo4j["image"].endswith("-community")
    assert "graph-data-science" in neo4j["environment"]["NEO4J_PLUGINS"]
    assert neo4j["environment"]["NEO4J_AUTH"] == "neo4j/a-password"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert {volume["target"] for volume in neo4j["volumes"]} >= {"/data", "/logs", "/plugins"}
    assert cli["build"]["dockerfile"] == "docker/Dockerfile"
    assert cli["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert cli["environment"]["CLAIMGRAPH_STORE"] == "neo4j"
    assert cli["environment"]["CLAIMGRAPH_NEO4J_URI"] == "neo4j://neo4j:7687"
    assert cli["environment"]["CLAIMGRAPH_NEO4J_PASSWORD"] == "a-password"
    assert cli["volumes"][0]["source"] == str(tmp_path)


def test_compose_file_asks_for_a_password() -> None:
    done = _config({})
    assert done.returncode != 0
    assert "NEO4J_PASSWORD" in done.stderr
