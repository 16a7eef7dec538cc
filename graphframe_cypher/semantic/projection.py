"""RETURN / WITH projections: items, column names, grouping, ORDER BY, WHERE, SKIP, LIMIT.

A projection starts a new scope: only the projected names survive. Its ORDER BY sees the
projected names and — unless the projection is DISTINCT or aggregating — the previous
scope's variables too; so does the WHERE of a WITH (``OPTIONAL MATCH (a)-[r]->(b) WITH b
WHERE r IS NULL``). After DISTINCT or aggregation, ORDER BY may still repeat a projected
expression verbatim (``RETURN DISTINCT a.name ORDER BY a.name``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import ast
from .. import types as T
from ..errors import CypherSyntaxError
from .aggregation import check_grouping, contains_aggregate, subexpressions
from .expressions import ExpressionChecker
from .scope import Scope, VarInfo, info_for_type

# Builds an ExpressionChecker for a scope (the analyzer adds subquery and parameter hooks).
CheckerFactory = Callable[..., ExpressionChecker]


@dataclass(frozen=True)
class Projection:
    scope: Scope  # the scope after the projection
    columns: tuple[str, ...]
    aggregating: bool
    distinct: bool


def _error(code: str, message: str, node: ast.Node) -> CypherSyntaxError:
    return CypherSyntaxError(message, code=code, position=node.pos)


class ProjectionAnalyzer:
    def __init__(
        self,
        clause: ast.Clause,
        body: ast.ProjectionBody,
        previous: Scope,
        make_checker: CheckerFactory,
    ):
        self.clause = clause
        self.body = body
        self.previous = previous
        self.make_checker = make_checker
        self.is_with = isinstance(clause, ast.With)

    def analyze(self) -> Projection:
        body = self.body
        star_names = self._star_names()
        item_types = self._check_items()
        self._check_column_names()
        aggregating = any(contains_aggregate(item.expression) for item in body.items)
        if aggregating:
            self._check_item_grouping(star_names)
        scope = self._new_scope(star_names, item_types)
        self._check_order_by(scope, item_types, aggregating)
        if self.is_with:
            self._check_where(self.clause.where, scope, item_types, aggregating)  # type: ignore[attr-defined]
        self._check_skip_limit(body.skip, "SKIP")
        self._check_skip_limit(body.limit, "LIMIT")
        if self.is_with:
            self._check_aliases()
        columns = tuple(star_names) + tuple(item.name for item in body.items)
        return Projection(scope, columns, aggregating, body.distinct)

    # -- items ----------------------------------------------------------------------------

    def _star_names(self) -> list[str]:
        if not self.body.star:
            return []
        # RETURN * needs something to return; WITH * over an empty scope is allowed (TCK
        # Create3: ``MATCH () CREATE () WITH * MATCH () CREATE ()``).
        if not self.previous and not self.body.items and not self.is_with:
            raise _error(
                "NoVariablesInScope",
                "RETURN * is not allowed when there are no variables in scope",
                self.clause,
            )
        # Cypher lists the columns of * in alphabetical order.
        return sorted(name for name in self.previous if name not in self._item_names())

    def _item_names(self) -> set[str]:
        return {item.name for item in self.body.items}

    def _check_items(self) -> list[T.CypherType]:
        checker = self.make_checker(self.previous, aggregates_allowed=True)
        return [checker.check(item.expression) for item in self.body.items]

    def _check_column_names(self) -> None:
        seen: set[str] = set()
        for item in self.body.items:
            if item.name in seen:
                raise _error(
                    "ColumnNameConflict",
                    f"multiple result columns with the same name `{item.name}`",
                    item,
                )
            seen.add(item.name)

    def _grouping_keys(self) -> list[ast.Expr]:
        return [i.expression for i in self.body.items if not contains_aggregate(i.expression)]

    def _check_item_grouping(self, star_names: list[str]) -> None:
        keys = self._grouping_keys()
        names = frozenset(star_names) | {k.name for k in keys if isinstance(k, ast.Variable)}
        for item in self.body.items:
            check_grouping(item.expression, keys, names)

    def _new_scope(self, star_names: list[str], item_types: list[T.CypherType]) -> Scope:
        variables: dict[str, VarInfo] = {name: self.previous[name] for name in star_names}
        for item, type_ in zip(self.body.items, item_types, strict=True):
            expr = item.expression
            if isinstance(expr, ast.Variable) and expr.name in self.previous:
                variables[item.name] = self.previous[expr.name]
            else:
                variables[item.name] = info_for_type(type_)
        return Scope(tuple(variables.items()))

    def _check_aliases(self) -> None:
        for item in self.body.items:
            if item.alias is None and not isinstance(item.expression, ast.Variable):
                raise _error(
                    "NoExpressionAlias",
                    f"expression in WITH must be aliased (use AS): {item.text}",
                    item.expression,
                )

    # -- ORDER BY and WITH ... WHERE ---------------------------------------------------------

    def _sort_and_filter_checker(
        self, scope: Scope, item_types, aggregating: bool, aggregates_allowed: bool
    ) -> ExpressionChecker:
        """ORDER BY and the WHERE of a WITH see the projected names and, unless the
        projection is DISTINCT or aggregating, the previous scope as well; after DISTINCT or
        aggregation only projected expressions repeated verbatim can reach old variables."""
        if aggregating or self.body.distinct:
            known = [(i.expression, t) for i, t in zip(self.body.items, item_types, strict=True)]
            return self.make_checker(scope, aggregates_allowed=aggregates_allowed, known=known)
        visible = Scope(tuple({**dict(self.previous), **dict(scope)}.items()))
        return self.make_checker(visible)

    def _check_order_by(self, scope: Scope, item_types, aggregating: bool) -> None:
        if not self.body.order_by:
            return
        checker = self._sort_and_filter_checker(scope, item_types, aggregating, aggregating)
        keys = self._grouping_keys()
        for sort in self.body.order_by:
            checker.check(sort.expression)
            if aggregating:
                check_grouping(sort.expression, keys, frozenset(scope))

    def _check_where(
        self, where: ast.Expr | None, scope: Scope, item_types, aggregating: bool
    ) -> None:
        if where is not None:
            self._sort_and_filter_checker(scope, item_types, aggregating, False).check(where)

    # -- SKIP / LIMIT -----------------------------------------------------------------------

    def _check_skip_limit(self, expr: ast.Expr | None, keyword: str) -> None:
        if expr is None:
            return
        for sub in subexpressions(expr):
            if isinstance(
                sub,
                (
                    ast.Variable,
                    ast.PatternPredicate,
                    ast.PatternComprehension,
                    ast.ExistsSubquery,
                    ast.MapProjection,
                ),
            ):
                raise _error(
                    "NonConstantExpression",
                    f"{keyword} must be a constant expression that does not refer to variables",
                    sub,
                )
        self.make_checker(Scope()).check(expr)
        value = _constant_value(expr)
        if value is _NOT_CONSTANT or value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            raise _error(
                "InvalidArgumentType", f"{keyword} must be an integer, got {value!r}", expr
            )
        if value < 0:
            raise _error(
                "NegativeIntegerArgument", f"{keyword} must not be negative, got {value}", expr
            )


_NOT_CONSTANT = object()


def _constant_value(expr: ast.Expr):
    """The value of a literal (possibly negated) expression; _NOT_CONSTANT otherwise."""
    if isinstance(expr, ast.Literal):
        return expr.value
    if isinstance(expr, ast.UnaryOp) and expr.op in ("-", "+"):
        inner = _constant_value(expr.operand)
        if isinstance(inner, (int, float)) and not isinstance(inner, bool):
            return -inner if expr.op == "-" else inner
    return _NOT_CONSTANT
