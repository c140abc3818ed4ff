"""``claimgraph analyze``: analyse the graph (``amplification``: accounts that amplify together)."""

from __future__ import annotations

from typing import Any

import click

from claimgraph.analysis.amplification import ENGINES
from claimgraph.cli.amplification import amplification_params, method_options
from claimgraph.cli.base import EXIT_OK, Group
from claimgraph.cli.options import format_option, store_options
from claimgraph.cli.render import print_json
from claimgraph.cli.reports import print_amplification
from claimgraph.operations.stores import StoreSettings

__all__ = ["analyze_group"]


@click.group("analyze", cls=Group)
def analyze_group() -> None:
    """Analyse the graph: find the accounts that amplify together.

    \b
    Examples:
      claimgraph analyze amplification
      claimgraph analyze amplification --hashtag 25летнезависимости --window 300
    """


_AMPLIFICATION_HELP = """Find accounts that amplify together and write the clusters to the graph.

\b
Co-action: two accounts co-act when both act on the same object within
--window seconds: repost the same post (repost), post the same text after
normalisation (text), post near-duplicate texts (similar: MinHash/LSH on word
sets, --similarity Jaccard), share the same link (link), use the same hashtag
(hashtag) or reply to the same post (reply). An edge's weight is the number of
distinct occasions two accounts co-acted on: co-actions of any of --types less
than --window apart count once; every edge keeps the post pairs that made it.

\b
Coordination, not coincidence: an edge is kept only if its weight is at least
--min-weight (repeated co-action on distinct occasions) and it beats a null
model: if accounts picked objects independently, in proportion to each
object's popularity and with its observed bunching in time, two accounts with
k_a and k_b actions would share about k_a*k_b*S co-actions (S per type). The
edge is kept when that Poisson tail probability is below --alpha divided by
the number of account pairs tested. A viral post that thousands repost once
is expected; a small group repeating together is not.

\b
Clusters: Louvain communities (seeded, --seed) of the kept edges with at least
--min-cluster-size accounts, written as Cluster nodes, MEMBER_OF and
COORDINATED_WITH {weight, types, window_s, evidence}. Running again with the
same parameters replaces that run's results.

\b
--engine gds (with --store neo4j) finds the communities with Neo4j Graph Data
Science Louvain on the server, over the run's stored COORDINATED_WITH edges,
instead of NetworkX in this process: for networks too large for this
machine's memory. It needs the GDS plugin on the server
(dbms.security.procedures.unrestricted=gds.*) and cannot be used with
--no-write. GDS Louvain takes no seed; it runs on one thread with
consecutive ids, so a run repeats, but its communities can differ from
NetworkX's. The output is the same.

\b
--engine spark runs the co-action join on Apache Spark (pip install
'claimgraph[spark]'; Java 17) at --spark-master: local[*] on this machine,
spark://host:7077 or yarn for a cluster. The edges, null model, clusters and
what is written are the same as the default engine's. --save-actions DIR
stages the actions as Parquet; --actions DIR lets Spark read them there.

\b
--cnt-compatible reproduces coordination-network-toolkit: directed weights
(posts of A matched by B), its text normalisation, links as given, no null
model; --self-loops adds an account's own repeated actions as loops.

\b
--coortweet-compatible reproduces CooRTweet 2.1.3 (detect_groups with
remove_loops = TRUE, then generate_coordinated_network): accounts with fewer
than --min-participation shares are dropped, and after pairing a pair stays
when one of its accounts has that many paired shares; an edge's weight is its
number of share pairs within --window (|dt| <= window); edges above the
--edge-weight quantile of the weights (R's type 7, strictly above) get
weight_threshold 1, and --subgraph 1 keeps only those. No null model;
--min-weight and --alpha do not apply; --self-loops keeps loops.

\b
Examples:
  claimgraph analyze amplification
  claimgraph analyze amplification --window 300 --types repost,similar,link
  claimgraph analyze amplification --hashtag 25летнезависимости --since 2016-08-09
  claimgraph analyze amplification --cnt-compatible --types repost --min-weight 2
  claimgraph analyze amplification --coortweet-compatible --types repost --subgraph 1
  claimgraph analyze amplification --store neo4j --engine gds
  claimgraph analyze amplification --engine spark --spark-master spark://host:7077
"""


@analyze_group.command("amplification", help=_AMPLIFICATION_HELP)
@method_options
@click.option("--no-write", is_flag=True, help="Print the clusters without writing them.")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=ENGINES[0],
    show_default=True,
    help="Where it runs: all here (networkx), communities on a Neo4j server (gds), or the "
    "co-action join on Apache Spark (spark).",
)
@click.option(
    "--spark-master",
    default="local[*]",
    show_default=True,
    help="With --engine spark: Spark's master URL (local[*], spark://host:7077, yarn).",
)
@click.option(
    "--actions",
    "spark_actions",
    metavar="DIR",
    help="With --engine spark: Spark reads the actions from this Parquet directory, staged "
    "by --save-actions from the same posts and parameters.",
)
@click.option(
    "--save-actions",
    metavar="DIR",
    help="Write the actions this run joins to DIR as Parquet (needs pyarrow), for --actions.",
)
@format_option(("table", "json"), "How to print the clusters.")
@store_options
def amplification_command(
    no_write: bool,
    engine: str,
    spark_master: str,
    spark_actions: str | None,
    save_actions: str | None,
    output_format: str,
    store: StoreSettings,
    **method: Any,
) -> int:
    from claimgraph.analysis.amplification import analyze_amplification
    from claimgraph.operations.amplification import amplification_to_dict

    params = amplification_params(**method)
    with store.open(read_only=no_write) as opened:
        result = analyze_amplification(
            opened,
            params,
            write=not no_write,
            engine=engine,
            spark_master=spark_master,
            spark_actions=spark_actions,
            save_actions=save_actions,
        )
    if output_format == "json":
        print_json(amplification_to_dict(result))
    else:
        print_amplification(result)
    return EXIT_OK
