"""Graph stores: one ``GraphStore`` interface, backends chosen by name.

Backends are registered by dotted path and imported only when first opened,
so the CLI never pays for a driver it does not use (as rdflib's ``plugin``
registry does).

Examples
--------
>>> available_stores()
['embedded', 'neo4j', 'rdf']
"""

from __future__ import annotations

import importlib
from typing import Any

from claimgraph.errors import UnknownStoreError
from claimgraph.graph.base import GraphStore, QueryResult, StoreCounts, WriteStats

__all__ = [
    "GraphStore",
    "QueryResult",
    "StoreCounts",
    "WriteStats",
    "available_stores",
    "open_store",
    "register_store",
]

_REGISTRY: dict[str, str] = {
    "embedded": "claimgraph.graph.embedded:EmbeddedStore",
    "neo4j": "claimgraph.graph.neo4j:Neo4jStore",
    "rdf": "claimgraph.graph.rdf:RdfStore",
}


def register_store(name: str, target: str) -> None:
    """Register a backend class, given as ``"module:Class"``, under ``name``."""
    _REGISTRY[name] = target


def available_stores() -> list[str]:
    """Return the names of the registered backends."""
    return sorted(_REGISTRY)


def open_store(
    name: str = "embedded",
    *,
    read_only: bool = False,
    timeout: float | None = None,
    **options: Any,
) -> GraphStore:
    """Open the store backend registered as ``name`` with backend ``options``.

    Parameters
    ----------
    name : str
        A registered backend (see :func:`available_stores`).
    read_only : bool
        Open an existing store only to read it: a missing database is an
        error rather than created, and nothing in it is changed. Every
        backend honours it.
    timeout : float, optional
        Seconds a read query may run before the store stops it (``None`` or
        0: no limit).
    **options
        Backend options, such as ``db`` (the embedded store's file).

    Raises
    ------
    UnknownStoreError
        If no backend is registered under ``name``.
    DatabaseNotFoundError
        If ``read_only`` and the database does not exist.
    """
    target = _REGISTRY.get(name)
    if target is None:
        raise UnknownStoreError(
            f"unknown store {name!r}; choose one of: {', '.join(available_stores())}"
        )
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    store: GraphStore = cls(read_only=read_only, timeout=timeout, **options)
    return store
