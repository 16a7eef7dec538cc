"""Regressions of wrong answers and internal errors (issue 15, item 2): whole results
compared on small graphs."""

from __future__ import annotations

import pytest

from graphframe_cypher.errors import CypherSyntaxError, CypherTypeError, InternalError


@pytest.fixture(scope="module")
def abc(cypher_session):
    return cypher_session.create_graph(
        "CREATE (:A {name: 'a'})-[:T]->(:A {name: 'b'})-[:KNOWS]->(:B {name: 'c'})"
    )


@pytest.fixture(scope="module")
def chain(cypher_session):
    """200 nodes in a chain of 199 NEXT relationships, over both partitions."""
    return cypher_session.create_graph(
        "UNWIND range(0, 198) AS i CREATE (:N {i: i})-[:NEXT]->(:M {i: i + 1})"
    )


def rows(graph, query):
    return sorted(
        (tuple(r.values()) for r in graph.cypher(query).records.collect()),
        key=repr,
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("MATCH (x:A) RETURN x.name, exists((x)-[:S]->())", [("a", False), ("b", False)]),
        ("MATCH (x:A) RETURN x.name, exists((x)-[:T]->())", [("a", True), ("b", False)]),
        ("MATCH (x:A) RETURN x.name, exists((x)-[:T]->(:Z))", [("a", False), ("b", False)]),
        ("MATCH (x:A) WHERE exists((x)-[:T]->()) RETURN x.name", [("a",)]),
        ("MATCH (x:A) WHERE NOT exists((x)-[:T]->()) RETURN x.name", [("b",)]),
        ("MATCH (x:A) WHERE (x)-[:S]->() RETURN x.name", []),
        ("MATCH (x:A) RETURN x.name, EXISTS { (x)-[:S]->() }", [("a", False), ("b", False)]),
        ("MATCH (x:A) RETURN x.name, [(x)-[:S]->(y) | y.name]", [("a", []), ("b", [])]),
        ("MATCH (x:A) OPTIONAL MATCH (x)-[:S]->(y) RETURN x.name, y", [("a", None), ("b", None)]),
        ("MATCH (x:A)-[:S]->(y) RETURN x.name", []),
        ("MATCH (x:Z) RETURN x.name", []),
        ("MATCH (x:A)-[:T]->(y:Z) RETURN x.name", []),
    ],
)
def test_unknown_types_and_labels_match_nothing_and_exists_of_a_pattern_says_so(
    abc, query, expected
):
    assert rows(abc, query) == expected


def test_a_nondeterministic_result_read_twice_is_evaluated_once(chain):
    # rand() compiled once per reader would keep different rows on each side of the join
    # that looks up startNode(r).
    (row,) = chain.cypher(
        "MATCH ()-[r:NEXT]->() WITH r WHERE rand() < 0.5 "
        "RETURN count(r) AS n, count(startNode(r)) AS s, count(endNode(r).i) AS e"
    ).records.collect()
    assert 0 < row["n"] == row["s"] == row["e"]


@pytest.mark.parametrize(
    "query",
    [
        "MATCH ()-[r:NEXT]->() WITH r LIMIT 20 RETURN count(startNode(r)) AS n",
        "MATCH path = (x)-[:NEXT]-(y) WITH path LIMIT 20 UNWIND relationships(path) AS r "
        "WITH path, startNode(r) AS s RETURN count(s.i) AS n",
        "MATCH (x:N) WITH x LIMIT 20 OPTIONAL MATCH (x)-[:NEXT]->(y) RETURN count(y) AS n",
        "MATCH (x:N) WITH x SKIP 179 MATCH (x)-[:NEXT*1..2]->(y) RETURN count(y) AS n",
    ],
)
def test_a_limit_read_twice_picks_one_set_of_rows(chain, query):
    assert chain.cypher(query).records.collect() == [{"n": 20}]


def test_a_limit_before_an_update_is_evaluated_once(chain):
    result = chain.cypher("MATCH (x:N) WITH x LIMIT 5 SET x.seen = true RETURN count(x) AS n")
    assert result.records.collect() == [{"n": 5}]
    assert result.graph.cypher("MATCH (x:N {seen: true}) RETURN count(x) AS n").records.collect() == [
        {"n": 5}
    ]


def test_two_endpoint_lookups_of_an_unwound_relationship(abc):
    assert rows(
        abc,
        "MATCH ()-[r]->() WITH collect(r) AS rs UNWIND rs AS r "
        "RETURN startNode(r).name, endNode(r).name",
    ) == [("a", "b"), ("b", "c")]


def test_endpoints_of_values_of_unknown_type(abc):
    assert rows(
        abc,
        "MATCH ()-[r]->() WITH [r, null] AS l UNWIND l AS v RETURN endNode(v).name",
    ) == [("b",), ("c",), (None,), (None,)]
    with pytest.raises(CypherTypeError):
        abc.cypher("MATCH (n) WITH [n, 1] AS l UNWIND l AS v RETURN endNode(v)").records.collect()
    with pytest.raises(CypherTypeError):
        abc.cypher(
            "MATCH (n) WITH [n, 1] AS l UNWIND l AS v MATCH (v)-->(m) RETURN m"
        ).records.collect()


@pytest.mark.parametrize(
    "query", ["RETURN startNode(1)", "MATCH (n) RETURN endNode(n)", "UNWIND [1] AS v RETURN startNode(v)"]
)
def test_endpoints_of_values_known_not_to_be_relationships_fail_at_compile_time(abc, query):
    with pytest.raises(CypherSyntaxError) as caught:
        abc.cypher(query)
    assert caught.value.code == "InvalidArgumentType" and caught.value.line == 1


def test_delete_of_a_null_path(abc):
    result = abc.cypher("MATCH (x:A) OPTIONAL MATCH p = (x)-[:S]->() DELETE p RETURN count(*) AS n")
    assert result.records.collect() == [{"n": 2}]
    assert result.graph.cypher("MATCH (n) RETURN count(n) AS n").records.collect() == [{"n": 3}]


def test_an_engine_fault_is_an_internal_error_with_the_query_and_its_cause(abc, monkeypatch):
    from graphframe_cypher.backends.spark.executor import SparkExecutor

    def broken(self, op):
        raise AttributeError("'NoneType' object has no attribute '_jdf'")

    monkeypatch.setattr(SparkExecutor, "_Filter", broken)
    query = "MATCH (x:A) WHERE x.name = 'a' RETURN x.name"
    with pytest.raises(InternalError) as caught:
        abc.cypher(query)
    message = str(caught.value)
    assert "internal error, please report" in message and query in message
    assert isinstance(caught.value.__cause__, AttributeError)


def test_a_plan_spark_rejects_is_an_internal_error_without_a_java_trace(abc, monkeypatch):
    from pyspark.sql import functions as F

    from graphframe_cypher.backends.spark.executor import SparkExecutor

    def broken(self, op):
        return self.run(op.input).filter(F.col("no such column") > 1)

    monkeypatch.setattr(SparkExecutor, "_Filter", broken)
    with pytest.raises(InternalError) as caught:
        abc.cypher("MATCH (x:A) WHERE x.name = 'a' RETURN x.name")
    message = str(caught.value)
    assert "AnalysisException" in message
    assert "py4j" not in message.lower() and "\tat " not in message
    assert type(caught.value.__cause__).__name__ == "AnalysisException"


# -- the id column stays readable (issue 15, item 4) -----------------------------------------


@pytest.fixture(scope="module")
def tables(spark):
    people = spark.createDataFrame(
        [(1, "Ann"), (2, "Bob"), (3, "Cy")], "id long, name string"
    )
    knows = spark.createDataFrame([(10, 1, 2), (11, 2, 3)], "id long, src long, dst long")
    return people, knows


def test_the_id_column_is_also_a_property(cypher_session, tables):
    from graphframe_cypher import NodeTable, RelationshipTable

    people, knows = tables
    graph = cypher_session.read_from(
        NodeTable(people, labels="Person"),
        RelationshipTable(knows, type="KNOWS", source="src", target="dst"),
    )
    assert rows(graph, "MATCH (p:Person) RETURN p.id, id(p), p.name") == [
        (1, 1, "Ann"),
        (2, 2, "Bob"),
        (3, 3, "Cy"),
    ]
    # grouping on it gives one group per node, not one group of nulls
    assert rows(graph, "MATCH (p)-[:KNOWS]->() RETURN p.id, count(*)") == [(1, 1), (2, 1)]
    # the relationship's id too; its source and target are its endpoints, not properties
    assert rows(graph, "MATCH ()-[k]->() RETURN k.id, keys(k)") == [(10, ["id"]), (11, ["id"])]


def test_the_id_column_can_be_left_out_of_the_properties(cypher_session, tables):
    from graphframe_cypher import NodeTable, RelationshipTable

    people, knows = tables
    graph = cypher_session.read_from(
        NodeTable(people, labels="Person", id_property=False),
        RelationshipTable(knows, type="KNOWS", source="src", target="dst", id_property=False),
    )
    assert rows(graph, "MATCH (p:Person {name: 'Ann'}) RETURN p.id, keys(p)") == [
        (None, ["name"])
    ]
    assert rows(graph, "MATCH ()-[k]->() RETURN DISTINCT keys(k)") == [([],)]
