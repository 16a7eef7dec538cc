"""``graphframe-cypher``: run Cypher queries from the command line.

    graphframe-cypher -e "MATCH (p:Person) RETURN p.name ORDER BY p.name LIMIT 3"
    graphframe-cypher -e "MATCH (p:Person) RETURN p.city, count(*)" --format csv
    graphframe-cypher -f queries.cypher --format json

Queries run against the bundled sample graph (see :mod:`graphframe_cypher.sample`). A query
error prints the error's message (with a caret under the offending text) on stderr and exits
with status 1; there is never a traceback unless ``--debug`` is given. An interactive shell
comes later.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import math
import os
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

FORMATS = ("table", "csv", "json")

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
# Splitting scripts into statements
# --------------------------------------------------------------------------------------------


def split_statements(text: str) -> list[str]:
    """Split a script on ``;`` outside string literals, backtick names and comments.

    Empty statements (and statements that are only comments) are dropped.
    """
    statements: list[str] = []
    current: list[str] = []
    has_code = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            j = i + 1
            while j < n:
                if text[j] == "\\" and ch != "`":
                    j += 2
                    continue
                if text[j] == ch:
                    if ch == "`" and j + 1 < n and text[j + 1] == "`":  # `` escapes `
                        j += 2
                        continue
                    break
                j += 1
            current.append(text[i : j + 1])
            has_code = True
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            current.append(text[i:j])
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            current.append(text[i:j])
            i = j
        elif ch == ";":
            if has_code:
                statements.append("".join(current).strip())
            current, has_code = [], False
            i += 1
        else:
            current.append(ch)
            has_code = has_code or not ch.isspace()
            i += 1
    if has_code:
        statements.append("".join(current).strip())
    return statements


# --------------------------------------------------------------------------------------------
# Results -> columns and rows
# --------------------------------------------------------------------------------------------


def result_table(result: Any) -> tuple[list[str], list[list[Any]]]:
    """Column names and rows (lists of Python Cypher values) of a query result.

    Expects ``result.records`` with ``columns`` (the RETURN order) and ``collect()`` returning
    one mapping (column -> value) per row; tuples and pyspark Rows are accepted as well.
    """
    records = getattr(result, "records", result)
    rows = list(records.collect())
    columns = getattr(records, "columns", None)
    if columns is None and rows and isinstance(rows[0], dict):
        columns = list(rows[0].keys())
    columns = list(columns or [])
    table: list[list[Any]] = []
    for row in rows:
        if hasattr(row, "asDict") and not isinstance(row, dict):
            row = row.asDict(recursive=False)
        if isinstance(row, dict):
            table.append([row.get(col) for col in columns])
        else:
            table.append(list(row))
    return columns, table


def _fmt(value: Any) -> str:
    from graphframe_cypher.values import format_value

    return format_value(value)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return _fmt(value)


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
# Output
# --------------------------------------------------------------------------------------------


def render(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, out: TextIO, title: str = ""
) -> None:
    if fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_cell(v) for v in row] for row in rows)
    elif fmt == "json":
        records = [
            {col: to_jsonable(v) for col, v in zip(columns, row, strict=False)} for row in rows
        ]
        out.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    else:
        from rich import box
        from rich.console import Console
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAVY, title=title or None, title_justify="left")
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            # Cells are plain text: no rich markup interpretation of '[...]' in values.
            table.add_row(*(_text(_fmt(v)) for v in row))
        console = Console(file=out, soft_wrap=False, highlight=False)
        console.print(table)
        noun = "row" if len(rows) == 1 else "rows"
        console.print(f"({len(rows)} {noun})", highlight=False, markup=False)


def _text(s: str):
    from rich.text import Text

    return Text(s)


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
        description="Run Cypher queries on Spark. Queries run against the bundled " + DESCRIPTION,
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
        choices=FORMATS,
        default="table",
        help="output format (default: table)",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show Spark's log output and internal tracebacks"
    )
    return parser


def _read_script(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _start(debug: bool):
    """A CypherSession on local Spark with the sample graph loaded: (session, graph)."""
    from graphframe_cypher import CypherSession
    from graphframe_cypher.sample import load_sample_graph

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    if debug:
        session = CypherSession.local()
    else:
        quiet_spark_logging()
        with filtered_child_stderr():
            session = CypherSession.local()
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

    if args.execute is None and args.file is None:
        print("The interactive Cypher shell is coming in a later release; for now run a query")
        print("with -e QUERY or a script with -f FILE.\n")
        parser.print_help()
        return EXIT_OK

    from graphframe_cypher.errors import CypherError

    if args.file is not None:
        try:
            statements = split_statements(_read_script(args.file))
        except (OSError, UnicodeDecodeError) as exc:
            return _fail(f"graphframe-cypher: cannot read {args.file}: {exc}")
        if not statements:
            return _fail(f"graphframe-cypher: {args.file} holds no query")
    else:
        statements = [args.execute]

    try:
        _, graph = _start(args.debug)
    except CypherError as err:  # e.g. EnvironmentError_: no usable Java
        return _fail(str(err))
    except Exception as exc:  # noqa: BLE001 - start-up failures are reported, not traced
        if args.debug:
            raise
        return _fail(f"graphframe-cypher: could not start Spark: {type(exc).__name__}: {exc}")

    out = sys.stdout
    for number, query in enumerate(statements, start=1):
        try:
            columns, rows = result_table(graph.cypher(query))
        except CypherError as err:
            if err.query is None:
                err.with_query(query)
            where = f"statement {number}: " if len(statements) > 1 else ""
            return _fail(f"{where}{err}")
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        except Exception as exc:  # noqa: BLE001 - a bug in the engine: say so, briefly
            if args.debug:
                raise
            first_line = (str(exc).strip().splitlines() or [""])[0]
            return _fail(
                f"internal error while running the query: {type(exc).__name__}: {first_line}\n"
                "(run again with --debug for the traceback)"
            )
        if len(statements) > 1 and args.format == "table":
            out.write(f"\n{query}\n")
        elif len(statements) > 1 and args.format == "csv" and number > 1:
            out.write("\n")
        render(columns, rows, args.format, out)
    out.flush()
    return EXIT_OK


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
