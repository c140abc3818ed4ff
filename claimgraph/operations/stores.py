"""Which store to open and how to reach it, as one value the CLI and a server share.

Examples
--------
>>> StoreSettings("neo4j", db=Path("ignored.db"), neo4j_uri="bolt://db:7687").options()
{'uri': 'bolt://db:7687'}
>>> StoreSettings("embedded", db=Path("campaign.db")).options()
{'db': PosixPath('campaign.db')}
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from claimgraph.graph import GraphStore, open_store, store_options

__all__ = ["StoreSettings"]


@dataclass(frozen=True, slots=True)
class StoreSettings:
    """A store backend by name and the options that reach it.

    ``db`` is the database of the stores that keep one (the embedded store's
    file, the rdf store's folder); the ``neo4j_*`` settings reach a Neo4j
    server. Each backend is given only the options it takes.
    """

    name: str = "embedded"
    db: Path | None = None
    neo4j_uri: str | None = None
    neo4j_user: str | None = None
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str | None = None

    def options(self) -> dict[str, Any]:
        """Return the options given that the backend takes (see :func:`store_options`).

        Raises
        ------
        UnknownStoreError
            If no backend is registered under ``name``.
        """
        given = {
            "db": self.db,
            "uri": self.neo4j_uri,
            "user": self.neo4j_user,
            "password": self.neo4j_password,
            "database": self.neo4j_database,
        }
        taken = store_options(self.name)
        return {name: value for name, value in given.items() if name in taken and value}

    def open(self, *, read_only: bool = False, timeout: float | None = None) -> GraphStore:
        """Open the store; see :func:`claimgraph.graph.open_store`."""
        return open_store(self.name, read_only=read_only, timeout=timeout, **self.options())

    def with_store(self, name: str, db: Path | None = None) -> StoreSettings:
        """Return these settings for the store ``name`` (and database ``db``, if given)."""
        return replace(self, name=name, db=self.db if db is None else db)
