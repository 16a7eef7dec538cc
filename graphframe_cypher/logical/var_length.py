"""Planning variable-length relationships, paths over them and shortest paths.

``(a)-[r:T*1..3 {k: v}]->(b)`` becomes a :class:`~.operators.VarExpand` from ``a``'s id: one
hop is a relationship scan of the pattern's types and direction, filtered by its property
map (every relationship of the path must satisfy it). The expand binds ``r`` to the list of
relationships, ``r#ids`` to their ids (relationship uniqueness across the MATCH compares
those), ``r#to`` to the far end (``b`` is joined on it like after a single relationship)
and ``r#nodes`` to the nodes reached (what a path variable needs between ``a`` and ``b``).
"""

from __future__ import annotations

import functools

from .. import ast
from .. import types as T
from ..errors import CypherSyntaxError, UnsupportedFeature
from ..ir.expr import Call, Col, IRExpr, LambdaVar, ListFn, PathOf, columns_used
from . import operators as L

_SHORTEST = {"shortestPath": "single", "allShortestPaths": "all"}


def plan_var_length(
    planner,
    plan: L.LogicalOp,
    rel: ast.RelationshipPattern,
    from_var: str,
    function: str | None = None,
    to_var: str | None = None,
):
    """Expands ``plan`` along the variable-length relationship ``rel`` from the node (or id
    field) ``from_var`` towards the node variable ``to_var``; returns the plan, the
    relationship list's variable and the field holding the far end's id."""
    schema = planner.schema
    var = rel.variable or planner.fresh("rel")
    bound = var in plan.fields
    # A list bound earlier (``WITH [r1, r2] AS rs MATCH (a)-[rs*]->(b)``) is expanded under a
    # temporary name and must then be exactly the path's relationships, in order.
    expand_var = planner.fresh(f"{var}#again") if bound else var
    step_var = planner.fresh("step")
    types = frozenset(rel.types)
    steps: L.LogicalOp = L.RelationshipScan(
        step_var, types, rel.direction, schema.relationship_type(types), schema.id_type
    )
    # Property values known without the row filter each hop; the others (reading variables
    # bound before) are checked on the whole list once the row is known.
    entries = []
    if rel.properties is not None:
        entries = planner.property_entries(planner.scope_of(plan), rel.properties)
    per_row = [(key, value) for key, value in entries if columns_used(value)]
    step = Col(step_var, type=steps.fields[step_var])
    for key, value in entries:
        if (key, value) not in per_row:
            steps = L.Filter(steps, planner.property_equals(step, key, value))
    min_length, max_length = _bounds(rel.length)
    plan = L.VarExpand(
        plan,
        source=planner._id_ref(from_var, plan.fields[from_var], "NODE"),
        steps=steps,
        step_var=step_var,
        var=expand_var,
        min_length=min_length,
        max_length=max_length,
        node_type=schema.node_type(),
        id_type=schema.id_type,
        shortest=_SHORTEST.get(function or "", ""),
        graph=planner.graph_key,
        # A shortest-path search towards a node bound before stops once it is reached.
        target=planner._id_ref(to_var, plan.fields[to_var], "NODE")
        if function and to_var in plan.fields
        else None,
    )
    if per_row:
        plan = L.Filter(plan, _every_relationship(planner, plan, expand_var, per_row))
    if bound:
        plan = L.Filter(plan, _same_relationships(planner, plan, expand_var, var))
    return plan, expand_var, L.to_field(expand_var)


def _bounds(length: ast.RangeSpec) -> tuple[int, int | None]:
    """``*`` is 1.., ``*..3`` 1..3, ``*2`` exactly 2."""
    return (1 if length.min is None else length.min), length.max


def _ids(planner, plan: L.LogicalOp, var: str) -> IRExpr:
    """The relationship ids of a variable-length relationship (its ``#ids`` field) or of a
    list of relationships bound earlier."""
    if L.ids_field(var) in plan.fields:
        return Col(L.ids_field(var), type=plan.fields[L.ids_field(var)])
    source = Col(var, type=plan.fields[var])
    element = source.type.element if isinstance(source.type, T.ListType) else T.ANY
    x = LambdaVar("  r", type=element)
    id_type = planner.schema.id_type
    return ListFn(
        "transform", source, x.name, Call("id", (x,), type=id_type), type=T.ListType(id_type)
    )


def _every_relationship(planner, plan, var: str, entries) -> IRExpr:
    """``all(r IN var WHERE r.k1 = v1 AND ...)``."""
    relationships = Col(var, type=plan.fields[var])
    r = LambdaVar("  r", type=relationships.type.element)  # type: ignore[attr-defined]
    conditions = [planner.property_equals(r, key, value) for key, value in entries]
    condition = functools.reduce(lambda a, b: Call("and", (a, b), type=T.BOOLEAN), conditions)
    return ListFn("all", relationships, r.name, condition, type=T.BOOLEAN)


def _same_relationships(planner, plan, expand_var: str, bound_var: str) -> IRExpr:
    return Call(
        "eq",
        (_ids(planner, plan, expand_var), _ids(planner, plan, bound_var)),
        type=T.BOOLEAN,
    )


def distinct_relationships(planner, plan: L.LogicalOp, a: str, b: str) -> IRExpr:
    """The condition that the relationships bound to ``a`` and ``b`` (single ones or lists
    of a variable-length relationship) share none."""
    a_list = isinstance(plan.fields[a], T.ListType)
    b_list = isinstance(plan.fields[b], T.ListType)
    if not a_list and not b_list:
        ids = tuple(planner._id_ref(v, plan.fields[v], "RELATIONSHIP") for v in (a, b))
        return Call("neq", ids, type=T.BOOLEAN)
    if not a_list:
        a, b = b, a
    a_ids = _ids(planner, plan, a)
    if not (a_list and b_list):
        b_id = planner._id_ref(b, plan.fields[b], "RELATIONSHIP")
        return Call("not", (Call("in", (b_id, a_ids), type=T.BOOLEAN),), type=T.BOOLEAN)
    x = LambdaVar("  id", type=planner.schema.id_type)
    shared = Call("in", (x, _ids(planner, plan, b)), type=T.BOOLEAN)
    return ListFn("none", a_ids, x.name, shared, type=T.BOOLEAN)


def path_of(nodes: list[IRExpr], relationships: list[IRExpr]) -> PathOf:
    """A path value: ``nodes`` holds the first node, then after each relationship the node
    it reaches, or for a variable-length relationship (a list) the list of nodes it
    reaches."""

    def element(t: T.CypherType) -> T.CypherType:
        return t.element if isinstance(t, T.ListType) else t

    node_type = T.join_all(element(n.type) for n in nodes)
    rel_type = T.join_all(element(r.type) for r in relationships)
    ptype = T.PathType(
        node_type if isinstance(node_type, T.ElementType) else T.NODE,
        rel_type if isinstance(rel_type, T.ElementType) else T.RELATIONSHIP,
    )
    return PathOf(tuple(nodes), tuple(relationships), type=ptype)


def check_shortest_path(part: ast.PatternPart) -> None:
    """shortestPath / allShortestPaths take one variable-length relationship between two
    nodes."""
    rels = part.element.relationships
    if len(rels) != 1:
        raise CypherSyntaxError(
            f"{part.function} requires a pattern containing a single relationship",
            code="InvalidArgumentType",
            position=part.pos,
        )
    if rels[0].length is None:
        raise UnsupportedFeature(
            f"{part.function} of a single-hop relationship is not supported yet",
            position=part.pos,
        )
    if rels[0].length.min not in (None, 0, 1):
        raise CypherSyntaxError(
            f"{part.function} does not support a minimal length different from 0 or 1",
            code="InvalidArgumentType",
            position=part.pos,
        )
