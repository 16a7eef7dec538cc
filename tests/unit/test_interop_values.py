"""pandas/networkx values as Cypher values, labels, ids and property column types (the
driver-side half of api/interop.py; no Spark)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from graphframe_cypher import types as T
from graphframe_cypher.api.interop import _column_type, _labels_of, _node_ids, _python_value
from graphframe_cypher.errors import GraphError
from graphframe_cypher.temporal.values import Date, LocalDateTime


@pytest.mark.parametrize(
    "value, expected",
    [
        (np.int64(3), 3),
        (np.float64(2.5), 2.5),
        (float("nan"), None),
        (pd.NaT, None),
        (pd.NA, None),
        (None, None),
        (np.array([1, 2]), [1, 2]),
        (dt.date(2020, 1, 2), Date(2020, 1, 2)),
        (pd.Timestamp("2020-01-02 03:04:05"), LocalDateTime(2020, 1, 2, 3, 4, 5, 0)),
        ([np.int64(1), float("nan")], [1, None]),
        ("text", "text"),
    ],
)
def test_python_values_become_cypher_values(value, expected):
    converted = _python_value(value)
    assert converted == expected
    assert type(converted) is type(expected)


def test_labels_are_a_label_a_list_or_nothing():
    assert _labels_of("Person", 0) == frozenset({"Person"})
    assert _labels_of(["A", "B"], 0) == frozenset({"A", "B"})
    assert _labels_of(np.array(["A"]), 0) == frozenset({"A"})
    assert _labels_of(None, 0) == _labels_of("", 0) == frozenset()
    with pytest.raises(GraphError, match="node 7: labels must be a label or a list"):
        _labels_of(5, 7)


def test_node_keys_stay_integers_or_become_distinct_strings():
    assert _node_ids([1, 2]) == {1: 1, 2: 2}
    assert _node_ids(["a", 2]) == {"a": "a", 2: "2"}
    assert _node_ids([True, 2]) == {True: "True", 2: "2"}  # booleans are not integer ids
    with pytest.raises(GraphError, match="would both get the id '1'"):
        _node_ids([1, "1"])


def test_property_columns_take_the_join_of_their_values_types():
    assert _column_type([1, None, 2], frozenset({"A"}), "x") == T.INTEGER
    assert _column_type(["a"], "R", "x") == T.STRING
    assert _column_type([[1], [2.5]], "R", "x") == T.ListType(T.NUMBER)
    with pytest.raises(GraphError, match=":A:B property 'm': maps and graph elements"):
        _column_type([{"a": 1}], frozenset({"B", "A"}), "m")
