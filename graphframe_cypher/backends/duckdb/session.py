"""EmbeddedSession: Cypher on graphs held in this process, run by DuckDB (no Java, no Spark).

The user API is the Spark session's: ``read_from(NodeTable(...), RelationshipTable(...))``
with pandas DataFrames or Arrow tables, ``graph.cypher(...)``, ``records.collect()`` /
``to_pandas()`` / ``show()``. The compiler is shared; only running the relational plan
differs (``executor.py``).
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

from ... import ast
from ... import types as T
from ...api.graph import PropertyGraph
from ...api.result import Counters, CypherResult, Records
from ...api.session import CypherSession
from ...api.tables import NodeTable, RelationshipTable, property_columns
from ...errors import CypherError, GraphError, UnsupportedFeature
from ...graph.identity import IdSpace, derived_spaces, first_id
from ...graph.model import GraphSchema, NodeTableSpec, PropertyColumn, RelationshipTableSpec
from ...ir import expr as E
from ...procedures import ProcedureRegistry
from ...relational import operators as R
from ...relational.updates import StageRows
from ...semantic.graphs import uses_multiple_graphs
from .create import TableMaker, count_created
from .errors import translate_duckdb_error
from .executor import DuckTable, SqlPlanCompiler
from .expressions import unsupported
from .python_functions import PythonFunctions
from .representation import quote_table, temporal_struct, to_python


class EmbeddedSession:
    """A DuckDB database in this process (in memory unless ``database`` names a file)
    holding the graphs' tables."""

    def __init__(self, database: str = ":memory:"):
        import duckdb  # only this backend imports it, and only when used

        self._duckdb = duckdb
        self.connection = duckdb.connect(database)
        self.procedures = ProcedureRegistry()
        self._table_numbers = itertools.count()
        self._lock = threading.Lock()
        self._empty: PropertyGraph | None = None
        self._python = PythonFunctions(self.connection)

    # -- graphs ---------------------------------------------------------------------------

    def empty_graph(self) -> PropertyGraph:
        if self._empty is None:
            self._empty = PropertyGraph(self, GraphSchema())
        return self._empty

    def read_from(self, *tables) -> PropertyGraph:
        """A graph of pandas DataFrames or Arrow tables, copied into DuckDB tables."""
        others = [t for t in tables if not isinstance(t, (NodeTable, RelationshipTable))]
        if others:
            raise GraphError(
                f"read_from expects NodeTable and RelationshipTable, got {type(others[0]).__name__}"
            )
        loaded = [self._load(t) for t in tables]
        id_type = (
            T.STRING
            if any(kind == T.STRING for _, kinds in loaded for kind in kinds)
            else T.INTEGER
        )
        specs = [
            self._normalize(table, raw, id_type)
            for table, (raw, _) in zip(tables, loaded, strict=True)
        ]
        schema = GraphSchema(
            tuple(s for s in specs if isinstance(s, NodeTableSpec)),
            tuple(s for s in specs if isinstance(s, RelationshipTableSpec)),
            id_type,
        )
        spaces = {0: IdSpace("tables"), 1: IdSpace("created")}
        return PropertyGraph(self, schema, first_id(1), spaces)

    def _new_table_name(self, kind: str) -> str:
        return f"{kind}_{next(self._table_numbers)}"

    def _load(self, table) -> tuple[str, list[T.CypherType]]:
        """Copies the user's frame into a raw table; returns its name and id kinds."""
        name = self._new_table_name("raw")
        view = name + "_input"
        with self._lock:
            self.connection.register(view, table.df)
            try:
                self.connection.execute(
                    f"CREATE TABLE {quote_table(name)} AS SELECT * FROM {quote_table(view)}"
                )
            finally:
                self.connection.unregister(view)
        types = self._column_types(name)
        id_columns = [table.id] + (
            [table.source, table.target] if isinstance(table, RelationshipTable) else []
        )
        where = _describe(table)
        kinds = []
        for column in id_columns:
            if column not in types:
                raise GraphError(
                    f"{where}: no column {column!r} (the table has {', '.join(types)})"
                )
            kinds.append(_id_kind(types[column], where))
        return name, kinds

    def _column_types(self, table: str) -> dict[str, str]:
        rows = self.connection.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        return dict(rows)

    def _normalize(self, table, raw: str, id_type: T.CypherType):
        """The element table: ids cast to the graph's id type, properties as p0, p1, ..."""
        types = self._column_types(raw)
        where = _describe(table)
        ident = "VARCHAR" if id_type == T.STRING else "BIGINT"
        ends = [table.source, table.target] if isinstance(table, RelationshipTable) else []
        pairs = property_columns(list(types), [table.id, *ends], table.properties)
        items = [f"CAST({quote_table(table.id)} AS {ident}) AS id"]
        items += [
            f"CAST({quote_table(c)} AS {ident}) AS {n}"
            for c, n in zip(ends, ("src", "dst"), strict=False)
        ]
        props = []
        for i, (column, key) in enumerate(pairs):
            if column not in types:
                raise GraphError(
                    f"{where}: no column {column!r} (the table has {', '.join(types)})"
                )
            ctype, sql = _property_column(types[column], quote_table(column), f"{where}.{column}")
            items.append(f"{sql} AS p{i}")
            props.append(PropertyColumn(key, f"p{i}", ctype))
        name = self._new_table_name("element")
        with self._lock:
            self.connection.execute(
                f"CREATE TABLE {quote_table(name)} AS "
                f"SELECT {', '.join(items)} FROM {quote_table(raw)}"
            )
            self.connection.execute(f"DROP TABLE {quote_table(raw)}")
        if isinstance(table, NodeTable):
            return NodeTableSpec(DuckTable(name), "id", table.label_set, tuple(props))
        if not table.type:
            raise GraphError(f"{where}: a relationship table needs a type")
        return RelationshipTableSpec(DuckTable(name), "id", "src", "dst", table.type, tuple(props))

    # -- shared with the Spark session until the backend seam makes them one class ----------

    register_procedure = CypherSession.register_procedure
    unregister_procedure = CypherSession.unregister_procedure
    create_graph = CypherSession.create_graph

    # -- queries --------------------------------------------------------------------------

    def cypher(
        self,
        query: str,
        parameters: dict[str, Any] | None = None,
        graph: PropertyGraph | None = None,
    ) -> CypherResult:
        from ...compiler import analyze, compile_query, parse

        graph = graph or self.empty_graph()
        parameters = dict(parameters or {})
        try:
            parsed = parse(query)
            analyze(parsed, parameters, self.procedures)
        except CypherError as error:
            raise error.with_query(query) from None
        if uses_multiple_graphs(parsed.body):
            raise unsupported(
                "FROM GRAPH, CONSTRUCT and RETURN GRAPH (multiple graphs)"
            ).with_query(query)
        if isinstance(parsed.body, ast.SingleQuery):
            return self._run_stages(query, parsed, graph, parameters)
        evaluate = self._constant_evaluator(query, graph)
        compiled = compile_query(query, graph.schema, parameters, evaluate, self.procedures)
        rows = self._guarded(
            query,
            lambda cursor: cursor.execute(
                self._plan_compiler(graph.schema.id_type).query(compiled.relational)
            ).fetchall(),
        )
        types = tuple(t for _, t in compiled.relational.columns)
        return CypherResult(EmbeddedRecords(rows, compiled.columns, types), None, None, compiled)

    def _run_stages(self, query: str, parsed, graph: PropertyGraph, parameters) -> CypherResult:
        """A single query, stage by stage (``logical/stages.py``): each stage is planned over
        the graph the previous one made, starting from its rows (materialized)."""
        from ...api.execution import StagedPlan
        from ...compiler import compile_stage
        from ...logical.stages import changes_elements, split_stages

        evaluate = self._constant_evaluator(query, graph)
        stages = split_stages(parsed.body.clauses)

        def run(cursor):
            maker = TableMaker(cursor, self._table_numbers)
            schema, rows, refresh = graph.schema, None, False
            next_id, created, compiled = graph.next_id, [], []
            for index, clauses in enumerate(stages):
                final = index == len(stages) - 1
                if isinstance(clauses[0], ast.Merge):
                    raise unsupported("MERGE")
                stage = compile_stage(
                    query,
                    clauses,
                    schema,
                    parameters,
                    evaluate,
                    rows,
                    refresh,
                    final,
                    self.procedures,
                )
                compiled.append(stage)
                plan = SqlPlanCompiler(schema.id_type, maker, next_id, self._python)
                sql = plan.query(stage.relational)
                next_id = plan.created.next_id
                if stage.updating:
                    created.append(plan.created)
                    schema = _with_created(schema, plan.created)
                if final:
                    result = cursor.execute(sql).fetchall()
                else:
                    table = maker.table(sql)
                    rows = StageRows(
                        DuckTable(table), stage.relational.columns, stage.fields, stage.layouts
                    )
                    refresh = changes_elements(clauses)
            counts = [count_created(maker, c) for c in created]
            return result, compiled, schema, next_id, counts

        result, compiled, schema, next_id, counts = self._guarded(query, run)
        last = compiled[-1]
        types = tuple(t for _, t in last.relational.columns)
        records = EmbeddedRecords(result, last.columns, types)
        plan = StagedPlan(tuple(compiled))
        if not any(s.updating for s in compiled):
            return CypherResult(records, None, None, plan)
        new_graph = PropertyGraph(self, schema, next_id, derived_spaces(graph.id_spaces))
        totals: dict[str, int] = {}
        for part in counts:
            for key, value in part.items():
                totals[key] = totals.get(key, 0) + value
        return CypherResult(records, new_graph, Counters(**totals), plan)

    def sql(self, query: str, graph: PropertyGraph | None = None) -> str:
        """The DuckDB SQL a read-only Cypher query runs as (for reading and debugging)."""
        from ...compiler import compile_query

        graph = graph or self.empty_graph()
        evaluate = self._constant_evaluator(query, graph)
        compiled = compile_query(query, graph.schema, None, evaluate, self.procedures)
        return self._plan_compiler(graph.schema.id_type).query(compiled.relational)

    def _plan_compiler(self, id_type: T.CypherType) -> SqlPlanCompiler:
        """A compiler of a plan that reads only (no CREATE)."""
        return SqlPlanCompiler(id_type, python=self._python)

    def _guarded(self, query: str, action):
        """Runs ``action(cursor)`` on a cursor of its own (safe across threads), turning
        DuckDB's errors into CypherErrors that show the query."""
        try:
            cursor = self.connection.cursor()
            try:
                return action(cursor)
            finally:
                cursor.close()
        except CypherError as error:
            raise error.with_query(query) from None
        except self._duckdb.Error as exc:
            raise translate_duckdb_error(exc).with_query(query) from None

    def _execute(self, query: str, plan: R.RelOp, id_type: T.CypherType) -> list[tuple]:
        sql = self._plan_compiler(id_type).query(plan)
        return self._guarded(query, lambda cursor: cursor.execute(sql).fetchall())

    def _constant_evaluator(self, query: str, graph: PropertyGraph):
        def evaluate(expr: E.IRExpr):
            plan = R.Select(R.OneRow(), (("v", expr),), columns=(("v", expr.type),))
            (row,) = self._execute(query, plan, graph.schema.id_type)
            return to_python(row[0], expr.type)

        return evaluate


class EmbeddedRecords(Records):
    """Rows computed by DuckDB (already in this process): ``df`` is a pandas DataFrame."""

    def __init__(self, rows: list[tuple], columns, types):
        super().__init__(None, columns, types, run=lambda action: action())
        self._fetched = rows

    def collect(self) -> list[dict[str, Any]]:
        return self._rows(self._fetched)

    def _record(self, row) -> dict[str, Any]:
        return {
            name: to_python(value, ctype)
            for name, ctype, value in zip(self.columns, self.types, row, strict=True)
        }

    def head(self, n: int = 5) -> list[dict[str, Any]]:
        return self._rows(self._fetched[:n])

    def __iter__(self):
        return (self._record(row) for row in self._fetched)

    def __len__(self) -> int:
        return len(self._fetched)

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(self.collect(), columns=self.columns)

    def to_spark(self, flat: bool = False):
        raise UnsupportedFeature("the embedded engine's results are pandas frames: to_pandas()")

    @property
    def df(self):
        return self.to_pandas()


def _with_created(schema: GraphSchema, created) -> GraphSchema:
    return GraphSchema(
        schema.node_tables + tuple(created.nodes),
        schema.relationship_tables + tuple(created.relationships),
        schema.id_type,
    )


def _describe(table) -> str:
    if isinstance(table, NodeTable):
        return f"NodeTable {sorted(table.label_set)}"
    return f"RelationshipTable {table.type!r}"


_INTEGRAL = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER")
_FLOATING = ("FLOAT", "DOUBLE", "REAL")


def _id_kind(duck_type: str, where: str) -> T.CypherType:
    if duck_type in _INTEGRAL:
        return T.INTEGER
    if duck_type == "VARCHAR":
        return T.STRING
    raise GraphError(f"{where}: ids must be integer or string columns, not {duck_type}")


def _property_column(duck_type: str, column: str, where: str) -> tuple[T.CypherType, str]:
    """The Cypher type of a property column and SQL converting it to its representation."""
    if duck_type in _INTEGRAL or duck_type == "UBIGINT":
        return T.INTEGER, f"CAST({column} AS BIGINT)"
    if duck_type in _FLOATING or duck_type.startswith("DECIMAL"):
        return T.FLOAT, f"CAST({column} AS DOUBLE)"
    if duck_type == "VARCHAR":
        return T.STRING, column
    if duck_type == "BOOLEAN":
        return T.BOOLEAN, column
    if duck_type == '"NULL"' or duck_type == "NULL":
        return T.NULL, column
    if duck_type.endswith("[]"):
        element, sql = _property_column(duck_type[:-2], "x", where)
        return T.ListType(element), f"list_transform({column}, lambda x: {sql})"
    # Dates and timestamps become the exact temporal structs (representation.py), as the
    # Spark backend reads Spark's date and timestamp columns.
    if duck_type == "DATE":
        days = f"CAST(date_diff('day', DATE '1970-01-01', {column}) AS BIGINT)"
        return T.DATE, _unless_null(column, temporal_struct("DATE", {"epochDay": days}))
    if duck_type.startswith("TIMESTAMP"):
        micros = f"epoch_us({column})"
        fields = {
            "epochSecond": f"CAST(floor({micros} / 1000000) AS BIGINT)",
            "nano": f"CAST(({micros} % 1000000 + 1000000) % 1000000 * 1000 AS INTEGER)",
            "offsetSeconds": "CAST(0 AS INTEGER)",
            "zone": "''",
        }
        return T.DATETIME, _unless_null(column, temporal_struct("DATETIME", fields))
    raise GraphError(f"{where}: columns of type {duck_type} cannot be properties")


def _unless_null(column: str, sql: str) -> str:
    return f"CASE WHEN {column} IS NOT NULL THEN {sql} END"
