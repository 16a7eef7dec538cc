"""Eager aggregation: aggregates one side of a join by its join keys before the join.

``MATCH ()-[:KNOWS]->(p) RETURN p.name, count(*)`` joins every KNOWS relationship with its
end node and then counts per name. When the grouping keys come from one side of an inner
join (the node) and the aggregates read only the other side (the relationships), that other
side can be aggregated first, per join key: the join then meets one row per key instead of
one per relationship, and the final aggregate combines the partial results (counts are
summed, sums summed, minima and maxima taken again). Every joined row pairs one row of each
side, so the combined values are exactly those over the join.

Only decomposable aggregates qualify (count, count(*), sum, min, max, none DISTINCT), and
only when grouping keys exist (without them an empty join would sum to null, not 0). The
rule applies where it pays: the aggregated side must hold relationships (many rows per
endpoint) and join on plain id fields (an endpoint), not on node variables.
"""

from __future__ import annotations

from .. import types as T
from ..ir.expr import AggCall, Col, columns_used
from ..logical import operators as L
from .transform import transform_up

# partial aggregate -> how the partial results combine
_COMBINE = {"count_star": "sum", "count": "sum", "sum": "sum", "min": "min", "max": "max"}


def pre_aggregate_joins(plan: L.LogicalOp) -> L.LogicalOp:
    return transform_up(plan, _rewrite)


def _rewrite(op: L.LogicalOp) -> L.LogicalOp:
    if not (isinstance(op, L.Aggregate) and op.keys and isinstance(op.input, L.Join)):
        return op
    join = op.input
    if join.kind != "inner" or join.predicate is not None or not join.on:
        return op
    for grouped_is_left in (True, False):
        rewritten = _pre_aggregate(op, join, grouped_is_left)
        if rewritten is not None:
            return rewritten
    return op


def _pre_aggregate(op: L.Aggregate, join: L.Join, grouped_is_left: bool) -> L.LogicalOp | None:
    """``op`` with the ``grouped_is_left`` side of ``join`` aggregated first, or None when
    that side does not qualify."""
    grouped = join.left if grouped_is_left else join.right
    other = join.right if grouped_is_left else join.left
    if not all(columns_used(expr) <= set(other.fields) for _, expr in op.keys):
        return None
    if not all(_decomposable(agg, grouped) for _, agg in op.aggregates):
        return None
    join_exprs = [left if grouped_is_left else right for left, right in join.on]
    if not all(_plain_id_field(e, grouped) for e in join_exprs) or not _holds_relationships(
        grouped
    ):
        return None
    keys = tuple(dict.fromkeys(e.name for e in join_exprs))
    partial = L.Aggregate(
        grouped,
        keys=tuple((name, Col(name, type=grouped.fields[name])) for name in keys),
        aggregates=tuple((_partial_name(name), agg) for name, agg in op.aggregates),
    )
    inputs = (partial, other) if grouped_is_left else (other, partial)
    combined = tuple(
        (name, _combine(name, agg, partial.fields[_partial_name(name)]))
        for name, agg in op.aggregates
    )
    return L.Aggregate(join.with_inputs(*inputs), keys=op.keys, aggregates=combined)


def _decomposable(agg: AggCall, side: L.LogicalOp) -> bool:
    if agg.fn not in _COMBINE or agg.distinct:
        return False
    return all(columns_used(arg) <= set(side.fields) for arg in agg.args)


def _plain_id_field(expr, side: L.LogicalOp) -> bool:
    return (
        isinstance(expr, Col)
        and expr.name in side.fields
        and not isinstance(side.fields[expr.name], T.ElementType)
    )


def _holds_relationships(op: L.LogicalOp) -> bool:
    if isinstance(op, (L.RelationshipScan, L.VarExpand, L.Reach)):
        return True
    return any(_holds_relationships(child) for child in op.inputs())


def _partial_name(name: str) -> str:
    return f"{name}#partial"


def _combine(name: str, agg: AggCall, partial_type: T.CypherType) -> AggCall:
    column = Col(_partial_name(name), type=partial_type)
    return AggCall(_COMBINE[agg.fn], (column,), type=agg.type)
