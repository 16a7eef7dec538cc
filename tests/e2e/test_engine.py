"""The engine end to end through the public API: graphs from DataFrames and from Cypher
scripts, whole results compared, errors as users see them."""

from __future__ import annotations

import pytest

from graphframe_cypher import NodeTable, RelationshipTable
from graphframe_cypher.errors import CypherError, GraphError
from graphframe_cypher.values import Node, Relationship


@pytest.fixture(scope="module")
def social(cypher_session, spark):
    people = spark.createDataFrame(
        [(1, "Ann", 30), (2, "Bob", 40), (3, "Cy", None)], "id long, name string, age long"
    )
    admins = spark.createDataFrame([(4, "Dee", 3)], "id int, full_name string, level int")
    knows = spark.createDataFrame(
        [(10, 1, 2, 2001), (11, 2, 3, 2010), (12, 4, 1, 2020)],
        "id long, src long, dst long, since long",
    )
    return cypher_session.read_from(
        NodeTable(people, labels=["Person"], id="id"),
        NodeTable(
            admins,
            labels=["Person", "Admin"],
            id="id",
            properties={"full_name": "name", "level": "level"},
        ),
        RelationshipTable(knows, type="KNOWS", id="id", source="src", target="dst"),
    )


def rows(graph, query, parameters=None):
    return graph.cypher(query, parameters).records.collect()


def test_pattern_with_filter_order_and_aliases(social):
    assert rows(
        social,
        "MATCH (a:Person)-[k:KNOWS]->(b:Person) WHERE k.since > 2005 "
        "RETURN a.name AS from, b.name AS to ORDER BY from",
    ) == [{"from": "Bob", "to": "Cy"}, {"from": "Dee", "to": "Ann"}]


def test_tables_sharing_a_label_and_renamed_properties(social):
    assert rows(social, "MATCH (p:Person) RETURN p.name AS name ORDER BY name") == [
        {"name": n} for n in ["Ann", "Bob", "Cy", "Dee"]
    ]
    assert rows(social, "MATCH (p:Admin) RETURN labels(p) AS l, p.level AS level") == [
        {"l": ["Admin", "Person"], "level": 3}
    ]


def test_nodes_and_relationships_come_back_as_driver_values(social):
    (row,) = rows(social, "MATCH (a {name: 'Dee'})-[r]->(b) RETURN a, r, b")
    assert isinstance(row["a"], Node) and row["a"].labels == frozenset({"Person", "Admin"})
    assert row["a"]["name"] == "Dee" and row["a"].id == 4
    assert isinstance(row["r"], Relationship) and row["r"].type == "KNOWS"
    assert (row["r"].start_node_id, row["r"].end_node_id) == (4, 1)
    assert row["r"]["since"] == 2020


def test_aggregation_null_handling_and_parameters(social):
    assert rows(
        social,
        "MATCH (p:Person) WHERE p.name <> $skip "
        "RETURN count(*) AS n, count(p.age) AS aged, avg(p.age) AS avg, collect(p.name) AS names",
        {"skip": "Dee"},
    ) == [{"n": 3, "aged": 2, "avg": 35.0, "names": ["Ann", "Bob", "Cy"]}]


def test_optional_match_pads_with_nulls(social):
    assert rows(
        social,
        "MATCH (p:Person) OPTIONAL MATCH (p)<-[:KNOWS]-(q) RETURN p.name AS p, q.name AS q ORDER BY p",
    ) == [
        {"p": "Ann", "q": "Dee"},
        {"p": "Bob", "q": "Ann"},
        {"p": "Cy", "q": "Bob"},
        {"p": "Dee", "q": None},
    ]


def test_result_dataframe_has_cypher_column_names(social):
    df = social.cypher("MATCH (p:Person) RETURN p.name, p.age + 1 AS next").records.df
    assert df.columns == ["p.name", "next"]
    assert sorted(r["next"] for r in df.collect() if r["next"] is not None) == [31, 41]


def test_create_graph_then_query_it(cypher_session):
    graph = cypher_session.create_graph(
        "CREATE (a:A {name: 'a'})-[:T {w: 1}]->(b:B {name: 'b'}), (b)-[:T {w: 2}]->(a)"
    )
    assert rows(graph, "MATCH (x)-[t:T]->(y) RETURN x.name, y.name, t.w ORDER BY t.w") == [
        {"x.name": "a", "y.name": "b", "t.w": 1},
        {"x.name": "b", "y.name": "a", "t.w": 2},
    ]


def test_updating_query_returns_a_new_graph_and_counters(cypher_session):
    base = cypher_session.create_graph("CREATE (:P {n: 1}), (:P {n: 2})")
    result = base.cypher("MATCH (p:P) CREATE (p)-[:HAS]->(:Q {m: p.n * 10})")
    assert result.records.collect() == []
    counters = result.counters
    assert (counters.nodes_created, counters.relationships_created) == (2, 2)
    assert counters.properties_set == 2 and counters.labels_added == 2
    assert rows(result.graph, "MATCH (:P)-[:HAS]->(q:Q) RETURN q.m AS m ORDER BY m") == [
        {"m": 10},
        {"m": 20},
    ]
    assert rows(base, "MATCH (q:Q) RETURN count(q) AS n") == [{"n": 0}]  # base unchanged


def test_string_ids(cypher_session, spark):
    nodes = spark.createDataFrame([("x", "X"), ("y", "Y")], "key string, name string")
    rels = spark.createDataFrame([("r1", "x", "y")], "id string, s string, t string")
    graph = cypher_session.read_from(
        NodeTable(nodes, labels="N", id="key"),
        RelationshipTable(rels, type="R", id="id", source="s", target="t"),
    )
    assert rows(graph, "MATCH (a)-[r:R]->(b) RETURN id(a) AS a, id(r) AS r, b.name AS b") == [
        {"a": "x", "r": "r1", "b": "Y"}
    ]


def test_errors_name_the_position_and_never_leak_a_jvm_trace(social):
    with pytest.raises(CypherError) as info:
        social.cypher("MATCH (n)\nRETURN m")
    error = info.value
    assert (error.code, error.line, error.column) == ("UndefinedVariable", 2, 8)
    assert "RETURN m" in str(error) and "^" in str(error)
    assert "Py4J" not in str(error) and "Traceback" not in str(error)


def test_bad_table_mappings_are_named(cypher_session, spark):
    df = spark.createDataFrame([(1, "a")], "id long, name string")
    with pytest.raises(GraphError, match="no column 'nope'"):
        cypher_session.read_from(NodeTable(df, labels=["A"], id="nope"))


def test_plans_read_only_the_tables_and_columns_needed(social):
    plan = social.cypher("MATCH (a:Admin) RETURN a.level").plan.relational.pretty()
    assert plan.count("TableScan") == 1
    assert "name" not in plan  # only the property read is carried


def test_created_elements_never_reuse_the_ids_of_a_graph_read_from_tables(social):
    created = social.cypher("CREATE (:Person {name: 'Eve'})-[:KNOWS]->(:Person {name: 'Fay'})")
    graph = created.graph
    nodes = graph.cypher("MATCH (n) RETURN count(n) AS n, count(DISTINCT id(n)) AS ids")
    assert nodes.records.collect() == [{"n": 6, "ids": 6}]
    rels = graph.cypher("MATCH ()-[r]->() RETURN count(r) AS n, count(DISTINCT id(r)) AS ids")
    assert rels.records.collect() == [{"n": 4, "ids": 4}]
    eve = graph.cypher("MATCH (e {name: 'Eve'})-[:KNOWS]->(f) RETURN f.name AS f")
    assert eve.records.collect() == [{"f": "Fay"}]
