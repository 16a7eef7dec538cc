"""Comparing query results with the TCK's expected tables, as Cypher values.

Every value is reduced to a hashable *key* in which two values are equal exactly when the
TCK considers them equal:

* ints and floats are distinct (``1`` is not ``1.0``), booleans are not integers;
* NaN equals NaN (the TCK writes ``NaN`` for an expected NaN);
* nodes compare by labels and properties, relationships by type and properties (the TCK
  has no ids), paths by their sequence of nodes, relationships and directions;
* temporal values compare by their Cypher string form (the TCK writes them as strings);
* with ``ignore_list_order`` every list is a multiset.

Rows become tuples of keys; "in any order" compares the multisets of rows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from graphframe_cypher.temporal import is_temporal
from graphframe_cypher.values import Node, Path, Relationship, format_temporal, format_value

from .failures import TckFailure
from .tck_values import parse_value


class ResultMismatch(TckFailure):
    """The actual result differs from the expected table."""


def value_key(value: Any, ignore_list_order: bool = False) -> Any:
    """A hashable key of a Cypher value; see the module docstring for the equivalence."""
    k = value_key
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", "NaN") if math.isnan(value) else ("float", value)
    if isinstance(value, str):
        return ("str", value)
    if isinstance(value, Node):
        return ("node", frozenset(value.labels), k(value.properties, ignore_list_order))
    if isinstance(value, Relationship):
        return ("rel", value.type, k(value.properties, ignore_list_order))
    if isinstance(value, Path):
        return _path_key(value, ignore_list_order)
    if isinstance(value, Mapping):
        return ("map", frozenset((str(n), k(v, ignore_list_order)) for n, v in value.items()))
    if isinstance(value, (list, tuple)):
        items = [k(v, ignore_list_order) for v in value]
        if ignore_list_order:
            return ("bag", frozenset(Counter(items).items()))
        return ("list", tuple(items))
    if isinstance(value, (dt.date, dt.time)):
        return ("str", format_temporal(value))
    if is_temporal(value):
        return ("str", str(value))  # Cypher's toString, as the TCK writes temporal values
    # Unknown value types (e.g. durations) compare by their text, which is the best the
    # TCK's string-written expectations allow.
    return ("str", str(value))


def _path_key(path: Path, ignore_list_order: bool) -> Any:
    parts: list[Any] = [value_key(path.start_node, ignore_list_order)]
    for _a, rel, b, forward in path.steps():
        parts.append((forward, value_key(rel, ignore_list_order), value_key(b, ignore_list_order)))
    return ("path", tuple(parts))


def parse_table(table: Sequence[Sequence[str]]) -> tuple[list[str], list[list[Any]]]:
    """Split an expected-result data table into its header and parsed value rows."""
    if not table:
        return [], []
    header = list(table[0])
    rows = [[parse_value(cell) for cell in row] for row in table[1:]]
    return header, rows


def actual_rows(columns: Sequence[str], records: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    """Records (dicts column -> value) as lists in column order."""
    rows = []
    for i, record in enumerate(records):
        missing = [c for c in columns if c not in record]
        if missing:
            raise ResultMismatch(f"record {i} lacks columns {missing}: {record!r}")
        rows.append([record[c] for c in columns])
    return rows


def compare_result(
    expected_table: Sequence[Sequence[str]],
    columns: Sequence[str],
    records: Sequence[Mapping[str, Any]],
    ordered: bool,
    ignore_list_order: bool = False,
) -> None:
    """Raise :class:`ResultMismatch` unless the result matches the expected table."""
    header, expected = parse_table(expected_table)
    if list(columns) != header:
        raise ResultMismatch(f"columns differ: expected {header}, got {list(columns)}")
    actual = actual_rows(columns, records)

    def row_key(row: list[Any]) -> tuple[Any, ...]:
        return tuple(value_key(v, ignore_list_order) for v in row)

    exp_keys = [row_key(r) for r in expected]
    act_keys = [row_key(r) for r in actual]
    if ordered:
        if exp_keys != act_keys:
            raise ResultMismatch(_describe("in order", header, expected, actual))
        return
    if Counter(exp_keys) != Counter(act_keys):
        raise ResultMismatch(
            _describe("in any order", header, expected, actual, exp_keys, act_keys)
        )


def _describe(
    how: str,
    header: list[str],
    expected: list[list[Any]],
    actual: list[list[Any]],
    exp_keys: list[Any] | None = None,
    act_keys: list[Any] | None = None,
) -> str:
    """A readable diff: both tables in TCK syntax, plus missing/unexpected rows."""
    lines = [f"result differs ({how})", "expected:", render_table(header, expected)]
    lines += ["actual:", render_table(header, actual)]
    if exp_keys is not None and act_keys is not None:
        missing = Counter(exp_keys) - Counter(act_keys)
        extra = Counter(act_keys) - Counter(exp_keys)
        by_key = dict(zip(exp_keys, expected, strict=True))
        by_key.update(zip(act_keys, actual, strict=True))
        for title, diff in (("missing rows:", missing), ("unexpected rows:", extra)):
            if diff:
                rows = [by_key[key] for key, n in diff.items() for _ in range(n)]
                lines += [title, render_table(header, rows)]
    return "\n".join(lines)


def render_table(header: Sequence[str], rows: Sequence[Sequence[Any]], limit: int = 50) -> str:
    """Rows as a Gherkin-like table of Cypher-formatted values (at most ``limit`` rows)."""
    cells = [list(header)] + [[format_value(v) for v in row] for row in rows[:limit]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))] if header else []
    out = [
        "  | " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
        for r in cells
    ]
    if len(rows) > limit:
        out.append(f"  ... {len(rows) - limit} more rows")
    if not rows:
        out.append("  (no rows)")
    return "\n".join(out)
