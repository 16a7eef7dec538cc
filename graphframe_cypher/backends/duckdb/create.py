"""CREATE on DuckDB: new elements get fresh ids and become new element tables.

The rows feeding a CREATE are materialized once (so ids stay fixed however often later
operators read them), numbered, and every new element takes the id ``base + row * k + i``
(k elements per row); relationships then read their endpoints' ids. Elements of one shape
(labels or type, and property schema) from all the CREATE's patterns become one table.
Counters are counted per new table with one aggregate.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ... import types as T
from ...graph.model import NodeTableSpec, PropertyColumn, RelationshipTableSpec
from ...relational import operators as R
from .representation import quote_name as q

ROW = "  row"


@dataclass
class Created:
    """What the CREATE clauses of one stage made."""

    next_id: int
    nodes: list[NodeTableSpec] = field(default_factory=list)
    relationships: list[RelationshipTableSpec] = field(default_factory=list)


class TableMaker:
    """Materializes relations as tables of the session's connection."""

    def __init__(self, connection, names: itertools.count):
        self.connection = connection
        self._names = names

    def table(self, sql: str, prefix: str = "rows") -> str:
        name = f"{prefix}_{next(self._names)}"
        self.connection.execute(f"CREATE TABLE {q(name)} AS {sql}")
        return name

    def scalar(self, sql: str):
        return self.connection.execute(sql).fetchone()[0]


def compile_create(plan, op: R.CreateGraphElements):
    """Runs ``op``'s creation now (it has side effects) and returns the relation of its
    rows with the id columns filled."""
    from .executor import Relation

    maker: TableMaker = plan.tables
    if maker is None:
        from .expressions import unsupported

        raise unsupported("CREATE outside a session that can store tables")
    created: Created = plan.created
    if R.constant_creation(op):
        return _create_constant(plan, maker, created, op)
    rel = plan.compile(op.input)
    kept = rel.columns + rel.hidden()
    alias = plan._alias()
    numbered = maker.table(
        f"SELECT {', '.join(f'{alias}.{q(c)}' for c in kept) + ', ' if kept else ''}"
        f"CAST(row_number() OVER () - 1 AS BIGINT) AS {q(ROW)} FROM ({rel.sql}) AS {alias}"
    )
    count = maker.scalar(f"SELECT count(*) FROM {q(numbered)}")
    per_row = len(op.nodes) + len(op.relationships)
    base = created.next_id
    created.next_id = base + count * per_row
    id_sql = plan.expressions.sql_type(plan.expressions.id_type)
    ids = {
        c: f"CAST({base + i} + {q(ROW)} * {per_row} AS {id_sql})"
        for i, c in enumerate(
            [n.id_column for n in op.nodes] + [r.id_column for r in op.relationships]
        )
    }
    with_ids = _replace(kept + (ROW,), ids)
    first = f"SELECT {with_ids} FROM {q(numbered)}"
    alias = plan._alias()
    refs = {c: f"{alias}.{q(c)}" for c in kept + (ROW,)}
    ends = {}
    for r in op.relationships:
        ends[r.source_column] = plan.expressions.compile(r.source_node, refs)
        ends[r.target_column] = plan.expressions.compile(r.target_node, refs)
    final = maker.table(f"SELECT {_replace(kept + (ROW,), ends, alias)} FROM ({first}) AS {alias}")
    _record_nodes(maker, created, final, op.nodes)
    _record_relationships(maker, created, final, op.relationships)
    items = ", ".join(q(c) for c in kept) or f"NULL AS {q('  unit')}"
    sql = f"SELECT {items} FROM {q(final)}"
    return Relation(sql, rel.columns, rel.order)


def _create_constant(plan, maker: TableMaker, created: Created, op: R.CreateGraphElements):
    """Elements with literal values from one row (set-up scripts): their tables are built
    from the values; the row keeps only the columns the rest of the query reads."""
    from .executor import DuckTable, Relation

    base = created.next_id
    id_columns = [n.id_column for n in op.nodes] + [r.id_column for r in op.relationships]
    ids = {c: base + i for i, c in enumerate(id_columns)}
    created.next_id = base + len(id_columns)
    ends = {}
    for r in op.relationships:
        ends[r.source_column] = ids[r.source_node.name]
        ends[r.target_column] = ids[r.target_node.name]
    literal = plan.expressions.literal
    id_type = plan.expressions.id_type

    def make_id(value: int):
        return literal(str(value) if id_type == T.STRING else value, id_type)

    def values_table(rows: list[list[str]], names: list[str]) -> str:
        body = ", ".join("(" + ", ".join(row) + ")" for row in rows)
        columns = ", ".join(q(n) for n in names)
        return maker.table(f"SELECT * FROM (VALUES {body}) AS v({columns})", "created")

    for (labels, schema), group in _groups(op.nodes, lambda n: n.labels).items():
        rows = [[make_id(ids[n.id_column]), *_literals(literal, n, schema)] for n in group]
        table = values_table(rows, ["id"] + [f"p{i}" for i in range(len(schema))])
        created.nodes.append(
            NodeTableSpec(DuckTable(table), "id", labels, _property_columns(schema))
        )
    for (rel_type, schema), group in _groups(op.relationships, lambda r: r.rel_type).items():
        rows = [
            [
                make_id(ids[r.id_column]),
                make_id(ends[r.source_column]),
                make_id(ends[r.target_column]),
                *_literals(literal, r, schema),
            ]
            for r in group
        ]
        names = ["id", "src", "dst"] + [f"p{i}" for i in range(len(schema))]
        table = values_table(rows, names)
        created.relationships.append(
            RelationshipTableSpec(
                DuckTable(table), "id", "src", "dst", rel_type, _property_columns(schema)
            )
        )
    rel = plan.compile(op.input)
    known = {c: make_id(v) for c, v in {**ids, **ends}.items() if c in rel.columns}
    alias = plan._alias()
    kept = rel.columns + rel.hidden()
    items = _replace(kept, known, alias) or f"NULL AS {q('  unit')}"
    return Relation(f"SELECT {items} FROM ({rel.sql}) AS {alias}", rel.columns, rel.order)


def _literals(literal, element, schema) -> list[str]:
    values = dict(element.values)
    return [literal(values[k].value, t) for k, t in schema]


def _replace(columns, values: dict, alias: str | None = None) -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(
        f"{values[c]} AS {q(c)}" if c in values else f"{prefix}{q(c)}" for c in columns
    )


def _shape(element) -> tuple:
    return tuple(sorted((k, t) for k, _, t in element.properties if t != T.NULL))


def _groups(elements, kind_of) -> dict:
    groups: dict = {}
    for element in elements:
        groups.setdefault((kind_of(element), _shape(element)), []).append(element)
    return groups


def _property_columns(schema) -> tuple[PropertyColumn, ...]:
    return tuple(PropertyColumn(k, f"p{i}", t) for i, (k, t) in enumerate(schema))


def _stack(maker: TableMaker, source: str, parts: list[list[str]], names: list[str]) -> str:
    """One table of the rows of several created elements of one shape."""
    selects = [
        "SELECT "
        + ", ".join(f"{v} AS {q(n)}" for v, n in zip(values, names, strict=True))
        + f" FROM {q(source)}"
        for values in parts
    ]
    return maker.table(" UNION ALL ".join(selects), "created")


def _record_nodes(maker, created: Created, source: str, nodes) -> None:
    from .executor import DuckTable

    for (labels, schema), group in _groups(nodes, lambda n: n.labels).items():
        names = ["id"] + [f"p{i}" for i in range(len(schema))]
        parts = []
        for node in group:
            by_key = {k: c for k, c, _ in node.properties}
            parts.append([q(node.id_column)] + [q(by_key[k]) for k, _ in schema])
        table = _stack(maker, source, parts, names)
        created.nodes.append(
            NodeTableSpec(DuckTable(table), "id", labels, _property_columns(schema))
        )


def _record_relationships(maker, created: Created, source: str, rels) -> None:
    from .executor import DuckTable

    for (rel_type, schema), group in _groups(rels, lambda r: r.rel_type).items():
        names = ["id", "src", "dst"] + [f"p{i}" for i in range(len(schema))]
        parts = []
        for rel in group:
            by_key = {k: c for k, c, _ in rel.properties}
            parts.append(
                [q(rel.id_column), q(rel.source_column), q(rel.target_column)]
                + [q(by_key[k]) for k, _ in schema]
            )
        table = _stack(maker, source, parts, names)
        created.relationships.append(
            RelationshipTableSpec(
                DuckTable(table), "id", "src", "dst", rel_type, _property_columns(schema)
            )
        )


def count_created(maker: TableMaker, created: Created) -> dict[str, int]:
    """Side-effect counters of the new tables (one aggregate each)."""
    counts = dict.fromkeys(
        ("nodes_created", "relationships_created", "labels_added", "properties_set"), 0
    )
    for table, kind in [(t, "nodes") for t in created.nodes] + [
        (t, "relationships") for t in created.relationships
    ]:
        nonnull = [f"count({q(p.column)})" for p in table.properties]
        row = maker.connection.execute(
            f"SELECT {', '.join(['count(*)', *nonnull])} FROM {q(table.source.name)}"
        ).fetchone()
        counts[f"{kind}_created"] += row[0]
        counts["properties_set"] += sum(row[1:])
        if kind == "nodes":
            counts["labels_added"] += len(table.labels) * row[0]
    return counts
