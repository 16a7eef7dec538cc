"""The compiler pipeline: query text -> relational plan.

parse -> semantic analysis -> logical plan -> rewrite rules -> relational plan. Each stage
lives in its own package; this module only chains them. Nothing here imports a backend.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import ast
from .errors import CypherError
from .graph.model import GraphSchema
from .graph.query_graphs import QueryGraphs
from .logical.planner import LogicalPlan, LogicalPlanner
from .procedures import ProcedureRegistry
from .relational.lowering import RelationalLowering
from .relational.operators import RelOp
from .relational.prune_columns import prune_columns
from .rewrite import rewrite


@dataclass(frozen=True)
class CompiledQuery:
    query: ast.Query
    logical: LogicalPlan
    relational: RelOp

    @property
    def columns(self) -> tuple[str, ...]:
        return self.logical.columns

    def explain(self) -> str:
        return (
            "Logical plan:\n"
            + self.logical.root.pretty(1)
            + "\nRelational plan:\n"
            + self.relational.pretty(1)
        )


@lru_cache(maxsize=512)
def parse(text: str) -> ast.Query:
    from .parser import parse as parse_text

    return parse_text(text)


def analyze(query: ast.Query, parameters: dict[str, Any], procedures: ProcedureRegistry) -> None:
    from . import semantic

    semantic.analyze(query, parameters, procedures.signatures())


def compile_query(
    text: str,
    schema: GraphSchema,
    parameters: dict[str, Any] | None = None,
    evaluate_constant: Callable | None = None,
    procedures: ProcedureRegistry | None = None,
    graphs: QueryGraphs | None = None,
) -> CompiledQuery:
    """``graphs``: for a multiple-graph query, the graphs it names (``schema`` is then
    ``graphs.default``)."""
    parameters = dict(parameters or {})
    procedures = procedures if procedures is not None else ProcedureRegistry()
    try:
        query = parse(text)
        analyze(query, parameters, procedures)
        planner = LogicalPlanner(schema, parameters, procedures, graphs)
        planner.evaluate_constant = evaluate_constant  # type: ignore[attr-defined]
        logical = planner.plan(query)
        logical = LogicalPlan(rewrite(logical.root), logical.columns, logical.updating)
        relational = RelationalLowering(schema, graphs).lower_plan(logical.root, logical.columns)
        relational = prune_columns(relational)
    except CypherError as error:
        raise error.with_query(text) from None
    return CompiledQuery(query, logical, relational)
