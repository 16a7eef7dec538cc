"""Queries that need Python (composite dynamic values, sorting mixed lists) run it as
vectorized pandas UDFs. A row-at-a-time Python UDF shows in a physical plan as
BatchEvalPython, or (Spark 4's Arrow-optimized plain UDFs) as ArrowEvalPython with eval type
101 (SQL_ARROW_BATCHED_UDF: still one Python call per row); scalar pandas UDFs are eval
type 200 (SQL_SCALAR_PANDAS_UDF) or 204 (its iterator form)."""

from __future__ import annotations

import re

import pytest

VECTORIZED_EVAL_TYPES = {"200", "204"}
ARROW_EVAL = re.compile(r"ArrowEvalPython \[.*\], \[.*\], (\d+)")


def row_at_a_time_nodes(plan: str) -> list[str]:
    nodes = [line for line in plan.splitlines() if "BatchEvalPython" in line]
    for line in plan.splitlines():
        match = ARROW_EVAL.search(line)
        if match and match.group(1) not in VECTORIZED_EVAL_TYPES:
            nodes.append(line.strip())
    return nodes


QUERIES = [
    # composite values of dynamic type: lists and maps in ANY columns
    "UNWIND [1, 'a', [1, 2], {k: 1}, null] AS x RETURN x ORDER BY x",
    "UNWIND [[1, 'a'], [2.5, true]] AS l RETURN l, size(l) AS n, l[0] AS first",
    "WITH [1, 2, 3] AS l "
    "RETURN [x IN l WHERE x > 1 | x * 2] AS doubled, reduce(s = 0, x IN l | s + x) AS total",
    "MATCH (p:Person) RETURN p.name AS name, collect(p.age) AS ages ORDER BY name",
    "MATCH (p:Person)-[k:KNOWS]->(q) RETURN p, k, q LIMIT 3",
    "MATCH (p:Person) RETURN {name: p.name, tags: [p.city, p.age]} AS m ORDER BY m",
]


def physical_plan(df) -> str:
    return df._jdf.queryExecution().executedPlan().toString()


@pytest.mark.parametrize("query", QUERIES)
def test_no_row_at_a_time_python_in_physical_plans(sample_graph, query):
    df = sample_graph.cypher(query).records.df
    assert row_at_a_time_nodes(physical_plan(df)) == []


def test_the_check_sees_row_at_a_time_python(spark):
    from pyspark.sql import functions as F

    row_udf = F.udf(lambda x: x + 1, "long")  # the test's own: shows the check can fail
    assert row_at_a_time_nodes(physical_plan(spark.range(3).select(row_udf("id"))))
    vectorized = F.pandas_udf(lambda s: s + 1, "long")
    assert row_at_a_time_nodes(physical_plan(spark.range(3).select(vectorized("id")))) == []
