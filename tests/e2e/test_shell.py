"""The interactive shell, driven as a user would drive it: in a pseudo-terminal (pexpect).

One shell process (one Spark start) serves every interactive check, in file order. The
terminal is ``TERM=dumb`` with a fixed size: prompt_toolkit then echoes keystrokes plainly
and nothing depends on colours or cursor movement. Input is sent only after the prompt has
appeared and a short pause (prompt_toolkit switches the terminal to raw mode just after
printing the prompt: control keys sent earlier would reach the line discipline instead).
Timeouts are generous: the test machine may be busy.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

START_TIMEOUT = 240
QUERY_TIMEOUT = 150
# The prompt at the start of a line (after any terminal control sequences): "sample> ".
PROMPT = re.compile(r"(?m)^(?:\x1b\[[0-9;?]*[A-Za-z])*([\w.]+)> ")
# Counts 1..2000 three times over: 8e9 rows, minutes of work, cancelled after a few seconds.
LONG_QUERY = (
    "UNWIND range(1, 2000) AS i UNWIND range(1, 2000) AS j UNWIND range(1, 2000) AS k "
    "RETURN count(*) AS n;"
)


def _command() -> list[str]:
    script = Path(sys.executable).with_name("graphframe-cypher")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "graphframe_cypher.cli"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYSPARK_SUBMIT_ARGS",)}
    # Job groups are per thread: the shell needs pyspark's default pinned-thread mode, which
    # the test session's conftest turns off for itself.
    env.pop("PYSPARK_PIN_THREAD", None)
    env.update(
        TERM="dumb",
        SPARK_LOCAL_IP="127.0.0.1",
        PYSPARK_PYTHON=sys.executable,
        GRAPHFRAME_CYPHER_HISTORY=str(tmp_path / "history"),
    )
    return env


class ShellDriver:
    def __init__(self, child):
        self.child = child

    def wait_prompt(self, timeout: float = QUERY_TIMEOUT) -> str:
        """Everything printed up to the next prompt; remembers the prompt's graph name."""
        self.child.expect(PROMPT, timeout=timeout)
        self.graph = self.child.match.group(1)
        return self.child.before

    def send(self, text: str) -> None:
        time.sleep(0.3)  # let prompt_toolkit put the terminal in raw mode
        self.child.send(text)

    def run(self, text: str, timeout: float = QUERY_TIMEOUT) -> str:
        """Type ``text`` and Enter; the output up to the next prompt."""
        self.send(text + "\r")
        return self.wait_prompt(timeout)


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("shell")
    command = _command()
    child = pexpect.spawn(
        command[0],
        [*command[1:], "--master", "local[2]"],
        env=_env(tmp_path),
        encoding="utf-8",
        dimensions=(50, 200),
        timeout=QUERY_TIMEOUT,
        cwd=str(tmp_path),
    )
    driver = ShellDriver(child)
    driver.banner = driver.wait_prompt(START_TIMEOUT)
    driver.history = tmp_path / "history"
    yield driver
    if child.isalive():
        child.terminate(force=True)


def test_starts_on_the_sample_graph(shell):
    assert "Working graph: session.sample" in shell.banner
    assert shell.graph == "sample"


def test_multi_line_query(shell):
    shell.send("MATCH (p:Person)\r")
    shell.send("WHERE p.age > 40\r")
    output = shell.run("RETURN p.name AS name, p.age AS age ORDER BY age DESC;")
    rows = [line.split() for line in output.splitlines() if "'" in line and "RETURN" not in line]
    assert rows == [["'Frank'", "52"], ["'Ivan'", "45"], ["'Carol'", "41"]]
    assert re.search(r"\(3 rows, [\d.]+ s\)", output)


def test_error_then_recovery(shell):
    output = shell.run("MATCH (p:Person RETURN p.name;")
    assert "SyntaxError" in output and "line 1, column 17" in output
    caret_line = output.splitlines()[
        output.splitlines().index("  MATCH (p:Person RETURN p.name") + 1
    ]
    assert caret_line.rstrip() == " " * 18 + "^"
    assert "Traceback" not in output
    output = shell.run("MATCH (p:Person) RETURN count(*) AS people;")
    assert "12" in output and "(1 row" in output
    output = shell.run("MATCH (p:Persn) RETURN p;")  # not an error: a hint
    assert "(0 rows" in output and "Note: the graph has no label :Persn" in output


def test_runtime_error_is_one_message(shell):
    output = shell.run("RETURN 1 / 0 AS x;")
    assert "by zero" in output
    assert "Traceback" not in output and "at org.apache" not in output


def test_completion_of_a_label(shell):
    shell.send("MATCH (p:Per")
    shell.send("\t")
    # A dumb terminal echoes the character before the cursor after each change: the 'n' of
    # the completed 'Person' shows that the completion is in before typing on.
    shell.child.expect_exact("p:Pern", timeout=60)
    output = shell.run(") RETURN count(p) AS completed;")
    assert "12" in output.split("completed", 2)[-1]  # 0 had the label stayed 'Per'


def test_use_and_schema(shell):
    output = shell.run(":schema")
    assert ":Person {age: INTEGER, city: STRING, id: INTEGER, name: STRING}" in output
    assert ":KNOWS {id: INTEGER, since: INTEGER}" in output
    output = shell.run(":use scratch")
    assert shell.graph == "scratch" and "Working graph: session.scratch" in output
    output = shell.run("CREATE (:City {name: 'Oslo', population: 709000});")
    assert "Nodes created: 1" in output
    output = shell.run(":schema")
    assert ":City {name: STRING, population: INTEGER}" in output and "Person" not in output
    output = shell.run(":graphs")
    assert "* session.scratch" in output and "  session.sample" in output
    output = shell.run(":use nowhere")
    assert "no graph named 'nowhere'" in output and shell.graph == "scratch"
    shell.run(":use sample")
    assert shell.graph == "sample"


def test_parameters_formats_and_explain(shell):
    shell.run(":params {minAge: 44}")
    output = shell.run(":format csv")
    assert "Output format: csv" in output
    output = shell.run(
        "MATCH (p:Person) WHERE p.age > $minAge RETURN p.name AS name ORDER BY name;"
    )
    assert "name\r\nFrank\r\nIvan\r\n" in output
    shell.run(":format json")
    output = shell.run("MATCH (p:Person {name: 'Ivan'}) RETURN p.age AS age;")
    assert json.loads(output[output.index("[\r\n") :]) == [{"age": 45}]
    shell.run(":format table")
    output = shell.run(":explain MATCH (p:Person) WHERE p.age > $minAge RETURN p.name")
    assert "Logical plan:" in output and "Spark physical plan:" in output


def test_cypher_shell_param_and_profile(shell):
    output = shell.run(":param limitAge => 40 + 4")
    assert "$limitAge = 44" in output
    shell.run(":format plain")
    output = shell.run(
        "PROFILE MATCH (p:Person) WHERE p.age > $limitAge RETURN p.name AS name ORDER BY name;"
    )
    assert "name\r\n'Frank'\r\n'Ivan'\r\n" in output
    assert "Spark executed plan (rows and times as it ran):" in output and "rows=" in output
    output = shell.run("EXPLAIN MATCH (p:Person) RETURN p.name;")
    assert "Logical plan:" in output and "Spark physical plan:" in output
    assert "expected a parameter as 'name => value'" in shell.run(":param age = 3")
    shell.run(":format table")


def test_ctrl_c_cancels_a_long_query_and_the_shell_goes_on(shell):
    shell.send(LONG_QUERY + "\r")
    shell.child.expect(["running", "stages"], timeout=QUERY_TIMEOUT)  # the progress line
    time.sleep(2)
    started = time.monotonic()
    shell.child.sendintr()
    shell.child.expect("Query cancelled after", timeout=QUERY_TIMEOUT)
    assert time.monotonic() - started < 60
    shell.wait_prompt()
    output = shell.run("RETURN 'still here' AS status;")
    assert "'still here'" in output.split("status", 2)[-1]


def test_ctrl_c_at_the_prompt_drops_the_input(shell):
    shell.send("MATCH (n) RETURN")
    shell.send("\x03")
    shell.wait_prompt()
    output = shell.run("RETURN 7 AS seven;")
    assert "(1 row" in output and "SyntaxError" not in output


def test_ctrl_d_leaves_and_history_persists(shell):
    shell.send("\x04")
    shell.child.expect(pexpect.EOF, timeout=60)
    shell.child.close()
    assert shell.child.exitstatus == 0
    assert "MATCH (p:Person)\n+WHERE p.age > 40" in shell.history.read_text()

