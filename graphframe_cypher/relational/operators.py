"""The relational plan: backend-neutral operators over tables with named columns.

Nothing here knows about graphs any more: node and relationship variables have been
exploded into columns by the lowering (see ``lowering.py``), scans are of concrete tables.
A backend (Spark today, DuckDB planned) implements each operator once.
Expressions are the typed IR of ``graphframe_cypher.ir.expr`` over the input's columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import types as T
from ..ir.expr import AggCall, IRExpr


@dataclass(frozen=True, eq=False)
class RelOp:
    # Output column names in order with their Cypher types.
    columns: tuple[tuple[str, T.CypherType], ...] = field(default=(), kw_only=True)

    def inputs(self) -> tuple[RelOp, ...]:
        return ()

    @property
    def column_names(self) -> list[str]:
        return [n for n, _ in self.columns]

    def pretty(self, indent: int = 0) -> str:
        lines = ["  " * indent + self.describe()]
        for child in self.inputs():
            lines.append(child.pretty(indent + 1))
        return "\n".join(lines)

    def describe(self) -> str:
        return f"{type(self).__name__}[{', '.join(self.column_names)}]"


@dataclass(frozen=True, eq=False)
class OneRow(RelOp):
    """A single row without columns."""


@dataclass(frozen=True, eq=False)
class Empty(RelOp):
    """No rows (a scan whose labels no table has)."""


@dataclass(frozen=True, eq=False)
class Values(RelOp):
    """Constant rows of Python values, one per ``columns`` entry (small inline data)."""

    rows: tuple[tuple, ...] = ()


@dataclass(frozen=True, eq=False)
class TableScan(RelOp):
    """Reads ``source`` (an opaque backend table) and computes ``items`` over its columns."""

    source: Any = None
    items: tuple[tuple[str, IRExpr], ...] = ()


@dataclass(frozen=True, eq=False)
class Select(RelOp):
    input: RelOp = None  # type: ignore[assignment]
    items: tuple[tuple[str, IRExpr], ...] = ()

    def inputs(self):
        return (self.input,)


@dataclass(frozen=True, eq=False)
class Filter(RelOp):
    input: RelOp = None  # type: ignore[assignment]
    predicate: IRExpr = None  # type: ignore[assignment]

    def inputs(self):
        return (self.input,)


@dataclass(frozen=True, eq=False)
class Join(RelOp):
    """kind: 'inner', 'left', 'cross'. ``on``: pairs of (left column, right column) that must
    be equal; ``predicate``: an extra condition over both sides' columns."""

    left: RelOp = None  # type: ignore[assignment]
    right: RelOp = None  # type: ignore[assignment]
    on: tuple[tuple[str, str], ...] = ()
    kind: str = "inner"
    predicate: IRExpr | None = None

    def inputs(self):
        return (self.left, self.right)


@dataclass(frozen=True, eq=False)
class UnionAll(RelOp):
    """Concatenation of inputs with the same column names (types joined by the lowering)."""

    parts: tuple[RelOp, ...] = ()

    def inputs(self):
        return self.parts


@dataclass(frozen=True, eq=False)
class Distinct(RelOp):
    input: RelOp = None  # type: ignore[assignment]

    def inputs(self):
        return (self.input,)


@dataclass(frozen=True, eq=False)
class Aggregate(RelOp):
    input: RelOp = None  # type: ignore[assignment]
    keys: tuple[tuple[str, IRExpr], ...] = ()
    aggregates: tuple[tuple[str, AggCall], ...] = ()

    def inputs(self):
        return (self.input,)


@dataclass(frozen=True, eq=False)
class Sort(RelOp):
    input: RelOp = None  # type: ignore[assignment]
    items: tuple[tuple[IRExpr, bool], ...] = ()

    def inputs(self):
        return (self.input,)


@dataclass(frozen=True, eq=False)
class Skip(RelOp):
    input: RelOp = None  # type: ignore[assignment]
    count: int = 0

    def inputs(self):
        return (self.input,)


@dataclass(frozen=True, eq=False)
class Limit(RelOp):
    input: RelOp = None  # type: ignore[assignment]
    count: int = 0

    def inputs(self):
        return (self.input,)


@dataclass(frozen=True, eq=False)
class Explode(RelOp):
    """UNWIND: one output row per element of ``expression`` (a list), as column ``name``."""

    input: RelOp = None  # type: ignore[assignment]
    name: str = ""
    expression: IRExpr = None  # type: ignore[assignment]

    def inputs(self):
        return (self.input,)


@dataclass(frozen=True, eq=False)
class VarExpand(RelOp):
    """Paths of ``min_length`` to ``max_length`` (None: until no path extends) hops from the
    id in column ``source`` of each input row, one output row per path, repeating no
    relationship.

    ``steps`` has the columns ``STEP_FROM``, ``STEP_TO``, ``STEP_ID`` and ``STEP_VALUE``
    (the packed relationship) of one hop; ``nodes`` the columns ``NODE_ID`` and
    ``NODE_VALUE`` of every node (None when no path needs node values). Each path adds the
    columns named by ``to`` (far end id), ``ids`` (relationship ids in path order),
    ``relationships`` (their values) and ``reached`` (the node values after each hop); the
    last two are '' when nothing reads them (pruned). ``shortest`` and ``target`` (a column,
    or ''): see the logical ``VarExpand``."""

    input: RelOp = None  # type: ignore[assignment]
    steps: RelOp = None  # type: ignore[assignment]
    nodes: RelOp | None = None
    source: str = ""
    min_length: int = 1
    max_length: int | None = None
    to: str = ""
    ids: str = ""
    relationships: str = ""
    reached: str = ""
    shortest: str = ""
    target: str = ""

    def inputs(self):
        return (self.input, self.steps) + ((self.nodes,) if self.nodes is not None else ())


@dataclass(frozen=True, eq=False)
class Reach(RelOp):
    """The distinct nodes reachable in ``min_length`` (0 or 1) to ``max_length`` (None:
    until nothing new is reached) hops from the id in column ``source`` of each input row:
    one output row per input row and node reached, its id in the column ``to``. ``steps``
    has the columns ``STEP_FROM`` and ``STEP_TO`` of one hop. ``shortest`` and ``target``:
    see the logical ``Reach``."""

    input: RelOp = None  # type: ignore[assignment]
    steps: RelOp = None  # type: ignore[assignment]
    source: str = ""
    min_length: int = 1
    max_length: int | None = None
    to: str = ""
    shortest: bool = False
    target: str = ""

    def inputs(self):
        return (self.input, self.steps)


STEP_FROM, STEP_TO, STEP_ID, STEP_VALUE = "  step#from", "  step#to", "  step#id", "  step#value"
NODE_ID, NODE_VALUE = "  node#id", "  node#value"


@dataclass(frozen=True, eq=False)
class NewNodes:
    """Nodes a CREATE makes, one per input row: ``id_column`` is filled by the backend with
    fresh ids; the table has the given labels and property columns."""

    id_column: str
    labels: frozenset[str]
    properties: tuple[tuple[str, str, T.CypherType], ...]  # (key, column, type)
    values: tuple[tuple[str, IRExpr], ...] = ()  # (key, expression computing it)


@dataclass(frozen=True, eq=False)
class NewRelationships:
    """Relationships a CREATE makes, one per input row. Their endpoint columns are filled
    from the endpoint nodes' ids once those have ids (``source_node``, ``target_node``:
    expressions for the endpoints' ids)."""

    id_column: str
    rel_type: str
    source_column: str
    target_column: str
    properties: tuple[tuple[str, str, T.CypherType], ...]
    source_node: IRExpr | None = None
    target_node: IRExpr | None = None
    values: tuple[tuple[str, IRExpr], ...] = ()


@dataclass(frozen=True, eq=False)
class CreateGraphElements(RelOp):
    """Materializes its input once, gives every new element a fresh id (in the id columns
    named by ``nodes`` and ``relationships``) and records the new element tables; its
    output is the input with those id columns filled."""

    input: RelOp = None  # type: ignore[assignment]
    nodes: tuple[NewNodes, ...] = ()
    relationships: tuple[NewRelationships, ...] = ()

    def inputs(self):
        return (self.input,)


def is_single_row(op: RelOp) -> bool:
    """Whether a plan yields exactly one row whatever the data (projections of one row)."""
    while isinstance(op, (Select, CreateGraphElements)):
        op = op.input
    return isinstance(op, OneRow)


def constant_creation(op: CreateGraphElements) -> bool:
    """Whether every element ``op`` creates is known without reading its input: one input
    row, literal property values, relationships between nodes created by ``op`` itself.
    Such elements (set-up scripts, literal CREATE clauses) are built from their values."""
    from ..ir.expr import Col, Lit

    if not is_single_row(op.input):
        return False
    node_ids = {n.id_column for n in op.nodes}
    elements = (*op.nodes, *op.relationships)
    if not all(isinstance(e, Lit) for x in elements for _, e in x.values):
        return False
    return all(
        isinstance(end, Col) and end.name in node_ids
        for r in op.relationships
        for end in (r.source_node, r.target_node)
    )


@dataclass(frozen=True, eq=False)
class ElementChanges:
    """SET / REMOVE of one element per row: ``element_id`` (null: no change) of a ``kind``
    ('NODE' or 'RELATIONSHIP') element, property writes (key, value; null removes) and
    label changes, for the rows where ``condition`` holds (None: all)."""

    kind: str
    element_id: IRExpr
    writes: tuple[tuple[str, IRExpr], ...] = ()
    add_labels: frozenset[str] = frozenset()
    remove_labels: frozenset[str] = frozenset()
    condition: IRExpr | None = None


@dataclass(frozen=True, eq=False)
class UpdateGraph(RelOp):
    """Records changes to the graph computed from the input rows, which it passes through."""

    input: RelOp = None  # type: ignore[assignment]
    changes: tuple[ElementChanges, ...] = ()
    # Ids of the nodes and relationships to delete, and paths to delete whole.
    delete_nodes: tuple[IRExpr, ...] = ()
    delete_relationships: tuple[IRExpr, ...] = ()
    delete_paths: tuple[IRExpr, ...] = ()
    detach: bool = False

    def inputs(self):
        return (self.input,)

    @property
    def deletes(self) -> tuple[IRExpr, ...]:
        return self.delete_nodes + self.delete_relationships + self.delete_paths

    def expressions(self) -> list[IRExpr]:
        out = list(self.deletes)
        for change in self.changes:
            out += [change.element_id, *(v for _, v in change.writes)]
            if change.condition is not None:
                out.append(change.condition)
        return out
