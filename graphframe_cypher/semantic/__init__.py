"""Semantic analysis of a parsed Cypher query.

``analyze(query)`` walks the query clause by clause, tracking the variables in scope and
their kinds, and raises the openCypher TCK's compile-time errors (as
:class:`~graphframe_cypher.errors.CypherSyntaxError` with the TCK detail code and the
position of the offending token). On success it returns an :class:`Analysis`: the output
columns and, per single query, each clause with the scope after it.

Where each TCK code is raised:

* ``patterns``: VariableTypeConflict, VariableAlreadyBound, RelationshipUniquenessViolation,
  InvalidParameterUse, NoSingleRelationshipType, CreatingVarLength,
  RequiresDirectedRelationship, UndefinedVariable (pattern predicates).
* ``expressions`` / ``type_rules``: UndefinedVariable, UnknownFunction,
  InvalidNumberOfArguments (functions), InvalidAggregation, NestedAggregation,
  NonConstantExpression (non-deterministic function in an aggregate), InvalidArgumentType
  (statically wrong operand types; a TypeError for subscripting a scalar).
* ``aggregation``: AmbiguousAggregationExpression.
* ``projection``: ColumnNameConflict, NoExpressionAlias, NoVariablesInScope,
  NonConstantExpression / NegativeIntegerArgument / InvalidArgumentType (SKIP, LIMIT).
* ``analyzer``: VariableAlreadyBound (UNWIND, YIELD), InvalidDelete, InvalidArgumentType
  (DELETE of a non-entity), UndefinedVariable (SET / REMOVE).
* ``composition``: InvalidClauseComposition, DifferentColumnsInUnion.
* ``procedure_calls``: CALL against the procedure signatures given to :func:`analyze`
  (ProcedureNotFound, InvalidArgumentPassingMode, InvalidNumberOfArguments,
  InvalidArgumentType of arguments, unknown YIELD outputs).

Not here: syntax-level codes (the parser).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import ast
from ..errors import CypherError
from ..procedures import ProcedureSignature
from . import composition
from .aggregation import contains_aggregate, is_aggregate_call
from .analyzer import AnalysisContext, ClauseAnalysis, SingleQueryAnalysis, SingleQueryWalker
from .functions import FUNCTIONS, FunctionSpec, lookup
from .projection import Projection
from .scope import EMPTY_SCOPE, Kind, Scope, VarInfo

__all__ = [
    "Analysis",
    "ClauseAnalysis",
    "SingleQueryAnalysis",
    "Projection",
    "Scope",
    "EMPTY_SCOPE",
    "VarInfo",
    "Kind",
    "FunctionSpec",
    "FUNCTIONS",
    "lookup",
    "analyze",
    "contains_aggregate",
    "is_aggregate_call",
]


@dataclass(frozen=True)
class Analysis:
    """The result of analysing a query.

    ``columns``: the query's output column names, in order (empty for updating queries
    without RETURN and for catalog statements). ``parts``: one SingleQueryAnalysis per
    single query (several for a UNION, left to right; for a catalog statement with a
    nested query, that query's parts). ``union_all``: None unless the query is a UNION, then
    whether it is UNION ALL. ``parameters``: names of the parameters the query refers to."""

    columns: tuple[str, ...]
    parts: tuple[SingleQueryAnalysis, ...]
    union_all: bool | None = None
    parameters: frozenset[str] = frozenset()


def analyze(
    query: ast.Query,
    parameters: dict | None = None,
    procedures: Mapping[str, ProcedureSignature] | None = None,
) -> Analysis:
    """Check ``query`` and describe its scopes; raise a CypherError if it is invalid.

    ``parameters`` are accepted for symmetry with execution but do not change the outcome:
    errors caused by parameter values are runtime errors in the TCK. ``procedures``: the
    signatures CALL may use by name (None: CALL is not checked against signatures)."""
    try:
        return _analyze_body(query.body, query.text, procedures)
    except CypherError as error:
        if query.text:
            error.with_query(query.text)  # show the offending line under the message
        raise


def _analyze_body(body: ast.Node, text: str = "", procedures=None) -> Analysis:
    context = AnalysisContext(text, procedures)
    nested = _catalog_query(body)
    if nested is not None:
        inner = _analyze_body(nested.body, text, procedures)
        return Analysis((), inner.parts, inner.union_all, inner.parameters)
    if not isinstance(body, (ast.SingleQuery, ast.UnionQuery)):
        return Analysis((), (), None, frozenset())  # DROP GRAPH and other catalog statements
    parts = tuple(
        SingleQueryWalker(context).walk(single) for single in composition.single_queries(body)
    )
    union_all = None
    if isinstance(body, ast.UnionQuery):
        composition.check_union(body, [p.columns for p in parts])
        union_all = body.all
    return Analysis(parts[0].columns, parts, union_all, frozenset(context.parameters))


def _catalog_query(body: ast.Node) -> ast.Query | None:
    if isinstance(body, (ast.CatalogCreateGraph, ast.CatalogCreateView)):
        return body.query
    return None
