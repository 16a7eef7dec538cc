"""Cypher semantics of compiled Spark expressions.

Every case is an IR expression and the expected Python value; all cases of a table are
evaluated in one ``select`` over a one-row DataFrame (Spark jobs are slow to start).
"""

from __future__ import annotations

import math

import pytest

from graphframe_cypher import types as T
from graphframe_cypher.errors import CypherError
from graphframe_cypher.ir import expr as E
from graphframe_cypher.ir.functions import aggregate_type, resolve_function
from graphframe_cypher.values import Node, Path, Relationship

I, F_, S, B, A, NUM, NULL = T.INTEGER, T.FLOAT, T.STRING, T.BOOLEAN, T.ANY, T.NUMBER, T.NULL  # noqa: E741
L = T.ListType
PERSON = T.NodeType({"name": S, "age": I, "nick": S}, {"Person"})
KNOWS = T.RelationshipType({"since": I}, {"KNOWS"})
ALICE = Node(1, ["Person", "Admin"], {"name": "Alice", "age": 30})
BOB = Node(2, ["Person"], {"name": "Bob", "age": 25})
R12 = Relationship(10, "KNOWS", 1, 2, {"since": 2020})

# Columns of the input row: name -> (Cypher type, value)
COLUMNS = {
    "i": (I, 7),
    "neg": (I, -7),
    "zero": (I, 0),
    "f": (F_, 2.5),
    "nan": (F_, math.nan),
    "s": (S, "hello"),
    "t": (B, True),
    "nul": (I, None),
    "any_int": (A, 3),
    "any_float": (A, 1.5),
    "any_str": (A, "abc"),
    "any_list": (A, [1, "a", None]),
    "any_map": (A, {"k": 1, "m": "x"}),
    "num": (NUM, 4),
    "ints": (L(I), [1, 2, 3]),
    "mixed": (L(A), [1, "a", 2.5]),
    "strs": (L(S), ["b", "a"]),
    "withnull": (L(I), [1, None]),
    "n": (PERSON, ALICE),
    "m": (PERSON, BOB),
    "r": (KNOWS, R12),
    "p": (T.PathType(PERSON, KNOWS), Path([ALICE, BOB], [R12])),
    "map": (T.MapType({"a": I, "b": S}), {"a": 1, "b": "x"}),
    "dmap": (T.MAP, {"a": 1, "b": "x"}),
    "weird name`x": (I, 42),
}


def col(name):
    return E.Col(name, type=COLUMNS[name][0])


def lit(v, t=None):
    return E.Lit(v, type=t if t is not None else T.type_of_value(v))


def call(fn, *args, key=None):
    name, rtype = resolve_function(fn, [a.type for a in args], None, key=key)
    return E.Call(name, tuple(args), type=rtype)


def prop(subject, key):
    return call("property", subject, lit(key), key=key)


def listof(*items):
    return E.ListOf(tuple(items), type=L(T.join_all(i.type for i in items)))


@pytest.fixture(scope="module")
def compiler():
    from graphframe_cypher.backends.spark.expressions import SparkExpressionCompiler

    return SparkExpressionCompiler()


@pytest.fixture(scope="module")
def row_df(spark):
    from graphframe_cypher.backends.spark import representation as R

    cols = [R.literal(v, t).alias(name) for name, (t, v) in COLUMNS.items()]
    return spark.range(1).select(*cols).cache()


def evaluate(df, compiler, exprs):
    from graphframe_cypher.backends.spark.representation import to_python

    row = df.select(*(compiler.compile(e).alias(f"c{k}") for k, e in enumerate(exprs))).collect()[0]
    return [to_python(row[k], e.type) for k, e in enumerate(exprs)]


def same(actual, expected):
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(same(a, e) for a, e in zip(actual, expected, strict=False))
        )
    if type(expected) in (int, float, bool) and expected is not None:
        return type(actual) is type(expected) and actual == expected
    return actual == expected


def check_table(df, compiler, cases):
    exprs = [c[1] for c in cases]
    results = evaluate(df, compiler, exprs)
    failures = [
        f"{label}: got {got!r}, expected {expected!r}"
        for (label, _, expected), got in zip(cases, results, strict=False)
        if not same(got, expected)
    ]
    assert not failures, "\n".join(failures)


def eq(a, b):
    return call("eq", a, b)


# ---------------------------------------------------------------------------- tables

COLUMN_AND_LITERAL_CASES = [
    ("int col", col("i"), 7),
    ("float col", col("f"), 2.5),
    ("weird name", col("weird name`x"), 42),
    ("any int", col("any_int"), 3),
    ("any float", col("any_float"), 1.5),
    ("any str", col("any_str"), "abc"),
    ("any list", col("any_list"), [1, "a", None]),
    ("any map", col("any_map"), {"k": 1, "m": "x"}),
    ("node", col("n"), ALICE),
    ("rel", col("r"), R12),
    ("path", col("p"), Path([ALICE, BOB], [R12])),
    ("lit list", lit([1, 2]), [1, 2]),
    ("lit mixed list", lit([1, "a", [2.5]]), [1, "a", [2.5]]),
    ("lit map", lit({"a": [1], "b": None}), {"a": [1], "b": None}),
    ("list of mixed", listof(lit(1), lit("x"), col("f")), [1, "x", 2.5]),
    (
        "map of",
        E.MapOf(("x", "y"), (col("i"), col("s")), type=T.MapType({"x": I, "y": S})),
        {"x": 7, "y": "hello"},
    ),
]

BOOLEAN_CASES = [
    ("t and null", call("and", lit(True), lit(None)), None),
    ("f and null", call("and", lit(False), lit(None)), False),
    ("t or null", call("or", lit(True), lit(None)), True),
    ("f or null", call("or", lit(False), lit(None)), None),
    ("xor", call("xor", lit(True), lit(False)), True),
    ("xor tt", call("xor", lit(True), lit(True)), False),
    ("xor null", call("xor", lit(True), lit(None)), None),
    ("not null", call("not", lit(None)), None),
    ("not t", call("not", col("t")), False),
    ("is null", call("is_null", col("nul")), True),
    ("is not null", call("is_not_null", col("any_list")), True),
]

COMPARISON_CASES = [
    ("1 = 1.0", eq(lit(1), lit(1.0)), True),
    ("1 = 'a'", eq(lit(1), lit("a")), False),
    ("1 <> 'a'", call("neq", lit(1), lit("a")), True),
    ("null = null", eq(lit(None), lit(None)), None),
    ("i = null", eq(col("i"), col("nul")), None),
    ("nan = nan", eq(col("nan"), col("nan")), False),
    ("nan <> nan", call("neq", col("nan"), col("nan")), True),
    ("list eq", eq(col("ints"), lit([1, 2, 3])), True),
    ("list eq int/float", eq(col("ints"), lit([1.0, 2, 3])), True),
    ("list len differs", eq(col("ints"), lit([1, 2])), False),
    ("list null elem", eq(col("withnull"), lit([1, 2])), None),
    ("list null elem differs", eq(col("withnull"), lit([2, 2])), False),
    ("map eq", eq(col("map"), lit({"a": 1, "b": "x"})), True),
    ("map neq", eq(col("map"), lit({"a": 2, "b": "x"})), False),
    ("dmap eq", eq(col("dmap"), lit({"b": "x", "a": 1})), True),
    ("node eq", eq(col("n"), col("n")), True),
    ("node neq", eq(col("n"), col("m")), False),
    ("node = rel", eq(col("n"), col("r")), False),
    ("any int = 3", eq(col("any_int"), lit(3)), True),
    ("any int = 3.0", eq(col("any_int"), lit(3.0)), True),
    ("any int = '3'", eq(col("any_int"), lit("3")), False),
    ("any str = 'abc'", eq(col("any_str"), lit("abc")), True),
    ("any list = list", eq(col("any_list"), lit([1, "a", None])), None),
    ("any list = other list", eq(col("any_list"), lit([2, "a", None])), False),
    ("any map = map", eq(col("any_map"), lit({"m": "x", "k": 1.0})), True),
    ("mixed = lit", eq(col("mixed"), lit([1, "a", 2.5])), True),
    ("1 < 2.5", call("lt", lit(1), col("f")), True),
    ("'a' < 'b'", call("lt", lit("a"), lit("b")), True),
    ("1 < 'a'", call("lt", lit(1), lit("a")), None),
    ("false < true", call("lt", lit(False), lit(True)), True),
    ("nan > 1", call("gt", col("nan"), lit(1)), False),
    ("nan >= nan", call("ge", col("nan"), col("nan")), False),
    ("list <", call("lt", lit([1, 2]), lit([1, 3])), True),
    ("list < shorter", call("lt", lit([1, 2]), lit([1])), False),
    ("list < null", call("lt", lit([1, None]), lit([1, 2])), None),
    ("map < map", call("lt", col("map"), col("map")), None),
    ("any < any", call("lt", col("any_int"), col("any_float")), False),
    ("any <= int", call("le", col("any_int"), lit(3)), True),
    ("any str > str", call("gt", col("any_str"), lit("abb")), True),
    ("any str > int", call("gt", col("any_str"), lit(1)), None),
    ("big ints", call("lt", lit(2**53), lit(2**53 + 1)), True),
]

IN_CASES = [
    ("2 in ints", call("in", lit(2), col("ints")), True),
    ("5 in ints", call("in", lit(5), col("ints")), False),
    ("5 in withnull", call("in", lit(5), col("withnull")), None),
    ("1 in withnull", call("in", lit(1), col("withnull")), True),
    ("null in []", call("in", lit(None), lit([], L(I))), False),
    ("null in ints", call("in", lit(None), col("ints")), None),
    ("x in null", call("in", lit(1), lit(None)), None),
    ("'a' in mixed", call("in", lit("a"), col("mixed")), True),
    ("2.5 in mixed", call("in", lit(2.5), col("mixed")), True),
    ("'a' in ints", call("in", lit("a"), col("ints")), False),
    ("'a' in any list", call("in", lit("a"), col("any_list")), True),
    ("[1] in [[1],[2]]", call("in", lit([1]), lit([[1], [2]])), True),
]

ARITHMETIC_CASES = [
    ("int add", call("add", col("i"), lit(3)), 10),
    ("int+float", call("add", col("i"), col("f")), 9.5),
    ("int sub", call("sub", lit(3), col("i")), -4),
    ("int mul", call("mul", col("i"), col("neg")), -49),
    ("int div trunc", call("div", col("i"), lit(2)), 3),
    ("neg div trunc", call("div", col("neg"), lit(2)), -3),
    ("int mod", call("mod", col("neg"), lit(3)), -1),
    ("int mod pos", call("mod", col("i"), lit(-3)), 1),
    ("float div", call("div", col("f"), lit(2)), 1.25),
    ("float div zero", call("div", col("f"), lit(0.0)), math.inf),
    ("neg float div zero", call("div", lit(-1.0), col("zero")), -math.inf),
    ("zero div zero", call("div", lit(0.0), lit(0.0)), math.nan),
    ("float mod zero", call("mod", col("f"), lit(0.0)), math.nan),
    ("float mod", call("mod", lit(-7.5), lit(2)), -1.5),
    ("pow", call("pow", lit(2), lit(3)), 8.0),
    ("neg", call("neg", col("i")), -7),
    ("neg float", call("neg", col("f")), -2.5),
    ("null add", call("add", col("nul"), lit(1)), None),
    ("str concat", call("add", col("s"), lit(" world")), "hello world"),
    ("str + int", call("add", lit("a"), lit(1)), "a1"),
    ("float + str", call("add", lit(1.5), lit("a")), "1.5a"),
    ("list + list", call("add", col("ints"), lit([4])), [1, 2, 3, 4]),
    ("list + elem", call("add", col("ints"), lit(9)), [1, 2, 3, 9]),
    ("elem + list", call("add", lit(0), col("ints")), [0, 1, 2, 3]),
    ("list + str", call("add", col("ints"), lit("x")), [1, 2, 3, "x"]),
    ("any + int", call("add", col("any_int"), lit(2)), 5),
    ("any + float", call("add", col("any_int"), lit(0.5)), 3.5),
    ("any float * int", call("mul", col("any_float"), lit(2)), 3.0),
    ("any str + int", call("add", col("any_str"), lit(1)), "abc1"),
    ("num - int", call("sub", col("num"), lit(1)), 3),
    ("any list + 1", call("add", col("any_list"), lit(1)), [1, "a", None, 1]),
    ("neg any", call("neg", col("any_int")), -3),
    ("big int", call("add", lit(2**62), lit(2**62 - 1)), 2**63 - 1),
]

STRING_CASES = [
    ("starts", call("starts_with", col("s"), lit("he")), True),
    ("ends", call("ends_with", col("s"), lit("lo")), True),
    ("contains", call("contains", col("s"), lit("ell")), True),
    ("contains no", call("contains", col("s"), lit("x")), False),
    ("starts null", call("starts_with", col("s"), lit(None)), None),
    ("starts non-string", call("starts_with", col("i"), lit("x")), None),
    ("any starts", call("starts_with", col("any_str"), lit("a")), True),
    ("any int starts", call("starts_with", col("any_int"), lit("a")), None),
    ("regex full", call("regex", col("s"), lit("hel+o")), True),
    ("regex partial", call("regex", col("s"), lit("ell")), False),
    ("regex alt", call("regex", col("s"), lit("x|hello")), True),
    ("toUpper", call("toUpper", col("s")), "HELLO"),
    ("toLower", call("toLower", lit("AbC")), "abc"),
    ("trim", call("trim", lit("  a b \t")), "a b"),
    ("ltrim", call("lTrim", lit("  a ")), "a "),
    ("rtrim", call("rTrim", lit("  a ")), "  a"),
    ("replace", call("replace", lit("a.b.c"), lit("."), lit("-")), "a-b-c"),
    ("substring", call("substring", col("s"), lit(1)), "ello"),
    ("substring len", call("substring", col("s"), lit(1), lit(3)), "ell"),
    ("substring past end", call("substring", col("s"), lit(10)), ""),
    ("left", call("left", col("s"), lit(2)), "he"),
    ("right", call("right", col("s"), lit(2)), "lo"),
    ("left long", call("left", col("s"), lit(20)), "hello"),
    ("split", call("split", lit("a.b.c"), lit(".")), ["a", "b", "c"]),
    ("split multi", call("split", lit("a::b"), lit("::")), ["a", "b"]),
    ("reverse str", call("reverse", col("s")), "olleh"),
    ("size str", call("size", col("s")), 5),
    ("toString int", call("toString", col("i")), "7"),
    ("toString float", call("toString", lit(1.0)), "1.0"),
    ("toString float 2", call("toString", col("f")), "2.5"),
    ("toString bool", call("toString", col("t")), "true"),
    ("toString any", call("toString", col("any_float")), "1.5"),
    ("toString any int", call("toString", col("any_int")), "3"),
    ("toString null", call("toString", lit(None)), None),
]

CONVERSION_CASES = [
    ("toInteger float", call("toInteger", lit(82.9)), 82),
    ("toInteger neg float", call("toInteger", lit(-2.9)), -2),
    ("toInteger str", call("toInteger", lit("42")), 42),
    ("toInteger str float", call("toInteger", lit("1.7")), 1),
    ("toInteger bad str", call("toInteger", lit("foo")), None),
    ("toInteger empty", call("toInteger", lit("")), None),
    ("toInteger any", call("toInteger", col("any_float")), 1),
    ("toInteger any str", call("toInteger", col("any_str")), None),
    ("toInteger bool", call("toInteger", lit(True)), 1),
    ("toIntegerOrNull list", call("toIntegerOrNull", col("any_list")), None),
    ("toFloat int", call("toFloat", col("i")), 7.0),
    ("toFloat str", call("toFloat", lit("2.5")), 2.5),
    ("toFloat bad", call("toFloat", lit("x")), None),
    ("toFloat any", call("toFloat", col("any_int")), 3.0),
    ("toBoolean", call("toBoolean", lit("TRUE")), True),
    ("toBoolean false", call("toBoolean", lit("false")), False),
    ("toBoolean bad", call("toBoolean", lit("yes")), None),
    ("toBoolean bool", call("toBoolean", col("t")), True),
]

MATH_CASES = [
    ("abs int", call("abs", col("neg")), 7),
    ("abs float", call("abs", lit(-2.5)), 2.5),
    ("abs any", call("abs", col("any_float")), 1.5),
    ("sign", call("sign", lit(-2.5)), -1),
    ("sign int", call("sign", col("i")), 1),
    ("ceil", call("ceil", lit(1.2)), 2.0),
    ("floor", call("floor", lit(-1.2)), -2.0),
    ("floor int", call("floor", col("i")), 7.0),
    ("round", call("round", lit(2.5)), 3.0),
    ("round neg half", call("round", lit(-1.5)), -1.0),
    ("round prec", call("round", lit(2.675), lit(2)), 2.68),
    ("round mode", call("round", lit(2.5), lit(0), lit("HALF_EVEN")), 2.0),
    ("round mode down", call("round", lit(-2.56), lit(1), lit("DOWN")), -2.5),
    ("sqrt", call("sqrt", lit(16)), 4.0),
    ("sqrt neg", call("sqrt", lit(-1)), math.nan),
    ("log 0", call("log", lit(0)), -math.inf),
    ("log10", call("log10", lit(100)), 2.0),
    ("exp", call("exp", lit(0)), 1.0),
    ("e", call("e"), math.e),
    ("pi", call("pi"), math.pi),
    ("haversin", call("haversin", lit(0.0)), 0.0),
    ("atan2", call("atan2", lit(1), lit(1)), math.atan2(1, 1)),
    ("degrees", call("degrees", call("pi")), 180.0),
    ("cos", call("cos", lit(0)), 1.0),
]

LIST_CASES = [
    ("index", call("index", col("ints"), lit(0)), 1),
    ("index neg", call("index", col("ints"), lit(-1)), 3),
    ("index oob", call("index", col("ints"), lit(3)), None),
    ("index neg oob", call("index", col("ints"), lit(-4)), None),
    ("index null", call("index", col("ints"), lit(None)), None),
    ("index any list", call("index", col("any_list"), lit(1)), "a"),
    ("slice", call("slice", col("ints"), lit(1), lit(None, I)), [2, 3]),
    ("slice to", call("slice", col("ints"), lit(None, I), lit(2)), [1, 2]),
    ("slice neg", call("slice", col("ints"), lit(-2), lit(None, I)), [2, 3]),
    ("slice null bound", call("slice", col("ints"), lit(1), lit(None)), None),
    ("slice null start", call("slice", col("ints"), lit(None), lit(None, I)), None),
    ("slice both neg", call("slice", col("ints"), lit(0), lit(-1)), [1, 2]),
    ("slice empty", call("slice", col("ints"), lit(2), lit(1)), []),
    ("slice runtime null", call("slice", col("ints"), col("nul"), lit(1)), None),
    ("size", call("size", col("ints")), 3),
    ("size null", call("size", lit(None, L(I))), None),
    ("size any list", call("size", col("any_list")), 3),
    ("head", call("head", col("ints")), 1),
    ("head empty", call("head", lit([], L(I))), None),
    ("last", call("last", col("ints")), 3),
    ("tail", call("tail", col("ints")), [2, 3]),
    ("tail empty", call("tail", lit([], L(I))), []),
    ("range", call("range", lit(1), lit(4)), [1, 2, 3, 4]),
    ("range step", call("range", lit(0), lit(10), lit(3)), [0, 3, 6, 9]),
    ("range neg step", call("range", lit(5), lit(1), lit(-2)), [5, 3, 1]),
    ("range empty", call("range", lit(5), lit(1)), []),
    ("reverse", call("reverse", col("ints")), [3, 2, 1]),
    ("coalesce", call("coalesce", col("nul"), col("i")), 7),
    ("coalesce mixed", call("coalesce", col("nul"), lit("x")), "x"),
    ("map index", call("index", col("map"), lit("b"), key="b"), "x"),
    ("dmap index", call("index", col("dmap"), lit("a")), 1),
    ("map dyn key", call("index", col("map"), col("s")), None),
]

ELEMENT_CASES = [
    ("node prop", prop(col("n"), "name"), "Alice"),
    ("node prop int", prop(col("n"), "age"), 30),
    ("node prop null", prop(col("n"), "nick"), None),
    ("node prop missing", prop(col("n"), "nope"), None),
    ("rel prop", prop(col("r"), "since"), 2020),
    ("map prop", prop(col("map"), "a"), 1),
    ("dmap prop", prop(col("dmap"), "b"), "x"),
    ("any map prop", prop(col("any_map"), "m"), "x"),
    ("node dyn key", call("index", col("n"), lit("name")), "Alice"),
    ("id", call("id", col("n")), 1),
    ("rel id", call("id", col("r")), 10),
    ("labels", call("labels", col("n")), ["Admin", "Person"]),
    ("type", call("type", col("r")), "KNOWS"),
    ("keys node", call("keys", col("n")), ["age", "name"]),
    ("keys map", call("keys", col("map")), ["a", "b"]),
    ("keys any map", call("keys", col("any_map")), ["k", "m"]),
    ("properties", call("properties", col("n")), {"name": "Alice", "age": 30}),
    ("has labels", call("has_labels", col("n"), lit(["Person", "Admin"])), True),
    ("has labels no", call("has_labels", col("m"), lit(["Admin"])), False),
    ("nodes", call("nodes", col("p")), [ALICE, BOB]),
    ("relationships", call("relationships", col("p")), [R12]),
    ("length", call("length", col("p")), 1),
    ("exists prop", call("exists", prop(col("n"), "nick")), False),
]


def _lambda(fn, var, source, body, type_, **kw):
    return E.ListFn(fn, source, var, body, type=type_, **kw)


def _x(t=I):
    return E.LambdaVar("x", type=t)


CASE_AND_LIST_FN_CASES = [
    (
        "case",
        E.CaseWhen(
            (
                (call("gt", col("i"), lit(10)), lit("big")),
                (call("gt", col("i"), lit(5)), lit("mid")),
            ),
            lit("small"),
            type=S,
        ),
        "mid",
    ),
    ("case null cond", E.CaseWhen(((lit(None, NULL), lit(1)),), lit(2), type=I), 2),
    ("case no default", E.CaseWhen(((lit(False), lit(1)),), None, type=I), None),
    ("case mixed", E.CaseWhen(((lit(True), lit(1)),), lit("a"), type=A), 1),
    (
        "transform",
        _lambda("transform", "x", col("ints"), call("mul", _x(), lit(10)), L(I)),
        [10, 20, 30],
    ),
    ("filter", _lambda("filter", "x", col("ints"), call("gt", _x(), lit(1)), L(I)), [2, 3]),
    ("all", _lambda("all", "x", col("ints"), call("gt", _x(), lit(0)), B), True),
    ("all null", _lambda("all", "x", col("withnull"), call("gt", _x(), lit(0)), B), None),
    ("any", _lambda("any", "x", col("ints"), call("gt", _x(), lit(2)), B), True),
    ("none", _lambda("none", "x", col("ints"), call("gt", _x(), lit(2)), B), False),
    ("single", _lambda("single", "x", col("ints"), call("gt", _x(), lit(2)), B), True),
    ("single two", _lambda("single", "x", col("ints"), call("gt", _x(), lit(1)), B), False),
    (
        "reduce",
        _lambda(
            "reduce",
            "x",
            col("ints"),
            call("add", E.LambdaVar("acc", type=I), _x()),
            I,
            accumulator="acc",
            init=lit(0),
        ),
        6,
    ),
    (
        "transform mixed",
        _lambda("transform", "x", col("mixed"), call("toString", _x(A)), L(S)),
        ["1", "a", "2.5"],
    ),
]


@pytest.mark.parametrize(
    "cases",
    [
        COLUMN_AND_LITERAL_CASES,
        BOOLEAN_CASES,
        COMPARISON_CASES,
        IN_CASES,
        ARITHMETIC_CASES,
        STRING_CASES,
        CONVERSION_CASES,
        MATH_CASES,
        LIST_CASES,
        ELEMENT_CASES,
        CASE_AND_LIST_FN_CASES,
    ],
    ids=[
        "columns",
        "boolean",
        "comparison",
        "in",
        "arithmetic",
        "string",
        "conversion",
        "math",
        "list",
        "element",
        "case_listfn",
    ],
)
def test_expression_table(row_df, compiler, cases):
    check_table(row_df, compiler, cases)


ERROR_CASES = [
    ("overflow", call("add", lit(2**63 - 1), col("i")), "IntegerOverflow"),
    ("mul overflow", call("mul", lit(2**62), col("i")), "IntegerOverflow"),
    ("div by zero", call("div", col("i"), col("zero")), "DivisionByZero"),
    ("mod by zero", call("mod", col("i"), col("zero")), "DivisionByZero"),
    ("range step 0", call("range", lit(1), col("i"), col("zero")), "NumberOutOfRange"),
    ("toInteger list", call("toInteger", col("any_list")), "InvalidArgumentValue"),
    ("toString map", call("toString", col("any_map")), "InvalidArgumentValue"),
    ("any - str", call("sub", col("any_str"), lit(1)), "InvalidArgumentType"),
]


@pytest.mark.parametrize("label, expr, code", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_runtime_errors(row_df, compiler, label, expr, code):
    from graphframe_cypher.backends.spark.expressions import translate_spark_error

    with pytest.raises(Exception) as info:
        row_df.select(compiler.compile(expr)).collect()
    err = translate_spark_error(info.value)
    assert isinstance(err, CypherError), info.value
    assert err.code == code


def test_translate_ignores_foreign_errors():
    from graphframe_cypher.backends.spark.expressions import translate_spark_error

    assert translate_spark_error(RuntimeError("something else")) is None


# ---------------------------------------------------------------------------- aggregates

AGG_ROWS = [
    # (x INTEGER, f FLOAT, s STRING, a ANY, g group)
    (1, 1.5, "b", 1, "g"),
    (2, None, "a", "x", "g"),
    (2, 4.5, None, 2.5, "g"),
    (None, 3.0, "c", None, "g"),
]


@pytest.fixture(scope="module")
def agg_df(spark):
    from graphframe_cypher.backends.spark import representation as R

    rows = []
    for x, f, s, a, g in AGG_ROWS:
        rows.append(
            spark.range(1).select(
                R.literal(x, I).alias("x"),
                R.literal(f, F_).alias("f"),
                R.literal(s, S).alias("s"),
                R.literal(a, A).alias("a"),
                R.literal(g, S).alias("g"),
            )
        )
    df = rows[0]
    for r in rows[1:]:
        df = df.unionByName(r)
    return df.coalesce(1).cache()


def agg(fn, *args, distinct=False):
    rtype = aggregate_type(fn, args[0].type if args else None)
    return E.AggCall(fn, tuple(args), distinct, type=rtype)


AGG_COLS = {"x": I, "f": F_, "s": S, "a": A}


def acol(name):
    return E.Col(name, type=AGG_COLS[name])


AGG_CASES = [
    ("count(*)", agg("count_star"), 4),
    ("count x", agg("count", acol("x")), 3),
    ("count distinct", agg("count", acol("x"), distinct=True), 2),
    ("sum int", agg("sum", acol("x")), 5),
    ("sum distinct", agg("sum", acol("x"), distinct=True), 3),
    ("sum float", agg("sum", acol("f")), 9.0),
    ("avg", agg("avg", acol("x")), 5 / 3),
    ("min", agg("min", acol("x")), 1),
    ("max str", agg("max", acol("s")), "c"),
    ("min any", agg("min", acol("a")), "x"),
    ("max any", agg("max", acol("a")), 2.5),
    ("collect", agg("collect", acol("x")), [1, 2, 2]),
    ("stdev", agg("stdev", acol("f")), 1.5),
    ("stdevp", agg("stdevp", acol("x")), math.sqrt(2 / 9)),
    ("percentileCont", agg("percentileCont", acol("f"), lit(0.5)), 3.0),
    ("percentileDisc", agg("percentileDisc", acol("x"), lit(0.5)), 2),
    ("percentileDisc 0", agg("percentileDisc", acol("f"), lit(0.0)), 1.5),
]


def test_aggregates(agg_df, compiler):
    from graphframe_cypher.backends.spark.representation import to_python

    exprs = [c[1] for c in AGG_CASES]
    row = (
        agg_df.groupBy("g")
        .agg(*(compiler.compile_aggregate(e).alias(f"c{k}") for k, e in enumerate(exprs)))
        .collect()[0]
    )
    failures = []
    for k, (label, e, expected) in enumerate(AGG_CASES):
        got = to_python(row[f"c{k}"], e.type)
        ok = (
            math.isclose(got, expected)
            if isinstance(expected, float) and isinstance(got, float)
            else same(got, expected)
        )
        if not ok:
            failures.append(f"{label}: got {got!r}, expected {expected!r}")
    assert not failures, "\n".join(failures)


def test_aggregates_over_no_rows(agg_df, compiler):
    from graphframe_cypher.backends.spark.representation import to_python

    cases = [
        (agg("count_star"), 0),
        (agg("sum", acol("x")), 0),
        (agg("avg", acol("x")), None),
        (agg("collect", acol("x")), []),
        (agg("min", acol("s")), None),
        (agg("stdev", acol("f")), 0.0),
    ]
    row = agg_df.where("false").agg(*(compiler.compile_aggregate(e) for e, _ in cases)).collect()[0]
    assert [to_python(row[k], e.type) for k, (e, _) in enumerate(cases)] == [v for _, v in cases]


def test_order_by_any_struct_is_cypher_order(spark):
    """Sorting an ANY column natively gives Cypher's global order."""
    from graphframe_cypher.backends.spark import representation as R

    values = [
        {"a": 1},
        ALICE,
        R12,
        [1, 2],
        [1],
        Path([ALICE]),
        "b",
        "a",
        False,
        True,
        -1.5,
        2,
        10,
        math.nan,
    ]
    expected = [
        {"a": 1},
        ALICE,
        R12,
        [1],
        [1, 2],
        Path([ALICE]),
        "a",
        "b",
        False,
        True,
        -1.5,
        2,
        10,
        math.nan,
    ]
    df = None
    for _k, v in enumerate(values):
        one = spark.range(1).select(R.literal(v, A).alias("v"))
        df = one if df is None else df.unionByName(one)
    from graphframe_cypher.backends.spark.anycodec import encode

    got = [R.to_python(r["v"], A) for r in df.orderBy("v").collect()]
    assert [encode(x) for x in got] == [encode(x) for x in expected]


def test_cast_to_unifies_types(spark):
    from graphframe_cypher.backends.spark import representation as R

    df = spark.range(1).select(
        R.literal([1, 2], L(I)).alias("li"),
        R.literal(["a"], L(S)).alias("ls"),
        R.literal(5, I).alias("i"),
    )
    out = df.select(
        R.cast_to(df["li"], L(I), L(A)).alias("a"),
        R.cast_to(df["ls"], L(S), L(A)).alias("b"),
        R.cast_to(df["i"], I, A).alias("c"),
        R.cast_to(R.cast_to(df["li"], L(I), A), A, L(I)).alias("d"),
    )
    a, b, c, d = out.unionByName(out).collect()[0]
    assert R.to_python(a, L(A)) == [1, 2]
    assert R.to_python(b, L(A)) == ["a"]
    assert R.to_python(c, A) == 5
    assert R.to_python(d, L(I)) == [1, 2]


def test_same_results_without_ansi_mode(spark, row_df, compiler):
    """Compiled expressions do not depend on spark.sql.ansi.enabled."""
    old = spark.conf.get("spark.sql.ansi.enabled")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    try:
        check_table(row_df, compiler, ARITHMETIC_CASES + CONVERSION_CASES + LIST_CASES)
        with pytest.raises(Exception) as info:
            row_df.select(compiler.compile(ERROR_CASES[0][1])).collect()
        from graphframe_cypher.backends.spark.expressions import translate_spark_error

        assert translate_spark_error(info.value).code == "IntegerOverflow"
    finally:
        spark.conf.set("spark.sql.ansi.enabled", old)


def test_element_and_path_construction(spark):
    from pyspark.sql import types as ST

    from graphframe_cypher.backends.spark.expressions import SparkExpressionCompiler
    from graphframe_cypher.backends.spark.representation import ReprContext, to_python

    comp = SparkExpressionCompiler(ReprContext(id_type=ST.StringType()))
    df = spark.createDataFrame(
        [("a", True, False, "Ann", 3, "b", "r1"), (None, None, None, None, None, "c", "r2")],
        "nid string, is_p boolean, is_x boolean, name string, age long, mid string, rid string",
    )
    person = T.NodeType({"name": S, "age": I}, {"Person", "X"})
    rel = T.RelationshipType({}, {"R"})
    node = E.ElementOf(
        id=E.Col("nid", type=S),
        labels=(("Person", E.Col("is_p", type=B)), ("X", E.Col("is_x", type=B))),
        properties=(("name", E.Col("name", type=S)), ("age", E.Col("age", type=I))),
        type=person,
    )
    other = E.ElementOf(id=E.Col("mid", type=S), labels=(), properties=(), type=person)
    r = E.ElementOf(
        id=E.Col("rid", type=S),
        rel_type=lit("R"),
        source=E.Col("nid", type=S),
        target=E.Col("mid", type=S),
        type=rel,
    )
    path = E.PathOf((node, other), (r,), type=T.PathType(person, rel))
    exprs = [
        node,
        call("id", node),
        call("labels", node),
        prop(node, "name"),
        call("length", path),
        path,
    ]
    rows = df.select(*(comp.compile(e).alias(f"c{k}") for k, e in enumerate(exprs))).collect()
    first = [to_python(rows[0][k], e.type) for k, e in enumerate(exprs)]
    assert first[0] == Node("a", ["Person"], {"name": "Ann", "age": 3})
    assert first[0].properties == {"name": "Ann", "age": 3}
    assert first[1:5] == ["a", ["Person"], "Ann", 1]
    assert first[5] == Path([Node("a"), Node("b")], [Relationship("r1", "R", "a", "b")])
    second = [to_python(rows[1][k], e.type) for k, e in enumerate(exprs)]
    assert second[:5] == [None, None, None, None, None]


def test_composite_dynamic_values_inside_lambdas_fail_clearly(row_df, compiler):
    from graphframe_cypher.errors import UnsupportedFeature

    # [x IN [[1], [2]] | x + 'a'] needs Python for the dynamic list value inside a lambda.
    source = lit([[1], ["a"]])
    body = call("eq", E.LambdaVar("x", type=A), lit([1]))
    expr = _lambda("transform", "x", source, body, L(B))
    with pytest.raises(UnsupportedFeature):
        compiler.compile(expr)


NESTED_CASES = [
    (
        "nested comprehension",
        _lambda(
            "transform",
            "x",
            col("ints"),
            _lambda(
                "transform", "y", lit([10, 20]), call("add", _x(), E.LambdaVar("y", type=I)), L(I)
            ),
            L(L(I)),
        ),
        [[11, 21], [12, 22], [13, 23]],
    ),
    (
        "shadowed variable",
        _lambda(
            "transform",
            "x",
            col("ints"),
            _lambda("any", "x", lit(["a"]), call("eq", _x(S), lit("a")), B),
            L(B),
        ),
        [True, True, True],
    ),
    (
        "in inside lambda",
        _lambda("filter", "x", col("mixed"), call("in", _x(A), lit([1, "a"])), L(A)),
        [1, "a"],
    ),
    ("eq lists of any", eq(col("mixed"), lit([1, "a", 2.5])), True),
    (
        "case any",
        E.CaseWhen(((col("t"), col("any_list")),), col("any_int"), type=A),
        [1, "a", None],
    ),
    ("coalesce lists", call("coalesce", lit(None, L(I)), col("ints")), [1, 2, 3]),
    ("dyn map of", E.MapOf(("a",), (col("any_int"),), type=T.MapType({"a": A})), {"a": 3}),
    ("has labels any", call("has_labels", lit(ALICE, A), lit(["Admin"])), True),
    ("any map index", call("index", col("any_map"), lit("k")), 1),
    ("size of any str", call("size", col("any_str")), 3),
    (
        "size in lambda",
        _lambda("transform", "x", lit(["ab", "c"], L(A)), call("size", _x(A)), L(I)),
        [2, 1],
    ),
    (
        "toString list elems",
        _lambda("transform", "x", col("any_list"), call("toString", _x(A)), L(S)),
        ["1", "a", None],
    ),
    (
        "reduce strings",
        _lambda(
            "reduce",
            "x",
            col("strs"),
            call("add", E.LambdaVar("acc", type=S), _x(S)),
            S,
            accumulator="acc",
            init=lit(""),
        ),
        "ba",
    ),
    ("list of lists", listof(col("ints"), lit([4])), [[1, 2, 3], [4]]),
    ("list of mixed lists", listof(col("ints"), col("strs")), [[1, 2, 3], ["b", "a"]]),
    ("nested list index", call("index", call("index", lit([[1, 2], [3]]), lit(1)), lit(0)), 3),
    ("split empty sep", call("split", lit("abc"), lit("")), ["a", "b", "c"]),
    ("regex with flag", call("regex", lit("ABC"), lit("(?i)abc")), True),
    ("str = any str", eq(lit("abc"), col("any_str")), True),
    ("int list = float list", eq(lit([1, 2]), lit([1.0, 2.0])), True),
    ("path = path", eq(col("p"), col("p")), True),
]


def test_nested_and_dynamic_table(row_df, compiler):
    check_table(row_df, compiler, NESTED_CASES)


TCK_RUNTIME_ERRORS = [
    ("range float", call("range", lit(0.0), lit(1), lit(1)), "InvalidArgumentType"),
    ("range bool", call("range", lit(0), lit(True), lit(1)), "InvalidArgumentType"),
    ("range any str", call("range", col("any_str"), lit(1)), "InvalidArgumentType"),
    ("map index by int", call("index", col("map"), lit(0)), "MapElementAccessByNonString"),
    ("dmap index by float", call("index", col("dmap"), lit(12.3)), "MapElementAccessByNonString"),
    ("index an int", call("index", col("i"), lit(0)), "InvalidArgumentType"),
    (
        "type of int in list",
        _lambda("transform", "x", col("mixed"), call("type", _x(A)), L(S)),
        "InvalidArgumentValue",
    ),
]


def test_tck_runtime_errors(row_df, compiler):
    """Each expression fails its own job (one select would report only the first)."""
    from graphframe_cypher.backends.spark.expressions import translate_spark_error

    codes = []
    for label, expr, _code in TCK_RUNTIME_ERRORS:
        try:
            row_df.select(compiler.compile(expr)).collect()
            codes.append((label, None))
        except Exception as exc:  # noqa: BLE001 - Spark/Py4J exceptions
            err = translate_spark_error(exc)
            codes.append((label, err.code if err is not None else repr(exc)[:200]))
    assert codes == [(label, code) for label, _, code in TCK_RUNTIME_ERRORS]


def test_dynamic_labels_and_type_natively(row_df, compiler):
    any_node, any_rel = lit(ALICE, A), lit(R12, A)
    cases = [
        ("labels", call("labels", any_node), ["Admin", "Person"]),
        ("type", call("type", any_rel), "KNOWS"),
        (
            "type in lambda",
            _lambda("transform", "x", lit([R12, None], L(A)), call("type", _x(A)), L(S)),
            ["KNOWS", None],
        ),
        (
            "labels in lambda",
            _lambda("transform", "x", lit([BOB], L(A)), call("labels", _x(A)), L(L(S))),
            [["Person"]],
        ),
    ]
    check_table(row_df, compiler, cases)


def test_percentiles_with_runtime_percentile(agg_df, compiler):
    from graphframe_cypher.backends.spark.representation import to_python

    p = E.Col("p", type=F_)
    from pyspark.sql import functions as SF

    df = agg_df.withColumn("p", SF.lit(0.5))
    exprs = [agg("percentileCont", acol("f"), p), agg("percentileDisc", acol("x"), p)]
    row = df.agg(*(compiler.compile_aggregate(e) for e in exprs)).collect()[0]
    assert [to_python(row[k], e.type) for k, e in enumerate(exprs)] == [3.0, 2]
    bad = df.withColumn("p", df["p"] + 1)
    from graphframe_cypher.backends.spark.expressions import translate_spark_error

    with pytest.raises(Exception) as info:
        bad.agg(compiler.compile_aggregate(exprs[0])).collect()
    assert translate_spark_error(info.value).code == "NumberOutOfRange"


def test_precedence_regressions(row_df, compiler):
    """TCK Precedence3: list + dynamic list concatenates; list comparisons inside IN."""
    nested = lit([[1], [2, 3], [4, 5]])
    dyn = call("index", lit([5, [6, 7], [8, 9], 10]), lit(2))
    cases = [
        ("list + dynamic list", call("add", nested, dyn), [[1], [2, 3], [4, 5], 8, 9]),
        (
            "list + dynamic scalar",
            call("add", nested, call("index", lit([5, [6]]), lit(0))),
            [[1], [2, 3], [4, 5], 5],
        ),
        (
            "list < list in",
            call("in", call("lt", lit([1, 2]), lit([3, 4])), lit([[3, 4], False])),
            False,
        ),
        ("list cmp", call("ge", lit([1, 2]), lit([1, 2])), True),
        ("list cmp null", call("lt", lit([1, None]), lit([1, 2])), None),
        ("list cmp differs before null", call("lt", lit([1, None]), lit([2, 2])), True),
        ("list cmp strings", call("gt", lit(["b"]), lit(["a", "z"])), True),
        ("list cmp mixed types", call("lt", lit([1]), lit(["a"])), None),
        ("list cmp nan", call("lt", lit([float("nan")]), lit([1.0])), False),
    ]
    check_table(row_df, compiler, cases)


@pytest.mark.parametrize("case_sensitive", ["true", "false"])
def test_case_sensitive_map_keys_on_any_spark_setting(spark, compiler, case_sensitive):
    """Cypher keys are case-sensitive: {name, Name} is a struct with two fields, read by
    position when Spark folds case (representation.struct_field)."""
    from graphframe_cypher.backends.spark.representation import to_python

    old = spark.conf.get("spark.sql.caseSensitive")
    spark.conf.set("spark.sql.caseSensitive", case_sensitive)
    try:
        m = lit({"name": "Mats", "Name": "Pontus"})
        exprs = [prop(m, "name"), prop(m, "Name"), call("index", m, lit("Name"), key="Name")]
        row = spark.range(1).select(*(compiler.compile(e) for e in exprs)).collect()[0]
        assert [to_python(row[k], e.type) for k, e in enumerate(exprs)] == [
            "Mats",
            "Pontus",
            "Pontus",
        ]
    finally:
        spark.conf.set("spark.sql.caseSensitive", old)


def test_sort_keys_give_cypher_order(spark, compiler):
    """ORDER BY lists: null elements sort last (Spark's array order puts them first)."""
    from graphframe_cypher.backends.spark.representation import literal, to_python

    lists = [[], ["a"], ["a", 1], [1], [1, "a"], [1, None], [None, 1], [None, 2]]
    df = None
    for v in reversed(lists):
        one = spark.range(1).select(literal(v, L(A)).alias("l"))
        df = one if df is None else df.unionByName(one)
    key = compiler.compile_sort_key(E.Col("l", type=L(A)))

    got = [to_python(r["l"], L(A)) for r in df.orderBy(key.asc_nulls_last()).collect()]
    assert got == [[], ["a"], ["a", 1], [1], [1, "a"], [1, None], [None, 1], [None, 2]]
