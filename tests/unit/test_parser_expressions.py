"""Parser unit tests: expressions (AST shapes, precedence, literals)."""

from __future__ import annotations

import pytest

from graphframe_cypher import ast as A
from graphframe_cypher.errors import CypherSyntaxError
from graphframe_cypher.parser import parse

V = A.Variable
L = A.Literal


def B(op, left, right):
    return A.BinaryOp(op, left, right)


def expr(text: str) -> A.Expr:
    """The expression of ``RETURN <text>``."""
    q = parse(f"RETURN {text}")
    return q.body.clauses[0].body.items[0].expression


def where(text: str) -> A.Expr:
    q = parse(f"MATCH (n) WHERE {text} RETURN n")
    return q.body.clauses[0].where


# --- literals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("0", 0),
        ("42", 42),
        ("0x1F", 31),
        ("0X1f", 31),
        ("0o17", 15),
        ("9223372036854775807", 2**63 - 1),
        ("-9223372036854775808", -(2**63)),
        ("-0x8000000000000000", -(2**63)),
        ("-0o1000000000000000000000", -(2**63)),
        ("-1", -1),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("1E3", 1000.0),
        (".5", 0.5),
        ("1.5e-3", 0.0015),
        (".1e9", 1e8),
        ("-.1e-5", -1e-6),
        ("1e308", 1e308),
        ("true", True),
        ("FALSE", False),
        ("null", None),
        ("NULL", None),
    ],
)
def test_scalar_literals(text, value):
    e = expr(text)
    assert isinstance(e, A.Literal)
    assert e == L(value)
    assert type(e.value) is type(value)


def test_literal_equality_includes_type():
    assert expr("1") != expr("1.0")
    assert expr("1") != expr("true")


@pytest.mark.parametrize(
    "text, value",
    [
        ("'abc'", "abc"),
        ('"abc"', "abc"),
        ("''", ""),
        (r"'a\nb'", "a\nb"),
        (r"'a\tb'", "a\tb"),
        (r"'\''", "'"),
        (r"'\"'", '"'),
        (r'"\""', '"'),
        (r"'\\'", "\\"),
        (r"'\b\f\r'", "\b\f\r"),
        (r"'\u00e9'", "é"),
        (r"'\u01FF'", "\u01ff"),
        (r"'\U0001F600'", "\U0001f600"),
        (r"'\uD83D\uDE00'", "\U0001f600"),
        ("'it''s'", None),  # two adjacent strings are not one literal
        ("'🧐🍌❖⋙⚐'", "🧐🍌❖⋙⚐"),
        ("'a // not a comment'", "a // not a comment"),
        ("'multi\nline'", "multi\nline"),
    ],
)
def test_string_literals(text, value):
    if value is None:
        with pytest.raises(CypherSyntaxError):
            expr(text)
        return
    assert expr(text) == L(value)


def test_list_and_map_literals():
    assert expr("[]") == A.ListLiteral(())
    assert expr("[1, 'a', [null]]") == A.ListLiteral((L(1), L("a"), A.ListLiteral((L(None),))))
    assert expr("{}") == A.MapLiteral(())
    assert expr("{a: 1, `b c`: 'x', type: 2, end: 3}") == A.MapLiteral(
        (("a", L(1)), ("b c", L("x")), ("type", L(2)), ("end", L(3)))
    )


def test_parameters():
    assert expr("$name") == A.Parameter("name")
    assert expr("$0") == A.Parameter("0")
    assert expr("$`a b`") == A.Parameter("a b")


def test_escaped_identifiers():
    assert expr("`a b`") == V("a b")
    assert expr("`a``b`") == V("a`b")
    assert expr("`end`") == V("end")


# --- operators and precedence -----------------------------------------------------------------


def test_arithmetic_precedence():
    assert expr("1 + 2 * 3") == B("+", L(1), B("*", L(2), L(3)))
    assert expr("(1 + 2) * 3") == B("*", B("+", L(1), L(2)), L(3))
    assert expr("1 - 2 - 3") == B("-", B("-", L(1), L(2)), L(3))
    assert expr("2 ^ 3 ^ 2") == B("^", B("^", L(2), L(3)), L(2))  # left-associative
    assert expr("2 * 3 ^ 2") == B("*", L(2), B("^", L(3), L(2)))
    assert expr("a % b / c") == B("/", B("%", V("a"), V("b")), V("c"))


def test_unary_minus():
    assert expr("-x") == A.UnaryOp("-", V("x"))
    assert expr("+x") == A.UnaryOp("+", V("x"))
    assert expr("- -1") == L(1)
    assert expr("-x ^ 2") == B("^", A.UnaryOp("-", V("x")), L(2))  # unary binds tighter
    assert expr("-x.y") == A.UnaryOp("-", A.Property(V("x"), "y"))
    assert expr("1 - -2") == B("-", L(1), L(-2))


def test_boolean_precedence():
    # OR < XOR < AND < NOT < comparison
    assert expr("a OR b XOR c AND d") == B("OR", V("a"), B("XOR", V("b"), B("AND", V("c"), V("d"))))
    assert expr("NOT a = b") == A.UnaryOp("NOT", B("=", V("a"), V("b")))
    assert expr("NOT a AND b") == B("AND", A.UnaryOp("NOT", V("a")), V("b"))
    assert expr("NOT NOT a") == A.UnaryOp("NOT", A.UnaryOp("NOT", V("a")))
    assert expr("a and b or c") == B("OR", B("AND", V("a"), V("b")), V("c"))


def test_comparisons_and_chains():
    for op in ("=", "<>", "<", ">", "<=", ">="):
        assert expr(f"a {op} b") == B(op, V("a"), V("b"))
    assert expr("a < b < c") == B("AND", B("<", V("a"), V("b")), B("<", V("b"), V("c")))
    assert expr("1 < x <= 3 = y") == B(
        "AND",
        B("AND", B("<", L(1), V("x")), B("<=", V("x"), L(3))),
        B("=", L(3), V("y")),
    )
    assert expr("a + 1 < b * 2") == B("<", B("+", V("a"), L(1)), B("*", V("b"), L(2)))


def test_string_list_null_predicates():
    assert expr("a STARTS WITH 'x'") == B("STARTS WITH", V("a"), L("x"))
    assert expr("a ends with 'x'") == B("ENDS WITH", V("a"), L("x"))
    assert expr("a CONTAINS 'x'") == B("CONTAINS", V("a"), L("x"))
    assert expr("a =~ 'x.*'") == B("=~", V("a"), L("x.*"))
    assert expr("a IN [1]") == B("IN", V("a"), A.ListLiteral((L(1),)))
    assert expr("a IS NULL") == A.IsNull(V("a"), negated=False)
    assert expr("a IS NOT NULL") == A.IsNull(V("a"), negated=True)
    # they bind tighter than comparison, looser than arithmetic
    assert expr("a = b IS NULL") == B("=", V("a"), A.IsNull(V("b")))
    assert expr("a + 1 IN l") == B("IN", B("+", V("a"), L(1)), V("l"))
    assert expr("x IN l = true") == B("=", B("IN", V("x"), V("l")), L(True))


def test_postfix_operators():
    assert expr("n.name") == A.Property(V("n"), "name")
    assert expr("n.a.b") == A.Property(A.Property(V("n"), "a"), "b")
    assert expr("n.count") == A.Property(V("n"), "count")
    assert expr("n.end") == A.Property(V("n"), "end")
    assert expr("n.`a b`") == A.Property(V("n"), "a b")
    assert expr("l[0]") == A.DynamicProperty(V("l"), L(0))
    assert expr("m['k']") == A.DynamicProperty(V("m"), L("k"))
    assert expr("l[1..3]") == A.Slice(V("l"), L(1), L(3))
    assert expr("l[..3]") == A.Slice(V("l"), None, L(3))
    assert expr("l[1..]") == A.Slice(V("l"), L(1), None)
    assert expr("l[..]") == A.Slice(V("l"), None, None)
    assert expr("l[0].x[1]") == A.DynamicProperty(
        A.Property(A.DynamicProperty(V("l"), L(0)), "x"), L(1)
    )
    assert expr("[1, 2][0]") == A.DynamicProperty(A.ListLiteral((L(1), L(2))), L(0))


def test_label_predicates():
    assert expr("n:A") == A.HasLabels(V("n"), ("A",))
    assert expr("n:A:B") == A.HasLabels(V("n"), ("A", "B"))
    assert expr("n:Order:`x y`") == A.HasLabels(V("n"), ("Order", "x y"))
    assert where("n:A AND NOT n:B") == B(
        "AND", A.HasLabels(V("n"), ("A",)), A.UnaryOp("NOT", A.HasLabels(V("n"), ("B",)))
    )


def test_function_calls():
    assert expr("f()") == A.FunctionCall("f", ())
    assert expr("toUpper('a')") == A.FunctionCall("toUpper", (L("a"),))
    assert expr("count(DISTINCT x)") == A.FunctionCall("count", (V("x"),), distinct=True)
    assert expr("date.truncate('day', d)") == A.FunctionCall("date.truncate", (L("day"), V("d")))
    assert expr("a.b.c(1)") == A.FunctionCall("a.b.c", (L(1),))
    assert expr("count(*)") == A.CountStar()
    assert expr("COUNT( * )") == A.CountStar()
    assert expr("exists(n.prop)") == A.FunctionCall("exists", (A.Property(V("n"), "prop"),))


def test_case_expressions():
    assert expr("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END") == A.CaseExpr(
        None, ((V("a"), L(1)), (V("b"), L(2))), L(3)
    )
    assert expr("case x when 1 then 'a' end") == A.CaseExpr(V("x"), ((L(1), L("a")),), None)


def test_list_comprehension():
    assert expr("[x IN l]") == A.ListComprehension("x", V("l"))
    assert expr("[x IN l WHERE x > 1]") == A.ListComprehension("x", V("l"), B(">", V("x"), L(1)))
    assert expr("[x IN l | x * 2]") == A.ListComprehension("x", V("l"), None, B("*", V("x"), L(2)))
    assert expr("[x IN l WHERE x > 1 | x]") == A.ListComprehension(
        "x", V("l"), B(">", V("x"), L(1)), V("x")
    )
    # a list literal holding an IN predicate is still a list literal
    assert expr("[x IN l, 3]") == A.ListLiteral((B("IN", V("x"), V("l")), L(3)))
    assert expr("[x IN a AND b, x IN (a OR b), x IN a IS NULL]") == A.ListLiteral(
        (
            B("AND", B("IN", V("x"), V("a")), V("b")),
            B("IN", V("x"), B("OR", V("a"), V("b"))),
            A.IsNull(B("IN", V("x"), V("a"))),
        )
    )
    assert expr("[x.a IN l]") == A.ListLiteral((B("IN", A.Property(V("x"), "a"), V("l")),))


def test_quantifiers_and_reduce():
    for kind in ("all", "any", "none", "single"):
        assert expr(f"{kind.upper()}(x IN l WHERE x > 0)") == A.Quantifier(
            kind, "x", V("l"), B(">", V("x"), L(0))
        )
    assert expr("reduce(acc = 0, x IN l | acc + x)") == A.Reduce(
        "acc", L(0), "x", V("l"), B("+", V("acc"), V("x"))
    )


def _chain(*items):
    nodes = tuple(i for i in items if isinstance(i, A.NodePattern))
    rels = tuple(i for i in items if isinstance(i, A.RelationshipPattern))
    return A.PatternElement(nodes, rels)


def test_pattern_predicates_and_parentheses():
    n, m = A.NodePattern("n"), A.NodePattern("m")
    out = A.RelationshipPattern(direction="out")
    assert where("(n)-->(m)") == A.PatternPredicate(A.PatternPart(_chain(n, out, m)))
    assert where("NOT (n)-[:R]-()") == A.UnaryOp(
        "NOT",
        A.PatternPredicate(
            A.PatternPart(_chain(n, A.RelationshipPattern(types=("R",)), A.NodePattern()))
        ),
    )
    assert where("(n)<--(:A {x: 1})") == A.PatternPredicate(
        A.PatternPart(
            _chain(
                n,
                A.RelationshipPattern(direction="in"),
                A.NodePattern(None, ("A",), A.MapLiteral((("x", L(1)),))),
            )
        )
    )
    # parenthesised expressions are not patterns
    assert expr("(n) - 1") == B("-", V("n"), L(1))
    assert where("(n.x) < -1") == B("<", A.Property(V("n"), "x"), L(-1))
    assert expr("(n:A)") == A.HasLabels(V("n"), ("A",))
    # a dash after ")" is only a relationship if a node pattern follows it
    assert expr("(1)--1") == B("-", L(1), L(-1))
    assert expr("(x) - -1") == B("-", V("x"), L(-1))
    assert expr("(x)<-1") == B("<", V("x"), L(-1))
    assert isinstance(where("(n)-[:R {k: [1, 2]}]->( /* c */ )"), A.PatternPredicate)
    assert expr("((1))") == L(1)


def test_pattern_comprehension():
    a, b = A.NodePattern("a"), A.NodePattern("b")
    out = A.RelationshipPattern(direction="out")
    assert expr("[(a)-->(b) | b.name]") == A.PatternComprehension(
        A.PatternPart(_chain(a, out, b)), None, A.Property(V("b"), "name")
    )
    assert expr("[p = (a)-->(b) WHERE b.x > 1 | p]") == A.PatternComprehension(
        A.PatternPart(_chain(a, out, b), "p"), B(">", A.Property(V("b"), "x"), L(1)), V("p")
    )
    # the same start as a list literal holding a comparison
    assert expr("[p = 1]") == A.ListLiteral((B("=", V("p"), L(1)),))


def test_exists_subqueries():
    e = where("EXISTS { (n)-->(m) WHERE m.x = 1 }")
    assert isinstance(e, A.ExistsSubquery)
    assert e.query is None and e.pattern is not None
    assert e.where == B("=", A.Property(V("m"), "x"), L(1))
    e = where("exists { MATCH (n)-->(m) RETURN m }")
    assert e.pattern is None and isinstance(e.query, A.Query)
    assert e.query.text == "MATCH (n)-->(m) RETURN m"
    assert [type(c) for c in e.query.body.clauses] == [A.Match, A.Return]


def test_map_projection():
    assert expr("n{.name, .*, x: 1, m}") == A.MapProjection(
        "n",
        (
            A.MapProjectionItem("property", "name"),
            A.MapProjectionItem("all"),
            A.MapProjectionItem("literal", "x", L(1)),
            A.MapProjectionItem("variable", "m", V("m")),
        ),
    )
    assert expr("n {}") == A.MapProjection("n", ())


def test_keywords_as_names():
    # property keys, map keys, labels and relationship types may be any keyword
    q = parse("MATCH (n:Match:Order)-[:RETURN|`x`]->(m) RETURN n.match, {where: 1}, m.return")
    node = q.body.clauses[0].pattern.parts[0].element.nodes[0]
    assert node.labels == ("Match", "Order")
    rel = q.body.clauses[0].pattern.parts[0].element.relationships[0]
    assert rel.types == ("RETURN", "x")
    # keywords are variables where the parser cannot mistake them, as in Neo4j and Morpheus
    assert expr("any") == V("any")
    assert expr("none + single") == B("+", V("none"), V("single"))
    assert expr("count") == V("count")
    for word in ("end", "match", "return", "where", "for", "order", "limit", "desc"):
        query = parse(f"MATCH ({word}) WITH {word} AS {word} ORDER BY {word} DESC RETURN {word}")
        assert query.body.clauses[0].pattern.parts[0].element.nodes[0].variable == word
        assert query.body.clauses[1].body.items[0].alias == word
    # the others start or join expressions: still errors that suggest backticks
    for word in ("null", "true", "not", "in", "and", "case", "distinct", "as"):
        with pytest.raises(CypherSyntaxError) as err:
            parse(f"MATCH ({word}) RETURN 1")
        assert err.value.code == "UnexpectedSyntax"
        assert f"(escape it: `{word}`)" in err.value.message, err.value.message


def test_case_insensitive_keywords():
    a = parse("match (n) where n.x = 1 return distinct n order by n.x desc skip 1 limit 2")
    b = parse("MATCH (n) WHERE n.x = 1 RETURN DISTINCT n ORDER BY n.x DESC SKIP 1 LIMIT 2")
    assert a == b
