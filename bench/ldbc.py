"""LDBC SNB Interactive benchmark: the short reads IS1-IS7 and complex reads IC1-IC14 in Cypher
on the LDBC SNB Interactive test data set.

    PYTHONPATH=. .venv/bin/python bench/ldbc.py [--repeat 3] [--engine spark] [--queries IS1,IC2]

1. reads the data set's CSV files (bench/ldbc_load.py, timed: "read") and builds the engine's
   graph from them (bench/ldbc_engines.py, timed: "graph");
2. for each query (bench/ldbc_queries.py), and for each alternative formulation where the
   engine refuses the specification's, runs it once ("first ms": everything a user waits for,
   compile and execution and fetching the rows, on a cold query) and then ``--repeat`` times
   ("median ms"), unless the first run took longer than ``--max-seconds``;
3. checks the rows of the queries with a hand-written pandas answer (bench/ldbc_baseline.py)
   against it ("ok" or "WRONG");
4. prints a table (with the issue's targets: IS < 1 s, IC < 10 s, IC1 < 5 s median) and
   writes the numbers as JSON (reports/bench-ldbc.json).

The exit status is 1 if an answer is wrong or a query fails with anything but the engine's
refusal of a construct (UnsupportedFeature) or a timeout (``--timeout``, default 600 s per run).
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

from bench.ldbc_baseline import BASELINES, Tables  # noqa: E402
from bench.ldbc_engines import ENGINES, QueryTimeout  # noqa: E402
from bench.ldbc_load import LdbcData, data_directory, load_ldbc  # noqa: E402
from bench.ldbc_queries import QUERIES, LdbcQuery, parameters_for  # noqa: E402
from bench.report import cell, git_commit, write_json  # noqa: E402
from bench.timing import median, timed  # noqa: E402

DEFAULT_OUTPUT = ROOT / "reports" / "bench-ldbc.json"
TARGET_MS = {"IS": 1_000.0, "IC": 10_000.0, "IC1": 5_000.0}


def target_ms(name: str) -> float:
    base = name.split("-")[0]
    return TARGET_MS.get(base, TARGET_MS[base[:2]])


# -- comparing answers -------------------------------------------------------------------------


def normalize(value: Any) -> Any:
    """Values as compared: floats to 9 decimals; a list of lists (``collect`` of lists, in
    no defined order) sorted; other lists kept in order."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, (list, tuple)):
        items = [normalize(v) for v in value]
        if items and all(isinstance(v, tuple) for v in items):
            items.sort(key=repr)
        return tuple(items)
    return value


def same_answer(expected: list[tuple], actual: list[tuple]) -> bool:
    """Row for row, in order: every checked query orders its rows completely."""
    return [normalize(r) for r in expected] == [normalize(r) for r in actual]


def first_difference(expected: list[tuple], actual: list[tuple]) -> str:
    for i, (e, a) in enumerate(zip(expected, actual)):
        if normalize(e) != normalize(a):
            return f"row {i}: expected {e!r}, got {a!r}"
    return f"expected {len(expected)} rows, got {len(actual)}"


# -- one query -------------------------------------------------------------------------------


def is_unsupported(exc: BaseException) -> bool:
    from graphframe_cypher.errors import UnsupportedFeature

    return isinstance(exc, UnsupportedFeature)


def short_error(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"[:300]


def variants(query: LdbcQuery) -> list[tuple[str, str]]:
    """(name, text) of the formulations run: the specification's and its alternative."""
    out = [(query.name, query.cypher)]
    if query.alternative:
        out.append((f"{query.name}-alt", query.alternative))
    return out


def bench_variant(engine, graph, name: str, text: str, parameters: dict[str, Any],
                  expected: list[tuple] | None, repeat: int, max_seconds: float,
                  timeout: float | None = None) -> dict[str, Any]:
    """Times one formulation; never raises for an engine failure (``status`` says). Runs
    after the first are skipped when it took longer than ``max_seconds``; any run is
    cancelled after ``timeout`` seconds."""
    out: dict[str, Any] = {"query": name, "status": "ok", "rows": None, "verified": None,
                           "first_ms": None, "median_ms": None, "runs_ms": [], "jobs": None,
                           "first_cpu_ms": None, "median_cpu_ms": None, "cpu_runs_ms": [],
                           "target_ms": target_ms(name), "error": None, "parameters": parameters}
    try:
        first_ms, (columns, rows) = timed(lambda: engine.run(graph, text, parameters, timeout))
    except QueryTimeout as exc:
        out.update(status="timeout", error=str(exc), first_ms=timeout * 1000)
        return out
    except Exception as exc:  # noqa: BLE001 - report, never crash the benchmark
        out["status"] = "unsupported" if is_unsupported(exc) else "error"
        out["error"] = short_error(exc)
        return out
    out.update(first_ms=first_ms, rows=len(rows), columns=columns, answer=rows[:25])
    out["jobs"] = getattr(engine, "last_job_count", None)
    out["first_cpu_ms"] = getattr(engine, "last_cpu_ms", None)
    if expected is not None:
        out["verified"] = same_answer(expected, rows)
        if not out["verified"]:
            out["status"] = "WRONG"
            out["error"] = first_difference(expected, rows)
    if first_ms <= max_seconds * 1000:
        for _ in range(repeat):
            try:
                ms, _ = timed(lambda: engine.run(graph, text, parameters, timeout))
            except QueryTimeout as exc:
                out["error"] = f"a repeated run: {exc}"
                break
            out["runs_ms"].append(ms)
            out["cpu_runs_ms"].append(getattr(engine, "last_cpu_ms", None))
    out["median_ms"] = median(out["runs_ms"]) or first_ms
    cpu_runs = [ms for ms in out["cpu_runs_ms"] if ms is not None]
    out["median_cpu_ms"] = median(cpu_runs) if cpu_runs else out["first_cpu_ms"]
    return out


def run_queries(engine, graph, data: LdbcData, directory: Path, queries: list[LdbcQuery],
                repeat: int, max_seconds: float, verify: bool = True,
                timeout: float | None = None,
                log: Callable[[str], None] = lambda s: None) -> list[dict[str, Any]]:
    tables = Tables(data)
    results = []
    for query in queries:
        parameters = parameters_for(query, directory, data)
        baseline = BASELINES.get(query.name) if verify else None
        expected = baseline(tables, parameters) if baseline else None
        for name, text in variants(query):
            log(f"  {name} ...")
            row = bench_variant(engine, graph, name, text, parameters, expected, repeat,
                                max_seconds, timeout)
            row["description"] = query.description
            row["note"] = query.note
            log("    " + format_row(row))
            results.append(row)
    return results


# -- reporting ---------------------------------------------------------------------------------

HEADER = (f"{'query':<9} {'rows':>5} {'first ms':>10} {'median ms':>10} {'cpu ms':>8} "
          f"{'jobs':>5} {'target':>7}  {'checked':<8} status")


def format_row(r: dict[str, Any]) -> str:
    checked = {None: "-", True: "ok", False: "WRONG"}[r["verified"]]
    meets = r["median_ms"] is not None and r["median_ms"] <= r["target_ms"]
    status = r["status"] if r["status"] != "ok" else ("ok" if meets else "SLOW")
    if r["error"]:
        status += f" ({r['error'][:140]})"
    return (f"{r['query']:<9} {cell(r['rows'], 'd', 5)} {cell(r['first_ms'], '.0f', 10)} "
            f"{cell(r['median_ms'], '.0f', 10)} {cell(r['median_cpu_ms'], '.0f', 8)} "
            f"{cell(r['jobs'], 'd', 5)} "
            f"{r['target_ms'] / 1000:>6.0f}s  {checked:<8} {status}")


def format_table(results: list[dict[str, Any]]) -> str:
    return "\n".join([HEADER, "-" * len(HEADER), *(format_row(r) for r in results)])


def select_queries(names: list[str] | None) -> list[LdbcQuery]:
    if not names:
        return list(QUERIES.values())
    unknown = [n for n in names if n not in QUERIES]
    if unknown:
        raise SystemExit(f"unknown queries {unknown}; known: {', '.join(QUERIES)}")
    return [QUERIES[n] for n in names]


def run_benchmark(engine, queries: list[LdbcQuery], repeat: int = 3, max_seconds: float = 60.0,
                  verify: bool = True, directory: Path | None = None,
                  output: Path | None = DEFAULT_OUTPUT, timeout: float | None = None,
                  log: Callable[[str], None] = lambda s: None,
                  restrict: Callable[[LdbcData], LdbcData] = lambda data: data
                  ) -> dict[str, Any]:
    """Loads the data set into ``engine`` and runs ``queries``; returns the report and writes
    it as JSON to ``output`` (unless None). ``restrict`` picks the part of the data the
    engine loads (all of it by default); parameters and baselines come from all of it."""
    directory = directory or data_directory()
    read_ms, data = timed(lambda: load_ldbc(directory))
    loaded = restrict(data)
    graph_ms, graph = timed(lambda: engine.load(loaded))
    log(f"read {loaded.node_count} nodes and {loaded.relationship_count} relationships in "
        f"{read_ms:.0f} ms; {engine.name} graph built in {graph_ms:.0f} ms")
    results = run_queries(engine, graph, data, directory, queries, repeat, max_seconds, verify,
                          timeout, log)
    report = {
        "benchmark": "ldbc-snb-interactive",
        "generated_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "engine": engine.name,
        "engine_info": getattr(engine, "info", lambda: {})(),
        "python": platform.python_version(),
        "data_set": str(directory),
        "nodes": loaded.node_count,
        "relationships": loaded.relationship_count,
        "read_ms": read_ms,
        "graph_ms": graph_ms,
        "repeat": repeat,
        "load_average": os.getloadavg(),
        "timed": "engine.run: compile, execute and fetch every row to Python",
        "results": results,
    }
    write_json(report, output)
    return report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default="spark", choices=sorted(ENGINES))
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs per query after the first (default: 3)")
    parser.add_argument("--max-seconds", type=float, default=60.0,
                        help="no repeated runs of a query whose first run took longer")
    parser.add_argument("--timeout", type=float, default=600.0,
                        help="cancel a run after this many seconds (default: 600; 0: never)")
    parser.add_argument("--queries", default=None, help="comma-separated subset, e.g. IS1,IC2")
    parser.add_argument("--master", default="local[2]", help="Spark master (default: local[2])")
    parser.add_argument("--driver-memory", default="2g", help="spark.driver.memory (default: 2g)")
    parser.add_argument("--no-cache", action="store_true",
                        help="spark: keep the tables as local relations instead of caching them")
    parser.add_argument("--no-verify", action="store_true", help="skip the answer checks")
    parser.add_argument("--explain", action="store_true",
                        help="print each query's physical plan after the table")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT),
                        help="JSON report path (default: reports/bench-ldbc.json)")
    args = parser.parse_args(argv)
    if args.repeat < 0:
        parser.error("--repeat must be >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    start_ms, engine = timed(lambda: ENGINES[args.engine](
        master=args.master, driver_memory=args.driver_memory, cache=not args.no_cache))
    log(f"{args.engine} engine started in {start_ms:.0f} ms")
    queries = select_queries(args.queries.split(",") if args.queries else None)
    try:
        report = run_benchmark(engine, queries, args.repeat, args.max_seconds,
                               not args.no_verify, output=Path(args.output),
                               timeout=args.timeout or None, log=log)
        if args.explain:
            print_plans(engine, report)
    finally:
        engine.close()
    print(f"\nLDBC SNB Interactive ({report['nodes']} nodes, {report['relationships']} "
          f"relationships) on {args.engine} {report['engine_info']}; read "
          f"{report['read_ms']:.0f} ms, graph {report['graph_ms']:.0f} ms; median of "
          f"{args.repeat} runs after the first\n")
    print(format_table(report["results"]))
    print(f"\nJSON: {args.output}")
    failed = [r for r in report["results"] if r["status"] in ("WRONG", "error")]
    return 1 if failed else 0


def print_plans(engine, report: dict[str, Any]) -> None:
    """Physical plans, for finding where a slow query spends its time."""
    graph = engine.graph
    for r in report["results"]:
        if r["status"] in ("error", "unsupported", "timeout"):
            continue
        base = r["query"].split("-")[0]
        text = dict(variants(QUERIES[base]))[r["query"]]
        print(f"\n=== {r['query']}\n{engine.explain(graph, text, r['parameters'])}")


if __name__ == "__main__":
    sys.exit(main())
