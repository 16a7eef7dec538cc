"""The ``graphframe-cypher`` command, run as a user would: in a subprocess.

Each run starts its own Spark (a few seconds each). The queries use the bundled sample graph
(graphframe_cypher/sample).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graphframe_cypher.cli import split_statements, to_jsonable

QUERY = "MATCH (p:Person) WHERE p.age > 40 RETURN p.name AS name, p.age AS age ORDER BY age DESC"
EXPECTED = [("Frank", 52), ("Ivan", 45), ("Carol", 41)]


def _command() -> list[str]:
    script = Path(sys.executable).with_name("graphframe-cypher")
    if script.is_file():  # the installed console script
        return [str(script)]
    return [sys.executable, "-m", "graphframe_cypher.cli"]


def run_cli(
    *args: str, timeout: float = 300, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": sys.executable}
    env.pop("PYSPARK_SUBMIT_ARGS", None)
    return subprocess.run(
        [*_command(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        env=env,
    )


def _no_noise(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "Setting default log level" not in stderr
    assert "Using incubator modules" not in stderr


def test_table_format():
    proc = run_cli("-e", QUERY)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = next(line for line in lines if "name" in line and "age" in line)
    assert header.index("name") < header.index("age")
    body = [line for line in lines if any(name in line for name, _ in EXPECTED)]
    assert len(body) == 3
    for line, (name, age) in zip(body, EXPECTED, strict=True):
        assert name in line and str(age) in line
    assert "(3 rows)" in proc.stdout
    _no_noise(proc.stderr)


def test_csv_format():
    proc = run_cli("-e", QUERY, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "name,age\n" + "".join(f"{n},{a}\n" for n, a in EXPECTED)
    _no_noise(proc.stderr)


def test_json_format():
    proc = run_cli("-e", QUERY, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [{"name": n, "age": a} for n, a in EXPECTED]
    _no_noise(proc.stderr)


def test_syntax_error_exits_1_with_caret():
    proc = run_cli("-e", "MATCH (p:Person RETURN p.name")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert "SyntaxError" in proc.stderr
    assert "^" in proc.stderr
    assert "MATCH (p:Person RETURN p.name" in proc.stderr  # the offending line is shown
    assert proc.stdout == ""


def test_runtime_error_exits_1_without_spark_logs():
    proc = run_cli("-e", "MATCH (p:Person) RETURN p.age / (p.age - p.age) AS x")
    assert proc.returncode == 1
    assert "by zero" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Exception in task" not in proc.stderr and "\tat org.apache" not in proc.stderr
    assert proc.stdout == ""


def test_script_file(tmp_path):
    script = tmp_path / "queries.cypher"
    script.write_text(
        "// people in Madrid\n"
        "MATCH (p:Person) WHERE p.city = 'Madrid' RETURN p.name AS name ORDER BY name;\n"
        "RETURN 'a;b' AS text;\n"
    )
    proc = run_cli("-f", str(script), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "name\nHeidi\nJudy\n\ntext\na;b\n"


def test_script_file_table(tmp_path):
    script = tmp_path / "queries.cypher"
    script.write_text(
        "MATCH (c:Company) RETURN c.name AS company ORDER BY company LIMIT 2;\nRETURN 1;"
    )
    proc = run_cli("-f", str(script))
    assert proc.returncode == 0, proc.stderr
    lines = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
    assert lines[0].startswith("MATCH (c:Company)")  # each query, then its table
    assert "company" in lines[1] and "(2 rows)" in lines
    assert "RETURN 1" in lines and lines[-1] == "(1 row)"
    _no_noise(proc.stderr)


def test_script_from_stdin_as_json_sees_created_elements():
    script = (
        "CREATE (:Person {name: 'Zoe', age: 7});\n"
        "MATCH (p:Person {name: 'Zoe'}) RETURN p.age AS age"
    )
    proc = run_cli("-f", "-", "--format", "json", stdin=script)
    assert proc.returncode == 0, proc.stderr
    decoder, text, documents = json.JSONDecoder(), proc.stdout, []
    while text.strip():
        document, end = decoder.raw_decode(text.strip())
        documents.append(document)
        text = text.strip()[end:]
    assert documents == [[], [{"age": 7}]]  # one array per query
    _no_noise(proc.stderr)


def test_no_query_prints_help():
    proc = run_cli(timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "interactive" in proc.stdout
    assert "usage: graphframe-cypher" in proc.stdout
    assert "--format" in proc.stdout


def test_bad_format_is_a_usage_error():
    proc = run_cli("-e", "RETURN 1", "--format", "xml", timeout=120)
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


# The helpers behind the command (no Spark needed) ------------------------------------------


@pytest.mark.parametrize(
    ("script", "statements"),
    [
        ("RETURN 1", ["RETURN 1"]),
        ("RETURN 1; RETURN 2;", ["RETURN 1", "RETURN 2"]),
        ("RETURN 'a;b' AS x;;", ["RETURN 'a;b' AS x"]),
        ('RETURN "it\\"s; fine"', ['RETURN "it\\"s; fine"']),
        ("RETURN 1 AS `a;``b`; RETURN 2", ["RETURN 1 AS `a;``b`", "RETURN 2"]),
        ("// only; a comment\n", []),
        ("/* x; */ RETURN 1 // y;\n;", ["/* x; */ RETURN 1 // y;"]),
        ("  ;  ; ", []),
    ],
)
def test_split_statements(script, statements):
    assert split_statements(script) == statements


def test_to_jsonable_scalars():
    values = [1, 2.5, "x", None, True, {"k": [1]}]
    assert to_jsonable(values) == values
    assert to_jsonable(float("nan")) == "NaN"


def test_stored_graphs_open_with_graph_and_source(cypher_session, tmp_path):
    from graphframe_cypher.sources import FileGraphSource

    root = tmp_path / "graphs"
    cypher_session.register_source("cli_fs", FileGraphSource(str(root), format="orc"))
    try:
        graph = cypher_session.create_graph("CREATE (:City {name: 'Rome'}), (:City {name: 'Oslo'})")
        cypher_session.catalog.store("cli_fs.cities", graph)
    finally:
        cypher_session.catalog.deregister_source("cli_fs")
    script = tmp_path / "q.cypher"
    script.write_text(
        "MATCH (c:City) RETURN c.name AS name ORDER BY name;\n"
        "FROM GRAPH fs.cities MATCH (c) RETURN count(c) AS n;\n"
    )
    proc = run_cli(
        "--graph",
        f"cities={root / 'cities'}",
        "--source",
        f"fs={root}:orc",
        "-f",
        str(script),
        "--format",
        "json",
    )
    assert proc.returncode == 0, proc.stderr
    decoder, text, results = json.JSONDecoder(), proc.stdout.strip(), []
    while text:
        value, end = decoder.raw_decode(text)
        results.append(value)
        text = text[end:].strip()
    assert results == [[{"name": "Oslo"}, {"name": "Rome"}], [{"n": 2}]]


def test_missing_ddl_file_is_named_before_spark_starts(tmp_path):
    proc = run_cli("--ddl", f"crm={tmp_path / 'none.ddl'}", "-e", "RETURN 1")
    assert proc.returncode == 1
    assert "--ddl: no such file" in proc.stderr
    _no_noise(proc.stderr)


def test_cypher_shell_habits(tmp_path):
    # -P parameters (one using another), EXPLAIN and PROFILE prefixes, plain output, and
    # --fail-at-end: the failing statement is named and the ones after it still run
    script = tmp_path / "habits.cypher"
    script.write_text(
        "MATCH (p:Person) WHERE p.age > $min RETURN p.name AS name ORDER BY name;\n"
        "RETURN nope;\n"
        "EXPLAIN MATCH (p:Person) RETURN p.name;\n"
        "PROFILE MATCH (p:Person) WHERE p.age > $over RETURN count(*) AS n;\n"
    )
    proc = run_cli(
        "-f", str(script), "-P", "min => 44", "-P", "over => $min + 6", "--fail-at-end",
        "--format", "auto",
    )
    assert proc.returncode == 1
    assert "statement 2: SyntaxError (UndefinedVariable)" in proc.stderr
    assert "1 of 4 failed: 2" in proc.stderr
    assert proc.stdout.startswith("name\n'Frank'\n'Ivan'\n")  # auto is plain in a pipe
    assert "Spark physical plan:" in proc.stdout
    assert "n\n1\n" in proc.stdout  # Frank alone is over 50
    assert "Spark executed plan (rows and times as it ran):" in proc.stdout
    assert "rows=" in proc.stdout
    _no_noise(proc.stderr)
