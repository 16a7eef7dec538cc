"""Lowering of CREATE to a relational CreateGraphElements operator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import types as T
from ..ir.expr import Lit
from ..logical import operators as L
from . import operators as R

if TYPE_CHECKING:
    from .lowering import Lowered, RelationalLowering


def lower_create(lowering: RelationalLowering, op: L.CreateElements) -> Lowered:
    from .lowering import Lowered, _select, element_layout

    inner = lowering.lower(op.input)
    layouts = dict(inner.layouts)
    items = [(n, _col(n, t)) for n, t in inner.op.columns]
    new_nodes, new_rels = [], []
    fields = dict(op.new_fields)
    for var, labels, props in op.nodes:
        layout = element_layout("NODE", var, fields[var])
        layouts[var] = layout
        items.append((layout.id, Lit(None, type=lowering.id_type)))
        items += [(c, Lit(label in labels, type=T.BOOLEAN)) for label, c in layout.labels]
        exprs = dict(props)
        items += [(c, lowering.expr(exprs[k], inner)) for k, c in layout.properties]
        values = tuple((k, lowering.expr(exprs[k], inner)) for k, _ in layout.properties)
        new_nodes.append(
            R.NewNodes(
                layout.id,
                labels,
                tuple((k, c, exprs[k].type) for k, c in layout.properties),
                values,
            )
        )
    for var, rel_type, source, target, props in op.relationships:
        layout = element_layout("RELATIONSHIP", var, fields[var])
        layouts[var] = layout
        exprs = dict(props)
        items += [
            (layout.id, Lit(None, type=lowering.id_type)),
            (layout.rel_type, Lit(rel_type, type=T.STRING)),
            (layout.source, Lit(None, type=lowering.id_type)),
            (layout.target, Lit(None, type=lowering.id_type)),
        ]
        items += [(c, lowering.expr(exprs[k], inner)) for k, c in layout.properties]
        new_rels.append(
            R.NewRelationships(
                layout.id,
                rel_type,
                layout.source,
                layout.target,
                tuple((k, c, exprs[k].type) for k, c in layout.properties),
                source_node=_node_id(lowering, source, layouts, inner),
                target_node=_node_id(lowering, target, layouts, inner),
                values=tuple((k, lowering.expr(exprs[k], inner)) for k, _ in layout.properties),
            )
        )
    prepared = _select(inner.op, items)
    created = R.CreateGraphElements(
        input=prepared,
        nodes=tuple(new_nodes),
        relationships=tuple(new_rels),
        columns=prepared.columns,
    )
    return Lowered(created, layouts)


def _node_id(lowering, var: str, layouts, inner):
    """The id of an endpoint: its id column when exploded, else the id of the node value."""
    from ..ir.expr import Call, Col

    if var in layouts:
        return Col(layouts[var].id, type=lowering.id_type)
    ctype = dict(inner.op.columns)[var]
    return Call("id", (Col(var, type=ctype),), type=lowering.id_type)


def _col(name, ctype):
    from ..ir.expr import Col

    return Col(name, type=ctype)
