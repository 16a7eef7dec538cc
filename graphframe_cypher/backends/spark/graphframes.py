"""GraphFrames' pair of DataFrames as a graph's tables: vertices with an ``id`` column,
edges with ``src`` and ``dst`` (and often no id of their own).

Labels and relationship types come from a constant or from a column; a column's distinct
values (few: labels, label lists or types) are read with one Spark job each, and every value
becomes one node or relationship table filtered from the input. Edges without ids get ids
numbered by ``monotonically_increasing_id``; the numbered edges are checkpointed (in the
executors, when first computed) so that an edge keeps its id in every query on the graph.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as ST

from ... import portable as P
from ...api.tables import NodeTable, RelationshipTable
from ...errors import GraphError

GENERATED_EDGE_ID = "_edge_id"


def graphframe_tables(
    vertices: DataFrame,
    edges: DataFrame | None,
    *,
    labels: Sequence[str] | str,
    label_column: str | None,
    relationship_type: str,
    type_column: str | None,
    edge_id: str | None,
) -> list[NodeTable | RelationshipTable]:
    """The NodeTables and RelationshipTables of a GraphFrames-style pair."""
    _require(vertices, ["id"] + ([label_column] if label_column else []), "vertices")
    tables: list[NodeTable | RelationshipTable] = list(
        _node_tables(vertices, labels, label_column)
    )
    if edges is not None:
        required = ["src", "dst"] + [c for c in (type_column, edge_id) if c]
        _require(edges, required, "edges")
        tables += _relationship_tables(edges, relationship_type, type_column, edge_id)
    return tables


def _require(df: DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise GraphError(
            f"{what}: no column {', '.join(repr(c) for c in missing)} "
            f"(the table has {', '.join(df.columns) or 'no columns'})"
        )


def _property_map(columns, reserved, id_column: str | None) -> dict[str, str]:
    """``{column: property key}``: every column but the reserved ones, a column
    ``property.<key>`` (what ``to_graphframe`` names a property that clashes with one of its
    own columns) as ``<key>``, and the id column also as a property of its own name (as a
    NodeTable keeps it) unless a ``property.<id>`` column gives that property."""
    mapping = {
        c: c[len(P.PROPERTY_PREFIX) :] if c.startswith(P.PROPERTY_PREFIX) else c
        for c in columns
        if c not in reserved
    }
    if id_column is not None and id_column not in mapping.values():
        mapping[id_column] = id_column
    return mapping


def _node_tables(vertices: DataFrame, labels, label_column: str | None):
    properties = _property_map(vertices.columns, ("id", label_column), "id")
    if label_column is None:
        return [NodeTable(vertices, labels=labels, id="id", properties=properties)]
    column = F.col(_quoted(label_column))
    is_list = isinstance(vertices.schema[label_column].dataType, ST.ArrayType)
    if not is_list and not isinstance(vertices.schema[label_column].dataType, ST.StringType):
        raise GraphError(
            f"vertices: the label column {label_column!r} must hold strings or lists of strings"
        )
    # a list of labels is one label combination whatever its order: compare them sorted
    key = F.array_sort(column) if is_list else column
    tables = []
    for value in _distinct(vertices, key):
        label_set = tuple(value or ()) if is_list else (() if value is None else (value,))
        match = key.isNull() if value is None else key == F.lit(value)
        tables.append(
            NodeTable(vertices.where(match), labels=label_set, id="id", properties=properties)
        )
    return tables


def _relationship_tables(edges: DataFrame, rel_type: str, type_column, edge_id):
    given_id = edge_id
    if edge_id is None:
        edges = _numbered(edges)
        edge_id = GENERATED_EDGE_ID
    reserved = ("src", "dst", edge_id, type_column)
    properties = _property_map(edges.columns, reserved, given_id)

    def table(df, type_name):
        return RelationshipTable(
            df, type=type_name, id=edge_id, source="src", target="dst", properties=properties
        )

    if type_column is None:
        return [table(edges, rel_type)]
    column = F.col(_quoted(type_column))
    types = _distinct(edges, column)
    if any(not isinstance(t, str) or not t for t in types):
        raise GraphError(
            f"edges: every edge needs a relationship type, and the column {type_column!r} "
            "holds nulls or empty strings"
        )
    return [table(edges.where(column == F.lit(t)), t) for t in types]


def _numbered(edges: DataFrame) -> DataFrame:
    if GENERATED_EDGE_ID in edges.columns:
        raise GraphError(f"edges: the column {GENERATED_EDGE_ID!r} is reserved for generated ids")
    numbered = edges.withColumn(GENERATED_EDGE_ID, F.monotonically_increasing_id())
    return numbered.localCheckpoint(eager=False)


def _distinct(df: DataFrame, key) -> list:
    values = [row[0] for row in df.select(key.alias("k")).distinct().collect()]
    return sorted(values, key=lambda v: (v is None, v if v is not None else ""))


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"
