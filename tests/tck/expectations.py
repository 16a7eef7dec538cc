"""The checked-in list of scenarios expected to fail (``expected_failures.txt``).

Format: one scenario id per line, optionally followed by `` # reason``; blank lines and
lines starting with ``#`` are comments. Ids themselves may contain ``#`` (outline rows end
in ``#3``) but never `` # `` with spaces around it, which is why that separates the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

EXPECTED_FAILURES_FILE = Path(__file__).with_name("expected_failures.txt")
ENGINES = ("spark", "duckdb")


def expected_failures_file(engine: str = "spark") -> Path:
    """Each engine has its own list: ``expected_failures.txt`` for Spark,
    ``expected_failures_<engine>.txt`` for the others."""
    if engine not in ENGINES:
        raise ValueError(f"unknown TCK engine {engine!r} (one of {', '.join(ENGINES)})")
    if engine == "spark":
        return EXPECTED_FAILURES_FILE
    return EXPECTED_FAILURES_FILE.with_name(f"expected_failures_{engine}.txt")

HEADER = """\
# openCypher TCK scenarios that are expected to fail (pytest reports them as xfail).
#
# One scenario id per line, as shown in pytest ids and reports/tck-results.json, e.g.
#   clauses/match/Match1.feature:[1] Match non-existent nodes returns empty
#   clauses/call/Call5.feature:[3] The order of yield items is irrelevant#2
# optionally followed by " # reason". Lines starting with "#" are comments.
#
# An unlisted scenario that fails is a test failure. A listed scenario that passes is
# reported as "now passes, remove it from the list" (a failure with --tck-strict-xpass).
# Regenerate after a full run with: python tests/tck/update_expected_failures.py
"""

REASON_SEPARATOR = " # "


def natural_key(scenario_id: str) -> list[object]:
    """Sort key putting ``[2]`` before ``[10]`` and ``#2`` before ``#10``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", scenario_id)]


class ExpectedFailures(dict[str, str]):
    """Scenario id -> reason; a short repr because pytest prints it in tracebacks."""

    def __repr__(self) -> str:
        return f"<{len(self)} expected TCK failures>"


def load_expected_failures(path: Path = EXPECTED_FAILURES_FILE) -> ExpectedFailures:
    """Scenario id -> reason ('' when none is given). A missing file lists nothing."""
    entries = ExpectedFailures()
    if not path.is_file():
        return entries
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        scenario_id, _, reason = line.partition(REASON_SEPARATOR)
        entries[scenario_id.strip()] = reason.strip()
    return entries


def render_expected_failures(entries: Mapping[str, str]) -> str:
    """The file's text for ``entries`` (sorted by id, so regenerating gives small diffs)."""
    lines = [HEADER]
    for scenario_id in sorted(entries, key=natural_key):
        reason = " ".join(entries[scenario_id].split())  # one line, whatever the message
        lines.append(scenario_id + (REASON_SEPARATOR + reason if reason else ""))
    return "\n".join(lines) + "\n"
