"""Amplification clusters: co-action networks, a null model, communities, written back.

:func:`compute_amplification` works on a :class:`~claimgraph.analysis.posts.PostTable`;
:func:`analyze_amplification` loads the table from a store, computes, adds
the claims and actors each cluster amplifies and writes the results back as
``Cluster`` nodes, ``MEMBER_OF`` and ``COORDINATED_WITH`` relationships.

Method (claimgraph's default):

1. For each co-action type, pairs of posts on the same object within
   ``window`` seconds (:mod:`claimgraph.analysis.coaction`), with one post
   pair of evidence per object. An edge's weight is the number of distinct
   *occasions* two accounts co-acted on: co-actions of any types less than
   ``window`` seconds apart are one occasion (one post pair sharing a link
   and two hashtags is one, not three).
2. Coordination, not coincidence: an edge is kept when its weight is at least
   ``min_weight`` (repeated co-action on distinct occasions) and it is
   unlikely under the null model of :mod:`claimgraph.analysis.null`: the
   Poisson tail of its occasions, over all objects or over small objects
   only (at most ``SMALL_OBJECT`` actions), below a threshold that keeps the
   expected number of chance edges below ``alpha``.
3. Communities of the kept edges (NetworkX Louvain, seeded), of at least
   ``min_cluster_size`` accounts. With ``engine="gds"`` the kept edges are
   written first and Neo4j Graph Data Science finds the communities on the
   server (:mod:`claimgraph.analysis.gds`).

With ``cnt_compatible`` the networks are coordination-network-toolkit's
(directed weights, its text normalisation, links as given, no null model;
with ``self_loops`` an account's own repeated action is a loop) and every
edge of weight ``min_weight`` or more is kept.

With ``coortweet_compatible`` the network is CooRTweet 2.1.3's
(:mod:`claimgraph.analysis.coortweet`): ``min_participation`` filters
accounts before and after pairing, an edge's weight is its number of share
pairs within the window, and ``edge_weight`` is the quantile of the weights
that ``subgraph=1`` keeps the edges above. Objects of different ``types``
never pair; ``self_loops`` is CooRTweet's ``remove_loops = FALSE``.

Examples
--------
>>> from claimgraph.sources.posts import build_post
>>> posts = [build_post({"platform": "twitter", "id": f"{t}{h}", "handle": h, "time": t * 1000,
...                      "repost_of": f"o{t}"}, "x.csv", "cnt-csv")
...          for t in range(4) for h in "abc"]
>>> table = table_from_documents(posts)
>>> cnt = compute_amplification(table, AmplificationParams(cnt_compatible=True))
>>> [cluster.members for cluster in cnt.clusters]
[['twitter:a', 'twitter:b', 'twitter:c']]

Three accounts that are the only ones acting at all co-act as often as
chance predicts, so the null model keeps none of their three edges:

>>> ours = compute_amplification(table, AmplificationParams())
>>> ours.clusters, ours.dropped_by_null
([], 3)
"""

from __future__ import annotations

import hashlib
import json
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import networkx as nx
import numpy as np

from claimgraph.analysis.coaction import (
    ACTION_TYPES,
    Actions,
    EdgeSet,
    actions,
    cnt_edges,
    coaction_edges,
    normalise_post_text,
    object_pair_counts,
    window_pairs,
)
from claimgraph.analysis.coortweet import Shares, coordinated_network, detect_groups
from claimgraph.analysis.gds import check_gds, gds_louvain
from claimgraph.analysis.neardup import near_duplicate_families
from claimgraph.analysis.null import (
    expected_coactions,
    floor_tails,
    floor_threshold,
    poisson_tail,
    type_constant,
)
from claimgraph.analysis.posts import PostTable, load_posts, table_from_documents
from claimgraph.errors import ClaimgraphError
from claimgraph.graph.base import GraphStore
from claimgraph.model import GraphBatch, Node, Relationship, hashtag_id

__all__ = [
    "ENGINES",
    "AmplificationParams",
    "AmplificationResult",
    "CoordinationEdge",
    "ClusterSummary",
    "compute_amplification",
    "analyze_amplification",
    "table_from_documents",
]

#: Cypher of the write-back, in the openCypher subset every store runs.
DELETE_RUN_CLUSTERS = "MATCH (c:Cluster {run: $run}) DETACH DELETE c"
DELETE_RUN_EDGES = "MATCH (:Account)-[r:COORDINATED_WITH {run: $run}]->(:Account) DELETE r"
MERGE_COORDINATED = """
UNWIND $rows AS row
MATCH (a:Account {id: row.start})
MATCH (b:Account {id: row.end})
MERGE (a)-[r:COORDINATED_WITH {run: row.run}]->(b)
SET r += row.props
"""
CLUSTER_CLAIMS = """
MATCH (a:Account)-[:POSTED]->(:Post)-[:REPOSTS|QUOTES]->(:Post)<-[:REPORTED_IN]-(c:Claim)
WHERE a.id IN $members
RETURN c.text AS text, count(*) AS n
ORDER BY n DESC, text LIMIT $limit
"""
CLUSTER_OWN_CLAIMS = """
MATCH (a:Account)-[:SAID]->(c:Claim)
WHERE a.id IN $members
RETURN c.text AS text, count(*) AS n
ORDER BY n DESC, text LIMIT $limit
"""
CLUSTER_AMPLIFIED_ACCOUNTS = """
MATCH (a:Account)-[:POSTED]->(:Post)-[:REPOSTS|QUOTES|REPLIES_TO]->(:Post)<-[:POSTED]-(x:Account)
WHERE a.id IN $members AND NOT x.id IN $members
RETURN x.id AS name, count(*) AS n
ORDER BY n DESC, name LIMIT $limit
"""
CLUSTER_MENTIONED = """
MATCH (a:Account)-[:POSTED]->(:Post)-[:MENTIONS]->(x)
WHERE a.id IN $members
RETURN coalesce(x.name, x.id) AS name, count(*) AS n
ORDER BY n DESC, name LIMIT $limit
"""

_TOP = 5

#: Objects with at most this many actions are *small* for the null model's second test.
SMALL_OBJECT = 100

#: Community detection engines: in-process NetworkX, or Graph Data Science on a Neo4j server.
ENGINES = ("networkx", "gds")


class AmplificationError(ClaimgraphError):
    """Amplification parameters are invalid."""


@dataclass(frozen=True, slots=True)
class AmplificationParams:
    """The parameters of one analysis; the same parameters make the same run id."""

    window: float = 60.0
    min_weight: int = 3
    types: tuple[str, ...] = ACTION_TYPES
    hashtag: str | None = None
    since: float | None = None
    until: float | None = None
    cnt_compatible: bool = False
    self_loops: bool = False
    coortweet_compatible: bool = False
    min_participation: int = 2
    edge_weight: float = 0.5
    subgraph: int = 0
    alpha: float = 0.01
    null_model: bool = True
    similarity: float = 0.8
    min_tokens: int = 5
    min_cluster_size: int = 2
    resolution: float = 1.0
    seed: int = 0
    max_evidence: int = 100

    def __post_init__(self) -> None:
        unknown = [kind for kind in self.types if kind not in ACTION_TYPES]
        if unknown or not self.types:
            raise AmplificationError(
                f"unknown co-action type {', '.join(unknown) or '(none given)'}; "
                f"choose from: {','.join(ACTION_TYPES)}"
            )
        if self.window < 0 or self.min_weight < 1:
            raise AmplificationError("--window must be >= 0 seconds and --min-weight >= 1")
        if not 0 < self.alpha < 1 or not 0 < self.similarity <= 1:
            raise AmplificationError("--alpha must be in (0, 1) and --similarity in (0, 1]")
        self._check_coortweet()

    def _check_coortweet(self) -> None:
        if self.coortweet_compatible and self.cnt_compatible:
            raise AmplificationError(
                "--cnt-compatible and --coortweet-compatible are two different definitions; "
                "choose one"
            )
        if not self.coortweet_compatible and self._coortweet_fields() != _COORTWEET_DEFAULTS:
            raise AmplificationError(
                "--min-participation, --edge-weight and --subgraph apply to CooRTweet's network "
                "only; add --coortweet-compatible"
            )
        if self.min_participation < 1 or not 0 <= self.edge_weight <= 1:
            raise AmplificationError(
                "--min-participation must be >= 1 and --edge-weight between 0 and 1"
            )
        if self.subgraph not in (0, 1):
            raise AmplificationError(
                f"--subgraph {self.subgraph} is not supported: use 0 (the full network) or 1 "
                "(the edges above the --edge-weight quantile)"
            )

    def _coortweet_fields(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in _COORTWEET_DEFAULTS}

    @property
    def method(self) -> str:
        """Return the method name: ``cnt``, ``coortweet`` or ``coaction``."""
        if self.cnt_compatible:
            return "cnt"
        return "coortweet" if self.coortweet_compatible else "coaction"

    @property
    def run(self) -> str:
        """Return the run id: a hash of the parameters (same parameters, same run)."""
        fields = asdict(self)
        if not self.coortweet_compatible:
            # Runs of the other methods keep the ids they had before CooRTweet's parameters.
            for name in ("coortweet_compatible", *_COORTWEET_DEFAULTS):
                del fields[name]
        text = json.dumps(fields, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


#: CooRTweet's parameters, at their values when it is not used.
_COORTWEET_DEFAULTS: dict[str, object] = {"min_participation": 2, "edge_weight": 0.5, "subgraph": 0}


@dataclass(slots=True)
class CoordinationEdge:
    """Two accounts that co-acted: weights by type, and the evidence."""

    source: str
    target: str
    weight: int
    types: dict[str, int]
    expected: float | None = None
    p_value: float | None = None
    evidence: list[tuple[str, str]] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)
    weight_threshold: int | None = None


@dataclass(slots=True)
class ClusterSummary:
    """One amplification cluster and what its members did together."""

    id: str
    index: int
    members: list[str]
    density: float
    types: list[str]
    median_gap_s: float | None
    first_activity: str | None
    last_activity: str | None
    top_hashtags: list[str]
    top_urls: list[str]
    top_texts: list[str]
    score: float
    claims: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Return the number of member accounts."""
        return len(self.members)


@dataclass(slots=True)
class AmplificationResult:
    """What an analysis found: kept edges, clusters and counts."""

    params: AmplificationParams
    posts: int
    accounts: int
    candidate_pairs: int
    edges: list[CoordinationEdge]
    clusters: list[ClusterSummary]
    dropped_by_null: int = 0
    engine: str = "networkx"

    @property
    def flagged(self) -> set[str]:
        """Return the accounts in a cluster."""
        return {member for cluster in self.clusters for member in cluster.members}

    @property
    def network_nodes(self) -> set[str]:
        """Return the accounts on a kept edge (the toolkit's node count)."""
        return {edge.source for edge in self.edges} | {edge.target for edge in self.edges}


def analyze_amplification(
    store: GraphStore,
    params: AmplificationParams,
    *,
    write: bool = True,
    engine: str = "networkx",
) -> AmplificationResult:
    """Find amplification clusters among the posts in ``store`` and write them back.

    Re-running with the same parameters replaces that run's ``Cluster``
    nodes and ``COORDINATED_WITH`` relationships (the run id is a hash of the
    parameters); runs with other parameters are kept beside it.

    ``engine="gds"`` detects the communities with Neo4j Graph Data Science
    on the run's stored ``COORDINATED_WITH`` edges: ``store`` must be a Neo4j
    server with the GDS plugin, and the edges are written before the clusters.
    """
    _check_engine(store, params, engine, write=write)
    table = load_posts(store, since=params.since, until=params.until, hashtag=params.hashtag)
    result = compute_amplification(table, params, clusters=engine == "networkx")
    result.engine = engine
    if engine == "gds":
        write_edges(store, result)
        communities = gds_louvain(store, params.run)
        result.clusters = _clusters(table, result.edges, params, communities)
    for cluster in result.clusters:
        _add_amplified(store, cluster)
    if write and engine == "gds":
        write_clusters(store, result)
    elif write:
        write_amplification(store, result)
    return result


def compute_amplification(
    table: PostTable, params: AmplificationParams, *, clusters: bool = True
) -> AmplificationResult:
    """Compute co-action edges, keep the coordinated ones and group them into clusters.

    Without ``clusters`` the result has the edges only (for another engine to group).
    """
    families = None
    if "similar" in params.types:
        families = near_duplicate_families(
            table.text, threshold=params.similarity, min_tokens=params.min_tokens, seed=params.seed
        )
    exclude = hashtag_id(params.hashtag) if params.hashtag else None
    per_type = {
        kind: actions(
            table,
            kind,
            cnt_compatible=params.cnt_compatible,
            exclude_hashtag=exclude,
            families=families,
        )
        for kind in params.types
    }
    if params.cnt_compatible:
        edges, candidates, dropped = _cnt_network(table, per_type, params), 0, 0
    elif params.coortweet_compatible:
        edges, candidates, dropped = *_coortweet_network(table, per_type, params), 0
    else:
        edges, candidates, dropped = _coaction_network(table, per_type, params)
    return AmplificationResult(
        params=params,
        posts=len(table),
        accounts=len(table.accounts),
        candidate_pairs=candidates,
        edges=edges,
        clusters=_clusters(table, edges, params) if clusters else [],
        dropped_by_null=dropped,
    )


def write_amplification(store: GraphStore, result: AmplificationResult) -> None:
    """Replace the results of ``result``'s run in ``store`` with ``result``."""
    write_edges(store, result)
    write_clusters(store, result)


def write_edges(store: GraphStore, result: AmplificationResult) -> None:
    """Replace the ``COORDINATED_WITH`` edges of ``result``'s run in ``store``."""
    params = result.params
    run = params.run
    store.query(DELETE_RUN_EDGES, {"run": run}, write=True)
    rows = [
        {
            "start": edge.source,
            "end": edge.target,
            "run": run,
            "props": {
                "weight": edge.weight,
                "types": sorted(edge.types),
                "window_s": params.window,
                "method": params.method,
                "evidence": [f"{a}|{b}" for a, b in edge.evidence[: params.max_evidence]],
                **({"p_value": edge.p_value} if edge.p_value is not None else {}),
                **({"expected": edge.expected} if edge.expected is not None else {}),
                **(
                    {"weight_threshold": edge.weight_threshold}
                    if edge.weight_threshold is not None
                    else {}
                ),
            },
        }
        for edge in result.edges
    ]
    for start in range(0, len(rows), 500):
        store.query(MERGE_COORDINATED, {"rows": rows[start : start + 500]}, write=True)


def write_clusters(store: GraphStore, result: AmplificationResult) -> None:
    """Replace the ``Cluster`` nodes and ``MEMBER_OF`` of ``result``'s run in ``store``."""
    params = result.params
    run = params.run
    store.query(DELETE_RUN_CLUSTERS, {"run": run}, write=True)
    batch = GraphBatch()
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for cluster in result.clusters:
        props: dict[str, object] = {
            "method": params.method,
            "engine": result.engine,
            "run": run,
            "index": cluster.index,
            "size": cluster.size,
            "score": cluster.score,
            "density": cluster.density,
            "created_at": created,
            "types": cluster.types,
            "median_gap_s": cluster.median_gap_s,
            "first_activity": cluster.first_activity,
            "last_activity": cluster.last_activity,
            "top_hashtags": cluster.top_hashtags,
            "top_urls": cluster.top_urls,
            "top_texts": cluster.top_texts,
            "claims": cluster.claims,
            "actors": cluster.actors,
            **_parameter_props(params),
        }
        batch.add_node(Node("Cluster", cluster.id, props))
        for member in cluster.members:
            batch.add_relationship(
                Relationship("MEMBER_OF", "Account", member, "Cluster", cluster.id, {"run": run})
            )
    store.write(batch)


# -- networks ------------------------------------------------------------------


def _cnt_network(
    table: PostTable, per_type: dict[str, Actions], params: AmplificationParams
) -> list[CoordinationEdge]:
    merged: dict[tuple[int, int], dict[str, int]] = {}
    for kind, acts in per_type.items():
        found = cnt_edges(
            table,
            acts,
            params.window,
            min_weight=params.min_weight,
            self_loops=params.self_loops,
        )
        for pair, weight in found.as_dict().items():
            merged.setdefault(pair, {})[kind] = weight
    return [
        CoordinationEdge(
            table.accounts[a], table.accounts[b], sum(types.values()), types
        )
        for (a, b), types in sorted(merged.items())
    ]  # fmt: skip


def _coortweet_network(
    table: PostTable, per_type: dict[str, Actions], params: AmplificationParams
) -> tuple[list[CoordinationEdge], int]:
    """Return CooRTweet's edges (all, or above the threshold) and the full network's size."""
    kinds = list(per_type)
    post = np.concatenate([acts.post for acts in per_type.values()] or [np.zeros(0, int)])
    kind = np.concatenate([np.full(len(acts), k) for k, acts in enumerate(per_type.values())])
    objects = [
        (name, acts.objects[o]) for name, acts in per_type.items() for o in acts.obj.tolist()
    ]
    content = [table.ids[p] for p in post.tolist()]
    shares = Shares.from_columns(
        objects,
        [table.accounts[a] for a in table.author[post].tolist()],
        content,
        table.ts[post],
        # A post acting on itself (reposting its own id) is CooRTweet's object_id == content_id.
        self_share=[obj == pid for (_, obj), pid in zip(objects, content, strict=True)],
    )
    pairs = detect_groups(
        shares,
        time_window=params.window,
        min_participation=params.min_participation,
        remove_loops=not params.self_loops,
    )
    full = coordinated_network(shares, pairs, edge_weight=params.edge_weight)
    network = full.above_threshold() if params.subgraph == 1 else full
    edges = []
    for k in range(len(network)):
        share_pairs = network.share_pairs(k)
        older, newer = share_pairs.older.tolist(), share_pairs.newer.tolist()
        shown = params.max_evidence
        edges.append(
            CoordinationEdge(
                shares.accounts[int(network.account_a[k])],
                shares.accounts[int(network.account_b[k])],
                int(network.weight[k]),
                dict(Counter(kinds[i] for i in kind[share_pairs.older].tolist())),
                evidence=[
                    (content[a], content[b])
                    for a, b in zip(older[:shown], newer[:shown], strict=True)
                ],
                gaps=share_pairs.time_delta.tolist(),
                weight_threshold=int(network.weight_threshold[k]),
            )
        )
    return edges, len(full)


def _coaction_network(
    table: PostTable, per_type: dict[str, Actions], params: AmplificationParams
) -> tuple[list[CoordinationEdge], int, int]:
    """Return the kept edges, the pairs tested and the pairs the null model dropped.

    Each pair is tested twice (gh-15): on all its occasions, and on its
    occasions on *small* objects (at most ``SMALL_OBJECT`` actions) against
    the expectation from small objects only. Viral posts make co-action
    expected for everyone, which hid groups that repeatedly act together on
    posts almost nobody else touches; the second test sees those.
    """
    found: dict[str, EdgeSet] = {}
    small: dict[str, np.ndarray] = {}
    lambdas, small_lambdas = [], []
    for kind, acts in per_type.items():
        close_posts = window_pairs(acts.obj, table.ts[acts.post], params.window)
        edges = coaction_edges(table, acts, params.window, pairs=close_posts)
        counts, close = object_pair_counts(acts, table, params.window, pairs=close_posts)
        del close_posts
        activity = np.bincount(table.author[acts.post], minlength=len(table.accounts))
        small[kind] = counts <= SMALL_OBJECT
        constant = type_constant(counts, close)
        small_constant = type_constant(counts, close, small[kind])
        lambdas.append(expected_coactions(activity, edges.first, edges.second, constant))
        small_lambdas.append(
            expected_coactions(activity, edges.first, edges.second, small_constant)
        )
        found[kind] = edges
    firsts = np.concatenate([edges.first for edges in found.values()] or [np.zeros(0, int)])
    if firsts.size == 0:
        return [], 0, 0
    seconds = np.concatenate([edges.second for edges in found.values()])
    weights = np.concatenate([edges.weight for edges in found.values()])
    n = len(table.accounts)
    pairs, inverse = np.unique(firsts.astype(np.int64) * n + seconds, return_inverse=True)
    total_weight = np.bincount(inverse, weights=weights).astype(np.int64)
    total_expected = np.bincount(inverse, weights=np.concatenate(lambdas))
    small_expected = np.bincount(inverse, weights=np.concatenate(small_lambdas))
    candidates = int(pairs.size)
    # Objects co-acted on together count once (gh-15): a pair of posts sharing a
    # link and two hashtags, or two accounts caught in the same viral minute,
    # is one occasion, not three independent coincidences.
    maybe = np.flatnonzero(total_weight >= params.min_weight)
    occasions = _occasions(table, found, pairs[maybe], n, params.window)
    heavy = maybe[occasions >= params.min_weight]
    observed = occasions[occasions >= params.min_weight]
    observed_small = _occasions(table, found, pairs[heavy], n, params.window, small)
    threshold = 1.0
    if params.null_model:
        tails = floor_tails(total_expected, params.min_weight)
        threshold = floor_threshold(tails, params.alpha) / 2  # two tests per pair
    p_values = np.minimum(
        _significant(observed, total_expected[heavy], threshold),
        _significant(observed_small, small_expected[heavy], threshold),
    )
    kept = {
        int(pairs[k]): (float(total_expected[k]), float(p), int(w))
        for k, p, w in zip(heavy.tolist(), p_values.tolist(), observed.tolist(), strict=True)
        if p <= threshold or not params.null_model
    }
    kept_edges = _collect_edges(table, found, kept, n)
    return kept_edges, candidates, int(heavy.size) - len(kept)


def _occasions(
    table: PostTable,
    found: dict[str, EdgeSet],
    pairs: np.ndarray,
    n: int,
    window: float,
    among: dict[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Return, per pair key in sorted ``pairs``, its number of distinct co-action occasions.

    An occasion is a run of the pair's co-actions (over all types) with no
    gap longer than ``window`` seconds between consecutive ones. With
    ``among`` (a boolean mask over each type's objects), only co-actions on
    those objects count.
    """
    keys, times = [np.zeros(0, np.int64)], [np.zeros(0)]
    for kind, edges in found.items():
        assert edges.evidence_first is not None and edges.evidence_second is not None
        assert edges.evidence_object is not None
        edge_keys = edges.first.astype(np.int64) * n + edges.second
        rows = np.repeat(np.isin(edge_keys, pairs), edges.weight)
        row_keys = np.repeat(edge_keys, edges.weight)
        if among is not None:
            rows &= among[kind][edges.evidence_object]
        keys.append(row_keys[rows])
        times.append(
            np.minimum(table.ts[edges.evidence_first[rows]], table.ts[edges.evidence_second[rows]])
        )
    key, when = np.concatenate(keys), np.concatenate(times)
    order = np.lexsort((when, key))
    key, when = key[order], when[order]
    starts = np.ones(key.size, dtype=bool)
    starts[1:] = (key[1:] != key[:-1]) | (when[1:] - when[:-1] > window)
    return np.bincount(np.searchsorted(pairs, key[starts]), minlength=pairs.size)


def _significant(observed: np.ndarray, expected: np.ndarray, threshold: float) -> np.ndarray:
    """Return the Poisson tail of each edge, or 1 where it cannot reach ``threshold``.

    The tail is at least its first term, so edges whose first term is above
    the threshold are settled without summing (most of them, at scale).
    """
    top = int(observed.max(initial=0))
    log_factorial = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, top + 1)))])
    with np.errstate(divide="ignore"):
        first_term = -expected + observed * np.log(expected) - log_factorial[observed]
    p_values = np.ones(observed.size)
    for k in np.flatnonzero(first_term <= math.log(threshold)).tolist():
        p_values[k] = poisson_tail(int(observed[k]), float(expected[k]))
    return p_values


def _collect_edges(
    table: PostTable,
    found: dict[str, EdgeSet],
    kept: dict[int, tuple[float, float, int]],
    n: int,
) -> list[CoordinationEdge]:
    result: dict[int, CoordinationEdge] = {}
    for kind, edges in found.items():
        keys = edges.first.astype(np.int64) * n + edges.second
        for k in np.flatnonzero(np.isin(keys, np.fromiter(kept, dtype=np.int64))).tolist():
            key = int(keys[k])
            edge = result.get(key)
            if edge is None:
                expected, p, occasions = kept[key]
                edge = CoordinationEdge(
                    table.accounts[int(edges.first[k])],
                    table.accounts[int(edges.second[k])],
                    occasions,
                    {},
                    expected,
                    p,
                )
                result[key] = edge
            edge.types[kind] = int(edges.weight[k])
            for first, second, gap in edges.evidence(k):
                edge.evidence.append((table.ids[first], table.ids[second]))
                edge.gaps.append(gap)
    return [result[key] for key in sorted(result)]


# -- clusters ------------------------------------------------------------------


def _check_engine(
    store: GraphStore, params: AmplificationParams, engine: str, *, write: bool
) -> None:
    if engine not in ENGINES:
        raise AmplificationError(f"unknown engine {engine!r}; choose from: {', '.join(ENGINES)}")
    if engine == "networkx":
        return
    if not write:
        raise AmplificationError(
            "--engine gds runs on the stored COORDINATED_WITH edges, so it cannot be used with "
            "--no-write; use --engine networkx"
        )
    if params.resolution != 1.0:
        raise AmplificationError("GDS Louvain has no resolution parameter; use engine networkx")
    check_gds(store)


def _clusters(
    table: PostTable,
    edges: Sequence[CoordinationEdge],
    params: AmplificationParams,
    communities: Iterable[set[str]] | None = None,
) -> list[ClusterSummary]:
    graph = nx.Graph()
    for edge in edges:
        if edge.source == edge.target:
            continue
        weight = edge.weight
        if graph.has_edge(edge.source, edge.target):
            weight = max(weight, graph[edge.source][edge.target]["weight"])
        graph.add_edge(edge.source, edge.target, weight=weight)
    if graph.number_of_edges() == 0:
        return []
    if communities is None:
        communities = nx.community.louvain_communities(
            graph, weight="weight", resolution=params.resolution, seed=params.seed
        )
    groups = sorted(
        (sorted(c) for c in communities if len(c) >= params.min_cluster_size),
        key=lambda members: (-len(members), members[0]),
    )
    by_account: dict[str, list[CoordinationEdge]] = {}
    for edge in edges:
        by_account.setdefault(edge.source, []).append(edge)
    lookup = _Lookup(
        {pid: row for row, pid in enumerate(table.ids)},
        {account: k for k, account in enumerate(table.accounts)},
    )
    return [
        _summarise(table, graph, members, index, by_account, params, lookup)
        for index, members in enumerate(groups)
    ]


@dataclass(slots=True)
class _Lookup:
    post_row: dict[str, int]
    account_index: dict[str, int]


def _summarise(
    table: PostTable,
    graph: nx.Graph,
    members: list[str],
    index: int,
    by_account: dict[str, list[CoordinationEdge]],
    params: AmplificationParams,
    lookup: _Lookup,
) -> ClusterSummary:
    inside = set(members)
    internal = [e for m in members for e in by_account.get(m, []) if e.target in inside]
    gaps = [gap for edge in internal for gap in edge.gaps]
    evidence_posts = {post for edge in internal for pair in edge.evidence for post in pair}
    times = [float(table.ts[lookup.post_row[p]]) for p in evidence_posts if p in lookup.post_row]
    rows = np.flatnonzero(np.isin(table.author, [lookup.account_index[m] for m in members]))
    hashtags: Counter[str] = Counter()
    urls: Counter[str] = Counter()
    texts: Counter[str] = Counter()
    for row in rows.tolist():
        hashtags.update(table.hashtags[row])
        urls.update(table.urls[row])
        if table.repost_of[row] is None and table.text[row].strip():
            texts[normalise_post_text(table.text[row])] += 1
        elif table.repost_of[row] is not None:
            texts[f"repost of {table.repost_of[row]}"] += 1
    scores = [-math.log10(max(e.p_value, 1e-300)) for e in internal if e.p_value is not None]
    if not times:
        times = table.ts[rows].tolist()
    return ClusterSummary(
        id=f"{params.method}:{params.run}:{index}",
        index=index,
        members=members,
        density=round(nx.density(graph.subgraph(members)), 4),
        types=sorted({kind for edge in internal for kind in edge.types}),
        median_gap_s=statistics.median(gaps) if gaps else None,
        first_activity=_iso(min(times)) if times else None,
        last_activity=_iso(max(times)) if times else None,
        top_hashtags=[tag for tag, _ in hashtags.most_common(_TOP)],
        top_urls=[url for url, _ in urls.most_common(_TOP)],
        top_texts=[text for text, _ in texts.most_common(_TOP)],
        score=round(statistics.fmean(scores), 2) if scores else float(len(internal)),
    )


def _add_amplified(store: GraphStore, cluster: ClusterSummary) -> None:
    params = {"members": cluster.members, "limit": _TOP}
    claims = store.query(CLUSTER_CLAIMS, params).rows + store.query(CLUSTER_OWN_CLAIMS, params).rows
    claims.sort(key=lambda row: (-int(row[1]), str(row[0])))
    cluster.claims = list(dict.fromkeys(str(row[0]) for row in claims))[:_TOP]
    actors = (
        store.query(CLUSTER_AMPLIFIED_ACCOUNTS, params).rows
        + store.query(CLUSTER_MENTIONED, params).rows
    )
    actors.sort(key=lambda row: (-int(row[1]), str(row[0])))
    cluster.actors = list(dict.fromkeys(str(row[0]) for row in actors))[:_TOP]


def _parameter_props(params: AmplificationParams) -> dict[str, object]:
    return {
        "window_s": params.window,
        "min_weight": params.min_weight,
        "types_requested": list(params.types),
        "hashtag": params.hashtag,
        "since": _iso(params.since) if params.since is not None else None,
        "until": _iso(params.until) if params.until is not None else None,
        "cnt_compatible": params.cnt_compatible,
        "self_loops": params.self_loops,
        **(params._coortweet_fields() if params.coortweet_compatible else {}),
        "alpha": params.alpha,
        "similarity": params.similarity,
        "seed": params.seed,
    }


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(float(seconds), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
