"""Merges stacked filters into one conjunction, so that the backend sees one predicate per
scan (and pattern property filters sit next to the WHERE clause's)."""

from __future__ import annotations

from .. import types as T
from ..ir.expr import Call
from ..logical import operators as L
from .transform import transform_up


def merge_filters(plan: L.LogicalOp) -> L.LogicalOp:
    return transform_up(plan, _merge)


def _merge(op: L.LogicalOp) -> L.LogicalOp:
    if isinstance(op, L.Filter) and isinstance(op.input, L.Filter):
        inner = op.input
        predicate = Call("and", (inner.predicate, op.predicate), type=T.BOOLEAN)
        return L.Filter(inner.input, predicate)
    return op
