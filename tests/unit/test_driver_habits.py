"""Neo4j-driver habits without Spark: records, element ids, endpoints, temporal values,
the public error names."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest

import graphframe_cypher
from graphframe_cypher.api.driver import Record
from graphframe_cypher.temporal.values import (
    Date,
    DateTime,
    Duration,
    LocalDateTime,
    LocalTime,
    Time,
)
from graphframe_cypher.values import Node, Path, Relationship


def test_record_reads_by_name_and_position():
    record = Record(["name", "age"], ["Ann", 30])
    assert record["name"] == "Ann" and record[1] == 30 and record[-1] == 30
    assert record.keys() == ["name", "age"] and record.values() == ["Ann", 30]
    assert record.values("age") == [30] and record.data() == {"name": "Ann", "age": 30}
    assert record.data("age") == {"age": 30} and record.value() == "Ann"
    assert record.value("missing", "x") == "x" and record.get("missing") is None
    assert repr(record) == "<Record name='Ann' age=30>"
    with pytest.raises(KeyError, match="no column 'nope'"):
        record["nope"]


def test_element_id_and_relationship_endpoints_in_a_path():
    a, b = Node(1, ["A"]), Node(2, ["B"])
    forward, backward = Relationship(10, "T", 1, 2), Relationship(11, "T", 1, 2)
    assert a.element_id == "1" and forward.start_node is None  # only ids are known
    path = Path([a, b, a], [forward, backward])
    first, second = path.relationships
    assert (first.start_node, first.end_node) == (a, b)
    assert (second.start_node, second.end_node) == (a, b)  # walked against its direction
    assert first.start_node.labels == frozenset({"A"})
    with pytest.raises(ValueError, match="start node has id 2"):
        Relationship(12, "T", 1, 2, start_node=b)


def test_temporal_values_order_hash_and_convert():
    assert sorted([Date(2021, 1, 2), Date(2020, 5, 6)]) == [Date(2020, 5, 6), Date(2021, 1, 2)]
    # by instant: 10:00+02:00 is before 09:30Z
    assert Time(10, 0, 0, 0, 7200) < Time(9, 30, 0, 0, 0)
    assert len({LocalTime(1, 2), LocalTime(1, 2, 0, 0)}) == 1
    with pytest.raises(TypeError):
        Date(2020, 1, 1) < LocalTime(1, 2)  # noqa: B015 - comparing is what is tested
    assert Date(2020, 2, 29).to_native() == dt.date(2020, 2, 29)
    assert LocalTime(1, 2, 3, 4_000_567).to_native() == dt.time(1, 2, 3, 4000)
    assert LocalDateTime(2020, 1, 1, 12).to_native() == dt.datetime(2020, 1, 1, 12)
    zoned = DateTime(2020, 6, 1, 12, 0, 0, 0, 7200, "Europe/Stockholm").to_native()
    assert zoned.utcoffset() == dt.timedelta(hours=2) and str(zoned.tzinfo) == "Europe/Stockholm"
    assert Time(1, 0, 0, 0, -3600).to_native().utcoffset() == dt.timedelta(hours=-1)
    assert Duration(0, 1, 30).to_native() == dt.timedelta(days=1, seconds=30)
    assert Date(2020, 1, 2).iso_format() == "2020-01-02"
    assert Duration(14, 0, 90).iso_format() == "P1Y2MT1M30S"
    with pytest.raises(ValueError, match="months"):
        Duration(1).to_native()
    with pytest.raises(ValueError, match="outside Python's datetime range"):
        Date(10000, 1, 1).to_native()


def test_errors_exported_at_the_top_level_without_trailing_underscores():
    for name in ("CypherSyntaxError", "CypherTypeError", "CypherSemanticError", "GraphError"):
        assert issubclass(getattr(graphframe_cypher, name), graphframe_cypher.CypherError)
    public = [getattr(graphframe_cypher, n) for n in graphframe_cypher.__all__]
    modules = [graphframe_cypher.errors, graphframe_cypher.values]
    names = [n for n in graphframe_cypher.__all__] + [
        n for m in modules for n, v in vars(m).items() if inspect.isclass(v)
    ]
    assert public and not [n for n in names if n.endswith("_")]


def test_compiled_plans_and_timings_are_logged_at_debug(caplog):
    import logging

    from graphframe_cypher.compiler import compile_query
    from graphframe_cypher.graph.model import GraphSchema

    with caplog.at_level(logging.DEBUG, logger="graphframe_cypher"):
        compile_query("UNWIND [1, 2] AS x\nRETURN x", GraphSchema())
    (record,) = [r for r in caplog.records if r.name.startswith("graphframe_cypher")]
    assert record.levelno == logging.DEBUG
    assert record.getMessage().startswith("compiled in ")
    assert "UNWIND [1, 2] AS x RETURN x" in record.getMessage()
    assert "Relational plan:" in record.getMessage()
