"""Typing and constant folding of temporal calls in the IR lowering (no Spark)."""

from __future__ import annotations

import pytest

from graphframe_cypher import ast as A
from graphframe_cypher import types as T
from graphframe_cypher.errors import CypherSyntaxError
from graphframe_cypher.ir.expr import Call, Lit
from graphframe_cypher.ir.functions import operator_type, resolve_function
from graphframe_cypher.logical.expressions import ExpressionLowering, Scope
from graphframe_cypher.temporal import Date, Duration


def lower(expr: A.Expr, **fields):
    return ExpressionLowering({}).lower(expr, Scope(dict(fields)))


def call(name: str, *args: A.Expr) -> A.FunctionCall:
    return A.FunctionCall(name=name, args=args)


def lit(value) -> A.Literal:
    return A.Literal(value=value)


def test_constant_calls_fold_to_literals():
    ir = lower(call("date", lit("2015-07-21")))
    assert ir == Lit(Date(2015, 7, 21), type=T.DATE)
    year = lower(A.Property(subject=call("date", lit("2015-07-21")), key="year"))
    assert year == Lit(2015, type=T.INTEGER)
    summed = lower(
        A.BinaryOp(op="+", left=call("date", lit("2015-01-31")), right=call("duration", lit("P1M")))
    )
    assert summed == Lit(Date(2015, 2, 28), type=T.DATE)


def test_calls_on_columns_stay_calls_with_precise_types():
    ir = lower(
        call("duration.between", A.Variable(name="a"), A.Variable(name="b")), a=T.DATE, b=T.DATETIME
    )
    assert isinstance(ir, Call) and ir.fn == "duration.between" and ir.type == T.DURATION
    week = lower(A.Property(subject=A.Variable(name="d"), key="weekYear"), d=T.DATE)
    assert isinstance(week, Call) and week.type == T.INTEGER
    zone = lower(A.Property(subject=A.Variable(name="d"), key="timezone"), d=T.DATETIME)
    assert zone.type == T.STRING


def test_unknown_component_is_a_compile_time_error():
    with pytest.raises(CypherSyntaxError):
        lower(A.Property(subject=A.Variable(name="d"), key="hour"), d=T.DATE)


def test_clock_functions_read_one_instant_per_statement():
    lowering = ExpressionLowering({})
    first = lowering.lower(call("localtime"), Scope({}))
    second = lowering.lower(call("localtime.statement"), Scope({}))
    assert first.value == second.value


@pytest.mark.parametrize(
    "op, args, expected",
    [
        ("add", [T.DATE, T.DURATION], T.DATE),
        ("add", [T.DURATION, T.LOCALTIME], T.LOCALTIME),
        ("sub", [T.DURATION, T.DURATION], T.DURATION),
        ("mul", [T.DURATION, T.FLOAT], T.DURATION),
        ("add", [T.ANY, T.DURATION], T.ANY),
    ],
)
def test_temporal_arithmetic_types(op, args, expected):
    assert operator_type(op, args) == expected


def test_function_table_entries():
    assert resolve_function("date.truncate", [T.STRING, T.DATETIME]) == ("date.truncate", T.DATE)
    assert resolve_function("duration.inSeconds", [T.TIME, T.TIME])[1] == T.DURATION
    assert resolve_function("toString", [T.DURATION]) == ("tostring", T.STRING)
    assert T.type_of_value(Duration(1)) == T.DURATION


def test_every_lowering_of_a_query_shares_the_statement_clock():
    from graphframe_cypher.graph.model import GraphSchema
    from graphframe_cypher.logical.planner import LogicalPlanner

    planner = LogicalPlanner(GraphSchema())
    assert planner.make_lowering(allow_aggregates=True).clock is planner.lowering.clock
