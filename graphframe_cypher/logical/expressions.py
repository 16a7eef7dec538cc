"""Lowering of AST expressions to the typed IR.

Names are resolved against a :class:`Scope` (the fields visible at that point of the query),
parameters are substituted by their values (a query is compiled for one set of parameters),
and every node gets its static type from the schema (property types) and the function table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import ast
from .. import types as T
from ..errors import CypherSemanticError, CypherSyntaxError, CypherTypeError, UnsupportedFeature
from ..ir import functions as F
from ..ir.expr import (
    AggCall,
    Call,
    CaseWhen,
    Col,
    IRExpr,
    LambdaVar,
    ListFn,
    ListOf,
    Lit,
    MapOf,
)
from ..temporal.interop import from_python

BINARY_OPERATORS = {
    "OR": "or",
    "XOR": "xor",
    "AND": "and",
    "=": "eq",
    "<>": "neq",
    "<": "lt",
    ">": "gt",
    "<=": "le",
    ">=": "ge",
    "+": "add",
    "-": "sub",
    "*": "mul",
    "/": "div",
    "%": "mod",
    "^": "pow",
    "IN": "in",
    "STARTS WITH": "starts_with",
    "ENDS WITH": "ends_with",
    "CONTAINS": "contains",
    "=~": "regex",
}

AGGREGATES = {
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "collect",
    "stdev",
    "stdevp",
    "percentilecont",
    "percentiledisc",
}


def is_aggregate_name(name: str) -> bool:
    return name.lower() in AGGREGATES


@dataclass
class Scope:
    """Visible names and their types. ``lambdas`` are variables bound by list
    comprehensions, quantifiers and reduce (they shadow fields)."""

    fields: dict[str, T.CypherType]
    lambdas: dict[str, T.CypherType] = field(default_factory=dict)
    # AST expressions already computed as a field (ORDER BY after RETURN n.x sees 'n.x').
    computed: dict[ast.Expr, str] = field(default_factory=dict)

    def with_lambda(self, name: str, ctype: T.CypherType) -> Scope:
        return Scope(self.fields, {**self.lambdas, name: ctype}, self.computed)


class ExpressionLowering:
    def __init__(
        self,
        parameters: dict[str, Any],
        allow_aggregates: bool = False,
        id_type: T.CypherType = T.INTEGER,
        clock: Callable | None = None,
    ):
        from ..temporal.functions import StatementClock

        self.parameters = parameters
        self.allow_aggregates = allow_aggregates
        self.id_type = id_type
        # what date(), datetime.statement(), ... read: one instant per statement
        self.clock = clock or StatementClock()

    def lower(self, expr: ast.Expr, scope: Scope) -> IRExpr:
        if scope.computed and not scope.lambdas and expr in scope.computed:
            name = scope.computed[expr]
            return Col(name, type=scope.fields[name])
        handler: Callable = getattr(self, "_" + type(expr).__name__, None)  # type: ignore
        if handler is None:
            raise UnsupportedFeature(
                f"{type(expr).__name__} expressions are not supported yet", position=expr.pos
            )
        return handler(expr, scope)

    # -- leaves --------------------------------------------------------------------------

    def _Literal(self, e: ast.Literal, scope):
        return Lit(e.value, type=T.type_of_value(e.value))

    def _Parameter(self, e: ast.Parameter, scope):
        if e.name not in self.parameters:
            raise CypherSemanticError(
                f"Expected parameter ${e.name} to be given", code="ParameterMissing", position=e.pos
            )
        value = from_python(self.parameters[e.name])  # datetime values become temporal
        return Lit(value, type=T.type_of_value(value))

    def _Variable(self, e: ast.Variable, scope: Scope):
        if e.name in scope.lambdas:
            return LambdaVar(e.name, type=scope.lambdas[e.name])
        if e.name not in scope.fields:
            raise CypherSyntaxError(
                f"Variable `{e.name}` not defined", code="UndefinedVariable", position=e.pos
            )
        return Col(e.name, type=scope.fields[e.name])

    # -- composite values ----------------------------------------------------------------

    def _ListLiteral(self, e: ast.ListLiteral, scope):
        items = tuple(self.lower(i, scope) for i in e.items)
        ltype = T.ListType(T.join_all(i.type for i in items))
        if all(isinstance(i, Lit) for i in items):
            return Lit([i.value for i in items], type=ltype)  # type: ignore[union-attr]
        return ListOf(items, type=ltype)

    def _MapLiteral(self, e: ast.MapLiteral, scope):
        entries = dict((k, self.lower(v, scope)) for k, v in e.entries)
        mtype = T.MapType({k: v.type for k, v in entries.items()})
        if all(isinstance(v, Lit) for v in entries.values()):
            return Lit({k: v.value for k, v in entries.items()}, type=mtype)  # type: ignore
        return MapOf(tuple(entries), tuple(entries.values()), type=mtype)

    def _MapProjection(self, e: ast.MapProjection, scope):
        subject = self._Variable(ast.Variable(e.subject, pos=e.pos), scope)
        entries: dict[str, IRExpr] = {}
        for item in e.items:
            if item.kind == "all":
                if not isinstance(subject.type, (T.ElementType, T.MapType)) or (
                    isinstance(subject.type, T.MapType) and subject.type.fields is None
                ):
                    raise UnsupportedFeature(
                        "map projection .* on a dynamic map", position=item.pos
                    )
                keys = (
                    subject.type.properties
                    if isinstance(subject.type, T.ElementType)
                    else subject.type.fields
                )
                for key, _ in keys or ():
                    entries[key] = self._property(subject, key)
            elif item.kind == "property":
                entries[item.key] = self._property(subject, item.key)
            else:  # a variable (its key is the user's name, its expression the field) or key: expr
                entries[item.key] = self.lower(item.expr, scope)  # type: ignore[arg-type]
        mtype = T.MapType({k: v.type for k, v in entries.items()})
        return MapOf(tuple(entries), tuple(entries.values()), type=mtype)

    # -- access --------------------------------------------------------------------------

    def _Property(self, e: ast.Property, scope):
        subject = self.lower(e.subject, scope)
        return self._property(subject, e.key, e.pos)

    def _property(self, subject: IRExpr, key: str, pos=None) -> IRExpr:
        stype = subject.type
        if isinstance(stype, T.ElementType):
            ptype = stype.property_type(key)
        elif isinstance(stype, T.MapType):
            ptype = stype.field_type(key)
        elif stype.name in T.TEMPORAL_TYPES:
            ptype = _temporal_component_type(stype, key, pos)
        elif stype in (T.ANY, T.NULL):
            ptype = T.ANY if stype != T.NULL else T.NULL
        else:
            raise CypherTypeError(
                f"Type mismatch: expected a map, node or relationship but was {stype}",
                code="InvalidArgumentType",
                position=pos,
            )
        args = (subject, Lit(key, type=T.STRING))
        folded = _fold_temporal("property", args, ptype, self.clock)
        return folded or Call("property", args, type=ptype)

    def _DynamicProperty(self, e: ast.DynamicProperty, scope):
        subject = self.lower(e.subject, scope)
        key = self.lower(e.key, scope)
        if isinstance(subject.type, T.ListType):
            rtype = subject.type.element
        elif isinstance(key, Lit) and isinstance(key.value, str):
            return self._property(subject, key.value, e.pos)
        else:
            rtype = T.ANY
        return Call("index", (subject, key), type=rtype)

    def _Slice(self, e: ast.Slice, scope):
        subject = self.lower(e.subject, scope)
        # An omitted bound is an INTEGER-typed null; an explicit `null` bound is NULL-typed
        # (and makes the slice null).
        bounds = [
            self.lower(b, scope) if b is not None else Lit(None, type=T.INTEGER)
            for b in (e.start, e.end)
        ]
        rtype = subject.type if isinstance(subject.type, T.ListType) else T.ListType(T.ANY)
        return Call("slice", (subject, *bounds), type=rtype)

    # -- operators -----------------------------------------------------------------------

    def _UnaryOp(self, e: ast.UnaryOp, scope):
        operand = self.lower(e.operand, scope)
        if e.op == "+":
            return operand
        fn = "not" if e.op == "NOT" else "neg"
        return Call(fn, (operand,), type=F.operator_type(fn, [operand.type]))

    def _BinaryOp(self, e: ast.BinaryOp, scope):
        fn = BINARY_OPERATORS[e.op]
        left, right = self.lower(e.left, scope), self.lower(e.right, scope)
        rtype = F.operator_type(fn, [left.type, right.type])
        folded = _fold_temporal(fn, (left, right), rtype, self.clock)
        if folded is not None:
            return folded
        if fn in ("eq", "neq") and _same_element_kind(left, right):
            # Graph elements are equal when they are the same element: compare ids only.
            left, right = self._element_id(left), self._element_id(right)
        return Call(fn, (left, right), type=rtype)

    def _IsNull(self, e: ast.IsNull, scope):
        fn = "is_not_null" if e.negated else "is_null"
        return Call(fn, (self.lower(e.operand, scope),), type=T.BOOLEAN)

    def _HasLabels(self, e: ast.HasLabels, scope):
        subject = self.lower(e.subject, scope)
        labels = Lit(list(e.labels), type=T.ListType(T.STRING))
        return Call("has_labels", (subject, labels), type=T.BOOLEAN)

    def _CaseExpr(self, e: ast.CaseExpr, scope):
        subject = self.lower(e.subject, scope) if e.subject is not None else None
        branches = []
        for when, then in e.alternatives:
            cond = self.lower(when, scope)
            if subject is not None:
                cond = Call("eq", (subject, cond), type=T.BOOLEAN)
            branches.append((cond, self.lower(then, scope)))
        default = self.lower(e.default, scope) if e.default is not None else None
        rtype = T.join_all(
            [b.type for _, b in branches] + ([default.type] if default else [T.NULL])
        )
        return CaseWhen(tuple(branches), default, type=rtype)

    # -- functions -----------------------------------------------------------------------

    def _FunctionCall(self, e: ast.FunctionCall, scope):
        name = e.name.lower()
        args = tuple(self.lower(a, scope) for a in e.args)
        if name in AGGREGATES:
            if not self.allow_aggregates:
                raise CypherSyntaxError(
                    f"Invalid use of aggregating function {e.name}(...) in this context",
                    code="InvalidAggregation",
                    position=e.pos,
                )
            rtype = F.aggregate_type(name, [a.type for a in args])
            if name == "count" and len(args) == 1 and isinstance(args[0].type, T.ElementType):
                # Counting elements (DISTINCT or not) needs only their ids.
                args = (self._element_id(args[0]),)
            return AggCall(name, args, e.distinct, type=rtype)
        fn, rtype = F.resolve_function(e.name, [a.type for a in args], e.pos)
        return _fold_temporal(fn, args, rtype, self.clock) or Call(fn, args, type=rtype)

    def _CountStar(self, e: ast.CountStar, scope):
        if not self.allow_aggregates:
            raise CypherSyntaxError(
                "Invalid use of aggregating function count(*) in this context",
                code="InvalidAggregation",
                position=e.pos,
            )
        return AggCall("count_star", (), type=T.INTEGER)

    def _element_id(self, expr: IRExpr) -> IRExpr:
        return Call("id", (expr,), type=self.id_type)

    # -- list operations with local variables --------------------------------------------

    def _element_type(self, source: IRExpr) -> T.CypherType:
        return source.type.element if isinstance(source.type, T.ListType) else T.ANY

    def _ListComprehension(self, e: ast.ListComprehension, scope):
        source = self.lower(e.source, scope)
        inner = scope.with_lambda(e.variable, self._element_type(source))
        result = source
        if e.predicate is not None:
            pred = self.lower(e.predicate, inner)
            result = ListFn(
                "filter",
                result,
                e.variable,
                pred,
                type=result.type if isinstance(result.type, T.ListType) else T.ListType(T.ANY),
            )
        if e.projection is not None:
            body = self.lower(e.projection, inner)
            result = ListFn("transform", result, e.variable, body, type=T.ListType(body.type))
        return result

    def _Quantifier(self, e: ast.Quantifier, scope):
        source = self.lower(e.source, scope)
        inner = scope.with_lambda(e.variable, self._element_type(source))
        pred = (
            self.lower(e.predicate, inner) if e.predicate is not None else Lit(True, type=T.BOOLEAN)
        )
        return ListFn(e.kind.lower(), source, e.variable, pred, type=T.BOOLEAN)

    def _Reduce(self, e: ast.Reduce, scope):
        init = self.lower(e.init, scope)
        source = self.lower(e.source, scope)
        inner = scope.with_lambda(e.accumulator, init.type).with_lambda(
            e.variable, self._element_type(source)
        )
        body = self.lower(e.expression, inner)
        if body.type != init.type:
            # The accumulator's type may change per step: type it by the join and re-lower.
            acc_type = T.join(init.type, body.type)
            inner = scope.with_lambda(e.accumulator, acc_type).with_lambda(
                e.variable, self._element_type(source)
            )
            body = self.lower(e.expression, inner)
        return ListFn(
            "reduce",
            source,
            e.variable,
            body,
            e.accumulator,
            init,
            type=T.join(init.type, body.type),
        )

    def _unsupported(self, e: ast.Expr, scope):
        raise UnsupportedFeature(f"{type(e).__name__} is not supported yet", position=e.pos)

    _PatternComprehension = _unsupported
    _PatternPredicate = _unsupported
    _ExistsSubquery = _unsupported


def _temporal_component_type(stype: T.CypherType, key: str, pos) -> T.CypherType:
    from ..temporal.accessors import component_type_name

    name = component_type_name(stype.name, key)
    if name is None:
        raise CypherSyntaxError(
            f"A {stype} has no component {key!r}", code="InvalidArgumentType", position=pos
        )
    return T.INTEGER if name == "INTEGER" else T.STRING


def _fold_temporal(fn: str, args: tuple[IRExpr, ...], rtype: T.CypherType, clock) -> Lit | None:
    """Temporal functions and operators with constant arguments are computed here, in
    Python (graphframe_cypher.temporal), instead of at runtime for every row."""
    from ..temporal import functions as TF
    from ..temporal.values import is_temporal

    if not all(isinstance(a, Lit) for a in args):
        return None
    values = [a.value for a in args]  # type: ignore[union-attr]
    if fn in TF.FUNCTIONS:
        return Lit(TF.evaluate(fn, values, clock), type=rtype)
    if not any(is_temporal(v) for v in values):
        return None
    if fn in TF.OPERATORS:
        impl = TF.OPERATORS[fn]
    elif fn == "property":
        impl = TF.property_of
    elif fn in ("tostring", "tostringornull"):
        impl = TF.to_string
    else:
        return None
    return Lit(impl(*values), type=rtype)


def _same_element_kind(left: IRExpr, right: IRExpr) -> bool:
    return (
        isinstance(left.type, T.ElementType)
        and isinstance(right.type, T.ElementType)
        and left.type.name == right.type.name
    )


def contains_aggregate(expr: ast.Expr) -> bool:
    """Whether ``expr`` aggregates (not counting the aggregates of nested subqueries)."""
    from ..semantic.aggregation import contains_aggregate as aggregates

    return aggregates(expr)
