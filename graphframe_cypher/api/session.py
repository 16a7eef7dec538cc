"""CypherSession: the entry point. Wraps a SparkSession (local or a cluster's)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from .. import ast
from ..errors import CypherError, GraphError, InternalError
from ..graph.identity import IdSpace, derived_spaces, first_id
from ..graph.model import GraphSchema
from ..procedures import Procedure, ProcedureRegistry, TableProcedure
from .control import QueryControl
from .graph import PropertyGraph
from .result import Counters, CypherResult, Records


def hive_settings(directory: str | os.PathLike) -> dict[str, str]:
    """Spark settings for a Hive-enabled session whose metastore (an embedded Derby
    database) and warehouse live under ``directory``: ``local_spark(**hive_settings(d))``."""
    root = os.path.abspath(os.fspath(directory))
    return {
        "spark.sql.catalogImplementation": "hive",
        "spark.sql.warehouse.dir": os.path.join(root, "warehouse"),
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={os.path.join(root, 'metastore_db')};create=true"
        ),
        # Derby writes derby.log to the working directory unless told otherwise.
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={root}",
    }


# Settings for Spark on this machine only: a cluster's driver must be reachable from its
# executors, and its partitioning and UI are the cluster's business.
_LOCAL_MACHINE_SETTINGS = {
    "spark.ui.enabled": "false",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.sql.shuffle.partitions": "4",
}

# What ``local_spark`` chooses for any session it creates (documented in the README).
_CREATED_SESSION_SETTINGS = {
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


def is_local_master(master: str) -> bool:
    """``local``, ``local[4]``, ``local[*,2]``, ``local-cluster[...]``: Spark on this machine."""
    return master.strip().startswith("local")


def session_settings(master: str, conf: Mapping[str, str] | None = None) -> dict[str, str]:
    """The Spark settings ``local_spark`` gives a session it creates on ``master``: the
    loopback, no-UI, few-partitions settings only for ``local*`` masters; ``conf`` overrides."""
    local = _LOCAL_MACHINE_SETTINGS if is_local_master(master) else {}
    return {**local, **_CREATED_SESSION_SETTINGS, **(conf or {})}


def local_spark(app_name: str = "graphframe-cypher", master: str = "local[*]", **conf: str) -> Any:
    """A SparkSession for ``master`` (this machine by default: loopback networking, no UI,
    few shuffle partitions; see :func:`session_settings`). ``conf`` adds or overrides Spark
    settings (``hive_settings(dir)`` for Hive support)."""
    from .._java import require_java

    require_java()
    if is_local_master(master):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # Python workers (vectorized UDFs) must run this interpreter, the one that has pandas
    # and pyarrow, not whatever `python3` the PATH finds first.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name).master(master)
    for key, value in session_settings(master, conf).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    quiet_spark_logs(spark)
    return spark


def quiet_spark_logs(spark) -> None:
    """Errors reach users as CypherErrors; Spark's own logging of the same failures (JSON
    records with JVM traces on stderr) would only bury them."""
    spark.sparkContext.setLogLevel("ERROR")
    jvm = spark.sparkContext._jvm
    try:
        configurator = jvm.org.apache.logging.log4j.core.config.Configurator
        off = jvm.org.apache.logging.log4j.Level.OFF
        for logger in ("DataFrameQueryContextLogger", "org.apache.spark.sql.execution.python"):
            configurator.setLevel(logger, off)
    except Exception:  # noqa: BLE001 - logging set-up must never stop a session
        pass


class CypherSession(QueryControl):
    def __init__(self, spark):
        from .catalog import Catalog

        self.spark = spark
        self._empty = None
        # Graphs and views by qualified name (``session.catalog.store("social", g)``).
        self.catalog = Catalog()
        self.procedures = ProcedureRegistry()
        # A guest in the user's session: no setting and no log level is changed. Cypher's
        # case-sensitive names reach Spark encoded (names.py), so they resolve the same
        # whatever spark.sql.caseSensitive says.

    @classmethod
    def local(cls, **conf) -> CypherSession:
        """A session on a SparkSession of its own (``local_spark``: the settings of
        :func:`session_settings`, Spark's logs at ERROR); ``master=`` picks another master."""
        return cls(local_spark(**conf))

    @staticmethod
    def embedded(database: str = ":memory:"):
        """A session whose graphs live in this process and whose queries DuckDB runs
        (no Java, no Spark): ``graphframe_cypher.backends.duckdb.EmbeddedSession``."""
        from ..backends.duckdb import EmbeddedSession

        return EmbeddedSession(database)

    # -- graphs ---------------------------------------------------------------------------

    def empty_graph(self) -> PropertyGraph:
        if self._empty is None:
            self._empty = PropertyGraph(self, GraphSchema())
        return self._empty

    def read_from(self, *tables, validate: bool = False) -> PropertyGraph:
        """A graph of NodeTables and RelationshipTables. ``validate=True`` checks the
        tables first (``PropertyGraph.validate``) and raises a GraphError listing the
        problems; unchecked, a graph with null or duplicate ids or dangling relationships
        answers inconsistently (see the README)."""
        from ..backends.spark.tables import build_schema

        # The tables' ids are the user's (tag 0); elements that queries create on this graph
        # take ids of a tag of their own, so they can never reuse one of them.
        spaces = {0: IdSpace("tables"), 1: IdSpace("created")}
        graph = PropertyGraph(self, build_schema(tables), first_id(1), spaces)
        if validate:
            report = graph.validate()
            if not report.ok:
                raise GraphError(str(report))
        return graph

    def from_pandas(self, nodes, relationships=None, **columns) -> PropertyGraph:
        """A graph of pandas frames held in this process: ``nodes`` with columns ``id``,
        ``labels`` (a label or a list of labels) and properties; ``relationships`` with
        ``source``, ``target``, ``type`` and properties. Rename the expected columns with
        ``id=``, ``labels=``, ``source=``, ``target=``, ``type=``; ``relationship_id=``
        names a column of relationship ids (else they are numbered)."""
        from .interop import graph_from_pandas

        return graph_from_pandas(self, nodes, relationships, **columns)

    def from_graphframe(
        self,
        vertices,
        edges=None,
        *,
        labels: Sequence[str] | str = "Vertex",
        label_column: str | None = None,
        relationship_type: str = "EDGE",
        type_column: str | None = None,
        edge_id: str | None = None,
    ) -> PropertyGraph:
        """A graph of GraphFrames' DataFrames: ``vertices`` with an ``id`` column, ``edges``
        with ``src`` and ``dst``; the other columns are properties. Labels are ``labels``
        (a label or a list) or the values of ``label_column`` (a label or an array of
        labels per vertex); types ``relationship_type`` or the values of ``type_column``.
        ``edge_id`` names a column of edge ids; without one, edges are numbered."""
        from ..backends.spark.graphframes import graphframe_tables

        tables = graphframe_tables(
            vertices,
            edges,
            labels=labels,
            label_column=label_column,
            relationship_type=relationship_type,
            type_column=type_column,
            edge_id=edge_id,
        )
        return self.read_from(*tables)

    def from_networkx(self, graph, **options) -> PropertyGraph:
        """A graph of a networkx graph: node attribute ``labels`` and edge attribute
        ``type`` (``label_attribute=``, ``type_attribute=``, ``default_type=``), other
        attributes are properties."""
        from .interop import graph_from_networkx

        return graph_from_networkx(self, graph, **options)

    def create_graph(
        self,
        script: str,
        parameters: dict[str, Any] | None = None,
        base: PropertyGraph | None = None,
    ) -> PropertyGraph:
        """A graph built by a Cypher script of CREATE clauses (fed by MATCH/UNWIND/WITH),
        on top of ``base`` (an empty graph by default)."""
        result = self.cypher(script, parameters, graph=base or self.empty_graph())
        return result.graph if result.graph is not None else (base or self.empty_graph())

    def register_source(self, namespace: str, source) -> None:
        """Serve the graphs of ``source`` (see ``api.catalog.GraphSource``) under
        ``namespace``: ``FROM GRAPH namespace.name``, ``session.catalog.graph(...)``.
        A source with an ``attach(session)`` method is given this session first (sources
        build their graphs on it)."""
        attach = getattr(source, "attach", None)
        if callable(attach):
            attach(self)
        self.catalog.register_source(namespace, source)

    # -- procedures -----------------------------------------------------------------------

    def register_procedure(self, signature: str, rows: Sequence[Mapping[str, Any]]) -> Procedure:
        """Make a procedure given by its rows callable with CALL, e.g.
        ``register_procedure("my.cities(country :: STRING?) :: (city :: STRING?)",
        [{"country": "SE", "city": "Malmö"}])``: a call yields the outputs of the rows
        whose inputs equal its arguments, in the rows' order. Replaces a registered
        procedure of the same name."""
        procedure = TableProcedure(signature, rows)
        self.procedures.register(procedure)
        return procedure

    def unregister_procedure(self, name: str) -> None:
        self.procedures.unregister(name)

    # -- queries --------------------------------------------------------------------------

    def cypher(
        self,
        query: str,
        parameters: dict[str, Any] | None = None,
        graph: PropertyGraph | None = None,
        **keyword_parameters: Any,
    ) -> CypherResult:
        """Runs ``query`` on ``graph`` (the empty graph by default). Parameters come as a
        dict, as keywords (``session.cypher(q, name="Bob")``, as in the Neo4j driver), or
        both (keywords win)."""
        from .multigraph import RunContext

        merged = {**(parameters or {}), **keyword_parameters}
        try:
            return self._run(query, merged, graph, RunContext())
        except CypherError:
            raise
        except Exception as exc:  # noqa: BLE001 - whatever else fails is the engine's fault
            raise InternalError(exc, query) from exc

    def _run(self, query: str, parameters, graph: PropertyGraph | None, context) -> CypherResult:
        """A query on ``graph`` (the empty graph by default); ``context`` says which view
        expansion it belongs to."""
        from pyspark.sql import types as ST

        from ..backends.spark.executor import SparkContext, SparkExecutor
        from ..backends.spark.representation import spark_type  # noqa: F401
        from ..compiler import compile_query
        from .multigraph import is_catalog_statement, prepare_graphs, run_catalog_statement

        graph = graph or self.empty_graph()
        parameters = dict(parameters or {})
        run = _error_translator(query)
        parsed = run(lambda: _parse(query))
        if is_catalog_statement(parsed.body):
            return run(lambda: run_catalog_statement(self, parsed.body, parameters, context))
        prepared = run(lambda: prepare_graphs(self, parsed, graph, parameters, context))
        schema = prepared.graphs.default if prepared else graph.schema
        ctx = SparkContext(
            id_type=ST.StringType() if schema.id_type.name == "STRING" else ST.LongType()
        )
        executor = SparkExecutor(
            self.spark, ctx, prepared.first_new_id if prepared else graph.next_id
        )
        evaluate = _constant_evaluator(executor, run)
        if prepared is None and isinstance(parsed.body, ast.SingleQuery):
            # One graph: the query runs in stages over the graph versions its updates
            # make (api/execution.py).
            from .execution import run_single_query

            _analyze(query, parsed, parameters, self.procedures)
            context = (executor, run, evaluate, self.procedures)
            return run_single_query(self, graph, query, parsed, parameters, context)
        compiled = compile_query(
            query,
            schema,
            parameters,
            evaluate,
            self.procedures,
            prepared.graphs if prepared else None,
        )
        df = run(lambda: executor.run(compiled.relational))
        types = tuple(t for _, t in compiled.relational.columns)
        records = Records(df, compiled.columns, types, run, ctx)
        new_graph = None
        counters = None
        if executor.constructed is not None:
            new_graph = prepared.result_graph(self, executor.constructed, executor.created.next_id)
        elif compiled.logical.updating:
            created = executor.created
            new_schema = GraphSchema(
                schema.node_tables + tuple(created.nodes),
                schema.relationship_tables + tuple(created.relationships),
                schema.id_type,
            )
            new_graph = PropertyGraph(
                self, new_schema, created.next_id, derived_spaces(graph.id_spaces)
            )
            counters = lambda: _count_created(created, run)  # noqa: E731
        return CypherResult(records, new_graph, counters, compiled)


def _parse(query: str):
    from ..compiler import parse

    return parse(query)


def _analyze(text: str, query: ast.Query, parameters, procedures: ProcedureRegistry) -> None:
    """Raises the query's compile-time errors."""
    from ..compiler import analyze

    try:
        analyze(query, dict(parameters or {}), procedures)
    except CypherError as error:
        raise error.with_query(text) from None


def _count_created(created, run) -> Counters:
    """Side-effect counters: what literal creations already know, plus one cheap aggregate
    (rows and non-null properties) over each other new table."""
    counts = dict(created.known_counts)

    def add(name, value):
        counts[name] = counts.get(name, 0) + value

    for table in created.nodes:
        if id(table.source) not in created.counted:
            rows, props = run(lambda t=table: _rows_and_properties(t))
            add("nodes_created", rows)
            add("labels_added", len(table.labels) * rows)
            add("properties_set", props)
    for table in created.relationships:
        if id(table.source) not in created.counted:
            rows, props = run(lambda t=table: _rows_and_properties(t))
            add("relationships_created", rows)
            add("properties_set", props)
    return Counters(**counts)


def _rows_and_properties(table) -> tuple[int, int]:
    from pyspark.sql import functions as F

    counts = [F.count(F.col(p.column)) for p in table.properties]
    row = table.source.agg(F.count(F.lit(1)), *counts).first()
    return row[0], sum(row[1:])


def _constant_evaluator(executor, run):
    def evaluate(expr):
        from ..backends.spark.representation import to_python

        df = executor.spark.range(1).select(executor.compiler.compile(expr).alias("v"))
        return to_python(run(df.first)[0], expr.type)

    return evaluate


def _error_translator(query: str):
    """Runs a Spark action, turning engine errors raised inside Spark jobs into CypherErrors
    (never a Py4J or JVM trace)."""

    def run(action):
        try:
            return action()
        except InternalError:
            raise  # (keeps its cause)
        except CypherError as error:
            raise error.with_query(query) from None
        except Exception as exc:  # noqa: BLE001 - Spark raises many unrelated types
            translated = _translate(exc)
            if translated is None:
                raise InternalError(exc, query) from exc
            raise translated.with_query(query) from None

    return run


def _translate(exc: Exception) -> CypherError | None:
    """The Cypher error a failure in Spark stands for, or None when it is the engine's own
    fault: an analysis error of a plan the engine built, an exception of its code."""
    try:
        from ..backends.spark.expressions import translate_spark_error
    except ImportError:
        translate_spark_error = None  # type: ignore[assignment]
    if translate_spark_error is not None:
        translated = translate_spark_error(exc)
        if translated is not None:
            return translated
    name = type(exc).__name__
    if name in (
        "Py4JJavaError",
        "SparkRuntimeException",
        "ArithmeticException",
        "PythonException",
        "IllegalArgumentException",
        "NumberFormatException",
        "SparkArithmeticException",
    ):
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else name
        return GraphError(f"query failed in Spark: {first_line[:500]}")
    return None
