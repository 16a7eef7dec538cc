"""Procedure signatures, the registry, CALL's compile-time checks and its logical plan
(no Spark)."""

from __future__ import annotations

import pytest

from graphframe_cypher import errors
from graphframe_cypher import types as T
from graphframe_cypher.graph.model import GraphSchema
from graphframe_cypher.logical import operators as L
from graphframe_cypher.logical.planner import LogicalPlanner
from graphframe_cypher.parser import parse
from graphframe_cypher.procedures import (
    ProcedureRegistry,
    TableProcedure,
    parse_signature,
    parse_type,
)
from graphframe_cypher.semantic import analyze

PROC = "test.my.proc(name :: STRING?, id :: INTEGER?) :: (city :: STRING?, code :: INTEGER?)"
ROWS = [
    {"name": "Stefan", "id": 1, "city": "Berlin", "code": 49},
    {"name": "Stefan", "id": 2, "city": "München", "code": 49},
]

# -- signatures ---------------------------------------------------------------------------


def test_signature_with_inputs_and_outputs():
    signature = parse_signature(PROC)
    assert signature.name == "test.my.proc"
    assert [(f.name, f.type) for f in signature.inputs] == [("name", T.STRING), ("id", T.INTEGER)]
    assert [(f.name, f.type) for f in signature.outputs] == [
        ("city", T.STRING),
        ("code", T.INTEGER),
    ]
    assert str(signature) == PROC


@pytest.mark.parametrize(
    "text", ["test.doNothing() :: ()", "test.doNothing() :: VOID", "p() :: ():"]
)
def test_void_signatures(text):
    signature = parse_signature(text)
    assert signature.is_void and signature.inputs == ()


def test_list_and_number_types():
    assert parse_type("LIST? OF INTEGER?") == T.ListType(T.INTEGER)
    assert parse_type("number") == T.NUMBER


@pytest.mark.parametrize(
    "text, reason",
    [
        ("test.proc", r"expected NAME\(INPUTS\)"),
        ("test.proc(x :: WIDGET) :: ()", "unknown type `WIDGET`"),
        ("test.proc(x) :: ()", "expected `name :: TYPE`"),
        ("test.proc(x :: INTEGER, x :: STRING) :: ()", "`x` is declared twice"),
    ],
)
def test_invalid_signatures_say_why(text, reason):
    with pytest.raises(errors.CypherProcedureError, match=reason) as caught:
        parse_signature(text)
    assert caught.value.code == "InvalidSignature"


# -- rows and the registry ----------------------------------------------------------------


def test_rows_are_input_values_then_output_values_and_integers_widen_to_float():
    proc = TableProcedure(
        "p(x :: FLOAT?) :: (y :: NUMBER?)", [{"x": 42, "y": 1}, {"x": None, "y": 2.5}]
    )
    assert proc.rows(GraphSchema()) == ((42.0, 1), (None, 2.5))
    assert isinstance(proc.rows(GraphSchema())[0][0], float)


@pytest.mark.parametrize(
    "row, message",
    [({"x": 1}, "row 1 .* no value for `y`"), ({"x": "one", "y": 1}, "`x` is declared INTEGER")],
)
def test_bad_rows_are_rejected(row, message):
    with pytest.raises(errors.CypherProcedureError, match=message):
        TableProcedure("p(x :: INTEGER?) :: (y :: INTEGER?)", [row])


def test_registry_replaces_user_procedures_and_protects_builtins():
    registry = ProcedureRegistry()
    assert {"db.labels", "db.relationshipTypes", "db.propertyKeys"} <= set(registry)
    registry.register(TableProcedure(PROC, ROWS))
    registry.register(TableProcedure(PROC, ROWS[:1]))
    assert len(registry["test.my.proc"].rows(GraphSchema())) == 1
    registry.unregister("test.my.proc")
    assert "test.my.proc" not in registry
    with pytest.raises(errors.CypherProcedureError, match="built-in"):
        registry.unregister("db.labels")
    with pytest.raises(errors.CypherProcedureError, match="built-in"):
        registry.register(TableProcedure("db.labels() :: (label :: STRING?)", []))


# -- compile-time checks ------------------------------------------------------------------


def _signatures():
    registry = ProcedureRegistry()
    registry.register(TableProcedure(PROC, ROWS))
    return registry.signatures()


def check(query):
    return analyze(parse(query), {}, _signatures())


@pytest.mark.parametrize(
    "query, error, code",
    [
        ("CALL test.nope()", errors.CypherProcedureError, "ProcedureNotFound"),
        ("CALL test.my.proc('a')", errors.CypherSyntaxError, "InvalidNumberOfArguments"),
        (
            "CALL test.my.proc YIELD city RETURN city",
            errors.CypherSyntaxError,
            "InvalidArgumentPassingMode",
        ),
        ("CALL test.my.proc(true, 1)", errors.CypherSyntaxError, "InvalidArgumentType"),
        ("CALL test.my.proc('a', 1.5)", errors.CypherSyntaxError, "InvalidArgumentType"),
        (
            "CALL test.my.proc('a', 1) YIELD town RETURN town",
            errors.CypherSyntaxError,
            "UndefinedVariable",
        ),
        ("CALL test.my.proc('a', 1) RETURN city", errors.CypherSyntaxError, "UndefinedVariable"),
        (
            "WITH 1 AS city CALL test.my.proc('a', 1) YIELD city RETURN city",
            errors.CypherSyntaxError,
            "VariableAlreadyBound",
        ),
    ],
)
def test_call_errors(query, error, code):
    with pytest.raises(error) as caught:
        check(query)
    assert caught.value.code == code
    assert caught.value.position is not None


def test_standalone_call_columns_are_the_outputs_or_the_yielded_names():
    assert check("CALL test.my.proc('a', 1)").columns == ("city", "code")
    assert check("CALL test.my.proc").columns == ("city", "code")
    assert check("CALL test.my.proc('a', 1) YIELD code AS c").columns == ("c",)


def test_yielded_variables_have_the_output_types():
    analysis = check("CALL test.my.proc('a', 1) YIELD code RETURN code + 1 AS next")
    call_scope = analysis.parts[0].clauses[0].scope
    assert call_scope["code"].type == T.INTEGER


# -- planning -----------------------------------------------------------------------------


def plan(query, parameters=None):
    registry = ProcedureRegistry()
    registry.register(TableProcedure(PROC, ROWS))
    registry.register(TableProcedure("test.doNothing() :: ()", []))
    return LogicalPlanner(GraphSchema(), parameters, registry).plan(parse(query))


def ops(op):
    yield op
    for child in op.inputs():
        yield from ops(child)


def test_call_joins_the_procedure_rows_and_keeps_their_order_when_it_runs_once():
    logical = plan("CALL test.my.proc('Stefan', 1)")
    assert logical.columns == ("city", "code")
    kinds = [type(op).__name__ for op in ops(logical.root)]
    assert "Values" in kinds and "Sort" in kinds
    values = next(op for op in ops(logical.root) if isinstance(op, L.Values))
    assert values.rows[1] == ("Stefan", 2, "München", 49, 1)


def test_call_per_row_is_not_sorted_and_void_calls_leave_rows_alone():
    per_row = plan("UNWIND ['a', 'b'] AS n CALL test.my.proc(n, 1) YIELD city RETURN city")
    assert "Sort" not in [type(op).__name__ for op in ops(per_row.root)]
    void = plan("UNWIND [1, 2] AS x CALL test.doNothing() RETURN x")
    assert "Values" not in [type(op).__name__ for op in ops(void.root)]


def test_implicit_arguments_come_from_parameters():
    logical = plan("CALL test.my.proc", {"name": "Stefan", "id": 1})
    assert "Stefan" in logical.root.pretty()
