"""``PropertyGraph.validate()`` on Spark: null and duplicate ids, and relationships whose
endpoints are not nodes of the graph (a few aggregations over the element tables)."""

from __future__ import annotations

from functools import reduce

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from ...graph.model import GraphSchema
from ...graph.validation import GraphProblem, ValidationReport

EXAMPLES = 5
_ID, _END = "  validate#id", "  validate#end"


def validate_schema(schema: GraphSchema, examples: int = EXAMPLES) -> ValidationReport:
    problems: list[GraphProblem] = []
    node_ids = []
    for table in schema.node_tables:
        where = f"NodeTable {sorted(table.labels)}"
        ids = table.source.select(_column(table.id_column).alias(_ID))
        problems.append(_nulls(ids, "null node id", where))
        node_ids.append(ids.where(F.col(_ID).isNotNull()))
    problems.append(_duplicates(node_ids, "duplicate node id", "nodes", examples))
    nodes = _union(node_ids)
    rel_ids = []
    for table in schema.relationship_tables:
        where = f"RelationshipTable {table.rel_type!r}"
        ids = table.source.select(_column(table.id_column).alias(_ID))
        problems.append(_nulls(ids, "null relationship id", where))
        rel_ids.append(ids.where(F.col(_ID).isNotNull()))
        for end, column in (("source", table.source_column), ("target", table.target_column)):
            ends = table.source.select(
                _column(table.id_column).alias(_ID), _column(column).alias(_END)
            )
            kind = f"relationships whose {end} is not a node of the graph"
            problems.append(_dangling(ends, nodes, kind, where, examples))
    problems.append(_duplicates(rel_ids, "duplicate relationship id", "relationships", examples))
    return ValidationReport(tuple(p for p in problems if p is not None and p.count))


def _column(name: str):
    return F.col("`" + name.replace("`", "``") + "`")


def _union(frames: list[DataFrame]) -> DataFrame | None:
    return reduce(DataFrame.unionAll, frames) if frames else None


def _nulls(ids: DataFrame, kind: str, where: str) -> GraphProblem:
    count = ids.where(F.col(_ID).isNull()).count()
    return GraphProblem(kind, where, count)


def _duplicates(frames, kind: str, where: str, examples: int) -> GraphProblem | None:
    ids = _union(frames)
    if ids is None:
        return None
    repeated = ids.groupBy(_ID).count().where(F.col("count") > 1)
    row = repeated.agg(
        F.count(F.lit(1)).alias("n"),
        F.slice(F.sort_array(F.collect_list(F.col(_ID))), 1, examples).alias("ex"),
    ).first()
    return GraphProblem(kind, where, row["n"], tuple(row["ex"] or ()))


def _dangling(ends: DataFrame, nodes, kind: str, where: str, examples: int) -> GraphProblem:
    """Relationships whose endpoint column is null or names no node; examples are their ids."""
    if nodes is None:
        missing = ends
    else:
        known = nodes.select(F.col(_ID).alias(_END)).distinct()
        missing = ends.join(known, _END, "left_anti")
    row = missing.agg(
        F.count(F.lit(1)).alias("n"),
        F.slice(F.sort_array(F.collect_list(F.col(_ID))), 1, examples).alias("ex"),
    ).first()
    return GraphProblem(kind, where, row["n"], tuple(row["ex"] or ()))
