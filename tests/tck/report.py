"""Recording scenario outcomes and summarising them per TCK area.

Outcomes: ``passed``, ``failed`` (including errors in fixtures), ``xfailed`` (listed in
expected_failures.txt and failing), ``xpassed`` (listed but passing: the list is stale) and
``skipped``. After a run two JSON files are written to the reports directory:

* ``tck-results.json``: every scenario's outcome and failure message;
* ``tck-summary.json``: per area (feature folder, e.g. ``clauses/match``) and in total,
  the counts passed / failed / expected_failures / now_passing / skipped / total.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .expectations import natural_key

OUTCOMES = ("passed", "failed", "xfailed", "xpassed", "skipped")
RESULTS_FILE = "tck-results.json"
SUMMARY_FILE = "tck-summary.json"


@dataclass
class ScenarioResult:
    area: str
    outcome: str
    message: str = ""


@dataclass
class Recorder:
    """Collects outcomes during a pytest run (one instance per run)."""

    tck_dir: str = ""
    filter: str | None = None
    results: dict[str, ScenarioResult] = field(default_factory=dict)

    def record(self, scenario_id: str, area: str, outcome: str, message: str = "") -> None:
        assert outcome in OUTCOMES, outcome
        previous = self.results.get(scenario_id)
        # A test reports setup, call and teardown: the first non-pass outcome wins, so a
        # teardown error after a passing call still counts as a failure.
        if previous is not None and previous.outcome != "passed":
            return
        self.results[scenario_id] = ScenarioResult(area, outcome, message[:2000])

    def summary(self) -> dict:
        areas: dict[str, dict[str, int]] = {}
        for result in self.results.values():
            counts = areas.setdefault(result.area, _zero_counts())
            _count(counts, result.outcome)
        totals = _zero_counts()
        for counts in areas.values():
            for key, value in counts.items():
                totals[key] += value
        return {"areas": dict(sorted(areas.items())), "totals": totals}

    def now_passing(self) -> list[str]:
        return sorted(
            (i for i, r in self.results.items() if r.outcome == "xpassed"), key=natural_key
        )

    def write(self, report_dir: Path) -> None:
        report_dir.mkdir(parents=True, exist_ok=True)
        results = {
            "tck_dir": self.tck_dir,
            "filter": self.filter,
            # Only a run over every scenario may drop list entries it did not see.
            "complete": self.filter is None,
            "scenarios": {
                i: asdict(self.results[i]) for i in sorted(self.results, key=natural_key)
            },
        }
        (report_dir / RESULTS_FILE).write_text(json.dumps(results, indent=1) + "\n")
        (report_dir / SUMMARY_FILE).write_text(json.dumps(self.summary(), indent=1) + "\n")


def _zero_counts() -> dict[str, int]:
    keys = ("passed", "failed", "expected_failures", "now_passing", "skipped", "total")
    return dict.fromkeys(keys, 0)


def _count(counts: dict[str, int], outcome: str) -> None:
    counts["total"] += 1
    if outcome == "xfailed":
        counts["expected_failures"] += 1
    elif outcome == "xpassed":
        # It passed: count it as such, and separately flag the stale list entry.
        counts["passed"] += 1
        counts["now_passing"] += 1
    else:
        counts[outcome] += 1


def render_summary(summary: dict) -> list[str]:
    """The summary as text lines of a fixed-width table."""
    header = ("area", "passed", "failed", "xfail", "now passing", "skipped", "total")
    keys = ("passed", "failed", "expected_failures", "now_passing", "skipped", "total")
    rows = [(area, *(str(c[k]) for k in keys)) for area, c in summary["areas"].items()]
    rows.append(("TOTAL", *(str(summary["totals"][k]) for k in keys)))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        first = row[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))])

    rule = "-" * len(fmt(header))
    return [fmt(header), rule, *(fmt(r) for r in rows[:-1]), rule, fmt(rows[-1])]
