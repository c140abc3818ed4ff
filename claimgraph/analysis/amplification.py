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

import functools
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

from claimgraph.analysis.coaction import ACTION_TYPES, actions, normalise_post_text
from claimgraph.analysis.engine import coactions
from claimgraph.analysis.gds import check_gds, gds_louvain
from claimgraph.analysis.neardup import near_duplicate_families
from claimgraph.analysis.networks import (
    CoordinationEdge,
    Join,
    cnt_network,
    coaction_network,
    coortweet_network,
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

#: Engines: in-process (NetworkX communities), Graph Data Science on a Neo4j server for the
#: communities, or Apache Spark for the co-action join (NetworkX communities).
ENGINES = ("networkx", "gds", "spark")


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
    spark_master: str = "local[*]",
    spark_actions: str | None = None,
    save_actions: str | None = None,
) -> AmplificationResult:
    """Find amplification clusters among the posts in ``store`` and write them back.

    Re-running with the same parameters replaces that run's ``Cluster``
    nodes and ``COORDINATED_WITH`` relationships (the run id is a hash of the
    parameters); runs with other parameters are kept beside it.

    ``engine="gds"`` detects the communities with Neo4j Graph Data Science
    on the run's stored ``COORDINATED_WITH`` edges: ``store`` must be a Neo4j
    server with the GDS plugin, and the edges are written before the clusters.
    ``engine="spark"`` runs the co-action join on Apache Spark at
    ``spark_master`` (:mod:`claimgraph.analysis.spark`), which reads the
    actions from the Parquet directory ``spark_actions`` when given (staged
    by an earlier run with ``save_actions``, which writes the actions joined).
    """
    _check_engine(store, params, engine, write=write)
    table = load_posts(store, since=params.since, until=params.until, hashtag=params.hashtag)
    join: Join = coactions
    if engine == "spark":
        from claimgraph.analysis.spark import spark_coactions

        join = functools.partial(spark_coactions, master=spark_master, staged=spark_actions)
    elif spark_actions is not None:
        raise AmplificationError("staged actions (--actions) are read by Spark: add --engine spark")
    if save_actions is not None:
        from claimgraph.analysis.spark import saving_actions

        join = saving_actions(join, save_actions)
    result = compute_amplification(table, params, clusters=engine != "gds", join=join)
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
    table: PostTable,
    params: AmplificationParams,
    *,
    clusters: bool = True,
    join: Join = coactions,
) -> AmplificationResult:
    """Compute co-action edges, keep the coordinated ones and group them into clusters.

    Without ``clusters`` the result has the edges only (for another engine to
    group). ``join`` is the co-action engine of claimgraph's own method
    (:func:`claimgraph.analysis.engine.coactions` or one with its contract).
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
        edges, candidates, dropped = cnt_network(table, per_type, params), 0, 0
    elif params.coortweet_compatible:
        edges, candidates, dropped = *coortweet_network(table, per_type, params), 0
    else:
        edges, candidates, dropped = coaction_network(table, per_type, params, join)
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
                **({"leads": list(edge.leads)} if edge.evidence else {}),
                **({"leader": edge.leader} if edge.leader is not None else {}),
                **({"lead_share": edge.lead_share} if edge.lead_share is not None else {}),
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


# -- clusters ------------------------------------------------------------------


def _check_engine(
    store: GraphStore, params: AmplificationParams, engine: str, *, write: bool
) -> None:
    if engine not in ENGINES:
        raise AmplificationError(f"unknown engine {engine!r}; choose from: {', '.join(ENGINES)}")
    if engine != "gds":
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
