"""Temporal values on columns end to end: Spark date/timestamp columns as temporal
properties, components, comparison and ordering, arithmetic, toString, values in ANY."""

from __future__ import annotations

import datetime as dt

import pytest

from graphframe_cypher import NodeTable
from graphframe_cypher.errors import CypherTypeError
from graphframe_cypher.temporal import Date, Duration


@pytest.fixture(scope="module")
def events(cypher_session, spark):
    df = spark.createDataFrame(
        [
            (1, "a", dt.date(1984, 10, 11), dt.datetime(2020, 1, 1, 12, 0, tzinfo=dt.UTC)),
            (2, "b", dt.date(1816, 12, 31), None),
            (3, "c", None, None),
        ],
        "id long, name string, day date, at timestamp",
    )
    return cypher_session.read_from(NodeTable(df, labels=["Event"], id="id"))


def rows(graph, query):
    return graph.cypher(query).records.collect()


def test_date_column_components_and_order(events):
    assert rows(
        events,
        "MATCH (e:Event) WHERE e.day IS NOT NULL "
        "RETURN e.name AS n, e.day.year AS y, e.day.week AS w, toString(e.day) AS s "
        "ORDER BY e.day",
    ) == [
        {"n": "b", "y": 1816, "w": 1, "s": "1816-12-31"},
        {"n": "a", "y": 1984, "w": 41, "s": "1984-10-11"},
    ]


def test_comparison_and_arithmetic_on_columns(events):
    assert rows(
        events,
        "MATCH (e:Event) WHERE e.day < date('1900-01-01') "
        "RETURN e.day + duration({months: 1, days: 1}) AS next, "
        "duration.between(e.day, date('1817-01-07')) AS d",
    ) == [{"next": Date(1817, 2, 1), "d": Duration(0, 7)}]


def test_values_in_lists_and_any(events):
    # a list of mixed types holds its dates in ANY: equality still compares them as dates
    assert rows(
        events,
        "MATCH (e:Event) RETURN e.name AS n, [e.day, 1][0] = date('1984-10-11') AS same ORDER BY n",
    ) == [{"n": "a", "same": True}, {"n": "b", "same": False}, {"n": "c", "same": None}]


def test_timestamp_column_is_a_datetime(events):
    assert rows(events, "MATCH (e:Event {name: 'a'}) RETURN toString(e.at) AS s") == [
        {"s": "2020-01-01T12:00Z"}
    ]


_SAMPLES = {
    "date": ["1984-10-11", "1984-01-01", "-0044-03-15", "2020-12-31", "1816-12-31"],
    "localtime": ["00:00", "12:31:14.645876123", "23:59:59.999999999"],
    "time": ["12:31:14.645876123+01:00", "01:00+05:00", "23:30-08:00"],
    "localdatetime": ["1984-10-11T12:31:14.645876123", "1969-12-31T23:59:59.5", "2021-01-03T00:00"],
    "datetime": [
        "1984-11-11T12:31:14.645876123[Europe/Stockholm]",
        "1969-12-31T23:00-02:00",
        "2017-10-29T04:00+01:00[Europe/Stockholm]",
    ],
    "duration": ["P12Y5M14DT16H12M70.000000001S", "PT-23H-59M-59.9S", "P-5M-13DT-0.001S"],
}


@pytest.mark.parametrize("kind", sorted(_SAMPLES))
def test_native_components_agree_with_python(cypher_session, kind):
    """Integer components of columns are native Spark expressions: they must give what the
    Python implementation (the reference) gives."""
    from graphframe_cypher.temporal.accessors import COMPONENTS_BY_KIND, STRING_COMPONENTS
    from graphframe_cypher.temporal.functions import FUNCTIONS

    keys = [k for k in COMPONENTS_BY_KIND[kind.upper()] if k not in STRING_COMPONENTS]
    texts = _SAMPLES[kind]
    graph = cypher_session.read_from()
    items = ", ".join(f"{kind}('{t}')" for t in texts)
    returns = ", ".join(f"v.{k} AS {k}" for k in keys)
    result = graph.cypher(f"UNWIND [{items}] AS v RETURN {returns}").records.collect()
    construct = FUNCTIONS[kind][0]
    expected = [{k: COMPONENTS_BY_KIND[kind.upper()][k](construct(t)) for k in keys} for t in texts]
    assert sorted(map(sorted, (r.items() for r in result))) == sorted(
        map(sorted, (e.items() for e in expected))
    )


def test_temporal_values_of_dynamic_type(cypher_session):
    """Values of a heterogeneous list are of dynamic type: toString and arithmetic decide
    per row."""
    from graphframe_cypher.temporal import LocalTime

    graph = cypher_session.read_from()
    result = graph.cypher(
        "UNWIND [date('2020-01-31'), localtime('12:00')] AS x "
        "RETURN toString(x) AS s, x + duration('P1M') AS later, x < date('2021-01-01') AS lt"
    ).records.collect()
    assert result == [
        {"s": "2020-01-31", "later": Date(2020, 2, 29), "lt": True},
        {"s": "12:00", "later": LocalTime(12, 0), "lt": None},
    ]
    with pytest.raises(CypherTypeError):
        graph.cypher(
            "UNWIND [1, date('2020-01-31')] AS x RETURN x + duration('P1M')"
        ).records.collect()


def test_components_of_dynamic_values(cypher_session):
    graph = cypher_session.read_from()
    result = graph.cypher(
        "UNWIND [date('2020-01-31'), localtime('12:00'), {hour: 3}] AS x RETURN x.hour AS h"
    ).records.collect()
    assert sorted(result, key=str) == sorted([{"h": None}, {"h": 12}, {"h": 3}], key=str)
