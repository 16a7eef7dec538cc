"""Lowering of stage inputs (rows of an earlier stage) and of SET / REMOVE / DELETE."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import types as T
from ..ir.expr import Call, Col, IRExpr
from ..logical import operators as L
from ..logical.stages import refresh_field
from . import operators as R

if TYPE_CHECKING:
    from .lowering import ElementLayout, Lowered, RelationalLowering


@dataclass(frozen=True, eq=False)
class StageRows:
    """The rows a stage computed, for the next stage: an opaque backend table with its
    columns, the logical fields they hold and the layouts of exploded element fields."""

    source: Any
    columns: tuple[tuple[str, T.CypherType], ...]
    fields: dict[str, T.CypherType]
    layouts: dict[str, ElementLayout] = field(default_factory=dict)

    def with_source(self, source: Any, extra: tuple[tuple[str, T.CypherType], ...] = ()):
        fields = {**self.fields, **dict(extra)}
        return StageRows(source, self.columns + extra, fields, self.layouts)


def lower_bound_rows(lowering: RelationalLowering, op: L.BoundRows) -> Lowered:
    from .lowering import Lowered

    rows: StageRows = op.rows  # type: ignore[assignment]
    refreshed = {refresh_field(v): v for v in op.refreshed}
    items: list[tuple[str, IRExpr]] = []
    layouts = {}
    column_types = dict(rows.columns)
    for name, _ in op.row_fields:
        var = refreshed.get(name)
        if var is not None:
            items.append((name, _element_id(lowering, var, rows)))
        elif name in rows.layouts:
            layout = rows.layouts[name]
            layouts[name] = layout
            items += [(c, Col(c, type=column_types[c])) for c in layout.columns()]
        else:
            items.append((name, Col(name, type=column_types[name])))
    scan = R.TableScan(source=rows.source, items=tuple(items), columns=_cols(items))
    return Lowered(scan, layouts)


def _element_id(lowering, var: str, rows: StageRows) -> IRExpr:
    if var in rows.layouts:
        return Col(rows.layouts[var].id, type=lowering.id_type)
    return Call("id", (Col(var, type=rows.fields[var]),), type=lowering.id_type)


def lower_update(lowering: RelationalLowering, op: L.UpdateElements) -> Lowered:
    from .lowering import Lowered

    inner = lowering.lower(op.input)
    changes = []
    for update in op.updates:
        target = update.target
        if not isinstance(target.type, T.ElementType):
            continue  # the null literal: nothing to change
        element_id = lowering.expr(Call("id", (target,), type=lowering.id_type), inner)
        changes.append(
            R.ElementChanges(
                target.type.name,
                element_id,
                tuple((k, lowering.expr(v, inner)) for k, v in update.properties),
                update.add_labels,
                update.remove_labels,
                lowering.expr(update.condition, inner) if update.condition is not None else None,
            )
        )
    deletes: dict[str, list[IRExpr]] = {"NODE": [], "RELATIONSHIP": [], "PATH": []}
    for deleted in op.deletes:
        if isinstance(deleted.type, T.ElementType):
            element_id = Call("id", (deleted,), type=lowering.id_type)
            deletes[deleted.type.name].append(lowering.expr(element_id, inner))
        elif isinstance(deleted.type, T.PathType):
            deletes["PATH"].append(lowering.expr(deleted, inner))
    updated = R.UpdateGraph(
        input=inner.op,
        changes=tuple(changes),
        delete_nodes=tuple(deletes["NODE"]),
        delete_relationships=tuple(deletes["RELATIONSHIP"]),
        delete_paths=tuple(deletes["PATH"]),
        detach=op.detach,
        columns=inner.op.columns,
    )
    return Lowered(updated, inner.layouts)


def _cols(items):
    return tuple((n, e.type) for n, e in items)
