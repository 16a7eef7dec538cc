"""Checking one expression against a scope, and inferring its static type.

The checker raises UndefinedVariable, UnknownFunction, InvalidNumberOfArguments,
InvalidAggregation, NestedAggregation, NonConstantExpression (non-deterministic function
inside an aggregate) and the statically detectable InvalidArgumentType cases
(``type_rules``). Comprehension, quantifier and reduce variables are local to their
expression; patterns in expressions are bound with :mod:`patterns`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from .. import ast
from .. import types as T
from ..errors import CypherSyntaxError
from . import type_rules as R
from .functions import lookup
from .patterns import Mode, PatternBinder
from .scope import ScopeBuilder, VarInfo, info_for_type

# Analyses a nested ``EXISTS { query }`` with the given outer scope.
SubqueryAnalyzer = Callable[[ast.Query, Mapping[str, VarInfo]], None]


def _error(code: str, message: str, node: ast.Node) -> CypherSyntaxError:
    return CypherSyntaxError(message, code=code, position=node.pos)


class ExpressionChecker:
    """Checks expressions evaluated in ``scope``.

    ``aggregates_allowed``: whether aggregate calls may appear (projection items and the
    ORDER BY of an aggregating projection). ``known``: expressions accepted as they are
    without looking inside (ORDER BY after DISTINCT/aggregation may repeat a projected
    expression even though its variables are gone)."""

    def __init__(
        self,
        scope: Mapping[str, VarInfo],
        *,
        aggregates_allowed: bool = False,
        known: Sequence[tuple[ast.Expr, T.CypherType]] = (),
        subquery: SubqueryAnalyzer | None = None,
        parameters: set[str] | None = None,
        text: str = "",
    ):
        self.text = text  # the query text (for error positions inside patterns)
        self.scope = scope
        self.aggregates_allowed = aggregates_allowed
        self.known = list(known)
        self.subquery = subquery
        self.parameters = parameters if parameters is not None else set()
        self._locals: list[dict[str, VarInfo]] = []
        self._aggregate_depth = 0  # > 0 inside the arguments of an aggregate call
        self._local_body_depth = 0  # > 0 inside a comprehension / quantifier / reduce body

    # -- public ---------------------------------------------------------------------------

    def check(self, expr: ast.Expr | None) -> T.CypherType:
        if expr is None:
            return T.NULL
        for known_expr, type_ in self.known:
            if expr == known_expr:
                return type_
        method = getattr(self, "_check_" + type(expr).__name__, None)
        if method is None:
            for child in expr.children():
                self.check(child)  # type: ignore[arg-type]
            return T.ANY
        return method(expr)

    def lookup(self, name: str) -> VarInfo | None:
        for frame in reversed(self._locals):
            if name in frame:
                return frame[name]
        return self.scope.get(name)

    def visible(self) -> dict[str, VarInfo]:
        merged = dict(self.scope)
        for frame in self._locals:
            merged.update(frame)
        return merged

    # -- leaves ---------------------------------------------------------------------------

    def _check_Literal(self, expr: ast.Literal) -> T.CypherType:
        return R.literal_type(expr.value)

    def _check_Parameter(self, expr: ast.Parameter) -> T.CypherType:
        self.parameters.add(expr.name)
        return T.ANY

    def _check_Variable(self, expr: ast.Variable) -> T.CypherType:
        info = self.lookup(expr.name)
        if info is None:
            raise _error("UndefinedVariable", f"variable `{expr.name}` not defined", expr)
        return info.type

    # -- collections ----------------------------------------------------------------------

    def _check_ListLiteral(self, expr: ast.ListLiteral) -> T.CypherType:
        return T.ListType(T.join_all(self.check(item) for item in expr.items))

    def _check_MapLiteral(self, expr: ast.MapLiteral) -> T.CypherType:
        return T.MapType({key: self.check(value) for key, value in expr.entries})

    def _check_MapProjection(self, expr: ast.MapProjection) -> T.CypherType:
        self._check_Variable(ast.Variable(expr.subject, pos=expr.pos))
        for item in expr.items:
            if item.kind == "variable":
                self._check_Variable(ast.Variable(item.key, pos=item.pos))
            elif item.expr is not None:
                self.check(item.expr)
        return T.MAP

    def _check_Property(self, expr: ast.Property) -> T.CypherType:
        R.check_property_subject(expr.subject, self.check(expr.subject))
        return T.ANY

    def _check_DynamicProperty(self, expr: ast.DynamicProperty) -> T.CypherType:
        subject = self.check(expr.subject)
        key = self.check(expr.key)
        R.check_subscript_subject(expr.subject, subject)
        if isinstance(subject, T.ListType) and key == T.INTEGER:
            return subject.element
        return T.ANY

    def _check_Slice(self, expr: ast.Slice) -> T.CypherType:
        subject = self.check(expr.subject)
        self.check(expr.start)
        self.check(expr.end)
        return subject if isinstance(subject, T.ListType) else T.ANY

    # -- operators ------------------------------------------------------------------------

    def _check_UnaryOp(self, expr: ast.UnaryOp) -> T.CypherType:
        operand = self.check(expr.operand)
        if expr.op.upper() == "NOT":
            R.check_boolean_operand("NOT", expr.operand, operand)
            return T.BOOLEAN
        return operand if operand.is_numeric else T.ANY

    def _check_BinaryOp(self, expr: ast.BinaryOp) -> T.CypherType:
        op = expr.op.upper()
        left = self.check(expr.left)
        right = self.check(expr.right)
        if op in ("AND", "OR", "XOR"):
            R.check_boolean_operand(op, expr.left, left)
            R.check_boolean_operand(op, expr.right, right)
        elif op == "IN":
            R.check_list_operand(expr.right, right)
        elif op in ("-", "*", "/", "%", "^"):
            R.check_arithmetic_operand(op, expr.left, left)
            R.check_arithmetic_operand(op, expr.right, right)
        return R.binary_result_type(op, left, right)

    def _check_IsNull(self, expr: ast.IsNull) -> T.CypherType:
        self.check(expr.operand)
        return T.BOOLEAN

    def _check_HasLabels(self, expr: ast.HasLabels) -> T.CypherType:
        self.check(expr.subject)
        return T.BOOLEAN

    def _check_CaseExpr(self, expr: ast.CaseExpr) -> T.CypherType:
        self.check(expr.subject)
        results = []
        for when, then in expr.alternatives:
            self.check(when)
            results.append(self.check(then))
        if expr.default is not None:
            results.append(self.check(expr.default))
        return T.join_all(results)

    # -- functions and aggregation ---------------------------------------------------------

    def _check_CountStar(self, expr: ast.CountStar) -> T.CypherType:
        self._check_aggregate_allowed(expr)
        return T.INTEGER

    def _check_FunctionCall(self, expr: ast.FunctionCall) -> T.CypherType:
        spec = lookup(expr.name)
        if spec is None:
            raise _error("UnknownFunction", f"unknown function `{expr.name}`", expr)
        if not spec.arity_ok(len(expr.args)):
            raise _error(
                "InvalidNumberOfArguments",
                f"wrong number of arguments for {spec.signature}: {len(expr.args)}",
                expr,
            )
        if not spec.deterministic and self._aggregate_depth:
            raise _error(
                "NonConstantExpression",
                f"non-deterministic function {spec.name}() cannot be used inside an aggregate",
                expr,
            )
        if spec.aggregating:
            self._check_aggregate_allowed(expr)
            self._aggregate_depth += 1
        try:
            arg_types = [self.check(arg) for arg in expr.args]
        finally:
            if spec.aggregating:
                self._aggregate_depth -= 1
        for index, (arg, type_) in enumerate(zip(expr.args, arg_types, strict=True)):
            R.check_function_argument(spec.name, spec.accepted_types(index), arg, type_)
        return R.function_result_type(spec.name, arg_types)

    def _check_aggregate_allowed(self, expr: ast.Expr) -> None:
        if self._aggregate_depth:
            raise _error("NestedAggregation", "aggregate functions cannot be nested", expr)
        if not self.aggregates_allowed or self._local_body_depth:
            raise _error("InvalidAggregation", "aggregate functions are not allowed here", expr)

    # -- local scopes -----------------------------------------------------------------------

    def _in_local_scope(self, bindings: dict[str, VarInfo], exprs) -> list[T.CypherType]:
        self._locals.append(bindings)
        self._local_body_depth += 1
        try:
            return [self.check(e) for e in exprs]
        finally:
            self._local_body_depth -= 1
            self._locals.pop()

    def _check_ListComprehension(self, expr: ast.ListComprehension) -> T.CypherType:
        element = R.element_type(self.check(expr.source))
        local = {expr.variable: info_for_type(element)}
        _, projected = self._in_local_scope(local, [expr.predicate, expr.projection])
        return T.ListType(projected if expr.projection is not None else element)

    def _check_Quantifier(self, expr: ast.Quantifier) -> T.CypherType:
        element = R.element_type(self.check(expr.source))
        self._in_local_scope({expr.variable: info_for_type(element)}, [expr.predicate])
        return T.BOOLEAN

    def _check_Reduce(self, expr: ast.Reduce) -> T.CypherType:
        accumulator = self.check(expr.init)
        element = R.element_type(self.check(expr.source))
        local = {
            expr.accumulator: info_for_type(T.ANY),
            expr.variable: info_for_type(element),
        }
        (result,) = self._in_local_scope(local, [expr.expression])
        return T.join(accumulator, result)

    # -- patterns and subqueries -------------------------------------------------------------

    def _bind_local_pattern(self, parts, mode: Mode) -> dict[str, VarInfo]:
        """Bind a pattern on top of the visible variables; return the new (local) ones."""
        visible = self.visible()
        builder = ScopeBuilder(visible)
        binder = PatternBinder(
            builder, mode, lambda e: self._check_in_pattern(builder, e), self.text
        )
        binder.bind_parts(parts)
        return {n: builder.get(n) for n in builder.names() if n not in visible}  # type: ignore[misc]

    def _check_in_pattern(self, builder: ScopeBuilder, expr: ast.Expr) -> T.CypherType:
        """Check a property map of a pattern, seeing the pattern's own new variables."""
        new = {n: builder.get(n) for n in builder.names() if self.lookup(n) is None}
        self._locals.append(new)  # type: ignore[arg-type]
        try:
            return self.check(expr)
        finally:
            self._locals.pop()

    def _check_PatternPredicate(self, expr: ast.PatternPredicate) -> T.CypherType:
        self._bind_local_pattern((expr.pattern,), Mode.PREDICATE)
        # In older Cypher a pattern expression is a list of paths (``size((a)-->())``).
        return T.ANY

    def _check_PatternComprehension(self, expr: ast.PatternComprehension) -> T.CypherType:
        local = self._bind_local_pattern((expr.pattern,), Mode.MATCH)
        _, projected = self._in_local_scope(local, [expr.predicate, expr.projection])
        return T.ListType(projected)

    def _check_ExistsSubquery(self, expr: ast.ExistsSubquery) -> T.CypherType:
        if expr.query is not None:
            if self.subquery is not None:
                self.subquery(expr.query, self.visible())
            return T.BOOLEAN
        local = self._bind_local_pattern(expr.pattern.parts, Mode.MATCH)
        self._locals.append(local)
        try:
            self.check(expr.where)
        finally:
            self._locals.pop()
        return T.BOOLEAN
