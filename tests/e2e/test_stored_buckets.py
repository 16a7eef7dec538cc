"""Stored graphs bucketed for the joins patterns make: read back from a HiveGraphSource,
1-hop and 2-hop patterns shuffle none of the stored tables (their physical plans have no
Exchange between a table scan and a join), where the same graph stored unbucketed does."""

from __future__ import annotations

import pytest

from graphframe_cypher import CypherSession
from graphframe_cypher.errors import GraphError
from graphframe_cypher.sources import HiveGraphSource
from graphframe_cypher.sources.layout import GraphLayout

DATABASE = "gfc_test_buckets"
ONE_HOP = "MATCH (a:Person)-[:KNOWS]->(b:Person) RETURN a.name AS a, b.name AS b"
TWO_HOPS = (
    "MATCH (a:Person)-[:KNOWS]->(b:Person)-[:KNOWS]->(c:Person) "
    "RETURN a.name AS a, b.name AS b, c.name AS c"
)
INCOMING_AT_THE_END = (
    "MATCH (a:Person)-[:WORKS_AT]->(c:Company)<-[:WORKS_AT]-(b:Person) "
    "RETURN a.name AS a, c.name AS c, b.name AS b"
)


@pytest.fixture(scope="module")
def session(spark):
    # Shuffle joins, as for tables too big to broadcast (the sample graph is tiny).
    previous = spark.conf.get("spark.sql.autoBroadcastJoinThreshold")
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    s = CypherSession(spark)
    yield s
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", previous)
    spark.sql(f"DROP DATABASE IF EXISTS {DATABASE} CASCADE")


@pytest.fixture(scope="module")
def bucketed(session, sample_graph):
    source = HiveGraphSource(DATABASE, buckets=4)
    session.register_source("bucketed", source)
    session.catalog.store("bucketed.social", sample_graph)
    return source


@pytest.fixture(scope="module")
def plain(session, sample_graph):
    source = HiveGraphSource(DATABASE + "_plain", buckets=0)
    session.register_source("plain", source)
    session.catalog.store("plain.social", sample_graph)
    yield source
    session.spark.sql(f"DROP DATABASE IF EXISTS {DATABASE}_plain CASCADE")


def scan_exchanges(plan: str) -> list[str]:
    """The Exchanges that shuffle a table scan: no join between them and the scan."""
    lines = plan.splitlines()
    found = []
    for i, line in enumerate(lines):
        if "Exchange" not in line:
            continue
        depth = _depth(line)
        below = []
        for deeper in lines[i + 1 :]:
            if _depth(deeper) <= depth:
                break
            below.append(deeper)
        if not any("Join" in b for b in below) and any("Scan" in b for b in below):
            found.append(line.strip())
    return found


def _depth(line: str) -> int:
    return len(line) - len(line.lstrip(" :|+-"))


def physical_plan(records) -> str:
    return records.frame._jdf.queryExecution().executedPlan().toString()


@pytest.mark.parametrize("query", [ONE_HOP, TWO_HOPS, INCOMING_AT_THE_END])
def test_bucketed_tables_are_joined_without_a_shuffle(session, bucketed, sample_graph, query):
    records = session.cypher(f"FROM GRAPH bucketed.social {query}").records
    plan = physical_plan(records)
    assert "Bucketed: true" in plan
    assert scan_exchanges(plan) == [], plan
    # the same answer as on the graph in memory
    key = lambda r: tuple(sorted(r.items()))  # noqa: E731
    assert sorted(records.collect(), key=key) == sorted(
        sample_graph.cypher(query).records.collect(), key=key
    )


@pytest.mark.parametrize("query", [ONE_HOP, TWO_HOPS])
def test_unbucketed_tables_are_shuffled(session, plain, query):
    plan = physical_plan(session.cypher(f"FROM GRAPH plain.social {query}").records)
    assert scan_exchanges(plan)


def test_the_bucket_count_is_recorded_in_the_stored_schema(session, bucketed, plain):
    for source, buckets in ((bucketed, 4), (plain, 0)):
        storage = source._storage
        version = storage.pointer("social").current
        assert GraphLayout.from_text(storage.read_layout("social", version)).buckets == buckets
    tables = [r["tableName"] for r in session.spark.sql(f"SHOW TABLES IN {DATABASE}").collect()]
    for suffix, column in (("_knows", "[`src`]"), ("_knows_by_dst", "[`dst`]")):
        knows = next(t for t in tables if t.endswith(suffix))
        details = session.spark.sql(f"DESCRIBE TABLE EXTENDED {DATABASE}.{knows}").collect()
        info = {r["col_name"]: r["data_type"] for r in details}
        assert (info["Num Buckets"], info["Bucket Columns"], info["Sort Columns"]) == (
            "4",
            column,
            column,
        )


def test_bucket_count_must_be_a_count():
    with pytest.raises(GraphError, match="buckets must be a count"):
        HiveGraphSource("x", buckets=-1)
