"""Column pruning: every operator computes only the columns something above it reads.

Element variables are exploded into many columns (labels, every property key of every
table they may come from); a query reads few of them. Pruning the relational plan before a
backend sees it keeps backends from building expressions nobody reads (for Spark each one
costs a round trip to the JVM, even though Catalyst would drop it later).
"""

from __future__ import annotations

import dataclasses

from ..ir.expr import Col, IRExpr, columns_used
from . import operators as R
from .construct import BuildGraph


def prune_columns(plan: R.RelOp) -> R.RelOp:
    pruning = _Pruning()
    pruning.collect(plan, set(plan.column_names))
    return pruning.build(plan)


class _Pruning:
    """Two passes: ``collect`` gathers the columns each operator's readers need (the union
    over all readers of an operator the plan uses in several places), ``build`` then prunes
    every operator once to those columns, so that a shared operator stays shared."""

    def __init__(self):
        # id(operator) -> (operator, the columns its readers need)
        self._required: dict[int, tuple[R.RelOp, set[str]]] = {}
        self._built: dict[int, R.RelOp] = {}

    def collect(self, op: R.RelOp, required: set[str]) -> R.RelOp:
        known = self._required.get(id(op))
        if known is not None and required <= known[1]:
            return op
        needed = set(required) | (known[1] if known else set())
        self._required[id(op)] = (op, needed)
        handler = _HANDLERS.get(type(op))
        if handler is not None:
            handler(op, needed, self.collect)
        return op

    def build(self, op: R.RelOp, required: set[str] | None = None) -> R.RelOp:
        built = self._built.get(id(op))
        if built is not None:
            return built
        handler = _HANDLERS.get(type(op))
        if handler is None:
            built = op
        else:
            known = self._required.get(id(op))
            built = handler(op, known[1] if known else set(op.column_names), self.build)
        self._built[id(op)] = built
        return built


def _used(exprs) -> set[str]:
    out: set[str] = set()
    for e in exprs:
        if isinstance(e, IRExpr):
            out |= columns_used(e)
    return out


def _keep(items, required: set[str]):
    return tuple((n, e) for n, e in items if n in required)


def _columns(items) -> tuple:
    return tuple((n, e.type) for n, e in items)


def _restrict(columns, required: set[str]) -> tuple:
    return tuple((n, t) for n, t in columns if n in required)


def _select(op: R.Select, required, prune):
    items = _keep(op.items, required)
    child = prune(op.input, _used(e for _, e in items))
    return dataclasses.replace(op, input=child, items=items, columns=_columns(items))


def _scan(op: R.TableScan, required, prune):
    items = _keep(op.items, required)
    return dataclasses.replace(op, items=items, columns=_columns(items))


def _values(op: R.Values, required, prune):
    keep = [i for i, (name, _) in enumerate(op.columns) if name in required]
    rows = tuple(tuple(row[i] for i in keep) for row in op.rows)
    return dataclasses.replace(op, rows=rows, columns=tuple(op.columns[i] for i in keep))


def _filter(op: R.Filter, required, prune):
    child = prune(op.input, required | columns_used(op.predicate))
    return dataclasses.replace(op, input=child, columns=child.columns)


def _join(op: R.Join, required, prune):
    needed = set(required)
    needed |= {a for a, _ in op.on} | {b for _, b in op.on}
    if op.predicate is not None:
        needed |= columns_used(op.predicate)
    left = prune(op.left, needed & set(op.left.column_names))
    right = prune(op.right, needed & set(op.right.column_names))
    return dataclasses.replace(op, left=left, right=right, columns=left.columns + right.columns)


def _union(op: R.UnionAll, required, prune):
    columns = _restrict(op.columns, required)
    parts = tuple(_exactly(prune(p, required), columns) for p in op.parts)
    return dataclasses.replace(op, parts=parts, columns=columns)


def _exactly(op: R.RelOp, columns) -> R.RelOp:
    """``op`` reduced to exactly ``columns``, in order (a part below a union may keep
    columns its own filters read)."""
    if [n for n, _ in op.columns] == [n for n, _ in columns]:
        return op
    items = tuple((n, Col(n, type=t)) for n, t in columns)
    return R.Select(input=op, items=items, columns=columns)


def _aggregate(op: R.Aggregate, required, prune):
    # Every grouping key stays (it defines the groups); unread aggregates go.
    aggregates = tuple((n, a) for n, a in op.aggregates if n in required)
    child = prune(op.input, _used(e for _, e in op.keys) | _used(a for _, a in aggregates))
    columns = _columns(op.keys) + _columns(aggregates)
    return dataclasses.replace(op, input=child, aggregates=aggregates, columns=columns)


def _sort(op: R.Sort, required, prune):
    child = prune(op.input, required | _used(e for e, _ in op.items))
    return dataclasses.replace(op, input=child, columns=child.columns)


def _pass_through(op, required, prune):
    child = prune(op.input, required)
    return dataclasses.replace(op, input=child, columns=child.columns)


def _distinct(op: R.Distinct, required, prune):
    # Distinctness is over all columns: none may be dropped below it.
    child = prune(op.input, set(op.input.column_names))
    return dataclasses.replace(op, input=child, columns=child.columns)


def _explode(op: R.Explode, required, prune):
    child = prune(op.input, (required - {op.name}) | columns_used(op.expression))
    return dataclasses.replace(
        op, input=child, columns=child.columns + ((op.name, op.expression.type),)
    )


def _create(op: R.CreateGraphElements, required, prune):
    if R.constant_creation(op):
        # Built from the elements' values: only what the query reads is needed.
        child = prune(op.input, set(required))
        return dataclasses.replace(op, input=child, columns=child.columns)
    # The new elements' tables read their columns whatever the query returns.
    needed = set(required)
    for nodes in op.nodes:
        needed |= {nodes.id_column, *(c for _, c, _ in nodes.properties)}
    for rels in op.relationships:
        needed |= {rels.id_column, rels.source_column, rels.target_column}
        needed |= {c for _, c, _ in rels.properties}
        needed |= _used([rels.source_node, rels.target_node])
    child = prune(op.input, needed)
    return dataclasses.replace(op, input=child, columns=child.columns)


def _var_expand(op: R.VarExpand, required, prune):
    """The expand always computes the far end and the relationship ids (it needs them);
    relationship and node values only when something reads them."""
    relationships = op.relationships if op.relationships in required else ""
    reached = op.reached if op.reached in required else ""
    produced = {op.to, op.ids, op.relationships, op.reached}
    child = prune(op.input, (required - produced) | {op.source, op.target} - {""})
    step_columns = {R.STEP_FROM, R.STEP_TO, R.STEP_ID}
    steps = prune(op.steps, step_columns | ({R.STEP_VALUE} if relationships else set()))
    nodes = prune(op.nodes, {R.NODE_ID, R.NODE_VALUE}) if reached and op.nodes else None
    kept = {op.to, op.ids, relationships, reached}
    columns = child.columns + tuple((n, t) for n, t in op.columns if n in kept)
    return dataclasses.replace(
        op,
        input=child,
        steps=steps,
        nodes=nodes,
        relationships=relationships,
        reached=reached,
        columns=columns,
    )


def _reach(op: R.Reach, required, prune):
    child = prune(op.input, (required - {op.to}) | {op.source, op.target} - {""})
    steps = prune(op.steps, {R.STEP_FROM, R.STEP_TO})
    columns = child.columns + tuple((n, t) for n, t in op.columns if n == op.to)
    return dataclasses.replace(op, input=child, steps=steps, columns=columns)


def _update(op: R.UpdateGraph, required, prune):
    child = prune(op.input, set(required) | _used(op.expressions()))
    return dataclasses.replace(op, input=child, columns=child.columns)


def _build_graph(op, required, prune):
    # The built graph's tables read their columns whatever the query returns.
    child = prune(op.input, op.columns_read())
    return dataclasses.replace(op, input=child)


def _empty(op: R.Empty, required, prune):
    return dataclasses.replace(op, columns=_restrict(op.columns, required))


_HANDLERS = {
    R.Empty: _empty,
    R.Select: _select,
    R.TableScan: _scan,
    R.Values: _values,
    R.Filter: _filter,
    R.Join: _join,
    R.UnionAll: _union,
    R.Aggregate: _aggregate,
    R.Sort: _sort,
    R.Skip: _pass_through,
    R.Limit: _pass_through,
    R.Distinct: _distinct,
    R.Explode: _explode,
    R.CreateGraphElements: _create,
    R.VarExpand: _var_expand,
    R.Reach: _reach,
    R.UpdateGraph: _update,
    BuildGraph: _build_graph,
}
