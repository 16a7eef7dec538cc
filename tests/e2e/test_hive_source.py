"""HiveGraphSource end to end in the test session's temporary Hive warehouse: a graph
stored as managed tables and read back equal, listed, overwritten with a graph derived from
it, an interrupted store, drop."""

from __future__ import annotations

import pytest

from graphframe_cypher import CypherSession
from graphframe_cypher.errors import GraphError
from graphframe_cypher.sources import HiveGraphSource
from graphframe_cypher.sources.layout import graph_table_prefix

DATABASE = "gfc_test_hive_source"
GRAPH = """
CREATE (a:Person:`Ünïcödé` {name: 'Alice', age: 30, tags: ['x'], empty: [],
          born: date('1990-05-17'), wait: duration('PT5M'), score: 1.5}),
       (b:Person {name: '', age: 40, ok: true}),
       (a)-[:KNOWS {since: 2010}]->(b),
       (b)-[:`LIKES A LOT`]->(a)
"""


def snapshot(graph) -> list:
    """Ids, labels, types, endpoints and properties of every element (repr'd)."""
    nodes = [r["n"] for r in graph.cypher("MATCH (n) RETURN n").records.collect()]
    rels = [r["r"] for r in graph.cypher("MATCH ()-[r]->() RETURN r").records.collect()]
    return sorted(
        (n.id, sorted(n.labels), repr(sorted(n.properties.items()))) for n in nodes
    ) + sorted(
        (r.id, r.type, r.start_node_id, r.end_node_id, repr(sorted(r.properties.items())))
        for r in rels
    )


@pytest.fixture(scope="module")
def session(spark):
    s = CypherSession(spark)
    yield s
    spark.sql(f"DROP DATABASE IF EXISTS {DATABASE} CASCADE")


@pytest.fixture(scope="module")
def graph(session):
    return session.create_graph(GRAPH)


@pytest.fixture(scope="module")
def warehouse(session, graph):
    source = HiveGraphSource(database=DATABASE)
    session.register_source("warehouse", source)
    session.catalog.store("warehouse.social", graph)
    return source


def tables(spark) -> list[str]:
    return sorted(r["tableName"] for r in spark.sql(f"SHOW TABLES IN {DATABASE}").collect())


def test_round_trip_through_hive_tables(session, warehouse, graph, spark):
    assert warehouse.graph_names() == ["social"]
    assert "warehouse.social" in session.catalog.names()
    back = session.catalog.graph("warehouse.social")
    assert snapshot(back) == snapshot(graph)
    assert back.next_id == graph.next_id
    assert session.catalog.graph("warehouse.social") is back
    rows = session.cypher(
        "FROM GRAPH warehouse.social MATCH (a)-[:KNOWS]->(b) RETURN a.name AS a, b.age AS age"
    ).records.collect()
    assert rows == [{"a": "Alice", "age": 40}]
    # a head table, a schema table, one table per label combination and two per type (the
    # second bucketed by target)
    assert len(tables(spark)) == 1 + 1 + 2 + 2 * 2


def test_overwrite_with_a_derived_graph_and_drop(session, warehouse, spark):
    session.catalog.store("warehouse.team-1.x", session.create_graph("CREATE (:T {v: 1})"))
    stored = session.catalog.graph("warehouse.team-1.x")
    derived = stored.cypher("MATCH (t:T) SET t.v = t.v + 1, t:U").graph
    expected = snapshot(derived)
    session.catalog.store("warehouse.team-1.x", derived)
    assert snapshot(session.catalog.graph("warehouse.team-1.x")) == expected
    assert sorted(warehouse.graph_names()) == ["social", "team-1.x"]
    session.catalog.drop("warehouse.team-1.x")
    assert warehouse.graph_names() == ["social"]
    assert not any(t.startswith("g_team_1_x") for t in tables(spark))
    with pytest.raises(GraphError, match="unknown graph 'x' in the Hive database"):
        warehouse.graph("x")


def test_an_interrupted_store_leaves_the_previous_version(
    session, warehouse, graph, spark, monkeypatch
):
    before = tables(spark)
    storage = warehouse._storage
    original = storage.write_table
    written = []

    def write_then_fail(name, version, table, df, **options):
        if written:
            raise KeyboardInterrupt  # interrupted, not just an error
        written.append(table)
        original(name, version, table, df, **options)

    monkeypatch.setattr(storage, "write_table", write_then_fail)
    with pytest.raises(KeyboardInterrupt):
        session.catalog.store("warehouse.social", session.create_graph("CREATE (:X), (:Y)"))
    monkeypatch.undo()
    assert written
    assert tables(spark) == before  # the half-written version's tables were dropped
    assert snapshot(session.catalog.graph("warehouse.social")) == snapshot(graph)


def test_a_crashed_store_leftover_is_ignored_then_dropped(session, warehouse, spark):
    session.catalog.store("warehouse.small", session.create_graph("CREATE (:S)"))
    prefix = graph_table_prefix("small")
    leftover = f"{prefix}__v0123456789abcdef__n0_s"
    spark.sql(f"CREATE TABLE {DATABASE}.{leftover} (id BIGINT) USING parquet")
    assert warehouse.graph_names() == ["small", "social"]
    small = session.catalog.graph("warehouse.small")
    assert len(small.cypher("MATCH (n:S) RETURN n").records.collect()) == 1
    session.catalog.store("warehouse.small", session.create_graph("CREATE (:S)"))
    assert leftover not in tables(spark)
    session.catalog.drop("warehouse.small")
    assert not any(t.startswith(prefix) for t in tables(spark))


def test_invalid_database_names(graph):
    with pytest.raises(GraphError, match="invalid database name"):
        HiveGraphSource(database="bad-name; DROP")
    with pytest.raises(GraphError, match="not attached"):
        HiveGraphSource(database="x").store("g", graph)
