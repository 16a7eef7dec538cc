"""Aggregation rules.

In a projection (RETURN / WITH) with at least one aggregate, the items without aggregates
are the grouping keys. An item that mixes aggregates with other expressions may only use,
outside its aggregate calls, grouping keys that are variables or property lookups
(``n`` or ``n.prop`` projected as keys) — anything else is ambiguous
(AmbiguousAggregationExpression), even a complex expression that is itself a key (the
openCypher TCK says so: ``RETURN a.x + b.x, a.x + b.x + count(*)`` is an error).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .. import ast
from ..errors import CypherSyntaxError
from .functions import lookup


def is_aggregate_call(expr: ast.Node) -> bool:
    if isinstance(expr, ast.CountStar):
        return True
    if isinstance(expr, ast.FunctionCall):
        spec = lookup(expr.name)
        return spec is not None and spec.aggregating
    return False


def subexpressions(expr: ast.Node) -> Iterator[ast.Node]:
    """Pre-order walk that does not enter nested subqueries (they aggregate on their own)."""
    yield expr
    if isinstance(expr, ast.ExistsSubquery):
        return
    for child in expr.children():
        yield from subexpressions(child)


def contains_aggregate(expr: ast.Node | None) -> bool:
    return expr is not None and any(is_aggregate_call(e) for e in subexpressions(expr))


def _ambiguous(node: ast.Node) -> CypherSyntaxError:
    return CypherSyntaxError(
        "aggregation expression uses a non-grouping expression outside its aggregates;"
        " project it as a grouping key first",
        code="AmbiguousAggregationExpression",
        position=node.pos,
    )


class _GroupingCheck:
    def __init__(self, grouping_keys: Sequence[ast.Expr], grouping_names: frozenset[str]):
        # Only simple keys (variables, property lookups) may be reused inside an aggregation
        # expression.
        self.simple_keys = [k for k in grouping_keys if isinstance(k, (ast.Variable, ast.Property))]
        self.grouping_names = grouping_names

    def find_ungrouped(self, expr: ast.Node, local: frozenset[str]) -> ast.Node | None:
        if is_aggregate_call(expr):
            return None
        if isinstance(expr, (ast.Variable, ast.Property)) and expr in self.simple_keys:
            return None
        if isinstance(expr, ast.Variable):
            ok = expr.name in local or expr.name in self.grouping_names
            return None if ok else expr
        if isinstance(expr, ast.MapProjection):
            # ``actor{.name, movies: collect(m.title)}`` groups by its subject implicitly
            # (Neo4j accepts it); only the other expressions inside are checked.
            items = [(i.expr, local) for i in expr.items if i.expr is not None]
            variables = [
                (ast.Variable(i.key, pos=i.pos), local) for i in expr.items if i.kind == "variable"
            ]
            return self._first(items + variables, [])
        if isinstance(expr, (ast.ListComprehension, ast.Quantifier)):
            return self._first(
                [(expr.source, local)],
                [(e, local | {expr.variable}) for e in _bodies(expr)],
            )
        if isinstance(expr, ast.Reduce):
            inner = local | {expr.variable, expr.accumulator}
            return self._first(
                [(expr.init, local), (expr.source, local)], [(expr.expression, inner)]
            )
        if isinstance(expr, (ast.PatternPredicate, ast.PatternComprehension, ast.ExistsSubquery)):
            # Patterns bind their own variables; leave their scoping to the expression checker.
            return None
        return self._first([(child, local) for child in expr.children()], [])

    def _first(self, outer, inner) -> ast.Node | None:
        for node, local in [*outer, *inner]:
            if node is None:
                continue
            found = self.find_ungrouped(node, local)
            if found is not None:
                return found
        return None


def _bodies(expr) -> list[ast.Expr]:
    return [e for e in (expr.predicate, getattr(expr, "projection", None)) if e is not None]


def check_grouping(
    expr: ast.Expr, grouping_keys: Sequence[ast.Expr], grouping_names: frozenset[str]
) -> None:
    """Raise AmbiguousAggregationExpression if the aggregating ``expr`` uses, outside its
    aggregates, something that is not a grouping variable or simple grouping key."""
    if not contains_aggregate(expr):
        return
    found = _GroupingCheck(grouping_keys, grouping_names).find_ungrouped(expr, frozenset())
    if found is not None:
        raise _ambiguous(found)
