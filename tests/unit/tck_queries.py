"""Extraction of every query of the openCypher TCK feature files (for the parser tests).

Not a test module itself: ``test_parser_tck.py`` uses it. Each query is returned with where it
comes from and what the scenario expects (a SyntaxError detail code, or None).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

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
            yield n, dict(zip(header, (c["value"] for c in row["cells"])))


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
