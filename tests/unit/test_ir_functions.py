"""The function table and typing rules of ir/functions.py (no Spark)."""

import pytest

from graphframe_cypher import types as T
from graphframe_cypher.errors import CypherSyntaxError, CypherTypeError
from graphframe_cypher.ir.functions import (
    AGGREGATES,
    FUNCTIONS,
    OPERATORS,
    aggregate_type,
    canonical_name,
    operator_type,
    resolve_function,
)

I, F, S, B, A, NUM, NULL = T.INTEGER, T.FLOAT, T.STRING, T.BOOLEAN, T.ANY, T.NUMBER, T.NULL  # noqa: E741
L = T.ListType
PERSON = T.NodeType({"name": S, "age": I}, {"Person"})


@pytest.mark.parametrize(
    "name, args, expected",
    [
        ("toUpper", [S], ("toupper", S)),
        ("TOLOWER", [A], ("tolower", S)),
        ("size", [L(I)], ("size", I)),
        ("size", [S], ("size", I)),
        ("head", [L(S)], ("head", S)),
        ("last", [L(I)], ("last", I)),
        ("tail", [L(I)], ("tail", L(I))),
        ("range", [I, I], ("range", L(I))),
        ("range", [I, I, I], ("range", L(I))),
        ("coalesce", [NULL, I], ("coalesce", I)),
        ("coalesce", [I, S], ("coalesce", A)),
        ("coalesce", [I, F], ("coalesce", NUM)),
        ("abs", [I], ("abs", I)),
        ("abs", [F], ("abs", F)),
        ("abs", [A], ("abs", NUM)),
        ("round", [F, I], ("round", F)),
        ("round", [F, I, S], ("round", F)),
        ("sqrt", [I], ("sqrt", F)),
        ("pi", [], ("pi", F)),
        ("labels", [PERSON], ("labels", L(S))),
        ("properties", [PERSON], ("properties", T.MAP)),
        ("keys", [T.MAP], ("keys", L(S))),
        ("type", [T.RELATIONSHIP], ("type", S)),
        ("id", [PERSON], ("id", I)),
        ("startNode", [T.RELATIONSHIP], ("startnode", T.NODE)),
        ("nodes", [T.PATH], ("nodes", L(T.NODE))),
        ("relationships", [T.PATH], ("relationships", L(T.RELATIONSHIP))),
        ("length", [T.PATH], ("length", I)),
        ("toInteger", [S], ("tointeger", I)),
        ("toFloat", [I], ("tofloat", F)),
        ("toString", [F], ("tostring", S)),
        ("toBoolean", [S], ("toboolean", B)),
        ("toIntegerOrNull", [L(I)], ("tointegerornull", I)),
        ("split", [S, S], ("split", L(S))),
        ("substring", [S, I], ("substring", S)),
        ("reverse", [L(I)], ("reverse", L(I))),
        ("reverse", [S], ("reverse", S)),
        ("count", [I], ("count", I)),
        ("collect", [S], ("collect", L(S))),
    ],
)
def test_resolve_function(name, args, expected):
    assert resolve_function(name, args, None) == expected


def test_unknown_function():
    with pytest.raises(CypherSyntaxError) as err:
        resolve_function("noSuchFn", [I], None)
    assert err.value.code == "UnknownFunction"


@pytest.mark.parametrize(
    "name, args", [("toUpper", []), ("toUpper", [S, S]), ("pi", [I]), ("round", [F, I, S, S])]
)
def test_wrong_number_of_arguments(name, args):
    with pytest.raises(CypherSyntaxError) as err:
        resolve_function(name, args, None)
    assert err.value.code == "InvalidNumberOfArguments"


@pytest.mark.parametrize(
    "name, args",
    [
        ("sqrt", [S]),
        ("toUpper", [I]),
        ("labels", [T.PATH]),
        ("properties", [I]),
        ("properties", [L(B)]),
        ("in", [I, S]),
        ("in", [I, I]),
        ("and", [I, B]),
        ("not", [S]),
        ("add", [S, B]),
        ("sub", [S, I]),
        ("mul", [L(I), I]),
    ],
)
def test_invalid_argument_type(name, args):
    with pytest.raises(CypherTypeError) as err:
        resolve_function(name, args, None)
    assert err.value.code == "InvalidArgumentType"
    # The TCK reports these as SyntaxError at compile time.
    assert isinstance(err.value, CypherSyntaxError)


@pytest.mark.parametrize(
    "name, args", [("sqrt", [A]), ("toUpper", [NULL]), ("in", [I, A]), ("and", [A, NULL])]
)
def test_any_and_null_always_pass(name, args):
    resolve_function(name, args, None)


@pytest.mark.parametrize(
    "op, args, expected",
    [
        ("add", [I, I], I),
        ("add", [I, F], F),
        ("add", [F, F], F),
        ("add", [I, NUM], NUM),
        ("add", [S, S], S),
        ("add", [S, I], S),
        ("add", [F, S], S),
        ("add", [L(I), I], L(I)),
        ("add", [L(I), S], L(A)),
        ("add", [L(I), L(F)], L(NUM)),
        ("add", [I, L(I)], L(I)),
        ("add", [A, I], A),
        ("sub", [A, I], NUM),
        ("mul", [A, F], F),
        ("div", [I, I], I),
        ("mod", [F, I], F),
        ("pow", [I, I], F),
        ("add", [NULL, I], I),
        ("eq", [I, S], B),
        ("lt", [A, A], B),
        ("neg", [I], I),
        ("neg", [A], NUM),
        ("in", [I, L(I)], B),
    ],
)
def test_operator_type(op, args, expected):
    assert operator_type(op, args) == expected
    assert resolve_function(op, args, None)[1] == expected


def test_property_and_index_types():
    assert resolve_function("property", [PERSON, S], None, key="age") == ("property", I)
    assert resolve_function("property", [PERSON, S], None, key="nope") == ("property", NULL)
    m = T.MapType({"a": I, "b": S})
    assert resolve_function("property", [m, S], None, key="b") == ("property", S)
    assert resolve_function("property", [T.MAP, S], None, key="b") == ("property", A)
    assert resolve_function("index", [L(F), I], None) == ("index", F)
    assert resolve_function("index", [m, S], None) == ("index", A)
    assert resolve_function("index", [m, S], None, key="a") == ("index", I)
    assert resolve_function("slice", [L(S), I, NULL], None) == ("slice", L(S))
    assert resolve_function("has_labels", [PERSON, L(S)], None) == ("has_labels", B)


@pytest.mark.parametrize(
    "fn, arg, expected",
    [
        ("count", A, I),
        ("count_star", None, I),
        ("sum", I, I),
        ("sum", F, F),
        ("sum", A, NUM),
        ("avg", I, F),
        ("min", S, S),
        ("max", A, A),
        ("collect", I, L(I)),
        ("collect", NULL, L(A)),
        ("stdev", I, F),
        ("percentileCont", I, F),
        ("percentileDisc", I, I),
    ],
)
def test_aggregate_type(fn, arg, expected):
    assert aggregate_type(fn, arg) == expected


def test_aggregate_argument_checked():
    with pytest.raises(CypherTypeError):
        aggregate_type("sum", S)


def test_tables_cover_opencypher_functions():
    names = {
        "id",
        "labels",
        "type",
        "keys",
        "properties",
        "startnode",
        "endnode",
        "nodes",
        "relationships",
        "length",
        "size",
        "head",
        "last",
        "tail",
        "range",
        "reverse",
        "coalesce",
        "exists",
        "tostring",
        "tointeger",
        "tofloat",
        "toboolean",
        "toupper",
        "tolower",
        "trim",
        "ltrim",
        "rtrim",
        "replace",
        "substring",
        "left",
        "right",
        "split",
        "abs",
        "sign",
        "ceil",
        "floor",
        "round",
        "sqrt",
        "exp",
        "log",
        "log10",
        "e",
        "pi",
        "rand",
        "sin",
        "cos",
        "tan",
        "asin",
        "acos",
        "atan",
        "atan2",
        "cot",
        "degrees",
        "radians",
        "haversin",
        "timestamp",
    }
    assert names <= set(FUNCTIONS)
    assert {
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
    } <= set(AGGREGATES)
    assert {"add", "eq", "in", "index", "slice", "property", "has_labels", "regex"} <= set(
        OPERATORS
    )
    assert canonical_name("toUpper") == "toupper"
    assert canonical_name("StartNode") == "startnode"


def test_operator_type_checks_statically():
    with pytest.raises(CypherSyntaxError) as err:
        operator_type("in", [I, S])
    assert err.value.code == "InvalidArgumentType"
    with pytest.raises(CypherSyntaxError):
        operator_type("not", [I])
    assert operator_type("in", [I, A]) == B


def test_aggregate_type_accepts_argument_list():
    assert aggregate_type("sum", [I]) == I
    assert aggregate_type("percentileCont", [I, F]) == F
    assert aggregate_type("count_star", []) == I
    with pytest.raises(CypherSyntaxError) as err:
        aggregate_type("sum", [I, I])
    assert err.value.code == "InvalidNumberOfArguments"
