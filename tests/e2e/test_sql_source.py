"""SqlGraphSource end to end: Hive tables and views in the test session's temporary
warehouse, mapped to graphs by a Graph DDL file, queried with Cypher (MATCH, CONSTRUCT,
CREATE), stable ids, and the errors for duplicate keys, missing views and columns and
mismatched column types."""

from __future__ import annotations

import datetime as dt

import pytest

from graphframe_cypher import CypherSession
from graphframe_cypher.errors import GraphDdlError, GraphError
from graphframe_cypher.sources import SqlGraphSource

DB = "ddl_e2e_crm"
OTHER_DB = "ddl_e2e_other"

DDL = f"""\
-- CRM graph over Hive views
SET SCHEMA hive.{DB};

CREATE GRAPH TYPE crm (
  Customer (customerIdx INTEGER, name STRING) KEY ck (customerIdx),
  Rep (empNo INTEGER, empName STRING) KEY rk (empNo),
  Manager EXTENDS Rep (level INTEGER),
  Interaction (interactionId INTEGER, type STRING, at LOCALDATETIME?),
  SERVED_BY, MADE (channel STRING),
  (Customer), (Rep), (Rep, Manager), (Interaction),
  (Interaction)-[SERVED_BY]->(Rep),
  (Customer)-[MADE]->(Interaction)
)

CREATE GRAPH crm_now OF crm (
  (Customer) FROM customers, FROM {OTHER_DB}.vip_customers (full_name AS name),
  (Rep) FROM reps,
  (Rep, Manager) FROM managers,
  (Interaction) FROM interactions,
  (Interaction)-[SERVED_BY]->(Rep) FROM served_by edge
    START NODES (Interaction) FROM interactions i JOIN ON i.interactionId = edge.interactionId
    END NODES (Rep) FROM reps r JOIN ON r.empNo = edge.empNo,
  (Customer)-[MADE]->(Interaction) FROM interactions edge (medium AS channel)
    START NODES (Customer) FROM customers c JOIN ON c.customerIdx = edge.customerIdx
    END NODES (Interaction) FROM interactions i JOIN ON i.interactionId = edge.interactionId
)

CREATE GRAPH people (
  Person (name STRING) KEY pk (name),
  (Person) FROM hive.{DB}.reps (empName AS name)
)
"""


def _at(hour: int) -> dt.datetime:
    return dt.datetime(2024, 3, 1, hour, 30, 0)


@pytest.fixture(scope="module")
def hive(spark):
    """The tables and views, created once for the module."""
    for db in (DB, OTHER_DB):
        spark.sql(f"DROP DATABASE IF EXISTS {db} CASCADE")
        spark.sql(f"CREATE DATABASE {db}")

    def table(name, rows, schema):
        spark.createDataFrame(rows, schema).write.mode("overwrite").saveAsTable(name)

    table(
        f"{DB}.customer_t",
        [(1, "Ann"), (2, "Bob"), (3, "Cid")],
        "customerIdx INT, name STRING",
    )
    table(f"{OTHER_DB}.vip_t", [(10, "Vera")], "customerIdx BIGINT, full_name STRING")
    table(f"{DB}.rep_t", [(100, "Rita"), (101, "Sam")], "empNo INT, empName STRING")
    table(f"{DB}.manager_t", [(200, "Max", 2)], "empNo INT, empName STRING, level INT")
    table(
        f"{DB}.interaction_t",
        [
            (1000, "complaint", 1, 100, "phone", _at(9)),
            (1001, "cancel", 1, 101, "email", _at(10)),
            (1002, "question", 2, 100, "phone", None),
            (1003, "complaint", 10, 101, "chat", _at(11)),
        ],
        "interactionId INT, type STRING, customerIdx INT, empNo INT, medium STRING, at TIMESTAMP",
    )
    spark.sql(f"CREATE VIEW {DB}.customers AS SELECT * FROM {DB}.customer_t")
    spark.sql(f"CREATE VIEW {OTHER_DB}.vip_customers AS SELECT * FROM {OTHER_DB}.vip_t")
    spark.sql(f"CREATE VIEW {DB}.reps AS SELECT * FROM {DB}.rep_t")
    spark.sql(f"CREATE VIEW {DB}.managers AS SELECT * FROM {DB}.manager_t")
    spark.sql(f"CREATE VIEW {DB}.interactions AS SELECT * FROM {DB}.interaction_t")
    spark.sql(f"CREATE VIEW {DB}.served_by AS SELECT interactionId, empNo FROM {DB}.interaction_t")
    # for the error tests: a view repeating a customer key, one with a mistyped column
    spark.sql(f"CREATE VIEW {DB}.more_customers AS SELECT 2 AS customerIdx, 'Bobby' AS name")
    spark.sql(f"CREATE VIEW {DB}.text_reps AS SELECT 'x' AS empNo, 'X' AS empName")
    spark.sql(
        f"CREATE VIEW {DB}.twice AS SELECT 5 AS customerIdx, 'A' AS name "
        "UNION ALL SELECT 5, 'B' UNION ALL SELECT 6, 'C'"
    )
    spark.sql(
        f"CREATE VIEW {DB}.numbers AS SELECT CAST(7 AS DECIMAL(10, 0)) AS n, 3 AS f, "
        "CAST(1.5 AS DECIMAL(4, 2)) AS d"
    )
    yield spark
    for db in (DB, OTHER_DB):
        spark.sql(f"DROP DATABASE IF EXISTS {db} CASCADE")


@pytest.fixture(scope="module")
def ddl_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("ddl") / "crm.ddl"
    path.write_text(DDL)
    return path


@pytest.fixture(scope="module")
def session(hive, ddl_file):
    s = CypherSession(hive)
    s.register_source("crm", SqlGraphSource(str(ddl_file)))
    return s


def rows(session, query):
    return [r.asDict() for r in session.cypher(query).records.df.collect()]


def test_graph_names_and_catalog(session):
    assert session.catalog.names() == ["crm.crm_now", "crm.people"]
    graph = session.catalog.graph("crm.crm_now")
    assert graph is session.catalog.graph("crm.crm_now")  # built once
    assert graph.schema.labels == {"Customer", "Rep", "Manager", "Interaction"}
    assert graph.schema.relationship_types == {"SERVED_BY", "MADE"}


def test_nodes_from_views_of_two_schemas(session):
    result = rows(
        session,
        "FROM GRAPH crm.crm_now MATCH (c:Customer) "
        "RETURN c.customerIdx AS idx, c.name AS name ORDER BY idx",
    )
    assert result == [
        {"idx": 1, "name": "Ann"},
        {"idx": 2, "name": "Bob"},
        {"idx": 3, "name": "Cid"},
        {"idx": 10, "name": "Vera"},
    ]


def test_inherited_labels_and_properties(session):
    result = rows(
        session,
        "FROM GRAPH crm.crm_now MATCH (r:Rep) "
        "RETURN r.empName AS name, labels(r) AS labels, r.level AS level ORDER BY name",
    )
    assert [(r["name"], sorted(r["labels"]), r["level"]) for r in result] == [
        ("Max", ["Manager", "Rep"], 2),
        ("Rita", ["Rep"], None),
        ("Sam", ["Rep"], None),
    ]


def test_relationships_through_joins_and_keys(session):
    result = rows(
        session,
        "FROM GRAPH crm.crm_now "
        "MATCH (c:Customer)-[m:MADE]->(i:Interaction)-[:SERVED_BY]->(r:Rep) "
        "RETURN c.name AS customer, m.channel AS channel, i.type AS type, r.empName AS rep "
        "ORDER BY customer, type",
    )
    assert result == [
        {"customer": "Ann", "channel": "email", "type": "cancel", "rep": "Sam"},
        {"customer": "Ann", "channel": "phone", "type": "complaint", "rep": "Rita"},
        {"customer": "Bob", "channel": "phone", "type": "question", "rep": "Rita"},
        {"customer": "Vera", "channel": "chat", "type": "complaint", "rep": "Sam"},
    ]


def test_local_datetime_property(session):
    result = rows(
        session,
        "FROM GRAPH crm.crm_now MATCH (i:Interaction) WHERE i.at IS NOT NULL "
        "RETURN i.interactionId AS id, toString(i.at) AS at ORDER BY id",
    )
    assert result == [
        {"id": 1000, "at": "2024-03-01T09:30"},
        {"id": 1001, "at": "2024-03-01T10:30"},
        {"id": 1003, "at": "2024-03-01T11:30"},
    ]


def test_a_second_graph_with_its_own_types(session):
    result = rows(session, "FROM GRAPH crm.people MATCH (p:Person) RETURN p.name AS n ORDER BY n")
    assert result == [{"n": "Rita"}, {"n": "Sam"}]


def test_construct_over_a_ddl_graph(session):
    result = session.cypher(
        "FROM GRAPH crm.crm_now MATCH (c:Customer)-[:MADE]->(i:Interaction {type: 'complaint'}) "
        "CONSTRUCT CLONE c CREATE (c)-[:COMPLAINED]->(:Complaint {id: i.interactionId}) "
        "RETURN GRAPH"
    )
    graph = result.graph
    found = [
        r.asDict()
        for r in graph.cypher(
            "MATCH (c:Customer)-[:COMPLAINED]->(x:Complaint) RETURN c.name AS c, x.id AS x "
            "ORDER BY x"
        ).records.df.collect()
    ]
    assert found == [{"c": "Ann", "x": 1000}, {"c": "Vera", "x": 1003}]


def test_create_on_a_ddl_graph_keeps_ids_apart(session):
    graph = session.catalog.graph("crm.crm_now")
    result = graph.cypher(
        "MATCH (c:Customer {customerIdx: 3}) CREATE (c)-[:NOTED]->(:Note {text: 'hi'})"
    )
    updated = result.graph
    ids = [r[0] for r in updated.cypher("MATCH (n) RETURN id(n) AS id").records.df.collect()]
    assert len(ids) == len(set(ids)) == 12  # 4 customers, 3 reps, 4 interactions, 1 note
    found = updated.cypher(
        "MATCH (c:Customer)-[:NOTED]->(n:Note) RETURN c.name AS c, n.text AS t"
    ).records.df.collect()
    assert [r.asDict() for r in found] == [{"c": "Cid", "t": "hi"}]
    # a creation from literals only (built from the values, without a query over rows)
    tagged = updated.cypher("CREATE (:Tag {name: 'x'})-[:ON]->(:Tag {name: 'y'})").graph
    found = tagged.cypher(
        "MATCH (a:Tag)-[:ON]->(b:Tag) MATCH (n) RETURN a.name AS a, b.name AS b, count(n) AS n"
    ).records.df.collect()
    assert [r.asDict() for r in found] == [{"a": "x", "b": "y", "n": 14}]


def test_ids_are_stable_across_source_instances(hive, ddl_file):
    query = (
        "FROM GRAPH crm.crm_now MATCH (a)-[r]->(b) "
        "RETURN id(a) AS a, id(r) AS r, id(b) AS b ORDER BY r"
    )
    runs = []
    # the second instance names the Spark catalog of the DDL's data source `hive` explicitly
    for data_sources in (None, {"hive": "spark_catalog"}):
        s = CypherSession(hive)
        s.register_source("crm", SqlGraphSource(ddl_file, data_sources=data_sources))
        runs.append([r.asDict() for r in s.cypher(query).records.df.collect()])
    assert runs[0] == runs[1]
    assert len(runs[0]) == 8
    assert '{"node":"Customer","k0":1}' in {r["a"] for r in runs[0]}


# -- errors -------------------------------------------------------------------------------------


def _register(hive, text):
    s = CypherSession(hive)
    s.register_source("bad", SqlGraphSource(text))
    return s


def test_two_views_with_one_key_are_an_error_naming_both(hive):
    s = _register(
        hive,
        f"SET SCHEMA hive.{DB};\n"
        "CREATE GRAPH g (\n"
        "  Customer (customerIdx INTEGER, name STRING) KEY ck (customerIdx),\n"
        "  (Customer) FROM customers,\n"
        "  (Customer) FROM more_customers\n"
        ")\n",
    )
    with pytest.raises(GraphError) as info:
        s.catalog.graph("bad.g")
    message = str(info.value)
    assert f"views hive.{DB}.customers and hive.{DB}.more_customers" in message
    assert "{customerIdx: 2}" in message


def test_two_rows_of_a_view_with_one_key_are_an_error(hive):
    s = _register(
        hive,
        f"SET SCHEMA hive.{DB};\n"
        "CREATE GRAPH g (\n"
        "  Customer (customerIdx INTEGER, name STRING) KEY ck (customerIdx),\n"
        "  (Customer) FROM twice\n"
        ")\n",
    )
    with pytest.raises(GraphDdlError) as info:
        s.catalog.graph("bad.g")
    assert f"view hive.{DB}.twice has 2 rows with key {{customerIdx: 5}}" in str(info.value)
    assert info.value.line == 4


def test_wider_numeric_columns_fit_integer_and_float_properties(hive):
    s = _register(
        hive,
        f"SET SCHEMA hive.{DB};\n"
        "CREATE GRAPH g (N (n INTEGER, f FLOAT, d FLOAT) KEY nk (n), (N) FROM numbers)",
    )
    found = [
        r.asDict()
        for r in s.cypher(
            "FROM GRAPH bad.g MATCH (x:N) RETURN x.n AS n, x.f AS f, x.d AS d"
        ).records.df.collect()
    ]
    assert found == [{"n": 7, "f": 3.0, "d": 1.5}]
    assert [type(v) for v in found[0].values()] == [int, float, float]


def test_missing_view_is_named_with_its_line(hive):
    with pytest.raises(GraphDdlError) as info:
        _register(
            hive,
            f"SET SCHEMA hive.{DB};\nCREATE GRAPH g (\n  A (x INTEGER),\n  (A) FROM nowhere\n)",
        )
    assert f"view hive.{DB}.nowhere" in str(info.value)
    assert info.value.line == 4


def test_missing_column_is_named_with_its_line(hive):
    with pytest.raises(GraphDdlError) as info:
        _register(
            hive,
            f"SET SCHEMA hive.{DB};\nCREATE GRAPH g (\n  A (x INTEGER),\n"
            "  (A) FROM customers (nope AS x)\n)",
        )
    message = str(info.value)
    assert "no column 'nope'" in message and f"view hive.{DB}.customers" in message
    assert info.value.line == 4


def test_mismatched_column_type_is_an_error(hive):
    with pytest.raises(GraphDdlError) as info:
        _register(
            hive,
            f"SET SCHEMA hive.{DB};\nCREATE GRAPH g (\n"
            "  Rep (empNo INTEGER, empName STRING) KEY rk (empNo),\n  (Rep) FROM text_reps\n)",
        )
    message = str(info.value)
    assert "column 'empNo'" in message and "declared INTEGER" in message
    assert "type string" in message
    assert info.value.line == 4


def test_the_source_is_read_only(session):
    graph = session.catalog.graph("crm.people")
    with pytest.raises(GraphError, match="read-only"):
        session.catalog.store("crm.copy", graph)
    with pytest.raises(GraphError, match="read-only"):
        session.catalog.drop("crm.people")
