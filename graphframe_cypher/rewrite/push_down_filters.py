"""Pushes each conjunct of a filter below a join into the side that binds all the fields it
reads, so that it runs before the join multiplies rows. Conjuncts reading both sides stay
above the join. For a left (OPTIONAL MATCH) join only the left side may be filtered early:
filtering the right side would turn dropped matches into null rows. Conjuncts on the rows a
variable-length expand starts from move below the expand (``MATCH (a)-[*]->(b) WHERE a.name
= 'x'`` expands from one node, not from all)."""

from __future__ import annotations

from ..ir.expr import Call, IRExpr, columns_used, conjunction
from ..logical import operators as L
from .transform import transform_down


def push_down_filters(plan: L.LogicalOp) -> L.LogicalOp:
    return transform_down(plan, _push)


def conjuncts(predicate: IRExpr) -> list[IRExpr]:
    if isinstance(predicate, Call) and predicate.fn == "and":
        return [c for arg in predicate.args for c in conjuncts(arg)]
    return [predicate]


def _push(op: L.LogicalOp) -> L.LogicalOp:
    if isinstance(op, L.Filter) and isinstance(op.input, L.VarExpand):
        return _push_below_expand(op, op.input)
    if not (isinstance(op, L.Filter) and isinstance(op.input, L.Join)):
        return op
    join = op.input
    left_parts, right_parts, kept = [], [], []
    for part in conjuncts(op.predicate):
        used = columns_used(part)
        if used and used <= set(join.left.fields):
            left_parts.append(part)
        elif used and used <= set(join.right.fields) and join.kind != "left":
            right_parts.append(part)
        else:
            kept.append(part)
    if not left_parts and not right_parts:
        return op
    left = L.Filter(join.left, conjunction(left_parts)) if left_parts else join.left
    right = L.Filter(join.right, conjunction(right_parts)) if right_parts else join.right
    new_join = join.with_inputs(left, right)
    return L.Filter(new_join, conjunction(kept)) if kept else new_join


def _push_below_expand(op: L.Filter, expand: L.VarExpand) -> L.LogicalOp:
    below, kept = [], []
    for part in conjuncts(op.predicate):
        used = columns_used(part)
        (below if used and used <= set(expand.input.fields) else kept).append(part)
    if not below:
        return op
    new_expand = expand.with_inputs(L.Filter(expand.input, conjunction(below)))
    return L.Filter(new_expand, conjunction(kept)) if kept else new_expand
