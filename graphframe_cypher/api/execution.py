"""Running a query stage by stage (see ``logical/stages.py``): each stage is compiled over
the graph version the previous one produced and runs on the Spark backend; the stages'
creations and changes make the query's new graph version."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .. import ast
from ..graph.identity import derived_spaces
from ..graph.model import GraphSchema
from .result import Counters, CypherResult, Records


@dataclass(frozen=True)
class StagedPlan:
    """The plans of a query's stages; ``relational`` and ``columns`` are the last stage's
    (the whole query's for a query of one stage)."""

    stages: tuple

    @property
    def relational(self):
        return self.stages[-1].relational

    @property
    def columns(self) -> tuple[str, ...]:
        return self.stages[-1].columns

    def explain(self) -> str:
        if len(self.stages) == 1:
            stage = self.stages[0]
            return (
                f"Logical plan:\n{stage.logical.pretty(1)}\n"
                f"Relational plan:\n{stage.relational.pretty(1)}"
            )
        return "\n".join(
            f"Stage {i + 1}:\n  Logical plan:\n{s.logical.pretty(2)}\n"
            f"  Relational plan:\n{s.relational.pretty(2)}"
            for i, s in enumerate(self.stages)
        )


def run_single_query(session, graph, text: str, query: ast.Query, parameters, context):
    """Runs a single (non-UNION) query; ``context`` = (executor, run, evaluate,
    procedures)."""
    from ..backends.spark.updates import CounterParts, apply_pending
    from ..compiler import compile_stage
    from ..logical.stages import changes_elements, split_stages
    from .graph import PropertyGraph

    executor, run, evaluate, procedures = context
    schema = graph.schema
    stages = split_stages(query.body.clauses)
    rows, refresh, updating = None, False, False
    counters = CounterParts()
    created = []
    compiled = []
    df = None
    for index, clauses in enumerate(stages):
        final = index == len(stages) - 1
        if isinstance(clauses[0], ast.Merge):
            rows = run(lambda r=rows: executor.numbered_rows(r))
        executor.start_stage()
        stage = compile_stage(
            text, clauses, schema, parameters, evaluate, rows, refresh, final, procedures
        )
        compiled.append(stage)
        df = run(lambda s=stage: executor.run(s.relational))
        if stage.updating:
            updating = True
            created.append(executor.created)
            schema = _with_created(schema, executor.created)
            pending = executor.pending
            schema = run(
                lambda s=schema, p=pending: apply_pending(executor.compiler, s, p, counters)
            )
        if not final:
            rows = executor.stage_rows(df, stage)
            refresh = changes_elements(clauses)
    last = compiled[-1]
    types = tuple(t for _, t in last.relational.columns)
    records = Records(df, last.columns, types, run, executor.ctx)
    if not updating:
        return CypherResult(records, None, None, StagedPlan(tuple(compiled)))
    spaces = derived_spaces(graph.id_spaces)
    new_graph = PropertyGraph(session, schema, executor.created.next_id, spaces)
    return CypherResult(
        records,
        new_graph,
        lambda: _count(created, counters, run),
        StagedPlan(tuple(compiled)),
    )


def _with_created(schema: GraphSchema, created) -> GraphSchema:
    return GraphSchema(
        schema.node_tables + tuple(created.nodes),
        schema.relationship_tables + tuple(created.relationships),
        schema.id_type,
    )


def _count(created, counters, run) -> Counters:
    from .session import _count_created

    totals: dict[str, Any] = counters.count(run)
    for stage_created in created:
        for name, value in asdict(_count_created(stage_created, run)).items():
            totals[name] = totals.get(name, 0) + value
    return Counters(**totals)
