"""Logical plan operators.

A logical plan is a tree of immutable operators over *fields*: named, typed values per row.
Node and relationship variables are fields of element type (their ids, labels and properties
are the relational layer's business). A relationship scan also binds two hidden id fields,
``<var>#from`` and ``<var>#to``: the endpoints in the direction the pattern traverses it, so
that undirected patterns are a scan of both orientations joined like directed ones.

Every operator knows its output ``fields`` (an ordered name -> CypherType mapping).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .. import types as T
from ..ir.expr import AggCall, IRExpr


def from_field(var: str) -> str:
    return f"{var}#from"


def to_field(var: str) -> str:
    return f"{var}#to"


def ids_field(var: str) -> str:
    """The ids of a variable-length relationship's list, in path order."""
    return f"{var}#ids"


def nodes_field(var: str) -> str:
    """The nodes a variable-length relationship's path reaches after each relationship."""
    return f"{var}#nodes"


@dataclass(frozen=True, eq=False)
class LogicalOp:
    def inputs(self) -> tuple[LogicalOp, ...]:
        return ()

    @cached_property
    def fields(self) -> dict[str, T.CypherType]:
        raise NotImplementedError

    def with_inputs(self, *inputs: LogicalOp) -> LogicalOp:
        """A copy of this operator over other inputs (used by rewrite rules)."""
        import dataclasses

        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        names = [n for n in ("input", "left", "right") if n in values]
        return type(self)(**{**values, **dict(zip(names, inputs))})

    def pretty(self, indent: int = 0) -> str:
        lines = ["  " * indent + self.describe()]
        for child in self.inputs():
            lines.append(child.pretty(indent + 1))
        return "\n".join(lines)

    def describe(self) -> str:
        return type(self).__name__


@dataclass(frozen=True, eq=False)
class Unary(LogicalOp):
    input: LogicalOp = None  # type: ignore[assignment]

    def inputs(self):
        return (self.input,)

    @cached_property
    def fields(self):
        return dict(self.input.fields)


@dataclass(frozen=True, eq=False)
class Start(LogicalOp):
    """One row with no fields: what a query without a MATCH starts from."""

    @cached_property
    def fields(self):
        return {}


@dataclass(frozen=True, eq=False)
class Values(LogicalOp):
    """Constant rows: ``rows`` hold Python values of the ``columns``' types, in order."""

    columns: tuple[tuple[str, T.CypherType], ...] = ()
    rows: tuple[tuple, ...] = ()

    @cached_property
    def fields(self):
        return dict(self.columns)

    def describe(self):
        return f"Values({', '.join(n for n, _ in self.columns)}; {len(self.rows)} rows)"


@dataclass(frozen=True, eq=False)
class NodeScan(LogicalOp):
    """Every node carrying all of ``labels``, bound to ``var``."""

    var: str = ""
    labels: frozenset[str] = frozenset()
    type: T.ElementType = T.NODE

    @cached_property
    def fields(self):
        return {self.var: self.type}

    def describe(self):
        return f"NodeScan({self.var}:{':'.join(sorted(self.labels))})"


@dataclass(frozen=True, eq=False)
class RelationshipScan(LogicalOp):
    """Every relationship of one of ``types`` (any type when empty), bound to ``var``, with
    its endpoints as traversed in ``direction`` ('out', 'in' or 'both')."""

    var: str = ""
    types: frozenset[str] = frozenset()
    direction: str = "out"
    type: T.ElementType = T.RELATIONSHIP
    id_type: T.CypherType = T.INTEGER

    @cached_property
    def fields(self):
        return {
            self.var: self.type,
            from_field(self.var): self.id_type,
            to_field(self.var): self.id_type,
        }

    def describe(self):
        return f"RelationshipScan({self.var}:{'|'.join(sorted(self.types))}, {self.direction})"


@dataclass(frozen=True, eq=False)
class VarExpand(Unary):
    """A variable-length relationship: for each input row, every path of ``min_length`` to
    ``max_length`` (None: unbounded) relationships of ``steps`` starting at the node whose id
    is ``source``, repeating no relationship.

    ``steps`` is one hop: a relationship scan over ``step_var`` (oriented by its ``#from`` /
    ``#to`` fields, with the pattern's type and property filters). Binds ``var`` to the list
    of the path's relationships, ``var#ids`` to their ids, ``var#to`` to the far end's id and
    ``var#nodes`` to the nodes after each relationship. ``shortest`` is '' for every path,
    'all' for the shortest paths to each far end (allShortestPaths), 'single' for one of them
    (shortestPath); ``target`` (shortest paths only, may be None) the id of the node each row
    searches a path to, so that the search can stop once every target is reached."""

    source: IRExpr = None  # type: ignore[assignment]
    steps: LogicalOp = None  # type: ignore[assignment]
    step_var: str = ""
    var: str = ""
    min_length: int = 1
    max_length: int | None = None
    node_type: T.ElementType = T.NODE
    id_type: T.CypherType = T.INTEGER
    shortest: str = ""
    target: IRExpr | None = None
    # The graph (a GraphRef) whose relationships and nodes the paths go through, under
    # FROM GRAPH; None: the query's graph.
    graph: object = None

    @cached_property
    def fields(self):
        return {
            **self.input.fields,
            self.var: T.ListType(self.steps.fields[self.step_var]),
            ids_field(self.var): T.ListType(self.id_type),
            to_field(self.var): self.id_type,
            nodes_field(self.var): T.ListType(self.node_type),
        }

    def pretty(self, indent: int = 0) -> str:
        return _pretty_with_steps(self, indent)

    def describe(self):
        kind = f", {self.shortest} shortest" if self.shortest else ""
        return _describe_expansion("VarExpand", self, kind)


@dataclass(frozen=True, eq=False)
class Reach(Unary):
    """The nodes reachable from the node whose id is ``source``, in ``min_length`` (0 or 1)
    to ``max_length`` (None: unbounded) hops of ``steps``: one row per input row and node
    reached, binding only ``var#to``, the reached node's id (rewrite/plan_reachability
    plans a variable-length pattern as this when nothing reads its paths). ``shortest``:
    the start counts as reached before the first hop (a shortest path never returns to
    it); ``target`` (may be None) the id of the node each row looks for, so that the
    search can stop once every target is reached."""

    source: IRExpr = None  # type: ignore[assignment]
    steps: LogicalOp = None  # type: ignore[assignment]
    step_var: str = ""
    var: str = ""
    min_length: int = 1
    max_length: int | None = None
    id_type: T.CypherType = T.INTEGER
    shortest: bool = False
    target: IRExpr | None = None
    graph: object = None

    def __post_init__(self):
        # Beyond one hop, a walk's reach differs from a trail's: such patterns enumerate.
        if self.min_length not in (0, 1):
            raise ValueError(f"Reach needs a minimal length of 0 or 1, not {self.min_length}")
        if self.max_length is not None and self.max_length < self.min_length:
            raise ValueError(f"Reach over an empty interval *{self.min_length}..{self.max_length}")

    @cached_property
    def fields(self):
        return {**self.input.fields, to_field(self.var): self.id_type}

    def pretty(self, indent: int = 0) -> str:
        return _pretty_with_steps(self, indent)

    def describe(self):
        return _describe_expansion("Reach", self, ", shortest" if self.shortest else "")


def _pretty_with_steps(op: VarExpand | Reach, indent: int) -> str:
    lines = [op.describe(), "  one hop:", op.steps.pretty(2), op.input.pretty(1)]
    return "\n".join("  " * indent + line for text in lines for line in text.split("\n"))


def _describe_expansion(name: str, op: VarExpand | Reach, kind: str) -> str:
    upper = "" if op.max_length is None else str(op.max_length)
    target = f" to {op.target}" if op.target is not None else ""
    return f"{name}({op.var.strip()} from {op.source}, *{op.min_length}..{upper}{kind}{target})"


@dataclass(frozen=True, eq=False)
class Join(LogicalOp):
    """Rows of ``left`` and ``right`` whose ``on`` pairs are equal.

    kind: 'inner', 'left' (OPTIONAL MATCH: unmatched left rows padded with nulls), 'cross'.
    ``on`` pairs are (left expression, right expression); both are field references of
    id type in practice. ``predicate`` (left joins only) is a condition evaluated as part of
    the join, so that a failing condition pads with nulls instead of dropping the row."""

    left: LogicalOp = None  # type: ignore[assignment]
    right: LogicalOp = None  # type: ignore[assignment]
    on: tuple[tuple[IRExpr, IRExpr], ...] = ()
    kind: str = "inner"
    predicate: IRExpr | None = None

    def inputs(self):
        return (self.left, self.right)

    @cached_property
    def fields(self):
        return {**self.left.fields, **self.right.fields}

    def describe(self):
        return f"Join({self.kind}, on=" + ", ".join(f"{a}={b}" for a, b in self.on) + ")"


@dataclass(frozen=True, eq=False)
class Filter(Unary):
    predicate: IRExpr = None  # type: ignore[assignment]

    def describe(self):
        return f"Filter({self.predicate})"


@dataclass(frozen=True, eq=False)
class Project(Unary):
    """Exactly the given fields, in order (WITH / RETURN items)."""

    items: tuple[tuple[str, IRExpr], ...] = ()

    @cached_property
    def fields(self):
        return {name: expr.type for name, expr in self.items}

    def describe(self):
        return "Project(" + ", ".join(f"{n.strip()}={e}" for n, e in self.items) + ")"


@dataclass(frozen=True, eq=False)
class Extend(Unary):
    """The input's fields plus the given computed ones."""

    items: tuple[tuple[str, IRExpr], ...] = ()

    @cached_property
    def fields(self):
        return {**self.input.fields, **{name: expr.type for name, expr in self.items}}


@dataclass(frozen=True, eq=False)
class Aggregate(Unary):
    keys: tuple[tuple[str, IRExpr], ...] = ()
    aggregates: tuple[tuple[str, AggCall], ...] = ()

    @cached_property
    def fields(self):
        out = {name: expr.type for name, expr in self.keys}
        out.update({name: expr.type for name, expr in self.aggregates})
        return out

    def describe(self):
        keys = ", ".join(f"{name}={expr}" for name, expr in self.keys)
        aggregates = ", ".join(f"{name}={expr}" for name, expr in self.aggregates)
        return f"Aggregate(by {keys or 'nothing'}: {aggregates})"


@dataclass(frozen=True, eq=False)
class Distinct(Unary):
    pass


@dataclass(frozen=True, eq=False)
class Sort(Unary):
    items: tuple[tuple[IRExpr, bool], ...] = ()  # (expression, descending)


@dataclass(frozen=True, eq=False)
class Skip(Unary):
    count: int = 0


@dataclass(frozen=True, eq=False)
class Limit(Unary):
    count: int = 0


@dataclass(frozen=True, eq=False)
class Unwind(Unary):
    expression: IRExpr = None  # type: ignore[assignment]
    var: str = ""
    element_type: T.CypherType = T.ANY

    @cached_property
    def fields(self):
        return {**self.input.fields, self.var: self.element_type}


@dataclass(frozen=True, eq=False)
class Union(LogicalOp):
    left: LogicalOp = None  # type: ignore[assignment]
    right: LogicalOp = None  # type: ignore[assignment]
    all: bool = False

    def inputs(self):
        return (self.left, self.right)

    @cached_property
    def fields(self):
        return {name: T.join(t, self.right.fields[name]) for name, t in self.left.fields.items()}


@dataclass(frozen=True, eq=False)
class CreateElements(Unary):
    """CREATE: for each input row make the nodes and relationships of ``pattern``.

    ``nodes`` is a tuple of (var, labels, properties as (key, expr) pairs, is_new);
    ``relationships`` a tuple of (var, type, from var, to var, properties). New variables
    are bound in the output."""

    nodes: tuple = ()
    relationships: tuple = ()
    new_fields: tuple[tuple[str, T.CypherType], ...] = field(default=())

    @cached_property
    def fields(self):
        return {**self.input.fields, **dict(self.new_fields)}


@dataclass(frozen=True, eq=False)
class BoundRows(LogicalOp):
    """The rows an earlier stage of the query computed (a query with updating clauses runs
    in stages, each over the graph the previous one produced). ``rows`` is opaque here: the
    relational lowering knows its columns and element layouts."""

    rows: object = None
    row_fields: tuple[tuple[str, T.CypherType], ...] = ()
    # Element variables given only by their id (``<var>#refresh``), looked up again.
    refreshed: frozenset[str] = frozenset()

    @cached_property
    def fields(self):
        return dict(self.row_fields)

    def describe(self):
        return "BoundRows(" + ", ".join(n.strip() for n, _ in self.row_fields) + ")"


@dataclass(frozen=True)
class ElementUpdate:
    """SET / REMOVE on one element per row: ``target`` is the element (null: no-op),
    ``properties`` the (key, new value) writes in order (a null value removes the key),
    ``add_labels`` / ``remove_labels`` the label changes. ``condition`` (MERGE's ON CREATE /
    ON MATCH) limits the update to the rows where it holds."""

    target: IRExpr
    properties: tuple[tuple[str, IRExpr], ...] = ()
    add_labels: frozenset[str] = frozenset()
    remove_labels: frozenset[str] = frozenset()
    condition: IRExpr | None = None


@dataclass(frozen=True, eq=False)
class UpdateElements(Unary):
    """SET, REMOVE and DELETE: changes to the graph computed from the input rows, which
    pass through unchanged (the query's later clauses run in a new stage, over the
    updated graph). ``deletes`` are expressions of nodes, relationships or paths."""

    updates: tuple[ElementUpdate, ...] = ()
    deletes: tuple[IRExpr, ...] = ()
    detach: bool = False

    def describe(self):
        parts = [f"set {u.target}" for u in self.updates]
        parts += [("detach delete " if self.detach else "delete ") + str(d) for d in self.deletes]
        return "UpdateElements(" + ", ".join(parts) + ")"
