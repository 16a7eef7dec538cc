"""Planning of MERGE, set-based.

Cypher defines MERGE row by row: each input row matches the whole pattern or creates all
of it, and sees what earlier rows created. Here all rows are handled at once:

1. every row is left-joined with the pattern's matches in the graph (as OPTIONAL MATCH);
2. rows without a match are grouped by their *merge key*: the bound nodes the pattern
   uses and the values of its property maps. Each distinct key creates the pattern once,
   and every row of the group binds to that creation. Rows with equal keys would have
   matched the first row's creation, so this equals the row-by-row result for one MERGE:
   the elements a key creates match exactly the rows with that key.
3. the first row of a group (by input order, the ``  row`` field the stage numbered) counts
   as *created* (ON CREATE SET), the others as *matched* (ON MATCH SET), as row by row.

Limits: keys are compared with Spark equality, so ``{n: 1}`` and ``{n: 1.0}`` are two
keys (Cypher would match the first row's node from the second row); a null property value
in the pattern is rejected only when it is a literal (MergeReadOwnWrites).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .. import ast
from .. import types as T
from ..errors import CypherSemanticError
from ..ir.expr import AggCall, Call, Col, IRExpr, Lit, PathOf
from . import operators as L
from .updates import plan_set

if TYPE_CHECKING:
    from .planner import LogicalPlanner

ROW = "  row"
CREATED = "  merge#created"
_FIRST = "  merge#first"
_ALL = "  merge#all"


def plan_merge(planner: LogicalPlanner, plan: L.LogicalOp, clause: ast.Merge) -> L.LogicalOp:
    part = _named(planner, clause.pattern)
    element = part.element
    bound = dict(plan.fields)
    if ROW not in bound:
        plan = L.Extend(plan, ((ROW, Lit(0, type=T.INTEGER)),))
        bound = dict(plan.fields)
    pattern_match = ast.Match(
        pos=clause.pos,
        pattern=ast.Pattern((_without_properties(part),)),
        where=_property_condition(part),
        optional=True,
    )
    matches = planner._plan_optional_match(plan, pattern_match)
    new_vars = [v for v in _pattern_vars(element) if v not in bound]
    probe = Call(
        "is_not_null", (planner._id_ref(new_vars[0], matches.fields[new_vars[0]]),), type=T.BOOLEAN
    )
    output = [*bound, *new_vars]

    matched = L.Filter(matches, probe)
    matched = _project(matched, output, (CREATED, Lit(False, type=T.BOOLEAN)))

    missing = L.Filter(matches, Call("not", (probe,), type=T.BOOLEAN))
    missing = L.Project(missing, tuple((n, Col(n, type=t)) for n, t in bound.items()))
    created = _create_missing(planner, missing, element, bound)

    union: L.LogicalOp = L.Union(matched, created, all=True)
    if part.variable is not None:
        union = L.Extend(union, ((part.variable, _path(union, element)),))
    for action in clause.actions:
        flag = Col(CREATED, type=T.BOOLEAN)
        condition = flag if action.on == "create" else Call("not", (flag,), type=T.BOOLEAN)
        union = plan_set(planner, union, action.set, condition)
    return union


def _create_missing(planner, missing: L.LogicalOp, element: ast.PatternElement, bound):
    """Creates the pattern once per distinct merge key of the rows without a match and
    binds every such row to its key's elements."""
    scope = planner.scope_of(missing)
    keys: list[tuple[str, IRExpr]] = []

    def key_columns(properties: ast.Expr | None) -> tuple[tuple[str, IRExpr], ...]:
        out = []
        for key, value in _property_entries(planner, properties, scope):
            name = f"  merge#key{len(keys)}"
            keys.append((name, value))
            out.append((key, Col(name, type=value.type)))
        return tuple(out)

    nodes, rels, new_fields = [], [], []
    for node in element.nodes:
        if node.variable in bound or any(n[0] == node.variable for n in nodes):
            continue
        props = key_columns(node.properties)
        nodes.append((node.variable, frozenset(node.labels), props))
        new_fields.append(
            (node.variable, T.NodeType({k: e.type for k, e in props}, set(node.labels)))
        )
    for index, rel in enumerate(element.relationships):
        props = key_columns(rel.properties)
        left, right = element.nodes[index].variable, element.nodes[index + 1].variable
        source, target = (right, left) if rel.direction == "in" else (left, right)
        rels.append((rel.variable, rel.types[0], source, target, props))
        new_fields.append(
            (rel.variable, T.RelationshipType({k: e.type for k, e in props}, {rel.types[0]}))
        )

    used = [v for v in dict.fromkeys(n.variable for n in element.nodes) if v in bound]
    keyed = L.Extend(missing, tuple(keys)) if keys else missing
    key_items = [(v, Col(v, type=bound[v])) for v in used]
    key_items += [(n, Col(n, type=e.type)) for n, e in keys]
    if not key_items:
        # One creation for all rows, and none when every row matched (an aggregate without
        # grouping keys would yield a row even for no input).
        keyed = L.Extend(keyed, ((_ALL, Lit(True, type=T.BOOLEAN)),))
        key_items = [(_ALL, Col(_ALL, type=T.BOOLEAN))]
    first = AggCall("min", (Col(ROW, type=T.INTEGER),), type=T.INTEGER)
    distinct = L.Aggregate(keyed, tuple(key_items), ((_FIRST, first),))
    made = L.CreateElements(distinct, tuple(nodes), tuple(rels), tuple(new_fields))
    # The key side's copies of the key fields get their own names for the join.
    renamed = {n: f"{n}#merge" for n, _ in key_items + [(_FIRST, None)]}
    made_items = [(renamed.get(n, n), Col(n, type=t)) for n, t in made.fields.items()]
    made_renamed = L.Project(made, tuple(made_items))
    on = tuple(
        (planner._id_ref(n, keyed.fields[n]), planner._id_ref(renamed[n], made.fields[n]))
        for n, _ in key_items
    )
    joined = L.Join(keyed, made_renamed, on, "inner" if on else "cross")
    flag = Call(
        "eq", (Col(ROW, type=T.INTEGER), Col(renamed[_FIRST], type=T.INTEGER)), type=T.BOOLEAN
    )
    new_vars = [v for v, _ in new_fields]
    return _project(joined, [*bound, *new_vars], (CREATED, flag))


def _project(plan: L.LogicalOp, names, extra) -> L.LogicalOp:
    items = tuple((n, Col(n, type=plan.fields[n])) for n in names)
    return L.Project(plan, (*items, extra))


def _path(plan: L.LogicalOp, element: ast.PatternElement) -> IRExpr:
    nodes = tuple(Col(n.variable, type=plan.fields[n.variable]) for n in element.nodes)
    rels = tuple(Col(r.variable, type=plan.fields[r.variable]) for r in element.relationships)
    ptype = T.PathType(
        T.join_all(n.type for n in nodes),  # type: ignore[arg-type]
        T.join_all(r.type for r in rels) if rels else T.RELATIONSHIP,  # type: ignore[arg-type]
    )
    return PathOf(nodes, rels, type=ptype)


def _pattern_vars(element: ast.PatternElement) -> list[str]:
    names = [n.variable for n in element.nodes] + [r.variable for r in element.relationships]
    return list(dict.fromkeys(names))  # type: ignore[arg-type]


def _named(planner, part: ast.PatternPart) -> ast.PatternPart:
    """The pattern with a name for every anonymous node and relationship (the match and
    the creation must refer to the same elements)."""
    element = part.element
    nodes = tuple(
        n if n.variable else replace(n, variable=planner.fresh("merge_node")) for n in element.nodes
    )
    rels = tuple(
        r if r.variable else replace(r, variable=planner.fresh("merge_rel"))
        for r in element.relationships
    )
    return replace(part, element=replace(element, nodes=nodes, relationships=rels))


def _without_properties(part: ast.PatternPart) -> ast.PatternPart:
    element = part.element

    def strip(item):
        literal = isinstance(item.properties, ast.MapLiteral)
        return replace(item, properties=None) if literal else item

    nodes = tuple(strip(n) for n in element.nodes)
    rels = tuple(strip(r) for r in element.relationships)
    return replace(part, element=replace(element, nodes=nodes, relationships=rels))


def _property_condition(part: ast.PatternPart) -> ast.Expr | None:
    """The pattern's property maps as a condition of the match: their values may read the
    input row's variables, which a pattern planned on its own (as OPTIONAL MATCH plans it)
    does not see."""
    conditions = []
    element = part.element
    for item in (*element.nodes, *element.relationships):
        if not isinstance(item.properties, ast.MapLiteral):
            continue
        subject = ast.Variable(item.variable, pos=item.pos)
        for key, value in item.properties.entries:
            prop = ast.Property(subject, key, pos=value.pos)
            conditions.append(ast.BinaryOp(op="=", left=prop, right=value, pos=value.pos))
    result = conditions[0] if conditions else None
    for condition in conditions[1:]:
        result = ast.BinaryOp(op="AND", left=result, right=condition, pos=condition.pos)
    return result


def _property_entries(planner, properties: ast.Expr | None, scope) -> list[tuple[str, IRExpr]]:
    if properties is None:
        return []
    from .create import _properties

    entries = _properties(planner, properties, scope)
    for key, value in entries:
        if isinstance(value, Lit) and value.value is None:
            raise CypherSemanticError(
                f"Cannot merge the following node because of null property value for '{key}'",
                code="MergeReadOwnWrites",
                position=properties.pos,
            )
    return entries
