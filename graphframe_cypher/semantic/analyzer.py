"""The clause walk: one :class:`SingleQueryWalker` per single query threads the scope from
clause to clause (``semantic.analyze`` combines the parts of a UNION and unwraps catalog
statements)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from .. import ast
from .. import types as T
from ..errors import CypherSyntaxError
from ..procedures import ProcedureSignature
from . import composition
from .expressions import ExpressionChecker
from .patterns import Mode, PatternBinder
from .procedure_calls import check_arguments, lookup_signature, output_type
from .projection import Projection, ProjectionAnalyzer
from .scope import Scope, ScopeBuilder, VarInfo, info_for_type
from .type_rules import element_type

# Static types DELETE can never delete.
_NOT_DELETABLE = frozenset({"BOOLEAN", "INTEGER", "FLOAT", "NUMBER", "STRING", "MAP"})


class ClauseAnalysis(NamedTuple):
    """A clause and the variables visible after it."""

    clause: ast.Clause
    scope: Scope


@dataclass(frozen=True)
class SingleQueryAnalysis:
    """``clauses``: each clause with the scope after it. ``columns``: the RETURN's columns
    (``*`` expanded). ``projections``: parallel to ``clauses``, the Projection of each
    WITH / RETURN (its columns with ``*`` expanded, whether it aggregates or is DISTINCT),
    None for other clauses."""

    query: ast.SingleQuery
    clauses: tuple[ClauseAnalysis, ...]
    columns: tuple[str, ...]
    projections: tuple[Projection | None, ...] = ()


def _error(code: str, message: str, node: ast.Node) -> CypherSyntaxError:
    return CypherSyntaxError(message, code=code, position=node.pos)


class AnalysisContext:
    """State shared by every part of one query: its text (for error positions), the
    parameters it refers to and the signatures of the procedures it may call."""

    def __init__(self, text: str = "", procedures: Mapping[str, ProcedureSignature] | None = None):
        self.text = text
        self.parameters: set[str] = set()
        # None: procedures are not checked (analysis without a session).
        self.procedures = procedures

    def checker(self, scope: Mapping[str, VarInfo], **options) -> ExpressionChecker:
        return ExpressionChecker(
            scope,
            subquery=self.analyze_subquery,
            parameters=self.parameters,
            text=self.text,
            **options,
        )

    def analyze_subquery(self, query: ast.Query, outer: Mapping[str, VarInfo]) -> None:
        """``EXISTS { query }``: sees the outer variables, must not update the graph."""
        for single in composition.single_queries(query.body):
            SingleQueryWalker(self, outer, subquery=True).walk(single)


class SingleQueryWalker:
    def __init__(
        self,
        context: AnalysisContext,
        outer: Mapping[str, VarInfo] | None = None,
        subquery: bool = False,
    ):
        self.context = context
        self.builder = ScopeBuilder(outer)
        self.subquery = subquery
        self.columns: tuple[str, ...] = ()
        self._projection: Projection | None = None  # of the clause being walked

    def walk(self, query: ast.SingleQuery) -> SingleQueryAnalysis:
        composition.check_clause_order(query, subquery=self.subquery)
        steps, projections = [], []
        for clause in query.clauses:
            self._projection = None
            handler = getattr(self, "_" + type(clause).__name__, None)
            if handler is not None:
                handler(clause)
            steps.append(ClauseAnalysis(clause, self.builder.freeze()))
            projections.append(self._projection)
        return SingleQueryAnalysis(query, tuple(steps), self.columns, tuple(projections))

    # -- helpers --------------------------------------------------------------------------

    def _check(self, expr: ast.Expr | None, builder: ScopeBuilder | None = None):
        scope = (builder or self.builder).freeze()
        return self.context.checker(scope).check(expr)

    def _bind_pattern(self, parts, mode: Mode) -> None:
        builder = self.builder
        binder = PatternBinder(builder, mode, lambda e: self._check(e, builder), self.context.text)
        binder.bind_parts(parts)

    def _require_variable(self, name: str | None, node: ast.Node) -> None:
        if name is not None and name not in self.builder:
            raise _error("UndefinedVariable", f"variable `{name}` not defined", node)

    # -- reading --------------------------------------------------------------------------

    def _Match(self, clause: ast.Match) -> None:
        self._bind_pattern(clause.pattern.parts, Mode.MATCH)
        self._check(clause.where)

    def _Unwind(self, clause: ast.Unwind) -> None:
        list_type = self._check(clause.expression)
        if clause.variable in self.builder:
            raise _error(
                "VariableAlreadyBound", f"variable `{clause.variable}` already declared", clause
            )
        self.builder.bind(clause.variable, info_for_type(element_type(list_type)))

    def _Call(self, clause: ast.Call) -> None:
        signatures = self.context.procedures
        signature = None if signatures is None else lookup_signature(clause, signatures)
        arg_types = [self._check(arg) for arg in clause.args or ()]
        if signature is not None:
            check_arguments(clause, signature, arg_types)
        names = []
        for item in clause.yield_items:
            name = item.alias or item.field
            if name in self.builder:
                raise _error("VariableAlreadyBound", f"variable `{name}` already declared", item)
            type_ = T.ANY if signature is None else output_type(item, signature)
            self.builder.bind(name, info_for_type(type_))
            names.append(name)
        self._check(clause.where)
        if clause.standalone:
            if signature is not None and not clause.yield_items:
                names = [f.name for f in signature.outputs]
            self.columns = tuple(names)

    # -- projections ----------------------------------------------------------------------

    def _project(self, clause, body: ast.ProjectionBody):
        projection = ProjectionAnalyzer(
            clause, body, self.builder.freeze(), self.context.checker
        ).analyze()
        self.builder = ScopeBuilder(projection.scope)
        self._projection = projection
        return projection

    def _With(self, clause: ast.With) -> None:
        self._project(clause, clause.body)  # also checks the WHERE

    def _Return(self, clause: ast.Return) -> None:
        self.columns = self._project(clause, clause.body).columns

    # -- updating -------------------------------------------------------------------------

    def _Create(self, clause: ast.Create) -> None:
        self._bind_pattern(clause.pattern.parts, Mode.CREATE)

    def _Merge(self, clause: ast.Merge) -> None:
        self._bind_pattern((clause.pattern,), Mode.MERGE)
        for action in clause.actions:
            self._Set(action.set)

    def _Set(self, clause: ast.Set) -> None:
        for item in clause.items:
            if item.kind == "property":
                self._check(item.target)
            else:
                self._require_variable(item.variable, item)
            self._check(item.value)

    def _Remove(self, clause: ast.Remove) -> None:
        for item in clause.items:
            if item.kind == "property":
                self._check(item.target)
            else:
                self._require_variable(item.variable, item)

    def _Delete(self, clause: ast.Delete) -> None:
        for expr in clause.expressions:
            if isinstance(expr, ast.HasLabels):
                raise _error("InvalidDelete", "DELETE cannot remove labels: use REMOVE", expr)
            type_ = self._check(expr)
            if type_.name in _NOT_DELETABLE:
                raise _error(
                    "InvalidArgumentType",
                    f"DELETE expects a node, relationship or path, got {type_}",
                    expr,
                )

    # -- multiple graphs ------------------------------------------------------------------

    def _Construct(self, clause: ast.Construct) -> None:
        for clone in clause.clones:
            type_ = self._check(clone.expression)
            expr = clone.expression
            source = self.builder.get(expr.name) if isinstance(expr, ast.Variable) else None
            name = clone.alias or (expr.name if isinstance(expr, ast.Variable) else None)
            if name is not None:
                self.builder.bind(name, source or info_for_type(type_))
        for create in clause.creates:
            self._bind_pattern(create.pattern.parts, Mode.CONSTRUCT)
        for set_clause in clause.sets:
            self._Set(set_clause)
