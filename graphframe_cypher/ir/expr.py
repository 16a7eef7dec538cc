"""The typed expression IR shared by the logical and relational plans.

The planner lowers AST expressions into these nodes once names are resolved and types are
inferred; backends compile them (``backends/spark/expressions.py``). The IR knows nothing
about any backend: it is the contract between the compiler and every backend (as ibis keeps
its expression IR apart from its backends).

Every node is immutable and carries its static :class:`~graphframe_cypher.types.CypherType`.
Operators and functions are all :class:`Call` nodes with a canonical lower-case name (see
``FUNCTIONS`` in ``ir/functions.py`` for the list and their typing rules), so a backend
implements one table of functions instead of one class per operator.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .. import types as T


@dataclass(frozen=True)
class IRExpr:
    type: T.CypherType = field(default=T.ANY, kw_only=True)

    def children(self) -> tuple[IRExpr, ...]:
        return ()

    def walk(self):
        yield self
        for child in self.children():
            yield from child.walk()

    def __str__(self) -> str:
        return render(self)


@dataclass(frozen=True)
class Col(IRExpr):
    """A column of the input relation, by name."""

    name: str = ""


@dataclass(frozen=True)
class Lit(IRExpr):
    """A constant Cypher value (Python representation: None, bool, int, float, str, list,
    dict, values.Node...). ``type`` is its static type (``types.type_of_value``)."""

    value: Any = None

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Lit)
            and _typed_key(self.value) == _typed_key(other.value)
            and self.type == other.type
        )

    def __hash__(self) -> int:
        return hash((_typed_key(self.value), self.type))


def _typed_key(value: Any):
    """A hashable key that tells 1, 1.0 and True apart (Python says they are equal)."""
    if isinstance(value, (list, tuple)):
        return ("list", tuple(_typed_key(v) for v in value))
    if isinstance(value, dict):
        return ("map", tuple(sorted((k, _typed_key(v)) for k, v in value.items())))
    if isinstance(value, float) and value != value:
        return ("nan",)
    return (type(value).__name__, value)


@dataclass(frozen=True)
class Call(IRExpr):
    """A scalar operator or function: ``fn`` is its canonical name, e.g. 'add', 'eq',
    'and', 'is_null', 'in', 'starts_with', 'size', 'tolower', 'labels'."""

    fn: str = ""
    args: tuple[IRExpr, ...] = ()

    def children(self):
        return self.args


@dataclass(frozen=True)
class AggCall(IRExpr):
    """An aggregate: fn in 'count', 'count_star', 'sum', 'avg', 'min', 'max', 'collect',
    'stdev', 'stdevp', 'percentilecont', 'percentiledisc'. Only valid as a top-level
    aggregation item of an Aggregate operator."""

    fn: str = ""
    args: tuple[IRExpr, ...] = ()
    distinct: bool = False

    def children(self):
        return self.args


@dataclass(frozen=True)
class CaseWhen(IRExpr):
    """Generic CASE: the first branch whose condition is true wins (null counts as false)."""

    branches: tuple[tuple[IRExpr, IRExpr], ...] = ()
    default: IRExpr | None = None

    def children(self):
        out = [x for pair in self.branches for x in pair]
        if self.default is not None:
            out.append(self.default)
        return tuple(out)


@dataclass(frozen=True)
class ListOf(IRExpr):
    """A list built from expressions: ``[a, b + 1]``."""

    items: tuple[IRExpr, ...] = ()

    def children(self):
        return self.items


@dataclass(frozen=True)
class MapOf(IRExpr):
    """A map built from expressions with constant keys: ``{a: x, b: 1}``."""

    keys: tuple[str, ...] = ()
    values: tuple[IRExpr, ...] = ()

    def children(self):
        return self.values


@dataclass(frozen=True)
class LambdaVar(IRExpr):
    """A variable bound by an enclosing :class:`ListFn` (list comprehension element,
    reduce accumulator)."""

    name: str = ""


@dataclass(frozen=True)
class ListFn(IRExpr):
    """A higher-order list operation with a lambda over ``variable`` (and ``accumulator``
    for reduce):

    - 'transform': ``[x IN list | body]``            (body: the projection)
    - 'filter':    ``[x IN list WHERE body]``         (body: the predicate)
    - 'all' / 'any' / 'none' / 'single': quantifiers   (body: the predicate)
    - 'reduce':    ``reduce(acc = init, x IN list | body)``
    """

    fn: str = ""
    source: IRExpr = None  # type: ignore[assignment]
    variable: str = ""
    body: IRExpr = None  # type: ignore[assignment]
    accumulator: str = ""
    init: IRExpr | None = None

    def children(self):
        out = (self.source, self.body)
        return out + ((self.init,) if self.init is not None else ())


@dataclass(frozen=True)
class ElementOf(IRExpr):
    """Packs the columns of a node or relationship binding into one element value.

    ``id`` is the id column; for nodes ``labels`` maps each possible label to a boolean
    expression telling whether the element has it; for relationships ``rel_type`` is the
    type expression and ``source``/``target`` the endpoint id expressions; ``properties``
    maps property keys to their column expressions. ``type`` is the ElementType."""

    id: IRExpr = None  # type: ignore[assignment]
    labels: tuple[tuple[str, IRExpr], ...] = ()
    rel_type: IRExpr | None = None
    source: IRExpr | None = None
    target: IRExpr | None = None
    properties: tuple[tuple[str, IRExpr], ...] = ()

    def children(self):
        out = [self.id, *(e for _, e in self.labels), *(e for _, e in self.properties)]
        out += [e for e in (self.rel_type, self.source, self.target) if e is not None]
        return tuple(out)


@dataclass(frozen=True)
class PathOf(IRExpr):
    """A path value from alternating node and relationship element expressions
    (``nodes[0], rels[0], nodes[1], ...``); ``var_length`` marks relationship items that are
    lists of relationships (variable-length hops) to be spliced in."""

    nodes: tuple[IRExpr, ...] = ()
    relationships: tuple[IRExpr, ...] = ()

    def children(self):
        return self.nodes + self.relationships


def columns_used(expr: IRExpr) -> set[str]:
    """Names of the input columns an expression reads."""
    return {e.name for e in expr.walk() if isinstance(e, Col)}


def map_children(expr: IRExpr, fn) -> IRExpr:
    """A copy of ``expr`` with ``fn`` applied to each direct child expression (also inside
    tuples and pairs such as CASE branches or element properties)."""
    changes = {}
    for f in dataclasses.fields(expr):
        value = getattr(expr, f.name)
        if isinstance(value, IRExpr):
            changes[f.name] = fn(value)
        elif isinstance(value, tuple) and value:
            changes[f.name] = tuple(_map_item(v, fn) for v in value)
    return dataclasses.replace(expr, **changes) if changes else expr


def _map_item(value, fn):
    if isinstance(value, IRExpr):
        return fn(value)
    if isinstance(value, tuple):
        return tuple(_map_item(v, fn) for v in value)
    return value


def render(expr: IRExpr) -> str:
    """A compact, readable form of an expression for plan printouts."""
    if isinstance(expr, Col):
        return expr.name.strip()
    if isinstance(expr, Lit):
        return repr(expr.value)
    if isinstance(expr, LambdaVar):
        return expr.name
    if isinstance(expr, (Call, AggCall)):
        distinct = "DISTINCT " if getattr(expr, "distinct", False) else ""
        return f"{expr.fn}({distinct}{', '.join(render(a) for a in expr.args)})"
    return f"{type(expr).__name__}({', '.join(render(c) for c in expr.children())})"


def conjunction(conditions: list[IRExpr]) -> IRExpr:
    """``c1 AND c2 AND ...`` (true for no conditions)."""
    if not conditions:
        return Lit(True, type=T.BOOLEAN)
    result = conditions[0]
    for condition in conditions[1:]:
        result = Call("and", (result, condition), type=T.BOOLEAN)
    return result
