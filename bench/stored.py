"""Stored-graph benchmark: the same queries on a social graph stored by a HiveGraphSource
with buckets and without, in the same Spark session.

    .venv/bin/python bench/stored.py --sizes 1000000 [--repeat 3] [--buckets 8]
                                     [--master local[2]] [--queries 1-hop,2-hop]

For each size (number of KNOWS relationships; persons = size / 10) it generates the social
graph of bench/datagen.py, stores it twice in a Hive warehouse of its own (a temporary
directory, or ``--warehouse``): bucketed (node tables by id, relationship tables by source
plus a copy by target, ``--buckets`` buckets) and unbucketed, and times the store of each.
Then for each query of bench/queries.py (and an incoming-direction pattern) it runs the
query on both stored graphs once (warm-up, and checks they return the same rows) and times
``repeat`` runs of the full action (the "noop" write of every row and column), alternating
the two, and prints the medians and their ratio: bucketed / unbucketed (below 1.0: the
bucketed layout is faster). The numbers go to reports/bench-stored.json. Performance is
never asserted anywhere.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `bench` and the work tree importable
    sys.path.insert(0, str(ROOT))

from bench.datagen import DEFAULT_SEED, generate_social  # noqa: E402
from bench.queries import QUERIES, choose_parameters  # noqa: E402
from bench.social import build_graph, same_rows  # noqa: E402
from bench.timing import median, ratio, run_action, timed  # noqa: E402

DEFAULT_OUTPUT = ROOT / "reports" / "bench-stored.json"
# Traverses relationships from their target too (the copy bucketed by target serves it).
INCOMING = (
    "incoming",
    "MATCH (a:Person {city: $city})<-[:KNOWS]-(b:Person) RETURN a.name AS person, b.name AS fan",
)
LAYOUTS = ("bucketed", "plain")


def register_sources(session, buckets: int) -> None:
    """The namespaces ``bucketed`` and ``plain``: Hive databases of the two layouts."""
    from graphframe_cypher.sources import HiveGraphSource

    for layout in LAYOUTS:
        count = buckets if layout == "bucketed" else 0
        session.register_source(layout, HiveGraphSource(f"bench_{layout}", buckets=count))


def store_both(session, graph, log) -> dict[str, float]:
    """Stores ``graph`` as ``bucketed.social`` and ``plain.social``; the store times (ms)."""
    times = {}
    for layout in LAYOUTS:
        name = f"{layout}.social"
        times[layout], _ = timed(lambda n=name: session.catalog.store(n, graph))
        log(f"  stored {name} in {times[layout] / 1000:.1f} s")
    return times


def bench_query(session, name: str, cypher: str, parameters, ordered: bool, repeat: int):
    frames = {
        layout: session.cypher(f"FROM GRAPH {layout}.social {cypher}", parameters).records
        for layout in LAYOUTS
    }
    rows = {layout: _rows(records) for layout, records in frames.items()}
    out: dict[str, Any] = {
        "query": name,
        "rows": len(rows["plain"]),
        "match": same_rows(rows["plain"], rows["bucketed"], ordered),
        "bucketed_runs_ms": [],
        "plain_runs_ms": [],
    }
    for _ in range(repeat):  # alternate, so drift (GC, other load) hits both alike
        for layout in LAYOUTS:
            ms, _ = timed(lambda r=frames[layout]: run_action(r.frame))
            out[f"{layout}_runs_ms"].append(ms)
    out["bucketed_ms"] = median(out["bucketed_runs_ms"])
    out["plain_ms"] = median(out["plain_runs_ms"])
    out["ratio"] = ratio(out["bucketed_ms"], out["plain_ms"])
    return out


def _rows(records) -> list[tuple]:
    return [tuple(row.values()) for row in records.collect()]


def bench_size(session, size: int, args, log) -> list[dict[str, Any]]:
    spark = session.spark
    log(f"size {size}: generating and storing")
    persons, knows = generate_social(spark, size, args.seed)
    graph = build_graph(session, persons, knows)
    store_ms = store_both(session, graph, log)
    parameters = choose_parameters(persons, knows)
    queries = [(q.name, q.cypher, q.ordered) for q in QUERIES if not q.optional]
    queries.append((*INCOMING, False))
    if args.queries:
        queries = [q for q in queries if q[0] in args.queries.split(",")]
    results = []
    for name, cypher, ordered in queries:
        log(f"  {name}")
        result = bench_query(session, name, cypher, parameters, ordered, args.repeat)
        results.append({"size": size, "store_ms": store_ms, **result})
    return results


def format_table(results: list[dict[str, Any]]) -> str:
    head = f"{'size':>9}  {'query':<10} {'rows':>8} {'bucketed ms':>12} {'plain ms':>10} ratio"
    lines = [head, "-" * len(head)]
    for r in results:
        check = "" if r["match"] else "  MISMATCH"
        lines.append(
            f"{r['size']:>9}  {r['query']:<10} {r['rows']:>8} {r['bucketed_ms']:>12.0f} "
            f"{r['plain_ms']:>10.0f} {r['ratio']:.2f}{check}"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000000", help="KNOWS relationships, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--buckets", type=int, default=8, help="bucket count (default: 8)")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument("--shuffle-partitions", type=int, default=8)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--queries", default=None, help="comma-separated subset of query names")
    parser.add_argument("--warehouse", default=None, help="Hive directory (default: temporary)")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from graphframe_cypher import CypherSession, hive_settings, local_spark

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-stored-") as temporary:
        conf = {
            "spark.driver.memory": args.driver_memory,
            "spark.sql.shuffle.partitions": str(args.shuffle_partitions),
            **hive_settings(args.warehouse or temporary),
        }
        spark = local_spark(app_name="graphframe-cypher-bench-stored", master=args.master, **conf)
        try:
            session = CypherSession(spark)
            register_sources(session, args.buckets)
            results = []
            for size in (int(s) for s in args.sizes.split(",")):
                results += bench_size(session, size, args, log)
        finally:
            spark.stop()
    report = {
        "benchmark": "stored",
        "generated_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "master": args.master,
        "buckets": args.buckets,
        "shuffle_partitions": args.shuffle_partitions,
        "repeat": args.repeat,
        "timed_action": "df.write.format('noop').mode('overwrite').save()",
        "ratio": "bucketed_ms / plain_ms (medians)",
        "results": results,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=1, default=str) + "\n")
    print(f"\nStored-graph benchmark: {args.master}, {args.buckets} buckets, median of "
          f"{args.repeat} runs; ratio = bucketed / unbucketed\n")
    print(format_table(results))
    print(f"\nJSON: {output}")
    return 1 if any(not r["match"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
