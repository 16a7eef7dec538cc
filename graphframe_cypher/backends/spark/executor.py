"""Runs a relational plan as Spark DataFrame operations.

Each relational operator maps onto one DataFrame operation; expressions are compiled to
native Column expressions by :class:`SparkExpressionCompiler`. Nothing is collected to the
driver except scalars the plan needs (the number of ids a CREATE used).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as ST

from ... import types as T
from ...graph.model import NodeTableSpec, PropertyColumn, RelationshipTableSpec
from ...relational import operators as R
from .expressions import SparkExpressionCompiler
from .representation import spark_type


_ONE_ROW: dict[int, DataFrame] = {}


def one_row(spark: SparkSession) -> DataFrame:
    """A single row without columns, as a local relation: Spark folds projections of it
    into constants and answers queries over it without launching a job."""
    key = id(spark)
    if key not in _ONE_ROW:
        _ONE_ROW[key] = spark.sql("SELECT * FROM VALUES (1) AS one(`  one`)").drop("  one")
    return _ONE_ROW[key]


def column(name: str):
    return F.col("`" + name.replace("`", "``") + "`")


@dataclass
class SparkContext:
    """What the expression compiler needs to know about the graph being queried."""

    id_type: ST.DataType = field(default_factory=ST.LongType)


@dataclass
class CreatedElements:
    nodes: list[NodeTableSpec] = field(default_factory=list)
    relationships: list[RelationshipTableSpec] = field(default_factory=list)
    next_id: int = 0


class SparkExecutor:
    def __init__(self, spark: SparkSession, ctx: SparkContext, next_id: int = 0):
        self.spark = spark
        self.ctx = ctx
        self.compiler = SparkExpressionCompiler(ctx)
        self.created = CreatedElements(next_id=next_id)

    def run(self, op: R.RelOp) -> DataFrame:
        handler = getattr(self, "_" + type(op).__name__)
        return handler(op)

    def _compile(self, expr):
        return self.compiler.compile(expr)

    def _select(self, df: DataFrame, items) -> DataFrame:
        return df.select(*[self._compile(e).alias(n) for n, e in items])

    # -- leaves ---------------------------------------------------------------------------

    def _OneRow(self, op: R.OneRow) -> DataFrame:
        return one_row(self.spark)

    def _Empty(self, op: R.Empty) -> DataFrame:
        schema = ST.StructType(
            [ST.StructField(n, spark_type(t, self.ctx), True) for n, t in op.columns]
        )
        return self.spark.createDataFrame([], schema)

    def _TableScan(self, op: R.TableScan) -> DataFrame:
        return self._select(op.source, op.items)

    # -- row operators --------------------------------------------------------------------

    def _Select(self, op: R.Select) -> DataFrame:
        return self._select(self.run(op.input), op.items)

    def _Filter(self, op: R.Filter) -> DataFrame:
        return self.run(op.input).filter(self._compile(op.predicate))

    def _Join(self, op: R.Join) -> DataFrame:
        left, right = self.run(op.left), self.run(op.right)
        if op.kind == "cross" and op.predicate is None:
            return left.crossJoin(right)
        cond = None
        for a, b in op.on:
            eq = left[_quoted(a)] == right[_quoted(b)]
            cond = eq if cond is None else cond & eq
        if op.predicate is not None:
            pred = self._compile(op.predicate)
            pred = F.coalesce(pred, F.lit(False))
            cond = pred if cond is None else cond & pred
        how = "left" if op.kind == "left" else "inner"
        if cond is None:
            cond = F.lit(True)
        return left.join(right, cond, how)

    def _UnionAll(self, op: R.UnionAll) -> DataFrame:
        frames = [self.run(p) for p in op.parts]
        result = frames[0]
        for frame in frames[1:]:
            result = result.unionByName(frame)
        return result

    def _Distinct(self, op: R.Distinct) -> DataFrame:
        return self.run(op.input).distinct()

    def _Aggregate(self, op: R.Aggregate) -> DataFrame:
        df = self.run(op.input)
        aggs = [self.compiler.compile_aggregate(a).alias(n) for n, a in op.aggregates]
        keys = [self._compile(e).alias(n) for n, e in op.keys]
        if not keys:
            return df.agg(*aggs) if aggs else df.limit(1)
        grouped = df.groupBy(*keys)
        return grouped.agg(*aggs) if aggs else grouped.agg(F.count(F.lit(1)).alias("  n")).drop("  n")

    def _Sort(self, op: R.Sort) -> DataFrame:
        df = self.run(op.input)
        order = []
        for expr, descending in op.items:
            key = self.compiler.compile_sort_key(expr) if hasattr(self.compiler, "compile_sort_key") else self._compile(expr)
            order.append(key.desc_nulls_first() if descending else key.asc_nulls_last())
        return df.orderBy(*order)

    def _Skip(self, op: R.Skip) -> DataFrame:
        df = self.run(op.input)
        return df.offset(op.count) if op.count else df

    def _Limit(self, op: R.Limit) -> DataFrame:
        return self.run(op.input).limit(op.count)

    def _Explode(self, op: R.Explode) -> DataFrame:
        df = self.run(op.input)
        expr = op.expression
        if expr.type == T.NULL:
            return df.filter(F.lit(False)).withColumn(op.name, F.lit(None))
        values = self._compile(expr)
        if not isinstance(expr.type, T.ListType):
            values = F.array(values)
        return df.select("*", F.explode(values).alias(op.name))

    # -- CREATE ---------------------------------------------------------------------------

    def _CreateGraphElements(self, op: R.CreateGraphElements) -> DataFrame:
        df = self.run(op.input)
        per_row = len(op.nodes) + len(op.relationships)
        base = self.created.next_id
        if is_single_row(op.input):
            # One row from literals (a typical set-up script): ids are known without
            # running anything.
            row_index = F.lit(0)
            self.created.next_id = base + per_row
        else:
            # Ids must be the same however often the plan is re-evaluated: fix them by
            # materializing the rows once.
            row = "  row"
            df = df.withColumn(row, F.monotonically_increasing_id()).localCheckpoint(eager=True)
            row_index = column(row)
            max_row = df.agg(F.max(row_index)).first()[0]
            if max_row is not None:
                self.created.next_id = base + (max_row + 1) * per_row
        id_columns = [n.id_column for n in op.nodes] + [r.id_column for r in op.relationships]
        for index, id_column in enumerate(id_columns):
            df = df.withColumn(id_column, F.lit(base + index) + row_index * F.lit(per_row))
        for rels in op.relationships:
            df = df.withColumn(rels.source_column, self._compile(rels.source_node))
            df = df.withColumn(rels.target_column, self._compile(rels.target_node))
        if "  row" in df.columns:
            df = df.drop("  row")
        for nodes in op.nodes:
            self.created.nodes.append(self._new_node_table(df, nodes))
        for rels in op.relationships:
            self.created.relationships.append(self._new_relationship_table(df, rels))
        return df

    def _new_node_table(self, df: DataFrame, nodes: R.NewNodes) -> NodeTableSpec:
        table = df.select(column(nodes.id_column).alias("id"), *[column(c).alias(f"p{i}") for i, (_, c, _) in enumerate(nodes.properties)])
        props = tuple(PropertyColumn(k, f"p{i}", t) for i, (k, _, t) in enumerate(nodes.properties) if t != T.NULL)
        return NodeTableSpec(table, "id", nodes.labels, props)

    def _new_relationship_table(self, df: DataFrame, rels: R.NewRelationships) -> RelationshipTableSpec:
        table = df.select(
            column(rels.id_column).alias("id"),
            column(rels.source_column).alias("src"),
            column(rels.target_column).alias("dst"),
            *[column(c).alias(f"p{i}") for i, (_, c, _) in enumerate(rels.properties)],
        )
        props = tuple(PropertyColumn(k, f"p{i}", t) for i, (k, _, t) in enumerate(rels.properties) if t != T.NULL)
        return RelationshipTableSpec(table, "id", "src", "dst", rels.rel_type, props)


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def is_single_row(op: R.RelOp) -> bool:
    """Whether a plan yields exactly one row whatever the data (projections of one row)."""
    while isinstance(op, (R.Select, R.CreateGraphElements)):
        op = op.input
    return isinstance(op, R.OneRow)
