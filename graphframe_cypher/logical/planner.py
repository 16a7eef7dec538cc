"""Logical planning: a checked AST in, a logical plan out.

Clauses are planned left to right over a growing plan. Patterns become scans joined on
element ids; projections (WITH/RETURN) become Project/Aggregate/Distinct/Sort/Skip/Limit.
Compile-time errors the semantic analysis left to planning (they need types) are raised here.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import ast
from .. import types as T
from ..errors import CypherSyntaxError, UnsupportedFeature
from ..graph.model import GraphSchema
from ..graph.query_graphs import QueryGraphs
from ..ir.expr import AggCall, Call, Col, IRExpr, Lit
from ..procedures import Procedure
from . import operators as L
from .call import plan_call
from .constants import evaluate_constant_count
from .expressions import ExpressionLowering, Scope, contains_aggregate
from .projection import plan_projection
from .subqueries import plan_subqueries
from .var_length import (
    check_shortest_path,
    distinct_relationships,
    path_of,
    plan_var_length,
)


@dataclass(frozen=True)
class LogicalPlan:
    root: L.LogicalOp
    columns: tuple[str, ...]
    # The CREATE clauses of an updating query, in order (None for read-only queries).
    updating: bool = False


def is_hidden(name: str) -> bool:
    """Fields the user never sees: anonymous pattern variables, endpoint ids, temporaries."""
    return name.startswith("  ") or "#" in name


class LogicalPlanner:
    def __init__(
        self,
        schema: GraphSchema,
        parameters: dict[str, Any] | None = None,
        procedures: Mapping[str, Procedure] | None = None,
        graphs: QueryGraphs | None = None,
    ):
        self.schema = schema
        self.parameters = dict(parameters or {})
        self.procedures = procedures or {}
        # Hidden correlation keys of the subquery being planned: projections carry them.
        self.correlation: tuple[str, ...] = ()
        # The graphs a multiple-graph query names, and the one patterns match in now
        # (None: the query's own graph, ``schema``).
        self.graphs = graphs
        self.graph_key: ast.GraphRef | None = None
        self.lowering = self.make_lowering()
        self._fresh = itertools.count()

    def make_lowering(self, allow_aggregates: bool = False) -> ExpressionLowering:
        # every lowering of a query reads the first one's clock: one instant per statement
        first = getattr(self, "lowering", None)
        return ExpressionLowering(
            self.parameters,
            allow_aggregates,
            self.schema.id_type,
            clock=first.clock if first is not None else None,
        )

    def _id_ref(self, var: str, vtype: T.CypherType, kind: str | None = None) -> IRExpr:
        """The id of an element field (an id field is its own id). ``kind``: the element
        a pattern needs there ('NODE' or 'RELATIONSHIP'); a field of unknown type must
        hold one at runtime."""
        if isinstance(vtype, T.ElementType):
            return Call("id", (Col(var, type=vtype),), type=self.schema.id_type)
        if kind is not None and vtype == T.ANY:
            checked = (Col(var, type=vtype), Lit(kind, type=T.STRING))
            return Call("element_id", checked, type=self.schema.id_type)
        return Col(var, type=vtype)

    def fresh(self, hint: str) -> str:
        return f"  {hint}{next(self._fresh)}"

    def use_graph(self, ref: ast.GraphRef | None) -> None:
        """FROM GRAPH: the following patterns match in ``ref`` (None: the query's graph)."""
        if ref is not None and self.graphs is None:
            raise UnsupportedFeature("FROM GRAPH needs a session catalog", position=ref.pos)
        self.graph_key = ref
        self.schema = self.graphs.schema(ref) if self.graphs is not None else self.schema

    def _scan(self, scan: L.LogicalOp) -> L.LogicalOp:
        """A scan of the graph patterns currently match in."""
        from .construct import InGraph

        return scan if self.graph_key is None else InGraph(scan, self.graph_key)

    # -- queries ------------------------------------------------------------------------

    def plan(self, query: ast.Query) -> LogicalPlan:
        body = query.body
        if isinstance(body, (ast.SingleQuery, ast.UnionQuery)):
            root, updating = self._plan_body(body)
            columns = tuple(n for n in root.fields if not is_hidden(n))
            return LogicalPlan(root, columns, updating)
        raise UnsupportedFeature(
            f"{type(body).__name__} statements are not supported yet", position=body.pos
        )

    def _plan_body(self, body) -> tuple[L.LogicalOp, bool]:
        if isinstance(body, ast.UnionQuery):
            # Parts of a UNION run as one plan, not in stages (see stages.py).
            self._in_union = True
            left, lu = self._plan_body(body.left)
            right, ru = self._plan_body(body.right)
            if list(left.fields) != list(right.fields):
                raise CypherSyntaxError(
                    "All sub queries in a UNION must have the same return column names",
                    code="DifferentColumnsInUnion",
                    position=body.pos,
                )
            return L.Union(left, right, body.all), lu or ru
        return self._plan_single(body)

    def plan_correlated(
        self, query: ast.SingleQuery, start: L.LogicalOp, keys: tuple[str, ...]
    ) -> L.LogicalOp:
        """A subquery over the rows of ``start``, carrying its hidden ``keys`` along."""
        saved = self.correlation
        self.correlation = saved + keys
        graph = (self.graph_key, self.schema)  # a subquery matches in the outer graph
        try:
            plan, _ = self.plan_clauses(query.clauses, start, final=False)
        finally:
            self.correlation = saved
            self.graph_key, self.schema = graph
        return plan

    def _plan_single(self, query: ast.SingleQuery) -> tuple[L.LogicalOp, bool]:
        return self.plan_clauses(query.clauses, L.Start(), final=True)

    def plan_clauses(self, clauses, plan: L.LogicalOp, final: bool) -> tuple[L.LogicalOp, bool]:
        """Plans ``clauses`` over ``plan``; ``final``: they end the query (a query ending
        without RETURN returns no rows)."""
        updating = False
        if self.graphs is not None and final:
            self.use_graph(None)
        for clause in clauses:
            if isinstance(clause, ast.Match):
                plan = self._plan_match(plan, clause)
            elif isinstance(clause, ast.With):
                plan = self._plan_with(plan, clause)
            elif isinstance(clause, ast.Return):
                plan = plan_projection(self, plan, clause.body, final=True)
            elif isinstance(clause, ast.Unwind):
                plan = self._plan_unwind(plan, clause)
            elif isinstance(clause, ast.Call):
                plan = plan_call(self, plan, clause)
            elif isinstance(clause, ast.Create):
                from .create import plan_create

                plan = plan_create(self, plan, clause)
                updating = True
            elif isinstance(clause, (ast.Set, ast.Remove, ast.Delete, ast.Merge)):
                plan = self._plan_update(plan, clause)
                updating = True
            elif isinstance(clause, (ast.FromGraph, ast.Construct, ast.ReturnGraph)):
                from .construct import plan_graph_clause

                plan = plan_graph_clause(self, plan, clause)
            else:
                raise UnsupportedFeature(
                    f"{type(clause).__name__.upper()} is not supported yet", position=clause.pos
                )
        if final and not _returns_rows(clauses[-1]):
            # A query without RETURN (an updating one) returns no rows.
            plan = L.Limit(L.Project(plan, ()), 0)
        return plan, updating

    def _plan_update(self, plan: L.LogicalOp, clause: ast.Clause) -> L.LogicalOp:
        from . import merge, updates

        if getattr(self, "_in_union", False):
            raise UnsupportedFeature(
                f"{type(clause).__name__.upper()} inside UNION is not supported yet",
                position=clause.pos,
            )
        if isinstance(clause, ast.Set):
            return updates.plan_set(self, plan, clause)
        if isinstance(clause, ast.Remove):
            return updates.plan_remove(self, plan, clause)
        if isinstance(clause, ast.Delete):
            return updates.plan_delete(self, plan, clause)
        return merge.plan_merge(self, plan, clause)

    # -- expressions --------------------------------------------------------------------

    def scope_of(self, plan: L.LogicalOp) -> Scope:
        return Scope(dict(plan.fields))

    def lower(self, expr: ast.Expr, plan_or_scope) -> IRExpr:
        scope = plan_or_scope if isinstance(plan_or_scope, Scope) else self.scope_of(plan_or_scope)
        return self.lowering.lower(expr, scope)

    def constant_count(self, expr: ast.Expr, clause: str) -> int:
        return evaluate_constant_count(self, expr, clause)

    # -- WITH / UNWIND ------------------------------------------------------------------

    def _plan_with(self, plan: L.LogicalOp, clause: ast.With) -> L.LogicalOp:
        return plan_projection(self, plan, clause.body, final=False, where=clause.where)

    def _plan_unwind(self, plan: L.LogicalOp, clause: ast.Unwind) -> L.LogicalOp:
        expr = self.lower(clause.expression, plan)
        etype = expr.type.element if isinstance(expr.type, T.ListType) else T.ANY
        if expr.type == T.NULL:
            etype = T.NULL
        return L.Unwind(plan, expr, clause.variable, etype)

    # -- MATCH --------------------------------------------------------------------------

    def _plan_match(self, plan: L.LogicalOp, clause: ast.Match) -> L.LogicalOp:
        if clause.optional:
            return self._plan_optional_match(plan, clause)
        return self.match_pattern(plan, clause.pattern.parts, clause.where)

    def match_pattern(self, plan: L.LogicalOp, parts, where: ast.Expr | None) -> L.LogicalOp:
        """The rows of ``plan`` extended with each match of the pattern ``parts`` (joined on
        the variables already bound) that satisfies ``where``."""
        rel_vars: list[str] = []
        for part in parts:
            plan = self._plan_pattern_part(plan, part, rel_vars)
        plan = self._relationship_uniqueness(plan, rel_vars)
        if where is not None:
            self._reject_aggregate(where)
            plan, (where,) = plan_subqueries(self, plan, [where])
            plan = L.Filter(plan, self.lower(where, plan))
        return plan

    def _plan_optional_match(self, plan: L.LogicalOp, clause: ast.Match) -> L.LogicalOp:
        """OPTIONAL MATCH: a left join of the rows so far with the pattern's matches, joined
        on the variables both share; rows without a match keep nulls for the new ones."""
        bound = dict(plan.fields)
        renames = {v: f"{v}#outer" for v in bound}
        inner = _optional_seed(plan, clause.pattern, renames)
        rel_vars: list[str] = []
        for part in clause.pattern.parts:
            inner = self._plan_pattern_part(inner, _rename_part(part, renames, bound), rel_vars)
        inner = self._relationship_uniqueness(inner, rel_vars)
        shared = [v for v in renames if renames[v] in inner.fields]
        on = tuple(
            (self._id_ref(v, bound[v]), self._id_ref(renames[v], inner.fields[renames[v]]))
            for v in shared
        )
        predicate = None
        if clause.where is not None:
            self._reject_aggregate(clause.where)
            scope = Scope({**inner.fields, **bound})
            predicate = self.lower(clause.where, scope)
        kind = "left"
        joined = L.Join(plan, inner, on, kind, predicate)
        keep = [(n, Col(n, type=t)) for n, t in joined.fields.items() if not n.endswith("#outer")]
        return L.Project(joined, tuple(keep))

    def _reject_aggregate(self, expr: ast.Expr) -> None:
        if contains_aggregate(expr):
            raise CypherSyntaxError(
                "Invalid use of aggregating function in WHERE",
                code="InvalidAggregation",
                position=expr.pos,
            )

    def _relationship_uniqueness(self, plan, rel_vars: list[str]):
        """Within one MATCH no relationship is traversed twice, bound ones included (a
        variable-length relationship's own list repeats none: its expand sees to that)."""
        for a, b in itertools.combinations(dict.fromkeys(rel_vars), 2):
            plan = L.Filter(plan, distinct_relationships(self, plan, a, b))
        return plan

    def _plan_pattern_part(self, plan, part: ast.PatternPart, rel_vars: list[str]):
        element = part.element
        if part.function is not None:
            check_shortest_path(part)
        # Anonymous, unlabelled, property-less nodes next to a relationship need no scan:
        # every relationship's endpoints exist. A path variable needs the nodes, though, and
        # a variable-length relationship needs a node to start from.
        may_skip = part.variable is None and bool(element.relationships)
        rels = element.relationships
        first_var_length = bool(rels) and rels[0].length is not None
        plan, var = self._bind_node(plan, element.nodes[0], None, may_skip and not first_var_length)
        path_nodes: list[IRExpr] = [Col(var, type=plan.fields[var])] if var else []
        path_rels: list[IRExpr] = []
        for rel, node in zip(element.relationships, element.nodes[1:]):
            if rel.length is not None:
                plan, rvar, far_end = plan_var_length(
                    self, plan, rel, var, part.function, node.variable
                )
                reached = Col(L.nodes_field(rvar), type=plan.fields[L.nodes_field(rvar)])
            else:
                plan, rvar, far_end = self._bind_relationship(plan, rel, var)
                reached = None
            rel_vars.append(rvar)
            plan, var = self._bind_node(plan, node, far_end, may_skip)
            path_rels.append(Col(rvar, type=plan.fields[rvar]))
            path_nodes.append(reached or Col(var, type=plan.fields[var]))  # type: ignore[arg-type]
        if part.variable is not None:
            plan = L.Extend(plan, ((part.variable, path_of(path_nodes, path_rels)),))
        return plan

    def _bind_node(self, plan, node: ast.NodePattern, link_field: str | None, may_skip=False):
        """Joins the pattern's node into the plan; ``link_field`` is the id field it must
        equal (the previous relationship's far end), None for the first node. Returns the
        plan and the field that identifies the node: the link field itself (or None) when
        the node needs no scan."""
        if may_skip and node.variable is None and not node.labels and node.properties is None:
            return plan, link_field
        var = node.variable or self.fresh("node")
        labels = frozenset(node.labels)
        if var in plan.fields:
            if link_field is not None:
                cond = Call(
                    "eq",
                    (
                        Col(link_field, type=plan.fields[link_field]),
                        self._id_ref(var, plan.fields[var], "NODE"),
                    ),
                    type=T.BOOLEAN,
                )
                plan = L.Filter(plan, cond)
            if labels:
                plan = L.Filter(
                    plan,
                    Call(
                        "has_labels",
                        (
                            Col(var, type=plan.fields[var]),
                            Lit(sorted(labels), type=T.ListType(T.STRING)),
                        ),
                        type=T.BOOLEAN,
                    ),
                )
        else:
            scan = L.NodeScan(var, labels, self.schema.node_type(labels))
            if link_field is None:
                plan = L.Join(plan, self._scan(scan), (), "cross")
            else:
                on = (
                    (Col(link_field, type=plan.fields[link_field]), self._id_ref(var, scan.type)),
                )
                plan = L.Join(plan, self._scan(scan), on, "inner")
        return self._property_filter(plan, var, node.properties), var

    def _bind_relationship(self, plan, rel: ast.RelationshipPattern, from_var: str | None):
        """Joins the pattern's relationship into the plan from ``from_var`` (None: from any
        node); returns the plan, the relationship's variable and the field holding its far
        end."""
        var = rel.variable or self.fresh("rel")
        types = frozenset(rel.types)
        # A relationship bound earlier is scanned again under a temporary name and
        # required to be the same relationship.
        scan_var = self.fresh(f"{var}#again") if var in plan.fields else var
        scan = L.RelationshipScan(
            scan_var,
            types,
            rel.direction,
            self.schema.relationship_type(types),
            self.schema.id_type,
        )
        from_id = Col(L.from_field(scan_var), type=self.schema.id_type)
        on = []
        if from_var is not None:
            on.append((self._id_ref(from_var, plan.fields[from_var], "NODE"), from_id))
        if scan_var != var:
            bound_id = self._id_ref(var, plan.fields[var], "RELATIONSHIP")
            on.append((bound_id, self._id_ref(scan_var, scan.type)))
        plan = L.Join(plan, self._scan(scan), tuple(on), "inner" if on else "cross")
        plan = self._property_filter(plan, scan_var, rel.properties)
        return plan, var, L.to_field(scan_var)

    def _property_filter(self, plan, var: str, properties: ast.Expr | None):
        if properties is None:
            return plan
        subject = Col(var, type=plan.fields[var])
        for key, value in self.property_entries(self.scope_of(plan), properties):
            plan = L.Filter(plan, self.property_equals(subject, key, value))
        return plan

    def property_entries(self, scope: Scope, properties: ast.Expr) -> list[tuple[str, IRExpr]]:
        """The (key, value) pairs of a pattern's property map."""
        if isinstance(properties, ast.MapLiteral):
            return [(k, self.lower(v, scope)) for k, v in properties.entries]
        value = self.lower(properties, scope)
        if not isinstance(value, Lit) or not isinstance(value.value, dict):
            raise UnsupportedFeature("property maps must be literal maps", position=properties.pos)
        return [(k, Lit(v, type=T.type_of_value(v))) for k, v in value.value.items()]

    def property_equals(self, subject: IRExpr, key: str, value: IRExpr) -> IRExpr:
        prop = self.lowering._property(subject, key)
        return Call("eq", (prop, value), type=T.BOOLEAN)


def _returns_rows(last: ast.Clause) -> bool:
    return isinstance(last, ast.Return) or isinstance(last, ast.Call) and last.standalone


def _optional_seed(plan: L.LogicalOp, pattern: ast.Pattern, renames: dict[str, str]):
    """Where an OPTIONAL MATCH pattern starts: the distinct values of the bound variables
    it mentions (under their ``#outer`` names), so that it expands only from the elements
    the rows hold, not from every node of the graph; one empty row when it mentions none."""
    mentioned = {
        sub.variable
        for part in pattern.parts
        for sub in part.walk()
        if isinstance(sub, (ast.NodePattern, ast.RelationshipPattern)) and sub.variable
    }
    used = [v for v in renames if v in mentioned]
    if not used:
        return L.Start()
    items = tuple((renames[v], Col(v, type=plan.fields[v])) for v in used)
    return L.Distinct(L.Project(plan, items))


def _rename_part(part: ast.PatternPart, renames: dict[str, str], bound: dict) -> ast.PatternPart:
    """Renames the bound variables of an OPTIONAL MATCH pattern so that its matches can be
    planned on their own and joined back on the shared variables."""

    def node(n: ast.NodePattern) -> ast.NodePattern:
        if n.variable in renames:
            return ast.NodePattern(renames[n.variable], n.labels, n.properties, pos=n.pos)
        return n

    def rel(r: ast.RelationshipPattern) -> ast.RelationshipPattern:
        if r.variable in renames:
            return ast.RelationshipPattern(
                renames[r.variable], r.types, r.properties, r.direction, r.length, pos=r.pos
            )
        return r

    element = part.element
    new_element = ast.PatternElement(
        tuple(node(n) for n in element.nodes),
        tuple(rel(r) for r in element.relationships),
        pos=element.pos,
    )
    return ast.PatternPart(new_element, part.variable, part.function, pos=part.pos)


__all__ = ["LogicalPlanner", "LogicalPlan", "is_hidden", "AggCall"]
