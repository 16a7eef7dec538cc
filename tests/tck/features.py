"""Loading the TCK feature files into scenarios with stable ids.

Gherkin parsing and Scenario Outline expansion are done by ``gherkin-official`` (its pickle
compiler substitutes ``<placeholders>`` in steps, tables and doc strings). Each pickle
becomes one :class:`Scenario` whose id is

    <feature path relative to features/>:<scenario name>[#<example row, 1-based>]

e.g. ``clauses/match/Match1.feature:[1] Match non-existent nodes returns empty``. The name
is the scenario's *unexpanded* title so that ids do not change when example values do.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler

ENV_TCK_DIR = "CYPHER_TCK_DIR"


@dataclass(frozen=True)
class Step:
    text: str
    doc_string: str | None = None
    # Data table rows as raw cell strings (Gherkin escapes already resolved).
    table: tuple[tuple[str, ...], ...] | None = None


@dataclass(frozen=True, repr=False)
class Scenario:
    id: str
    feature: str  # path relative to the features directory, '/'-separated
    name: str
    line: int
    steps: tuple[Step, ...]
    tags: frozenset[str] = frozenset()

    def __repr__(self) -> str:  # short: pytest prints it in tracebacks
        return f"Scenario({self.id!r})"

    @property
    def area(self) -> str:
        """The folder the feature lives in, e.g. ``clauses/match``."""
        return self.feature.rsplit("/", 1)[0] if "/" in self.feature else "."


def tck_dir(repo_root: Path | None = None) -> Path:
    """``$CYPHER_TCK_DIR`` if set, else ``<repo>/../shared/tck``."""
    env = os.environ.get(ENV_TCK_DIR)
    if env:
        return Path(env)
    root = repo_root or Path(__file__).resolve().parents[2]
    return (root.parent / "shared" / "tck").resolve()


def load_scenarios(features_dir: Path) -> list[Scenario]:
    """All scenarios of all ``*.feature`` files below ``features_dir``, in a stable order."""
    scenarios: list[Scenario] = []
    for path in sorted(features_dir.rglob("*.feature")):
        rel = path.relative_to(features_dir).as_posix()
        scenarios.extend(load_feature(path.read_text(encoding="utf-8"), rel))
    return _dedupe(scenarios)


def load_feature(text: str, rel_path: str) -> list[Scenario]:
    """The scenarios of one feature file's text (``rel_path`` names it in ids)."""
    document = Parser().parse(text)
    document["uri"] = rel_path
    outlines = _scenario_index(document.get("feature") or {})
    result = []
    for pickle in Compiler().compile(document):
        name, line, row_ids = outlines[pickle["astNodeIds"][0]]
        scenario_id = f"{rel_path}:{name}"
        if len(pickle["astNodeIds"]) > 1:
            scenario_id += f"#{row_ids.index(pickle['astNodeIds'][1]) + 1}"
        result.append(
            Scenario(
                id=scenario_id,
                feature=rel_path,
                name=pickle["name"],
                line=line,
                steps=tuple(_step(s) for s in pickle["steps"]),
                tags=frozenset(t["name"].lstrip("@") for t in pickle.get("tags", [])),
            )
        )
    return result


def _scenario_index(node: dict) -> dict[str, tuple[str, int, list[str]]]:
    """Map each scenario's AST id to (title, line, ids of its example rows in order),
    looking inside rules too."""
    index: dict[str, tuple[str, int, list[str]]] = {}
    for child in node.get("children", []):
        if "rule" in child:
            index.update(_scenario_index(child["rule"]))
        elif "scenario" in child:
            sc = child["scenario"]
            rows = [row["id"] for ex in sc.get("examples", []) for row in ex.get("tableBody", [])]
            index[sc["id"]] = (sc["name"], sc["location"]["line"], rows)
    return index


def _step(pickle_step: dict) -> Step:
    arg = pickle_step.get("argument") or {}
    doc = arg.get("docString", {}).get("content") if "docString" in arg else None
    table = None
    if "dataTable" in arg:
        table = tuple(tuple(c["value"] for c in row["cells"]) for row in arg["dataTable"]["rows"])
    return Step(text=pickle_step["text"].strip(), doc_string=doc, table=table)


def _dedupe(scenarios: list[Scenario]) -> list[Scenario]:
    """Two scenarios with one title in one feature would share an id; number the later
    ones so every pytest id stays unique."""
    seen: dict[str, int] = {}
    out = []
    for sc in scenarios:
        count = seen.get(sc.id, 0) + 1
        seen[sc.id] = count
        if count > 1:
            sc = Scenario(f"{sc.id}~{count}", sc.feature, sc.name, sc.line, sc.steps, sc.tags)
        out.append(sc)
    return out
