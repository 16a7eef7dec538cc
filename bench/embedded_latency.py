"""Small-query latency on the embedded DuckDB engine (the demo queries on the sample graph).

    .venv/bin/python bench/embedded_latency.py [--repeat 50]

For each query of examples/demo.py it measures, in one process and alternating:

* compile: query text to relational plan (parse, analysis, planning, rewrites, lowering)
  and to SQL - everything before DuckDB runs (the parse cache cleared each time);
* end to end: ``graph.cypher(query).records.collect()`` (compile, run, convert values);
* baseline: DuckDB running the SQL the query compiled to, fetched as tuples - what the
  engine cannot avoid; ``overhead`` = end to end / baseline.

and prints the medians in milliseconds (also written to reports/bench-embedded-latency.json).
Nothing is asserted: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "examples"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


def measure(repeat: int) -> list[dict]:
    from demo import QUERIES

    from graphframe_cypher import CypherSession
    from graphframe_cypher.compiler import parse
    from graphframe_cypher.sample import load_sample_graph

    session = CypherSession.embedded()
    graph = load_sample_graph(session)
    rows = []
    for title, query in QUERIES:
        graph.cypher(query).records.collect()  # warm up
        sql = session.sql(query, graph)
        compile_s, total_s, base_s = [], [], []
        for _ in range(repeat):
            parse.cache_clear()  # compile from the text, as a new query would
            started = time.perf_counter()
            session.sql(query, graph)
            compile_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            graph.cypher(query).records.collect()
            total_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            session.connection.execute(sql).fetchall()
            base_s.append(time.perf_counter() - started)
        rows.append(
            {
                "query": title,
                "compile_ms": _median_ms(compile_s),
                "end_to_end_ms": _median_ms(total_s),
                "baseline_sql_ms": _median_ms(base_s),
                "overhead": statistics.median(total_s) / statistics.median(base_s),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    rows = measure(args.repeat)
    print(f"{'query':45} {'compile':>9} {'end-to-end':>11} {'SQL only':>9} {'ratio':>6}")
    for r in rows:
        print(
            f"{r['query'][:45]:45} {r['compile_ms']:8.2f}m {r['end_to_end_ms']:10.2f}m "
            f"{r['baseline_sql_ms']:8.2f}m {r['overhead']:6.2f}"
        )
    summary = {
        "median_compile_ms": statistics.median(r["compile_ms"] for r in rows),
        "median_end_to_end_ms": statistics.median(r["end_to_end_ms"] for r in rows),
    }
    print(
        f"median over queries: compile {summary['median_compile_ms']:.2f} ms, "
        f"end to end {summary['median_end_to_end_ms']:.2f} ms (ms = milliseconds)"
    )
    out = ROOT / "reports" / "bench-embedded-latency.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"queries": rows, **summary}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
