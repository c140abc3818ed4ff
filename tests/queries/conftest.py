"""A store holding the sample graph and the clusters of two amplification runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimgraph.graph.embedded import EmbeddedStore
from tests.queries.test_clusters import clustered


@pytest.fixture(scope="module")
def clustered_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """Yield an open store holding :func:`clustered`; tests must not write to it."""
    with EmbeddedStore(db=tmp_path_factory.mktemp("clustered") / "c.db") as store:
        store.write(clustered())
        yield store
