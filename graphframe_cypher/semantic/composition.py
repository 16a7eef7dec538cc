"""How clauses and query parts may be composed (InvalidClauseComposition,
DifferentColumnsInUnion)."""

from __future__ import annotations

from collections.abc import Sequence

from .. import ast
from ..errors import CypherSyntaxError

_UPDATING = (ast.Create, ast.Merge, ast.Set, ast.Remove, ast.Delete)
# Clauses a (top-level) query may end with.
_FINAL = (ast.Return, ast.Call, ast.ReturnGraph, ast.Construct, *_UPDATING)


def _error(code: str, message: str, node: ast.Node) -> CypherSyntaxError:
    return CypherSyntaxError(message, code=code, position=node.pos)


def single_queries(body: ast.Node) -> list[ast.SingleQuery]:
    """The parts of a (possibly UNION) query body, left to right."""
    if isinstance(body, ast.UnionQuery):
        return [*single_queries(body.left), body.right]
    return [body]  # type: ignore[list-item]


def _unions(body: ast.Node) -> list[ast.UnionQuery]:
    if isinstance(body, ast.UnionQuery):
        return [*_unions(body.left), body]
    return []


def check_clause_order(query: ast.SingleQuery, subquery: bool = False) -> None:
    clauses = query.clauses
    for clause in clauses[:-1]:
        if isinstance(clause, ast.Return):
            raise _error(
                "InvalidClauseComposition",
                "RETURN can only be used at the end of the query",
                clause,
            )
    if subquery:
        for clause in clauses:
            if isinstance(clause, _UPDATING):
                raise _error(
                    "InvalidClauseComposition", "an EXISTS subquery cannot update the graph", clause
                )
        return
    if clauses and not isinstance(clauses[-1], _FINAL):
        raise _error(
            "InvalidClauseComposition",
            "query cannot conclude with this clause (must be RETURN or an update clause)",
            clauses[-1],
        )


def check_union(body: ast.Node, part_columns: Sequence[tuple[str, ...]]) -> None:
    unions = _unions(body)
    if len({u.all for u in unions}) > 1:
        raise _error(
            "InvalidClauseComposition", "invalid combination of UNION and UNION ALL", unions[-1]
        )
    first = part_columns[0]
    for union, columns in zip(unions, part_columns[1:], strict=True):
        # Compared as sets: parts may list the same columns in a different order (the union
        # is by name; the planner aligns them).
        if set(columns) != set(first) or len(columns) != len(first):
            raise _error(
                "DifferentColumnsInUnion",
                "all subqueries in a UNION must have the same column names",
                union.right,
            )
