"""Regenerate tests/tck/expected_failures.txt from the last TCK run's results.

For developers after a TCK run (``pytest tests/tck``), never for CI:

    python tests/tck/update_expected_failures.py [--results reports/tck-results.json]
                                                 [--list tests/tck/expected_failures.txt]
                                                 [--prune] [--engine duckdb]

Failing scenarios (failed or xfailed) are listed, passing ones (passed, or listed but now
passing) removed; a listed scenario keeps its reason, a new one gets the first line of its
failure message. Entries for scenarios the run did not execute (filtered, skipped) are kept,
unless --prune is given after a full run (then entries for scenarios that no longer exist
are dropped too). ``--engine duckdb`` reads ``reports/duckdb/tck-results.json`` and
rewrites ``expected_failures_duckdb.txt`` (the DuckDB engine's run: CYPHER_TCK_ENGINE=duckdb).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

try:
    from .expectations import (
        ENGINES,
        expected_failures_file,
        load_expected_failures,
        render_expected_failures,
    )
except ImportError:  # run as a script: its own folder is sys.path[0]
    from expectations import (  # type: ignore[no-redef]
        ENGINES,
        expected_failures_file,
        load_expected_failures,
        render_expected_failures,
    )

HERE = Path(__file__).resolve().parent

FAILING = ("failed", "xfailed")
PASSING = ("passed", "xpassed")


def updated_entries(old: dict[str, str], scenarios: dict[str, dict], prune: bool) -> dict[str, str]:
    """The new list: failing scenarios, plus old entries the run says nothing about."""
    new = {} if prune else {i: r for i, r in old.items() if i not in scenarios}
    for scenario_id, result in scenarios.items():
        outcome = result.get("outcome")
        if outcome in FAILING:
            new[scenario_id] = old.get(scenario_id) or _reason(result.get("message", ""))
        elif outcome not in PASSING and scenario_id in old:
            new[scenario_id] = old[scenario_id]  # skipped: no news, keep the entry
    return new


def _reason(message: str) -> str:
    lines = message.strip().splitlines()
    first = lines[0] if lines else ""
    return first[:200]


def main(argv: list[str] | None = None) -> int:
    repo = HERE.parents[1]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=ENGINES, default="spark")
    parser.add_argument("--results", type=Path, default=None)
    parser.add_argument("--list", type=Path, default=None)
    parser.add_argument(
        "--prune", action="store_true", help="drop entries for scenarios not in the results"
    )
    args = parser.parse_args(argv)
    reports = repo / "reports" if args.engine == "spark" else repo / "reports" / args.engine
    args.results = args.results or reports / "tck-results.json"
    args.list = args.list or expected_failures_file(args.engine)

    if not args.results.is_file():
        print(f"no results at {args.results}: run pytest tests/tck first", file=sys.stderr)
        return 1
    data = json.loads(args.results.read_text(encoding="utf-8"))
    if args.prune and not data.get("complete", False):
        print("refusing --prune: the last run was filtered", file=sys.stderr)
        return 1
    old = load_expected_failures(args.list)
    new = updated_entries(old, data.get("scenarios", {}), args.prune)
    args.list.write_text(render_expected_failures(new), encoding="utf-8")
    added, removed = len(new.keys() - old.keys()), len(old.keys() - new.keys())
    print(f"{args.list}: {len(new)} expected failures (+{added}, -{removed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
