"""The engines the LDBC benchmark runs on: the only engine-specific code of bench/ldbc*.py.

An engine turns the loaded data (``bench.ldbc_load.LdbcData``, pyarrow tables) into a graph
(``load``), runs a Cypher query on it and returns its rows as Python tuples (``run``), and
describes a query's physical plan (``explain``). Another engine (e.g. DuckDB) adds a class
with these three methods and an entry in ENGINES.
"""

from __future__ import annotations

from typing import Any, Protocol

from bench.ldbc_load import LdbcData


class Engine(Protocol):
    name: str

    def load(self, data: LdbcData) -> Any: ...

    def run(self, graph: Any, query: str, parameters: dict[str, Any]) -> tuple[list[str], list[tuple]]: ...

    def explain(self, graph: Any, query: str, parameters: dict[str, Any]) -> str: ...


class SparkEngine:
    """graphframe-cypher on Spark: one DataFrame per node label combination and per
    relationship file. ``cache=False`` (the default) keeps them as Spark local relations
    (the rows live in the plan: no job runs to load them); ``cache=True`` caches and
    materializes each one (one Spark job per table)."""

    name = "spark"

    def __init__(self, session, cache: bool = False, owns_session: bool = False):
        self.session = session
        self.cache = cache
        self.owns_session = owns_session  # stop Spark in close()
        self.graph = None
        self.last_job_count: int | None = None  # Spark jobs of the last run
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
        self.graph = self.session.read_from(*tables)
        return self.graph

    def _frame(self, table):
        # Through pandas: Spark 4.3 takes ~0.4 s per pyarrow table but ~0.05 s per pandas
        # frame (both become a LocalRelation, the pandas path via Arrow too).
        df = self.session.spark.createDataFrame(table.to_pandas())
        if self.cache:
            df = df.cache()
            df.count()
            self._cached.append(df)
        return df

    def run(self, graph, query: str, parameters: dict[str, Any]):
        self._runs += 1
        group = f"ldbc-bench-{id(self)}-{self._runs}"
        with self.session.job_group(group):
            records = graph.cypher(query, parameters=parameters).records
            columns = list(records.columns)
            rows = [tuple(row[c] for c in columns) for row in records.collect()]
        tracker = self.session.spark.sparkContext.statusTracker()
        self.last_job_count = len(tracker.getJobIdsForGroup(group))
        return columns, rows

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


def spark_engine(master: str, driver_memory: str, session=None, cache: bool = False) -> SparkEngine:
    """A SparkEngine on ``session`` (the tests pass theirs), else on a new local session."""
    owns_session = session is None
    if session is None:
        from graphframe_cypher import CypherSession, local_spark

        spark = local_spark(app_name="graphframe-cypher-ldbc", master=master,
                            **{"spark.driver.memory": driver_memory})
        session = CypherSession(spark)
    return SparkEngine(session, cache, owns_session)


ENGINES = {"spark": spark_engine}
