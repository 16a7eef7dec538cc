"""Turns users' NodeTable/RelationshipTable (Spark DataFrames) into graph table specs,
inferring each property's Cypher type from the DataFrame's schema."""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as ST

from ... import types as T
from ...api.tables import NodeTable, RelationshipTable, property_columns
from ...errors import GraphError
from ...graph.model import GraphSchema, NodeTableSpec, PropertyColumn, RelationshipTableSpec

_SCALARS = {
    ST.BooleanType: T.BOOLEAN,
    ST.ByteType: T.INTEGER,
    ST.ShortType: T.INTEGER,
    ST.IntegerType: T.INTEGER,
    ST.LongType: T.INTEGER,
    ST.FloatType: T.FLOAT,
    ST.DoubleType: T.FLOAT,
    ST.DecimalType: T.FLOAT,
    ST.StringType: T.STRING,
    ST.VarcharType: T.STRING,
    ST.CharType: T.STRING,
    ST.DateType: T.DATE,
    ST.TimestampType: T.DATETIME,
    ST.TimestampNTZType: T.LOCALDATETIME,
    ST.NullType: T.NULL,
}

_INTEGRAL = (ST.ByteType, ST.ShortType, ST.IntegerType, ST.LongType)


def cypher_type_of(dtype: ST.DataType, where: str) -> T.CypherType:
    for spark_cls, ctype in _SCALARS.items():
        if isinstance(dtype, spark_cls):
            return ctype
    if isinstance(dtype, ST.ArrayType):
        return T.ListType(cypher_type_of(dtype.elementType, where))
    raise GraphError(f"{where}: columns of type {dtype.simpleString()} cannot be properties")


def normalized_column_sql(column: str, dtype: ST.DataType) -> str:
    """Spark SQL text for a column converted to its Cypher representation."""
    quoted = "`" + column.replace("`", "``") + "`"
    if isinstance(dtype, _INTEGRAL):
        return f"CAST({quoted} AS BIGINT)"
    if isinstance(dtype, (ST.FloatType, ST.DecimalType)):
        return f"CAST({quoted} AS DOUBLE)"
    # Spark dates and timestamps become the exact temporal structs (temporal_repr.py)
    if isinstance(dtype, ST.DateType):
        return (
            f"CASE WHEN {quoted} IS NOT NULL THEN "
            f"named_struct('epochDay', CAST(unix_date({quoted}) AS BIGINT)) END"
        )
    if isinstance(dtype, ST.TimestampType):
        micros = f"unix_micros({quoted})"
        return (
            f"CASE WHEN {quoted} IS NOT NULL THEN named_struct("
            f"'epochSecond', CAST(floor({micros} / 1000000) AS BIGINT), "
            f"'nano', CAST(pmod({micros}, 1000000) * 1000 AS INT), "
            f"'offsetSeconds', 0, 'zone', '') END"
        )
    if isinstance(dtype, ST.TimestampNTZType):
        # a wall-clock time: its microseconds from the local epoch, no time zone involved
        micros = f"timestampdiff(MICROSECOND, TIMESTAMP_NTZ'1970-01-01 00:00:00', {quoted})"
        return (
            f"CASE WHEN {quoted} IS NOT NULL THEN named_struct("
            f"'epochSecond', CAST(floor({micros} / 1000000) AS BIGINT), "
            f"'nano', CAST(pmod({micros}, 1000000) * 1000 AS INT)) END"
        )
    return quoted


def _require_columns(df: DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise GraphError(
            f"{what}: no column {', '.join(repr(c) for c in missing)} "
            f"(the table has {', '.join(df.columns)})"
        )


def _id_kind(dtype: ST.DataType, where: str) -> T.CypherType:
    if isinstance(dtype, _INTEGRAL):
        return T.INTEGER
    if isinstance(dtype, ST.StringType):
        return T.STRING
    raise GraphError(f"{where}: ids must be integer or string columns, not {dtype.simpleString()}")


def build_schema(tables) -> GraphSchema:
    """The graph schema of the user's tables. Ids are global: when any table uses string ids
    every id is compared as a string."""
    nodes = [t for t in tables if isinstance(t, NodeTable)]
    rels = [t for t in tables if isinstance(t, RelationshipTable)]
    others = [t for t in tables if not isinstance(t, (NodeTable, RelationshipTable))]
    if others:
        raise GraphError(
            f"read_from expects NodeTable and RelationshipTable, got {type(others[0]).__name__}"
        )
    id_kinds = set()
    for t in nodes:
        _require_columns(t.df, [t.id], f"NodeTable {sorted(t.label_set)}")
        id_kinds.add(_id_kind(t.df.schema[t.id].dataType, f"NodeTable {sorted(t.label_set)}"))
    for t in rels:
        where = f"RelationshipTable {t.type!r}"
        _require_columns(t.df, [t.id, t.source, t.target], where)
        for c in (t.id, t.source, t.target):
            id_kinds.add(_id_kind(t.df.schema[c].dataType, where))
    id_type = T.STRING if T.STRING in id_kinds else T.INTEGER
    spark_id = ST.StringType() if id_type == T.STRING else ST.LongType()
    node_specs = tuple(_node_spec(t, spark_id) for t in nodes)
    rel_specs = tuple(_rel_spec(t, spark_id) for t in rels)
    return GraphSchema(node_specs, rel_specs, id_type)


def _by_position(df: DataFrame) -> tuple[DataFrame, dict[str, str]]:
    """``df`` with its columns renamed ``c0, c1, ...`` by position, and the new name of each
    original one: the user's column names are then read exactly (``Name`` and ``name`` are
    two columns even when Spark folds case) and never enter SQL text."""
    renamed = df.toDF(*[f"c{i}" for i in range(len(df.columns))])
    positions: dict[str, str] = {}
    for i, name in enumerate(df.columns):
        positions.setdefault(name, f"c{i}")
    return renamed, positions


def _properties(
    df: DataFrame, positions: dict[str, str], reserved, properties, where
) -> tuple[list[str], tuple[PropertyColumn, ...]]:
    pairs = property_columns(df.columns, reserved, properties)
    _require_columns(df, [c for c, _ in pairs], where)
    exprs, props = [], []
    for i, (column, key) in enumerate(pairs):
        dtype = df.schema[column].dataType
        exprs.append(F.expr(normalized_column_sql(positions[column], dtype)).alias(f"p{i}"))
        props.append(PropertyColumn(key, f"p{i}", cypher_type_of(dtype, f"{where}.{column}")))
    return exprs, tuple(props)


def _ids(positions: dict[str, str], columns: dict[str, str], id_type) -> list[Column]:
    """The id columns (``{engine name: user column}``) cast to the graph's id type."""
    return [F.col(positions[c]).cast(id_type).alias(name) for name, c in columns.items()]


def _node_spec(t: NodeTable, id_type) -> NodeTableSpec:
    where = f"NodeTable {sorted(t.label_set)}"
    df, positions = _by_position(t.df)
    exprs, props = _properties(t.df, positions, t.reserved_columns, t.properties, where)
    selected = df.select(*_ids(positions, {"id": t.id}, id_type), *exprs)
    return NodeTableSpec(selected, "id", t.label_set, props)


def _rel_spec(t: RelationshipTable, id_type) -> RelationshipTableSpec:
    where = f"RelationshipTable {t.type!r}"
    if not t.type:
        raise GraphError(f"{where}: a relationship table needs a type")
    df, positions = _by_position(t.df)
    exprs, props = _properties(t.df, positions, t.reserved_columns, t.properties, where)
    ids = _ids(positions, {"id": t.id, "src": t.source, "dst": t.target}, id_type)
    selected = df.select(*ids, *exprs)
    return RelationshipTableSpec(selected, "id", "src", "dst", t.type, props)
