"""Stages of an updating query.

A graph is immutable: SET, REMOVE, DELETE and MERGE compute a new graph version, and the
clauses after them must read that version. A query is therefore cut into *stages*; each is
planned over the graph the previous stage produced, starting from the rows it computed
(:class:`~.operators.BoundRows`). A stage ends

* after SET, REMOVE, DELETE and MERGE (what follows reads the new values);
* before MERGE (it numbers its input rows, see ``merge.py``);
* before a MATCH that follows a CREATE of the same stage (it must see the new elements).

Consecutive CREATE clauses stay in one stage, so a set-up script is a single plan.
Element variables carried over a stage that changed existing elements are looked up
again by id in the new graph (*refreshed*), so that every variable bound to an updated
element - not only the one the SET named - shows its new properties and labels.
"""

from __future__ import annotations

from .. import ast
from .. import types as T
from ..ir.expr import Call, Col
from . import operators as L

UPDATING = (ast.Set, ast.Remove, ast.Delete, ast.Merge)
# Stages after which surviving elements may have new properties or labels.
CHANGING = (ast.Set, ast.Remove, ast.Merge)


def split_stages(clauses: tuple[ast.Clause, ...]) -> list[tuple[ast.Clause, ...]]:
    stages: list[tuple[ast.Clause, ...]] = []
    current: list[ast.Clause] = []
    created = False
    for clause in clauses:
        reads_graph = isinstance(clause, (ast.Match, ast.Merge))
        if current and (isinstance(clause, ast.Merge) or (created and reads_graph)):
            stages.append(tuple(current))
            current, created = [], False
        current.append(clause)
        if isinstance(clause, UPDATING):
            stages.append(tuple(current))
            current, created = [], False
        elif isinstance(clause, ast.Create):
            created = True
    if current:
        stages.append(tuple(current))
    return stages


def changes_elements(stage: tuple[ast.Clause, ...]) -> bool:
    return any(isinstance(c, CHANGING) for c in stage)


def refresh_field(var: str) -> str:
    """The hidden field holding the id of a variable that is looked up again."""
    return f"{var}#refresh"


def stage_start(planner, rows: object, fields: dict[str, T.CypherType], refresh: bool):
    """The plan a stage starts from: the previous stage's rows, with element variables
    looked up again in the current graph when ``refresh``."""
    stale = [v for v, t in fields.items() if refresh and isinstance(t, T.ElementType)]
    row_fields = tuple(
        (refresh_field(n), planner.schema.id_type) if n in stale else (n, t)
        for n, t in fields.items()
    )
    plan: L.LogicalOp = L.BoundRows(rows=rows, row_fields=row_fields, refreshed=frozenset(stale))
    for var in stale:
        plan = _look_up(planner, plan, var, fields[var])
    return L.Project(plan, tuple((n, Col(n, type=plan.fields[n])) for n in fields))


def _look_up(planner, plan: L.LogicalOp, var: str, vtype: T.ElementType) -> L.LogicalOp:
    schema = planner.schema
    if vtype.name == "NODE":
        scan: L.LogicalOp = L.NodeScan(var, frozenset(), schema.node_type())
    else:
        scan = L.RelationshipScan(
            var, frozenset(), "out", schema.relationship_type(), schema.id_type
        )
    element_id = Call("id", (Col(var, type=scan.fields[var]),), type=schema.id_type)
    on = ((Col(refresh_field(var), type=schema.id_type), element_id),)
    return L.Join(plan, scan, on, "left")
