"""Fixed costs of small queries: latency, compile time and Spark jobs per query.

    .venv/bin/python bench/small_queries.py [--repeat 5] [--master local[2]] [--output FILE]

On the bundled sample graph (a handful of persons and companies) every query's cost is
fixed cost: compiling (parse, analysis, planning, DataFrame construction: timed alone,
``graph.cypher`` without an action), Spark's analysis and scheduling, and the Spark jobs the
query starts. For each query of ``QUERIES`` it prints the median end-to-end latency (compile
and collect the rows) over ``repeat`` runs after a warm-up, the median compile time, and the
number of Spark jobs one run starts (counted through a job group and the status tracker).
The numbers go to reports/bench-small-queries.json. Nothing is asserted here;
tests/e2e/test_query_jobs.py asserts the job counts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `bench` and the work tree importable
    sys.path.insert(0, str(ROOT))

from bench.timing import median, timed  # noqa: E402

PARAMETERS = {"min_age": 40, "city": "London"}


def _sum(term: str, n: int) -> str:
    return " + ".join([term] * n)


# Typical read-only queries on the sample graph.
QUERIES = {
    "match-filter-return": "MATCH (p:Person) WHERE p.age > 30 RETURN p.name, p.age",
    "aggregation": "MATCH (p:Person) RETURN p.city, count(*) AS n",
    "order-by-limit": "MATCH (p:Person) RETURN p.name, p.age ORDER BY p.age DESC LIMIT 3",
    "optional-match": (
        "MATCH (p:Person) OPTIONAL MATCH (p)-[:WORKS_AT]->(c:Company) RETURN p.name, c.name"
    ),
    "two-hop": "MATCH (a:Person)-[:KNOWS]->(b:Person)-[:KNOWS]->(c:Person) RETURN a.name, c.name",
    "parameterised": (
        "MATCH (p:Person) WHERE p.age >= $min_age AND p.city <> $city RETURN p.name"
    ),
}
# Expressions of 64 terms (linear in the query text, see tests/e2e/test_expression_size.py).
EXPRESSION_QUERIES = {
    "64 integer literals": f"RETURN {_sum('1', 64)} AS x",
    "64 integer properties": f"MATCH (p:Person) RETURN {_sum('p.age', 64)} AS x",
    "64 dynamic values": f"MATCH (p:Person) WITH [p.age, 'x'][0] AS d RETURN {_sum('d', 64)} AS x",
    "64 WITH x + 1": "WITH 1 AS x " + "WITH x + 1 AS x " * 64 + "RETURN x",
}


def count_jobs(graph, query: str) -> int:
    from graphframe_cypher.backends.spark.jobs import count_jobs as jobs_of

    spark = graph.session.spark
    group = f"small-queries-{uuid.uuid4().hex}"
    _, jobs = jobs_of(spark, lambda: graph.cypher(query, PARAMETERS).records.collect(), group)
    return jobs


def measure(graph, query: str, repeat: int) -> dict:
    graph.cypher(query, PARAMETERS).records.collect()  # warm-up
    compile_ms, total_ms = [], []
    for _ in range(repeat):
        ms, result = timed(lambda: graph.cypher(query, PARAMETERS))
        compile_ms.append(ms)
        ms, _ = timed(lambda: graph.cypher(query, PARAMETERS).records.collect())
        total_ms.append(ms)
    return {
        "latency_ms": median(total_ms),
        "compile_ms": median(compile_ms),
        "jobs": count_jobs(graph, query),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--output", default=str(ROOT / "reports" / "bench-small-queries.json"))
    args = parser.parse_args(argv)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    from graphframe_cypher import CypherSession, local_spark
    from graphframe_cypher.sample import load_sample_graph

    spark = local_spark(master=args.master)
    spark.sparkContext.setLogLevel("ERROR")
    graph = load_sample_graph(CypherSession(spark))
    results = {}
    print(f"{'query':28} {'latency ms':>11} {'compile ms':>11} {'jobs':>5}")
    for name, query in {**QUERIES, **EXPRESSION_QUERIES}.items():
        row = results[name] = measure(graph, query, args.repeat)
        print(f"{name:28} {row['latency_ms']:11.0f} {row['compile_ms']:11.0f} {row['jobs']:5d}")
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"repeat": args.repeat, "queries": results}, indent=2))
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
