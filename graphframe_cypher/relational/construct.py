"""Lowering of the multiple-graph operators: scans of another graph (InGraph) and the
graph a CONSTRUCT builds (ConstructGraph).

Every element a CONSTRUCT builds is read from the rows as one row per occurrence in a
common layout (id, a flag per label, a column per property key, for relationships also
type and endpoints); the backend unions those rows, keeps one per id and splits them into
element tables by label combination or relationship type. Which combinations a cloned
node can have is known from the tables of the query's graphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import types as T
from ..errors import UnsupportedFeature
from ..ir.expr import Call, Col, IRExpr, Lit
from ..logical.construct import BuiltElement, ConstructGraph, InGraph
from . import operators as R

if TYPE_CHECKING:
    from .lowering import ElementLayout, Lowered, RelationalLowering


@dataclass(frozen=True, eq=False)
class ElementRows:
    """Rows of one kind of built element. ``parts``: per element variable, the expressions
    of the columns ``id``, then (nodes) one flag per ``labels``, (relationships) ``type``,
    ``src``, ``dst``, then one value per ``keys``. ``tables``: the element tables to split
    into: (label set or relationship type, property keys it has). ``check_endpoints``:
    relationships must be dropped unless both endpoints are nodes of the result."""

    kind: str
    parts: tuple[tuple[IRExpr, ...], ...]
    labels: tuple[str, ...]
    keys: tuple[tuple[str, T.CypherType], ...]
    tables: tuple[tuple[Any, tuple[str, ...]], ...]
    check_endpoints: bool = False
    clones: bool = True

    def column_names(self) -> list[str]:
        fixed = ["id", *(f"l{i}" for i in range(len(self.labels)))]
        if self.kind == "RELATIONSHIP":
            fixed += ["type", "src", "dst"]
        return fixed + [f"p{i}" for i in range(len(self.keys))]


@dataclass(frozen=True, eq=False)
class BuildGraph(R.RelOp):
    """The graph of a CONSTRUCT: the ``base`` graphs ((schema, id spaces) pairs, already
    retagged), plus the elements of ``nodes`` and ``relationships`` read from ``input``
    (which replace base elements with the same id). No output rows."""

    input: R.RelOp = None  # type: ignore[assignment]
    base: tuple[tuple[Any, Any], ...] = ()
    nodes: ElementRows | None = None
    relationships: ElementRows | None = None
    id_type: T.CypherType = T.INTEGER

    def inputs(self):
        return (self.input,)

    def columns_read(self) -> set[str]:
        from ..ir.expr import columns_used

        out: set[str] = set()
        for rows in (self.nodes, self.relationships):
            for part in rows.parts if rows else ():
                for expr in part:
                    out |= columns_used(expr)
        return out


def lower_in_graph(lowering: RelationalLowering, op: InGraph) -> Lowered:
    with lowering.reading(op.graph):
        return lowering.lower(op.input)


def lower_construct(lowering: RelationalLowering, op: ConstructGraph) -> Lowered:
    from .lowering import Lowered

    inner = lowering.lower(op.input)
    graphs = lowering.graphs
    base = tuple((graphs.schema(ref), graphs.spaces(ref)) for ref in op.on)
    builder = _RowsBuilder(lowering, inner)
    nodes = builder.nodes(op.nodes) if op.nodes else None
    rels = builder.relationships(op.relationships) if op.relationships else None
    built = BuildGraph(
        input=inner.op, base=base, nodes=nodes, relationships=rels, id_type=lowering.id_type
    )
    return Lowered(built)


class _RowsBuilder:
    def __init__(self, lowering: RelationalLowering, inner: Lowered):
        self.lowering = lowering
        self.inner = inner
        self.id_type = lowering.id_type

    def layout(self, element: BuiltElement) -> ElementLayout:
        layout = self.inner.layouts.get(element.var)
        if layout is None:
            raise UnsupportedFeature(
                f"CONSTRUCT can copy `{element.var.strip()}` only as an element matched or "
                "created in this query (not a value computed from one)"
            )
        return layout

    def _properties(self, element: BuiltElement, layout: ElementLayout) -> dict[str, IRExpr]:
        """key -> value: the element's own properties, then what SET gives it."""
        props: dict[str, IRExpr] = {}
        if not element.replace:
            props = {k: Col(c, type=layout.type.property_type(k)) for k, c in layout.properties}
        for key, value in element.properties:
            props[key] = self.lowering.expr(value, self.inner)
        return {k: v for k, v in props.items() if v.type != T.NULL}

    # -- nodes ----------------------------------------------------------------------------

    def nodes(self, elements: tuple[BuiltElement, ...]) -> ElementRows:
        described = []
        for element in elements:
            layout = self.layout(element)
            flags = {label: Col(c, type=T.BOOLEAN) for label, c in layout.labels}
            flags.update({label: Lit(True, type=T.BOOLEAN) for label in element.labels})
            props = self._properties(element, layout)
            tables = self._label_sets(element, layout, props)
            described.append((Col(layout.id, type=self.id_type), flags, props, tables))
        labels = sorted({label for _, flags, _, _ in described for label in flags})
        keys = _joined_keys(props for _, _, props, _ in described)
        parts = tuple(
            (
                id_,
                *(flags.get(label, Lit(False, type=T.BOOLEAN)) for label in labels),
                *(_value(props, key, ktype) for key, ktype in keys),
            )
            for id_, flags, props, _ in described
        )
        tables = _merge_tables(d[-1] for d in described)
        clones = not all(e.created for e in elements)
        return ElementRows("NODE", parts, tuple(labels), keys, tables, clones=clones)

    def _label_sets(self, element, layout, props) -> list[tuple[frozenset, tuple[str, ...]]]:
        """The label combinations the element's nodes can have, each with its property
        keys: a created node has its own; a clone has those of the query's tables."""
        possible = frozenset(label for label, _ in layout.labels)
        extra = element.labels
        if element.created:
            return [(possible | extra, tuple(sorted(props)))]
        combos: dict[frozenset, set[str]] = {}
        graphs = self.lowering.graphs
        schemas = (
            [graphs.schema(g) for g in element.scanned_in]
            if element.scanned_in
            else graphs.all_schemas()
        )
        for schema in schemas:
            for table in schema.node_tables:
                if table.labels <= possible:
                    keys = combos.setdefault(table.labels | extra, set())
                    keys |= {p.key for p in table.properties}
        set_keys = {k for k, _ in element.properties}
        return [
            (labels, tuple(sorted(k for k in props if k in keys or k in set_keys)))
            for labels, keys in combos.items()
        ]

    # -- relationships ----------------------------------------------------------------------

    def relationships(self, elements: tuple[BuiltElement, ...]) -> ElementRows:
        described = []
        check = False
        for element in elements:
            layout = self.layout(element)
            props = self._properties(element, layout)
            ends = [
                self._node_id(end) if end is not None else Col(column, type=self.id_type)
                for end, column in (
                    (element.source, layout.source),
                    (element.target, layout.target),
                )
            ]
            check = check or (not element.created and element.source is None)
            types = sorted(layout.type.labels)
            tables = [(t, tuple(sorted(props))) for t in types]
            head = (Col(layout.id, type=self.id_type), Col(layout.rel_type, type=T.STRING), *ends)
            described.append((head, props, tables))
        keys = _joined_keys(props for _, props, _ in described)
        parts = tuple(
            (*head, *(_value(props, key, ktype) for key, ktype in keys))
            for head, props, _ in described
        )
        tables = _merge_tables(d[-1] for d in described)
        clones = not all(e.created for e in elements)
        return ElementRows("RELATIONSHIP", parts, (), keys, tables, check, clones)

    def _node_id(self, var: str) -> IRExpr:
        layout = self.inner.layouts.get(var)
        if layout is not None:
            return Col(layout.id, type=self.id_type)
        ctype = dict(self.inner.op.columns)[var]
        return Call("id", (Col(var, type=ctype),), type=self.id_type)


def _joined_keys(all_props) -> tuple[tuple[str, T.CypherType], ...]:
    types: dict[str, T.CypherType] = {}
    for props in all_props:
        for key, value in props.items():
            types[key] = T.join(types[key], value.type) if key in types else value.type
    return tuple(sorted(types.items()))


def _value(props: dict[str, IRExpr], key: str, ktype: T.CypherType) -> IRExpr:
    from .lowering import _coerce

    if key not in props:
        return Lit(None, type=ktype)
    return _coerce(props[key], ktype)


def _merge_tables(all_tables) -> tuple[tuple[Any, tuple[str, ...]], ...]:
    merged: dict[Any, set[str]] = {}
    for tables in all_tables:
        for shape, keys in tables:
            merged.setdefault(shape, set()).update(keys)
    return tuple((shape, tuple(sorted(keys))) for shape, keys in merged.items())
