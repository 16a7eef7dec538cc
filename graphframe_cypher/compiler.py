"""The compiler pipeline: query text -> relational plan.

parse -> semantic analysis -> logical plan -> rewrite rules -> relational plan. Each stage
lives in its own package; this module only chains them. Nothing here imports a backend.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import ast
from .errors import CypherError
from .graph.model import GraphSchema
from .graph.query_graphs import QueryGraphs
from .logical import operators as L
from .logical.planner import LogicalPlan, LogicalPlanner, is_hidden
from .logical.user_names import encode_user_names
from .procedures import ProcedureRegistry
from .relational.lowering import RelationalLowering
from .relational.operators import RelOp
from .relational.prune_columns import prune_columns
from .relational.updates import StageRows
from .rewrite import rewrite

# DEBUG: each compiled plan and how long compiling took (``logging.getLogger(
# "graphframe_cypher").setLevel(logging.DEBUG)`` with a handler shows them).
_log = logging.getLogger(__name__)


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
    started = time.perf_counter()
    try:
        query = parse(text)
        analyze(query, parameters, procedures)
        planner = LogicalPlanner(schema, parameters, procedures, graphs)
        planner.evaluate_constant = evaluate_constant  # type: ignore[attr-defined]
        logical = planner.plan(encode_user_names(query))
        logical = LogicalPlan(rewrite(logical.root), logical.columns, logical.updating)
        relational = RelationalLowering(schema, graphs).lower_plan(logical.root, logical.columns)
        relational = prune_columns(relational)
    except CypherError as error:
        raise error.with_query(text) from None
    compiled = CompiledQuery(query, logical, relational)
    _log_compiled(text, compiled.explain(), started)
    return compiled


def _log_compiled(text: str, plans: str, started: float) -> None:
    if _log.isEnabledFor(logging.DEBUG):
        elapsed = (time.perf_counter() - started) * 1000
        _log.debug("compiled in %.1f ms: %s\n%s", elapsed, " ".join(text.split()), plans)


@dataclass(frozen=True)
class CompiledStage:
    """One stage of an updating query (see ``logical/stages.py``): its relational plan and,
    for a stage that is not the last, what the next stage starts from (``rows`` is filled
    in by the backend with the computed table)."""

    logical: L.LogicalOp
    relational: RelOp
    columns: tuple[str, ...]
    fields: dict
    layouts: dict
    updating: bool


def compile_stage(
    text: str,
    clauses: tuple[ast.Clause, ...],
    schema: GraphSchema,
    parameters: dict[str, Any],
    evaluate_constant: Callable | None,
    start: StageRows | None,
    refresh: bool,
    final: bool,
    procedures: ProcedureRegistry | None = None,
) -> CompiledStage:
    """Plans ``clauses`` over ``schema``, starting from the rows of the previous stage."""
    from .logical.stages import stage_start

    started = time.perf_counter()
    try:
        planner = LogicalPlanner(schema, dict(parameters), procedures)
        planner.evaluate_constant = evaluate_constant  # type: ignore[attr-defined]
        begin = L.Start() if start is None else stage_start(planner, start, start.fields, refresh)
        root, updating = planner.plan_clauses(encode_user_names(clauses), begin, final)
        root = rewrite(root)
        lowering = RelationalLowering(schema)
        output = tuple(n for n in root.fields if not is_hidden(n))
        if final:
            relational = prune_columns(lowering.lower_plan(root, output))
            layouts: dict = {}
        else:
            lowered = lowering.lower_stage(root, output)
            relational, layouts = prune_columns(lowered.op), lowered.layouts
    except CypherError as error:
        raise error.with_query(text) from None
    fields = {n: root.fields[n] for n in output}
    _log_compiled(text, "Stage plan:\n" + root.pretty(1) + "\n" + relational.pretty(1), started)
    return CompiledStage(root, relational, output, fields, layouts, updating)
