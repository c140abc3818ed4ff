"""The embedded store's old module path, until the command line imports the new one.

The store is :mod:`claimgraph.graph.backends.embedded`.
"""

from claimgraph.graph.backends.embedded import DEFAULT_DB, EmbeddedStore

__all__ = ["DEFAULT_DB", "EmbeddedStore"]
