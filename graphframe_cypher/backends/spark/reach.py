"""Reachability on DataFrames: a semi-naive breadth-first search over (start, node) pairs.

The frontier holds the pairs first reached at the last hop, one row each. A hop joins only
the frontier with the one-hop relationships, keeps the distinct pairs and drops those
reached before; the search stops when a hop reaches nothing new or at the bound. Each hop
is materialized on the executors (``localCheckpoint``) so that later hops, the set of pairs
reached so far and the result read it without recomputing, and checked for emptiness;
nothing is collected to the driver. (The hops therefore run while the query is compiled,
whatever the bound: as one lazy plan, each hop would read every earlier level again and
the plan would double with each hop.) Pairs are searched from the distinct start nodes
only and joined back to the input rows at the end.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from ...relational import operators as R
from .var_expand import AT, FROM, NEXT, START, column, still_searching, targets


def run_reach(executor, op: R.Reach) -> DataFrame:
    rows = executor.run(op.input)
    hop = executor.run(op.steps).select(
        column(R.STEP_FROM).alias(FROM), column(R.STEP_TO).alias(NEXT)
    )
    starts = rows.select(column(op.source).alias(START)).where(F.col(START).isNotNull())
    frontier = starts.distinct().select(START, F.col(START).alias(AT))
    # The start counts as reached before the first hop only when a zero-length path ends
    # there or a shortest path may not return to it; otherwise a cycle back reaches it.
    seen = frontier if (op.shortest or op.min_length == 0) else None
    found = [frontier] if op.min_length == 0 else []
    pending = targets(rows, op)
    length = 0
    while op.max_length is None or length < op.max_length:
        length += 1
        reached = frontier.join(hop, F.col(AT) == F.col(FROM))
        reached = reached.select(START, F.col(NEXT).alias(AT)).distinct()
        if seen is not None:
            reached = reached.join(seen, [START, AT], "left_anti")
        frontier = reached.localCheckpoint(eager=True)
        if frontier.isEmpty():
            break
        seen = frontier if seen is None else seen.unionByName(frontier)
        found.append(frontier)
        if pending is not None:
            pending, frontier = still_searching(pending, frontier)
            if frontier is None:
                break
    return _join_back(rows, op, found)


def _join_back(rows: DataFrame, op: R.Reach, found: list[DataFrame]) -> DataFrame:
    if not found:
        # Nothing reached: no row (the schema of the pairs, for the join below).
        found = [rows.select(column(op.source).alias(START), column(op.source).alias(AT)).limit(0)]
    pairs = found[0]
    for more in found[1:]:
        pairs = pairs.unionByName(more)
    # Unqualified names: the pairs derive from ``rows``, so qualified ones would be ambiguous.
    joined = rows.join(pairs, column(op.source) == F.col(START))
    return joined.select(*(column(c) for c in rows.columns), F.col(AT).alias(op.to))
