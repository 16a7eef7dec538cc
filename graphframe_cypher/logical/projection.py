"""Planning of WITH and RETURN bodies: items, aggregation, DISTINCT, ORDER BY, SKIP, LIMIT.

ORDER BY may refer to the projected names and, when the projection neither aggregates nor is
DISTINCT, to the variables in scope before it. To allow that, the projection is computed next
to the old fields (hidden), sorted, limited, and only then reduced to the items.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import TYPE_CHECKING

from .. import ast
from .. import types as T
from ..errors import CypherSyntaxError
from ..ir.expr import AggCall, Col, IRExpr
from ..ir.expr import map_children as _map_children
from . import operators as L
from .expressions import Scope, contains_aggregate
from .subqueries import plan_subqueries

if TYPE_CHECKING:
    from .planner import LogicalPlanner


def _visible(plan: L.LogicalOp) -> list[str]:
    from .planner import is_hidden

    return [n for n in plan.fields if not is_hidden(n)]


def _items(
    planner, plan: L.LogicalOp, body: ast.ProjectionBody, final: bool
) -> list[ast.ReturnItem]:
    items: list[ast.ReturnItem] = []
    if body.star:
        names = _visible(plan)
        # WITH * over an empty scope just passes the rows on; RETURN * has nothing to return.
        if final and not names and not body.items:
            raise CypherSyntaxError(
                "RETURN * is not allowed when there are no variables in scope",
                code="NoVariablesInScope",
                position=body.pos,
            )
        items = [
            ast.ReturnItem(ast.Variable(n, pos=body.pos), None, n, pos=body.pos)
            for n in sorted(names)
        ]
    items += list(body.items)
    seen: set[str] = set()
    for item in items:
        if item.name in seen:
            raise CypherSyntaxError(
                f"Multiple result columns with the same name `{item.name}` are not supported",
                code="ColumnNameConflict",
                position=item.pos,
            )
        seen.add(item.name)
    return items


def plan_projection(
    planner: LogicalPlanner,
    plan: L.LogicalOp,
    body: ast.ProjectionBody,
    final: bool,
    where: ast.Expr | None = None,
) -> L.LogicalOp:
    """Plans a RETURN or WITH body; ``where`` is WITH's WHERE, which filters after SKIP and
    LIMIT and, like ORDER BY, may still see the variables the projection dropped."""
    items = _items(planner, plan, body, final)
    plan, expressions = plan_subqueries(planner, plan, [i.expression for i in items])
    items = [replace(i, expression=e) for i, e in zip(items, expressions, strict=True)]
    items += _correlation_keys(planner, plan, body)
    aggregating = any(contains_aggregate(i.expression) for i in items)
    if aggregating:
        plan = _plan_aggregation(planner, plan, items)
        # Sort keys may name the items or repeat their expressions.
        sort_scope = Scope(dict(plan.fields), computed={i.expression: i.name for i in items})
    elif body.distinct:
        plan = _project(planner, plan, items, keep_old=False)
        sort_scope = Scope(dict(plan.fields), computed={i.expression: i.name for i in items})
    else:
        old = dict(plan.fields)
        plan = _project(planner, plan, items, keep_old=True)
        sort_scope = Scope(
            {**{n: t for n, t in old.items() if n in plan.fields}, **plan.fields},
            computed={i.expression: i.name for i in items},
        )
    if body.distinct:
        plan = L.Distinct(plan)
    if body.order_by:
        # Aggregates in ORDER BY must be projected ones: lowering without aggregates allowed
        # replaces projected ones by their column and rejects any other.
        lowering = planner.make_lowering(allow_aggregates=False)
        plan, keys = plan_subqueries(planner, plan, [s.expression for s in body.order_by])
        sort_scope = _with_fields(sort_scope, plan)
        sort_items = [
            (lowering.lower(key, sort_scope), s.descending)
            for key, s in zip(keys, body.order_by, strict=True)
        ]
        plan = L.Sort(plan, tuple(sort_items))
    if body.skip is not None:
        plan = L.Skip(plan, planner.constant_count(body.skip, "SKIP"))
    if body.limit is not None:
        plan = L.Limit(plan, planner.constant_count(body.limit, "LIMIT"))
    if where is not None:
        if contains_aggregate(where):
            raise CypherSyntaxError(
                "Invalid use of aggregating function in WHERE",
                code="InvalidAggregation",
                position=where.pos,
            )
        lowering = planner.make_lowering(allow_aggregates=False)
        plan, (where,) = plan_subqueries(planner, plan, [where])
        plan = L.Filter(plan, lowering.lower(where, _with_fields(sort_scope, plan)))
    names = [i.name for i in items]
    if list(plan.fields) != names:
        plan = L.Project(plan, tuple((n, Col(n, type=plan.fields[n])) for n in names))
    return plan


def _correlation_keys(planner, plan: L.LogicalOp, body) -> list[ast.ReturnItem]:
    """Inside a subquery, its hidden correlation keys: every projection keeps them (and
    an aggregation groups by them), so the subquery's rows stay tied to the outer ones."""
    return [
        ast.ReturnItem(ast.Variable(k, pos=body.pos), None, k, pos=body.pos)
        for k in planner.correlation
        if k in plan.fields
    ]


def _with_fields(scope: Scope, plan: L.LogicalOp) -> Scope:
    """``scope`` plus the fields subquery planning added to ``plan``."""
    return Scope({**scope.fields, **plan.fields}, scope.lambdas, scope.computed)


def _project(planner, plan: L.LogicalOp, items, keep_old: bool) -> L.LogicalOp:
    scope = planner.scope_of(plan)
    lowered = [(i.name, planner.lowering.lower(i.expression, scope)) for i in items]
    names = {n for n, _ in lowered}
    carried: list[tuple[str, IRExpr]] = []
    if keep_old:
        carried = [(n, Col(n, type=t)) for n, t in plan.fields.items() if n not in names]
    # Old fields first so that the items (the visible ones) keep their order at the end.
    return L.Project(plan, tuple(carried + lowered))


def _plan_aggregation(planner, plan: L.LogicalOp, items) -> L.LogicalOp:
    scope = planner.scope_of(plan)
    agg_lowering = planner.make_lowering(allow_aggregates=True)
    counter = itertools.count()
    keys: list[tuple[str, IRExpr]] = []
    aggregates: list[tuple[str, AggCall]] = []
    finals: list[tuple[str, IRExpr]] = []
    for item in items:
        expr = agg_lowering.lower(item.expression, scope)
        if not contains_aggregate(item.expression):
            keys.append((item.name, expr))
            finals.append((item.name, Col(item.name, type=expr.type)))
            continue
        _check_nested(expr, item)
        replaced = _extract_aggregates(expr, aggregates, counter)
        finals.append((item, replaced))
    key_map = {e: n for n, e in keys}
    finals = [
        (f[0].name, _substitute_keys(f[1], key_map, f[0])) if not isinstance(f[0], str) else f
        for f in finals
    ]
    agg = L.Aggregate(plan, tuple(keys), tuple(aggregates))
    return L.Project(agg, tuple(finals))


def _check_nested(expr: IRExpr, item) -> None:
    for node in expr.walk():
        if isinstance(node, AggCall):
            for arg in node.args:
                if any(isinstance(x, AggCall) for x in arg.walk()):
                    raise CypherSyntaxError(
                        "Can't use aggregate functions inside of aggregate functions",
                        code="NestedAggregation",
                        position=item.pos,
                    )


def _extract_aggregates(expr: IRExpr, out: list, counter) -> IRExpr:
    """Replaces each aggregate call by a reference to a new aggregate field."""
    if isinstance(expr, AggCall):
        for name, existing in out:
            if existing == expr:
                return Col(name, type=expr.type)
        name = f"  agg#{next(counter)}"
        out.append((name, expr))
        return Col(name, type=expr.type)
    return _map_children(expr, lambda c: _extract_aggregates(c, out, counter))


def _substitute_keys(expr: IRExpr, keys: dict[IRExpr, str], item) -> IRExpr:
    """Rewrites an aggregating item over the Aggregate's output: grouping-key expressions
    become references to the key fields. Any other variable is an implicit grouping key,
    which Cypher forbids (``RETURN n.x, n.y + count(*)`` is ambiguous)."""
    if expr in keys:
        return Col(keys[expr], type=expr.type)
    if isinstance(expr, Col):
        if expr.name.startswith("  agg#"):
            return expr
        raise CypherSyntaxError(
            "Aggregation column contains implicit grouping expressions",
            code="AmbiguousAggregationExpression",
            position=item.pos,
        )
    return _map_children(expr, lambda c: _substitute_keys(c, keys, item))


__all__ = ["plan_projection", "T"]
