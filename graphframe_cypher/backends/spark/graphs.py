"""Graph-level DataFrame operations: retagging ids into a query's id spaces, the union of
graphs, and the tables of a graph a CONSTRUCT builds (see ``graph/identity.py`` and
``relational/construct.py``). Everything stays a lazy DataFrame transformation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import reduce

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from ... import types as T
from ...errors import GraphError
from ...graph.identity import STRING_TAG_SEPARATOR, TAG_SHIFT, IdSpaces, shared_spaces
from ...graph.model import GraphSchema, NodeTableSpec, PropertyColumn, RelationshipTableSpec

# -- retagging ------------------------------------------------------------------------------


def retag_schema(schema: GraphSchema, retag: Mapping[int, int]) -> GraphSchema:
    """``schema`` with every id (element ids and relationship endpoints) moved from tag
    ``old`` to ``retag[old]``."""
    if not retag:
        return schema
    string_ids = schema.id_type == T.STRING
    nodes = tuple(
        replace(t, source=_retag_columns(t.source, [t.id_column], retag, string_ids))
        for t in schema.node_tables
    )
    rels = tuple(
        replace(
            t,
            source=_retag_columns(
                t.source, [t.id_column, t.source_column, t.target_column], retag, string_ids
            ),
        )
        for t in schema.relationship_tables
    )
    return GraphSchema(nodes, rels, schema.id_type)


def _retag_columns(df: DataFrame, columns: Sequence[str], retag, string_ids: bool) -> DataFrame:
    rewrite = _retag_string if string_ids else _retag_integer
    return df.select(
        *[rewrite(_col(c), retag).alias(c) if c in columns else _col(c) for c in df.columns]
    )


def _retag_integer(id_: Column, retag: Mapping[int, int]) -> Column:
    # XOR with (old ^ new) << shift swaps the tag bits and leaves the rest: a bijection.
    tag = F.shiftright(id_, TAG_SHIFT)
    result = id_
    for old, new in sorted(retag.items()):
        moved = id_.bitwiseXOR(F.lit((old ^ new) << TAG_SHIFT))
        result = F.when(tag == F.lit(old), moved).otherwise(result)
    return result


def string_tag_prefix(tag: int) -> str:
    return "" if tag == 0 else f"{tag}{STRING_TAG_SEPARATOR}"


def _retag_string(id_: Column, retag: Mapping[int, int]) -> Column:
    tagged = F.instr(id_, STRING_TAG_SEPARATOR) > 0
    tag = F.when(tagged, F.substring_index(id_, STRING_TAG_SEPARATOR, 1)).otherwise(F.lit("0"))
    local = F.when(tagged, F.substring_index(id_, STRING_TAG_SEPARATOR, -1)).otherwise(id_)
    result = id_
    for old, new in sorted(retag.items()):
        moved = F.concat(F.lit(string_tag_prefix(new)), local)
        result = F.when(tag == F.lit(str(old)), moved).otherwise(result)
    return result


# -- union ----------------------------------------------------------------------------------


def union_schemas(graphs: Sequence[tuple[GraphSchema, IdSpaces]]) -> GraphSchema:
    """The union of graphs already retagged into one set of tags. A graph sharing an id
    space with an earlier one may hold the same elements: those are kept once (from the
    earlier graph)."""
    if not graphs:
        return GraphSchema()
    id_type = require_same_id_type([schema for schema, _ in graphs])
    nodes: list[NodeTableSpec] = []
    rels: list[RelationshipTableSpec] = []
    for index, (schema, spaces) in enumerate(graphs):
        earlier = [g for g, s in graphs[:index] if shared_spaces(spaces, s)]
        node_ids = _ids([t for g in earlier for t in g.node_tables])
        rel_ids = _ids([t for g in earlier for t in g.relationship_tables])
        nodes += [_without(t, node_ids) for t in schema.node_tables]
        rels += [_without(t, rel_ids) for t in schema.relationship_tables]
    return GraphSchema(tuple(nodes), tuple(rels), id_type)


def require_same_id_type(schemas: Sequence[GraphSchema]) -> T.CypherType:
    kinds = {s.id_type for s in schemas if s.node_tables or s.relationship_tables}
    if len(kinds) > 1:
        raise GraphError(
            "graphs with integer ids and graphs with string ids cannot be combined: "
            "read them with ids of one kind"
        )
    return kinds.pop() if kinds else (schemas[0].id_type if schemas else T.INTEGER)


def _ids(tables) -> DataFrame | None:
    frames = [t.source.select(_col(t.id_column).alias("id")) for t in tables]
    return reduce(DataFrame.unionAll, frames) if frames else None


def _without(table, ids: DataFrame | None):
    """``table`` without the elements whose ids are in ``ids``."""
    if ids is None:
        return table
    kept = table.source.join(ids, table.source[_quoted(table.id_column)] == ids["id"], "left_anti")
    return replace(table, source=kept)


# -- CONSTRUCT --------------------------------------------------------------------------------


def build_graph(executor, op) -> tuple[DataFrame, GraphSchema]:
    """The graph of a relational BuildGraph: its base graphs, with the built elements
    (which replace base elements of the same id). Returns the (row-less) output too."""
    df = executor.run_reused(op.input)
    base = union_schemas(op.base)
    id_type = op.id_type
    node_tables: list = []
    rel_tables: list = []
    node_ids = None
    if op.nodes is not None:
        built = _element_rows(executor, df, op.nodes)
        node_ids = built.select("id") if op.nodes.clones else None
        node_tables = _split_nodes(built, op.nodes)
    nodes = [_without(t, node_ids) for t in base.node_tables] + node_tables
    rel_ids = None
    if op.relationships is not None:
        built = _element_rows(executor, df, op.relationships)
        if op.relationships.check_endpoints:
            built = _with_endpoints_in(built, _ids(nodes))
        rel_tables = _split_relationships(built, op.relationships)
        rel_ids = built.select("id") if op.relationships.clones else None
    rels = [_without(t, rel_ids) for t in base.relationship_tables] + rel_tables
    return df.select().limit(0), GraphSchema(tuple(nodes), tuple(rels), id_type)


def _element_rows(executor, df: DataFrame, rows) -> DataFrame:
    """One row per built element: the parts' rows in one layout, one row per id (an
    element built from several rows or variables with different SET values keeps one)."""
    names = rows.column_names()
    frames = [
        df.select(*[_built_column(executor, e, n) for n, e in zip(names, part, strict=True)])
        for part in rows.parts
    ]
    union = reduce(DataFrame.unionAll, frames)
    # Every table of the graph filters these rows: computed once, when first needed (and
    # released with the graph), not once per table a query or a store reads.
    return union.filter(F.col("id").isNotNull()).dropDuplicates(["id"]).localCheckpoint(eager=False)


def _built_column(executor, expr, name: str) -> Column:
    column = executor.compiler.compile(expr)
    if name in ("id", "src", "dst") and executor.ctx.id_type.typeName() == "string":
        # New elements get integer ids from the CREATE machinery (tag bits included):
        # as strings they are decimal numbers, distinct from each other; they collide
        # only with a string id that is the same large number.
        column = column.cast("string")
    return column.alias(name)


def _split_nodes(built: DataFrame, rows) -> list[NodeTableSpec]:
    tables = []
    key_index = {key: i for i, (key, _) in enumerate(rows.keys)}
    for labels, keys in rows.tables:
        exact = [
            F.col(f"l{i}") if label in labels else ~F.col(f"l{i}")
            for i, label in enumerate(rows.labels)
        ]
        selected = built.filter(reduce(lambda a, b: a & b, exact)) if exact else built
        table, props = _table(selected, ["id"], keys, key_index, rows.keys)
        tables.append(NodeTableSpec(table, "id", frozenset(labels), props))
    return tables


def _split_relationships(built: DataFrame, rows) -> list[RelationshipTableSpec]:
    tables = []
    key_index = {key: i for i, (key, _) in enumerate(rows.keys)}
    for rel_type, keys in rows.tables:
        selected = built.filter(F.col("type") == F.lit(rel_type))
        table, props = _table(selected, ["id", "src", "dst"], keys, key_index, rows.keys)
        tables.append(RelationshipTableSpec(table, "id", "src", "dst", rel_type, props))
    return tables


def _table(df: DataFrame, fixed, keys, key_index, all_keys):
    props = tuple(
        PropertyColumn(key, f"p{key_index[key]}", all_keys[key_index[key]][1]) for key in keys
    )
    return df.select(*fixed, *[p.column for p in props]), props


def _with_endpoints_in(rels: DataFrame, node_ids: DataFrame | None) -> DataFrame:
    """Relationships point at nodes of the graph they are in: copies whose endpoints were
    not built are left out."""
    if node_ids is None:
        return rels.limit(0)
    for end in ("src", "dst"):
        rels = rels.join(node_ids.withColumnRenamed("id", end), end, "left_semi")
    return rels


def _col(name: str) -> Column:
    return F.col(_quoted(name))


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"
