"""Compiles a relational plan (``relational/operators.py``) into one DuckDB SQL query.

Each operator becomes a SELECT over its inputs' queries as subqueries (DuckDB's optimizer
flattens them); each compiled relation knows its visible columns and, after a Sort, the
hidden columns it is to be ordered by, which order-preserving operators (Select, Filter,
Skip, Limit) carry along. SQL only promises an order where ORDER BY stands, so it is
written where the order matters: with SKIP / LIMIT, inside ``collect`` of an ordered input
and on the final result. Variable-length expansion is a recursive CTE
(``var_expand.py``); CREATE runs when its operator is compiled (``create.py``).

Identifiers are always quoted (``quote_name``) and constants rendered as typed literals
(``representation.literal``): nothing from a query or a graph is spliced into SQL text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ... import types as T
from ...ir import expr as E
from ...relational import operators as R
from .aggregates import compile_aggregate
from .expressions import SqlExpressionCompiler, unsupported
from .functions import ORDERABLE, is_orderable_list, list_sort_key
from .representation import quote_name

UNIT = "  unit"  # the column of relations without columns (SQL has no empty SELECT list)


@dataclass(frozen=True)
class DuckTable:
    """A table of the DuckDB connection holding one element table's rows."""

    name: str


@dataclass(frozen=True)
class Relation:
    """A compiled operator: SQL text, its visible columns in order and the hidden columns
    it is sorted by (name, descending)."""

    sql: str
    columns: tuple[str, ...]
    order: tuple[tuple[str, bool], ...] = ()
    # When ``sql`` is just ``SELECT <items> FROM <source>`` whose items only rename columns
    # of one table or subquery (or are constants): the source and each column's SQL, so
    # that the next operator can read the source directly. Deep nests of renaming
    # subqueries cost DuckDB more planning time than the queries take to run.
    projection: tuple[str, dict[str, str]] | None = None

    def hidden(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.order)


class SqlPlanCompiler:
    """One per query: turns the plan's operators into a single SQL text."""

    def __init__(
        self, id_type: T.CypherType = T.INTEGER, tables=None, next_id: int = 0, python=None
    ):
        from .create import Created

        self.expressions = SqlExpressionCompiler(id_type, python)
        # Where CREATE materializes rows and new element tables (a create.TableMaker;
        # None: a plan that must not create), and what it created.
        self.tables = tables
        self.created = Created(next_id)
        self._aliases = itertools.count()
        self._sort_keys = itertools.count()

    def query(self, op: R.RelOp) -> str:
        """The SQL of the whole plan: its columns in order, rows in the plan's order."""
        rel = self.compile(op)
        source, refs = self._source(rel)
        items = ", ".join(f"{refs[c]} AS {quote_name(c)}" for c in rel.columns) or "NULL"
        return f"SELECT {items} FROM {source}{_order_by(rel.order, refs)}"

    def compile(self, op: R.RelOp) -> Relation:
        handler = getattr(self, "_" + type(op).__name__, None)
        if handler is None:
            raise unsupported(f"the {type(op).__name__} operator")
        return handler(op)

    # -- helpers ------------------------------------------------------------------------

    def _alias(self) -> str:
        return f"t{next(self._aliases)}"

    def _refs(self, alias: str, columns) -> dict[str, str]:
        return {c: f"{alias}.{quote_name(c)}" for c in columns}

    def _expr(self, expr: E.IRExpr, refs) -> str:
        return self.expressions.compile(expr, refs)

    def _source(self, rel: Relation, nullable: bool = False) -> tuple[str, dict[str, str]]:
        """What an operator reads ``rel`` from: a FROM item and each column's SQL.
        ``nullable``: the right side of a LEFT JOIN, whose columns are null on rows
        without a match - which a constant read in place of its column would not be."""
        inline = rel.projection is not None and not (
            nullable and not all(_COLUMN.fullmatch(v) for v in rel.projection[1].values())
        )
        if inline:
            return rel.projection
        alias = self._alias()
        return f"({rel.sql}) AS {alias}", self._refs(alias, rel.columns + rel.hidden())

    def _projected(self, items, source: str, columns, order=()) -> Relation:
        """The relation ``SELECT items FROM source``, inlinable when every item is."""
        sql = self._select(items, source)
        inlinable = all(_INLINABLE.fullmatch(value) for _, value in items)
        projection = (source, dict(items)) if inlinable and items else None
        return Relation(sql, tuple(columns), tuple(order), projection)

    def _select(self, items: list[tuple[str, str]], source: str, tail: str = "") -> str:
        listed = ", ".join(f"{sql} AS {quote_name(name)}" for name, sql in items)
        return f"SELECT {listed or 'NULL AS ' + quote_name(UNIT)} FROM {source}{tail}"

    def _over(self, rel: Relation, items) -> Relation:
        """A SELECT of ``items`` (name, expression over ``rel``'s columns) from ``rel``,
        keeping its order."""
        source, refs = self._source(rel)
        compiled = [(n, self._expr(e, refs)) for n, e in items]
        compiled += [(h, refs[h]) for h in rel.hidden()]
        return self._projected(compiled, source, [n for n, _ in items], rel.order)

    # -- leaves -------------------------------------------------------------------------

    def _OneRow(self, op: R.OneRow) -> Relation:
        return Relation(f"SELECT NULL AS {quote_name(UNIT)}", ())

    def _Empty(self, op: R.Empty) -> Relation:
        items = [(n, self.expressions.null(t)) for n, t in op.columns]
        return Relation(self._select(items, "(SELECT 1) AS e", " WHERE FALSE"), _names(op))

    def _Values(self, op: R.Values) -> Relation:
        if not op.rows:
            return self._Empty(R.Empty(columns=op.columns))
        if not op.columns:
            return Relation(f"SELECT NULL AS {quote_name(UNIT)} FROM range({len(op.rows)})", ())
        rows = ", ".join(
            "("
            + ", ".join(
                self.expressions.literal(v, t) for v, (_, t) in zip(row, op.columns, strict=True)
            )
            + ")"
            for row in op.rows
        )
        names = ", ".join(quote_name(n) for n, _ in op.columns)
        return Relation(f"SELECT * FROM (VALUES {rows}) AS v({names})", _names(op))

    def _TableScan(self, op: R.TableScan) -> Relation:
        if not isinstance(op.source, DuckTable):
            raise unsupported(f"scanning a {type(op.source).__name__} (not a DuckDB table)")
        alias = self._alias()
        refs = _AllColumns(alias)
        items = [(n, self._expr(e, refs)) for n, e in op.items]
        return self._projected(items, f"{quote_name(op.source.name)} AS {alias}", _names(op))

    # -- row operators --------------------------------------------------------------------

    def _Select(self, op: R.Select) -> Relation:
        return self._over(self.compile(op.input), list(op.items))

    def _Filter(self, op: R.Filter) -> Relation:
        rel = self.compile(op.input)
        source, refs = self._source(rel)
        predicate = self._expr(op.predicate, refs)
        items = [(c, refs[c]) for c in rel.columns + rel.hidden()]
        sql = self._select(items, source, f" WHERE {predicate}")
        return Relation(sql, rel.columns, rel.order)

    def _Join(self, op: R.Join) -> Relation:
        left, right = self.compile(op.left), self.compile(op.right)
        left_source, left_refs = self._source(left)
        right_source, right_refs = self._source(right, nullable=op.kind == "left")
        refs = {**right_refs, **left_refs}
        conditions = [f"{left_refs[a]} = {right_refs[b]}" for a, b in op.on]
        if op.predicate is not None:
            conditions.append(f"coalesce({self._expr(op.predicate, refs)}, FALSE)")
        kind = {"left": "LEFT JOIN", "inner": "JOIN", "cross": "JOIN"}[op.kind]
        condition = " AND ".join(conditions) or "TRUE"
        names = left.columns + tuple(c for c in right.columns if c not in left.columns)
        items = [(c, refs[c]) for c in names]
        source = f"{left_source} {kind} {right_source} ON {condition}"
        return Relation(self._select(items, source), names)

    def _UnionAll(self, op: R.UnionAll) -> Relation:
        types = dict(op.columns)
        parts = []
        for part in op.parts:
            rel = self.compile(part)
            have = dict(part.columns)
            items = [(n, E.Col(name=n, type=have.get(n, t))) for n, t in op.columns]
            source, refs = self._source(rel)
            compiled = [
                (
                    n,
                    self.expressions.conform(e, types[n], refs)
                    if e.type != T.NULL or types[n] == T.NULL
                    else self.expressions.null(types[n]),
                )
                for n, e in items
            ]
            parts.append(self._select(compiled, source))
        return Relation(" UNION ALL ".join(f"({p})" for p in parts), _names(op))

    def _Distinct(self, op: R.Distinct) -> Relation:
        rel = self.compile(op.input)
        source, refs = self._source(rel)
        items = [(c, refs[c]) for c in rel.columns]
        sql = self._select(items, source)
        return Relation(sql.replace("SELECT ", "SELECT DISTINCT ", 1), rel.columns)

    def _Aggregate(self, op: R.Aggregate) -> Relation:
        rel = self.compile(op.input)
        source, refs = self._source(rel)
        keys = [(n, self._expr(e, refs)) for n, e in op.keys]
        # WITH ... ORDER BY ... RETURN collect(x): the list follows the order.
        order = _order_by(rel.order, refs)
        aggs = [(n, compile_aggregate(self.expressions, a, refs, order)) for n, a in op.aggregates]
        names = tuple(n for n, _ in keys + aggs)
        if not aggs and not keys:
            return Relation(self._select([], source, " LIMIT 1"), ())
        group = ""
        if keys:
            group = " GROUP BY " + ", ".join(str(i + 1) for i in range(len(keys)))
        return Relation(self._select(keys + aggs, source, group), names)

    def _Sort(self, op: R.Sort) -> Relation:
        rel = self.compile(op.input)
        source, refs = self._source(rel)
        keys = []
        for expr, descending in op.items:
            name = f"  sort#{next(self._sort_keys)}"
            keys.append((name, self._sort_key(expr, refs), descending))
        items = [(c, refs[c]) for c in rel.columns] + [(n, sql) for n, sql, _ in keys]
        order = tuple((n, d) for n, _, d in keys)
        return self._projected(items, source, rel.columns, order)

    def _sort_key(self, expr: E.IRExpr, refs) -> str:
        sql = self._expr(expr, refs)
        ctype = expr.type
        if isinstance(ctype, T.ElementType):
            return f"({sql})._id"
        if ctype.name in ORDERABLE or ctype == T.NULL:
            return sql
        if is_orderable_list(ctype):
            return list_sort_key(sql)
        raise unsupported(f"ORDER BY a value of type {ctype}")

    def _Skip(self, op: R.Skip) -> Relation:
        return self._limited(self.compile(op.input), f" OFFSET {int(op.count)}")

    def _Limit(self, op: R.Limit) -> Relation:
        rel = self.compile(op.input)
        return self._limited(rel, f" LIMIT {int(op.count)}")

    def _limited(self, rel: Relation, clause: str) -> Relation:
        source, refs = self._source(rel)
        items = [(c, refs[c]) for c in rel.columns + rel.hidden()]
        sql = self._select(items, source) + _order_by(rel.order) + clause
        return Relation(sql, rel.columns, rel.order)

    def _Explode(self, op: R.Explode) -> Relation:
        rel = self.compile(op.input)
        source, refs = self._source(rel)
        items = [(c, refs[c]) for c in rel.columns]
        expr = op.expression
        if expr.type == T.NULL:
            items.append((op.name, "NULL"))
            return Relation(
                self._select(items, source, " WHERE FALSE"),
                rel.columns + (op.name,),
            )
        values = self._expr(expr, refs)
        if not isinstance(expr.type, T.ListType):
            values = f"[{values}]"
        items.append((op.name, f"unnest({values})"))
        return Relation(self._select(items, source), rel.columns + (op.name,))

    def _CreateGraphElements(self, op: R.CreateGraphElements) -> Relation:
        from .create import compile_create

        return compile_create(self, op)

    def _VarExpand(self, op: R.VarExpand) -> Relation:
        from .var_expand import compile_var_expand

        return compile_var_expand(self, op)


class _AllColumns(dict):
    """Column references of a base table: any name, read from ``alias``."""

    def __init__(self, alias: str):
        super().__init__()
        self.alias = alias

    def __missing__(self, name: str) -> str:
        return f"{self.alias}.{quote_name(name)}"


def _names(op: R.RelOp) -> tuple[str, ...]:
    return tuple(op.column_names)


def _order_by(order, refs: dict[str, str] | None = None) -> str:
    """ORDER BY the hidden sort columns: by their names in the SELECT list, or by their
    SQL in ``refs`` (inside an aggregate, or when the SELECT list does not name them)."""
    if not order:
        return ""
    keys = ", ".join(
        f"{refs[n] if refs is not None else quote_name(n)} "
        f"{'DESC NULLS FIRST' if d else 'ASC NULLS LAST'}"
        for n, d in order
    )
    return f" ORDER BY {keys}"


# Column references and constants: items a later SELECT may read in place of the column.
_COLUMN = re.compile(r't\d+\."(?:[^"]|"")*"')
_INLINABLE = re.compile(
    _COLUMN.pattern
    + r"|TRUE|FALSE|NULL|CAST\(NULL AS [A-Z]+\)|CAST\(-?\d+ AS BIGINT\)|'(?:[^']|'')*'"
)
