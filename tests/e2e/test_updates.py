"""Updating queries end to end: each returns a new graph version (the original stays as it
was), whole results and counters compared."""

from __future__ import annotations

import pytest

from graphframe_cypher.errors import ConstraintVerificationFailed


@pytest.fixture(scope="module")
def graph(cypher_session):
    return cypher_session.create_graph(
        "CREATE (a:A {name: 'a', num: 1})-[:R {w: 1}]->(b:B {name: 'b'}), (:C {name: 'c'})"
    )


def rows(graph, query):
    return graph.cypher(query).records.collect()


def names(graph):
    return rows(graph, "MATCH (n) RETURN n.name AS name, labels(n) AS labels ORDER BY name")


def test_set_returns_a_new_graph_and_later_clauses_see_the_new_values(graph):
    result = graph.cypher(
        "MATCH (n:A) SET n.num = n.num + 1, n.tag = 'x' WITH n MATCH (m:A) RETURN m.num, m.tag"
    )
    assert result.records.collect() == [{"m.num": 2, "m.tag": "x"}]
    assert rows(result.graph, "MATCH (n:A) RETURN n.num AS num") == [{"num": 2}]
    assert rows(graph, "MATCH (n:A) RETURN n.num AS num") == [{"num": 1}]
    counters = result.counters
    assert (counters.properties_set, counters.properties_removed) == (2, 1)


def test_set_null_removes_and_set_map_replaces(graph):
    result = graph.cypher("MATCH (n:A) SET n.num = null RETURN keys(n) AS keys")
    assert result.records.collect() == [{"keys": ["name"]}]
    result = graph.cypher("MATCH (n:A) SET n = {other: true} RETURN n.other AS o, n.name AS m")
    assert result.records.collect() == [{"o": True, "m": None}]
    assert result.counters.properties_removed == 2


def test_set_a_property_to_another_type_widens_the_column(graph):
    new = graph.cypher("MATCH (n:A) SET n.num = 'one'").graph
    assert rows(new, "MATCH (n) WHERE n.num IS NOT NULL RETURN n.num AS num") == [{"num": "one"}]


def test_labels_are_added_and_removed_only_when_they_change(graph):
    result = graph.cypher("MATCH (n) WHERE n.name IN ['a', 'b'] SET n:A:X")
    assert result.counters.labels_added == 3
    assert names(result.graph)[:2] == [
        {"name": "a", "labels": ["A", "X"]},
        {"name": "b", "labels": ["B", "A", "X"]},
    ] or sorted(names(result.graph)[1]["labels"]) == ["A", "B", "X"]
    removed = result.graph.cypher("MATCH (n:X) REMOVE n:A, n:Nope")
    assert removed.counters.labels_removed == 2
    assert rows(removed.graph, "MATCH (n:A) RETURN count(n) AS c") == [{"c": 0}]
    assert rows(removed.graph, "MATCH (n:X) RETURN count(n) AS c") == [{"c": 2}]


def test_delete_connected_node_fails_and_detach_delete_removes_relationships(graph):
    with pytest.raises(ConstraintVerificationFailed) as info:
        graph.cypher("MATCH (n:A) DELETE n")
    assert info.value.code == "DeleteConnectedNode"
    result = graph.cypher("MATCH (n:A) DETACH DELETE n RETURN count(*) AS c")
    assert result.records.collect() == [{"c": 1}]
    counters = result.counters
    assert (counters.nodes_deleted, counters.relationships_deleted) == (1, 1)
    assert [r["name"] for r in names(result.graph)] == ["b", "c"]
    assert len(names(graph)) == 3


def test_deleting_relationship_then_node(graph):
    result = graph.cypher("MATCH (a:A)-[r]->() DELETE r, a RETURN type(r) AS t")
    assert result.records.collect() == [{"t": "R"}]
    assert rows(result.graph, "MATCH ()-[r]->() RETURN count(r) AS c") == [{"c": 0}]


def test_merge_matches_or_creates_once_per_key(graph):
    result = graph.cypher(
        "UNWIND ['a', 'z', 'z'] AS name MERGE (n:A {name: name}) "
        "ON CREATE SET n.new = true ON MATCH SET n.seen = true "
        "RETURN name, n.new AS new, n.seen AS seen ORDER BY name"
    )
    assert result.records.collect() == [
        {"name": "a", "new": None, "seen": True},
        {"name": "z", "new": True, "seen": True},
        {"name": "z", "new": True, "seen": True},
    ]
    assert result.counters.nodes_created == 1
    assert rows(result.graph, "MATCH (n:A) RETURN count(n) AS c") == [{"c": 2}]


def test_merge_relationship_between_bound_nodes(graph):
    result = graph.cypher("MATCH (a:A), (c:C) MERGE (a)-[r:R]->(c) RETURN count(r) AS c")
    assert result.records.collect() == [{"c": 1}]
    assert result.counters.relationships_created == 1
    again = result.graph.cypher("MATCH (a:A), (c:C) MERGE (a)-[r:R]->(c) RETURN count(r) AS c")
    assert again.counters.relationships_created == 0


def test_reading_a_property_of_a_deleted_element_fails(graph):
    from graphframe_cypher.errors import EntityNotFound

    result = graph.cypher("MATCH ()-[r:R]->() DELETE r RETURN r.w AS w")
    with pytest.raises(EntityNotFound) as info:
        result.records.collect()
    assert info.value.code == "DeletedEntityAccess"
