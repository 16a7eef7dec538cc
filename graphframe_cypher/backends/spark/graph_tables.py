"""A graph <-> the tables it is stored as (the DataFrame side of ``sources/layout.py``).

Writing: node tables are regrouped by the *exact* label set of their nodes (a table whose
nodes carry optional labels is split with filters, one part per label combination that
occurs), relationship tables by type; the parts of one group are unioned with their
property types joined (``cast_to``, the engine's own conversions). Columns get safe names;
values a format cannot hold natively are stored as JSON text (``to_json``) and decoded with
``from_json`` on reading, as the schema file says. Everything is a DataFrame operation:
the only thing the driver sees is which optional-label combinations occur.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import reduce

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as ST

from ... import types as T
from ...graph.identity import IdSpace
from ...graph.model import GraphSchema, NodeTableSpec, PropertyColumn, RelationshipTableSpec
from ...sources.layout import (
    ID_COLUMN,
    BY_TARGET_SUFFIX,
    NODE_BUCKET_COLUMN,
    RELATIONSHIP_BUCKET_COLUMN,
    SOURCE_COLUMN,
    TARGET_COLUMN,
    GraphLayout,
    StoredColumn,
    StoredTable,
    column_name,
    contains_null_type,
    is_composite,
    table_name,
)
from .representation import ReprContext, cast_to, spark_type

# write_table(table name, DataFrame, column to bucket by) stores one table of the version
# being written.
TableWriter = Callable[[str, DataFrame, str], None]
# read_table(table name, the Spark schema it was stored with) gives it back.
TableReader = Callable[[str, ST.StructType], DataFrame]


@dataclass(frozen=True)
class _Part:
    """Rows of one source table going to one stored table: the DataFrame, its key columns
    (id, or id/source/target) in stored order, and its properties."""

    df: DataFrame
    keys: tuple[str, ...]
    properties: tuple[PropertyColumn, ...]


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _col(name: str) -> Column:
    return F.col(_quoted(name))


def _context(id_type: T.CypherType) -> ReprContext:
    return ReprContext(ST.StringType() if id_type == T.STRING else ST.LongType())


# -- writing --------------------------------------------------------------------------------


def write_graph(
    graph, write_table: TableWriter, native_nested: bool, copy_by_target: bool = False
) -> GraphLayout:
    """Writes ``graph``'s tables with ``write_table`` and returns the schema file that
    describes them. ``native_nested``: the format holds structs and arrays (Parquet, ORC,
    Hive); otherwise composite values are stored as JSON text (CSV). ``copy_by_target``:
    each relationship table is written a second time, bucketed by target."""
    schema: GraphSchema = graph.schema
    ctx = _context(schema.id_type)
    nodes = []
    for i, (labels, parts) in enumerate(_sorted_groups(_node_groups(schema))):
        name = table_name("n", i, labels)
        writer = _bucketed_by(write_table, NODE_BUCKET_COLUMN)
        columns = _write_group(name, parts, (ID_COLUMN,), writer, native_nested, ctx)
        nodes.append(StoredTable(name, columns, labels=tuple(sorted(labels))))
    rels = []
    for i, (rel_type, parts) in enumerate(_sorted_groups(_relationship_groups(schema))):
        name = table_name("r", i, [rel_type])
        keys = (ID_COLUMN, SOURCE_COLUMN, TARGET_COLUMN)
        writers = [(name, _bucketed_by(write_table, RELATIONSHIP_BUCKET_COLUMN))]
        by_target = name + BY_TARGET_SUFFIX if copy_by_target else None
        if by_target:
            writers.append((by_target, _bucketed_by(write_table, TARGET_COLUMN)))
        for table, writer in writers:
            columns = _write_group(table, parts, keys, writer, native_nested, ctx)
        rels.append(StoredTable(name, columns, rel_type=rel_type, by_target=by_target))
    return GraphLayout(
        id_type=schema.id_type,
        next_id=graph.next_id,
        id_tags=tuple(sorted(graph.id_spaces)),
        node_tables=tuple(nodes),
        relationship_tables=tuple(rels),
    )


def _bucketed_by(write_table: TableWriter, column: str):
    return lambda name, df: write_table(name, df, column)


def _sorted_groups(groups: dict) -> list:
    def order(item):
        key = item[0]
        return sorted(key) if isinstance(key, frozenset) else [key]

    return sorted(groups.items(), key=order)


def _node_groups(schema: GraphSchema) -> dict[frozenset[str], list[_Part]]:
    groups: dict[frozenset[str], list[_Part]] = {}
    for table in schema.node_tables:
        for labels, df in _exact_label_parts(table):
            part = _Part(df, (table.id_column,), table.properties)
            groups.setdefault(labels, []).append(part)
    return groups


def _exact_label_parts(table: NodeTableSpec) -> list[tuple[frozenset[str], DataFrame]]:
    """The table's rows split by the exact label set of their nodes. Which combinations of
    optional labels occur is a tiny aggregate (at most 2**k rows of k flags)."""
    if not table.optional_labels:
        return [(table.labels, table.source)]
    flags = [F.coalesce(_col(column), F.lit(False)) for _, column in table.optional_labels]
    combos = table.source.select(*(f.alias(f"f{i}") for i, f in enumerate(flags))).distinct()
    parts = []
    for row in sorted(combos.collect(), key=tuple):
        labels = table.labels | {
            label for (label, _), on in zip(table.optional_labels, row, strict=True) if on
        }
        condition = reduce(
            lambda a, b: a & b,
            (flag if on else ~flag for flag, on in zip(flags, row, strict=True)),
        )
        parts.append((frozenset(labels), table.source.filter(condition)))
    return parts


def _relationship_groups(schema: GraphSchema) -> dict[str, list[_Part]]:
    groups: dict[str, list[_Part]] = {}
    for table in schema.relationship_tables:
        keys = (table.id_column, table.source_column, table.target_column)
        groups.setdefault(table.rel_type, []).append(_Part(table.source, keys, table.properties))
    return groups


def _write_group(
    name: str,
    parts: list[_Part],
    key_names: tuple[str, ...],
    write_table: Callable[[str, DataFrame], None],
    native_nested: bool,
    ctx: ReprContext,
) -> tuple[StoredColumn, ...]:
    """Unions the parts of one stored table (property types joined) and writes it."""
    types: dict[str, T.CypherType] = {}
    for part in parts:
        for prop in part.properties:
            types[prop.key] = T.join(types[prop.key], prop.type) if prop.key in types else prop.type
    columns = tuple(
        _stored_column(i, key, ptype, native_nested)
        for i, (key, ptype) in enumerate(sorted(types.items()))
    )
    frames = [_part_frame(part, key_names, columns, ctx) for part in parts]
    write_table(name, reduce(DataFrame.unionByName, frames))
    return columns


def _stored_column(index: int, key: str, ptype: T.CypherType, native_nested: bool):
    if ptype == T.NULL:
        return StoredColumn(key, None, ptype)
    as_json = contains_null_type(ptype) or (not native_nested and is_composite(ptype))
    return StoredColumn(key, column_name(index, key), ptype, as_json)


def _part_frame(part: _Part, key_names, columns, ctx: ReprContext) -> DataFrame:
    own = {p.key: p for p in part.properties}
    id_type = ctx.id_type
    selected = [_col(c).cast(id_type).alias(k) for c, k in zip(part.keys, key_names, strict=True)]
    for stored in columns:
        if stored.column is None:
            continue
        prop = own.get(stored.key)
        if prop is None:
            value = F.lit(None).cast(spark_type(stored.type, ctx))
        else:
            value = cast_to(_col(prop.column), prop.type, stored.type, ctx)
        selected.append((F.to_json(value) if stored.json else value).alias(stored.column))
    return part.df.select(*selected)


# -- reading --------------------------------------------------------------------------------


def stored_schema(table: StoredTable, id_type: T.CypherType) -> ST.StructType:
    """The Spark schema a stored table was written with."""
    ctx = _context(id_type)
    keys = (ID_COLUMN,) if table.is_node_table else (ID_COLUMN, SOURCE_COLUMN, TARGET_COLUMN)
    fields = [ST.StructField(k, ctx.id_type) for k in keys]
    for stored in table.properties:
        if stored.column is not None:
            dtype = ST.StringType() if stored.json else spark_type(stored.type, ctx)
            fields.append(ST.StructField(stored.column, dtype))
    return ST.StructType(fields)


def read_graph(session, layout: GraphLayout, read_table: TableReader, origin: str):
    """The graph a schema file describes, its tables read with ``read_table``. Its ids get
    one new id space per stored tag (``origin`` names them in messages)."""
    from ...api.graph import PropertyGraph

    ctx = _context(layout.id_type)
    nodes = []
    for table in layout.node_tables:
        df, props = _read_table(table, layout.id_type, read_table, (ID_COLUMN,), ctx)
        nodes.append(NodeTableSpec(df, ID_COLUMN, frozenset(table.labels), props))
    rels = []
    for table in layout.relationship_tables:
        keys = (ID_COLUMN, SOURCE_COLUMN, TARGET_COLUMN)
        df, props = _read_table(table, layout.id_type, read_table, keys, ctx)
        by_target = None
        if table.by_target:
            copy = replace(table, table=table.by_target)
            by_target, _ = _read_table(copy, layout.id_type, read_table, keys, ctx)
        rels.append(
            RelationshipTableSpec(
                df, ID_COLUMN, SOURCE_COLUMN, TARGET_COLUMN, table.rel_type, props, by_target
            )
        )
    schema = GraphSchema(tuple(nodes), tuple(rels), layout.id_type)
    spaces = {tag: IdSpace(origin) for tag in layout.id_tags}
    return PropertyGraph(session, schema, layout.next_id, spaces)


def _read_table(table: StoredTable, id_type, read_table: TableReader, keys, ctx):
    df = read_table(table.table, stored_schema(table, id_type))
    selected = [_col(k).cast(ctx.id_type).alias(k) for k in keys]
    props = []
    for i, stored in enumerate(table.properties):
        name = f"p{i}"
        dtype = spark_type(stored.type, ctx)
        if stored.column is None:
            value = F.lit(None)
        elif stored.json:
            value = F.from_json(_col(stored.column), dtype)
        else:
            value = _col(stored.column)
        selected.append(value.alias(name))
        props.append(PropertyColumn(stored.key, name, stored.type))
    return df.select(*selected), tuple(props)
