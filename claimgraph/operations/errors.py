"""Errors of the operations layer."""

from __future__ import annotations

from claimgraph.errors import ClaimgraphError

__all__ = ["ConflictingOptionsError"]


class ConflictingOptionsError(ClaimgraphError):
    """Options that do not go together were given; the command line reports a usage error."""
