"""Element tables from rows held in the driver (api/interop.py: pandas frames and networkx
graphs the user already has in memory), in the engine's physical representation."""

from __future__ import annotations

from pyspark.sql import types as ST

from ...graph.model import NodeTableSpec, PropertyColumn, RelationshipTableSpec
from .representation import physical, spark_type


def element_tables(spark, nodes, relationships, string_ids: bool):
    """(node table specs, relationship table specs) of ``ElementRows`` groups."""
    id_type = ST.StringType() if string_ids else ST.LongType()
    node_specs = tuple(
        NodeTableSpec(
            _frame(spark, group, ["id"], id_type, string_ids),
            "id",
            group.labels_or_type,
            _property_columns(group),
        )
        for group in nodes
    )
    rel_specs = tuple(
        RelationshipTableSpec(
            _frame(spark, group, ["id", "src", "dst"], id_type, string_ids),
            "id",
            "src",
            "dst",
            group.labels_or_type,
            _property_columns(group),
        )
        for group in relationships
    )
    return node_specs, rel_specs


def _property_columns(group) -> tuple[PropertyColumn, ...]:
    return tuple(
        PropertyColumn(key, f"p{i}", ctype)
        for i, (key, ctype) in enumerate(zip(group.keys, group.types, strict=True))
    )


def _frame(spark, group, id_columns: list[str], id_type, string_ids: bool):
    fields = [ST.StructField(c, id_type, nullable=False) for c in id_columns]
    fields += [ST.StructField(f"p{i}", spark_type(ctype)) for i, ctype in enumerate(group.types)]
    width = len(id_columns)

    def shaped(row):
        ids = tuple(str(v) if string_ids else v for v in row[:width])
        return ids + tuple(physical(v, t) for v, t in zip(row[width:], group.types, strict=True))

    return spark.createDataFrame([shaped(r) for r in group.rows], ST.StructType(fields))
