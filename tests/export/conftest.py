"""A graph holding hostile text: markup, a formula and control characters."""

from __future__ import annotations

import networkx as nx
import pytest

from claimgraph.analysis.graph import graph_from_batch
from claimgraph.model import Node, Relationship
from tests.conftest import sample_graph

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '"><script>alert(1)</script>'
FORMULA = '=HYPERLINK("http://example.org","x")'


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    """Return the sample graph plus a post whose author name and text are markup."""
    batch = sample_graph()
    account = "twitter:hostile"
    batch.add_node(
        Node("Account", account, {"platform": "twitter", "handle": IMG, "display_name": IMG})
    )
    batch.add_node(Node("Document", "twitter:666", {"kind": "post", "text": SCRIPT}, ("Post",)))
    batch.add_node(Node("Claim", "c-hostile", {"text": SCRIPT + "\x01\x1b", "kind": "post"}))
    batch.add_node(Node("Claim", "c-formula", {"text": FORMULA, "kind": "post", "cue": "-1"}))
    for rel_type, start_label, start, end_label, end in [
        ("POSTED", "Account", account, "Document", "twitter:666"),
        ("SAID", "Account", account, "Claim", "c-hostile"),
        ("SAID", "Account", account, "Claim", "c-formula"),
        ("REPORTED_IN", "Claim", "c-hostile", "Document", "twitter:666"),
    ]:
        batch.add_relationship(Relationship(rel_type, start_label, start, end_label, end))
    return graph_from_batch(batch)
