"""Plans a variable-length pattern whose paths nothing reads as a reachability search.

``MATCH (a {id: $x})-[:KNOWS*1..3]->(b) RETURN count(DISTINCT b)`` needs only which nodes
``a`` reaches, not every path that reaches them; enumerating the paths is exponential in the
bound. A :class:`~..logical.operators.VarExpand` becomes a
:class:`~..logical.operators.Reach` (a breadth-first search over distinct (start, end)
pairs that expands only the pairs new at each hop and stops when there are none) when all of
these hold:

1. Nothing reads the paths: no operator above the expand needs its relationship list, the
   list's ids (relationship uniqueness with the pattern's other relationships, a list bound
   earlier, property maps reading the row) or its nodes (a path variable), except in items
   of projections whose values nothing needs in turn (those items are dropped).
2. The number of rows does not matter. A variable-length pattern yields one row per path, and
   ``Reach`` one per (start, end) pair; the results agree only where every row is consumed
   as a member of a set: below a ``DISTINCT`` (also RETURN/WITH DISTINCT and the rows an
   EXISTS or pattern predicate checks) or an aggregation whose aggregates are all DISTINCT,
   ``min`` or ``max`` (grouping keys alone are a DISTINCT), through operators that map a set
   of rows to the same set whatever the duplicates (projections and filters without random
   functions, joins, UNWIND, ORDER BY, UNION, other expands). SKIP, LIMIT, other
   aggregates (and anything else, such as updates) count rows and stop this. A
   shortestPath has one row per (start, end) pair already, so it qualifies wherever its
   path is unread; allShortestPaths (one row per shortest path) only where the number of
   rows does not matter.
3. A walk's reach is a trail's reach: Cypher matches trails (no relationship twice), a
   breadth-first search follows walks. A shortest walk of at least one hop is a trail (from
   a node to another it is a simple path; back to the start in a directed pattern it is a
   simple cycle), so the pairs joined by a trail of 1..n hops are those joined by a walk of
   1..n hops. That needs a minimal length of 0 or 1 (a pair reached in one hop may have no
   trail of exactly two), and, for a closed trail back to the start, a directed pattern:
   undirected, ``a-b-a`` is a walk over one relationship twice. Shortest paths never
   return to their start, so they qualify in any direction.
"""

from __future__ import annotations

from ..ir.expr import AggCall, Call, IRExpr, columns_used
from ..logical import operators as L
from ..semantic.functions import lookup

_ROW_COUNT_FREE = frozenset({"min", "max"})


def plan_reachability(plan: L.LogicalOp) -> L.LogicalOp:
    rewritten, _ = _visit(plan, frozenset(plan.fields), as_set=False)
    return rewritten


def _visit(op: L.LogicalOp, required: frozenset[str], as_set: bool):
    """``op`` rewritten where it qualifies, given the fields its parent ``required`` and
    whether the parent consumes its rows ``as_set``; also the fields the rewritten plan no
    longer binds (so that the projections above drop the items reading them)."""
    if isinstance(op, L.VarExpand) and _qualifies(op, required, as_set):
        child, dropped = _visit(op.input, _expand_input_needs(op, required), as_set)
        return _reach(op, child), dropped | _path_fields(op)
    children = op.inputs()
    results = [
        _visit(child, needs, child_as_set)
        for child, (needs, child_as_set) in zip(
            children, _input_needs(op, required, as_set), strict=True
        )
    ]
    if any(new is not old for (new, _), old in zip(results, children, strict=True)):
        op = op.with_inputs(*(new for new, _ in results))
    dropped = frozenset().union(*(d for _, d in results))
    return _without_items_reading(op, dropped) if dropped else (op, dropped)


def _qualifies(op: L.VarExpand, required: frozenset[str], as_set: bool) -> bool:
    if required & _path_fields(op):
        return False
    if op.min_length > 1:
        return False
    if op.shortest:
        return op.shortest == "single" or as_set
    return as_set and _direction(op.steps) != "both"


def _reach(op: L.VarExpand, child: L.LogicalOp) -> L.Reach:
    return L.Reach(
        child,
        source=op.source,
        steps=op.steps,
        step_var=op.step_var,
        var=op.var,
        min_length=op.min_length,
        max_length=op.max_length,
        id_type=op.id_type,
        shortest=bool(op.shortest),
        target=op.target,
        graph=op.graph,
    )


def _path_fields(op: L.VarExpand) -> frozenset[str]:
    return frozenset({op.var, L.ids_field(op.var), L.nodes_field(op.var)})


def _direction(steps: L.LogicalOp) -> str:
    while not isinstance(steps, L.RelationshipScan):
        (steps,) = steps.inputs()
    return steps.direction


def _uses(exprs) -> frozenset[str]:
    return frozenset().union(*(columns_used(e) for e in exprs if e is not None))


def _deterministic(exprs) -> bool:
    def random(e: IRExpr) -> bool:
        spec = lookup(e.fn) if isinstance(e, Call) else None
        return spec is not None and not spec.deterministic

    return not any(random(e) for expr in exprs for e in expr.walk())


def _expand_input_needs(op: L.VarExpand | L.Reach, required: frozenset[str]):
    produced = frozenset(op.fields) - frozenset(op.input.fields)
    return (required - produced) | _uses([op.source, op.target])


def _input_needs(op: L.LogicalOp, required: frozenset[str], as_set: bool):
    """For each input of ``op``: the fields it must bind and whether its rows are consumed
    as a set."""
    everything = [(frozenset(child.fields), False) for child in op.inputs()]
    if isinstance(op, (L.Project, L.Extend)):
        items = [(name, expr) for name, expr in op.items if name in required]
        exprs = [expr for _, expr in items]
        kept = required - {name for name, _ in op.items} if isinstance(op, L.Extend) else set()
        return [(frozenset(kept) | _uses(exprs), as_set and _deterministic(exprs))]
    if isinstance(op, L.Filter):
        deterministic = _deterministic([op.predicate])
        return [(required | _uses([op.predicate]), as_set and deterministic)]
    if isinstance(op, L.Join):
        needs = required | _uses([e for pair in op.on for e in pair] + [op.predicate])
        return [(needs & frozenset(side.fields), as_set) for side in op.inputs()]
    if isinstance(op, (L.VarExpand, L.Reach)):
        return [(_expand_input_needs(op, required), as_set)]
    if isinstance(op, L.Aggregate):
        exprs = [e for _, e in op.keys] + [e for _, e in op.aggregates]
        return [(_uses(exprs), all(_count_free(agg) for _, agg in op.aggregates))]
    if isinstance(op, L.Distinct):
        return [(frozenset(op.input.fields), True)]
    if isinstance(op, L.Sort):
        return [(required | _uses([e for e, _ in op.items]), as_set)]
    if isinstance(op, L.Unwind):
        return [((required - {op.var}) | _uses([op.expression]), as_set)]
    if isinstance(op, (L.Skip, L.Limit)):
        return [(required, False)]
    if isinstance(op, L.Union):
        return [(frozenset(side.fields), as_set or not op.all) for side in op.inputs()]
    # SKIP, LIMIT, updates, graph construction...: every field and every row counts.
    return everything


def _count_free(agg: AggCall) -> bool:
    """Whether an aggregate's value ignores how often each input row occurs."""
    return (agg.distinct or agg.fn in _ROW_COUNT_FREE) and _deterministic(agg.args)


def _without_items_reading(op: L.LogicalOp, dropped: frozenset[str]):
    """``op`` without the projected items that read ``dropped`` fields (nothing above
    needs them: the rewrite checked), and the fields it no longer binds."""
    if not isinstance(op, (L.Project, L.Extend)):
        return op, dropped
    kept = tuple((n, e) for n, e in op.items if not columns_used(e) & dropped)
    gone = frozenset(n for n, _ in op.items) - {n for n, _ in kept}
    if isinstance(op, L.Project):
        return L.Project(op.input, kept), gone
    return (L.Extend(op.input, kept) if kept else op.input), dropped | gone
