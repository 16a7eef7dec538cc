"""Semantic analysis: expressions, functions, static type errors, DELETE/SET checks."""

from __future__ import annotations

import pytest
from test_semantic_builders import (
    create,
    fails,
    fn,
    item,
    lit,
    lst,
    match,
    mp,
    node,
    op,
    param,
    part,
    prop,
    query,
    rel,
    ret,
    star,
    v,
    with_,
)

from graphframe_cypher import ast as A
from graphframe_cypher import errors
from graphframe_cypher.semantic import FUNCTIONS, analyze, lookup


def returning(expr):
    return query(ret(item(expr, "x")))


# -- functions ----------------------------------------------------------------------------


def test_function_catalogue_lookup_is_case_insensitive():
    assert lookup("TOUPPER") is lookup("toUpper") is not None
    assert lookup("Date.Truncate").name == "date.truncate"
    assert lookup("count").aggregating and not lookup("size").aggregating
    assert lookup("nope") is None
    assert all(spec.signature.startswith(spec.name) for spec in FUNCTIONS.values())


def test_unknown_function_and_arity():
    error = fails(
        query(match(node("a")), ret(item(fn("foo", v("a"), pos=errors.Position(2, 8)), "x"))),
        "UnknownFunction",
    )
    assert error.column == 8
    fails(returning(fn("toUpper")), "InvalidNumberOfArguments")
    fails(returning(fn("substring", lit("a"), lit(1), lit(2), lit(3))), "InvalidNumberOfArguments")
    analyze(returning(fn("coalesce", lit(1), lit(2), lit(3), lit(4))))


# -- static types -------------------------------------------------------------------------


@pytest.mark.parametrize("operand", [lit(123), lit("foo"), lst(), mp(x=lst())])
def test_boolean_operators_reject_non_boolean_literals(operand):
    fails(returning(A.UnaryOp("NOT", operand)), "InvalidArgumentType")
    fails(returning(op("OR", lit(True), operand)), "InvalidArgumentType")
    fails(returning(op("XOR", operand, lit(None))), "InvalidArgumentType")
    fails(returning(op("AND", operand, lit(True))), "InvalidArgumentType")


def test_boolean_operators_accept_unknown_and_null():
    analyze(returning(op("AND", lit(None), param("p"))))
    analyze(query(match(node("n")), ret(item(A.UnaryOp("NOT", prop("n", "flag")), "x"))))


def test_in_requires_a_list():
    fails(returning(op("IN", lit(1), lit("foo"))), "InvalidArgumentType")
    analyze(returning(op("IN", lit(1), lst(lit(1)))))
    analyze(returning(op("IN", lit(1), param("list"))))


def test_quantifier_over_strings_with_arithmetic():
    quantifier = A.Quantifier(
        "none", "x", lst(lit("Clara")), op("=", op("%", v("x"), lit(2)), lit(0))
    )
    fails(returning(quantifier), "InvalidArgumentType")
    numbers = A.Quantifier(
        "any", "x", lst(lit(1), lit(2.5)), op("=", op("%", v("x"), lit(2)), lit(0))
    )
    analyze(returning(numbers))


def test_graph_functions_reject_wrong_element_kinds():
    path = part(node("a"), rel(length=star()), node("b"), variable="p")
    fails(
        query(match(part(node("a"), variable="p")), ret(item(fn("labels", v("p")), "l"))),
        "InvalidArgumentType",
    )
    fails(query(match(path), ret(item(fn("size", v("p")), "s"))), "InvalidArgumentType")
    fails(query(match(node("n")), ret(item(fn("length", v("n")), "l"))), "InvalidArgumentType")
    fails(returning(fn("properties", lit(1))), "InvalidArgumentType")
    fails(returning(fn("properties", lst(lit(True)))), "InvalidArgumentType")
    analyze(query(match(path), ret(item(fn("length", v("p")), "l"))))


def test_property_of_a_path_is_a_type_error():
    path = part(node("n"), rel(length=star()), node(), variable="r")
    fails(
        query(
            match(node("n")), match(path, where=op("=", prop("r", "name"), lit("apa"))), ret("r")
        ),
        "InvalidArgumentType",
    )


def test_indexing_a_scalar_is_a_type_error():
    q = query(
        with_(item(lit(True), "list"), item(lit(0), "idx")),
        ret(item(A.DynamicProperty(v("list"), v("idx")), "x")),
    )
    fails(q, "InvalidArgumentType", errors.CypherTypeError)
    ok = query(
        with_(item(param("list"), "list"), item(lit(0), "idx")),
        ret(item(A.DynamicProperty(v("list"), v("idx")), "x")),
    )
    analyze(ok)


def test_runtime_type_errors_are_left_to_runtime():
    # range() argument errors and mixed-type lists are runtime errors in the TCK.
    analyze(returning(fn("range", lit(True), lit(1), lit(1))))
    mixed = A.ListComprehension("x", lst(lit(True), lit(1.0)), None, fn("toBoolean", v("x")))
    analyze(returning(mixed))


# -- local variables ----------------------------------------------------------------------


def test_comprehension_variables_are_local():
    comp = A.ListComprehension("x", lst(lit(1)), op(">", v("x"), lit(0)), op("*", v("x"), lit(2)))
    analyze(returning(comp))
    fails(query(ret(item(comp, "l"), item(v("x"), "y"))), "UndefinedVariable")
    red = A.Reduce("acc", lit(0), "x", lst(lit(1)), op("+", v("acc"), v("x")))
    analyze(returning(red))


def test_map_projection_needs_its_variables():
    proj = A.MapProjection(
        "n", (A.MapProjectionItem("property", "name"), A.MapProjectionItem("variable", "m"))
    )
    fails(query(match(node("n")), ret(item(proj, "x"))), "UndefinedVariable")
    analyze(query(match(node("n"), node("m")), ret(item(proj, "x"))))


# -- updating clauses ---------------------------------------------------------------------


def test_delete_checks():
    fails(query(match(node("a")), A.Delete((v("x"),))), "UndefinedVariable")
    fails(query(match(node("n")), A.Delete((A.HasLabels(v("n"), ("Person",)),))), "InvalidDelete")
    fails(query(match(node()), A.Delete((op("+", lit(1), lit(1)),))), "InvalidArgumentType")
    analyze(
        query(match(part(node("n"), rel("r"), node())), A.Delete((v("r"), v("n")), detach=True))
    )


def test_set_and_remove_checks():
    set_missing = A.Set((A.SetItem("property", prop("a", "name"), None, v("missing")),))
    fails(query(match(node("a")), set_missing, ret("a")), "UndefinedVariable")
    set_labels = A.Set((A.SetItem("labels", None, "b", None, ("L",)),))
    fails(query(match(node("a")), set_labels), "UndefinedVariable")
    remove = A.Remove(
        (A.RemoveItem("labels", None, "a", ("L",)), A.RemoveItem("property", prop("a", "x")))
    )
    analyze(query(match(node("a")), remove))
    replace = A.Set((A.SetItem("replace", None, "a", param("props")),))
    analyze(query(create(node("a")), replace))


def test_call_yield_binding():
    call = A.Call("test.labels", (), (A.YieldItem("label"),))
    fails(query(with_(item(lit("Hi"), "label")), call, ret(star=True)), "VariableAlreadyBound")
    twice = A.Call("test.my.proc", (lit(None),), (A.YieldItem("a", "c"), A.YieldItem("b", "c")))
    fails(query(twice, ret("c")), "VariableAlreadyBound")
    no_yield = A.Call("test.my.proc", (lit(1),))
    fails(query(no_yield, ret("out")), "UndefinedVariable")
    standalone = A.Call("test.my.proc", (lit(1),), (A.YieldItem("out"),), standalone=True)
    assert analyze(A.Query(A.SingleQuery((standalone,)))).columns == ("out",)
