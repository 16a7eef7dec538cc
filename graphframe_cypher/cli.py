"""``graphframe-cypher``: run Cypher queries from the command line.

    graphframe-cypher -e "MATCH (p:Person) RETURN p.name ORDER BY p.name LIMIT 3"
    graphframe-cypher -e "MATCH (p:Person) RETURN p.city, count(*)" --format csv
    graphframe-cypher -f queries.cypher --format json

Queries run against the bundled sample graph (see :mod:`graphframe_cypher.sample`), or the
first ``--graph``; ``--source`` and ``--ddl`` add namespaces of graphs for FROM GRAPH. A query
error prints the error's message (with a caret under the offending text) on stderr and exits
with status 1; there is never a traceback unless ``--debug`` is given. Without -e or -f,
on a terminal, the command starts the interactive shell (:mod:`graphframe_cypher.shell`).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import math
import os
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from .shell.graphs import graph_after
from .shell.habits import EXPLAIN, PROFILE, ParameterSyntaxError, parse_assignment, plan_prefix
from .shell.habits import resolve_format
from .shell.rendering import FORMATS, render, result_table
from .shell.statements import split_statements

__all__ = ["FORMATS", "main", "render", "result_table", "run", "split_statements", "to_jsonable"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130

# log4j2 configuration for a silent console: the command reports errors itself (Spark would
# log each failed task's stack trace), and no "Setting default log level" banner (Spark prints
# it when the REPL logger's level differs from the root logger's). --debug keeps Spark's own.
_LOG4J2_PROPERTIES = """\
rootLogger.level = off
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = off
"""

# Lines the JVM prints on stderr at start-up whatever the log configuration says.
_JVM_BANNER_PREFIXES = (
    "WARNING: Using incubator modules:",
    'Setting default log level to "',
    "To adjust logging level use sc.setLogLevel(newLevel).",
)


# --------------------------------------------------------------------------------------------
# JSON output (also used by the shell's --format json)
# --------------------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    from graphframe_cypher.values import format_value

    return format_value(value)


def to_jsonable(value: Any) -> Any:
    """A JSON-serialisable form of a Cypher value (nodes/relationships/paths as objects)."""
    from graphframe_cypher.values import Node, Path, Relationship

    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _fmt(value)
    if isinstance(value, Node):
        return {
            "id": to_jsonable(value.id),
            "labels": sorted(value.labels),
            "properties": {k: to_jsonable(v) for k, v in value.items()},
        }
    if isinstance(value, Relationship):
        return {
            "id": to_jsonable(value.id),
            "type": value.type,
            "start": to_jsonable(value.start_node_id),
            "end": to_jsonable(value.end_node_id),
            "properties": {k: to_jsonable(v) for k, v in value.items()},
        }
    if isinstance(value, Path):
        return {
            "nodes": [to_jsonable(n) for n in value.nodes],
            "relationships": [to_jsonable(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (_dt.date, _dt.time, _dt.datetime)):
        return value.isoformat()
    if hasattr(value, "KIND"):  # temporal values: their ISO 8601 text
        return str(value)
    return _fmt(value)


# --------------------------------------------------------------------------------------------
# Spark start-up noise
# --------------------------------------------------------------------------------------------


def quiet_spark_logging() -> None:
    """Make the next JVM that pyspark launches log errors only (no start-up banner).

    Works through ``PYSPARK_SUBMIT_ARGS``, so it only affects a JVM not yet started, and is
    skipped when the user set that variable.
    """
    if "PYSPARK_SUBMIT_ARGS" in os.environ:
        return
    path = os.path.join(tempfile.gettempdir(), f"graphframe-cypher-log4j2-{os.getuid()}.properties")
    try:
        with open(path, encoding="utf-8") as fh:
            current = fh.read()
    except OSError:
        current = None
    try:
        if current != _LOG4J2_PROPERTIES:
            tmp = f"{path}.{os.getpid()}"
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(_LOG4J2_PROPERTIES)
            os.replace(tmp, path)
    except OSError:
        return
    os.environ["PYSPARK_SUBMIT_ARGS"] = (
        f"--driver-java-options -Dlog4j2.configurationFile=file:{path}"
        " --conf spark.ui.showConsoleProgress=false pyspark-shell"
    )


@contextlib.contextmanager
def filtered_child_stderr(prefixes: Sequence[str] = _JVM_BANNER_PREFIXES) -> Iterator[None]:
    """Child processes started inside this block (the JVM) write stderr through a filter.

    Their stderr becomes a pipe that a daemon thread copies to the real stderr, dropping lines
    that start with one of ``prefixes``. This process's own stderr is restored on exit.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        read_fd, write_fd = os.pipe()
    except OSError:
        yield
        return

    def pump() -> None:
        with os.fdopen(read_fd, "rb") as src:
            for line in src:
                if any(line.startswith(p.encode()) for p in prefixes):
                    continue
                try:
                    os.write(saved, line)
                except OSError:
                    return

    threading.Thread(target=pump, name="jvm-stderr", daemon=True).start()
    os.dup2(write_fd, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(write_fd)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from graphframe_cypher.sample import DESCRIPTION

    parser = argparse.ArgumentParser(
        prog="graphframe-cypher",
        description="Run Cypher queries on Spark: an interactive shell, or one query (-e) or "
        "a script (-f). Queries run against the bundled " + DESCRIPTION,
        epilog='example: graphframe-cypher -e "MATCH (p:Person)-[:KNOWS]->(f) '
        'RETURN p.name, count(f) AS friends ORDER BY friends DESC LIMIT 3"',
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("-e", "--execute", metavar="QUERY", help="run one Cypher query")
    source.add_argument(
        "-f",
        "--file",
        metavar="FILE",
        help="run a script of ';'-separated Cypher queries ('-' reads standard input); "
        "each query's result is printed in turn (one JSON array per query with --format json)",
    )
    parser.add_argument(
        "--format",
        choices=("auto", *FORMATS),
        default="table",
        help="output format (default: table; auto: table on a terminal, else plain)",
    )
    parser.add_argument(
        "-P",
        "--param",
        action="append",
        default=[],
        metavar="'NAME => VALUE'",
        help="a query parameter as in cypher-shell, the value a Cypher expression that may use "
        "earlier parameters: -P 'minAge => 30' (repeatable)",
    )
    failing = parser.add_mutually_exclusive_group()
    failing.add_argument(
        "--fail-fast",
        dest="fail_at_end",
        action="store_false",
        help="stop a script at the first failing query (the default)",
    )
    failing.add_argument(
        "--fail-at-end",
        dest="fail_at_end",
        action="store_true",
        help="run every query of a script, then exit with status 1 naming those that failed",
    )
    parser.set_defaults(fail_at_end=False)
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}", help="show the version"
    )
    parser.add_argument(
        "--master",
        metavar="URL",
        default="local[*]",
        help="Spark master URL (default: local[*], Spark on this machine); the local "
        "settings (loopback driver, no UI, 4 shuffle partitions) apply only to local* masters",
    )
    parser.add_argument(
        "--conf",
        action="append",
        type=_spark_setting,
        default=[],
        metavar="KEY=VALUE",
        help="a Spark setting for the session (repeatable; overrides the defaults)",
    )
    parser.add_argument(
        "--graph",
        action="append",
        metavar="NAME=PATH",
        help="open a graph stored in a directory (by a FileGraphSource) as NAME; the first "
        "--graph is the working graph (repeatable)",
    )
    parser.add_argument(
        "--source",
        action="append",
        metavar="NS=DIR[:FORMAT]",
        help="serve the graphs stored under DIR (parquet, orc or csv; default parquet) as "
        "NS.<name>: FROM GRAPH NS.name, and CATALOG/store writes there (repeatable)",
    )
    parser.add_argument(
        "--ddl",
        action="append",
        metavar="[NS=]FILE",
        help="serve the graphs a Graph DDL file maps onto Hive tables and views as NS.<graph> "
        "(NS defaults to the file's name without extension; implies --hive; repeatable)",
    )
    parser.add_argument(
        "--hive",
        action="store_true",
        help="a Hive-enabled Spark session (metastore_db and spark-warehouse in the current "
        "directory unless Spark's configuration says otherwise)",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show Spark's log output and internal tracebacks"
    )
    return parser


def _version() -> str:
    from graphframe_cypher import __version__

    return __version__


def _spark_setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key.strip(), value


def _read_script(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _start(args: argparse.Namespace, hive: bool):
    """A CypherSession on Spark with the sample graph loaded: (session, graph)."""
    from graphframe_cypher import CypherSession
    from graphframe_cypher.sample import load_sample_graph

    conf = {"spark.sql.catalogImplementation": "hive"} if hive else {}
    conf.update(args.conf)
    if args.debug:
        session = CypherSession.local(master=args.master, **conf)
    else:
        quiet_spark_logging()
        with filtered_child_stderr():
            session = CypherSession.local(master=args.master, **conf)
        spark = getattr(session, "spark", None)
        if spark is not None:  # local_spark() sets ERROR; failures are reported by main()
            spark.sparkContext.setLogLevel("OFF")
    return session, load_sample_graph(session)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    interactive = args.execute is None and args.file is None

    if interactive and not sys.stdin.isatty():
        print("The interactive Cypher shell needs a terminal; in pipes and scripts run a query")
        print("with -e QUERY or a script with -f FILE ('-f -' reads standard input).\n")
        parser.print_help()
        return EXIT_OK

    statements: list[str] = []
    if args.file is not None:
        try:
            statements = split_statements(_read_script(args.file))
        except (OSError, UnicodeDecodeError) as exc:
            return _fail(f"graphframe-cypher: cannot read {args.file}: {exc}")
        if not statements:
            return _fail(f"graphframe-cypher: {args.file} holds no query")
    elif args.execute is not None:
        statements = [args.execute]

    from graphframe_cypher.errors import CypherError

    from .shell.catalog_options import OptionError, open_catalog, parse_options

    try:
        options = parse_options(args.graph, args.source, args.ddl)
    except OptionError as err:
        return _fail(f"graphframe-cypher: {err}")
    if interactive:
        print("Starting Spark ...", flush=True)
    try:
        session, graph = _start(args, hive=args.hive or options.needs_hive)
    except CypherError as err:  # e.g. CypherEnvironmentError: no usable Java
        return _fail(str(err))
    except Exception as exc:  # noqa: BLE001 - start-up failures are reported, not traced
        if args.debug:
            raise
        return _fail(f"graphframe-cypher: could not start Spark: {type(exc).__name__}: {exc}")
    try:
        opened = open_catalog(session, options)
    except CypherError as err:
        return _fail(f"graphframe-cypher: {err}")

    # The first --graph is the working graph; without one, the bundled sample.
    working = next(iter(opened), "sample")
    try:
        parameters = _parameters(session, args.param)
    except (CypherError, ParameterSyntaxError) as err:
        return _fail(f"graphframe-cypher: --param: {err}")
    if interactive:
        from .shell.app import run_interactive

        # 'scratch' starts empty: a graph to CREATE into without changing the sample.
        graphs = {"sample": graph, "scratch": session.empty_graph(), **opened}
        run_interactive(session, graphs, working, debug=args.debug, parameters=parameters)
        return EXIT_OK
    return _run_statements(opened.get(working, graph), statements, args, parameters)


def _parameters(session, assignments: Sequence[str]) -> dict[str, Any]:
    """The values of ``name => value`` assignments, each a Cypher expression evaluated
    with the parameters before it."""
    parameters: dict[str, Any] = {}
    for assignment in assignments:
        name, expression = parse_assignment(assignment)
        parameters[name] = evaluate_expression(session, expression, parameters)
    return parameters


def evaluate_expression(session, expression: str, parameters: dict[str, Any]) -> Any:
    query = f"RETURN {expression} AS value"
    return session.cypher(query, parameters).records.collect()[0]["value"]


def _run_statements(
    graph, statements: list[str], args: argparse.Namespace, parameters: dict[str, Any]
) -> int:
    """Run -e/-f queries in order, printing each result; stop at the first error (with
    --fail-at-end: run them all, then name those that failed). An updating query's graph is
    the graph of the queries after it."""
    out = sys.stdout
    fmt = resolve_format(args.format, out)
    failed: list[int] = []
    for number, query in enumerate(statements, start=1):
        try:
            outcome = _run_statement(graph, query, parameters, args)
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        if isinstance(outcome, str):  # the error's message
            where = f"statement {number}: " if len(statements) > 1 else ""
            print(f"{where}{outcome}", file=sys.stderr)
            if not args.fail_at_end:
                return EXIT_ERROR
            failed.append(number)
            continue
        result, columns, rows, plan = outcome
        graph = graph if result is None else graph_after(result, graph)
        if len(statements) > 1 and fmt == "table":
            out.write(f"\n{query}\n")
        elif len(statements) > 1 and fmt in ("csv", "plain") and number > 1:
            out.write("\n")
        if columns or plan is None:
            render(columns, rows, fmt, out)
        if plan is not None:
            out.write(plan + "\n")
    out.flush()
    if failed:
        names = ", ".join(str(n) for n in failed)
        return _fail(f"graphframe-cypher: {len(failed)} of {len(statements)} failed: {names}")
    return EXIT_OK


def _run_statement(graph, query: str, parameters: dict[str, Any], args: argparse.Namespace):
    """``(result, columns, rows, plan text or None)``, or the error's message. EXPLAIN
    shows the plan without running the query, PROFILE runs it and shows the plan it ran."""
    from graphframe_cypher.errors import CypherError

    mode, body = plan_prefix(query)
    session = graph.session
    try:
        if mode == EXPLAIN:
            return None, [], [], session.explain(body, parameters, graph)
        result = graph.cypher(body, parameters)
        columns, rows = result_table(result)
        plan = session.profile(result) if mode == PROFILE else None
        return result, columns, rows, plan
    except CypherError as err:
        if err.query is None:
            err.with_query(body)
        return str(err)
    except Exception as exc:  # noqa: BLE001 - a bug in the engine: say so, briefly
        if args.debug:
            raise
        first_line = (str(exc).strip().splitlines() or [""])[0]
        return (
            f"internal error while running the query: {type(exc).__name__}: {first_line}\n"
            "(run again with --debug for the traceback)"
        )


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `graphframe-cypher ... | head`): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_ERROR
    sys.exit(code)


if __name__ == "__main__":
    run()
