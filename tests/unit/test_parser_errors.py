"""Parser unit tests: syntax errors (codes, positions, messages)."""

from __future__ import annotations

import random

import pytest

from graphframe_cypher.errors import CypherSyntaxError, Position
from graphframe_cypher.parser import parse


def error(text: str) -> CypherSyntaxError:
    with pytest.raises(CypherSyntaxError) as info:
        parse(text)
    err = info.value
    assert err.query == text
    return err


@pytest.mark.parametrize(
    "text, code, column",
    [
        ("RETURN 9223372036854775808 AS literal", "IntegerOverflow", 8),
        ("RETURN -9223372036854775809", "IntegerOverflow", 8),
        ("RETURN 0x8000000000000000", "IntegerOverflow", 8),
        ("RETURN -0x8000000000000001 AS literal", "IntegerOverflow", 8),
        ("RETURN 0o1000000000000000000000", "IntegerOverflow", 8),
        ("RETURN [1, 99999999999999999999]", "IntegerOverflow", 12),
        ("RETURN -(9223372036854775808)", "IntegerOverflow", 10),
        ("RETURN 1.34E999", "FloatingPointOverflow", 8),
        ("RETURN -1e309", "FloatingPointOverflow", 9),
        ("RETURN 9223372h54775808 AS literal", "InvalidNumberLiteral", 8),
        ("RETURN 0x AS literal", "InvalidNumberLiteral", 8),
        ("RETURN 0xG", "InvalidNumberLiteral", 8),
        ("RETURN 0x1A2b3j4D5E6f7 AS literal", "InvalidNumberLiteral", 8),
        ("RETURN 1.2.3", "InvalidNumberLiteral", 8),
        ("RETURN 12abc", "InvalidNumberLiteral", 8),
        ("RETURN 1e", "InvalidNumberLiteral", 8),
        ("RETURN 0o8", "InvalidNumberLiteral", 8),
        ("RETURN 09", "InvalidNumberLiteral", 8),
        ("RETURN '\\uH'", "InvalidUnicodeLiteral", 9),
        ("RETURN 'ab\\u12'", "InvalidUnicodeLiteral", 11),
        ("RETURN 9223372#54775808 AS literal", "UnexpectedSyntax", 15),
        ("RETURN [, ] AS literal", "UnexpectedSyntax", 9),
        ("RETURN [[[]] AS literal", "UnexpectedSyntax", 14),
        ("RETURN {1B2c3e67:1} AS literal", "UnexpectedSyntax", 9),
        ("RETURN {k1#k: 1} AS literal", "UnexpectedSyntax", 11),
        ("RETURN {, } AS literal", "UnexpectedSyntax", 9),
        ("RETURN {1} AS literal", "UnexpectedSyntax", 9),
        ("RETURN {[]} AS literal", "UnexpectedSyntax", 9),
        ("RETURN {{}} AS literal", "UnexpectedSyntax", 9),
        ("MATCH (n) RETURN (n)-[]->()", "UnexpectedSyntax", 18),
        ("MATCH (n) WITH (n)-[]->() AS x RETURN x", "UnexpectedSyntax", 16),
        ("MATCH (n) SET n.prop = head(nodes(head((n)-[:REL]->()))).foo", "UnexpectedSyntax", 40),
        ("MATCH (a) RETURN size((a)-->())", "UnexpectedSyntax", 23),
        ("CALL test.my.proc('Stefan', 1) YIELD * RETURN city", "UnexpectedSyntax", 38),
        ("RETURN '\\q'", "UnexpectedSyntax", 9),
        ("RETURN foo(*)", "UnexpectedSyntax", 12),
        ("MATCH (null) RETURN 1", "UnexpectedSyntax", 8),
        ("RETURN 1 AS in", "UnexpectedSyntax", 13),
    ],
)
def test_error_codes_and_positions(text, code, column):
    err = error(text)
    assert err.code == code, str(err)
    assert err.position is not None and err.position.line == 1
    assert err.position.column == column, str(err)
    assert err.position.offset == column - 1


def test_pattern_predicates_allowed_in_boolean_positions():
    for text in [
        "MATCH (n) WHERE (n)-->() RETURN n",
        "MATCH (n) WHERE NOT (n)-->() AND (n)<--() OR (n)--() XOR false RETURN n",
        "MATCH (n) RETURN exists((n)-->()) AS e",
        "MATCH (n) RETURN NOT (n)-->() AS e",
        "MATCH (n) RETURN [x IN [n] WHERE (x)-->()] AS l",
        "MATCH (n) RETURN all(x IN [n] WHERE (x)-->()) AS l",
        "MATCH (n) RETURN CASE WHEN (n)-->() THEN 1 ELSE 0 END AS c",
        "MATCH (n) WHERE EXISTS { (n)-->(m) WHERE (m)-->() } RETURN n",
    ]:
        parse(text)


def test_unexpected_token_messages():
    err = error("MATCH (n) WHERE AND n")
    assert err.code == "UnexpectedSyntax"
    assert err.message == "Invalid input 'AND': expected an expression"
    assert err.position == Position(1, 17, 16)

    err = error("MATCH (n)-[]-) RETURN n")
    assert err.message.startswith("Invalid input ')': expected a node pattern")

    err = error("MATCH (n) RETURN n ORDER n")
    assert err.message == "Invalid input 'n': expected BY"

    err = error("MATCH (n) RETURN")
    assert err.message.startswith("Unexpected end of input: expected an expression")
    assert err.position == Position(1, 17, 16)

    err = error("RETURN 'abc")
    assert "Unterminated string" in err.message

    err = error("MATCH (n)\nRETURN n,\n  n.x AS")
    assert err.position.line == 3


def test_error_rendering_shows_the_line():
    err = error("MATCH (n)\nRETURN n +")
    text = str(err)
    assert text.startswith("SyntaxError (UnexpectedSyntax): ")
    assert "RETURN n +" in text and "^" in text


def test_empty_and_non_queries():
    for text in ["", "   ", "// nothing", ";", "MATCH", "RETURN 1 2", "(n)", "n"]:
        assert error(text).code == "UnexpectedSyntax"
    with pytest.raises(TypeError):
        parse(None)  # type: ignore[arg-type]


def test_never_raises_anything_but_cypher_syntax_errors():
    """Mutated queries either parse or raise CypherSyntaxError with a position."""
    seeds = [
        "MATCH (a:A {x: 1})-[r:R*1..2]->(b) WHERE a.x IN [1, 2] AND (a)-->() "
        "RETURN a.x AS x, count(*), [p = (a)-->() | p] ORDER BY x DESC LIMIT 3",
        "UNWIND [1, 2.5, 'a\\n', null, {k: $p}] AS v WITH v CALL db.x(v) YIELD y "
        "RETURN CASE v WHEN 1 THEN reduce(s = 0, z IN [1] | s + z) END",
        "MERGE (n:N) ON CREATE SET n += {a: 1} REMOVE n:L DETACH DELETE n "
        "UNION ALL FROM GRAPH g CONSTRUCT ON g CLONE n CREATE (n)-->() RETURN GRAPH",
    ]
    rnd = random.Random(7)
    pieces = list("()[]{},.-<>:'`*|$;") + ["..", " AND ", " RETURN ", "0x", "\\u", "/*"]
    for seed in seeds:
        variants = [seed[:k] for k in range(len(seed) + 1)]
        for _ in range(120):
            i = rnd.randrange(len(seed))
            variants.append(seed[:i] + seed[i + rnd.randint(1, 3) :])
            variants.append(seed[:i] + rnd.choice(pieces) + seed[i:])
        for v in variants:
            try:
                parse(v)
            except CypherSyntaxError as err:
                assert err.code and err.position is not None, (v, err)


def test_deep_nesting_and_long_chains_are_linear():
    import time

    t0 = time.perf_counter()
    parse("RETURN " + "(" * 1000 + "1" + ")" * 1000 + " AS x")
    q = parse("MATCH (n) WHERE " + " AND ".join(f"(n)-->(m{i})" for i in range(1000)) + " RETURN n")
    assert isinstance(
        q.body.clauses[0].where,
        type(parse("RETURN a AND b").body.clauses[0].body.items[0].expression),
    )
    with pytest.raises(CypherSyntaxError):
        parse(
            "MATCH (n) RETURN "
            + " AND ".join("true" for _ in range(999))
            + " AND size((n)-->()) > 0"
        )
    assert time.perf_counter() - t0 < 30
