"""The abstract syntax tree of a Cypher query.

Immutable (frozen, slotted dataclasses; sequences are tuples) so that later layers can share
and hash subtrees freely. Every node carries ``pos``, the :class:`Position` of its first token;
``pos`` is excluded from equality so that structurally equal trees compare equal whatever
their source location (rewrite rules and tests rely on that).

Names follow the openCypher 9 grammar. Identifiers (variables, labels, keys) are stored
unescaped (without backticks). Keywords and function names are stored as written; lookups
are case-insensitive where Cypher says so (function names, keywords), case-sensitive for
labels, relationship types, property keys and variables.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import NO_POSITION, Position


def _pos() -> Any:
    return field(default=NO_POSITION, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True, slots=True)
class Node:
    """Base class of every AST node."""

    pos: Position = _pos()

    def children(self):
        """Yield the direct child nodes (in field order), flattening tuples."""
        for name in self.__dataclass_fields__:  # type: ignore[attr-defined]
            if name == "pos":
                continue
            value = getattr(self, name)
            if isinstance(value, Node):
                yield value
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, Node):
                        yield item
                    elif isinstance(item, tuple):
                        yield from (x for x in item if isinstance(x, Node))

    def walk(self):
        """Pre-order traversal of this subtree."""
        yield self
        for child in self.children():
            yield from child.walk()


# --------------------------------------------------------------------------------------
# Expressions
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expr(Node):
    pass


@dataclass(frozen=True, slots=True, eq=False)
class Literal(Expr):
    """A literal scalar: int, float, str, bool or None (null).

    Integers are Python ints already range-checked (IntegerOverflow raised by the parser);
    floats are Python floats (FloatingPointOverflow raised by the parser). Equality includes
    the Python type, so ``1``, ``1.0`` and ``true`` are different literals."""

    value: Any = None

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is Literal
            and type(self.value) is type(other.value)  # type: ignore[union-attr]
            and self.value == other.value  # type: ignore[union-attr]
        )

    def __hash__(self) -> int:
        return hash((Literal, type(self.value), self.value))


@dataclass(frozen=True, slots=True)
class ListLiteral(Expr):
    items: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class MapLiteral(Expr):
    """``{k: v, ...}``; entries keep source order (duplicate keys: last wins, as in Neo4j)."""

    entries: tuple[tuple[str, Expr], ...] = ()


@dataclass(frozen=True, slots=True)
class Parameter(Expr):
    """``$name`` or ``$0``."""

    name: str = ""


@dataclass(frozen=True, slots=True)
class Variable(Expr):
    name: str = ""


@dataclass(frozen=True, slots=True)
class Property(Expr):
    """``subject.key``."""

    subject: Expr = None  # type: ignore[assignment]
    key: str = ""


@dataclass(frozen=True, slots=True)
class DynamicProperty(Expr):
    """``subject[key]`` where subject is a map/node/relationship or a list (index access).

    Whether it is list indexing or map access is decided by semantic analysis / typing; the
    parser always produces this node for ``a[b]``."""

    subject: Expr = None  # type: ignore[assignment]
    key: Expr = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Slice(Expr):
    """``subject[start..end]``; either bound may be None."""

    subject: Expr = None  # type: ignore[assignment]
    start: Expr | None = None
    end: Expr | None = None


@dataclass(frozen=True, slots=True)
class UnaryOp(Expr):
    """``op`` in {'NOT', '-', '+'}."""

    op: str = ""
    operand: Expr = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class BinaryOp(Expr):
    """Arithmetic, comparison, boolean and string/list operators.

    ``op`` is one of: 'OR', 'XOR', 'AND', '=', '<>', '<', '>', '<=', '>=', '+', '-', '*',
    '/', '%', '^', 'IN', 'STARTS WITH', 'ENDS WITH', 'CONTAINS', '=~'.
    Chained comparisons ``a < b < c`` are expanded by the parser into
    ``(a < b) AND (b < c)`` (the shared operand appears twice)."""

    op: str = ""
    left: Expr = None  # type: ignore[assignment]
    right: Expr = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class IsNull(Expr):
    """``operand IS NULL`` (negated=False) or ``IS NOT NULL`` (negated=True)."""

    operand: Expr = None  # type: ignore[assignment]
    negated: bool = False


@dataclass(frozen=True, slots=True)
class HasLabels(Expr):
    """``subject:Label1:Label2`` used as a predicate (e.g. in WHERE)."""

    subject: Expr = None  # type: ignore[assignment]
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FunctionCall(Expr):
    """``ns.name(DISTINCT? args)``; ``name`` includes the namespace, e.g. 'date.truncate'."""

    name: str = ""
    args: tuple[Expr, ...] = ()
    distinct: bool = False


@dataclass(frozen=True, slots=True)
class CountStar(Expr):
    """``count(*)``."""


@dataclass(frozen=True, slots=True)
class CaseExpr(Expr):
    """``CASE [subject] WHEN w THEN t ... [ELSE e] END``; subject None for generic CASE."""

    subject: Expr | None = None
    alternatives: tuple[tuple[Expr, Expr], ...] = ()
    default: Expr | None = None


@dataclass(frozen=True, slots=True)
class ListComprehension(Expr):
    """``[variable IN source WHERE predicate | projection]``."""

    variable: str = ""
    source: Expr = None  # type: ignore[assignment]
    predicate: Expr | None = None
    projection: Expr | None = None


@dataclass(frozen=True, slots=True)
class Quantifier(Expr):
    """``kind(variable IN source WHERE predicate)``, kind in {'all','any','none','single'}."""

    kind: str = ""
    variable: str = ""
    source: Expr = None  # type: ignore[assignment]
    predicate: Expr | None = None


@dataclass(frozen=True, slots=True)
class Reduce(Expr):
    """``reduce(accumulator = init, variable IN source | expression)``."""

    accumulator: str = ""
    init: Expr = None  # type: ignore[assignment]
    variable: str = ""
    source: Expr = None  # type: ignore[assignment]
    expression: Expr = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class PatternComprehension(Expr):
    """``[path_var = pattern WHERE predicate | projection]``."""

    pattern: PatternPart = None  # type: ignore[assignment]
    predicate: Expr | None = None
    projection: Expr = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class PatternPredicate(Expr):
    """A relationship pattern used as an expression, e.g. ``WHERE (a)-->(b)``."""

    pattern: PatternPart = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class ExistsSubquery(Expr):
    """``EXISTS { pattern [WHERE ...] }`` or ``EXISTS { <full query> }``.

    Exactly one of ``pattern`` (with optional ``where``) and ``query`` is set."""

    pattern: Pattern | None = None
    where: Expr | None = None
    query: Query | None = None


@dataclass(frozen=True, slots=True)
class MapProjection(Expr):
    """``subject{.key, key: expr, variable, .*}``."""

    subject: str = ""
    items: tuple[MapProjectionItem, ...] = ()


@dataclass(frozen=True, slots=True)
class MapProjectionItem(Node):
    """kind: 'property' (``.key``), 'literal' (``key: expr``), 'variable' (``var``),
    'all' (``.*``)."""

    kind: str = ""
    key: str = ""
    expr: Expr | None = None


# --------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NodePattern(Node):
    """``(variable:L1:L2 {props})``; ``properties`` is a MapLiteral or Parameter or None."""

    variable: str | None = None
    labels: tuple[str, ...] = ()
    properties: Expr | None = None


@dataclass(frozen=True, slots=True)
class RangeSpec(Node):
    """Variable-length ``*min..max``; None bounds are open (``*`` is min=None,max=None)."""

    min: int | None = None
    max: int | None = None


@dataclass(frozen=True, slots=True)
class RelationshipPattern(Node):
    """``-[variable:T1|T2 *range {props}]->``.

    direction: 'out' (``-->``), 'in' (``<--``), 'both' (``--`` or ``<-->``).
    ``length`` is None for a single hop, a RangeSpec for variable length."""

    variable: str | None = None
    types: tuple[str, ...] = ()
    properties: Expr | None = None
    direction: str = "both"
    length: RangeSpec | None = None


@dataclass(frozen=True, slots=True)
class PatternElement(Node):
    """A chain: nodes[0], rels[0], nodes[1], ... (len(nodes) == len(rels) + 1)."""

    nodes: tuple[NodePattern, ...] = ()
    relationships: tuple[RelationshipPattern, ...] = ()


@dataclass(frozen=True, slots=True)
class PatternPart(Node):
    """A pattern element with an optional path variable and shortest-path function.

    ``function``: None, 'shortestPath' or 'allShortestPaths'."""

    element: PatternElement = None  # type: ignore[assignment]
    variable: str | None = None
    function: str | None = None


@dataclass(frozen=True, slots=True)
class Pattern(Node):
    """Comma-separated pattern parts."""

    parts: tuple[PatternPart, ...] = ()


# --------------------------------------------------------------------------------------
# Clauses
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Clause(Node):
    pass


@dataclass(frozen=True, slots=True)
class ReturnItem(Node):
    """``expression [AS alias]``; ``text`` is the expression's source text, which names the
    column when there is no alias (Cypher names unaliased columns by their text)."""

    expression: Expr = None  # type: ignore[assignment]
    alias: str | None = None
    text: str = ""

    @property
    def name(self) -> str:
        return self.alias if self.alias is not None else self.text


@dataclass(frozen=True, slots=True)
class SortItem(Node):
    expression: Expr = None  # type: ignore[assignment]
    descending: bool = False


@dataclass(frozen=True, slots=True)
class ProjectionBody(Node):
    """What RETURN and WITH share. ``star`` is True for ``*`` (items may follow it)."""

    distinct: bool = False
    star: bool = False
    items: tuple[ReturnItem, ...] = ()
    order_by: tuple[SortItem, ...] = ()
    skip: Expr | None = None
    limit: Expr | None = None


@dataclass(frozen=True, slots=True)
class Match(Clause):
    pattern: Pattern = None  # type: ignore[assignment]
    where: Expr | None = None
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Unwind(Clause):
    expression: Expr = None  # type: ignore[assignment]
    variable: str = ""


@dataclass(frozen=True, slots=True)
class With(Clause):
    body: ProjectionBody = None  # type: ignore[assignment]
    where: Expr | None = None


@dataclass(frozen=True, slots=True)
class Return(Clause):
    body: ProjectionBody = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Create(Clause):
    pattern: Pattern = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class SetItem(Node):
    """kind: 'property' (``target = value`` where target is a Property expression),
    'replace' (``n = map``), 'merge' (``n += map``), 'labels' (``n:L1:L2``).
    For 'property' ``target`` is the Property expr; otherwise ``variable`` names the element."""

    kind: str = ""
    target: Expr | None = None
    variable: str | None = None
    value: Expr | None = None
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Set(Clause):
    items: tuple[SetItem, ...] = ()


@dataclass(frozen=True, slots=True)
class RemoveItem(Node):
    """kind: 'property' (``target`` is a Property expr) or 'labels' (variable + labels)."""

    kind: str = ""
    target: Expr | None = None
    variable: str | None = None
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Remove(Clause):
    items: tuple[RemoveItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Delete(Clause):
    expressions: tuple[Expr, ...] = ()
    detach: bool = False


@dataclass(frozen=True, slots=True)
class MergeAction(Node):
    """``ON CREATE SET ...`` (on='create') or ``ON MATCH SET ...`` (on='match')."""

    on: str = ""
    set: Set = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Merge(Clause):
    pattern: PatternPart = None  # type: ignore[assignment]
    actions: tuple[MergeAction, ...] = ()


@dataclass(frozen=True, slots=True)
class YieldItem(Node):
    """``field [AS alias]`` in CALL ... YIELD."""

    field: str = ""
    alias: str | None = None


@dataclass(frozen=True, slots=True)
class Call(Clause):
    """``CALL ns.proc(args) [YIELD items [WHERE ...]]``.

    ``args`` is None for the implicit form without parentheses (arguments from parameters);
    ``yield_star`` for ``YIELD *``; ``standalone`` when the query is just this CALL."""

    procedure: str = ""
    args: tuple[Expr, ...] | None = None
    yield_items: tuple[YieldItem, ...] = ()
    yield_star: bool = False
    where: Expr | None = None
    standalone: bool = False


# --- multiple-graph clauses (Morpheus syntax) ---------------------------------------------


@dataclass(frozen=True, slots=True)
class GraphRef(Node):
    """A qualified graph name ``ns.name`` (parts), optionally a view invocation with
    graph arguments ``view(g1, g2)`` or a parameter ``$g``."""

    parts: tuple[str, ...] = ()
    arguments: tuple[GraphRef, ...] = ()
    parameter: str | None = None

    @property
    def qualified_name(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True, slots=True)
class FromGraph(Clause):
    """``FROM [GRAPH] g``: switches the working graph."""

    graph: GraphRef = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class CloneItem(Node):
    expression: Expr = None  # type: ignore[assignment]
    alias: str | None = None


@dataclass(frozen=True, slots=True)
class Construct(Clause):
    """``CONSTRUCT [ON g1, g2] [CLONE ...] [CREATE ...]* [SET ...]*``."""

    on: tuple[GraphRef, ...] = ()
    clones: tuple[CloneItem, ...] = ()
    creates: tuple[Create, ...] = ()
    sets: tuple[Set, ...] = ()


@dataclass(frozen=True, slots=True)
class ReturnGraph(Clause):
    """``RETURN GRAPH``."""


@dataclass(frozen=True, slots=True)
class CatalogCreateGraph(Clause):
    """``CATALOG CREATE GRAPH name { query }``."""

    name: GraphRef = None  # type: ignore[assignment]
    query: Query = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class CatalogCreateView(Clause):
    """``CATALOG CREATE VIEW name($p1, $p2) { query }``."""

    name: GraphRef = None  # type: ignore[assignment]
    parameters: tuple[str, ...] = ()
    query: Query = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class CatalogDropGraph(Clause):
    """``CATALOG DROP GRAPH name`` (view=False) or ``CATALOG DROP VIEW name`` (view=True)."""

    name: GraphRef = None  # type: ignore[assignment]
    view: bool = False


# --------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SingleQuery(Node):
    """A sequence of clauses (reading, updating, projecting) ending in RETURN, an updating
    clause, RETURN GRAPH, or a standalone CALL."""

    clauses: tuple[Clause, ...] = ()


@dataclass(frozen=True, slots=True)
class UnionQuery(Node):
    """``left UNION [ALL] right``; chains nest to the left (left is a SingleQuery or a
    UnionQuery)."""

    left: Node = None  # type: ignore[assignment]
    right: SingleQuery = None  # type: ignore[assignment]
    all: bool = False


@dataclass(frozen=True, slots=True)
class Query(Node):
    """The root: a query body (SingleQuery or UnionQuery) or a catalog statement."""

    body: Node = None  # type: ignore[assignment]
    text: str = field(default="", compare=False, repr=False)


# --------------------------------------------------------------------------------------
# Rewriting
# --------------------------------------------------------------------------------------


def substitute(node: Node, replacements: Mapping[Node, Node]) -> Node:
    """``node`` with every subtree that is a key of ``replacements`` replaced by its value
    (matched by structural equality, outermost first)."""
    if node in replacements:
        return replacements[node]
    changes = {}
    for name in node.__dataclass_fields__:  # type: ignore[attr-defined]
        if name == "pos":
            continue
        value = getattr(node, name)
        new = _substitute_value(value, replacements)
        if new is not value:
            changes[name] = new
    return dataclasses.replace(node, **changes) if changes else node


def _substitute_value(value: Any, replacements: Mapping[Node, Node]) -> Any:
    if isinstance(value, Node):
        return substitute(value, replacements)
    if isinstance(value, tuple):
        items = tuple(_substitute_value(v, replacements) for v in value)
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value
