"""Social-graph benchmark: graphframe-cypher vs hand-written DataFrame code, same Spark session.

    .venv/bin/python bench/social.py --sizes 100000 [--repeat 3] [--master local[2]]
                                     [--include-varlength] [--queries 1-hop,top-k]

For each size (number of KNOWS relationships; persons = size / 10) it generates a graph with
Spark (bench/datagen.py), caches and materializes it, then for each query of
bench/queries.py:

1. builds the hand-written DataFrame (the baseline) and compiles the Cypher query (timed:
   parse, analysis, planning and DataFrame construction, i.e. everything before execution);
2. runs both once to warm up, and checks they return the same rows;
3. times ``repeat`` runs of the same full action on both result DataFrames (a "noop" write:
   every row and column is computed, nothing is collected), alternating baseline and Cypher,
   and takes the medians.

It prints a table (ratio = Cypher execution / baseline execution; 1.0 means "as fast as the
hand-written code") and writes the numbers as JSON to reports/bench-social.json.
Performance is never asserted anywhere: tests/e2e/test_bench_smoke.py only checks that each
Cypher query and its baseline return the same rows, i.e. that the ratios compare like with
like.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `bench` and the work tree importable
    sys.path.insert(0, str(ROOT))

from bench.datagen import DEFAULT_SEED, cache_and_materialize, generate_social  # noqa: E402
from bench.queries import BenchQuery, choose_parameters, select_queries  # noqa: E402
from bench.report import cell, git_commit, write_json  # noqa: E402
from bench.timing import median, ratio, run_action, timed  # noqa: E402

DEFAULT_OUTPUT = ROOT / "reports" / "bench-social.json"
NOT_SUPPORTED = "not supported yet"


# -- building the graph ------------------------------------------------------------------------


def build_graph(session, persons, knows):
    """The property graph over the (cached) tables: (:Person {id, name, age, city}) and
    [:KNOWS {since}]. ``id`` is both the node id and a property (so queries can say
    ``{id: $x}``)."""
    from graphframe_cypher import NodeTable, RelationshipTable

    return session.read_from(
        NodeTable(persons, labels=["Person"], id="id",
                  properties={"id": "id", "name": "name", "age": "age", "city": "city"}),
        RelationshipTable(knows, type="KNOWS", id="id", source="src", target="dst",
                          properties=["since"]),
    )


# -- comparing results -------------------------------------------------------------------------


def _normalize(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 9)  # the two plans may sum floats in different orders
    if isinstance(value, list):
        return tuple(_normalize(v) for v in value)
    return value


def baseline_rows(df) -> list[tuple]:
    return [tuple(_normalize(v) for v in row) for row in df.collect()]


def cypher_rows(result) -> list[tuple]:
    columns = result.records.columns
    return [tuple(_normalize(row[c]) for c in columns) for row in result.records.collect()]


def same_rows(expected: list[tuple], actual: list[tuple], ordered: bool) -> bool:
    key = repr  # rows may hold None or mixed types: sort by their text
    if sorted(expected, key=key) != sorted(actual, key=key):
        return False
    return not ordered or expected == actual


# -- one query -------------------------------------------------------------------------------


def _is_unsupported(exc: BaseException) -> bool:
    try:
        from graphframe_cypher.errors import UnsupportedFeature
    except ImportError:
        return False
    return isinstance(exc, UnsupportedFeature)


def _short(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    first = lines[0] if lines else ""
    name = type(exc).__name__
    label = getattr(exc, "error_type", name)
    return (first if first.startswith((name, label)) else f"{name}: {first}")[:300]


def bench_query(graph, persons, knows, query: BenchQuery, parameters: dict[str, Any],
                repeat: int, verify: bool = True) -> dict[str, Any]:
    """Times one query on one graph; never raises for an engine failure (the result's
    ``status`` says what happened)."""
    out: dict[str, Any] = {
        "query": query.name,
        "description": query.description,
        "cypher": " ".join(query.cypher.split()),
        "status": "ok",
        "rows": None,
        "match": None,
        "baseline_ms": None,
        "cypher_ms": None,
        "compile_ms": None,
        "compile_cold_ms": None,
        "ratio": None,
        "min_ratio": None,
        "total_ratio": None,
        "baseline_runs_ms": [],
        "cypher_runs_ms": [],
        "compile_runs_ms": [],
        "error": None,
    }
    baseline_df = query.baseline(persons, knows, parameters)
    # Warm-up: one untimed full execution per side; with verification on, it is the
    # collect that fetches the rows to compare.
    if verify:
        expected = baseline_rows(baseline_df)
    else:
        expected = None
        run_action(baseline_df)

    def compile_cypher():
        return graph.cypher(query.cypher, parameters=parameters)

    try:
        # Cold compile (the parser caches query text), then `repeat` warm compiles.
        cold_ms, result = timed(compile_cypher)
        out["compile_cold_ms"] = cold_ms
        for _ in range(repeat):
            ms, result = timed(compile_cypher)
            out["compile_runs_ms"].append(ms)
        cypher_df = result.records.frame  # the engine's table: what the engine computes
        if not verify:
            run_action(cypher_df)  # warm-up
        else:
            actual = cypher_rows(result)
            out["rows"] = len(actual)
            out["match"] = same_rows(expected, actual, query.ordered)
            if not out["match"]:
                out["status"] = "MISMATCH"
                out["error"] = f"baseline {len(expected)} rows, cypher {len(actual)} rows"
    except Exception as exc:  # noqa: BLE001 - report, never crash the benchmark
        out["status"] = NOT_SUPPORTED if _is_unsupported(exc) else "error"
        out["error"] = _short(exc)
        if expected is not None:
            out["rows"] = len(expected)
        for _ in range(repeat):  # still report the baseline
            ms, _ = timed(lambda: run_action(baseline_df))
            out["baseline_runs_ms"].append(ms)
        out["baseline_ms"] = median(out["baseline_runs_ms"])
        return out

    for _ in range(repeat):  # alternate, so drift (GC, other load) hits both sides alike
        ms, _ = timed(lambda: run_action(baseline_df))
        out["baseline_runs_ms"].append(ms)
        ms, _ = timed(lambda: run_action(cypher_df))
        out["cypher_runs_ms"].append(ms)
    out["baseline_ms"] = median(out["baseline_runs_ms"])
    out["cypher_ms"] = median(out["cypher_runs_ms"])
    out["compile_ms"] = median(out["compile_runs_ms"])
    out["ratio"] = ratio(out["cypher_ms"], out["baseline_ms"])
    # The ratio of the fastest runs: less sensitive to interference on a busy machine.
    out["min_ratio"] = ratio(min(out["cypher_runs_ms"]), min(out["baseline_runs_ms"]))
    out["total_ratio"] = ratio(out["cypher_ms"] + out["compile_ms"], out["baseline_ms"])
    return out


# -- one size ----------------------------------------------------------------------------------


def bench_size(spark, session, size: int, queries: list[BenchQuery], repeat: int,
               seed: int = DEFAULT_SEED, verify: bool = True,
               log: Callable[[str], None] = lambda s: None) -> list[dict[str, Any]]:
    persons, knows = generate_social(spark, size, seed)
    gen_ms, (persons, knows) = timed(lambda: cache_and_materialize(persons, knows))
    n_persons = persons.count()
    log(f"size {size}: {n_persons} persons, {size} KNOWS generated and cached in {gen_ms:.0f} ms")
    results = []
    try:
        parameters = choose_parameters(persons, knows)
        graph = build_graph(session, persons, knows)
        for query in queries:
            log(f"  {query.name} ...")
            row = bench_query(graph, persons, knows, query, parameters, repeat, verify)
            row.update({"size": size, "persons": n_persons, "relationships": size,
                        "parameters": parameters})
            log("    " + format_row(row))
            results.append(row)
    finally:
        persons.unpersist()
        knows.unpersist()
    return results


# -- reporting ---------------------------------------------------------------------------------

HEADER = f"{'size':>9}  {'query':<10} {'rows':>7}  {'baseline ms':>11}  {'cypher ms':>10}  " \
         f"{'compile ms':>10}  {'ratio':>6}  {'status'}"


def format_row(r: dict[str, Any]) -> str:
    status = r["status"]
    if status == "ok" and r["match"] is False:
        status = "MISMATCH"
    if r["error"] and r["status"] != "ok":
        status += f" ({r['error'][:80]})"
    return (f"{r.get('size', ''):>9}  {r['query']:<10} {cell(r['rows'], 'd', 7)}  "
            f"{cell(r['baseline_ms'], '.1f', 11)}  {cell(r['cypher_ms'], '.1f', 10)}  "
            f"{cell(r['compile_ms'], '.1f', 10)}  {cell(r['ratio'], '.2f', 6)}  {status}")


def format_table(results: list[dict[str, Any]]) -> str:
    lines = [HEADER, "-" * len(HEADER)]
    lines += [format_row(r) for r in results]
    return "\n".join(lines)


def run_benchmark(spark, sizes: list[int], repeat: int = 3, seed: int = DEFAULT_SEED,
                  include_varlength: bool = False, query_names: list[str] | None = None,
                  verify: bool = True, output: Path | None = DEFAULT_OUTPUT,
                  log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Runs the benchmark in ``spark`` (not stopped afterwards); returns the report and
    writes it as JSON to ``output`` (unless None)."""
    from graphframe_cypher import CypherSession

    session = CypherSession(spark)
    queries = select_queries(include_varlength, query_names)
    results: list[dict[str, Any]] = []
    for size in sizes:
        results += bench_size(spark, session, size, queries, repeat, seed, verify, log)
    report = {
        "benchmark": "social",
        "generated_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "spark_version": spark.version,
        "master": spark.sparkContext.master,
        "shuffle_partitions": spark.conf.get("spark.sql.shuffle.partitions"),
        "python": platform.python_version(),
        "repeat": repeat,
        "seed": seed,
        "sizes": sizes,
        "timed_action": "df.write.format('noop').mode('overwrite').save()",
        "ratio": "cypher_ms / baseline_ms (medians, execution only); min_ratio: of the fastest "
                 "runs; total_ratio adds compile_ms",
        "results": results,
    }
    write_json(report, output)
    return report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000",
                        help="comma-separated numbers of KNOWS relationships "
                             "(default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query (default: 3)")
    parser.add_argument("--master", default="local[2]", help="Spark master (default: local[2])")
    parser.add_argument("--driver-memory", default="2g", help="spark.driver.memory (default: 2g)")
    parser.add_argument("--shuffle-partitions", type=int, default=None,
                        help="spark.sql.shuffle.partitions (default: the library's local default)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--queries", default=None, help="comma-separated subset of query names")
    parser.add_argument("--include-varlength", action="store_true",
                        help="also run the variable-length query (1..3 hops vs a hand-written BFS)")
    parser.add_argument("--no-verify", action="store_true",
                        help="skip checking that Cypher and baseline return the same rows")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT),
                        help="JSON report path (default: reports/bench-social.json)")
    args = parser.parse_args(argv)
    args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from graphframe_cypher import local_spark

    conf = {"spark.driver.memory": args.driver_memory}
    if args.shuffle_partitions:
        conf["spark.sql.shuffle.partitions"] = str(args.shuffle_partitions)
    spark = local_spark(app_name="graphframe-cypher-bench", master=args.master, **conf)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        report = run_benchmark(
            spark, args.size_list, args.repeat, args.seed, args.include_varlength,
            args.queries.split(",") if args.queries else None, not args.no_verify,
            Path(args.output), log,
        )
    finally:
        spark.stop()
    print(f"\nSocial graph benchmark: {report['master']}, Spark {report['spark_version']}, "
          f"median of {args.repeat} runs; ratio = cypher / baseline (execution only)\n")
    print(format_table(report["results"]))
    print(f"\nJSON: {args.output}")
    # A wrong answer or an engine error fails the run; "not supported yet" does not.
    failed = [r for r in report["results"] if r["status"] in ("MISMATCH", "error")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
