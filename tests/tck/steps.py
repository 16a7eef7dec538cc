"""Executing a TCK scenario's steps against the engine.

Engine contract used here (see the harness README section in ``conftest.py``):

* ``session.empty_graph()`` and ``session.create_graph(script, parameters=None, base=None)``
  return graphs; ``graph.cypher(query, parameters)`` returns a result whose
  ``records.collect()`` gives dicts and ``records.columns`` the column names, plus
  ``.graph`` (the updated graph, or None) and ``.counters``;
* errors are ``graphframe_cypher.errors.CypherError`` with ``error_type``, ``code`` and
  ``phase``; as execution is lazy they may surface only from ``collect()``.

A scenario failing its expectations raises :class:`TckFailure`; any other exception (an
engine bug) propagates unchanged so pytest shows its traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphframe_cypher.errors import COMPILE_TIME, CypherError

from .comparison import compare_result
from .failures import TckFailure, TckUnsupported
from .features import Scenario, Step
from .graph_state import diff, measure
from .tck_values import parse_value

# TCK side-effect keys -> counter attributes of ``result.counters``.
SIDE_EFFECT_COUNTERS = {
    "+nodes": "nodes_created",
    "-nodes": "nodes_deleted",
    "+relationships": "relationships_created",
    "-relationships": "relationships_deleted",
    "+labels": "labels_added",
    "-labels": "labels_removed",
    "+properties": "properties_set",
    "-properties": "properties_removed",
}


@dataclass
class Outcome:
    """What one query did: either a collected result or a Cypher error."""

    columns: list[str] | None = None
    records: list[dict[str, Any]] | None = None
    result: Any = None  # the engine's result object, for its graph and counters
    error: CypherError | None = None
    error_checked: bool = False  # set once a step has looked at the error
    before: Any = None  # the graph the query ran on

    @property
    def graph(self) -> Any:
        return getattr(self.result, "graph", None)

    def counters(self) -> Any:
        """Read only when a side-effect step asks: engines may count lazily (Spark jobs).
        None when the query failed."""
        return getattr(self.result, "counters", None) if self.error is None else None


def execute(graph: Any, query: str, parameters: Mapping[str, Any]) -> Outcome:
    """Run a query and collect it at once, so lazily detected errors surface here."""
    try:
        result = graph.cypher(query, dict(parameters) if parameters else None)
        records = list(result.records.collect())
        columns = result.records.columns
        columns = list(columns() if callable(columns) else columns)
    except CypherError as error:
        return Outcome(error=error)
    return Outcome(columns, records, result)


class ScenarioRunner:
    """Runs one scenario's steps in order; a fresh runner per scenario keeps them isolated."""

    def __init__(self, session: Any, graphs_dir: Path):
        self.session = session
        self.graphs_dir = graphs_dir
        self.graph: Any = None
        self.parameters: dict[str, Any] = {}
        self.outcome: Outcome | None = None  # of the latest query (control queries too)
        self.effects: Outcome | None = None  # of the latest "executing query"
        self.procedures: list[str] = []
        self.outcomes: list[Outcome] = []
        self.current_step: Step | None = None
        self.last_query: str | None = None
        self._steps: list[tuple[re.Pattern[str], Callable[..., None]]] = [
            (re.compile(r"^(an empty|any) graph$"), self.given_empty),
            (re.compile(r"^the (\S+) graph$"), self.given_named),
            (re.compile(r"^having executed:?$"), self.having_executed),
            (re.compile(r"^parameters are:?$"), self.parameters_are),
            (re.compile(r"^there exists a procedure (.+?)\s*:?$"), self.procedure),
            (re.compile(r"^executing (control )?query:?$"), self.executing),
            (re.compile(r"^the result should be empty$"), self.result_empty),
            (re.compile(r"^the result should be(.*):$"), self.result_table),
            (
                re.compile(
                    r"^an? (\w+) should be raised at (compile time|runtime|any time)"
                    r":\s*(\S*)$"
                ),
                self.error_raised,
            ),
            (re.compile(r"^the side effects should be:?$"), self.side_effects),
            (re.compile(r"^no side effects$"), self.no_side_effects),
        ]

    def run(self, scenario: Scenario) -> None:
        try:
            for step in scenario.steps:
                self.current_step = step
                self.run_step(step)
            self._check_no_unexamined_error()
        finally:
            self._drop_procedures()

    def _check_no_unexamined_error(self) -> None:
        """A query error that no result or error step looked at must not go unnoticed
        (e.g. a scenario checking only side effects, which read as 0 for a failed query)."""
        for outcome in self.outcomes:
            if outcome.error is not None and not outcome.error_checked:
                self.current_step = None
                raise _as_failure(outcome.error, "a query failed and no step expected it")

    def context(self) -> str:
        """Where a scenario failed: the step and the latest query, for failure messages."""
        lines = []
        if self.current_step is not None:
            lines.append(f"step: {self.current_step.text}")
        if self.last_query is not None:
            lines.append("query:\n" + "\n".join("  " + q for q in self.last_query.splitlines()))
        return "\n".join(lines)

    def run_step(self, step: Step) -> None:
        for pattern, handler in self._steps:
            match = pattern.match(step.text)
            if match:
                handler(step, *match.groups())
                return
        raise TckFailure(f"unknown TCK step: {step.text!r}")

    # -- Given ----------------------------------------------------------------------

    def current_graph(self) -> Any:
        if self.graph is None:
            self.graph = self.session.empty_graph()
        return self.graph

    def given_empty(self, step: Step, _kind: str) -> None:
        self.graph = self.session.empty_graph()

    def given_named(self, step: Step, name: str) -> None:
        script = self.graphs_dir / name / f"{name}.cypher"
        if not script.is_file():
            raise TckFailure(f"TCK graph {name!r} not found at {script}")
        self.graph = self._setup(script.read_text(encoding="utf-8"), base=None)

    def having_executed(self, step: Step) -> None:
        self.graph = self._setup(step.doc_string or "", base=self.current_graph())

    def _setup(self, script: str, base: Any) -> Any:
        try:
            return self.session.create_graph(script, base=base)
        except CypherError as error:
            raise _as_failure(error, "setup query failed") from error

    def parameters_are(self, step: Step) -> None:
        for row in step.table or ():
            if len(row) != 2:
                raise TckFailure(f"parameter rows have two cells (name | value), got {row}")
            self.parameters[row[0]] = parse_value(row[1])

    def procedure(self, step: Step, signature: str) -> None:
        register = getattr(self.session, "register_procedure", None)
        if register is None:
            raise TckUnsupported("unsupported: the engine has no session.register_procedure")
        table = step.table or ((),)
        header = list(table[0])
        rows = [dict(zip(header, map(parse_value, r), strict=True)) for r in table[1:]]
        register(signature, rows)
        self.procedures.append(signature.split("(", 1)[0].strip())

    def _drop_procedures(self) -> None:
        # Procedures live on the shared session: remove them so they cannot leak into a
        # later scenario (only possible if the engine offers a way to).
        unregister = getattr(self.session, "unregister_procedure", None)
        if unregister is not None:
            for name in self.procedures:
                unregister(name)

    # -- When -----------------------------------------------------------------------

    def executing(self, step: Step, control: str | None) -> None:
        self.last_query = step.doc_string or ""
        outcome = execute(self.current_graph(), self.last_query, self.parameters)
        outcome.before = self.current_graph()
        self.outcome = outcome
        self.outcomes.append(outcome)
        if control:
            return
        self.effects = outcome
        # Later steps (control queries) see the graph the updating query produced.
        if outcome.graph is not None:
            self.graph = outcome.graph

    # -- Then -----------------------------------------------------------------------

    def _result(self) -> Outcome:
        if self.outcome is None:
            raise TckFailure("no query was executed before the result step")
        if self.outcome.error is not None:
            self.outcome.error_checked = True
            raise _as_failure(self.outcome.error, "expected a result, but the query failed")
        return self.outcome

    def result_empty(self, step: Step) -> None:
        outcome = self._result()
        if outcome.records:
            raise TckFailure(f"expected no rows, got {len(outcome.records)}: {outcome.records!r}")

    def result_table(self, step: Step, how: str) -> None:
        outcome = self._result()
        compare_result(
            step.table or (),
            outcome.columns or [],
            outcome.records or [],
            # Only "in order" is ordered: "in any order" and the bare
            # "(ignoring element order for lists)" form compare multisets of rows.
            ordered="in order" in how and "in any order" not in how,
            ignore_list_order="ignoring element order for lists" in how,
        )

    def error_raised(self, step: Step, error_type: str, phase: str, code: str) -> None:
        if self.outcome is None:
            raise TckFailure("no query was executed before the error step")
        error = self.outcome.error
        self.outcome.error_checked = True
        expected = f"{error_type} ({code or '*'}) at {phase}"
        if error is None:
            raise TckFailure(f"expected {expected}, but the query succeeded")
        if error.error_type == "UnsupportedFeature":
            raise _as_failure(error, f"expected {expected}")
        got = f"{error} [at {error.phase}]"
        if error.error_type != error_type or code not in ("", "*", error.code):
            raise TckFailure(f"expected {expected}, got {got}")
        # "runtime" also accepts an error detected earlier: engines may check statically.
        if phase == COMPILE_TIME and error.phase != COMPILE_TIME:
            raise TckFailure(f"expected {expected}, got {got}")

    def side_effects(self, step: Step) -> None:
        expected = {}
        for row in step.table or ():
            if len(row) != 2 or row[0] not in SIDE_EFFECT_COUNTERS:
                raise TckFailure(f"unknown side effect row {row}")
            expected[row[0]] = int(row[1])
        self._check_counters(expected)

    def no_side_effects(self, step: Step) -> None:
        self._check_counters({})

    def _check_counters(self, expected: Mapping[str, int]) -> None:
        """Every side effect must equal its expected value; unlisted ones must be 0.

        The engine's counters are checked first (cheap); if they disagree, the TCK's own
        definition (a diff of graph states, see graph_state.py) decides."""
        try:
            counters = self.effects.counters() if self.effects is not None else None
        except CypherError as error:
            raise _as_failure(error, "reading the side-effect counters failed") from error
        wrong = _mismatches(
            expected, {k: _counter(counters, a) for k, a in SIDE_EFFECT_COUNTERS.items()}
        )
        if not wrong:
            return
        measured, note = self._measured_side_effects()
        if measured is not None and not _mismatches(expected, measured):
            return
        if measured is not None:
            note = "graph-state diff: " + "; ".join(_mismatches(expected, measured))
        raise TckFailure("side effects differ: " + "; ".join(wrong) + f"\n({note})")

    def _measured_side_effects(self) -> tuple[dict[str, int] | None, str]:
        """The TCK's graph-state diff over the latest main query, or None and why not."""
        effects = self.effects
        if effects is None or effects.error is not None or effects.before is None:
            return None, "no graph-state diff: the query did not run"
        try:
            before = measure(effects.before)
            after = measure(effects.graph) if effects.graph is not None else before
        except Exception as error:  # noqa: BLE001 - a fallback: report, don't mask the mismatch
            return None, f"no graph-state diff: {type(error).__name__}: {error}"
        return diff(before, after), ""


def _mismatches(expected: Mapping[str, int], actual: Mapping[str, int]) -> list[str]:
    return [
        f"{key}: expected {expected.get(key, 0)}, got {actual.get(key, 0)}"
        for key in SIDE_EFFECT_COUNTERS
        if actual.get(key, 0) != expected.get(key, 0)
    ]


def _counter(counters: Any, attribute: str) -> int:
    """A counter's value; absent counters (read queries, failed queries) count as 0."""
    if counters is None:
        return 0
    if isinstance(counters, Mapping):
        return int(counters.get(attribute, 0))
    return int(getattr(counters, attribute, 0) or 0)


def _as_failure(error: CypherError, context: str) -> TckFailure:
    # str(error) starts with the error type and code, e.g. "SyntaxError (UndefinedVariable)".
    if error.error_type == "UnsupportedFeature":
        return TckUnsupported(f"{context}: {error}")
    return TckFailure(f"{context}: {error}")
