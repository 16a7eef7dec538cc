"""Constant expressions that must be known when planning: SKIP and LIMIT counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import ast
from ..errors import CypherSyntaxError
from ..ir.expr import IRExpr, Lit
from .expressions import Scope

if TYPE_CHECKING:
    from .planner import LogicalPlanner


def evaluate_constant_count(planner: LogicalPlanner, expr: ast.Expr, clause: str) -> int:
    if any(isinstance(n, (ast.Variable, ast.PatternPredicate)) for n in expr.walk()):
        raise CypherSyntaxError(
            f"It is not allowed to refer to variables in {clause}",
            code="NonConstantExpression",
            position=expr.pos,
        )
    value = evaluate_constant(planner, planner.lowering.lower(expr, Scope({})))
    if isinstance(value, bool) or not isinstance(value, int):
        raise CypherSyntaxError(
            f"{clause} expects an integer, got {value!r}",
            code="InvalidArgumentType",
            position=expr.pos,
            phase="compile time",
        )
    if value < 0:
        raise CypherSyntaxError(
            f"{clause} expects a non-negative integer, got {value}",
            code="NegativeIntegerArgument",
            position=expr.pos,
            phase="compile time",
        )
    return value


def evaluate_constant(planner: LogicalPlanner, expr: IRExpr):
    """The value of an expression without variables: folded here when it is a literal, else
    computed by the backend's constant evaluator."""
    if isinstance(expr, Lit):
        return expr.value
    evaluator = getattr(planner, "evaluate_constant", None)
    if evaluator is None:
        raise CypherSyntaxError(
            "Expected a constant expression", code="NonConstantExpression", position=None
        )
    return evaluator(expr)
