"""Merges a projection into the projection below it.

Planning WITH/RETURN stacks projections (the items next to the old fields, then the items
alone); merging them leaves one projection per clause. An inner item is inlined only when it
is a plain field reference or the outer projection reads it once, so no expression is
computed twice."""

from __future__ import annotations

from collections import Counter

from ..ir.expr import Col, IRExpr, map_children
from ..logical import operators as L
from .transform import transform_up


def collapse_projections(plan: L.LogicalOp) -> L.LogicalOp:
    return transform_up(plan, _collapse)


def _collapse(op: L.LogicalOp) -> L.LogicalOp:
    if not (isinstance(op, L.Project) and isinstance(op.input, L.Project)):
        return op
    inner = dict(op.input.items)
    uses = Counter(e.name for _, expr in op.items for e in expr.walk() if isinstance(e, Col))
    if any(uses[name] > 1 and not isinstance(expr, Col) for name, expr in inner.items()):
        return op
    items = tuple((name, _inline(expr, inner)) for name, expr in op.items)
    return L.Project(op.input.input, items)


def _inline(expr: IRExpr, inner: dict[str, IRExpr]) -> IRExpr:
    if isinstance(expr, Col):
        return inner[expr.name]
    return map_children(expr, lambda child: _inline(child, inner))
