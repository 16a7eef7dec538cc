"""Variable-length expansion as a recursive CTE.

Paths grow one hop per recursion step from the distinct start nodes of the input rows,
carrying the relationship ids in order (a path never repeats one: Cypher's relationship
uniqueness) and, when the query reads them, the relationships' and reached nodes' values.
The paths are then joined back to the input rows on their start node. Unbounded expansion
terminates because every step uses a relationship the path does not hold yet.
"""

from __future__ import annotations

from ...relational import operators as R
from .executor import Relation, SqlPlanCompiler
from .expressions import unsupported
from .representation import quote_name as q


def compile_var_expand(plan: SqlPlanCompiler, op: R.VarExpand) -> Relation:
    if op.shortest:
        raise unsupported("shortestPath / allShortestPaths")
    rows = plan.compile(op.input)
    steps = plan.compile(op.steps)
    step_types = dict(op.steps.columns)
    sql_type = plan.expressions.sql_type
    id_list = f"{sql_type(step_types[R.STEP_ID])}[]"
    rel_list = f"{sql_type(step_types[R.STEP_VALUE])}[]" if op.relationships else None
    node_list = None
    nodes_cte, nodes_join = "", ""
    if op.reached:
        if op.nodes is None:
            raise unsupported("a variable-length expansion reading nodes without a node table")
        node_types = dict(op.nodes.columns)
        node_list = f"{sql_type(node_types[R.NODE_VALUE])}[]"
        nodes = plan.compile(op.nodes)
        nodes_cte = (
            f", vx_nodes AS (SELECT {q(R.NODE_ID)} AS id, {q(R.NODE_VALUE)} AS v "
            f"FROM ({nodes.sql}) AS n)"
        )
        nodes_join = " LEFT JOIN vx_nodes AS n ON n.id = s.t"
    start_cols = ["CAST([] AS " + id_list + ")"]
    step_cols = ["list_append(p.ids, s.i)"]
    names = ["ids"]
    if rel_list:
        start_cols.append(f"CAST([] AS {rel_list})")
        step_cols.append("list_append(p.rels, s.v)")
        names.append("rels")
    if node_list:
        start_cols.append(f"CAST([] AS {node_list})")
        step_cols.append("list_append(p.reached, n.v)")
        names.append("reached")
    bound = f" AND p.hops < {int(op.max_length)}" if op.max_length is not None else ""
    source = q(op.source)
    value = f", {q(R.STEP_VALUE)} AS v" if rel_list else ""
    paths = (
        f"WITH RECURSIVE vx_steps AS (SELECT {q(R.STEP_FROM)} AS f, {q(R.STEP_TO)} AS t, "
        f"{q(R.STEP_ID)} AS i{value} FROM ({steps.sql}) AS s){nodes_cte}, "
        f"vx_starts AS (SELECT DISTINCT r.{source} AS id FROM ({rows.sql}) AS r "
        f"WHERE r.{source} IS NOT NULL), "
        f"vx_paths(start, node, {', '.join(names)}, hops) AS ("
        f"SELECT id, id, {', '.join(start_cols)}, 0 FROM vx_starts UNION ALL "
        f"SELECT p.start, s.t, {', '.join(step_cols)}, p.hops + 1 "
        f"FROM vx_paths AS p JOIN vx_steps AS s ON s.f = p.node{nodes_join} "
        f"WHERE NOT list_contains(p.ids, s.i){bound}) "
    )
    alias = plan._alias()
    items = [f"{alias}.{q(c)} AS {q(c)}" for c in rows.columns]
    outputs = [
        (op.to, "p.node"),
        (op.ids, "p.ids"),
        (op.relationships, "p.rels"),
        (op.reached, "p.reached"),
    ]
    added = tuple(name for name, _ in outputs if name)
    items += [f"{sql} AS {q(name)}" for name, sql in outputs if name]
    sql = (
        f"{paths}SELECT {', '.join(items)} FROM ({rows.sql}) AS {alias} "
        f"JOIN vx_paths AS p ON p.start = {alias}.{source} WHERE p.hops >= {int(op.min_length)}"
    )
    return Relation(sql, rows.columns + added)
