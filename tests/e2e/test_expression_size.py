"""Spark expressions grow linearly with the query text.

An integer step checks overflow by reading its operands and its result, so nesting steps
as plain expressions repeats each operand per level (3^n; more on values of dynamic
type). The size measured is the length of Spark's analyzed plan of the query's result:
its increase per added term must stay about constant from 2 to 64 terms.
"""

from __future__ import annotations

import pytest

from graphframe_cypher.errors import CypherError

TERMS = (2, 4, 8, 16, 32, 64)
# a value of dynamic type (an element of a list of mixed types): Alice's age, 34
DYNAMIC = "MATCH (p:Person {name: 'Alice'}) WITH p, [p.age, 'x'][0] AS d "


def _sum(term: str, n: int) -> str:
    return " + ".join([term] * n)


QUERIES = {
    "integer literals": lambda n: f"RETURN {_sum('1', n)} AS x",
    "integer properties": lambda n: f"MATCH (p:Person {{name: 'Alice'}}) RETURN {_sum('p.age', n)} AS x",
    "dynamic values": lambda n: f"{DYNAMIC}RETURN {_sum('d', n)} AS x",
    "WITH chain": lambda n: "WITH 1 AS x " + "WITH x + 1 AS x " * n + "RETURN x",
    "mixed operators": lambda n: "RETURN 1" + "".join(f" {'+-*'[i % 3]} 2" for i in range(n)) + " AS x",
}


def _plan_size(graph, query: str) -> int:
    df = graph.cypher(query).records.df
    return len(df._jdf.queryExecution().analyzed().toString())


@pytest.mark.parametrize("kind", sorted(QUERIES))
def test_expression_size_grows_linearly(sample_graph, kind):
    sizes = {n: _plan_size(sample_graph, QUERIES[kind](n)) for n in TERMS}
    per_term = [
        (sizes[b] - sizes[a]) / (b - a) for a, b in zip(TERMS[1:], TERMS[2:], strict=False)
    ]
    # exponential growth multiplies the increase per term at every doubling (by 3 or
    # more); linear growth keeps it (or lowers it, as fixed parts weigh less)
    for before, after in zip(per_term, per_term[1:], strict=False):
        assert after <= 1.5 * before + 8, (kind, sizes)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (QUERIES["integer literals"](64), 64),
        (QUERIES["WITH chain"](64), 65),
        ("RETURN 10 - 3 * 2 + 7 % 4 - 9 / 2 AS x", 10 - 3 * 2 + 3 - 4),
        ("RETURN 1 + null + 1 AS x", None),
        (f"{DYNAMIC}RETURN {_sum('d', 64)} AS x", 64 * 34),
        (f"{DYNAMIC}RETURN d + 0.5 + d - 1 AS x", 67.5),
        (f"{DYNAMIC}RETURN -(d + d) AS x", -68),
        (f"{DYNAMIC}RETURN d + 'y' + d AS x", "34y34"),
    ],
)
def test_chained_arithmetic_values(sample_graph, query, expected):
    assert sample_graph.cypher(query).records.collect() == [{"x": expected}]


def test_dynamic_list_concatenation_is_native(sample_graph):
    # lists of dynamic type concatenate by splicing their encodings (any_encoding.py)
    query = (
        "WITH [[1, 'a'], 2.5][0] AS l, [1, 'b'][1] AS s, [-0.0, 3][0] AS z "
        "RETURN l + s + 7 + l + z + [null] AS x, [v IN [l] | v + 1] AS y"
    )
    [row] = sample_graph.cypher(query).records.collect()
    assert row["x"] == [1, "a", "b", 7, 1, "a", 0.0, None]
    assert row["y"] == [[1, "a", 1]]


@pytest.mark.parametrize(
    "query",
    [
        "RETURN 1 + 9223372036854775807 - 1 AS x",
        "RETURN 2 - 3 + 1 * -9223372036854775807 - 3 AS x",
        f"{DYNAMIC}RETURN d + 9223372036854775807 - d AS x",
        "WITH 9223372036854775800 AS x " + "WITH x + 1 AS x " * 10 + "RETURN x",
    ],
)
def test_overflow_in_a_chain_still_fails(sample_graph, query):
    with pytest.raises(CypherError) as info:
        sample_graph.cypher(query).records.collect()
    assert info.value.code == "IntegerOverflow"
