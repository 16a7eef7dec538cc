"""The order-preserving codec of composite ANY values (no Spark)."""

import math
import random

import pytest

from graphframe_cypher.backends.spark import anycodec as C
from graphframe_cypher.values import Node, Path, Relationship

N1 = Node(1, ["A"], {"name": "x"})
N2 = Node(2, [], {})
R1 = Relationship(7, "KNOWS", 1, 2, {"w": 1.5})

# Values in ascending Cypher order (types: MAP < NODE < REL < LIST < PATH < STRING <
# BOOLEAN < NUMBER; null last).
ORDERED = [
    {},
    {"a": 1},
    {"a": 1, "b": 2},
    {"a": 2},
    {"b": 0},
    N1,
    N2,
    R1,
    [],
    [{}],
    ["a"],
    ["a", []],
    [1],
    [1, 2],
    [1, None],
    [2],
    [2.5, "a"],
    [None],
    Path([N1]),
    Path([N1, N2], [R1]),
    "",
    "\x00",
    "\x00a",
    "a",
    "a\x00",
    "ab",
    "b",
    "é",
    False,
    True,
    -math.inf,
    -(2**63),
    -1.5,
    -1,
    0,
    0.5,
    1,
    2**53,
    2**53 + 1,
    2**63 - 1,
    math.inf,
    math.nan,
    None,
]


def test_encoding_order_is_cypher_order():
    encoded = [C.encode(v) for v in ORDERED]
    shuffled = encoded[:]
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled) == encoded
    # Spark compares UTF-8 bytes: same order as code points.
    assert sorted(shuffled, key=lambda s: s.encode("utf-8")) == encoded


@pytest.mark.parametrize("value", ORDERED[:-1], ids=repr)
def test_roundtrip(value):
    decoded = C.decode(C.encode(value))
    if isinstance(value, float) and math.isnan(value):
        assert math.isnan(decoded)
    elif isinstance(value, Path):
        assert decoded == value
        assert [n.properties for n in decoded.nodes] == [n.properties for n in value.nodes]
    else:
        assert decoded == value
        assert type(decoded) is type(value)


def test_roundtrip_keeps_integer_vs_float_and_big_ints():
    for v in (1, 1.0, 2**62 + 1, -(2**63), 0.1, -0.0 + 0.0):
        d = C.decode(C.encode(v))
        assert d == v and type(d) is type(v)
    n = C.decode(C.encode(N1))
    assert n.labels == frozenset(["A"]) and n.properties == {"name": "x"}
    r = C.decode(C.encode(R1))
    assert (r.type, r.start_node_id, r.end_node_id, dict(r.properties)) == (
        "KNOWS",
        1,
        2,
        {"w": 1.5},
    )


def test_equal_values_equal_encodings():
    assert C.encode(-0.0) == C.encode(0.0)
    assert C.encode({"b": 1, "a": 2}) == C.encode({"a": 2, "b": 1})
    assert C.encode(["x"]) != C.encode("x")


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (1, 1.0, True),
        (1, "1", False),
        (None, 1, None),
        (math.nan, math.nan, False),
        ([1, 2], [1, 2.0], True),
        ([1, None], [1, 2], None),
        ([1, None], [2, 2], False),
        ([1], [1, 2], False),
        ({"a": 1}, {"a": 1}, True),
        ({"a": None}, {"a": None}, None),
        ({"a": 1}, {"b": 1}, False),
        (N1, Node(1, ["B"], {}), True),
        (N1, N2, False),
        (N1, R1, False),
    ],
)
def test_equals(a, b, expected):
    assert C.equals(a, b) is expected


@pytest.mark.parametrize(
    "op, a, b, expected",
    [
        ("lt", 1, 2.5, True),
        ("lt", "a", "b", True),
        ("lt", 1, "a", None),
        ("lt", False, True, True),
        ("lt", math.nan, 1, False),
        ("ge", math.nan, math.nan, False),
        ("lt", [1, 2], [1, 3], True),
        ("lt", [1], [1, 0], True),
        ("lt", [1, None], [1, 2], None),
        ("lt", [1, 2], [2, None], True),
        ("lt", {"a": 1}, {"a": 2}, None),
        ("le", None, 1, None),
    ],
)
def test_compare(op, a, b, expected):
    assert C.compare_op(op, a, b) is expected
