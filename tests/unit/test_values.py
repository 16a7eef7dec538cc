"""Unit tests of the user-facing value classes and Cypher-style rendering (no Spark)."""

import datetime as dt
import math
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from graphframe_cypher.values import Node, Path, Relationship, format_value


def test_node_mapping_access():
    n = Node(1, ["A", "B"], {"name": "x", "age": 3})
    assert n.id == 1
    assert n.labels == frozenset({"A", "B"})
    assert n["name"] == "x"
    assert n.get("missing") is None
    assert n.get("missing", 7) == 7
    assert set(n.keys()) == {"name", "age"}
    assert dict(n.items()) == {"name": "x", "age": 3}
    assert len(n) == 2
    assert "age" in n and "nope" not in n
    assert sorted(n) == ["age", "name"]
    with pytest.raises(KeyError):
        n["missing"]


def test_node_properties_are_a_copy():
    props = {"a": 1}
    n = Node(1, [], props)
    props["a"] = 2
    assert n["a"] == 1
    n.properties["a"] = 3
    assert n["a"] == 1


def test_node_equality_and_hash_by_id():
    a = Node(1, ["A"], {"p": 1})
    b = Node(1, ["B"], {"p": 2})
    c = Node(2, ["A"], {"p": 1})
    assert a == b and hash(a) == hash(b)
    assert a != c
    assert len({a, b, c}) == 2


def test_node_and_relationship_with_same_id_differ():
    assert Node(1) != Relationship(1, "T", 1, 1)


def test_relationship_attributes():
    r = Relationship(10, "KNOWS", 1, 2, {"since": 2001})
    assert (r.id, r.type, r.start_node_id, r.end_node_id) == (10, "KNOWS", 1, 2)
    assert (r.start, r.end) == (1, 2)
    assert r["since"] == 2001 and r.properties == {"since": 2001}
    assert r == Relationship(10, "OTHER", 5, 6)
    assert hash(r) == hash(Relationship(10, "OTHER", 5, 6))


def _path():
    a, b, c = Node(1, ["A"]), Node(2, ["B"]), Node(3)
    t = Relationship(10, "T", 1, 2)
    u = Relationship(11, "U", 3, 2)  # points back along the path
    return Path([a, b, c], [t, u]), (a, b, c, t, u)


def test_path_structure():
    p, (a, _b, c, t, u) = _path()
    assert len(p) == 2
    assert list(p) == [t, u]
    assert p.start_node == a and p.end_node == c
    assert p.nodes[1].id == 2 and p.relationships == (t, u)


def test_path_equality_by_ids():
    p, _ = _path()
    q, _ = _path()
    assert p == q and hash(p) == hash(q)
    assert p != Path([Node(1)])


def test_path_rejects_mismatched_lengths():
    with pytest.raises(ValueError):
        Path([Node(1)], [Relationship(1, "T", 1, 2)])
    with pytest.raises(ValueError):
        Path([])


def test_single_node_path():
    p = Path([Node(1, ["A"])])
    assert len(p) == 0 and list(p) == []
    assert format_value(p) == "<(:A)>"


@pytest.mark.parametrize(
    "value, text",
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (1, "1"),
        (-7, "-7"),
        (1.0, "1.0"),
        (0.5, "0.5"),
        (-2.0, "-2.0"),
        (1e20, "1e20"),
        (1.5e-7, "1.5e-7"),
        (math.nan, "NaN"),
        (math.inf, "Infinity"),
        (-math.inf, "-Infinity"),
        ("x", "'x'"),
        ("it's", "'it\\'s'"),
        ("a\\b\n", "'a\\\\b\\n'"),
        ([], "[]"),
        ([1, "a", None, [2.0]], "[1, 'a', null, [2.0]]"),
        ({}, "{}"),
        ({"k": 1, "b c": True}, "{k: 1, `b c`: true}"),
        (dt.date(1984, 10, 12), "'1984-10-12'"),
        (dt.time(12, 0), "'12:00'"),
        (dt.time(12, 0, 1, 500000), "'12:00:01.500'"),
        (
            dt.datetime(2015, 7, 21, 20, 40, 32, 142000, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            "'2015-07-21T20:40:32.142+01:00'",
        ),
        (dt.time(1, 2, tzinfo=dt.UTC), "'01:02Z'"),
    ],
)
def test_format_scalars_and_collections(value, text):
    assert format_value(value) == text


def test_format_datetime_with_named_zone():
    try:
        zone = ZoneInfo("Europe/Stockholm")
    except ZoneInfoNotFoundError:  # no time zone database on this machine
        pytest.skip("no tz database")
    value = dt.datetime(1984, 10, 11, 12, 31, 14, 645876, tzinfo=zone)
    assert format_value(value) == "'1984-10-11T12:31:14.645876+01:00[Europe/Stockholm]'"


def test_format_entities():
    assert format_value(Node(1)) == "()"
    assert format_value(Node(1, ["B", "A"], {"name": "x"})) == "(:A:B {name: 'x'})"
    assert format_value(Node(1, [], {"n": 1})) == "({n: 1})"
    assert repr(Node(1, ["A"])) == "(:A)"
    assert format_value(Relationship(1, "T", 1, 2)) == "[:T]"
    assert format_value(Relationship(1, "T", 1, 2, {"w": 1.5})) == "[:T {w: 1.5}]"
    p, _ = _path()
    assert format_value(p) == "<(:A)-[:T]->(:B)<-[:U]-()>"
    assert repr(p) == "<(:A)-[:T]->(:B)<-[:U]-()>"
    assert format_value([Node(1, ["A"])]) == "[(:A)]"
    assert format_value({"n": Node(1, ["A"])}) == "{n: (:A)}"


def test_backticked_labels_and_types():
    assert format_value(Node(1, ["my label"])) == "(:`my label`)"
    assert format_value(Relationship(1, "A`B", 1, 1)) == "[:`A``B`]"
