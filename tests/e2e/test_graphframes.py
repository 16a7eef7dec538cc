"""GraphFrames in and out: a (vertices, edges) pair of DataFrames as a graph and back."""

from __future__ import annotations

import pytest

from graphframe_cypher.errors import GraphError

PEOPLE_QUERY = (
    "MATCH (a)-[r]->(b) RETURN labels(a) AS la, a.name AS a, type(r) AS t, r.since AS since, "
    "labels(b) AS lb, b.name AS b ORDER BY a, b, t"
)


@pytest.fixture(scope="module")
def frames(spark):
    vertices = spark.createDataFrame(
        [(1, "Ann", "Person"), (2, "Bob", "Person"), (3, "Acme", "Company")],
        "id long, name string, kind string",
    )
    edges = spark.createDataFrame(
        [(1, 2, "KNOWS", 2010), (2, 1, "KNOWS", 2011), (1, 3, "WORKS_AT", 2020)],
        "src long, dst long, relationship string, since long",
    )
    return vertices, edges


def rows(graph, query):
    return graph.cypher(query).records.collect()


def test_labels_and_types_from_columns(cypher_session, frames):
    graph = cypher_session.from_graphframe(
        *frames, label_column="kind", type_column="relationship"
    )
    person, company = ["Person"], ["Company"]
    assert rows(graph, PEOPLE_QUERY) == [
        {"la": person, "a": "Ann", "t": "WORKS_AT", "since": 2020, "lb": company, "b": "Acme"},
        {"la": person, "a": "Ann", "t": "KNOWS", "since": 2010, "lb": person, "b": "Bob"},
        {"la": person, "a": "Bob", "t": "KNOWS", "since": 2011, "lb": person, "b": "Ann"},
    ]
    assert sorted(graph.schema.labels) == ["Company", "Person"]


def test_constant_labels_and_generated_edge_ids(cypher_session, frames):
    vertices, edges = frames
    graph = cypher_session.from_graphframe(vertices, edges, labels="Thing", relationship_type="R")
    ids = [r["id"] for r in rows(graph, "MATCH ()-[r:R]->() RETURN id(r) AS id ORDER BY id")]
    assert len(set(ids)) == 3
    # the same edge has the same id in every query
    again = rows(graph, "MATCH (a)-[r]->(b) RETURN id(r) AS id, a.name AS a, b.name AS b")
    assert sorted(r["id"] for r in again) == ids
    first = rows(graph, "MATCH (a {name: 'Ann'})-[r]->(b {name: 'Acme'}) RETURN id(r) AS id")
    assert [r for r in again if r["b"] == "Acme"][0]["id"] == first[0]["id"]
    assert rows(graph, "MATCH (n:Thing) RETURN count(n) AS n") == [{"n": 3}]


def test_label_lists_are_label_combinations(spark, cypher_session):
    vertices = spark.createDataFrame(
        [(1, ["A", "B"]), (2, ["B", "A"]), (3, ["A"]), (4, [])], "id long, labels array<string>"
    )
    graph = cypher_session.from_graphframe(vertices, label_column="labels")
    got = rows(graph, "MATCH (n) RETURN id(n) AS id, labels(n) AS l ORDER BY id")
    assert [(r["id"], sorted(r["l"])) for r in got] == [
        (1, ["A", "B"]),
        (2, ["A", "B"]),
        (3, ["A"]),
        (4, []),
    ]


def test_to_graphframe_gives_the_shapes_graphframes_expects(sample_graph):
    vertices, edges = sample_graph.to_graphframe()
    assert vertices.columns[:2] == ["id", "labels"]
    assert {"name", "age", "city", "industry", "founded"} <= set(vertices.columns)
    assert edges.columns[:4] == ["src", "dst", "id", "type"]
    assert {"since", "role"} <= set(edges.columns)
    assert vertices.count() == rows(sample_graph, "MATCH (n) RETURN count(n) AS c")[0]["c"]
    assert edges.count() == rows(sample_graph, "MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]


def test_round_trip(cypher_session, sample_graph):
    vertices, edges = sample_graph.to_graphframe()
    back = cypher_session.from_graphframe(
        vertices, edges, label_column="labels", type_column="type", edge_id="id"
    )
    query = (
        "MATCH (a)-[r]->(b) RETURN id(a) AS a, labels(a) AS la, properties(a) AS pa, "
        "id(r) AS r, type(r) AS t, properties(r) AS pr, id(b) AS b ORDER BY r"
    )
    assert rows(back, query) == rows(sample_graph, query)
    nodes = "MATCH (n) RETURN id(n) AS id, labels(n) AS l, properties(n) AS p ORDER BY id"
    assert rows(back, nodes) == rows(sample_graph, nodes)


def test_errors_name_the_problem(spark, cypher_session, frames):
    vertices, edges = frames
    with pytest.raises(GraphError, match="vertices: no column 'id'"):
        cypher_session.from_graphframe(vertices.withColumnRenamed("id", "vid"), edges)
    with pytest.raises(GraphError, match="edges: no column 'dst'"):
        cypher_session.from_graphframe(vertices, edges.drop("dst"))
    untyped = edges.union(spark.createDataFrame([(2, 3, None, 1)], edges.schema))
    with pytest.raises(GraphError, match="holds nulls or empty strings"):
        cypher_session.from_graphframe(vertices, untyped, type_column="relationship")
