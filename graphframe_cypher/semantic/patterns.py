"""Binding the variables of graph patterns.

One :class:`PatternBinder` per pattern occurrence (a MATCH, CREATE, MERGE, a pattern
predicate in an expression, a pattern comprehension, ``EXISTS { pattern }``). It walks the
parts left to right — a part's element first, then its path variable (so ``MATCH p =
(p)-->()`` fails on the path) — checking each variable against what is bound so far.

What each mode allows:

* MATCH (also pattern comprehensions and EXISTS patterns): new variables are bound; a bound
  variable must hold the kind the pattern needs (VariableTypeConflict otherwise); one
  relationship variable may not stand for two relationships of the pattern
  (RelationshipUniquenessViolation); property maps may not be parameters
  (InvalidParameterUse).
* CREATE / MERGE: relationships need exactly one type, no variable length, are never bound
  already; CREATE relationships need a direction; a bound node may not get new labels or
  properties nor be created alone (VariableAlreadyBound).
* PREDICATE (a pattern used as an expression): may not introduce variables at all.
* CONSTRUCT (multiple-graph CREATE / NEW): like CREATE, but bound nodes and relationships
  may be re-created (that copies them into the constructed graph).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from .. import ast
from .. import types as T
from ..errors import CypherSyntaxError
from .positions import name_position
from .scope import (
    NODE_VAR,
    PATH_VAR,
    RELATIONSHIP_VAR,
    VAR_LENGTH_RELATIONSHIP_VAR,
    Kind,
    ScopeBuilder,
    VarInfo,
)


class Mode(Enum):
    MATCH = "MATCH"
    CREATE = "CREATE"
    MERGE = "MERGE"
    PREDICATE = "PREDICATE"
    CONSTRUCT = "CONSTRUCT"


_CREATING = (Mode.CREATE, Mode.MERGE, Mode.CONSTRUCT)
_UNKNOWN_TYPES = ("ANY", "NULL")


def _error(code: str, message: str, node: ast.Node) -> CypherSyntaxError:
    return CypherSyntaxError(message, code=code, position=node.pos)


def _usable_as_node(info: VarInfo) -> bool:
    return info.kind is Kind.NODE or (info.kind is Kind.VALUE and info.type.name in _UNKNOWN_TYPES)


def _usable_as_relationship(info: VarInfo, var_length: bool) -> bool:
    if info.kind is Kind.RELATIONSHIP:
        return info.var_length == var_length
    if info.kind is not Kind.VALUE:
        return False
    if info.type.name in _UNKNOWN_TYPES:
        return True
    # A list of relationships (e.g. collected earlier) can drive a variable-length pattern.
    return (
        var_length
        and isinstance(info.type, T.ListType)
        and info.type.element.name in ("RELATIONSHIP", *_UNKNOWN_TYPES)
    )


class PatternBinder:
    """Binds the variables of one pattern into ``builder``.

    ``check_expression`` checks a property-map expression (called once every variable of
    the pattern is bound, so maps may refer to any variable of the pattern)."""

    def __init__(
        self,
        builder: ScopeBuilder,
        mode: Mode,
        check_expression: Callable[[ast.Expr], object],
        text: str = "",
    ):
        self.text = text  # the query text, to point errors at variable names
        self.builder = builder
        self.mode = mode
        self.check_expression = check_expression
        self._relationships_here: set[str] = set()
        self._property_maps: list[ast.Expr] = []

    # -- entry points -------------------------------------------------------------------

    def bind_parts(self, parts: tuple[ast.PatternPart, ...]) -> None:
        for part in parts:
            self._bind_part(part)
        for properties in self._property_maps:
            self.check_expression(properties)

    def _variable_error(
        self, code: str, message: str, owner: ast.Node, name: str
    ) -> CypherSyntaxError:
        position = name_position(self.text, owner.pos, name)
        return CypherSyntaxError(message, code=code, position=position)

    # -- parts ----------------------------------------------------------------------------

    def _bind_part(self, part: ast.PatternPart) -> None:
        element = part.element
        lone_node = not element.relationships
        for index, node in enumerate(element.nodes):
            self._bind_node(node, lone_node)
            if index < len(element.relationships):
                self._bind_relationship(element.relationships[index])
        if part.variable is not None:
            self._bind_path(part)

    def _bind_path(self, part: ast.PatternPart) -> None:
        name = part.variable
        if name in self.builder:
            raise _error("VariableAlreadyBound", f"variable `{name}` already declared", part)
        self.builder.bind(name, PATH_VAR)

    # -- nodes ----------------------------------------------------------------------------

    def _bind_node(self, node: ast.NodePattern, lone: bool) -> None:
        self._note_properties(node.properties, node)
        name = node.variable
        if name is None:
            return
        info = self.builder.get(name)
        if info is None:
            if self.mode is Mode.PREDICATE:
                raise self._variable_error(
                    "UndefinedVariable", f"variable `{name}` not defined", node, name
                )
            self.builder.bind(name, NODE_VAR)
            return
        if not _usable_as_node(info):
            raise self._variable_error(
                "VariableTypeConflict",
                f"variable `{name}` already declared as {info.kind.value}",
                node,
                name,
            )
        if self.mode in (Mode.CREATE, Mode.MERGE):
            self._check_bound_node_not_recreated(node, lone)

    def _check_bound_node_not_recreated(self, node: ast.NodePattern, lone: bool) -> None:
        if lone or node.labels or node.properties is not None:
            raise self._variable_error(
                "VariableAlreadyBound",
                f"can't create node `{node.variable}` with labels or properties here:"
                " the variable is already declared",
                node,
                node.variable or "",
            )

    # -- relationships ----------------------------------------------------------------------

    def _bind_relationship(self, rel: ast.RelationshipPattern) -> None:
        name = rel.variable
        bound = name is not None and name in self.builder
        if self.mode is Mode.CONSTRUCT and bound:
            # CONSTRUCT ... NEW (a)-[r]->(b) with a bound r copies r (type included).
            return
        if self.mode in _CREATING:
            # A bound relationship is reported before its shape (the TCK's order).
            if bound:
                raise self._variable_error(
                    "VariableAlreadyBound",
                    f"relationship `{name}` already declared",
                    rel,
                    name,  # type: ignore[arg-type]
                )
            self._check_creatable(rel)
        self._note_properties(rel.properties, rel)
        if name is None:
            return
        var_length = rel.length is not None
        info = self.builder.get(name)
        if info is None:
            if self.mode is Mode.PREDICATE:
                raise self._variable_error(
                    "UndefinedVariable", f"variable `{name}` not defined", rel, name
                )
            self.builder.bind(name, VAR_LENGTH_RELATIONSHIP_VAR if var_length else RELATIONSHIP_VAR)
            self._relationships_here.add(name)
            return
        if not _usable_as_relationship(info, var_length):
            raise self._variable_error(
                "VariableTypeConflict",
                f"variable `{name}` already declared as {info.kind.value}",
                rel,
                name,
            )
        if name in self._relationships_here:
            raise self._variable_error(
                "RelationshipUniquenessViolation",
                f"relationship `{name}` cannot stand for two relationships of one pattern",
                rel,
                name,
            )

    def _check_creatable(self, rel: ast.RelationshipPattern) -> None:
        clause = "CREATE" if self.mode is not Mode.MERGE else "MERGE"
        if rel.length is not None:
            raise _error(
                "CreatingVarLength", f"{clause} cannot create a variable-length relationship", rel
            )
        if len(rel.types) != 1:
            raise _error(
                "NoSingleRelationshipType", f"{clause} needs exactly one relationship type", rel
            )
        if self.mode is not Mode.MERGE and rel.direction == "both":
            raise _error(
                "RequiresDirectedRelationship",
                f"{clause} can only create directed relationships",
                rel,
            )

    # -- property maps ----------------------------------------------------------------------

    def _note_properties(self, properties: ast.Expr | None, owner: ast.Node) -> None:
        if properties is None:
            return
        if isinstance(properties, ast.Parameter) and self.mode not in (Mode.CREATE, Mode.CONSTRUCT):
            raise _error(
                "InvalidParameterUse",
                f"parameter maps cannot be used in {self.mode.value} patterns",
                properties,
            )
        self._property_maps.append(properties)
