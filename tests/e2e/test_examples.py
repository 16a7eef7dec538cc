"""Every example script runs (in this process, on the test run's Spark session) and prints
its result tables."""

from __future__ import annotations

import importlib.util
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
    }


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_example_runs_and_prints_tables(script, spark, capsys):
    from graphframe_cypher import CypherSession

    module = load(script)
    assert module.main(CypherSession(spark)) == 0
    output = capsys.readouterr().out
    assert "rows)" in output or "(1 row)" in output
    assert "Error" not in output
