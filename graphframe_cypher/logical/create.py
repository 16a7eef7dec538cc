"""Planning of CREATE: new nodes and relationships per row of the plan so far."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import ast
from .. import types as T
from ..errors import CypherSyntaxError
from . import operators as L

if TYPE_CHECKING:
    from .planner import LogicalPlanner


def plan_create(planner: LogicalPlanner, plan: L.LogicalOp, clause: ast.Create) -> L.LogicalOp:
    """One CreateElements per batch of elements. Consecutive CREATE clauses share a batch
    (a script of hundreds of CREATEs is one operator); a new batch starts when an element's
    properties read an element of the current batch (its values exist only once that
    element is made)."""
    known = dict(plan.fields)
    nodes, rels, new_fields = [], [], []
    if isinstance(plan, L.CreateElements):
        nodes, rels, new_fields = list(plan.nodes), list(plan.relationships), list(plan.new_fields)
        plan = plan.input
    scope = planner.scope_of(plan)

    def flush_if_needed(expr: ast.Expr | None) -> None:
        nonlocal plan, scope, nodes, rels, new_fields
        pending = {v for v, _ in new_fields}
        used = {n.name for n in expr.walk() if isinstance(n, ast.Variable)} if expr else set()
        if used & pending:
            plan = L.CreateElements(plan, tuple(nodes), tuple(rels), tuple(new_fields))
            scope = planner.scope_of(plan)
            nodes, rels, new_fields = [], [], []

    def node_var(node: ast.NodePattern) -> str:
        if node.variable is not None and node.variable in known:
            if node.labels or node.properties is not None:
                raise CypherSyntaxError(
                    f"Can't create node `{node.variable}` with labels or properties here. "
                    "The variable is already declared in this context",
                    code="VariableAlreadyBound",
                    position=node.pos,
                )
            return node.variable
        var = node.variable or planner.fresh("node")
        flush_if_needed(node.properties)
        props = _properties(planner, node.properties, scope)
        ntype = T.NodeType({k: e.type for k, e in props}, node.labels)
        nodes.append((var, frozenset(node.labels), tuple(props)))
        new_fields.append((var, ntype))
        known[var] = ntype
        return var

    for part in clause.pattern.parts:
        element = part.element
        previous = node_var(element.nodes[0])
        for rel, node in zip(element.relationships, element.nodes[1:]):
            current = node_var(node)
            flush_if_needed(rel.properties)
            rels.append(_relationship(planner, rel, previous, current, scope, known, new_fields))
            previous = current
    return L.CreateElements(plan, tuple(nodes), tuple(rels), tuple(new_fields))


def _relationship(
    planner, rel: ast.RelationshipPattern, previous, current, scope, known, new_fields
):
    if len(rel.types) != 1:
        raise CypherSyntaxError(
            "A single relationship type must be specified for CREATE",
            code="NoSingleRelationshipType",
            position=rel.pos,
        )
    if rel.direction == "both":
        raise CypherSyntaxError(
            "Only directed relationships are supported in CREATE",
            code="RequiresDirectedRelationship",
            position=rel.pos,
        )
    if rel.length is not None:
        raise CypherSyntaxError(
            "Variable length relationships cannot be used in CREATE",
            code="CreatingVarLength",
            position=rel.pos,
        )
    if rel.variable is not None and rel.variable in known:
        raise CypherSyntaxError(
            f"Variable `{rel.variable}` already declared",
            code="VariableAlreadyBound",
            position=rel.pos,
        )
    var = rel.variable or planner.fresh("rel")
    props = _properties(planner, rel.properties, scope)
    source, target = (previous, current) if rel.direction == "out" else (current, previous)
    rtype = T.RelationshipType({k: e.type for k, e in props}, {rel.types[0]})
    new_fields.append((var, rtype))
    known[var] = rtype
    return (var, rel.types[0], source, target, tuple(props))


def _properties(planner, properties, scope):
    if properties is None:
        return []
    value = planner.lower(properties, scope)
    from ..ir.expr import Lit, MapOf

    if isinstance(value, Lit) and isinstance(value.value, dict):
        return [(k, Lit(v, type=T.type_of_value(v))) for k, v in value.value.items()]
    if isinstance(value, MapOf):
        return list(zip(value.keys, value.values))
    raise CypherSyntaxError(
        "CREATE needs a map of properties", code="InvalidArgumentType", position=properties.pos
    )
