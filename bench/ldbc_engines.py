"""The engines the LDBC benchmark runs on: the only engine-specific code of bench/ldbc*.py.

An engine turns the loaded data (``bench.ldbc_load.LdbcData``, pyarrow tables) into a graph
(``load``), runs a Cypher query on it and returns its rows as Python tuples (``run``), and
describes a query's physical plan (``explain``). Another engine (e.g. DuckDB) adds a class
with these three methods and an entry in ENGINES.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from bench.ldbc_load import LdbcData


class QueryTimeout(Exception):
    """A run took longer than its timeout and was cancelled."""


class Engine(Protocol):
    name: str

    def load(self, data: LdbcData) -> Any: ...

    def run(self, graph: Any, query: str, parameters: dict[str, Any],
            timeout: float | None = None) -> tuple[list[str], list[tuple]]: ...

    def _cancel(self, group: str) -> None:
        # Also the group's future jobs: a query may still be planning when time is up.
        self.session.spark.sparkContext._jsc.sc().cancelJobGroupAndFutureJobs(group)

    def explain(self, graph: Any, query: str, parameters: dict[str, Any]) -> str: ...


class SparkEngine:
    """graphframe-cypher on Spark: one DataFrame per node label combination and per
    relationship file.

    ``cache=True`` (the default) caches each one and materializes them all in ``load``
    (concurrent count jobs), so that queries read in-memory columnar tables, as they would
    read a user's cached tables. ``cache=False`` keeps Spark local relations (the rows live in
    the plan, no job runs to load them), but then Spark's optimizer evaluates projections and
    filters over those rows itself (ConvertToLocalRelation), interpreted, on every analysis of
    every intermediate DataFrame: IC1 did not finish in 7 minutes that way.
    """

    name = "spark"

    def __init__(self, session, cache: bool = True, owns_session: bool = False):
        self.session = session
        self.cache = cache
        self.owns_session = owns_session  # stop Spark in close()
        self.graph = None
        self.last_job_count: int | None = None  # Spark jobs of the last run
        self.last_cpu_ms: float | None = None  # CPU time of the last run (driver JVM + Python)
        self._jvm_pid: int | None = None
        self._cached: list[Any] = []
        self._runs = 0

    def info(self) -> dict[str, Any]:
        spark = self.session.spark
        return {"spark": spark.version, "master": spark.sparkContext.master,
                "shuffle_partitions": spark.conf.get("spark.sql.shuffle.partitions"),
                "cached_tables": self.cache}

    def load(self, data: LdbcData):
        from graphframe_cypher import NodeTable, RelationshipTable

        tables = []
        for node_set in data.nodes:
            df = self._frame(node_set.table)
            tables.append(NodeTable(df, labels=list(node_set.labels), id="_eid",
                                    properties=[c for c in df.columns if c != "_eid"]))
        for rel_set in data.relationships:
            df = self._frame(rel_set.table)
            tables.append(RelationshipTable(df, type=rel_set.rel_type, id="_eid", source="_src",
                                            target="_dst"))
        if self.cache:
            # one tiny job per table: run them side by side, most of their time is latency
            with ThreadPoolExecutor(max_workers=8) as pool:
                list(pool.map(lambda df: df.count(), self._cached))
        self.graph = self.session.read_from(*tables)
        return self.graph

    def _frame(self, table):
        # Through pandas: Spark 4.3 takes ~0.4 s per pyarrow table but ~0.05 s per pandas
        # frame (both become a LocalRelation, the pandas path via Arrow too).
        df = self.session.spark.createDataFrame(table.to_pandas())
        if self.cache:
            df = df.cache()
            self._cached.append(df)
        return df

    def run(self, graph, query: str, parameters: dict[str, Any], timeout: float | None = None):
        """Columns and rows of the query; after ``timeout`` seconds its Spark jobs are
        cancelled and QueryTimeout raised (planning is not interrupted: the run stops at its
        next Spark job)."""
        self._runs += 1
        group = f"ldbc-bench-{id(self)}-{self._runs}"
        cpu_before = self._cpu_ms()
        timer = threading.Timer(timeout, self._cancel, [group]) if timeout else None
        try:
            with self.session.job_group(group):
                if timer:
                    timer.start()
                records = graph.cypher(query, parameters=parameters).records
                columns = list(records.columns)
                rows = [tuple(row[c] for c in columns) for row in records.collect()]
        except Exception as exc:
            if timer and not timer.is_alive():
                raise QueryTimeout(f"cancelled after {timeout:.0f} s") from exc
            raise
        finally:
            if timer:
                timer.cancel()
            tracker = self.session.spark.sparkContext.statusTracker()
            self.last_job_count = len(tracker.getJobIdsForGroup(group))
            self.last_cpu_ms = self._cpu_ms() - cpu_before
        return columns, rows

    def _cpu_ms(self) -> float:
        """CPU time used so far by this Python process and the Spark driver JVM (in local
        mode the executors too): on a machine shared with other work it varies far less
        than the wall-clock time of a run."""
        if self._jvm_pid is None:
            self._jvm_pid = self.session.spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
        return (process_cpu_seconds(self._jvm_pid) + time.process_time()) * 1000.0

    def _cancel(self, group: str) -> None:
        # Also the group's future jobs: a query may still be planning when time is up.
        self.session.spark.sparkContext._jsc.sc().cancelJobGroupAndFutureJobs(group)

    def explain(self, graph, query: str, parameters: dict[str, Any]) -> str:
        """The physical plan after a run (adaptive execution's final plan)."""
        df = graph.cypher(query, parameters=parameters).records.df
        df.collect()
        return df._jdf.queryExecution().executedPlan().toString()

    def close(self) -> None:
        for df in self._cached:
            df.unpersist()
        self._cached.clear()
        if self.owns_session:
            self.session.spark.stop()


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc; 0 where there is none)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def spark_engine(master: str, driver_memory: str, session=None, cache: bool = True) -> SparkEngine:
    """A SparkEngine on ``session`` (the tests pass theirs), else on a new local session."""
    owns_session = session is None
    if session is None:
        from graphframe_cypher import CypherSession, local_spark

        spark = local_spark(app_name="graphframe-cypher-ldbc", master=master,
                            **{"spark.driver.memory": driver_memory})
        session = CypherSession(spark)
    return SparkEngine(session, cache, owns_session)


ENGINES = {"spark": spark_engine}
