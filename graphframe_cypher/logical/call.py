"""Planning CALL: a procedure's rows as a constant table joined to the query's rows.

Each input row keeps the procedure rows whose inputs equal its arguments (null matching
null: a procedure answers a null argument like any other value), then binds the yielded
outputs. A VOID procedure inside a query leaves the rows as they are. Procedures stream
their rows in order, so when the call runs once (over at most one input row) its rows are
sorted by their position in the procedure."""

from __future__ import annotations

from .. import ast
from .. import types as T
from ..ir.expr import Call, Col, IRExpr, conjunction
from ..names import encode
from . import operators as L


def plan_call(planner, plan: L.LogicalOp, clause: ast.Call) -> L.LogicalOp:
    procedure = planner.procedures[clause.procedure]
    signature = procedure.signature
    if signature.is_void and not clause.standalone:
        return plan
    prefix = planner.fresh("call") + "#"
    inputs = [(prefix + "in." + f.name, f.type) for f in signature.inputs]
    outputs = {f.name: Col(prefix + "out." + f.name, type=f.type) for f in signature.outputs}
    order = (prefix + "order", T.INTEGER)
    rows = tuple((*row, i) for i, row in enumerate(procedure.rows(planner.schema)))
    table = L.Values((*inputs, *((c.name, c.type) for c in outputs.values()), order), rows)
    runs_once = _at_most_one_row(plan)
    arguments = [planner.lower(arg, plan) for arg in _arguments(clause, signature)]
    plan = L.Join(plan, table, kind="cross")
    if inputs:
        pairs = zip(arguments, inputs, strict=True)
        matches = [_same_value(a, Col(n, type=t)) for a, (n, t) in pairs]
        plan = L.Filter(plan, conjunction(matches))
    if runs_once:
        plan = L.Sort(plan, ((Col(order[0], type=T.INTEGER), False),))
    yielded = _yielded(clause, signature)
    plan = L.Extend(plan, tuple((alias, outputs[field]) for field, alias in yielded))
    if clause.where is not None:
        plan = L.Filter(plan, planner.lower(clause.where, plan))
    if clause.standalone:
        names = [alias for _, alias in yielded]
        plan = L.Project(plan, tuple((n, Col(n, type=plan.fields[n])) for n in names))
    return plan


def _arguments(clause: ast.Call, signature) -> tuple[ast.Expr, ...]:
    if clause.args is not None:
        return clause.args
    # Implicit arguments (standalone CALL without parentheses): the parameters named like
    # the inputs.
    return tuple(ast.Parameter(name=f.name, pos=clause.pos) for f in signature.inputs)


def _yielded(clause: ast.Call, signature) -> list[tuple[str, str]]:
    """(output field, variable) pairs: what YIELD names, or every output when a standalone
    call has no YIELD or YIELD *."""
    if clause.yield_items:
        return [(item.field, item.alias or encode(item.field)) for item in clause.yield_items]
    if clause.standalone:
        return [(f.name, encode(f.name)) for f in signature.outputs]
    return []


def _same_value(argument: IRExpr, column: IRExpr) -> IRExpr:
    both_null = Call(
        "and",
        (Call("is_null", (argument,), type=T.BOOLEAN), Call("is_null", (column,), type=T.BOOLEAN)),
        type=T.BOOLEAN,
    )
    return Call("or", (Call("eq", (argument, column), type=T.BOOLEAN), both_null), type=T.BOOLEAN)


def _at_most_one_row(plan: L.LogicalOp) -> bool:
    if isinstance(plan, L.Start):
        return True
    if isinstance(plan, L.Aggregate):
        return not plan.keys
    if isinstance(plan, L.Values):
        return len(plan.rows) <= 1
    if isinstance(plan, L.Limit):
        return plan.count <= 1 or _at_most_one_row(plan.input)
    if isinstance(plan, (L.Project, L.Extend, L.Filter, L.Sort, L.Skip, L.Distinct)):
        return _at_most_one_row(plan.input)
    return False
