"""Variable-length expansion on DataFrames: a frontier join per hop.

The frontier holds one row per path found so far: its start node, the node it has reached,
the ids of its relationships in order (and, when the query reads them, the relationships'
and the reached nodes' values). Each hop joins the frontier with the one-hop relationships
on the reached node and drops the extensions that would use a relationship twice. Paths are
expanded from the distinct start nodes only and joined back to the input rows at the end.

A bound of at most ``LAZY_HOPS`` is one lazy plan. A larger one, or none, loops until no
path extends or the bound is reached: each hop's frontier is materialized on the executors
(``localCheckpoint``) and checked for emptiness, so that ``*1..1000000`` on a small graph
stops as soon as ``*`` does; nothing is collected to the driver.

Shortest paths are a breadth-first search: an extension reaching a node already reached
from the same start at an earlier level is dropped, so every path kept is a shortest one to
its end; for shortestPath one path per (start, end) is kept at each level. When the rows
name the node to reach (both ends bound before the pattern), the search stops at the level
that reaches the last of them.
"""

from __future__ import annotations

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from ...relational import operators as R
from .representation import spark_type

START, AT, IDS, RELS, NODES = "  vx#start", "  vx#at", "  vx#ids", "  vx#rels", "  vx#nodes"
FROM, NEXT, RID = "  vx#from", "  vx#next", "  vx#rid"
RVALUE, NVALUE, TARGET = "  vx#rvalue", "  vx#nvalue", "  vx#target"


def column(name: str):
    return F.col("`" + name.replace("`", "``") + "`")


def run_var_expand(executor, op: R.VarExpand) -> DataFrame:
    rows = executor.run_reused(op.input)
    types = dict(op.columns)
    carried = {IDS: op.ids, RELS: op.relationships, NODES: op.reached}
    carried = {inner: name for inner, name in carried.items() if name}
    hop = _one_hop(executor, op)
    frontier = _start_frontier(rows, op, carried, types, executor.ctx)
    visited = frontier.select(START, AT) if op.shortest else None
    lazy = is_lazy(op)
    pending = None if lazy else targets(rows, op)
    found = [frontier] if op.min_length == 0 else []
    length = 0
    while op.max_length is None or length < op.max_length:
        length += 1
        frontier = _extend(frontier, hop, carried)
        if visited is not None:
            frontier = _first_visits(frontier, visited, op.shortest)
        if not lazy:
            # Materialize the hop (so later hops and the result do not recompute it) and
            # stop once no path extends, whatever the bound.
            frontier = frontier.localCheckpoint(eager=True)
            if frontier.isEmpty():
                break
        if visited is not None:
            visited = visited.unionByName(frontier.select(START, AT))
        if length >= op.min_length:
            found.append(frontier)
        if pending is not None:
            pending, frontier = still_searching(pending, frontier)
            if frontier is None:
                break
    if not found:  # an empty interval such as *3..2
        found = [frontier.where(F.lit(False))]
    return _join_back(rows, op, found, carried)


# Bounds up to this are one lazy plan, run by the query's action like any other operator (no
# Spark job while the query is compiled); past it, the plan's analysis grows too large and a
# bound may well exceed what the graph holds, so the hops are materialized one by one.
LAZY_HOPS = 6


def is_lazy(op: R.VarExpand | R.Reach) -> bool:
    return op.max_length is not None and op.max_length <= LAZY_HOPS


def targets(rows: DataFrame, op: R.VarExpand | R.Reach) -> DataFrame | None:
    """The (start, target) pairs a shortest-path search looks for (None: any end)."""
    if not (op.shortest and op.target):
        return None
    pairs = rows.select(column(op.source).alias(START), column(op.target).alias(TARGET))
    return pairs.dropna().distinct()


def still_searching(pending: DataFrame, frontier: DataFrame):
    """The (start, target) pairs of a shortest-path search that ``frontier`` has not
    reached, and the part of the frontier whose starts still look for a target (None when
    none does: the search stops at the level that reaches its last target)."""
    reached = frontier.select(START, F.col(AT).alias(TARGET))
    pending = pending.join(reached, [START, TARGET], "left_anti").localCheckpoint()
    if pending.isEmpty():
        return pending, None
    return pending, frontier.join(pending.select(START).distinct(), START, "left_semi")


def _one_hop(executor, op: R.VarExpand) -> DataFrame:
    steps = executor.run(op.steps)
    items = [
        column(R.STEP_FROM).alias(FROM),
        column(R.STEP_TO).alias(NEXT),
        column(R.STEP_ID).alias(RID),
    ]
    if op.relationships:
        items.append(column(R.STEP_VALUE).alias(RVALUE))
    hop = steps.select(*items)
    if op.reached:
        nodes = executor.run(op.nodes).select(
            column(R.NODE_ID).alias(NEXT), column(R.NODE_VALUE).alias(NVALUE)
        )
        hop = hop.join(nodes, NEXT)
    return hop


def _start_frontier(rows: DataFrame, op: R.VarExpand, carried, types, ctx) -> DataFrame:
    """The paths of length zero: one per distinct start node."""
    starts = rows.select(column(op.source).alias(START)).where(F.col(START).isNotNull()).distinct()
    empty = [
        F.array().cast(spark_type(types[name], ctx)).alias(inner) for inner, name in carried.items()
    ]
    return starts.select(START, F.col(START).alias(AT), *empty)


def _extend(frontier: DataFrame, hop: DataFrame, carried) -> DataFrame:
    # One join whose condition also drops reused relationships (every DataFrame operation
    # re-analyzes the growing plan). Unqualified names: ``hop`` is on both sides from the
    # second hop on.
    unused = ~F.array_contains(F.col(IDS), F.col(RID))
    joined = frontier.join(hop, (F.col(AT) == F.col(FROM)) & unused)
    appended = {IDS: RID, RELS: RVALUE, NODES: NVALUE}
    items = [F.col(START), F.col(NEXT).alias(AT)]
    items += [
        F.concat(F.col(inner), F.array(F.col(appended[inner]))).alias(inner) for inner in carried
    ]
    return joined.select(*items)


def _first_visits(frontier: DataFrame, visited: DataFrame, shortest: str) -> DataFrame:
    """The extensions reaching a node not reached from their start before (and, for a
    single shortest path, one of them per node)."""
    fresh = frontier.join(visited, [START, AT], "left_anti")
    if shortest != "single":
        return fresh
    # The path with the smallest relationship ids: deterministic, so that every evaluation
    # of the plan picks the same one.
    order = Window.partitionBy(START, AT).orderBy(F.col(IDS))
    return (
        fresh.withColumn("  vx#rank", F.row_number().over(order))
        .where(F.col("`  vx#rank`") == 1)
        .drop("  vx#rank")
    )


def _join_back(rows: DataFrame, op: R.VarExpand, found, carried) -> DataFrame:
    paths = found[0]
    for more in found[1:]:
        paths = paths.unionByName(more)
    # Unqualified names: the paths derive from ``rows``, so qualified ones would be ambiguous.
    joined = rows.join(paths, column(op.source) == F.col(START))
    items = [column(c) for c in rows.columns]
    items += [F.col(inner).alias(name) for inner, name in {AT: op.to, **carried}.items()]
    return joined.select(*items)
