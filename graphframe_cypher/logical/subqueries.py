"""Pattern predicates, pattern comprehensions and EXISTS subqueries, planned as joins.

A subquery expression depends only on the outer variables it mentions, its correlation
variables. It is evaluated once per distinct combination of their values: those distinct
rows start the subquery's plan (so its patterns bind to the outer elements), its rows are
reduced per combination (whether there is one; the list of projected values), and the outer
rows are left-joined with that result on the correlation variables (elements by id). Outer
rows that match nothing get false, or an empty list. Every step is a relational operator:
nothing is evaluated row by row.

Copies of the correlation keys travel through the subquery as hidden fields (projections
carry them, aggregations group by them), so a full ``EXISTS { MATCH ... WITH ... RETURN }``
stays correlated across its WITH clauses.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .. import ast
from .. import types as T
from ..errors import UnsupportedFeature
from ..ir.expr import AggCall, Call, Col, IRExpr, Lit
from . import operators as L

SUBQUERY_EXPRESSIONS = (ast.PatternPredicate, ast.PatternComprehension, ast.ExistsSubquery)
# Expressions that bind a variable for their sub-expressions (list comprehension, all(),
# reduce()): a subquery using it would have to run per list element.
_LOCAL_BINDERS = (ast.ListComprehension, ast.Quantifier, ast.Reduce)


def plan_subqueries(
    planner, plan: L.LogicalOp, exprs: Sequence[ast.Expr | None]
) -> tuple[L.LogicalOp, list[ast.Expr | None]]:
    """Plan the subquery expressions in ``exprs`` onto ``plan``; return the extended plan
    and ``exprs`` with each subquery replaced by a reference to its result field."""
    exprs = [_with_endpoint_lookups(planner, _without_exists_calls(e)) for e in exprs]
    replacements: dict[ast.Node, ast.Node] = {}
    for expr in exprs:
        for node in _subqueries(expr):
            if node not in replacements:
                plan, name = _plan_subquery(planner, plan, node)
                replacements[node] = ast.Variable(name, pos=node.pos)
    if not replacements:
        return plan, list(exprs)
    return plan, [None if e is None else ast.substitute(e, replacements) for e in exprs]


def _subqueries(expr: ast.Node | None) -> Iterator:
    """The outermost subquery expressions in ``expr`` (nested ones are planned with them)."""
    for node, local in _outermost(expr, lambda e: isinstance(e, SUBQUERY_EXPRESSIONS)):
        used = local & set(_names(node))
        if used:
            raise UnsupportedFeature(
                f"a {_describe(node)} using the local variable `{sorted(used)[0]}` of a list "
                "comprehension, quantifier or reduce() is not supported yet",
                position=node.pos,
            )
        yield node


def _outermost(expr: ast.Node | None, matches, local: frozenset[str] = frozenset()) -> Iterator:
    """(node, local variables in scope there) for the outermost nodes of ``expr`` that
    ``matches``; local variables are those of enclosing list comprehensions, quantifiers
    and reduce() calls."""
    if expr is None:
        return
    if matches(expr):
        yield expr, local
        return
    if isinstance(expr, _LOCAL_BINDERS):
        local = local | {expr.variable} | {getattr(expr, "accumulator", expr.variable)}
    for child in expr.children():
        yield from _outermost(child, matches, local)


def _without_exists_calls(expr: ast.Expr | None) -> ast.Expr | None:
    """``expr`` with ``exists((a)-->(b))`` as the pattern predicate itself: planned, the
    predicate becomes a boolean that is never null, and exists() of it would be always true."""
    if expr is None:
        return None
    calls = {
        call: call.args[0]
        for call, _ in _outermost(expr, _is_exists_of_pattern)
    }
    return ast.substitute(expr, calls) if calls else expr


def _is_exists_of_pattern(expr: ast.Node) -> bool:
    return (
        isinstance(expr, ast.FunctionCall)
        and expr.name.lower() == "exists"
        and len(expr.args) == 1
        and isinstance(expr.args[0], ast.PatternPredicate)
    )


def _with_endpoint_lookups(planner, expr: ast.Expr | None) -> ast.Expr | None:
    """``expr`` with ``startNode(r)`` as ``head([(s)-[r]->() | s])`` (``endNode`` alike):
    a relationship value holds only its endpoints' ids, so the node comes from a join, the
    one a pattern comprehension plans. An argument that is not a variable is matched with
    ``WHERE x = arg``."""
    if expr is None:
        return None
    calls = {c: _endpoint_lookup(planner, c) for c in _endpoint_calls(expr)}
    return ast.substitute(expr, calls) if calls else expr


def _endpoint_calls(expr: ast.Node) -> Iterator:
    def is_endpoint_call(e):
        return (
            isinstance(e, ast.FunctionCall)
            and e.name.lower() in ("startnode", "endnode")
            and len(e.args) == 1
        )

    for call, local in _outermost(expr, is_endpoint_call):
        if not (local & set(_names(call))):
            yield call


def _endpoint_lookup(planner, call: ast.FunctionCall) -> ast.Expr:
    pos = call.pos
    (arg,) = call.args
    node = planner.fresh("endpoint")
    if isinstance(arg, ast.Variable):
        rel, predicate = arg.name, None
    else:
        rel = planner.fresh("rel")
        predicate = ast.BinaryOp("=", ast.Variable(rel, pos=pos), arg, pos=pos)
    ends = [ast.NodePattern(node, pos=pos), ast.NodePattern(None, pos=pos)]
    if call.name.lower() == "endnode":
        ends.reverse()
    chain = ast.PatternElement(
        tuple(ends), (ast.RelationshipPattern(rel, direction="out", pos=pos),), pos=pos
    )
    comprehension = ast.PatternComprehension(
        ast.PatternPart(chain, pos=pos), predicate, ast.Variable(node, pos=pos), pos=pos
    )
    return ast.FunctionCall("head", (comprehension,), pos=pos)


def _describe(expr: ast.Node) -> str:
    return {
        ast.PatternPredicate: "pattern predicate",
        ast.PatternComprehension: "pattern comprehension",
    }.get(type(expr), "EXISTS subquery")


def _names(node: ast.Node) -> Iterator[str]:
    """Every variable name a subtree mentions (references and pattern variables)."""
    for sub in node.walk():
        if isinstance(sub, ast.Variable):
            yield sub.name
        elif isinstance(sub, (ast.NodePattern, ast.RelationshipPattern, ast.PatternPart)):
            if sub.variable:
                yield sub.variable


def _plan_subquery(planner, plan: L.LogicalOp, node: ast.Expr) -> tuple[L.LogicalOp, str]:
    from .planner import is_hidden

    tag = planner.fresh("sub")
    fields = plan.fields
    refs = sorted({n for n in _names(node) if n in fields and not is_hidden(n)})
    keys = {r: f"{tag}#key.{r}" for r in refs}
    if refs:
        items = [(k, planner._id_ref(r, fields[r])) for r, k in keys.items()]
        items += [(r, Col(r, type=fields[r])) for r in refs]
        start: L.LogicalOp = L.Distinct(L.Project(plan, tuple(items)))
    else:
        start = L.Start()
    key_items = tuple((k, Col(k, type=start.fields[k])) for k in keys.values())
    inner = _plan_inner(planner, start, node, tuple(keys.values()))
    if isinstance(node, ast.PatternComprehension):
        inner, (projection,) = plan_subqueries(planner, inner, [node.projection])
        value = planner.lower(projection, inner)
        element = value.type if value.type != T.NULL else T.ANY
        collected = AggCall("collect_all", (value,), type=T.ListType(element))
        result: L.LogicalOp = L.Aggregate(inner, key_items, ((tag + "#value", collected),))
        default: IRExpr = Lit([], type=collected.type)
    else:
        found = (tag + "#value", Lit(True, type=T.BOOLEAN))
        result = L.Distinct(L.Project(inner, (*key_items, found)))
        default = Lit(False, type=T.BOOLEAN)
    on = tuple(
        (planner._id_ref(r, fields[r]), Col(k, type=start.fields[k])) for r, k in keys.items()
    )
    joined = L.Join(plan, result, on, kind="left")
    found_value = Col(tag + "#value", type=default.type)
    value = Call("coalesce", (found_value, default), type=default.type)
    return L.Extend(joined, ((tag, value),)), tag


def _plan_inner(planner, start: L.LogicalOp, node: ast.Expr, keys) -> L.LogicalOp:
    if isinstance(node, ast.PatternPredicate):
        return planner.match_pattern(start, (node.pattern,), None)
    if isinstance(node, ast.PatternComprehension):
        return planner.match_pattern(start, (node.pattern,), node.predicate)
    if node.pattern is not None:
        return planner.match_pattern(start, node.pattern.parts, node.where)
    body = node.query.body
    if not isinstance(body, ast.SingleQuery):
        raise UnsupportedFeature("UNION inside EXISTS is not supported yet", position=node.pos)
    return planner.plan_correlated(body, start, keys)
