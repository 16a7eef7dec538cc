"""Semantic rules of the multiple-graph clauses (Morpheus syntax): where FROM GRAPH,
CONSTRUCT and RETURN GRAPH may stand, what CLONE and CONSTRUCT's SET may refer to, and
which graphs a query names (so that the session can resolve them before planning)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import ast
from ..errors import CypherSyntaxError
from .composition import single_queries

_UPDATING = (ast.Create, ast.Merge, ast.Set, ast.Remove, ast.Delete)


def _error(code: str, message: str, node: ast.Node) -> CypherSyntaxError:
    return CypherSyntaxError(message, code=code, position=node.pos)


def returns_graph(body: ast.Node) -> bool:
    """Whether a query body ends with RETURN GRAPH (its result is a graph)."""
    return (
        isinstance(body, ast.SingleQuery)
        and bool(body.clauses)
        and isinstance(body.clauses[-1], ast.ReturnGraph)
    )


def check_graph_clauses(query: ast.SingleQuery) -> None:
    """CONSTRUCT is followed by RETURN GRAPH, which ends the query; a query building a
    graph does not also update the working graph."""
    clauses = query.clauses
    for index, clause in enumerate(clauses):
        following = clauses[index + 1] if index + 1 < len(clauses) else None
        if isinstance(clause, ast.ReturnGraph) and following is not None:
            raise _error("InvalidClauseComposition", "RETURN GRAPH can only end a query", following)
        if isinstance(clause, ast.Construct) and not isinstance(following, ast.ReturnGraph):
            raise _error(
                "InvalidClauseComposition",
                "CONSTRUCT must be followed by RETURN GRAPH",
                following or clause,
            )
    multigraph = any(isinstance(c, (ast.FromGraph, ast.ReturnGraph)) for c in clauses)
    if multigraph:
        for clause in clauses:
            if isinstance(clause, _UPDATING):
                raise _error(
                    "InvalidClauseComposition",
                    "a query reading named graphs or returning a graph cannot update the "
                    "working graph: build new elements with CONSTRUCT",
                    clause,
                )


def check_union(body: ast.Node) -> None:
    if isinstance(body, ast.UnionQuery):
        for part in _single_queries(body):
            if returns_graph(part):
                raise _error(
                    "InvalidClauseComposition",
                    "queries returning graphs cannot be combined with UNION",
                    part.clauses[-1],
                )


def check_catalog_query(statement: ast.Node) -> None:
    """The query of CATALOG CREATE GRAPH / VIEW must return a graph."""
    if isinstance(statement, (ast.CatalogCreateGraph, ast.CatalogCreateView)):
        if not returns_graph(statement.query.body):
            what = "GRAPH" if isinstance(statement, ast.CatalogCreateGraph) else "VIEW"
            raise _error(
                "InvalidClauseComposition",
                f"the query of CATALOG CREATE {what} must end with RETURN GRAPH",
                statement.query,
            )


def constructed_names(clause: ast.Construct) -> set[str]:
    """The variables a CONSTRUCT puts into its graph: clones (and their aliases) and the
    variables of its CREATE patterns."""
    names: set[str] = set()
    for clone in clause.clones:
        if clone.alias is not None:
            names.add(clone.alias)
        elif isinstance(clone.expression, ast.Variable):
            names.add(clone.expression.name)
    for create in clause.creates:
        for part in create.pattern.parts:
            element = part.element
            names |= {n.variable for n in element.nodes if n.variable}
            names |= {r.variable for r in element.relationships if r.variable}
    return names


def check_clone_item(clone: ast.CloneItem, type_name: str) -> None:
    if not isinstance(clone.expression, ast.Variable) and clone.alias is None:
        raise _error(
            "NoExpressionAlias", "CLONE of an expression needs an alias (CLONE expr AS x)", clone
        )
    if type_name not in ("NODE", "RELATIONSHIP", "ANY"):
        raise _error(
            "InvalidArgumentType",
            f"CLONE copies nodes and relationships, not {type_name}",
            clone.expression,
        )


def check_construct_set(clause: ast.Construct) -> None:
    """CONSTRUCT's SET changes only what the CONSTRUCT builds."""
    built = constructed_names(clause)
    for set_clause in clause.sets:
        for item in set_clause.items:
            name = _set_target(item)
            if name is None:
                raise _error(
                    "InvalidArgumentType",
                    "SET in CONSTRUCT sets properties and labels of variables",
                    item,
                )
            if name not in built:
                raise _error(
                    "UndefinedVariable",
                    f"`{name}` is not built by this CONSTRUCT: SET in CONSTRUCT changes only "
                    "cloned and created elements",
                    item,
                )


def _set_target(item: ast.SetItem) -> str | None:
    if item.kind == "property":
        subject = item.target.subject if isinstance(item.target, ast.Property) else None
        return subject.name if isinstance(subject, ast.Variable) else None
    return item.variable


def graph_refs(body: ast.Node) -> Iterator[ast.GraphRef]:
    """The graphs a query body names in FROM GRAPH and CONSTRUCT ON, in order (view
    arguments are resolved with their view, not listed here)."""
    for single in _single_queries(body):
        for clause in single.clauses:
            if isinstance(clause, ast.FromGraph):
                yield clause.graph
            elif isinstance(clause, ast.Construct):
                yield from clause.on


def uses_multiple_graphs(body: ast.Node) -> bool:
    return any(
        isinstance(clause, (ast.FromGraph, ast.Construct, ast.ReturnGraph))
        for single in _single_queries(body)
        for clause in single.clauses
    )


def _single_queries(body: ast.Node) -> list[ast.SingleQuery]:
    return [q for q in single_queries(body) if isinstance(q, ast.SingleQuery)]
