"""Planning of the multiple-graph clauses: FROM GRAPH, CONSTRUCT and RETURN GRAPH.

FROM GRAPH switches the graph the following patterns are matched in: their scans are
wrapped in :class:`InGraph`, which the relational lowering reads from that graph's tables.
The rows carry over, so parts matched in different graphs join on their variables.

CONSTRUCT turns the rows so far into a graph (:class:`ConstructGraph`): the graphs named by
ON, the elements CLONE copies (with their ids, so they stay the same elements), the bound
nodes used in its CREATE patterns (implicit clones), bound relationships used there (copies
between the pattern's endpoints) and the new elements its CREATE patterns make per row
(planned as an ordinary CREATE). Its SET changes the properties and labels of what it
builds. RETURN GRAPH without CONSTRUCT returns the working graph.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .. import ast
from .. import types as T
from ..errors import CypherSyntaxError, UnsupportedFeature
from ..ir.expr import Col, IRExpr, Lit, MapOf
from . import operators as L

if TYPE_CHECKING:
    from .planner import LogicalPlanner


@dataclass(frozen=True, eq=False)
class InGraph(L.Unary):
    """Its input (a scan) reads the graph ``graph`` (a GraphRef; None: the query's graph)."""

    graph: Any = None

    def describe(self):
        return f"InGraph({'<query graph>' if self.graph is None else self.graph.qualified_name})"


@dataclass(frozen=True)
class BuiltElement:
    """An element variable of the rows that becomes part of the constructed graph.

    ``created``: made by the CONSTRUCT's CREATE (else cloned from a matched element).
    ``scanned_in``: for a clone, ``(graph,)`` when the graph it was matched in is known.
    ``source``/``target``: for a relationship copied between a CREATE pattern's endpoints,
    the variables of its new endpoints. ``labels``/``properties`` come from SET;
    ``replace``: ``SET x = {...}`` (other properties removed)."""

    var: str
    created: bool = False
    source: str | None = None
    target: str | None = None
    labels: frozenset[str] = frozenset()
    properties: tuple[tuple[str, IRExpr], ...] = ()
    replace: bool = False
    scanned_in: tuple[Any, ...] = ()


@dataclass(frozen=True, eq=False)
class ConstructGraph(L.Unary):
    """The graph built from the input rows; outputs no fields (the result is the graph).
    ``on``: graphs copied whole (GraphRefs; None stands for the query's graph)."""

    nodes: tuple[BuiltElement, ...] = ()
    relationships: tuple[BuiltElement, ...] = ()
    on: tuple[Any, ...] = ()

    @cached_property
    def fields(self):
        return {}

    def describe(self):
        names = ", ".join(e.var.strip() for e in (*self.nodes, *self.relationships))
        return f"ConstructGraph(on={len(self.on)}, elements=[{names}])"


@dataclass
class _Building:
    """What a CONSTRUCT has collected so far: element var -> BuiltElement, in order."""

    nodes: dict[str, BuiltElement] = field(default_factory=dict)
    relationships: dict[str, BuiltElement] = field(default_factory=dict)

    def add(self, element: BuiltElement, is_node: bool) -> None:
        into = self.nodes if is_node else self.relationships
        if element.var not in into or element.source is not None:
            into[element.var] = element


def plan_graph_clause(planner: LogicalPlanner, plan: L.LogicalOp, clause: ast.Clause):
    if isinstance(clause, ast.FromGraph):
        planner.use_graph(clause.graph)
        return plan
    if isinstance(clause, ast.Construct):
        return plan_construct(planner, plan, clause)
    if isinstance(plan, ConstructGraph):  # RETURN GRAPH after CONSTRUCT
        return plan
    return ConstructGraph(plan, on=(planner.graph_key,))  # RETURN GRAPH of the working graph


def plan_construct(planner: LogicalPlanner, plan: L.LogicalOp, clause: ast.Construct):
    building = _Building()
    plan = _plan_clones(planner, plan, clause.clones, building)
    plan = _plan_creates(planner, plan, clause.creates, building)
    for set_clause in clause.sets:
        for item in set_clause.items:
            _apply_set(planner, plan, item, building)
    on = tuple(clause.on)
    return ConstructGraph(
        plan,
        _not_in_on_graphs(planner, plan, building.nodes.values(), on),
        _not_in_on_graphs(planner, plan, building.relationships.values(), on),
        on,
    )


def _not_in_on_graphs(planner, plan, elements, on) -> tuple[BuiltElement, ...]:
    """An unchanged clone of an element matched in a graph that ON copies whole is in the
    result already (same id): building it again would only cost joins."""
    graphs = planner.graphs
    on_schemas = [graphs.schema(ref) for ref in on] if graphs is not None else []
    kept = []
    for element in elements:
        found, graph = _scanned_in(plan, element.var)
        if not found or element.created:
            kept.append(element)
            continue
        unchanged = not (element.source or element.labels or element.properties or element.replace)
        if unchanged and any(graphs.schema(graph) is s for s in on_schemas):
            continue
        kept.append(dataclasses.replace(element, scanned_in=(graph,)))
    return tuple(kept)


def _scanned_in(plan: L.LogicalOp, var: str) -> tuple[bool, Any]:
    """(True, graph) when ``var`` is bound by a scan of ``graph`` (None: the query's graph)
    and carried unchanged to ``plan``; (False, None) when that is not certain."""
    op, graph = plan, None
    while True:
        if isinstance(op, (L.Project, L.Extend)):
            expr = dict(op.items).get(var)
            if expr is not None and not (isinstance(expr, Col) and expr.name == var):
                return False, None
        if isinstance(op, L.Aggregate):
            key = dict(op.keys).get(var)
            if not (isinstance(key, Col) and key.name == var):
                return False, None
        if isinstance(op, (L.NodeScan, L.RelationshipScan)):
            return op.var == var, graph
        if isinstance(op, InGraph):
            graph = op.graph
        children = [c for c in op.inputs() if var in c.fields]
        if len(children) != 1:
            return False, None
        op = children[0]


# -- CLONE ----------------------------------------------------------------------------------


def _plan_clones(planner, plan, clones, building: _Building):
    for clone in clones:
        if not isinstance(clone.expression, ast.Variable):
            raise UnsupportedFeature(
                "CLONE copies variables (CLONE x or CLONE x AS y)", position=clone.pos
            )
        source = clone.expression.name
        var = clone.alias or source
        etype = plan.fields[source]
        if var != source:
            plan = L.Extend(plan, ((var, Col(source, type=etype)),))
        building.add(BuiltElement(var), _is_node(etype, clone))
    return plan


def _is_node(etype: T.CypherType, node: ast.Node) -> bool:
    if isinstance(etype, T.ElementType):
        return etype.name == "NODE"
    raise UnsupportedFeature(
        f"CONSTRUCT copies node and relationship variables, not values of type {etype}",
        position=node.pos,
    )


# -- CREATE ---------------------------------------------------------------------------------


def _plan_creates(planner, plan, creates, building: _Building):
    """Bound relationships become copies between the pattern's endpoints; what is left of
    the patterns is an ordinary CREATE (bound nodes in it are implicit clones)."""
    from .create import plan_create

    parts: list[ast.PatternPart] = []
    for create in creates:
        for part in create.pattern.parts:
            parts += _split_at_bound_relationships(planner, plan, part, building)
    for part in parts:
        for node in part.element.nodes:
            if node.variable in plan.fields:
                building.add(
                    BuiltElement(node.variable), _is_node(plan.fields[node.variable], node)
                )
    if any(_creates_something(part, plan.fields) for part in parts):
        before = set(plan.fields)
        plan = plan_create(planner, plan, ast.Create(ast.Pattern(tuple(parts))))
        for var, ftype in plan.fields.items():
            if var not in before:
                building.add(BuiltElement(var, created=True), ftype.name == "NODE")
    return plan


def _creates_something(part: ast.PatternPart, bound) -> bool:
    element = part.element
    return bool(element.relationships) or any(n.variable not in bound for n in element.nodes)


def _split_at_bound_relationships(planner, plan, part: ast.PatternPart, building: _Building):
    """``(a)-[r]->(b)-[:T]->(c)`` with r bound: a copy of r from a to b, and the chains
    ``(a)`` and ``(b)-[:T]->(c)`` to create. Anonymous nodes get names to refer to."""
    element = part.element
    nodes = [
        n
        if n.variable
        else ast.NodePattern(planner.fresh("node"), n.labels, n.properties, pos=n.pos)
        for n in element.nodes
    ]
    chains: list[tuple[list, list]] = [([nodes[0]], [])]
    for rel, node in zip(element.relationships, nodes[1:], strict=True):
        if rel.variable is not None and rel.variable in plan.fields:
            _note_copy(rel, chains[-1][0][-1].variable, node.variable, plan, building)
            chains.append(([node], []))
        else:
            chains[-1][1].append(rel)
            chains[-1][0].append(node)
    return [
        ast.PatternPart(ast.PatternElement(tuple(ns), tuple(rs), pos=part.pos), pos=part.pos)
        for ns, rs in chains
    ]


def _note_copy(rel: ast.RelationshipPattern, left: str, right: str, plan, building) -> None:
    if rel.direction == "both":
        raise CypherSyntaxError(
            "Only directed relationships are supported in CONSTRUCT",
            code="RequiresDirectedRelationship",
            position=rel.pos,
        )
    if rel.types or rel.properties is not None or rel.length is not None:
        raise CypherSyntaxError(
            f"the copied relationship `{rel.variable}` keeps its type and properties: "
            "change them with SET",
            code="VariableAlreadyBound",
            position=rel.pos,
        )
    if _is_node(plan.fields[rel.variable], rel):
        raise CypherSyntaxError(
            f"`{rel.variable}` is a node", code="VariableTypeConflict", position=rel.pos
        )
    source, target = (left, right) if rel.direction == "out" else (right, left)
    building.add(BuiltElement(rel.variable, source=source, target=target), False)


# -- SET ------------------------------------------------------------------------------------


def _apply_set(planner, plan, item: ast.SetItem, building: _Building) -> None:
    if item.kind == "property":
        var = item.target.subject.name  # type: ignore[union-attr]
        entries = [(item.target.key, planner.lower(item.value, plan))]  # type: ignore[union-attr]
        _update(building, var, properties=entries, node=item)
    elif item.kind == "labels":
        _update(building, item.variable, labels=item.labels, node=item)
    else:  # 'replace' (x = map) or 'merge' (x += map)
        _update(
            building,
            item.variable,
            properties=_map_entries(planner, plan, item.value),
            replace=item.kind == "replace",
            node=item,
        )


def _update(building: _Building, var, node, properties=(), labels=(), replace=False) -> None:
    for into in (building.nodes, building.relationships):
        if var in into:
            element = into[var]
            if labels and into is building.relationships:
                raise CypherSyntaxError(
                    "relationships have no labels", code="InvalidArgumentType", position=node.pos
                )
            kept = () if replace else element.properties
            into[var] = BuiltElement(
                element.var,
                element.created,
                element.source,
                element.target,
                element.labels | frozenset(labels),
                tuple(kept) + tuple(properties),
                element.replace or replace,
            )
            return
    raise CypherSyntaxError(  # the semantic analysis reports this first
        f"`{var}` is not built by this CONSTRUCT", code="UndefinedVariable", position=node.pos
    )


def _map_entries(planner, plan, value: ast.Expr):
    lowered = planner.lower(value, plan)
    if isinstance(lowered, MapOf):
        return list(zip(lowered.keys, lowered.values, strict=True))
    if isinstance(lowered, Lit) and isinstance(lowered.value, dict):
        return [(k, Lit(v, type=T.type_of_value(v))) for k, v in lowered.value.items()]
    raise UnsupportedFeature("SET x = / += in CONSTRUCT needs a literal map", position=value.pos)
