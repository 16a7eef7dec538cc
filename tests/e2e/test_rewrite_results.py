"""Rewrite rules keep results: each query gives the same rows with every rule as without
the rule under test (graphs with duplicate names, nulls and nodes without relationships)."""

from __future__ import annotations

import pytest

import graphframe_cypher.rewrite as rewrite_module

GRAPH = """
CREATE (a:Person {name: 'Ann', age: 30}), (b:Person {name: 'Bob', age: 40}),
       (c:Person {name: 'Ann', age: 50}), (d:Person {name: 'Dan'}), (e:City {name: 'Rome'}),
       (a)-[:KNOWS {since: 2001, w: 1.5}]->(b), (c)-[:KNOWS {since: 2003}]->(b),
       (b)-[:KNOWS]->(a), (a)-[:KNOWS {since: 1999, w: 2.0}]->(c), (d)-[:KNOWS {since: 2010}]->(c),
       (a)-[:LIVES_IN]->(e), (b)-[:LIVES_IN]->(e)
"""

QUERIES = [
    "MATCH ()-[:KNOWS]->(p:Person) RETURN p.name AS name, count(*) AS c",
    "MATCH (a)-[r:KNOWS]->(p) RETURN p.name AS name, count(r.since) AS n, sum(r.since) AS s, "
    "min(r.since) AS lo, max(r.w) AS hi, sum(r.w) AS sw",
    "MATCH (a:Person)-[r:KNOWS]->(p:Person) WHERE r.since > 2000 RETURN p.age AS age, count(*) AS c",
    "MATCH (a)-[r:KNOWS]->(p:Person)-[:LIVES_IN]->(:City) RETURN p.name AS name, count(a) AS c",
    "MATCH (p:Person)<-[r:KNOWS]-() RETURN p AS p, collect(p.name) AS names, count(*) AS c",
    "MATCH (a)-[r:KNOWS*1..2]->(p:Person) RETURN p.name AS name, count(*) AS c",
    "MATCH (a)-[r:KNOWS]->(p:Nobody) RETURN p.name AS name, count(*) AS c",
]


@pytest.fixture(scope="module")
def graph(cypher_session):
    return cypher_session.create_graph(GRAPH)


def _rows(graph, query):
    return sorted(map(repr, graph.cypher(query).records.collect()))


@pytest.mark.parametrize("query", QUERIES)
def test_pre_aggregating_joins_keeps_results(graph, query, monkeypatch):
    with_rule = _rows(graph, query)
    without = tuple(r for r in rewrite_module.RULES if r.__name__ != "pre_aggregate_joins")
    monkeypatch.setattr(rewrite_module, "RULES", without)
    assert with_rule == _rows(graph, query)
    assert with_rule or "Nobody" in query


def test_the_rule_applies_to_these_queries(graph):
    assert "#partial" in graph.cypher(QUERIES[0]).explain()
