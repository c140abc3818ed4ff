"""The results of an amplification analysis as plain data, for JSON and for a server.

The analysis itself is :func:`claimgraph.analysis.amplification.analyze_amplification`;
this module turns its result into the dictionary that ``claimgraph analyze
amplification --format json`` prints.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimgraph.analysis.amplification import AmplificationResult, ClusterSummary

__all__ = ["amplification_to_dict", "cluster_to_dict"]


def amplification_to_dict(result: AmplificationResult) -> dict[str, Any]:
    """Return the run, its counts and its clusters as JSON-ready data."""
    return {
        "run": result.params.run,
        "method": result.params.method,
        "posts": result.posts,
        "accounts": result.accounts,
        "candidate_pairs": result.candidate_pairs,
        "edges": len(result.edges),
        "dropped_by_null_model": result.dropped_by_null,
        "clusters": [cluster_to_dict(cluster) for cluster in result.clusters],
    }


def cluster_to_dict(cluster: ClusterSummary) -> dict[str, Any]:
    """Return a cluster's fields and its size; its ``index`` is only its place in the list."""
    fields = asdict(cluster)
    del fields["index"]
    return {"id": fields.pop("id"), "size": cluster.size, **fields}
