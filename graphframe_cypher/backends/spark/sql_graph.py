"""The Spark side of ``SqlGraphSource``: graph tables built from the SQL views a Graph DDL
maps (``ddl/resolve.py`` says which view, column and join feeds what).

Ids are strings derived from the data, so they are the same in every run:
- a node's id is the JSON text ``{"node":"<labels>","k0":<key value>,...}``: its node type
  (sorted labels joined by ':') and its key values in key order, normalised like property
  values (integers of any width as BIGINT, floats and decimals as DOUBLE...);
- a relationship's id is ``{"rel":"<type>","row":"<sha256>","n":<i>}``: the hash of the view
  name, its endpoints' ids and its row's columns, ``n`` numbering rows that are equal in all
  of these (they are still distinct relationships).
Ids never contain the id-space tag separator (JSON escapes control characters), and never
look like the decimal numbers that elements created by queries get, so they never collide.

Endpoints: the edge view is joined with the START/END NODES view on the JOIN ON columns and
the endpoint id computed from the node view's key columns. When the JOIN ON columns are
exactly the node key, the id is computed from the edge columns directly (no join); edge rows
whose join columns are null are left out either way.

Everything stays lazy except :func:`check_unique_node_keys`, one aggregation whose tiny
result (at most a few offending keys) is collected.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import reduce

from pyspark.errors import AnalysisException
from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as ST

from ... import types as T
from ...ddl import ast as A
from ...ddl.resolve import (
    EndpointMapping,
    GraphDefinition,
    NodeMapping,
    PropertyMapping,
    RelationshipMapping,
    ResolvedDdl,
    ViewRef,
)
from ...errors import GraphError
from ...graph.model import GraphSchema, NodeTableSpec, PropertyColumn, RelationshipTableSpec
from .tables import cypher_type_of, normalized_column_sql

_TMP = "__ddl_"  # prefix of the helper columns added to view rows


# -- views and columns --------------------------------------------------------------------------


def view_table_name(view: ViewRef, data_sources: Mapping[str, str]) -> str:
    """The Spark table name of a DDL view: a data source listed in ``data_sources`` is that
    Spark catalog; any other data source name (``hive`` in ``SET SCHEMA hive.db``) is the
    session catalog."""
    parts = [view.schema, view.name] if view.schema is not None else [view.name]
    if view.data_source is not None and view.data_source in data_sources:
        parts.insert(0, data_sources[view.data_source])
    return ".".join(_quoted(p) for p in parts)


class _Views:
    """Reads each view once; finds columns by name (exactly, else ignoring case: Hive
    keeps column names in lower case)."""

    def __init__(self, spark: SparkSession, ddl: ResolvedDdl, data_sources: Mapping[str, str]):
        self.spark = spark
        self.ddl = ddl
        self.data_sources = data_sources
        self._frames: dict[tuple[str, ...], DataFrame] = {}

    def read(self, view: ViewRef) -> DataFrame:
        if view.parts not in self._frames:
            name = view_table_name(view, self.data_sources)
            try:
                self._frames[view.parts] = self.spark.table(name)
            except AnalysisException as error:
                reason = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
                raise self.ddl.error(
                    f"view {view} (Spark table {name}) does not exist or cannot be read: {reason}",
                    view.position,
                ) from None
        return self._frames[view.parts]

    def column(self, df: DataFrame, view: ViewRef, name: str, what: str, position) -> str:
        if name in df.columns:
            return name
        folded = [c for c in df.columns if c.lower() == name.lower()]
        if len(folded) == 1:
            return folded[0]
        raise self.ddl.error(
            f"view {view} has no column {name!r} ({what}); its columns are {', '.join(df.columns)}",
            position,
        )


# -- property values ----------------------------------------------------------------------------


def _value_sql(
    column: str, dtype: ST.DataType, declared: A.PropertyType
) -> tuple[str, T.CypherType] | None:
    """Spark SQL of a column's value as the declared property type, with its Cypher type;
    None when the column's type does not fit the declaration. Integers of any width fit
    INTEGER (so do decimals without fraction digits), and FLOAT takes integers, floats and
    decimals; Spark timestamps fit DATETIME (TIMESTAMP) or LOCALDATETIME (both kinds)."""
    quoted = _quoted(column)
    if isinstance(dtype, ST.NullType):
        return normalized_column_sql(column, dtype), T.NULL
    local = isinstance(dtype, ST.TimestampNTZType)
    if declared.name == "LOCALDATETIME" or (declared.name == "ANY" and local):
        if local or isinstance(dtype, ST.TimestampType):
            return _local_datetime_sql(quoted, dtype), T.LOCALDATETIME
        return None
    if local:
        return None
    if declared.name == "INTEGER" and isinstance(dtype, ST.DecimalType) and dtype.scale == 0:
        return f"CAST({quoted} AS BIGINT)", T.INTEGER
    actual = cypher_type_of(dtype, f"column {column!r}")
    if declared.name == "FLOAT" and actual == T.INTEGER:
        return f"CAST({quoted} AS DOUBLE)", T.FLOAT
    if not _fits(declared, actual):
        return None
    return normalized_column_sql(column, dtype), actual


def _fits(declared: A.PropertyType, actual: T.CypherType) -> bool:
    if declared.name == "ANY" or actual == T.NULL:
        return True
    if declared.name == "NUMBER":
        return actual in (T.INTEGER, T.FLOAT)
    if declared.name == "LIST":
        return isinstance(actual, T.ListType) and (
            declared.element is None or _fits(declared.element, actual.element)
        )
    return declared.name == actual.name


def _local_datetime_sql(quoted: str, dtype: ST.DataType) -> str:
    # a TIMESTAMP (an instant) shows its wall-clock time in the session time zone
    local = quoted if isinstance(dtype, ST.TimestampNTZType) else f"CAST({quoted} AS TIMESTAMP_NTZ)"
    micros = f"timestampdiff(MICROSECOND, TIMESTAMP_NTZ'1970-01-01 00:00:00', {local})"
    return (
        f"CASE WHEN {quoted} IS NOT NULL THEN named_struct("
        f"'epochSecond', CAST(floor({micros} / 1000000) AS BIGINT), "
        f"'nano', CAST(pmod({micros}, 1000000) * 1000 AS INT)) END"
    )


class _MappedColumns:
    """The value expressions of a mapping's properties over one view."""

    def __init__(self, views: _Views, df: DataFrame, view: ViewRef, owner: str):
        self.views, self.df, self.view, self.owner = views, df, view, owner

    def value(self, prop: PropertyMapping, column: str | None = None, dtype=None):
        """(SQL, Cypher type) of ``prop`` read from its column (or ``column`` of ``dtype``)."""
        if column is None:
            what = f"property {prop.key!r} of {self.owner}"
            column = self.views.column(self.df, self.view, prop.column, what, prop.position)
            dtype = self.df.schema[column].dataType
        try:
            value = _value_sql(column, dtype, prop.type)
        except GraphError as error:  # a column type no property can have
            raise self.views.ddl.error(
                f"view {self.view}: {error.message} (property {prop.key!r} of {self.owner})",
                prop.position,
            ) from None
        if value is None:
            raise self.views.ddl.error(
                f"column {prop.column!r} of view {self.view} has type {dtype.simpleString()}, "
                f"which does not fit property {prop.key!r} of {self.owner}, declared {prop.type}",
                prop.position,
            )
        return value

    def properties(self, mappings) -> tuple[list[Column], tuple[PropertyColumn, ...]]:
        columns, props = [], []
        for i, prop in enumerate(mappings):
            sql, ctype = self.value(prop)
            columns.append(F.expr(sql).alias(f"p{i}"))
            props.append(PropertyColumn(prop.key, f"p{i}", ctype))
        return columns, tuple(props)


def _node_id(type_name: str, key_values: list[Column]) -> Column:
    fields = [F.lit(type_name).alias("node")]
    fields += [value.alias(f"k{i}") for i, value in enumerate(key_values)]
    return F.to_json(F.struct(*fields))


# -- nodes --------------------------------------------------------------------------------------


def _node_table(views: _Views, mapping: NodeMapping) -> NodeTableSpec:
    df = views.read(mapping.view)
    mapped = _MappedColumns(views, df, mapping.view, f"node type {mapping.node_type}")
    key = [F.expr(mapped.value(p)[0]) for p in mapping.key_columns]
    columns, props = mapped.properties(mapping.properties)
    table = df.select(_node_id(mapping.node_type.name, key).alias("id"), *columns)
    return NodeTableSpec(table, "id", mapping.node_type.labels, props)


def check_unique_node_keys(ddl: ResolvedDdl, graph: GraphDefinition, tables) -> None:
    """Raises when two views (or two rows of one view) yield the same key for one node
    type. One distributed aggregation; at most three offending keys reach the driver."""
    if not tables:
        return
    frames = [
        spec.source.select("id", F.lit(str(mapping.view)).alias("view"))
        for mapping, spec in zip(graph.node_mappings, tables, strict=True)
    ]
    union = reduce(DataFrame.unionAll, frames)
    clashes = (
        union.groupBy("id")
        .agg(F.count(F.lit(1)).alias("rows"), F.sort_array(F.collect_set("view")).alias("views"))
        .filter(F.col("rows") > 1)
        .limit(3)
        .collect()
    )
    if not clashes:
        return
    row = clashes[0]
    node_type, key = _key_text(graph, row["id"])
    where = [m for m in graph.node_mappings if str(m.view) in row["views"]]
    where = [m for m in where if m.node_type.name == json.loads(row["id"]).get("node")] or where
    lines = " and ".join(f"line {m.position.line}" for m in where)
    if len(row["views"]) > 1:
        message = (
            f"views {' and '.join(row['views'])} both yield node type {node_type} with key "
            f"{key} (mapped at {lines}): the views of a node type must hold different keys"
        )
    else:
        message = (
            f"view {row['views'][0]} has {row['rows']} rows with key {key} of node type "
            f"{node_type} (mapped at {lines}): a key must identify one row (declare a KEY, "
            "or make the view's rows distinct)"
        )
    raise ddl.error(message, where[0].position if where else None)


def _mapping_of(graph: GraphDefinition, node_id: str) -> NodeMapping | None:
    type_name = json.loads(node_id).get("node")
    return next((m for m in graph.node_mappings if m.node_type.name == type_name), None)


def _key_text(graph: GraphDefinition, node_id: str) -> tuple[str, str]:
    decoded = json.loads(node_id)
    mapping = _mapping_of(graph, node_id)
    if mapping is None:
        return decoded.get("node", "?"), node_id
    keys = mapping.node_type.key
    values = ", ".join(f"{k}: {json.dumps(decoded.get(f'k{i}'))}" for i, k in enumerate(keys))
    return str(mapping.node_type), "{" + values + "}"


# -- relationships ------------------------------------------------------------------------------


def _endpoint_ids(
    views: _Views, edge: DataFrame, rel: RelationshipMapping, end: EndpointMapping, tag: str
):
    """``edge`` with the endpoint's node id in column ``__ddl_<tag>``."""
    node = end.node_mapping
    node_df = views.read(node.view)
    owner = f"node type {node.node_type}"
    pairs = []
    for join in end.join:
        node_col = views.column(node_df, node.view, join.node_column, "in JOIN ON", join.position)
        edge_col = views.column(edge, rel.view, join.edge_column, "in JOIN ON", join.position)
        pairs.append((node_col, edge_col))
    mapped = _MappedColumns(views, node_df, node.view, owner)
    key_columns = [
        views.column(node_df, node.view, p.column, f"key of {owner}", p.position)
        for p in node.key_columns
    ]
    id_column = f"{_TMP}{tag}"
    edge_of = {n.lower(): e for n, e in pairs}
    if len(pairs) == len(key_columns) and {n.lower() for n, _ in pairs} == {
        c.lower() for c in key_columns
    }:
        # The JOIN ON columns are the node key: the id comes from the edge row itself.
        values, helpers = [], []
        for i, (prop, column) in enumerate(zip(node.key_columns, key_columns, strict=True)):
            dtype = node_df.schema[column].dataType
            helper = f"{_TMP}{tag}{i}"
            edge_value = F.col(_quoted(edge_of[column.lower()])).try_cast(dtype)
            edge = edge.withColumn(helper, edge_value)
            values.append(F.expr(mapped.value(prop, helper, dtype)[0]))
            helpers.append(helper)
        # like the inner join: edge rows whose key is null (or not of the key's type) go
        present = reduce(Column.__and__, [F.col(h).isNotNull() for h in helpers])
        return (
            edge.filter(present)
            .withColumn(id_column, _node_id(node.node_type.name, values))
            .drop(*helpers)
        )
    key = [F.expr(mapped.value(p)[0]) for p in node.key_columns]
    joined = [F.col(_quoted(n)).alias(f"{_TMP}{tag}j{i}") for i, (n, _) in enumerate(pairs)]
    node_side = node_df.select(*joined, _node_id(node.node_type.name, key).alias(id_column))
    condition = reduce(
        Column.__and__,
        [F.col(_quoted(e)) == F.col(f"{_TMP}{tag}j{i}") for i, (_, e) in enumerate(pairs)],
    )
    out = edge.join(node_side, condition, "inner")
    return out.drop(*[f"{_TMP}{tag}j{i}" for i in range(len(pairs))])


def _relationship_table(views: _Views, mapping: RelationshipMapping) -> RelationshipTableSpec:
    edge = views.read(mapping.view)
    rel_type = mapping.relationship_type
    mapped = _MappedColumns(views, edge, mapping.view, f"relationship type {rel_type}")
    columns, props = mapped.properties(mapping.properties)
    row_columns = [F.col(_quoted(c)) for c in edge.columns]
    rows = _endpoint_ids(views, edge, mapping, mapping.start, "src")
    rows = _endpoint_ids(views, rows, mapping, mapping.end, "dst")
    src, dst = F.col(f"{_TMP}src"), F.col(f"{_TMP}dst")
    row_text = F.to_json(
        F.struct(F.lit(str(mapping.view)).alias(f"{_TMP}view"), src, dst, *row_columns)
    )
    hashed = rows.withColumn(f"{_TMP}row", F.sha2(row_text, 256))
    number = F.row_number().over(Window.partitionBy(f"{_TMP}row").orderBy(f"{_TMP}row"))
    rel_id = F.to_json(
        F.struct(
            F.lit(rel_type.rel_type).alias("rel"),
            F.col(f"{_TMP}row").alias("row"),
            number.alias("n"),
        )
    )
    table = hashed.select(rel_id.alias("id"), src.alias("src"), dst.alias("dst"), *columns)
    return RelationshipTableSpec(table, "id", "src", "dst", rel_type.rel_type, props)


# -- graphs -------------------------------------------------------------------------------------


def graph_tables(
    spark: SparkSession, ddl: ResolvedDdl, graph: GraphDefinition, data_sources: Mapping[str, str]
) -> GraphSchema:
    """The (lazy) tables of one DDL graph. Checks that every view and column exists and fits
    its declared type (Spark analyses the plans, no job runs)."""
    views = _Views(spark, ddl, data_sources)
    nodes = tuple(_node_table(views, m) for m in graph.node_mappings)
    rels = tuple(_relationship_table(views, m) for m in graph.relationship_mappings)
    return GraphSchema(nodes, rels, T.STRING)


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"
