"""The portable form of Cypher values (graphframe_cypher/portable.py), without Spark."""

from __future__ import annotations

import json

import pytest

from graphframe_cypher import portable as P
from graphframe_cypher import types as T
from graphframe_cypher.temporal.values import Date, DateTime, Duration, LocalDateTime, LocalTime
from graphframe_cypher.values import Node, Path, Relationship

ALICE = Node(1, ["Person"], {"name": "Alice"})
KNOWS = Relationship(7, "KNOWS", 1, 2, {"since": 2015})
BOB = Node(2, ["Person", "Admin"], {})


def test_values_of_mixed_type_are_json_texts():
    assert P.json_text(1) == "1" and P.json_text(1.5) == "1.5" and P.json_text("a") == '"a"'
    assert P.json_text([1, "a", None, [True]]) == '[1,"a",null,[true]]'
    assert json.loads(P.json_text(float("nan"))) == "NaN"
    bob = {"id": 2, "labels": ["Admin", "Person"], "properties": {}}
    assert json.loads(P.json_text(BOB)) == bob
    assert json.loads(P.json_text(Path([ALICE, BOB], [KNOWS]))) == {
        "nodes": [
            {"id": 1, "labels": ["Person"], "properties": {"name": "Alice"}},
            {"id": 2, "labels": ["Admin", "Person"], "properties": {}},
        ],
        "relationships": [
            {"id": 7, "type": "KNOWS", "start": 1, "end": 2, "properties": {"since": 2015}}
        ],
    }
    assert P.json_text({"d": Date(2020, 1, 2)}) == '{"d":"2020-01-02"}'
    assert P.json_text(None) is None


def test_scalars_and_temporal_values():
    assert P.portable_value(Date(2020, 1, 2), T.DATE) == "2020-01-02"
    ldt = LocalDateTime(2020, 1, 2, 3, 4, 5, 123456789)
    assert P.portable_value(ldt, T.LOCALDATETIME) == "2020-01-02T03:04:05.123456"
    stockholm = DateTime(2020, 7, 4, 5, 6, 7, 0, 7200, "Europe/Stockholm")
    assert P.portable_value(stockholm, T.DATETIME) == "2020-07-04T03:06:07.000000Z"
    assert P.portable_value(Duration(14, 3, 14400, 0), T.DURATION) == "P1Y2M3DT4H"
    assert P.portable_value(LocalTime(12, 30, 0, 0), T.LOCALTIME) == "12:30"
    assert P.portable_value(3, T.FLOAT) == 3.0 and isinstance(P.portable_value(3, T.FLOAT), float)


def test_zone_companion():
    assert P.zone_text(DateTime(2020, 1, 1, 0, 0, 0, 0, 3600)) == "+01:00"
    assert P.zone_text(DateTime(2020, 1, 1, 0, 0, 0, 0, -5400)) == "-01:30"
    assert P.zone_text(DateTime(2020, 1, 1, 0, 0, 0, 0, 0)) is None
    assert P.zone_text(DateTime(2020, 1, 1, 0, 0, 0, 0, 0, "Europe/London")) == "Europe/London"
    fields = (("at", T.DATETIME), ("n", T.INTEGER))
    value = {"at": DateTime(2020, 1, 1, 0, 0, 0, 0, 3600), "n": 1}
    assert P.portable_fields(value, fields) == {
        "at": "2019-12-31T23:00:00.000000Z",
        "at_zone": "+01:00",
        "n": 1,
    }
    assert P.output_columns(["d", "x"], [T.DATETIME, T.INTEGER]) == [
        ("d", T.DATETIME),
        ("d_zone", None),
        ("x", T.INTEGER),
    ]


def test_elements_and_nested_values():
    node_type = T.NodeType((("name", T.STRING),), frozenset(["Person"]))
    assert P.portable_value(ALICE, node_type) == {
        "id": 1,
        "labels": ["Person"],
        "properties": {"name": "Alice"},
    }
    bare = T.NodeType((), frozenset(["Admin"]))
    assert P.portable_value(BOB, bare) == {"id": 2, "labels": ["Admin", "Person"]}
    assert P.portable_value([1, None], T.ListType(T.INTEGER)) == [1, None]
    assert P.portable_value([1, "a"], T.ListType(T.ANY)) == ["1", '"a"']
    assert P.portable_value({"k": [1]}, T.MAP) == '{"k":[1]}'


def test_dates_outside_spark_years_are_refused():
    with pytest.raises(P.OutOfSparkRange, match="outside the dates Spark can hold"):
        P.portable_value(Date(10000, 1, 1), T.DATE)
    with pytest.raises(P.OutOfSparkRange):
        P.portable_value(LocalDateTime(0, 12, 31, 23), T.LOCALDATETIME)


@pytest.mark.parametrize(
    ("ct", "dtype"),
    [
        (T.INTEGER, "Int64"),
        (T.BOOLEAN, "boolean"),
        (T.STRING, "string"),
        (T.DATE, "datetime64[us]"),
        (T.DATETIME, "datetime64[us, UTC]"),
        (T.DURATION, "string"),
        (T.ANY, "string"),
        (T.ListType(T.INTEGER), "object"),
        (T.NODE, "object"),
    ],
)
def test_pandas_dtypes(ct, dtype):
    assert P.pandas_dtype(ct) == dtype
