"""Differential test: random valid queries (diff_queries.py) over random small graphs,
answered by the engine and by a naive reference evaluator (diff_reference.py), compared
as bags of rows. Any other outcome of the engine (an error of any kind: a Spark analysis
error, an internal error, a Cypher error on a valid query) is a defect too.

GRAPHFRAME_CYPHER_DIFF_EXAMPLES sets the number of examples (default 60, for CI);
GRAPHFRAME_CYPHER_DIFF_SEED fixes hypothesis's seed to replay a run.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
from diff_queries import graphs, queries, render
from diff_reference import Reference
from hypothesis import HealthCheck, given, seed, settings

from graphframe_cypher.values import Node, Relationship

EXAMPLES = int(os.environ.get("GRAPHFRAME_CYPHER_DIFF_EXAMPLES", "60"))
SEED = os.environ.get("GRAPHFRAME_CYPHER_DIFF_SEED")


def engine_graph(session, graph):
    from graphframe_cypher import NodeTable, RelationshipTable

    spark = session.spark
    tables = []
    by_labels: dict = {}
    for nid, labels, props in graph.nodes:
        by_labels.setdefault(labels, []).append((nid, props["a"], props["b"]))
    for labels, rows in sorted(by_labels.items(), key=lambda kv: sorted(kv[0])):
        df = spark.createDataFrame(rows, "id long, a long, b string")
        tables.append(NodeTable(df, labels=sorted(labels), id="id", id_property=False))
    by_type: dict = {}
    for rid, rtype, src, dst, props in graph.relationships:
        by_type.setdefault(rtype, []).append((rid, src, dst, props["a"]))
    for rtype, rows in sorted(by_type.items()):
        df = spark.createDataFrame(rows, "id long, source long, target long, a long")
        tables.append(RelationshipTable(df, type=rtype, id="id", id_property=False))
    return session.read_from(*tables) if tables else session.empty_graph()


def comparable(value):
    if isinstance(value, Node):
        return ("node", value.id)
    if isinstance(value, Relationship):
        return ("rel", value.id)
    if isinstance(value, list):
        # only collect() makes lists here, and its order is not defined
        return tuple(sorted((comparable(v) for v in value), key=repr))
    if isinstance(value, bool):
        return value
    return value


def engine_rows(graph, text: str) -> Counter:
    rows = graph.cypher(text).records.collect()
    return Counter(tuple(comparable(v) for v in row.values()) for row in rows)


def _settings(test):
    configured = settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )(test)
    return seed(int(SEED))(configured) if SEED else configured


@pytest.mark.slow
@pytest.mark.timeout(max(600, EXAMPLES * 10))
@_settings
@given(graph=graphs(), query=queries())
def test_engine_answers_like_the_reference(cypher_session, graph, query):
    text = render(query)
    expected = Counter(Reference(graph).run(query))
    try:
        actual = engine_rows(engine_graph(cypher_session, graph), text)
    except Exception as error:  # noqa: BLE001 - every failure of a valid query is a defect
        raise AssertionError(f"valid query failed:\n{text}\n{graph}\n{error}") from error
    assert actual == expected, f"\n{text}\n{graph}"
