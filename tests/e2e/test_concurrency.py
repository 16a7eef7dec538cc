"""Many threads on one CypherSession: every answer equals the answer of the same query run
alone, while another thread stores and drops graphs in the session's catalog.

The CI run is small (``GFC_STRESS_QUERIES`` queries per thread, 2 by default);
``GFC_STRESS_QUERIES=50`` runs the full 8 threads x 50 queries of issue 15.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

THREADS = 8
QUERIES_PER_THREAD = int(os.environ.get("GFC_STRESS_QUERIES", "2"))
DEADLINE_SECONDS = float(os.environ.get("GFC_STRESS_DEADLINE", "170"))


def _sorted_rows(result):
    return sorted(result.records.collect(), key=repr)


def _read(graph, _session, i):
    query = (
        "MATCH (p:Person)-[:KNOWS]->(f:Person) WHERE p.age > $age "
        "RETURN p.name AS person, count(f) AS friends, collect(f.name) AS names"
    )
    rows = _sorted_rows(graph.cypher(query, {"age": 20 + i % 30}))
    return [(r["person"], r["friends"], sorted(r["names"])) for r in rows]


def _aggregate_list(graph, _session, i):
    # list comprehensions compile lambdas: the lambda-depth state must stay per thread
    query = (
        "MATCH (p:Person) WITH p.city AS city, collect(p.age) AS ages "
        "RETURN city, [a IN ages WHERE a > $min | a * 2] AS doubled, size(ages) AS n"
    )
    rows = _sorted_rows(graph.cypher(query, {"min": i % 40}))
    return [(r["city"], sorted(r["doubled"]), r["n"]) for r in rows]


def _construct(graph, _session, i):
    built = graph.cypher(
        "MATCH (p:Person) WHERE p.age > $age CONSTRUCT CLONE p AS q SET q.mark = $i "
        "RETURN GRAPH",
        {"age": 25 + i % 20, "i": i},
    ).graph
    return _sorted_rows(built.cypher("MATCH (q) RETURN q.name AS name, q.mark AS mark"))


def _update(graph, _session, i):
    # an update makes a graph version of its own; the base graph is never changed
    version = graph.cypher("CREATE (:Stress {k: $i})-[:S]->(:Stress {k: $j})", {"i": i, "j": -i})
    rows = _sorted_rows(version.graph.cypher("MATCH (a:Stress)-[:S]->(b) RETURN a.k, b.k"))
    base = graph.cypher("MATCH (s:Stress) RETURN count(s) AS n").records.collect()
    return rows, base


def _catalog_read(_graph, session, i):
    return _sorted_rows(
        session.cypher("FROM GRAPH session.stress_stable MATCH (c:Company) RETURN c.name AS c")
    )


KINDS = (_read, _aggregate_list, _construct, _update, _catalog_read)


def _task(index: int):
    return KINDS[index % len(KINDS)], index


@pytest.fixture()
def stable_catalog(cypher_session, sample_graph):
    cypher_session.catalog.store("stress_stable", sample_graph)
    yield
    cypher_session.catalog.drop("stress_stable")


def test_threads_get_the_answers_of_queries_run_alone(
    cypher_session, sample_graph, stable_catalog
):
    tasks = [_task(i) for i in range(THREADS * QUERIES_PER_THREAD)]
    # the distinct queries, each run alone first
    alone = {}
    for kind, index in tasks:
        key = (kind.__name__, index)
        alone[key] = kind(sample_graph, cypher_session, index)

    stop = threading.Event()
    churn_errors: list[BaseException] = []

    def churn():
        # stores and drops graphs next to the queries (names no query reads)
        n = 0
        try:
            while not stop.is_set():
                name = f"stress_churn_{n % 3}"
                cypher_session.catalog.store(name, sample_graph)
                cypher_session.catalog.names()
                cypher_session.catalog.drop(name)
                n += 1
        except BaseException as error:  # noqa: BLE001 - reported below
            churn_errors.append(error)

    churner = threading.Thread(target=churn, daemon=True)
    churner.start()
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            futures = {
                (kind.__name__, index): pool.submit(kind, sample_graph, cypher_session, index)
                for kind, index in tasks
            }
            together = {key: f.result(timeout=DEADLINE_SECONDS) for key, f in futures.items()}
    finally:
        stop.set()
        churner.join(timeout=30)
    elapsed = time.monotonic() - started

    assert not churner.is_alive(), "the catalog thread deadlocked"
    assert churn_errors == []
    assert elapsed < DEADLINE_SECONDS
    different = [key for key in alone if alone[key] != together[key]]
    assert different == [], f"answers differ when run on {THREADS} threads: {different}"
    assert "session.stress_stable" in cypher_session.catalog.names()


def test_lambda_state_is_per_thread():
    """A thread building a lambda body must not make another thread believe it is in one."""
    from graphframe_cypher.backends.spark import representation as R

    inside = threading.Event()
    release = threading.Event()

    def build_lambda():
        with R.in_lambda():
            inside.set()
            release.wait(10)

    worker = threading.Thread(target=build_lambda)
    worker.start()
    try:
        assert inside.wait(10)
        assert not R.inside_lambda()
    finally:
        release.set()
        worker.join(10)
    with R.in_lambda(), R.in_lambda():
        assert R.inside_lambda()
    assert not R.inside_lambda()
