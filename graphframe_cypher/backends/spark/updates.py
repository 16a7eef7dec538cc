"""The new graph version after SET, REMOVE and DELETE, computed with DataFrame operations.

A stage records its changes while it runs (:class:`PendingChange`, :class:`PendingDelete`:
DataFrames of element ids and new values derived from the stage's rows). They are applied
here to the graph's element tables, in order, each change producing new tables:

* a SET / REMOVE joins every table of the element kind with the changes on the element id
  (one change per element: when several rows change the same element, one of them wins)
  and recomputes the property columns and label flags; a property whose new type differs
  from the column's widens the column (e.g. to ANY);
* labels that only some nodes of a table carry become boolean columns of the table
  (``NodeTableSpec.optional_labels``), so a SET of a label never splits tables;
* a DELETE anti-joins the tables with the deleted ids. Without DETACH, a deleted node that
  keeps a relationship fails the query (one Spark job checks it) and no graph is made.

Nothing is collected to the driver but the counts of the counters and of that check.
Counters follow the TCK's definition per element: ``properties_set`` counts property
entries that get a new value, ``properties_removed`` entries that lose theirs (an
overwrite counts in both, writing the same value in neither); labels count per node.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from ... import types as T
from ...errors import ConstraintVerificationFailed
from ...graph.model import GraphSchema, NodeTableSpec, PropertyColumn, RelationshipTableSpec
from ...ir.expr import Call, Col
from .column_utils import cypher_error

CHANGED = "  changed"


@dataclass
class PendingChange:
    kind: str  # 'NODE' or 'RELATIONSHIP'
    frame: DataFrame  # id, v0, v1, ...: one row per changed element (and row)
    writes: tuple[tuple[str, T.CypherType], ...]  # (key, type of v<i>)
    add_labels: frozenset[str] = frozenset()
    remove_labels: frozenset[str] = frozenset()


@dataclass
class PendingDelete:
    nodes: DataFrame | None  # column id
    relationships: DataFrame | None
    detach: bool
    # Once applied: the distinct ids deleted, per kind (column ``  did``).
    deleted: dict[str, DataFrame] = field(default_factory=dict)


@dataclass
class CounterParts:
    """Known counts plus aggregates to run when someone reads the counters."""

    known: dict[str, int] = field(default_factory=dict)
    lazy: list[tuple[DataFrame, dict[str, Column]]] = field(default_factory=list)

    def add(self, name: str, value: int) -> None:
        self.known[name] = self.known.get(name, 0) + value

    def count(self, run) -> dict[str, int]:
        """One Spark job for all the aggregates: each part's one-row result, cross-joined."""
        counts = dict(self.known)
        if not self.lazy:
            return counts
        names, parts = [], []
        for index, (frame, aggregates) in enumerate(self.lazy):
            parts.append(frame.agg(*[a.alias(f"c{index}_{k}") for k, a in aggregates.items()]))
            names += list(aggregates)
        combined = parts[0]
        for part in parts[1:]:
            combined = combined.crossJoin(part)
        row = run(combined.first)
        for name, value in zip(names, row, strict=True):
            counts[name] = counts.get(name, 0) + int(value or 0)
        return counts


def apply_pending(compiler, schema: GraphSchema, pending, counters: CounterParts) -> GraphSchema:
    for item in pending:
        if isinstance(item, PendingChange):
            schema = _apply_change(compiler, schema, item, counters)
        else:
            schema = _apply_delete(schema, item, counters)
    return schema


# -- SET / REMOVE ---------------------------------------------------------------------------


def _apply_change(compiler, schema: GraphSchema, change: PendingChange, counters) -> GraphSchema:
    values = [F.first(F.col(f"v{i}")).alias(f"  v{i}") for i in range(len(change.writes))]
    per_element = change.frame.groupBy("id").agg(F.lit(True).alias(CHANGED), *values)
    per_element = per_element.withColumnRenamed("id", "  cid")
    if change.kind == "NODE":
        nodes = tuple(
            _change_node_table(compiler, t, change, per_element, counters)
            for t in schema.node_tables
        )
        return GraphSchema(nodes, schema.relationship_tables, schema.id_type)
    rels = tuple(
        _change_relationship_table(compiler, t, change, per_element, counters)
        for t in schema.relationship_tables
    )
    return GraphSchema(schema.node_tables, rels, schema.id_type)


def _joined(table, per_element: DataFrame) -> DataFrame:
    source = table.source
    return source.join(
        per_element, source[_q(table.id_column)] == per_element["`  cid`"], "left"
    ).withColumn(CHANGED, F.coalesce(F.col(_q(CHANGED)), F.lit(False)))


def _new_properties(compiler, table, change: PendingChange):
    """The property columns after the change as (key, expression, type), and the counter
    aggregates of the change."""
    changed = F.col(_q(CHANGED))
    old = {p.key: p for p in table.properties}
    written = {k: (i, t) for i, (k, t) in enumerate(change.writes)}
    out = []
    set_count, removed_count = F.lit(0), F.lit(0)
    for key in list(old) + [k for k in written if k not in old]:
        if key not in written:
            p = old[key]
            out.append((key, F.col(_q(p.column)), p.type))
            continue
        index, write_type = written[key]
        old_type = old[key].type if key in old else T.NULL
        new_type = T.join(old_type, write_type)
        if new_type == T.NULL:
            continue  # removing a key no element of the table has
        new_value = _convert(compiler, f"  v{index}", write_type, new_type)
        before = _convert(compiler, old[key].column, old_type, new_type) if key in old else None
        after = F.when(changed, new_value)
        if before is not None:
            after = after.otherwise(before)
        out.append((key, after, new_type))
        if before is None:
            before = F.lit(None)
        differs = ~before.eqNullSafe(new_value)
        set_count = set_count + F.when(changed & new_value.isNotNull() & differs, 1).otherwise(0)
        removed_count = removed_count + F.when(changed & before.isNotNull() & differs, 1).otherwise(
            0
        )
    aggregates = {
        "properties_set": F.sum(set_count),
        "properties_removed": F.sum(removed_count),
    }
    return out, aggregates


def _change_node_table(compiler, table: NodeTableSpec, change, per_element, counters):
    joined = _joined(table, per_element)
    changed = F.col(_q(CHANGED))
    properties, aggregates = _new_properties(compiler, table, change)
    fixed = set(table.labels)
    flags: dict[str, Column] = {label: F.col(_q(c)) for label, c in table.optional_labels}
    added, removed = F.lit(0), F.lit(0)
    for label in sorted(change.remove_labels):
        had = F.lit(True) if label in fixed else flags.get(label, F.lit(False))
        removed = removed + F.when(changed & had, 1).otherwise(0)
        if label in fixed:
            fixed.discard(label)
            flags[label] = ~changed
        elif label in flags:
            flags[label] = flags[label] & ~changed
    for label in sorted(change.add_labels):
        if label in fixed:
            continue
        had = flags.get(label, F.lit(False))
        added = added + F.when(changed & ~had, 1).otherwise(0)
        flags[label] = had | changed
    aggregates["labels_added"] = F.sum(added)
    aggregates["labels_removed"] = F.sum(removed)
    counters.lazy.append((joined, aggregates))
    label_items = sorted(flags.items())
    frame = joined.select(
        F.col(_q(table.id_column)).alias("id"),
        *[e.alias(f"p{i}") for i, (_, e, _) in enumerate(properties)],
        *[e.alias(f"l{i}") for i, (_, e) in enumerate(label_items)],
    )
    return NodeTableSpec(
        frame,
        "id",
        frozenset(fixed),
        _property_columns(properties),
        tuple((label, f"l{i}") for i, (label, _) in enumerate(label_items)),
    )


def _change_relationship_table(
    compiler, table: RelationshipTableSpec, change, per_element, counters
):
    joined = _joined(table, per_element)
    properties, aggregates = _new_properties(compiler, table, change)
    counters.lazy.append((joined, aggregates))
    frame = joined.select(
        F.col(_q(table.id_column)).alias("id"),
        F.col(_q(table.source_column)).alias("src"),
        F.col(_q(table.target_column)).alias("dst"),
        *[e.alias(f"p{i}") for i, (_, e, _) in enumerate(properties)],
    )
    return RelationshipTableSpec(
        frame, "id", "src", "dst", table.rel_type, _property_columns(properties)
    )


def _property_columns(properties) -> tuple[PropertyColumn, ...]:
    return tuple(PropertyColumn(k, f"p{i}", t) for i, (k, _, t) in enumerate(properties))


def _convert(compiler, column: str, from_type: T.CypherType, to_type: T.CypherType) -> Column:
    """A column converted to the physical layout of another Cypher type."""
    if from_type == to_type:
        return F.col(_q(column))
    return compiler.compile(Call("coerce", (Col(column, type=from_type),), type=to_type))


# -- DELETE ---------------------------------------------------------------------------------


def _apply_delete(schema: GraphSchema, delete: PendingDelete, counters) -> GraphSchema:
    node_ids = _distinct_ids(delete.nodes)
    rel_ids = _distinct_ids(delete.relationships)
    if node_ids is not None:
        attached = _attached_relationships(schema, node_ids, rel_ids)
        if delete.detach:
            rel_ids = attached if rel_ids is None else rel_ids.union(attached).distinct()
        elif attached is not None and not attached.isEmpty():
            raise ConstraintVerificationFailed(
                "Cannot delete a node that still has relationships: delete its "
                "relationships first, or use DETACH DELETE",
                code="DeleteConnectedNode",
            )
    pairs = (("NODE", node_ids), ("RELATIONSHIP", rel_ids))
    delete.deleted = {kind: ids for kind, ids in pairs if ids is not None}
    nodes = tuple(_without(t, node_ids, counters, "nodes_deleted") for t in schema.node_tables)
    rels = tuple(
        _without(t, rel_ids, counters, "relationships_deleted") for t in schema.relationship_tables
    )
    return GraphSchema(nodes, rels, schema.id_type)


def guard_deleted(rows: DataFrame, layouts: dict, pending) -> DataFrame:
    """The rows for the next stage, where reading a property of an element the stage
    deleted fails (EntityNotFound: DeletedEntityAccess); its id, labels and type stay
    readable, as in Cypher."""
    deleted: dict[str, list[DataFrame]] = {}
    for item in pending:
        for kind, ids in getattr(item, "deleted", {}).items():
            deleted.setdefault(kind, []).append(ids)
    error = cypher_error(
        "EntityNotFound", "DeletedEntityAccess", "the element was deleted by this query"
    )
    for var, layout in layouts.items():
        if layout.kind not in deleted or not layout.properties:
            continue
        flag = f"  deleted#{var}"
        ids = _union(deleted[layout.kind]).distinct().withColumnRenamed("  did", flag)
        rows = rows.join(ids, rows[_q(layout.id)] == ids[_q(flag)], "left")
        gone = F.col(_q(flag)).isNotNull()
        guarded = {c: F.when(gone, error).otherwise(F.col(_q(c))) for _, c in layout.properties}
        kept = [c for c in rows.columns if c != flag]
        rows = rows.select(*[guarded[c].alias(c) if c in guarded else F.col(_q(c)) for c in kept])
    return rows


def _distinct_ids(frame: DataFrame | None) -> DataFrame | None:
    if frame is None:
        return None
    return frame.filter(F.col("id").isNotNull()).select(F.col("id").alias("  did")).distinct()


def _attached_relationships(schema, node_ids: DataFrame, rel_ids: DataFrame | None):
    """Ids of the relationships (not deleted by the same clause) touching deleted nodes."""
    parts = []
    for table in schema.relationship_tables:
        source = table.source
        ends = source[_q(table.source_column)], source[_q(table.target_column)]
        touching = source.join(
            node_ids,
            (ends[0] == node_ids["`  did`"]) | (ends[1] == node_ids["`  did`"]),
            "left_semi",
        )
        parts.append(touching.select(F.col(_q(table.id_column)).alias("id")))
    if not parts:
        return None
    attached = _distinct_ids(_union(parts))
    if rel_ids is not None:
        attached = attached.join(rel_ids, "  did", "left_anti")
    return attached


def _without(table, ids: DataFrame | None, counters, counter: str):
    if ids is None:
        return table
    source = table.source
    key = source[_q(table.id_column)] == ids["`  did`"]
    deleted = source.join(ids, key, "left_semi")
    aggregates = {counter: F.count(F.lit(1))}
    if table.properties:
        present = [
            F.when(F.col(_q(p.column)).isNotNull(), 1).otherwise(0) for p in table.properties
        ]
        total = present[0]
        for p in present[1:]:
            total = total + p
        aggregates["properties_removed"] = F.sum(total)
    counters.lazy.append((deleted, aggregates))
    kept = source.join(ids, key, "left_anti")
    return _replace_source(table, kept)


def _replace_source(table, source):
    import dataclasses

    return dataclasses.replace(table, source=source)


def _union(frames: list[DataFrame]) -> DataFrame:
    result = frames[0]
    for frame in frames[1:]:
        result = result.unionByName(frame)
    return result


def _q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


__all__ = ["PendingChange", "PendingDelete", "CounterParts", "apply_pending"]
