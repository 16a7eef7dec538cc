"""Every example script runs (in this process, on the test run's Spark session, which is
Hive-enabled) and prints its result tables; the Hive + Graph DDL examples print the expected
answers."""

from __future__ import annotations

import importlib.util
import itertools
import re
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = sorted(p for p in EXAMPLES.glob("*.py") if p.stem != "example_support")


def load(path: Path):
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))  # the scripts import example_support
    spec = importlib.util.spec_from_file_location(f"example_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_example_is_covered():
    assert {p.stem for p in SCRIPTS} >= {
        "demo",
        "recommendation",
        "catalog_view",
        "customer_interactions",
        "customer360",
        "ldbc_social",
    }


def table_rows(output: str, title: str) -> list[list[str]]:
    """The cells of the rows (header left out) of the table printed under ``== title``."""
    section = output.split(f"== {title}\n", 1)[1].split("\n== ", 1)[0]
    lines = section.splitlines()
    # records.show() prints a rich table: a header, a rule of '━', the rows, a blank line;
    # cells are padded apart by two spaces or more
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("━")) + 1
    rows = itertools.takewhile(str.strip, lines[start:])
    return [re.split(r"\s{2,}", line.strip()) for line in rows]


def _shown_as(cell: str, value: str) -> bool:
    """Whether a printed cell shows ``value`` (a long one is cut with an ellipsis)."""
    return cell == value or (cell.endswith("…") and value.startswith(cell[:-1]))


# Key answers of the Hive + Graph DDL examples: (table title, row index, cells).
EXPECTED_ROWS = {
    "customer360": [
        ("Interactions by type", 4, ["'cancel'", "202"]),
        ("Interactions by type", 5, ["'complaint'", "170"]),
        (
            "The customers with the most cancellations and complaints",
            0,
            ["'Alyce Carwile'", "'Q6EN33AK42D'", "4", "4", "8"],
        ),
        (
            "The reps with the most cancellations and complaints",
            0,
            ["'Etalle, Danco'", "10865", "8", "5", "13"],
        ),
        ("The stored graph's interactions", 0, ["'cancel'", "202", "202", "202"]),
        ("The stored graph's interactions", 1, ["'complaint'", "170", "170", "170"]),
        (
            "Reps who had problems with the same customer more than once",
            0,
            ["'Leivant, Jianhua'", "'Joellen Oelschlager'", "4", "2"],
        ),
        (
            "Policies with more than one problem",
            0,
            ["'0660 810 9012-36'", "'Joellen Oelschlager'", "4"],
        ),
    ],
    "ldbc_social": [
        (
            "The person, their city and friends",
            0,
            ["6597069766733", "'Karl Fischer'", "'Ludwigsburg'", "24"],
        ),
        (
            "Friends of friends (neither the person nor a friend), by mutual friends",
            0,
            ["'Alim Guliyev'", "'Baku'", "8"],
        ),
        ("The tags of the friends of friends' posts", 0, ["'Andy_Ram'", "18", "12"]),
        (
            "The latest replies to the person's messages (posts and comments)",
            0,
            ["'2012-08-31T11:12:50.304+0000'", "'Gayatri Reddy'", "'comment'"],
        ),
        (
            "The longest reply chains (comments replying to comments, down to a post)",
            0,
            ["1030792159500", "'Rahul Khan'", "5", "16"],
        ),
    ],
}
EXPECTED_LINES = {
    "customer360": [
        "Saved the table above to the Hive table customers.top_problem_customers (10 rows).",
        "Stored the graph as fs.problems under ",
        "  :Interaction {date: STRING, interactionId: INTEGER, outcomeScore: STRING, type: STRING}",
    ],
    "ldbc_social": ["  :Message:Post {", "  :Comment:Message {", "  :KNOWS {creationDate: STRING}"],
}


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_example_runs_and_prints_tables(script, spark, capsys):
    from graphframe_cypher import CypherSession

    module = load(script)
    assert module.main(CypherSession(spark)) == 0
    output = capsys.readouterr().out
    assert "rows)" in output or "(1 row)" in output
    assert "Error" not in output
    for title, index, cells in EXPECTED_ROWS.get(script.stem, []):
        rows = table_rows(output, title)
        assert len(rows) > index, f"{title}: {rows}"
        row = rows[index]
        assert len(row) >= len(cells) and all(map(_shown_as, row, cells)), f"{title}: {rows}"
    for line in EXPECTED_LINES.get(script.stem, []):
        assert line in output
