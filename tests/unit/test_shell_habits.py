"""cypher-shell habits without Spark: parameter assignments, EXPLAIN/PROFILE prefixes,
the plain and auto formats, the command line's new options."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from graphframe_cypher.cli import build_parser
from graphframe_cypher.shell.habits import (
    ParameterSyntaxError,
    parse_assignment,
    plan_prefix,
    resolve_format,
)
from graphframe_cypher.shell.rendering import render
from graphframe_cypher.values import Node


@pytest.mark.parametrize(
    "text, expected",
    [
        ("age => 42", ("age", "42")),
        ("  name=>'Bob' ", ("name", "'Bob'")),
        ("`odd name` => [1, 2]", ("odd name", "[1, 2]")),
        ("m => {a: 1,\n b: $x}", ("m", "{a: 1,\n b: $x}")),
    ],
)
def test_parameter_assignments(text, expected):
    assert parse_assignment(text) == expected


@pytest.mark.parametrize("text", ["age = 42", "=> 1", "age =>", "1x => 2"])
def test_bad_parameter_assignments_say_the_form(text):
    with pytest.raises(ParameterSyntaxError, match="'name => value'"):
        parse_assignment(text)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("EXPLAIN MATCH (n) RETURN n", ("EXPLAIN", "MATCH (n) RETURN n")),
        ("  profile\nRETURN 1", ("PROFILE", "RETURN 1")),
        ("// why\nPROFILE RETURN 1", ("PROFILE", "RETURN 1")),
        ("RETURN 1 AS explain", (None, "RETURN 1 AS explain")),
        ("EXPLAINED", (None, "EXPLAINED")),
        ("EXPLAIN", (None, "EXPLAIN")),
    ],
)
def test_plan_prefixes(query, expected):
    assert plan_prefix(query) == expected


def test_plain_and_auto_formats():
    out = io.StringIO()
    render(["n", "name"], [[Node(1, ["A"], {"x": 1}), "Ann"], [None, "it's"]], "plain", out)
    assert out.getvalue() == "n, name\n(:A {x: 1}), 'Ann'\nnull, 'it\\'s'\n"
    assert resolve_format("auto", io.StringIO()) == "plain"
    assert resolve_format("csv", io.StringIO()) == "csv"


def test_command_line_options():
    args = build_parser().parse_args(["-e", "RETURN $a", "-P", "a => 1", "--param", "b => 2"])
    assert args.param == ["a => 1", "b => 2"] and args.fail_at_end is False
    assert build_parser().parse_args(["-f", "x", "--fail-at-end"]).fail_at_end is True
    assert build_parser().parse_args(["--format", "auto"]).format == "auto"


def test_version_and_python_dash_m():
    proc = subprocess.run(
        [sys.executable, "-m", "graphframe_cypher", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "graphframe-cypher 0.1.0"


def test_tables_align_wide_characters_and_cut_long_cells():
    out = io.StringIO()
    rows = [["東京タワー" * 8, "x"], ["ab", "東京"]]
    render(["name", "city"], rows, "table", out, max_cell_width=20)
    from rich.cells import cell_len

    first, second = [line for line in out.getvalue().splitlines() if "'" in line]
    # the second column starts at the same terminal cell in both rows
    assert cell_len(first[: first.index("'x'")]) == cell_len(second[: second.index("'東京'")])
    assert "…" in first and cell_len(first.split("'x'")[0].strip()) == 20
