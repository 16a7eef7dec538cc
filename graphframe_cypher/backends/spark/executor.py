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
from ...relational.sharing import PlanSharing
from .expressions import SparkExpressionCompiler
from .reach import run_reach
from .representation import spark_type
from .var_expand import run_var_expand

def one_row(spark: SparkSession) -> DataFrame:
    """A single row without columns, as a local relation: Spark folds projections of it
    into constants and answers queries over it without launching a job."""
    return spark.sql("SELECT * FROM VALUES (1) AS one(`  one`)").drop("  one")


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
    # Side effects already known without counting rows (elements built from literals),
    # and the tables they cover.
    known_counts: dict[str, int] = field(default_factory=dict)
    counted: set[int] = field(default_factory=set)

    def add_known(self, table, **counts) -> None:
        self.counted.add(id(table))
        for name, value in counts.items():
            self.known_counts[name] = self.known_counts.get(name, 0) + value


class SparkExecutor:
    def __init__(self, spark: SparkSession, ctx: SparkContext, next_id: int = 0):
        self.spark = spark
        self.ctx = ctx
        self.compiler = SparkExpressionCompiler(ctx)
        self.created = CreatedElements(next_id=next_id)
        # SET / REMOVE / DELETE changes recorded by the stage, in order (see updates.py).
        self.pending: list = []
        # The graph a CONSTRUCT / RETURN GRAPH query built (a GraphSchema), once run.
        self.constructed = None
        # Stage rows -> their table before the guard of deleted elements.
        self._unguarded: dict[int, DataFrame] = {}
        self._one_row: DataFrame | None = None
        # Which operators are read more than once and must be computed once.
        self.sharing = PlanSharing()
        # id(operator) -> (operator, its DataFrame): each operator is built once.
        self._frames: dict[int, tuple[R.RelOp, DataFrame]] = {}

    def start_stage(self) -> None:
        """Forget what the previous stage created and changed (it is in the graph now)."""
        self.created = CreatedElements(next_id=self.created.next_id)
        self.pending = []

    def numbered_rows(self, rows):
        """The rows a MERGE stage starts from, numbered (column ``  row``) and materialized
        so the numbers stay fixed; one row numbered 0 for a query starting with MERGE."""
        from ...relational.updates import StageRows

        numbered = (("  row", T.INTEGER),)
        if rows is None:
            df = self.spark.range(1).select(F.lit(0).cast("long").alias("  row"))
            return StageRows(df, numbered, dict(numbered))
        # All columns are materialized, so not those that fail for deleted elements: after
        # a MERGE, elements deleted before it read as they were (a known limit).
        df = self._unguarded.get(id(rows), rows.source)
        df = df.withColumn("  row", F.monotonically_increasing_id())
        return rows.with_source(df.localCheckpoint(eager=True), numbered)

    def stage_rows(self, df: DataFrame, stage):
        """What the next stage starts from: the rows of ``stage`` (run last)."""
        from ...relational.updates import StageRows
        from .updates import guard_deleted

        guarded = guard_deleted(df, stage.layouts, self.pending)
        rows = StageRows(guarded, stage.relational.columns, stage.fields, stage.layouts)
        self._unguarded[id(rows)] = df
        return rows

    def run(self, op: R.RelOp) -> DataFrame:
        """The DataFrame of ``op``: built once per operator; an operator the plan reads in
        several places whose rows may differ between evaluations is materialized, so that
        all its readers see the same rows (relational/sharing.py)."""
        known = self._frames.get(id(op))
        if known is not None:
            return known[1]
        self.sharing.add_plan(op)
        handler = getattr(self, "_" + type(op).__name__)
        df = handler(op)
        if self.sharing.must_materialize(op):
            df = df.localCheckpoint(eager=True)
        self._frames[id(op)] = (op, df)
        return df

    def run_reused(self, op: R.RelOp) -> DataFrame:
        """The DataFrame of ``op`` for a caller that reads it more than once."""
        df = self.run(op)
        if self.sharing.is_nondeterministic(op) and not self.sharing.must_materialize(op):
            df = df.localCheckpoint(eager=True)
            self._frames[id(op)] = (op, df)
        return df

    def _compile(self, expr):
        return self.compiler.compile(expr)

    def _select(self, df: DataFrame, items) -> DataFrame:
        return df.select(*[self._compile(e).alias(n) for n, e in items])

    # -- leaves ---------------------------------------------------------------------------

    def _OneRow(self, op: R.OneRow) -> DataFrame:
        # built once per executor (a query), never shared between threads
        if self._one_row is None:
            self._one_row = one_row(self.spark)
        return self._one_row

    def _Empty(self, op: R.Empty) -> DataFrame:
        schema = ST.StructType(
            [ST.StructField(n, spark_type(t, self.ctx), True) for n, t in op.columns]
        )
        return self.spark.createDataFrame([], schema)

    def _Values(self, op: R.Values) -> DataFrame:
        from .representation import physical

        types = [t for _, t in op.columns]
        schema = ST.StructType(
            [ST.StructField(n, spark_type(t, self.ctx), True) for n, t in op.columns]
        )
        rows = [[physical(v, t) for v, t in zip(row, types, strict=True)] for row in op.rows]
        if not op.columns:
            # createDataFrame cannot make rows without columns; a range can, then drop its id.
            return self.spark.range(len(op.rows)).drop("id")
        return self.spark.createDataFrame(rows, schema)

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
        return (
            grouped.agg(*aggs) if aggs else grouped.agg(F.count(F.lit(1)).alias("  n")).drop("  n")
        )

    def _Sort(self, op: R.Sort) -> DataFrame:
        df = self.run(op.input)
        order = []
        for expr, descending in op.items:
            key = (
                self.compiler.compile_sort_key(expr)
                if hasattr(self.compiler, "compile_sort_key")
                else self._compile(expr)
            )
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

    def _VarExpand(self, op: R.VarExpand) -> DataFrame:
        return run_var_expand(self, op)

    def _Reach(self, op: R.Reach) -> DataFrame:
        return run_reach(self, op)

    # -- SET / REMOVE / DELETE ------------------------------------------------------------

    def _UpdateGraph(self, op: R.UpdateGraph) -> DataFrame:
        from .updates import PendingChange, PendingDelete

        df = self.run_reused(op.input)
        for change in op.changes:
            frame = df
            if change.condition is not None:
                frame = frame.filter(F.coalesce(self._compile(change.condition), F.lit(False)))
            element_id = self._compile(change.element_id).alias("id")
            values = [self._compile(v).alias(f"v{i}") for i, (_, v) in enumerate(change.writes)]
            frame = frame.select(element_id, *values).filter(F.col("id").isNotNull())
            writes = tuple((k, v.type) for k, v in change.writes)
            self.pending.append(
                PendingChange(change.kind, frame, writes, change.add_labels, change.remove_labels)
            )
        if op.deletes:
            nodes = [F.array(self._compile(e)) for e in op.delete_nodes]
            rels = [F.array(self._compile(e)) for e in op.delete_relationships]
            for path in op.delete_paths:
                compiled = self._compile(path)
                nodes.append(compiled.getField("_nodes").getField("_id"))
                rels.append(compiled.getField("_rels").getField("_id"))
            self.pending.append(PendingDelete(_ids(df, nodes), _ids(df, rels), op.detach))

        return df

    # -- multiple graphs ------------------------------------------------------------------

    def _BuildGraph(self, op) -> DataFrame:
        from .graphs import build_graph

        df, self.constructed = build_graph(self, op)
        return df

    # -- CREATE ---------------------------------------------------------------------------

    def _CreateGraphElements(self, op: R.CreateGraphElements) -> DataFrame:
        if R.constant_creation(op):
            return self._create_constant(op)
        df = self.run(op.input)
        per_row = len(op.nodes) + len(op.relationships)
        base = self.created.next_id
        if R.is_single_row(op.input):
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
        ids = {
            c: self._id_value(F.lit(base + i) + row_index * F.lit(per_row))
            for i, c in enumerate(id_columns)
        }
        # Relationship endpoints read the node ids just assigned (one projection for all).
        df = _replace_columns(df, ids)
        ends = {}
        for rels in op.relationships:
            ends[rels.source_column] = self._compile(rels.source_node)
            ends[rels.target_column] = self._compile(rels.target_node)
        df = _replace_columns(df, ends)
        if "  row" in df.columns:
            df = df.drop("  row")
        self._record_new_nodes(df, op.nodes)
        self._record_new_relationships(df, op.relationships)
        return df

    def _create_constant(self, op: R.CreateGraphElements) -> DataFrame:
        """Elements with literal values from one row: their tables are built from the
        values, and the row only carries the columns the rest of the query reads."""
        base = self.created.next_id
        id_columns = [n.id_column for n in op.nodes] + [r.id_column for r in op.relationships]
        ids = {c: self._id_value(base + i) for i, c in enumerate(id_columns)}
        self.created.next_id = base + len(id_columns)
        ends = {}
        for rels in op.relationships:
            ends[rels.source_column] = ids[rels.source_node.name]
            ends[rels.target_column] = ids[rels.target_node.name]
        df = self.run(op.input)
        known = {**ids, **ends}
        df = _replace_columns(df, {c: F.lit(v) for c, v in known.items() if c in df.columns})
        for (labels, schema), group in _group_by_shape(op.nodes, lambda n: n.labels).items():
            rows = [[ids[n.id_column], *_values(n, schema)] for n in group]
            table = self._local_table(rows, ["id"], schema)
            self.created.nodes.append(NodeTableSpec(table, "id", labels, _property_columns(schema)))
            self.created.add_known(
                table,
                nodes_created=len(rows),
                labels_added=len(labels) * len(rows),
                properties_set=sum(v is not None for row in rows for v in row[1:]),
            )
        for (rel_type, schema), group in _group_by_shape(
            op.relationships, lambda r: r.rel_type
        ).items():
            rows = [
                [
                    ids[r.id_column],
                    ends[r.source_column],
                    ends[r.target_column],
                    *_values(r, schema),
                ]
                for r in group
            ]
            table = self._local_table(rows, ["id", "src", "dst"], schema)
            self.created.relationships.append(
                RelationshipTableSpec(
                    table, "id", "src", "dst", rel_type, _property_columns(schema)
                )
            )
            self.created.add_known(
                table,
                relationships_created=len(rows),
                properties_set=sum(v is not None for row in rows for v in row[3:]),
            )
        return df

    def _id_value(self, value):
        """A new element's id in the graph's id type: in a graph with string ids the
        integer ids of created elements become decimal strings (as CONSTRUCT makes them)."""
        if not isinstance(self.ctx.id_type, ST.StringType):
            return value
        return str(value) if isinstance(value, int) else value.cast("string")

    def _local_table(self, rows, id_names, schema) -> DataFrame:
        fields = [ST.StructField(n, self.ctx.id_type, False) for n in id_names]
        fields += [
            ST.StructField(f"p{i}", spark_type(t, self.ctx), True)
            for i, (_, t) in enumerate(schema)
        ]
        return self.spark.createDataFrame(rows, ST.StructType(fields))

    def _record_new_nodes(self, df: DataFrame, nodes) -> None:
        """One table per label set and property schema: many CREATE patterns of the same
        shape become the rows of one table (an explode of their structs), not a union of
        one table each."""
        for (labels, schema), group in _group_by_shape(nodes, lambda n: n.labels).items():
            table = _stack(
                df, [(n.id_column, {k: c for k, c, _ in n.properties}) for n in group], [], schema
            )
            props = tuple(
                PropertyColumn(k, f"p{i}", t) for i, (k, t) in enumerate(schema) if t != T.NULL
            )
            self.created.nodes.append(NodeTableSpec(table, "id", labels, props))

    def _record_new_relationships(self, df: DataFrame, rels) -> None:
        for (rel_type, schema), group in _group_by_shape(rels, lambda r: r.rel_type).items():
            parts = [(r.id_column, {k: c for k, c, _ in r.properties}) for r in group]
            ends = [(r.source_column, r.target_column) for r in group]
            table = _stack(df, parts, ends, schema)
            props = tuple(
                PropertyColumn(k, f"p{i}", t) for i, (k, t) in enumerate(schema) if t != T.NULL
            )
            self.created.relationships.append(
                RelationshipTableSpec(table, "id", "src", "dst", rel_type, props)
            )


def _ids(df: DataFrame, id_arrays: list) -> DataFrame | None:
    """One row per id in any of the arrays of any row (column ``id``)."""
    if not id_arrays:
        return None
    return df.select(F.explode(F.flatten(F.array(*id_arrays))).alias("id"))


def _values(element, schema) -> list:
    from .representation import physical

    values = dict(element.values)
    return [physical(values[k].value, t) for k, t in schema]


def _property_columns(schema) -> tuple[PropertyColumn, ...]:
    return tuple(PropertyColumn(k, f"p{i}", t) for i, (k, t) in enumerate(schema) if t != T.NULL)


def _group_by_shape(elements, kind_of) -> dict:
    groups: dict = {}
    for element in elements:
        schema = tuple(sorted((k, t) for k, _, t in element.properties))
        groups.setdefault((kind_of(element), schema), []).append(element)
    return groups


def _stack(df: DataFrame, parts, ends, schema) -> DataFrame:
    """The rows of several created elements of one shape as one table (id, [src, dst],
    p0, p1, ...)."""
    structs = []
    for index, (id_column, by_key) in enumerate(parts):
        fields = [column(id_column).alias("id")]
        if ends:
            fields += [column(ends[index][0]).alias("src"), column(ends[index][1]).alias("dst")]
        fields += [column(by_key[k]).alias(f"p{i}") for i, (k, _) in enumerate(schema)]
        structs.append(F.struct(*fields))
    if len(structs) == 1:
        return df.select(F.inline(F.array(structs[0])))
    return df.select(F.inline(F.array(*structs)))


def _replace_columns(df: DataFrame, values: dict) -> DataFrame:
    if not values:
        return df
    return df.select(*[values[c].alias(c) if c in values else column(c) for c in df.columns])


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"
