"""Running multiple-graph queries: resolving the graphs a query names (catalog names,
parameterised views, graph parameters), retagging them into the query's id spaces, the
CATALOG statements, graph union and the graph a query returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import ast
from ..errors import CypherError, GraphError
from ..graph.identity import (
    IdSpace,
    TagAssignment,
    assign_tags,
    first_id,
    merge_spaces,
    retagged_spaces,
)
from ..graph.query_graphs import QueryGraphs
from ..semantic.graphs import graph_refs, uses_multiple_graphs
from .catalog import ViewDefinition
from .graph import PropertyGraph

if TYPE_CHECKING:
    from .session import CypherSession

# Views may use views; deeper nesting than this is taken for a view that uses itself.
MAX_VIEW_DEPTH = 16


@dataclass(frozen=True)
class RunContext:
    """Where a query runs: graph arguments of the view it expands (``$g`` names) and how
    deep in view expansions it is."""

    graph_arguments: Mapping[str, PropertyGraph] = field(default_factory=dict)
    depth: int = 0


@dataclass(frozen=True)
class PreparedGraphs:
    graphs: QueryGraphs
    assignment: TagAssignment

    @property
    def first_new_id(self) -> int:
        return first_id(self.graphs.new_tag)

    def result_graph(self, session, schema, next_id: int) -> PropertyGraph:
        spaces = dict(self.assignment.spaces)
        spaces[self.graphs.new_tag] = IdSpace("constructed")
        return PropertyGraph(session, schema, max(next_id, self.first_new_id), spaces)


def prepare_graphs(
    session: CypherSession,
    query: ast.Query,
    graph: PropertyGraph,
    parameters: Mapping[str, Any],
    context: RunContext,
) -> PreparedGraphs | None:
    """The graphs a multiple-graph query reads, retagged so that the same element has the
    same id in all of them and different elements never share one; None for a query on one
    graph."""
    if not uses_multiple_graphs(query.body):
        return None
    from ..compiler import analyze

    analyze(query, dict(parameters), session.procedures)  # errors before graph names
    resolver = GraphResolver(session, parameters, context)
    refs = list(dict.fromkeys(graph_refs(query.body)))
    resolved = {ref: resolver.resolve(ref) for ref in refs}
    # An empty working graph takes no tag: the named graphs keep theirs where they can.
    working = [graph] if graph.schema.node_tables or graph.schema.relationship_tables else []
    distinct = list({id(g): g for g in [*working, *resolved.values()]}.values())
    assignment = assign_tags([g.id_spaces for g in distinct])
    from ..backends.spark.graphs import require_same_id_type, retag_schema

    id_type = require_same_id_type([g.schema for g in distinct])
    schemas, spaces = {}, {}
    for g, retag in zip(distinct, assignment.retags, strict=True):
        retagged = retag_schema(g.schema, retag)
        schemas[id(g)] = type(retagged)(retagged.node_tables, retagged.relationship_tables, id_type)
        spaces[id(g)] = retagged_spaces(g.id_spaces, retag)
    if not working:
        schemas[id(graph)] = type(graph.schema)((), (), id_type)
        spaces[id(graph)] = {}
    graphs = QueryGraphs(
        default=schemas[id(graph)],
        default_spaces=spaces[id(graph)],
        by_ref={ref: schemas[id(g)] for ref, g in resolved.items()},
        spaces_by_ref={ref: spaces[id(g)] for ref, g in resolved.items()},
        new_tag=assignment.free_tag(),
    )
    return PreparedGraphs(graphs, assignment)


class GraphResolver:
    """Finds the graph a GraphRef names: a graph parameter, a catalog graph, or a view
    expanded with its graph arguments."""

    def __init__(self, session: CypherSession, parameters, context: RunContext):
        self.session = session
        self.parameters = parameters
        self.context = context

    def resolve(self, ref: ast.GraphRef) -> PropertyGraph:
        try:
            return self._resolve(ref)
        except GraphError as error:
            if error.position is not None:
                raise
            raise GraphError(error.message, position=ref.pos) from None

    def _resolve(self, ref: ast.GraphRef) -> PropertyGraph:
        if ref.parameter is not None:
            return self._parameter(ref.parameter)
        catalog = self.session.catalog
        name = ref.qualified_name
        view = catalog.view(name)
        if view is not None and (ref.arguments or name not in catalog):
            return self._expand(view, ref)
        if ref.arguments:
            raise GraphError(f"unknown view {name!r} (views: {catalog.view_names() or 'none'})")
        return catalog.graph(name)

    def _parameter(self, name: str) -> PropertyGraph:
        if name in self.context.graph_arguments:
            return self.context.graph_arguments[name]
        if name not in self.parameters:
            raise GraphError(f"no graph given for the parameter ${name}")
        value = self.parameters[name]
        if isinstance(value, PropertyGraph):
            return value
        if isinstance(value, str):
            return self.session.catalog.graph(value)
        raise GraphError(f"the parameter ${name} must be a graph or a graph name")

    def _expand(self, view: ViewDefinition, ref: ast.GraphRef) -> PropertyGraph:
        if len(ref.arguments) != len(view.parameters):
            raise GraphError(
                f"view {view.name!r} takes {len(view.parameters)} graph(s), "
                f"got {len(ref.arguments)}"
            )
        if self.context.depth >= MAX_VIEW_DEPTH:
            raise GraphError(
                f"views nest more than {MAX_VIEW_DEPTH} deep: does {view.name!r} use itself?"
            )
        arguments = dict(
            zip(view.parameters, (self.resolve(a) for a in ref.arguments), strict=True)
        )
        context = RunContext(arguments, self.context.depth + 1)
        result = self.session._run(view.query.text, self.parameters, None, context)
        return result.graph


def run_catalog_statement(session: CypherSession, statement: ast.Node, parameters, context):
    """CATALOG CREATE GRAPH / CREATE VIEW / DROP GRAPH / DROP VIEW; no rows."""
    from ..compiler import analyze

    analyze(ast.Query(statement), dict(parameters), session.procedures)
    catalog = session.catalog
    if isinstance(statement, ast.CatalogCreateGraph):
        result = session._run(statement.query.text, parameters, None, context)
        catalog.store(statement.name.qualified_name, result.graph)
    elif isinstance(statement, ast.CatalogCreateView):
        catalog.store_view(
            ViewDefinition(statement.name.qualified_name, statement.parameters, statement.query)
        )
    elif isinstance(statement, ast.CatalogDropGraph):
        name = statement.name.qualified_name
        catalog.drop_view(name) if statement.view else catalog.drop(name)
    return no_rows_result(session)


def no_rows_result(session: CypherSession, graph: PropertyGraph | None = None):
    from pyspark.sql import types as ST

    from .result import CypherResult, Records

    df = session.spark.createDataFrame([], ST.StructType([]))
    return CypherResult(Records(df, (), (), lambda action: action()), graph)


def union_graphs(session: CypherSession, graphs: list[PropertyGraph]) -> PropertyGraph:
    from ..backends.spark.graphs import retag_schema, union_schemas

    assignment = assign_tags([g.id_spaces for g in graphs])
    parts = [
        (retag_schema(g.schema, retag), retagged_spaces(g.id_spaces, retag))
        for g, retag in zip(graphs, assignment.retags, strict=True)
    ]
    spaces = merge_spaces([g.id_spaces for g in graphs], assignment.retags)
    tag = assignment.free_tag()
    spaces[tag] = IdSpace("union")
    return PropertyGraph(session, union_schemas(parts), first_id(tag), spaces)


def is_catalog_statement(body: ast.Node) -> bool:
    return isinstance(body, (ast.CatalogCreateGraph, ast.CatalogCreateView, ast.CatalogDropGraph))


__all__ = ["CypherError", "RunContext", "prepare_graphs", "run_catalog_statement", "union_graphs"]
