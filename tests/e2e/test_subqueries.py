"""Pattern predicates, pattern comprehensions and EXISTS subqueries end to end: whole
results compared."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def chain(cypher_session):
    return cypher_session.create_graph(
        "CREATE (a:A {name: 'a', prop: 1})-[:R {w: 1}]->(b:B {name: 'b', prop: 1}), "
        "(a)-[:R {w: 2}]->(:C {name: 'c', prop: 2}), (a)-[:R]->(:D {name: 'd', prop: 3}), "
        "(b)-[:S]->(:E {name: 'e'}), (:F {name: 'f'})"
    )


def names(graph, query):
    return sorted(r["name"] for r in graph.cypher(query).records.collect())


def test_pattern_predicates_in_where_with_not_and_or(chain):
    assert names(chain, "MATCH (n) WHERE (n)-[:R]->() RETURN n.name AS name") == ["a"]
    assert names(chain, "MATCH (n) WHERE NOT (n)--() RETURN n.name AS name") == ["f"]
    assert names(chain, "MATCH (n) WHERE (n)-[:S]->() OR (n)<-[:S]-() RETURN n.name AS name") == [
        "b",
        "e",
    ]


def test_pattern_predicate_between_two_bound_nodes(chain):
    rows = chain.cypher(
        "MATCH (x), (y) WHERE x.name < y.name AND (x)-->(y) RETURN x.name AS x, y.name AS y "
        "ORDER BY x, y"
    ).records.collect()
    assert rows == [
        {"x": "a", "y": "b"},
        {"x": "a", "y": "c"},
        {"x": "a", "y": "d"},
        {"x": "b", "y": "e"},
    ]


def test_pattern_comprehension_lists_keep_nulls_and_rows_without_matches_get_empty_lists(chain):
    rows = chain.cypher(
        "MATCH (n) RETURN n.name AS name, [(n)-[r:R]->(m) WHERE m.prop < 3 | r.w] AS ws "
        "ORDER BY name"
    ).records.collect()
    by_name = {r["name"]: sorted(r["ws"], key=lambda w: (w is None, w)) for r in rows}
    assert by_name == {"a": [1, 2], "b": [], "c": [], "d": [], "e": [], "f": []}
    degrees = chain.cypher(
        "MATCH (n) RETURN n.name AS name, size([(n)--() | 1]) AS degree ORDER BY name"
    ).records.collect()
    assert [r["degree"] for r in degrees] == [3, 2, 1, 1, 1, 0]
    nulls = chain.cypher("MATCH (n:B) RETURN [(n)-->(m) | m.prop] AS props").records.collect()
    assert nulls == [{"props": [None]}]


def test_exists_subqueries_simple_full_and_nested(chain):
    assert names(
        chain, "MATCH (n) WHERE exists { (n)-->(m) WHERE n.prop = m.prop } RETURN n.name AS name"
    ) == ["a"]
    assert names(
        chain,
        "MATCH (n) WHERE exists { MATCH (n)-->(m) WITH n, count(*) AS c WHERE c = 3 "
        "RETURN true } RETURN n.name AS name",
    ) == ["a"]
    assert names(
        chain,
        "MATCH (n) WHERE exists { MATCH (m) WHERE exists { (n)-[:R]->(m)-[:S]->() } "
        "RETURN m } RETURN n.name AS name",
    ) == ["a"]


def test_subquery_results_in_projections_and_order_by(chain):
    rows = chain.cypher(
        "MATCH (n) WITH n, exists { (n)-->() } AS out RETURN n.name AS name, out "
        "ORDER BY size([(n)--() | 1]) DESC, name LIMIT 3"
    ).records.collect()
    assert rows == [
        {"name": "a", "out": True},
        {"name": "b", "out": True},
        {"name": "c", "out": False},
    ]


def test_start_and_end_nodes_are_joined_from_the_node_tables(chain):
    rows = chain.cypher(
        "MATCH (x {name: 'b'})-[r]-(y) "
        "RETURN startNode(r).name AS s, endNode(r).name AS e, endNode(r) = y AS ey ORDER BY s"
    ).records.collect()
    assert rows == [{"s": "a", "e": "b", "ey": False}, {"s": "b", "e": "e", "ey": True}]


def test_start_node_of_an_expression_and_of_null(chain):
    rows = chain.cypher(
        "MATCH p = (x)-->()-->() RETURN x.name AS x, "
        "startNode(last(relationships(p))) = nodes(p)[1] AS second, "
        "endNode(head(relationships(p))) = nodes(p)[1] AS also_second"
    ).records.collect()
    assert rows and all(r["second"] and r["also_second"] for r in rows)
    [empty] = chain.cypher(
        "OPTIONAL MATCH ()-[r:NOTHING]->() RETURN startNode(r) AS s, endNode(r) AS e"
    ).records.collect()
    assert empty == {"s": None, "e": None}


def test_dynamic_property_lookup_added_to_strings_inside_a_list_comprehension(chain):
    [row] = chain.cypher(
        "MATCH (a:A) RETURN [key IN keys(a) | key + '=' + a[key]] AS pairs"
    ).records.collect()
    assert sorted(row["pairs"]) == ["name=a", "prop=1"]
