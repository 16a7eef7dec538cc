"""What ``PropertyGraph.validate()`` reports: the problems of a graph's tables that make
queries answer inconsistently (the checks themselves run in the backend)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GraphProblem:
    """One kind of defect in one place: ``count`` rows (or ids) and a few ``examples``."""

    kind: str  # 'null node id', 'duplicate node id', 'null relationship id', ...
    where: str  # the table: 'NodeTable [Person]', 'RelationshipTable KNOWS', 'nodes'
    count: int
    examples: tuple = ()

    def __str__(self) -> str:
        shown = ", ".join(repr(e) for e in self.examples)
        return f"{self.where}: {self.count} {self.kind}" + (f" (e.g. {shown})" if shown else "")


@dataclass(frozen=True)
class ValidationReport:
    problems: tuple[GraphProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        if self.ok:
            return "the graph is valid"
        return "the graph has problems:\n" + "\n".join(f"  {p}" for p in self.problems)
