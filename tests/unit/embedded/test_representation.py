"""How Cypher values become DuckDB types and literals, and come back (no query runs)."""

from __future__ import annotations

import pytest

from graphframe_cypher import types as T
from graphframe_cypher.backends.duckdb.representation import (
    duck_type,
    literal,
    quote_name,
    quote_string,
    to_python,
)
from graphframe_cypher.errors import UnsupportedFeature
from graphframe_cypher.values import Node


def test_names_and_strings_are_quoted_whatever_they_hold():
    # Names keep a-z, 0-9 and _; anything else (upper case too: DuckDB ignores case) is coded.
    assert quote_name("a_1") == '"a_1"'
    assert quote_name('a"B') == '"a^22;^42;"'
    assert quote_name("a") != quote_name("A")
    assert quote_string("it's") == "'it''s'"
    assert literal("x'); DROP TABLE t; --", T.STRING) == "'x''); DROP TABLE t; --'"


def test_types():
    assert duck_type(T.ListType(T.INTEGER)) == "BIGINT[]"
    assert duck_type(T.MapType({"b": T.STRING, "a": T.FLOAT})) == 'STRUCT("a" DOUBLE, "b" VARCHAR)'
    assert duck_type(T.DATE) == 'STRUCT("epoch^44;ay" BIGINT)'
    node = T.NodeType({"name": T.STRING}, {"Person"})
    assert duck_type(node, T.STRING) == (
        'STRUCT(_id VARCHAR, _labels VARCHAR[], _props STRUCT("name" VARCHAR))'
    )


@pytest.mark.parametrize(
    "ctype, named",
    [(T.ANY, "ANY"), (T.NUMBER, "NUMBER"), (T.MAP, "MAP"), (T.ListType(T.ANY), "ANY")],
)
def test_types_without_a_representation_are_refused_by_name(ctype, named):
    with pytest.raises(UnsupportedFeature, match=f"type {named} "):
        duck_type(ctype)


def test_literals_are_typed():
    assert literal(2**63 - 1, T.INTEGER) == "CAST(9223372036854775807 AS BIGINT)"
    assert literal(float("nan"), T.FLOAT) == "CAST('NaN' AS DOUBLE)"
    assert literal(None, T.ListType(T.STRING)) == "CAST(NULL AS VARCHAR[])"
    assert literal([1, None], T.ListType(T.INTEGER)) == (
        "CAST([CAST(1 AS BIGINT), CAST(NULL AS BIGINT)] AS BIGINT[])"
    )


def test_values_come_back_as_cypher_values():
    node = T.NodeType({"age": T.INTEGER, "name": T.STRING}, {"Person"})
    value = to_python(
        {"_id": 1, "_labels": ["Person"], "_props": {"age": None, "name": "Ann"}}, node
    )
    assert isinstance(value, Node) and dict(value.items()) == {"name": "Ann"}
    assert to_python({"  ": None}, T.MapType({})) == {}
    assert to_python([1, None], T.ListType(T.INTEGER)) == [1, None]
