"""Planning of SET, REMOVE and DELETE: one UpdateElements operator per clause.

The operator only describes the changes per input row (which element, which property
values, which labels); the backend computes the new graph from them, set-based. Values are
all read from the rows as they were before the clause (``SET n.a = 1, n.b = n.a`` reads the
old ``n.a``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import ast
from .. import types as T
from ..errors import CypherTypeError, UnsupportedFeature
from ..ir.expr import IRExpr, Lit, MapOf
from . import operators as L

if TYPE_CHECKING:
    from .planner import LogicalPlanner

# Values a property cannot hold (Cypher properties are scalars, temporals or lists of them).
_NOT_STORABLE = ("MAP", "NODE", "RELATIONSHIP", "PATH")


def plan_set(
    planner: LogicalPlanner,
    plan: L.LogicalOp,
    clause: ast.Set,
    condition: IRExpr | None = None,
) -> L.LogicalOp:
    scope = planner.scope_of(plan)
    updates = []
    for item in clause.items:
        if item.kind == "property":
            target = planner.lower(item.target.subject, scope)
            value = _storable(planner.lower(item.value, scope), item.value)
            updates.append(L.ElementUpdate(_element(target, item), ((item.target.key, value),)))
        elif item.kind in ("replace", "merge"):
            target = _element(planner.lower(ast.Variable(item.variable, pos=item.pos), scope), item)
            writes = _map_entries(planner, planner.lower(item.value, scope), item.value)
            if item.kind == "replace":
                # SET n = map: every other key the element may have goes.
                given = {k for k, _ in writes}
                writes += [
                    (k, Lit(None, type=T.NULL)) for k, _ in target.type.properties if k not in given
                ]
            updates.append(L.ElementUpdate(target, tuple(writes)))
        else:  # labels
            target = _element(planner.lower(ast.Variable(item.variable, pos=item.pos), scope), item)
            updates.append(L.ElementUpdate(target, add_labels=frozenset(item.labels)))
    updates = [_conditional(u, condition) for u in updates]
    return _append(plan, updates, (), False)


def plan_remove(planner: LogicalPlanner, plan: L.LogicalOp, clause: ast.Remove) -> L.LogicalOp:
    scope = planner.scope_of(plan)
    updates = []
    for item in clause.items:
        if item.kind == "property":
            target = _element(planner.lower(item.target.subject, scope), item)
            updates.append(L.ElementUpdate(target, ((item.target.key, Lit(None, type=T.NULL)),)))
        else:
            target = _element(planner.lower(ast.Variable(item.variable, pos=item.pos), scope), item)
            updates.append(L.ElementUpdate(target, remove_labels=frozenset(item.labels)))
    return _append(plan, updates, (), False)


def plan_delete(planner: LogicalPlanner, plan: L.LogicalOp, clause: ast.Delete) -> L.LogicalOp:
    scope = planner.scope_of(plan)
    deletes = []
    for expr in clause.expressions:
        value = planner.lower(expr, scope)
        if not (isinstance(value.type, (T.ElementType, T.PathType)) or value.type == T.NULL):
            raise UnsupportedFeature(
                f"DELETE of a value of static type {value.type} is not supported yet "
                "(delete a node, relationship or path variable)",
                position=expr.pos,
            )
        deletes.append(value)
    return _append(plan, [], deletes, clause.detach)


def _append(plan, updates, deletes, detach) -> L.LogicalOp:
    return L.UpdateElements(plan, tuple(_combined(updates)), tuple(deletes), detach)


def _combined(updates: list[L.ElementUpdate]) -> list[L.ElementUpdate]:
    """One update per element variable and condition (``SET n.a = 1, n:L, n.b = 2`` is one
    change of ``n``: the backend applies each change with a join). Later writes of a key
    win, as when the items run in order."""
    combined: dict[tuple, L.ElementUpdate] = {}
    for update in updates:
        key = (update.target, update.condition)
        previous = combined.get(key)
        if previous is None:
            combined[key] = update
            continue
        writes = dict(previous.properties)
        writes.update(dict(update.properties))
        combined[key] = L.ElementUpdate(
            update.target,
            tuple(writes.items()),
            previous.add_labels | update.add_labels,
            previous.remove_labels | update.remove_labels,
            update.condition,
        )
    return list(combined.values())


def _conditional(update: L.ElementUpdate, condition: IRExpr | None) -> L.ElementUpdate:
    if condition is None:
        return update
    return L.ElementUpdate(
        update.target, update.properties, update.add_labels, update.remove_labels, condition
    )


def _element(target: IRExpr, item: ast.Node) -> IRExpr:
    if isinstance(target.type, T.ElementType) or target.type == T.NULL:
        return target
    raise CypherTypeError(
        f"Type mismatch: expected a node or relationship but was {target.type}",
        code="InvalidArgumentType",
        position=item.pos,
    )


def _storable(value: IRExpr, expr: ast.Expr) -> IRExpr:
    """Properties hold scalars and lists of scalars (checked where the type says so)."""
    vtype = value.type
    element = vtype.element if isinstance(vtype, T.ListType) else vtype
    if vtype.name in _NOT_STORABLE or element.name in _NOT_STORABLE:
        raise CypherTypeError(
            f"Property values can only be of primitive types or arrays thereof, not {vtype}",
            code="InvalidPropertyType",
            position=expr.pos,
        )
    return value


def _map_entries(planner, value: IRExpr, expr: ast.Expr) -> list[tuple[str, IRExpr]]:
    """The (key, value) pairs of the map of ``SET n = map`` / ``SET n += map``: keys must be
    known statically (map literals, parameters, the properties of an element)."""
    if isinstance(value, MapOf):
        return [(k, _storable(v, expr)) for k, v in zip(value.keys, value.values, strict=True)]
    if isinstance(value, Lit) and isinstance(value.value, dict):
        return [(k, Lit(v, type=T.type_of_value(v))) for k, v in value.value.items()]
    vtype = value.type
    if isinstance(vtype, T.ElementType):
        return [(k, planner.lowering._property(value, k)) for k, _ in vtype.properties]
    if isinstance(vtype, T.MapType) and vtype.fields is not None:
        return [(k, planner.lowering._property(value, k)) for k, _ in vtype.fields]
    if value.type == T.NULL:
        return []
    raise UnsupportedFeature(
        "SET with a map whose keys are only known at runtime is not supported yet",
        position=expr.pos,
    )
