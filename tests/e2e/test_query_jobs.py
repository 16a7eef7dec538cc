"""How many Spark jobs typical read-only queries start (compiling starts none).

Compiling a query (``graph.cypher``) runs no Spark job: counters are computed only for
updating queries, and only when read. Collecting the result runs the query's plan; with
adaptive query execution every shuffle stage and every broadcast of a join side is a job
of its own, so a query with joins or an aggregation runs more than one. The counts are
those of the test session's configuration (tests/conftest.py) on the sample graph; a
higher count means some eager action crept in.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.small_queries import PARAMETERS, QUERIES  # noqa: E402

from graphframe_cypher.backends.spark.jobs import count_jobs  # noqa: E402

# query -> Spark jobs of one collect (scan-only plans: one; shuffles and broadcasts add one each)
EXPECTED_JOBS = {
    "match-filter-return": 1,
    "aggregation": 2,
    "order-by-limit": 1,
    "optional-match": 9,
    "two-hop": 8,
    "parameterised": 1,
}


def _jobs(spark, action) -> int:
    return count_jobs(spark, action, f"test-jobs-{uuid.uuid4().hex}")[1]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_compiling_a_read_only_query_runs_no_job(spark, sample_graph, name):
    def compile_query():
        return sample_graph.cypher(QUERIES[name], PARAMETERS)

    compile_query()  # the graph's first query may read its tables for the first time
    assert _jobs(spark, compile_query) == 0


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_jobs_of_a_read_only_query(spark, sample_graph, name):
    def run():
        return sample_graph.cypher(QUERIES[name], PARAMETERS).records.collect()

    run()  # the first run may read the sample graph's tables for the first time
    assert _jobs(spark, run) <= EXPECTED_JOBS[name]


def test_counting_jobs_sees_jobs(spark):
    assert _jobs(spark, lambda: spark.range(3).collect()) == 1
