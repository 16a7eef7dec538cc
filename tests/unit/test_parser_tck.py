"""Every query of the openCypher TCK through the parser.

Extracts the queries of all feature files (steps "executing query:", "having executed:",
"executing control query:", with Scenario Outline placeholders substituted from their Examples
tables) and checks that

* every query that is not expected to fail with a SyntaxError parses;
* every query expected to fail with a *pure syntax* SyntaxError (UnexpectedSyntax,
  InvalidNumberLiteral, IntegerOverflow, FloatingPointOverflow, InvalidUnicodeLiteral) raises
  CypherSyntaxError with that code. Other SyntaxError codes (UndefinedVariable, ...) belong to
  semantic analysis: those queries must parse.

It also checks, for scenarios with a result table, that the names of the final RETURN's
columns (ReturnItem.name: the alias or the expression's source text) are the table's header.

Skipped when the TCK directory is missing (``$CYPHER_TCK_DIR`` or ``shared/tck``).
"""

from __future__ import annotations

import os
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from graphframe_cypher import ast as A
from graphframe_cypher.errors import CypherSyntaxError
from graphframe_cypher.parser import parse

QUERY_STEPS = ("executing query:", "having executed:", "executing control query:")
_SYNTAX_ERROR = re.compile(r"a SyntaxError should be raised at compile time: (\w+)")
_PLACEHOLDER = re.compile(r"<([^<>\s]+)>")


@dataclass(frozen=True)
class TckQuery:
    feature: str  # path relative to the features directory
    scenario: str
    example: int | None  # row number within a Scenario Outline's examples
    step: str  # the step keyword text, e.g. "executing query:"
    query: str
    syntax_error: str | None  # expected SyntaxError detail for this query's scenario

    @property
    def id(self) -> str:
        ex = f"#{self.example}" if self.example is not None else ""
        return f"{self.feature}:{self.scenario}{ex}"


def tck_features_dir() -> Path | None:
    candidates = []
    env = os.environ.get("CYPHER_TCK_DIR")
    if env:
        candidates.append(Path(env) / "features")
        candidates.append(Path(env))
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidates.append(parent / "shared" / "tck" / "features")
        candidates.append(parent.parent / "shared" / "tck" / "features")
    candidates.append(Path("/work/shared/tck/features"))
    for c in candidates:
        if c.is_dir() and any(c.rglob("*.feature")):
            return c
    return None


def _children(feature):
    for child in feature.get("children", []):
        if "scenario" in child:
            yield child["scenario"]
        elif "rule" in child:
            for sub in child["rule"].get("children", []):
                if "scenario" in sub:
                    yield sub["scenario"]


def _examples(scenario):
    """Yield (row number, {placeholder: value}) — one empty binding for plain scenarios."""
    tables = scenario.get("examples") or []
    if not tables:
        yield None, {}
        return
    n = 0
    for table in tables:
        header = [c["value"] for c in table["tableHeader"]["cells"]]
        for row in table.get("tableBody", []):
            n += 1
            yield n, dict(zip(header, (c["value"] for c in row["cells"]), strict=False))


def _substitute(text: str, binding: dict) -> str:
    if not binding:
        return text
    return _PLACEHOLDER.sub(lambda m: binding.get(m.group(1), m.group(0)), text)


def load_tck_queries(features_dir: Path) -> list[TckQuery]:
    from gherkin.parser import Parser

    parser = Parser()
    out: list[TckQuery] = []
    for path in sorted(features_dir.rglob("*.feature")):
        doc = parser.parse(path.read_text(encoding="utf-8"))
        feature = doc.get("feature") or {}
        rel = str(path.relative_to(features_dir))
        for scenario in _children(feature):
            steps = scenario.get("steps", [])
            for example, binding in _examples(scenario):
                expected = None
                for step in steps:
                    m = _SYNTAX_ERROR.search(_substitute(step["text"], binding))
                    if m:
                        expected = m.group(1)
                for step in steps:
                    text = step["text"].strip()
                    if text in QUERY_STEPS and step.get("docString"):
                        query = _substitute(step["docString"]["content"], binding)
                        out.append(
                            TckQuery(
                                rel,
                                scenario.get("name", ""),
                                example,
                                text,
                                query,
                                # only the query under test is expected to fail
                                expected if text == "executing query:" else None,
                            )
                        )
    return out


PURE_SYNTAX_CODES = {
    "UnexpectedSyntax",
    "InvalidNumberLiteral",
    "IntegerOverflow",
    "FloatingPointOverflow",
    "InvalidUnicodeLiteral",
}

_FEATURES = tck_features_dir()
pytestmark = pytest.mark.skipif(_FEATURES is None, reason="openCypher TCK features not found")


@pytest.fixture(scope="module")
def tck_queries() -> list[TckQuery]:
    pytest.importorskip("gherkin")
    queries = load_tck_queries(_FEATURES)
    assert queries, "no TCK queries found"
    return queries


def _outcome(query: str):
    try:
        parse(query)
    except CypherSyntaxError as err:
        return err
    return None


def test_tck_queries_parse(tck_queries):
    """Every TCK query not expected to raise a pure-syntax SyntaxError parses."""
    failures = []
    count = 0
    for q in tck_queries:
        if q.syntax_error in PURE_SYNTAX_CODES:
            continue
        count += 1
        err = _outcome(q.query)
        if err is not None:
            failures.append(f"{q.id} [{q.step}]\n{q.query}\n-> {err}")
    print(f"\nTCK: {count - len(failures)}/{count} queries parse")
    assert not failures, f"{len(failures)} TCK queries fail to parse:\n\n" + "\n\n".join(
        failures[:30]
    )


def test_tck_syntax_errors_have_expected_codes(tck_queries):
    """Every pure-syntax error scenario raises CypherSyntaxError with the TCK's code."""
    failures = []
    cases = [q for q in tck_queries if q.syntax_error in PURE_SYNTAX_CODES]
    assert cases
    for q in cases:
        err = _outcome(q.query)
        if err is None:
            failures.append(f"{q.id}: parsed, expected {q.syntax_error}\n{q.query}")
        elif err.code != q.syntax_error or err.position is None:
            failures.append(f"{q.id}: {err.code}, expected {q.syntax_error}\n{q.query}\n{err}")
    print(f"\nTCK: {len(cases) - len(failures)}/{len(cases)} syntax-error queries give the code")
    assert not failures, "\n\n".join(failures)


def test_tck_column_names(tck_queries):
    """Unaliased RETURN items are named by their source text, as in the TCK result tables."""
    from gherkin.parser import Parser

    parser = Parser()
    checked = 0
    mismatches = []
    for path in sorted(_FEATURES.rglob("*.feature")):
        doc = parser.parse(path.read_text(encoding="utf-8"))
        for scenario in _children(doc.get("feature") or {}):
            for _, binding in _examples(scenario):
                query = None
                for step in scenario.get("steps", []):
                    text = step["text"].strip()
                    if text == "executing query:" and step.get("docString"):
                        query = _substitute(step["docString"]["content"], binding)
                    elif (
                        query is not None
                        and text.startswith("the result should be")
                        and step.get("dataTable")
                    ):
                        header = [
                            _substitute(c["value"], binding)
                            for c in step["dataTable"]["rows"][0]["cells"]
                        ]
                        names = _final_return_names(query)
                        if names is not None:
                            checked += 1
                            if names != header:
                                mismatches.append(f"{path.name}: {names} != {header}\n{query}")
                        query = None
    print(f"\nTCK: {checked - len(mismatches)}/{checked} result headers match the column names")
    assert checked > 100
    assert not mismatches, "\n\n".join(mismatches[:20])


def _final_return_names(query: str):
    try:
        q = parse(query)
    except CypherSyntaxError:
        return None
    body = q.body
    while isinstance(body, A.UnionQuery):
        body = body.right
    if not isinstance(body, A.SingleQuery):
        return None
    last = body.clauses[-1]
    if not isinstance(last, A.Return) or last.body.star:
        return None
    return [item.name for item in last.body.items]


def test_tck_parse_speed(tck_queries):
    """Parsing is fast: report the median time per TCK query (generous bound for slow CI)."""
    from graphframe_cypher.parser import _parse  # not memoised

    parse("RETURN 1")  # build the parser first
    times = []
    for q in tck_queries:
        t0 = time.perf_counter()
        try:
            _parse(q.query)
        except CypherSyntaxError:
            pass
        times.append(time.perf_counter() - t0)
    median_ms = statistics.median(times) * 1000
    total = sum(times)
    print(f"\nTCK: {len(times)} queries, median {median_ms:.3f} ms, total {total:.2f} s")
    assert median_ms < 20
