"""Lowering of a logical plan to a relational plan.

Element variables are exploded into columns (Morpheus's layout): a node ``n`` becomes its id
column ``n``, one boolean column ``n#l:Label`` per label it may carry and one column
``n#p.key`` per property key it may have; a relationship ``r`` becomes ``r``, ``r#type``,
``r#src``, ``r#dst`` and its property columns. Scans read only the tables that can hold matching
elements (label and type pruning) and union them, padding absent properties with nulls.
Elements are packed into single values only where a value is needed (RETURN n, collect(n)).
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from dataclasses import dataclass, field

from .. import types as T
from ..errors import UnsupportedFeature
from ..graph.model import GraphSchema
from ..ir.expr import AggCall, Call, CaseWhen, Col, ElementOf, IRExpr, Lit, conjunction
from ..ir.expr import map_children as _map_children
from ..logical import operators as L
from ..names import encode
from . import operators as R


@dataclass(frozen=True)
class ElementLayout:
    """Where the parts of an exploded element live."""

    kind: str  # 'NODE' or 'RELATIONSHIP'
    id: str
    type: T.ElementType
    labels: tuple[tuple[str, str], ...] = ()  # (label, column) for nodes
    properties: tuple[tuple[str, str], ...] = ()  # (key, column)
    rel_type: str = ""
    source: str = ""
    target: str = ""

    def columns(self) -> list[str]:
        cols = [self.id, *(c for _, c in self.labels)]
        if self.kind == "RELATIONSHIP":
            cols += [self.rel_type, self.source, self.target]
        return cols + [c for _, c in self.properties]

    def renamed(self, var: str) -> ElementLayout:
        return element_layout(self.kind, var, self.type)


def element_layout(kind: str, var: str, etype: T.ElementType) -> ElementLayout:
    # Derived column names carry '#', which no encoded user name holds (names.py), so they
    # never collide with a RETURN column such as `n.name`; keys and labels are encoded so
    # that `n.name` and `n.Name` stay two columns when Spark folds case.
    props = tuple((k, f"{var}#p.{encode(k)}") for k, _ in etype.properties)
    if kind == "NODE":
        labels = tuple((label, f"{var}#l:{encode(label)}") for label in sorted(etype.labels))
        return ElementLayout(kind, var, etype, labels=labels, properties=props)
    return ElementLayout(
        kind,
        var,
        etype,
        properties=props,
        rel_type=f"{var}#type",
        source=f"{var}#src",
        target=f"{var}#dst",
    )


@dataclass
class Lowered:
    op: R.RelOp
    layouts: dict[str, ElementLayout] = field(default_factory=dict)


class RelationalLowering:
    def __init__(self, schema: GraphSchema, graphs=None):
        self.schema = schema
        self.id_type = schema.id_type
        # The graphs of a multiple-graph query (graph.query_graphs.QueryGraphs) or None.
        self.graphs = graphs
        # Numbers the computed join-key columns: a plan joining the result of another join
        # carries that join's key columns too, so every key column needs a name of its own.
        self._key_numbers = itertools.count()
        # Logical operators already lowered (by identity, with the schema read): a subtree
        # that the logical plan uses twice stays one relational subtree, which a backend can
        # evaluate once.
        self._lowered: dict[tuple[int, int], tuple[L.LogicalOp, Lowered]] = {}

    def lower_plan(self, root: L.LogicalOp, output: tuple[str, ...]) -> R.RelOp:
        lowered = self.lower(root)
        items = [(name, self.expr(Col(name, type=root.fields[name]), lowered)) for name in output]
        return _select(lowered.op, items)

    # -- expressions ----------------------------------------------------------------------

    def expr(self, e: IRExpr, lowered: Lowered) -> IRExpr:
        layouts = lowered.layouts
        if isinstance(e, Col):
            layout = layouts.get(e.name)
            if layout is None:
                return e
            return self._pack(layout)
        if (
            isinstance(e, Call)
            and e.args
            and isinstance(e.args[0], Col)
            and e.args[0].name in layouts
        ):
            direct = self._element_call(e, layouts[e.args[0].name], lowered)
            if direct is not None:
                return direct
        return _map_children(e, lambda c: self.expr(c, lowered))

    def _element_call(self, e: Call, layout: ElementLayout, lowered: Lowered) -> IRExpr | None:
        """Element functions answered straight from the exploded columns."""
        if e.fn == "id":
            return Col(layout.id, type=self.id_type)
        if e.fn == "property" and isinstance(e.args[1], Lit):
            column = dict(layout.properties).get(e.args[1].value)
            return Col(column, type=e.type) if column else Lit(None, type=T.NULL)
        if e.fn == "has_labels" and layout.kind == "NODE" and isinstance(e.args[1], Lit):
            flags = dict(layout.labels)
            # A label no table has is false, but null for a missing node (OPTIONAL MATCH).
            absent = CaseWhen(
                (
                    (
                        Call("is_null", (Col(layout.id, type=self.id_type),), type=T.BOOLEAN),
                        Lit(None, type=T.BOOLEAN),
                    ),
                ),
                Lit(False, type=T.BOOLEAN),
                type=T.BOOLEAN,
            )
            conds: list[IRExpr] = [
                Col(flags[label], type=T.BOOLEAN) if label in flags else absent
                for label in e.args[1].value
            ]
            return conjunction(conds)
        if e.fn == "type" and layout.kind == "RELATIONSHIP":
            return Col(layout.rel_type, type=T.STRING)
        return None

    def _pack(self, layout: ElementLayout) -> ElementOf:
        props = tuple((k, Col(c, type=layout.type.property_type(k))) for k, c in layout.properties)
        if layout.kind == "NODE":
            labels = tuple((label, Col(c, type=T.BOOLEAN)) for label, c in layout.labels)
            return ElementOf(
                Col(layout.id, type=self.id_type), labels, properties=props, type=layout.type
            )
        return ElementOf(
            Col(layout.id, type=self.id_type),
            rel_type=Col(layout.rel_type, type=T.STRING),
            source=Col(layout.source, type=self.id_type),
            target=Col(layout.target, type=self.id_type),
            properties=props,
            type=layout.type,
        )

    # -- operators ------------------------------------------------------------------------

    @contextmanager
    def reading(self, graph):
        """Scans lowered inside read ``graph`` (a GraphRef; None: the query's graph)."""
        if self.graphs is None:  # a query of one graph
            yield
            return
        saved = self.schema
        self.schema = self.graphs.schema(graph)
        try:
            yield
        finally:
            self.schema = saved

    def lower(self, op: L.LogicalOp) -> Lowered:
        key = (id(op), id(self.schema))
        known = self._lowered.get(key)
        if known is not None:
            return Lowered(known[1].op, dict(known[1].layouts))
        handler = getattr(self, "_" + type(op).__name__, None)
        if handler is None:
            raise UnsupportedFeature(f"{type(op).__name__} cannot be executed yet")
        lowered = handler(op)
        # The operator is kept with its result so that its id is not reused while cached.
        self._lowered[key] = (op, lowered)
        return Lowered(lowered.op, dict(lowered.layouts))

    def key_column(self, key: IRExpr, side: Lowered, role: str) -> tuple[str, Lowered]:
        """The column a join compares: the key itself when it is a column, else a new column
        (of a name used once in the plan) computed on that side, e.g. the id of a node held
        as a value."""
        if isinstance(key, Col):
            return key.name, side
        name = f"  {role}#{next(self._key_numbers)}"
        items = [(n, Col(n, type=t)) for n, t in side.op.columns] + [(name, key)]
        return name, Lowered(_select(side.op, items), side.layouts)

    def _Start(self, op: L.Start) -> Lowered:
        return Lowered(R.OneRow())

    def _Values(self, op: L.Values) -> Lowered:
        return Lowered(R.Values(rows=op.rows, columns=op.columns))

    def _NodeScan(self, op: L.NodeScan) -> Lowered:
        layout = element_layout("NODE", op.var, op.type)
        tables = self.schema.node_tables_with(op.labels)
        parts = []
        for table in tables:
            props = {p.key: p for p in table.properties}
            items: list[tuple[str, IRExpr]] = [(layout.id, Col(table.id_column, type=self.id_type))]
            items += [(c, _label_flag(table, label)) for label, c in layout.labels]
            items += [
                (
                    c,
                    _coerce(Col(props[k].column, type=props[k].type), op.type.property_type(k))
                    if k in props
                    else Lit(None, type=op.type.property_type(k)),
                )
                for k, c in layout.properties
            ]
            scan: R.RelOp = R.TableScan(
                source=table.source, items=tuple(items), columns=_cols(items)
            )
            optional = [label for label in sorted(op.labels) if label not in table.labels]
            if optional:
                # Labels only some of the table's nodes carry: keep the nodes that have them.
                flags = [Col(dict(layout.labels)[label], type=T.BOOLEAN) for label in optional]
                scan = R.Filter(input=scan, predicate=conjunction(flags), columns=scan.columns)
            parts.append(scan)
        return Lowered(
            _union(parts, layout.columns(), self._layout_types(layout)), {op.var: layout}
        )

    def _RelationshipScan(self, op: L.RelationshipScan) -> Lowered:
        layout = element_layout("RELATIONSHIP", op.var, op.type)
        parts = []
        for table in self.schema.relationship_tables_of(op.types):
            props = {p.key: p for p in table.properties}
            src = Col(table.source_column, type=self.id_type)
            dst = Col(table.target_column, type=self.id_type)
            items: list[tuple[str, IRExpr]] = [
                (layout.id, Col(table.id_column, type=self.id_type)),
                (layout.rel_type, Lit(table.rel_type, type=T.STRING)),
                (layout.source, src),
                (layout.target, dst),
            ]
            items += [
                (
                    c,
                    _coerce(Col(props[k].column, type=props[k].type), op.type.property_type(k))
                    if k in props
                    else Lit(None, type=op.type.property_type(k)),
                )
                for k, c in layout.properties
            ]
            for orientation in ("out", "in") if op.direction == "both" else (op.direction,):
                ends = (src, dst) if orientation == "out" else (dst, src)
                oriented = items + [(L.from_field(op.var), ends[0]), (L.to_field(op.var), ends[1])]
                scan: R.RelOp = R.TableScan(
                    source=_oriented_source(table, orientation),
                    items=tuple(oriented),
                    columns=_cols(oriented),
                )
                if op.direction == "both" and orientation == "in":
                    # A self-loop traversed undirected is one match, not two.
                    loop = Call(
                        "neq",
                        (
                            Col(layout.source, type=self.id_type),
                            Col(layout.target, type=self.id_type),
                        ),
                        type=T.BOOLEAN,
                    )
                    scan = R.Filter(input=scan, predicate=loop, columns=scan.columns)
                parts.append(scan)
        names = layout.columns() + [L.from_field(op.var), L.to_field(op.var)]
        types = self._layout_types(layout) + [self.id_type, self.id_type]
        return Lowered(_union(parts, names, types), {op.var: layout})

    def _layout_types(self, layout: ElementLayout) -> list[T.CypherType]:
        types: list[T.CypherType] = [self.id_type]
        types += [T.BOOLEAN for _ in layout.labels]
        if layout.kind == "RELATIONSHIP":
            types += [T.STRING, self.id_type, self.id_type]
        return types + [layout.type.property_type(k) for k, _ in layout.properties]

    def _Join(self, op: L.Join) -> Lowered:
        left, right = self.lower(op.left), self.lower(op.right)
        layouts = {**left.layouts, **right.layouts}
        if isinstance(left.op, R.OneRow) and op.kind in ("cross", "inner") and not op.on:
            return right
        both = Lowered(left.op, layouts)
        on = []
        for a, b in op.on:
            left_key, left = self.key_column(self.expr(a, left), left, "join#l")
            right_key, right = self.key_column(self.expr(b, right), right, "join#r")
            on.append((left_key, right_key))
        predicate = self.expr(op.predicate, both) if op.predicate is not None else None
        kind = op.kind if op.on or op.kind == "left" else "cross"
        joined = R.Join(
            left=left.op,
            right=right.op,
            on=tuple(on),
            kind=kind,
            predicate=predicate,
            columns=left.op.columns + right.op.columns,
        )
        return Lowered(joined, layouts)

    def _Filter(self, op: L.Filter) -> Lowered:
        inner = self.lower(op.input)
        pred = self.expr(op.predicate, inner)
        return Lowered(
            R.Filter(input=inner.op, predicate=pred, columns=inner.op.columns), inner.layouts
        )

    def _Project(self, op: L.Project) -> Lowered:
        inner = self.lower(op.input)
        return self._project(inner, op.items, keep_input=False)

    def _Extend(self, op: L.Extend) -> Lowered:
        inner = self.lower(op.input)
        return self._project(inner, op.items, keep_input=True)

    def _project(self, inner: Lowered, items, keep_input: bool) -> Lowered:
        out_items: list[tuple[str, IRExpr]] = []
        layouts: dict[str, ElementLayout] = {}
        if keep_input:
            out_items += [(n, Col(n, type=t)) for n, t in inner.op.columns]
            layouts.update(inner.layouts)
        for name, e in items:
            if isinstance(e, Col) and e.name in inner.layouts:
                source = inner.layouts[e.name]
                target = source.renamed(name)
                layouts[name] = target
                for src_col, dst_col, t in zip(
                    source.columns(), target.columns(), self._layout_types(source)
                ):
                    out_items.append((dst_col, Col(src_col, type=t)))
            else:
                out_items.append((name, self.expr(e, inner)))
        return Lowered(_select(inner.op, out_items), layouts)

    def _Aggregate(self, op: L.Aggregate) -> Lowered:
        inner = self.lower(op.input)
        keys: list[tuple[str, IRExpr]] = []
        layouts: dict[str, ElementLayout] = {}
        for name, e in op.keys:
            if isinstance(e, Col) and e.name in inner.layouts:
                source = inner.layouts[e.name]
                target = source.renamed(name)
                layouts[name] = target
                for s, d, t in zip(source.columns(), target.columns(), self._layout_types(source)):
                    keys.append((d, Col(s, type=t)))
            else:
                keys.append((name, self.expr(e, inner)))
        aggs = tuple((n, self.expr(a, inner)) for n, a in op.aggregates)
        columns = tuple((n, e.type) for n, e in keys) + tuple((n, a.type) for n, a in aggs)
        agg = R.Aggregate(input=inner.op, keys=tuple(keys), aggregates=aggs, columns=columns)  # type: ignore[arg-type]
        return Lowered(agg, layouts)

    def _Distinct(self, op: L.Distinct) -> Lowered:
        inner = self.lower(op.input)
        return Lowered(R.Distinct(input=inner.op, columns=inner.op.columns), inner.layouts)

    def _Sort(self, op: L.Sort) -> Lowered:
        inner = self.lower(op.input)
        items = tuple((self.expr(e, inner), desc) for e, desc in op.items)
        return Lowered(R.Sort(input=inner.op, items=items, columns=inner.op.columns), inner.layouts)

    def _Skip(self, op: L.Skip) -> Lowered:
        inner = self.lower(op.input)
        return Lowered(
            R.Skip(input=inner.op, count=op.count, columns=inner.op.columns), inner.layouts
        )

    def _Limit(self, op: L.Limit) -> Lowered:
        inner = self.lower(op.input)
        return Lowered(
            R.Limit(input=inner.op, count=op.count, columns=inner.op.columns), inner.layouts
        )

    def _Unwind(self, op: L.Unwind) -> Lowered:
        inner = self.lower(op.input)
        expr = self.expr(op.expression, inner)
        columns = inner.op.columns + ((op.var, op.element_type),)
        return Lowered(
            R.Explode(input=inner.op, name=op.var, expression=expr, columns=columns), inner.layouts
        )

    def _Union(self, op: L.Union) -> Lowered:
        parts = []
        for side in (op.left, op.right):
            lowered = self.lower(side)
            items = [
                (n, _coerce(self.expr(Col(n, type=side.fields[n]), lowered), op.fields[n]))
                for n in op.fields
            ]
            parts.append(_select(lowered.op, items))
        union: R.RelOp = R.UnionAll(parts=tuple(parts), columns=parts[0].columns)
        if not op.all:
            union = R.Distinct(input=union, columns=union.columns)
        return Lowered(union)

    def _expansion_ends(self, op: L.VarExpand | L.Reach) -> tuple[str, str, Lowered]:
        """The columns of an expansion's source and target ('' for none), and its input
        with the columns computed where they are not plain columns."""
        inner = self.lower(op.input)
        source, inner = self.key_column(self.expr(op.source, inner), inner, "expand#source")
        target = ""
        if op.target is not None:
            target, inner = self.key_column(self.expr(op.target, inner), inner, "expand#target")
        return source, target, inner

    def _hop_items(self, op: L.VarExpand | L.Reach) -> list:
        return [
            (R.STEP_FROM, Col(L.from_field(op.step_var), type=self.id_type)),
            (R.STEP_TO, Col(L.to_field(op.step_var), type=self.id_type)),
        ]

    def _Reach(self, op: L.Reach) -> Lowered:
        source, target, inner = self._expansion_ends(op)
        with self.reading(op.graph):
            steps = self.lower(op.steps)
        to = L.to_field(op.var)
        reach = R.Reach(
            input=inner.op,
            steps=_select(steps.op, self._hop_items(op)),
            source=source,
            min_length=op.min_length,
            max_length=op.max_length,
            to=to,
            shortest=op.shortest,
            target=target,
            columns=inner.op.columns + ((to, op.fields[to]),),
        )
        return Lowered(reach, inner.layouts)

    def _VarExpand(self, op: L.VarExpand) -> Lowered:
        source, target, inner = self._expansion_ends(op)
        with self.reading(op.graph):
            steps = self.lower(op.steps)
            nodes = self._NodeScan(L.NodeScan("  node", frozenset(), op.node_type))
        step = steps.layouts[op.step_var]
        step_items = self._hop_items(op) + [
            (R.STEP_ID, Col(step.id, type=self.id_type)),
            (R.STEP_VALUE, self._pack(step)),
        ]
        node = nodes.layouts["  node"]
        node_items = [
            (R.NODE_ID, Col(node.id, type=self.id_type)),
            (R.NODE_VALUE, self._pack(node)),
        ]
        names = (L.to_field(op.var), L.ids_field(op.var), op.var, L.nodes_field(op.var))
        expand = R.VarExpand(
            input=inner.op,
            steps=_select(steps.op, step_items),
            nodes=_select(nodes.op, node_items),
            source=source,
            min_length=op.min_length,
            max_length=op.max_length,
            to=names[0],
            ids=names[1],
            relationships=names[2],
            reached=names[3],
            shortest=op.shortest,
            target=target,
            columns=inner.op.columns + tuple((n, op.fields[n]) for n in names),
        )
        return Lowered(expand, inner.layouts)

    def _BoundRows(self, op: L.BoundRows) -> Lowered:
        from .updates import lower_bound_rows

        return lower_bound_rows(self, op)

    def _UpdateElements(self, op: L.UpdateElements) -> Lowered:
        from .updates import lower_update

        return lower_update(self, op)

    def lower_stage(self, root: L.LogicalOp, output: tuple[str, ...]) -> Lowered:
        """A stage's rows for the next stage: the ``output`` fields, elements exploded."""
        lowered = self.lower(root)
        items = tuple((name, Col(name, type=root.fields[name])) for name in output)
        return self._project(lowered, items, keep_input=False)

    def _CreateElements(self, op: L.CreateElements) -> Lowered:
        from .create import lower_create

        return lower_create(self, op)

    def _InGraph(self, op) -> Lowered:
        from .construct import lower_in_graph

        return lower_in_graph(self, op)

    def _ConstructGraph(self, op) -> Lowered:
        from .construct import lower_construct

        return lower_construct(self, op)


# -- helpers ------------------------------------------------------------------------------


def _oriented_source(table, orientation: str):
    """The table to scan for relationships traversed from their source ("out") or target
    ("in"): a copy laid out for joins on the target where the graph has one."""
    if orientation == "in" and table.source_by_target is not None:
        return table.source_by_target
    return table.source


def _cols(items) -> tuple[tuple[str, T.CypherType], ...]:
    return tuple((n, e.type) for n, e in items)


def _select(op: R.RelOp, items) -> R.RelOp:
    return R.Select(input=op, items=tuple(items), columns=_cols(items))


def _union(parts: list[R.RelOp], names: list[str], types: list[T.CypherType]) -> R.RelOp:
    columns = tuple(zip(names, types))
    if not parts:
        return R.Empty(columns=columns)
    if len(parts) == 1:
        return parts[0]
    return R.UnionAll(parts=tuple(parts), columns=columns)


def _label_flag(table, label: str) -> IRExpr:
    """Whether a node of ``table`` carries ``label``: known for the table's own labels,
    a column for labels only some of its nodes carry."""
    optional = dict(table.optional_labels)
    if label in optional:
        return Col(optional[label], type=T.BOOLEAN)
    return Lit(label in table.labels, type=T.BOOLEAN)


def _coerce(e: IRExpr, target: T.CypherType) -> IRExpr:
    """Converts a value to the representation of a wider type (e.g. INTEGER to ANY)."""
    if e.type == target or target == T.NULL:
        return e
    return Call("coerce", (e,), type=target)


__all__ = ["RelationalLowering", "AggCall"]
