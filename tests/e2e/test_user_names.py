"""A guest in the user's Spark session, and user names that never collide with the engine's:
wrapping a session changes none of its settings; Cypher names that differ only in case, or
look like the engine's own columns, answer the same on both settings of
spark.sql.caseSensitive; tables are read by their exact column names; graph.validate()."""

from __future__ import annotations

import datetime

import pytest

from graphframe_cypher import CypherSession, NodeTable, RelationshipTable
from graphframe_cypher.errors import GraphError

CASE = "spark.sql.caseSensitive"


@pytest.fixture(params=["false", "true"], ids=["case-insensitive", "case-sensitive"])
def case_setting(request, spark):
    old = spark.conf.get(CASE)
    spark.conf.set(CASE, request.param)
    yield request.param
    spark.conf.set(CASE, old)


def _user_workload(spark) -> list:
    """The user's own SQL and DataFrame operations, as they would run them (over local
    rows, which Spark answers without a job)."""
    people = spark.createDataFrame([(1, "Ada"), (2, "Bob")], "ID long, FIRST_NAME string")
    people.createOrReplaceTempView("guest_people")
    case_insensitive = spark.conf.get(CASE) == "false"
    sql = (
        "SELECT first_name, id FROM guest_people WHERE id = 1"
        if case_insensitive  # what the user's views may rely on
        else "SELECT FIRST_NAME, ID FROM guest_people WHERE ID = 1"
    )
    answers = [
        spark.sql(sql).collect(),
        people.select("FIRST_NAME").where("ID = 2").collect(),
        people.selectExpr("upper(first_name) AS n" if case_insensitive else "ID + 1").collect(),
    ]
    spark.catalog.dropTempView("guest_people")
    return answers


def _settings(spark) -> dict:
    return dict(spark.sparkContext.getConf().getAll()) | {
        key: spark.conf.get(key)
        for key in (CASE, "spark.sql.shuffle.partitions", "spark.sql.session.timeZone")
    }


def test_wrapping_a_session_changes_none_of_its_settings(spark, case_setting):
    before_settings = _settings(spark)
    before = _user_workload(spark)
    session = CypherSession(spark)
    assert session.cypher("RETURN 1 AS one").records.collect() == [{"one": 1}]
    assert _settings(spark) == before_settings
    assert spark.conf.get(CASE) == case_setting
    assert _user_workload(spark) == before


CASE_TWIN_QUERIES = [
    ("WITH 1 AS a, 2 AS A RETURN a, A", [{"a": 1, "A": 2}]),
    ("UNWIND [1, 2] AS a WITH a, a * 10 AS A RETURN a, A ORDER BY A DESC", None),
    ("WITH {name: 1, Name: 2} AS m RETURN m.name, m.Name, keys(m) AS k", None),
    ("MATCH (n:Twin) RETURN n.name, n.Name ORDER BY n.name", None),
    ("MATCH (a:Twin)-[r:T]->(A) RETURN a.name, A.Name, r.w, r.W", None),
    ("MATCH (n:Twin) RETURN n {.name, .Name} AS m ORDER BY m.name", None),
    ("MATCH (n:Twin) WITH n.Name AS Name, count(*) AS c RETURN Name, c ORDER BY Name", None),
    ("MATCH (n:Twin:twin) RETURN count(n) AS both", None),
]


@pytest.fixture(scope="module")
def twin_graph(cypher_session):
    return cypher_session.create_graph(
        "CREATE (:Twin {name: 'a', Name: 'A'})-[:T {w: 1, W: 2}]->(:Twin:twin {name: 'b', Name: 'B'})"
    )


def test_names_differing_in_case_answer_the_same_on_both_settings(
    spark, cypher_session, twin_graph
):
    answers = {}
    for setting in ("true", "false"):
        old = spark.conf.get(CASE)
        spark.conf.set(CASE, setting)
        try:
            answers[setting] = [twin_graph.cypher(q).records.collect() for q, _ in CASE_TWIN_QUERIES]
        finally:
            spark.conf.set(CASE, old)
    assert answers["true"] == answers["false"]
    by_query = dict(zip([q for q, _ in CASE_TWIN_QUERIES], answers["false"], strict=True))
    assert by_query[CASE_TWIN_QUERIES[0][0]] == [{"a": 1, "A": 2}]
    assert by_query[CASE_TWIN_QUERIES[2][0]] == [
        {"m.name": 1, "m.Name": 2, "k": ["Name", "name"]}
    ]
    assert by_query[CASE_TWIN_QUERIES[3][0]] == [
        {"n.name": "a", "n.Name": "A"},
        {"n.name": "b", "n.Name": "B"},
    ]
    assert by_query[CASE_TWIN_QUERIES[4][0]] == [{"a.name": "a", "A.Name": "B", "r.w": 1, "r.W": 2}]
    assert by_query[CASE_TWIN_QUERIES[7][0]] == [{"both": 1}]


HOSTILE_NAMES = [
    "  agg#0",
    "__vx_start",
    "  vx#start",
    "n#p.name",
    "x` + `y",
    "a.b",
    "a b",
    " lead",
    "#",
    "Name",
    "name",
    "  row",
    "  join#l0",
]


def _q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_through_every_clause(spark, cypher_session, name):
    # Spark's default, case-insensitive resolution (the harder case for `Name` and `name`)
    assert spark.conf.get(CASE) == "false"
    v, k = _q(name), _q(name)
    graph = cypher_session.create_graph(
        f"UNWIND [1, 2, 3] AS {v} CREATE (:L {{{k}: {v}, other: {v} % 2}})"
    )
    v2 = _q(name + "2")
    query = (
        f"MATCH ({v}:L) WHERE {v}.{k} > 0 "
        f"WITH {v}.other AS {v}, count(*) AS {v2}, collect({v}.{k}) AS xs "
        f"UNWIND xs AS {_q('  agg#1')} "
        f"RETURN {v} AS {v}, {v2} AS {v2}, {_q('  agg#1')} AS x ORDER BY {v}, x"
    )
    rows = graph.cypher(query).records.collect()
    assert rows == [
        {name: 0, name + "2": 1, "x": 2},
        {name: 1, name + "2": 2, "x": 1},
        {name: 1, name + "2": 2, "x": 3},
    ]
    updated = graph.cypher(f"MATCH ({v}:L) SET {v}.{k} = {v}.{k} * 10 RETURN sum({v}.{k}) AS s")
    assert updated.records.collect() == [{"s": 60}]
    assert updated.graph.cypher(f"MATCH (n:L) RETURN max(n.{k}) AS m").records.collect() == [
        {"m": 30}
    ]


def test_table_columns_are_read_by_their_exact_names(spark, cypher_session, case_setting):
    nodes = spark.createDataFrame(
        [(1, 2, "x", "X", 10), (2, 3, "y", "Y", 20)], "c0 long, c1 long, c2 string, c3 string, c4 long"
    ).toDF("x", "y", "name", "Name", "a`b")
    rels = spark.createDataFrame([(7, 1, 2)], "c0 long, c1 long, c2 long").toDF(
        "x` + `y", "s.rc", "  dst"
    )
    graph = cypher_session.read_from(
        NodeTable(nodes, labels="N", id="x"),
        RelationshipTable(rels, type="R", id="x` + `y", source="s.rc", target="  dst"),
    )
    rows = graph.cypher(
        "MATCH (a:N)-[r:R]->(b:N) RETURN id(a) AS a, id(r) AS r, id(b) AS b, "
        "a.y, a.name, a.Name, b.`a``b`"
    ).records.collect()
    assert rows == [{"a": 1, "r": 7, "b": 2, "a.y": 2, "a.name": "x", "a.Name": "X", "b.`a``b`": 20}]


def test_timestamp_ntz_columns_are_local_date_times(spark, cypher_session):
    df = spark.createDataFrame(
        [(1, datetime.datetime(2024, 3, 31, 2, 30, 15, 123456))], "id long, at timestamp_ntz"
    )
    graph = cypher_session.read_from(NodeTable(df, labels="E"))
    row = graph.cypher(
        "MATCH (e:E) RETURN toString(e.at) AS s, e.at.hour AS h, "
        "e.at = localdatetime('2024-03-31T02:30:15.123456') AS same"
    ).records.collect()
    assert row == [{"s": "2024-03-31T02:30:15.123456", "h": 2, "same": True}]


def test_frames_keep_a_property_named_like_their_own_columns(spark, cypher_session):
    df = spark.createDataFrame([(1, 100, "l")], "id long, _id long, _labels string")
    frame = cypher_session.read_from(NodeTable(df, labels="P")).node_frame("P")
    assert frame.columns == ["_id", "_labels", "property._id", "property._labels", "id"]
    assert [tuple(r) for r in frame.collect()] == [(1, ":P", 100, "l", 1)]


@pytest.fixture(scope="module")
def broken_tables(spark):
    nodes = spark.createDataFrame(
        [(1, "a"), (1, "b"), (None, "c"), (2, "d")], "id long, name string"
    )
    more = spark.createDataFrame([(2, "e")], "id long, name string")
    rels = spark.createDataFrame(
        [(10, 1, 2), (11, 2, 99), (11, 98, 1), (12, None, 2)], "id long, src long, dst long"
    )
    return [
        NodeTable(nodes, labels="A"),
        NodeTable(more, labels="B"),
        RelationshipTable(rels, type="S", source="src", target="dst"),
    ]


def test_validate_reports_each_problem_with_counts_and_examples(cypher_session, broken_tables):
    report = cypher_session.read_from(*broken_tables).validate()
    assert not report.ok
    found = {(p.kind, p.where): (p.count, p.examples) for p in report.problems}
    assert found == {
        ("null node id", "NodeTable ['A']"): (1, ()),
        ("duplicate node id", "nodes"): (2, (1, 2)),
        ("relationships whose source is not a node of the graph", "RelationshipTable 'S'"): (
            2,
            (11, 12),
        ),
        ("relationships whose target is not a node of the graph", "RelationshipTable 'S'"): (
            1,
            (11,),
        ),
        ("duplicate relationship id", "relationships"): (1, (11,)),
    }
    assert "duplicate node id" in str(report)


def test_read_from_with_validate_raises_and_a_good_graph_passes(
    cypher_session, broken_tables, sample_graph
):
    with pytest.raises(GraphError, match="duplicate node id"):
        cypher_session.read_from(*broken_tables, validate=True)
    assert sample_graph.validate().ok
