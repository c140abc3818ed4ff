"""The co-action join on Apache Spark: pairs of actions made by a cluster's executors.

:func:`spark_coactions` computes what the in-process
:func:`claimgraph.analysis.engine.coactions` computes, as Spark DataFrames:
the pairs of actions on the same object at most ``window`` seconds apart,
one evidence pair per object and pair of accounts, and each object's
number of close action pairs. Everything after the join (weights,
occasions, the null model, communities, writing back) stays in-process
and is shared by both engines.

The join is a self-join on the object and a time bucket: each action's
bucket is ``floor(ts / window)``, and an action pairs with the later ones
in its own bucket or the next, so no object's actions are ever compared
with all of its other actions (viral objects stay linear in their close
pairs, as in the in-process slide).

The actions reach Spark from the driver (Arrow batches of the
:class:`~claimgraph.analysis.engine.ActionTable` built from a store's
posts), or straight from the same table staged as Parquet by an earlier run
(:func:`write_actions`, :func:`saving_actions`), which a cluster's executors
read without it passing through the driver.

Parquet layout of a staged action table (a directory)::

    actions.parquet   account int32, obj int64, kind int8, ts double, post int64
    accounts.parquet  id string: row k is account k
    objects.parquet   id string: row k is object k
    posts.parquet     id string: row k is post k
    kinds.parquet     id string: row k is co-action type k

Examples
--------
>>> from claimgraph.analysis.engine import ActionTable
>>> table = ActionTable.from_columns(
...     account=[0, 1, 2], obj=[0, 0, 0], kind=[0, 0, 0], ts=[0.0, 30.0, 500.0],
...     post=[0, 1, 2], accounts=["a", "b", "c"], objects=["x"], posts=list("pqr"),
...     kinds=("repost",))
>>> found = spark_coactions(table, 60, master="local[1]")  # doctest: +SKIP
>>> found.pair_first.tolist(), found.pair_second.tolist()  # doctest: +SKIP
([0], [1])
"""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from claimgraph.analysis.engine import (
    ActionTable,
    Coactions,
    Pairs,
    PairTotals,
    Screen,
    confirmed,
)
from claimgraph.analysis.networks import Join
from claimgraph.errors import ClaimgraphError

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "SparkEngineError",
    "spark_session",
    "spark_coactions",
    "write_actions",
    "saving_actions",
]

#: Files of a staged action table, and the dictionaries beside the actions.
ACTIONS_FILE = "actions.parquet"
_DICTIONARIES = ("accounts", "objects", "posts", "kinds")
_EVIDENCE = ("post_first", "post_second", "ts_first", "ts_second")
_EVIDENCE_COLUMNS = (
    ("kind", "int8"), ("obj", "int64"), ("first", "int32"), ("second", "int32"),
    ("post_first", "int64"), ("post_second", "int64"), ("ts_first", "float64"),
    ("ts_second", "float64"),
)  # fmt: skip
_COLUMNS = {"account": "int32", "obj": "int64", "kind": "int8", "ts": "float64", "post": "int64"}


class SparkEngineError(ClaimgraphError):
    """The Spark engine cannot run: pyspark, pyarrow or Java is missing, or bad staged actions."""


def spark_session(master: str = "local[*]", config: dict[str, str] | None = None) -> SparkSession:
    """Return a Spark session on ``master`` (``local[*]``, ``spark://host:7077``, ``yarn``).

    Parameters
    ----------
    master : str
        Spark's master URL.
    config : dict, optional
        Spark settings (``spark.driver.memory``, ``spark.sql.shuffle.partitions``, ...).

    Raises
    ------
    SparkEngineError
        If pyspark or pyarrow is not installed, or no Java runtime is found.
    """
    _require("pyspark", "pyarrow")
    _require_java()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName("claimgraph co-action")
    for key, value in {"spark.ui.showConsoleProgress": "false", **(config or {})}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_coactions(
    actions: ActionTable,
    window: float,
    *,
    min_weight: int = 1,
    keep: Screen | None = None,
    master: str = "local[*]",
    session: SparkSession | None = None,
    staged: str | Path | None = None,
) -> Coactions:
    """Return the co-actions of ``actions`` within ``window`` seconds, computed by Spark.

    The result equals :func:`claimgraph.analysis.engine.coactions`'s:
    pairs sorted, evidence rows by object, then earlier action (time,
    post), then later action.

    Parameters
    ----------
    actions : ActionTable
        The actions; with ``staged`` only its dictionaries are used.
    window : float
        Seconds; two actions on one object at most this far apart co-act.
    min_weight : int
        Evidence is kept for the pairs that co-acted on at least this many objects.
    keep : Screen, optional
        Chooses the pairs whose evidence to gather from the totals of all
        pairs (instead of ``min_weight``), and confirms them from their evidence.
    master : str
        Spark's master URL, when neither ``session`` is given nor one is
        running already (one is then started, and stopped at the end).
    session : SparkSession, optional
        A running session to use (and leave running).
    staged : path or URL, optional
        The directory ``actions`` was staged in by :func:`write_actions`:
        Spark reads its ``actions.parquet`` itself instead of receiving the
        rows from this process. On a cluster it must be storage the
        executors read (HDFS, S3, a shared disk).

    Raises
    ------
    SparkEngineError
        If pyspark, pyarrow or Java is missing, or ``staged`` holds other actions.
    """
    if session is None:
        _require("pyspark", "pyarrow")
        from pyspark.sql import SparkSession

        session = SparkSession.getActiveSession()
    own = session is None
    spark = spark_session(master) if session is None else session
    try:
        if staged is not None:
            _check_staged(actions, str(staged).rstrip("/"))
            frame = spark.read.parquet(f"{str(staged).rstrip('/')}/{ACTIONS_FILE}")
        else:
            frame = spark.createDataFrame(_arrow_actions(actions))
        pairs = _close_pairs(frame.select(*_COLUMNS), float(window)).cache()
        close = pairs.groupBy("obj").count().toArrow()
        evidence = _evidence(pairs).cache()
        totals = _pair_totals(actions, _pair_totals_frame(evidence).toArrow(), close)
        chosen = keep.choose(totals) if keep is not None else totals.heavy(min_weight)
        first, second = np.divmod(chosen, len(actions.accounts))
        heavy = spark.createDataFrame(_arrow_pairs(first, second))
        kept = evidence.join(heavy, on=["first", "second"], how="left_semi").toArrow()
        found = confirmed(_with_evidence(totals, chosen, kept), keep, len(actions.accounts))
        for cached in (evidence, pairs):
            cached.unpersist()
    finally:
        if own:
            spark.stop()
    return found


def write_actions(actions: ActionTable, path: str | Path) -> Path:
    """Write ``actions`` as a Parquet directory (see the module's layout); return its path.

    Raises
    ------
    SparkEngineError
        If pyarrow is not installed.
    """
    _require("pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    pq.write_table(_arrow_actions(actions), path / ACTIONS_FILE)
    for name in _DICTIONARIES:
        values = pa.array([str(value) for value in getattr(actions, name)], type=pa.string())
        pq.write_table(pa.table({"id": values}), path / f"{name}.parquet")
    return path


def saving_actions(join: Join, path: str | Path) -> Join:
    """Return ``join`` writing its action table to ``path`` (:func:`write_actions`) first.

    This is how an analysis stages the actions it joins, for a later run
    whose Spark executors read them (``spark_coactions(staged=path)``).
    """

    def join_and_save(actions: ActionTable, window: float, **options: Any) -> Coactions:
        write_actions(actions, path)
        return join(actions, window, **options)

    return join_and_save


# -- the join --------------------------------------------------------------------


def _close_pairs(frame: DataFrame, window: float) -> DataFrame:
    """Return every pair of actions on one object at most ``window`` seconds apart, once.

    Columns: ``obj``, its ``kind``, the earlier action's ``a_i, p_i, t_i``
    and the later one's ``a_j, p_j, t_j`` (equal times: the lower post first).
    """
    from pyspark.sql import functions as F

    if window > 0:
        bucket = F.floor(F.col("ts") / F.lit(window))
        # The later action of a close pair is in the earlier one's bucket or the next.
        keys = F.explode(F.array(bucket, bucket + F.lit(1)))
    else:
        # A window of 0 pairs actions of the same second only.
        bucket = keys = F.col("ts")
    earlier = frame.select(
        "obj",
        "kind",
        F.col("account").alias("a_i"),
        F.col("post").alias("p_i"),
        F.col("ts").alias("t_i"),
        keys.alias("key"),
    )
    later = frame.select(
        "obj",
        F.col("account").alias("a_j"),
        F.col("post").alias("p_j"),
        F.col("ts").alias("t_j"),
        bucket.alias("key"),
    )
    ordered = (F.col("t_i") < F.col("t_j")) | (
        (F.col("t_i") == F.col("t_j")) & (F.col("p_i") < F.col("p_j"))
    )
    return (
        earlier.join(later, on=["obj", "key"])
        .where(ordered & (F.col("t_j") - F.col("t_i") <= F.lit(window)))
        .drop("key")
    )


def _evidence(pairs: DataFrame) -> DataFrame:
    """Return one pair of actions per object and pair of distinct accounts: the earliest.

    The earliest is the smallest ``(t_i, p_i, t_j, p_j)``, as in the in-process engine.
    """
    from pyspark.sql import functions as F

    lower = F.col("a_i") < F.col("a_j")
    chosen = F.min(F.struct("t_i", "p_i", "t_j", "p_j", *_EVIDENCE))
    return (
        pairs.where(F.col("a_i") != F.col("a_j"))
        .select(
            "obj",
            "kind",
            "t_i",
            "p_i",
            "t_j",
            "p_j",
            F.least("a_i", "a_j").alias("first"),
            F.greatest("a_i", "a_j").alias("second"),
            F.when(lower, F.col("p_i")).otherwise(F.col("p_j")).alias("post_first"),
            F.when(lower, F.col("p_j")).otherwise(F.col("p_i")).alias("post_second"),
            F.when(lower, F.col("t_i")).otherwise(F.col("t_j")).alias("ts_first"),
            F.when(lower, F.col("t_j")).otherwise(F.col("t_i")).alias("ts_second"),
        )
        .groupBy("obj", "kind", "first", "second")
        .agg(chosen.alias("pair"))
        .select("obj", "kind", "first", "second", *(f"pair.{name}" for name in _EVIDENCE))
    )


def _pair_totals_frame(evidence: DataFrame) -> DataFrame:
    """Return each pair of accounts with its number of objects and its bit mask of types."""
    from pyspark.sql import functions as F

    return evidence.groupBy("first", "second").agg(
        F.count("*").alias("weight"),
        F.bit_or(F.pow(F.lit(2), F.col("kind")).cast("int")).alias("kinds"),
    )


def _pair_totals(actions: ActionTable, totals: pa.Table, close: pa.Table) -> PairTotals:
    """Return the collected pair totals as one part of :class:`PairTotals`, pairs sorted."""
    n = len(actions.accounts)
    first = _column(totals, "first", "int64")
    second = _column(totals, "second", "int64")
    order = np.argsort(first * n + second)
    close_pairs = np.zeros(len(actions.objects), dtype=np.int64)
    close_pairs[_column(close, "obj", "int64")] = _column(close, "count", "int64")
    pairs = Pairs(
        first[order].astype(np.int32),
        second[order].astype(np.int32),
        _column(totals, "weight", "int32")[order],
        _column(totals, "kinds", "uint8")[order],
    )
    return PairTotals.from_pairs(pairs, n, close_pairs)


def _with_evidence(totals: PairTotals, chosen: np.ndarray, evidence: pa.Table) -> Coactions:
    """Return the ``chosen`` pairs with the collected ``evidence``, in the in-process order."""
    rows = {name: _column(evidence, name, kind) for name, kind in _EVIDENCE_COLUMNS}
    # The in-process engine emits evidence by object, then by its earlier action (time,
    # post), then the later one; consumers break ties of time in that order.
    first_earlier = (rows["ts_first"] < rows["ts_second"]) | (
        (rows["ts_first"] == rows["ts_second"]) & (rows["post_first"] < rows["post_second"])
    )
    order = np.lexsort(
        (
            np.where(first_earlier, rows["post_second"], rows["post_first"]),
            np.where(first_earlier, rows["ts_second"], rows["ts_first"]),
            np.where(first_earlier, rows["post_first"], rows["post_second"]),
            np.where(first_earlier, rows["ts_first"], rows["ts_second"]),
            rows["obj"],
        )
    )
    pairs = totals.select(chosen)
    return Coactions(
        pair_first=pairs.first,
        pair_second=pairs.second,
        pair_weight=pairs.weight,
        pair_kinds=pairs.kinds,
        **{name: values[order] for name, values in rows.items()},
        close_pairs=totals.close_pairs,
        candidates=totals.size,
    )


def _column(table: pa.Table, name: str, kind: str) -> np.ndarray:
    return np.asarray(table.column(name).to_numpy(), dtype=kind)


def _arrow_pairs(first: np.ndarray, second: np.ndarray) -> pa.Table:
    import pyarrow as pa

    return pa.table({"first": pa.array(first), "second": pa.array(second)})


def _arrow_actions(actions: ActionTable) -> pa.Table:
    import pyarrow as pa

    return pa.table(
        {
            name: pa.array(np.asarray(getattr(actions, name), dtype=kind))
            for name, kind in _COLUMNS.items()
        }
    )


def _check_staged(actions: ActionTable, staged: str) -> None:
    """Raise unless the directory ``staged`` holds exactly ``actions``'s rows and dictionaries."""
    import pyarrow.parquet as pq

    try:
        rows = pq.read_metadata(f"{staged}/{ACTIONS_FILE}").num_rows
        words = {
            name: pq.read_table(f"{staged}/{name}.parquet").column("id").to_pylist()
            for name in _DICTIONARIES
        }
    except (OSError, ValueError, KeyError) as error:
        raise SparkEngineError(
            f"{staged} is not a staged action table ({error}); write one with "
            "`claimgraph analyze amplification --save-actions DIR`"
        ) from error
    stale = [
        name for name, values in words.items()
        if values != [str(value) for value in getattr(actions, name)]
    ]  # fmt: skip
    if stale or rows != len(actions):
        raise SparkEngineError(
            f"{staged} holds other actions than this analysis ({', '.join(stale) or 'rows'} "
            "differ); stage them again with --save-actions, from the same store and parameters"
        )


# -- what the engine needs -------------------------------------------------------


def _require(*packages: str) -> None:
    for package in packages:
        try:
            importlib.import_module(package)
        except ImportError as error:
            raise SparkEngineError(
                f"the Spark engine needs {package}: install it with "
                "`pip install 'claimgraph[spark]'` (pyspark and pyarrow)"
            ) from error


def _require_java() -> None:
    """Find a Java runtime for Spark, setting ``JAVA_HOME`` from ``java`` on the PATH if unset."""
    home = os.environ.get("JAVA_HOME")
    if home:
        if not (Path(home) / "bin" / "java").is_file():
            raise SparkEngineError(
                f"JAVA_HOME is {home}, but {home}/bin/java does not exist; point JAVA_HOME at a "
                "Java 17 (or later) installation, or unset it to use the java on your PATH"
            )
        return
    java = shutil.which("java")
    if java is None:
        raise SparkEngineError(
            "the Spark engine needs Java 17 or later, and no java is on the PATH; install one "
            "(e.g. `apt install openjdk-17-jre-headless`) or set JAVA_HOME"
        )
    os.environ["JAVA_HOME"] = str(Path(java).resolve().parent.parent)
