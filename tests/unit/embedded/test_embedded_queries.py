"""The embedded engine end to end on the bundled sample graph (whole results compared)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from graphframe_cypher import NodeTable, RelationshipTable
from graphframe_cypher.errors import CypherError, UnsupportedFeature
from graphframe_cypher.values import Node, Relationship
from graphframe_cypher.values import Path as PathValue

REPO = Path(__file__).resolve().parents[3]


def test_demo_queries(rows):
    assert rows(
        "MATCH (a:Person)-[k:KNOWS]->(b:Person) RETURN a.name AS person, b.name AS knows, "
        "k.since AS since ORDER BY person, knows LIMIT 3"
    ) == [
        {"person": "Alice", "knows": "Bob", "since": 2015},
        {"person": "Alice", "knows": "Carol", "since": 2010},
        {"person": "Bob", "knows": "Dave", "since": 2018},
    ]
    assert rows(
        "MATCH (p:Person)-[:WORKS_AT]->(c:Company) RETURN c.name AS company, count(p) AS n "
        "ORDER BY n DESC, company LIMIT 2"
    ) == [{"company": "Acme", "n": 3}, {"company": "Globex", "n": 3}]
    assert rows(
        "MATCH (me:Person {name: 'Alice'})-[:KNOWS]->(f:Person)-[:KNOWS]->(fof:Person) "
        "WHERE fof <> me RETURN fof.name AS fof, collect(f.name) AS via ORDER BY fof"
    ) == [
        {"fof": "Dave", "via": ["Bob", "Carol"]},
        {"fof": "Eve", "via": ["Carol"]},
        {"fof": "Ivan", "via": ["Bob"]},
    ]


def test_skip_and_limit_follow_the_order(rows):
    names = [r["n"] for r in rows("MATCH (p:Person) RETURN p.name AS n ORDER BY n")]
    assert rows("MATCH (p:Person) RETURN p.name AS n ORDER BY n SKIP 2 LIMIT 3") == [
        {"n": n} for n in names[2:5]
    ]
    desc = rows("MATCH (p:Person) WITH p ORDER BY p.age DESC, p.name LIMIT 2 RETURN p.name AS n")
    assert [r["n"] for r in desc] == ["Frank", "Ivan"]


def test_elements_and_paths_come_back_as_values(rows):
    (row,) = rows(
        "MATCH p = (a:Person {name: 'Alice'})-[k:KNOWS]->(b {name: 'Bob'}) RETURN a, k, p"
    )
    assert isinstance(row["a"], Node) and row["a"].labels == frozenset({"Person"})
    assert row["a"]["name"] == "Alice" and row["a"].id == 1
    assert isinstance(row["k"], Relationship) and row["k"].type == "KNOWS"
    assert (row["k"].start_node_id, row["k"]["since"]) == (1, 2015)
    assert isinstance(row["p"], PathValue) and [n["name"] for n in row["p"].nodes] == [
        "Alice",
        "Bob",
    ]


def test_variable_length_paths_never_repeat_a_relationship(embedded):
    ring = embedded.read_from(
        NodeTable(pd.DataFrame({"id": [1, 2, 3]}), labels="N"),
        RelationshipTable(
            pd.DataFrame({"id": [10, 11, 12], "source": [1, 2, 3], "target": [2, 3, 1]}),
            type="R",
        ),
    )
    # Around the ring and back to the start: 3 paths of each length 1..3 from any node.
    result = ring.cypher(
        "MATCH (a:N {id: 1})-[rs:R*]->(b) RETURN size(rs) AS hops, b.id AS b ORDER BY hops"
    ).records.collect()
    assert result == []  # nodes have no `id` property: ids are not properties
    result = ring.cypher(
        "MATCH (a:N)-[rs:R*]->(b) WHERE id(a) = 1 RETURN size(rs) AS hops, id(b) AS b ORDER BY hops"
    ).records.collect()
    assert result == [{"hops": 1, "b": 2}, {"hops": 2, "b": 3}, {"hops": 3, "b": 1}]


def test_null_and_type_semantics(rows):
    (row,) = rows(
        "RETURN 1 = null AS a, [1, null] = [1, null] AS b, [1, 2] = [1, null] AS c, "
        "[1, 2] = [3, null] AS d, 2 IN [1, null] AS e, 1 IN [1, null] AS f, "
        "null IS NULL AS g, 'a' STARTS WITH 1 AS h, 1 = 1.0 AS i, -7 / 2 AS j, -7 % 2 AS k"
    )
    assert row == {
        "a": None,
        "b": None,
        "c": None,
        "d": False,
        "e": None,
        "f": True,
        "g": True,
        "h": None,
        "i": True,
        "j": -3,
        "k": -1,
    }


def test_arithmetic_errors(rows):
    with pytest.raises(CypherError, match="overflow"):
        rows("UNWIND [9223372036854775807] AS x RETURN x + 1 AS y")
    with pytest.raises(CypherError, match="/ by zero"):
        rows("UNWIND [0] AS x RETURN 1 / x AS y")


def test_parameters_and_quoted_names_are_never_sql(embedded):
    odd = embedded.read_from(
        NodeTable(pd.DataFrame({"id": [1], "x'y\"z": ["it's"]}), labels=['we"ird`label'])
    )
    result = odd.cypher(
        'MATCH (n:`we"ird``label`) WHERE n.`x\'y"z` = $v RETURN n.`x\'y"z` AS `a"b`',
        {"v": "it's"},
    )
    assert result.records.collect() == [{'a"b': "it's"}]


def test_arrow_tables_and_string_ids(embedded):
    people = pa.table({"id": ["a", "b"], "name": ["Ann", "Ben"]})
    likes = pa.table({"id": ["l1"], "source": ["a"], "target": ["b"]})
    graph = embedded.read_from(
        NodeTable(people, labels="P"), RelationshipTable(likes, type="LIKES")
    )
    result = graph.cypher("MATCH (x)-[:LIKES]->(y) RETURN id(x) AS x, y.name AS y")
    assert result.records.collect() == [{"x": "a", "y": "Ben"}]
    assert list(result.records.to_pandas().columns) == ["x", "y"]


def test_create_makes_a_new_graph_with_counters(sample):
    result = sample.cypher(
        "MATCH (p:Person {name: 'Alice'}) CREATE (p)-[:LIKES]->(:Fruit {name: 'apple'})"
    )
    assert (result.counters.nodes_created, result.counters.relationships_created) == (1, 1)
    assert result.counters.properties_set == 1
    newer = result.graph.cypher(
        "MATCH (:Person {name: 'Alice'})-[:LIKES]->(f:Fruit) RETURN f.name AS f"
    )
    assert newer.records.collect() == [{"f": "apple"}]
    assert sample.cypher("MATCH (f:Fruit) RETURN count(f) AS n").records.collect() == [{"n": 0}]


@pytest.mark.parametrize(
    "query, construct",
    [
        ("RETURN [1, 'a'] AS l", "ANY"),
        ("MATCH (p:Person) SET p.age = 1", "UpdateGraph"),
        ("MATCH p = shortestPath((a:Person)-[*]-(b:Company)) RETURN p", "shortestPath"),
        ("MATCH (n) CONSTRUCT CLONE n RETURN GRAPH", "CONSTRUCT"),
        ("MATCH (n) WITH 1.5 * 2 AS x MERGE (:M {x: x})", "MERGE"),
    ],
)
def test_what_is_not_implemented_fails_naming_it(rows, query, construct):
    with pytest.raises(UnsupportedFeature, match=construct):
        rows(query)


def test_runs_without_java_or_pyspark():
    """The demo on the embedded engine with pyspark unimportable and no java on PATH."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('pyspark', 'py4j'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "sys.path.insert(0, 'examples')\n"
        "import demo\n"
        "sys.exit(demo.main(embedded=True))\n"
    )
    env = {"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert any("'Dave'" in line and "['Bob', 'Carol']" in line for line in proc.stdout.splitlines())


def test_collect_follows_a_preceding_order_by(rows):
    (row,) = rows(
        "MATCH (p:Person) WITH p ORDER BY p.name DESC LIMIT 3 RETURN collect(p.name) AS n"
    )
    assert row == {"n": ["Niaj", "Mallory", "Judy"]}
    by_city = rows(
        "MATCH (p:Person) WITH p.city AS c, p ORDER BY p.age DESC "
        "RETURN c, collect(p.age) AS ages ORDER BY c LIMIT 2"
    )
    assert by_city == [
        {"c": "Berlin", "ages": [41, 34, 31, 30]},
        {"c": "London", "ages": [45, 38, 29]},
    ]


def test_temporal_values_are_exact_and_ordered(embedded):
    import datetime as dt

    from graphframe_cypher.temporal import Date, DateTime

    frame = pd.DataFrame(
        {
            "id": [1, 2],
            "day": [dt.date(2020, 1, 2), dt.date(1969, 7, 20)],
            "at": [pd.Timestamp("1969-12-31 23:59:59.5"), pd.Timestamp("2020-01-01 10:00")],
        }
    )
    graph = embedded.read_from(NodeTable(frame, labels="E"))
    result = graph.cypher(
        "MATCH (e:E) WHERE e.day < date('2000-01-01') RETURN e.day AS d, e.at AS at, "
        "localtime('12:31:14.645876123') AS t ORDER BY e.at"
    ).records.collect()
    assert result[0]["d"] == Date(1969, 7, 20) and len(result) == 1
    assert str(result[0]["at"]) == "2020-01-01T10:00Z"
    assert str(result[0]["t"]) == "12:31:14.645876123"
    first = graph.cypher("MATCH (e:E) RETURN min(e.at) AS m").records.collect()[0]["m"]
    assert isinstance(first, DateTime) and str(first) == "1969-12-31T23:59:59.500Z"


def test_percentiles_and_pattern_comprehensions(rows):
    (row,) = rows(
        "UNWIND [1, 2, 3, 4] AS x RETURN percentileDisc(x, 0.5) AS a, percentileDisc(x, 0.9) AS b, "
        "percentileDisc(x, 0.0) AS c, percentileCont(x, 0.5) AS d"
    )
    assert row == {"a": 2, "b": 4, "c": 1, "d": 2.5}
    sizes = rows(
        "MATCH (p:Person) WHERE p.name IN ['Alice', 'Niaj'] "
        "RETURN p.name AS n, size([(p)-[:WORKS_AT]->(c) | c.name]) AS jobs ORDER BY n"
    )
    assert sizes == [{"n": "Alice", "jobs": 1}, {"n": "Niaj", "jobs": 0}]


def test_temporal_functions_on_columns_run_the_python_temporal_package(rows):
    (row,) = rows(
        "WITH date({year: 1984, month: 10, day: 11}) AS d "
        "RETURN date({date: d, day: 28}) AS x, d.year AS y, toString(d) AS s, "
        "d + duration('P1D') AS n"
    )
    assert (str(row["x"]), row["y"], row["s"], str(row["n"])) == (
        "1984-10-28",
        1984,
        "1984-10-11",
        "1984-10-12",
    )
    with pytest.raises(CypherError, match="Invalid date"):
        rows("UNWIND [13] AS m RETURN date({year: 2020, month: m, day: 1}) AS d")


def test_names_differing_only_in_case_are_different(embedded):
    (row,) = embedded.cypher(
        "WITH 1 AS a, 2 AS A, {Name: 1, name: 2} AS m RETURN a, A, m.name AS x, m.Name AS y, m"
    ).records.collect()
    assert row == {"a": 1, "A": 2, "x": 2, "y": 1, "m": {"Name": 1, "name": 2}}
    graph = embedded.create_graph("CREATE (:A {Name: 'x', name: 'y'})")
    (node,) = graph.cypher("MATCH (n:A) RETURN n.Name AS N, n.name AS n").records.collect()
    assert node == {"N": "x", "n": "y"}


def test_order_by_lists(rows):
    result = rows("UNWIND [[1, 2], [1], [1, null], [0, 5], [], null] AS l RETURN l ORDER BY l")
    assert [r["l"] for r in result] == [[], [0, 5], [1], [1, 2], [1, None], None]


def test_list_comparisons(rows):
    (row,) = rows(
        "RETURN [1, 0] >= [1] AS a, [1, null] >= [1] AS b, [1, 2] >= [1, null] AS c, "
        "[1, 2] >= [3, null] AS d, [1, 2] < [1, 3] AS e"
    )
    assert row == {"a": True, "b": True, "c": None, "d": False, "e": True}
