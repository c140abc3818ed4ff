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
import inspect
from collections.abc import Callable
from typing import Any

from claimgraph.errors import StoreOptionError, UnknownStoreError
from claimgraph.graph.base import CAPABILITIES, GraphStore
from claimgraph.model import QueryResult, StoreCounts, WriteStats

__all__ = [
    "CAPABILITIES",
    "GraphStore",
    "QueryResult",
    "StoreCounts",
    "WriteStats",
    "available_stores",
    "open_store",
    "register_store",
    "store_options",
]

# Every backend takes these; the others are the backend's own options.
_COMMON_OPTIONS = frozenset({"read_only", "timeout"})

_REGISTRY: dict[str, str] = {
    "embedded": "claimgraph.graph.backends.embedded:EmbeddedStore",
    "neo4j": "claimgraph.graph.backends.neo4j:Neo4jStore",
    "rdf": "claimgraph.graph.backends.rdf:RdfStore",
}


def register_store(name: str, target: str) -> None:
    """Register a backend class, given as ``"module:Class"``, under ``name``."""
    _REGISTRY[name] = target


def available_stores() -> list[str]:
    """Return the names of the registered backends."""
    return sorted(_REGISTRY)


def store_options(name: str) -> tuple[str, ...]:
    """Return the options the backend registered as ``name`` takes, besides the common ones.

    Raises
    ------
    UnknownStoreError
        If no backend is registered under ``name``.

    Examples
    --------
    >>> store_options("embedded")
    ('db',)
    """
    parameters = inspect.signature(_backend(name)).parameters.values()
    return tuple(
        p.name
        for p in parameters
        if p.name not in _COMMON_OPTIONS and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    )


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
        Backend options (see :func:`store_options`), such as ``db`` (the
        embedded store's file) or ``uri`` (the Neo4j server's).

    Raises
    ------
    UnknownStoreError
        If no backend is registered under ``name``.
    StoreOptionError
        If the backend does not take one of ``options``.
    DatabaseNotFoundError
        If ``read_only`` and the database does not exist.
    """
    cls = _backend(name)
    takes = store_options(name)
    unknown = sorted(set(options) - set(takes))
    if unknown:
        raise StoreOptionError(
            f"the {name} store takes no option {unknown[0]!r}; it takes: "
            f"{', '.join(takes) or 'none'}"
        )
    store: GraphStore = cls(read_only=read_only, timeout=timeout, **options)
    return store


def _backend(name: str) -> Callable[..., GraphStore]:
    target = _REGISTRY.get(name)
    if target is None:
        raise UnknownStoreError(
            f"unknown store {name!r}; choose one of: {', '.join(available_stores())}"
        )
    module_name, _, class_name = target.partition(":")
    cls: Callable[..., GraphStore] = getattr(importlib.import_module(module_name), class_name)
    return cls
