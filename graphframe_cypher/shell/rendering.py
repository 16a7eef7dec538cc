"""Printing results and errors: aligned tables (rich), CSV and JSON lines, row counts and
elapsed time, update counters, the progress line, and errors without tracebacks.

Used by the interactive shell and by ``graphframe-cypher -e/-f``. Values print the Cypher way
(:func:`graphframe_cypher.values.format_value`): ``'text'``, ``(:Person {name: 'Ann'})``,
``[:KNOWS {since: 2015}]``, ``<(...)-[...]->(...)>``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import fields
from typing import Any, TextIO

from ..values import format_value

FORMATS = ("table", "plain", "csv", "json")

# Interactive tables cut cells wider than this many characters (with an ellipsis).
MAX_CELL_WIDTH = 60


# --------------------------------------------------------------------------------------------
# Results -> columns and rows
# --------------------------------------------------------------------------------------------


def result_table(result: Any) -> tuple[list[str], list[list[Any]]]:
    """Column names and rows (lists of Python Cypher values) of a query result.

    Expects ``result.records`` with ``columns`` (the RETURN order) and ``collect()`` returning
    one mapping (column -> value) per row; tuples and pyspark Rows are accepted as well.
    """
    records = getattr(result, "records", result)
    rows = list(records.collect())
    columns = getattr(records, "columns", None)
    if columns is None and rows and isinstance(rows[0], dict):
        columns = list(rows[0].keys())
    columns = list(columns or [])
    table: list[list[Any]] = []
    for row in rows:
        if hasattr(row, "asDict") and not isinstance(row, dict):
            row = row.asDict(recursive=False)
        if isinstance(row, dict):
            table.append([row.get(col) for col in columns])
        else:
            table.append(list(row))
    return columns, table


# --------------------------------------------------------------------------------------------
# Output formats
# --------------------------------------------------------------------------------------------


def render(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str,
    out: TextIO,
    title: str = "",
    *,
    footer_note: str = "",
    max_cell_width: int | None = None,
) -> None:
    """Print a result as ``table`` (with a ``(n rows)`` footer, ``footer_note`` added inside
    the parentheses), ``plain`` (cypher-shell's), ``csv`` or ``json`` (one array).
    ``max_cell_width`` cuts wider table cells with an ellipsis; without it they fold onto
    several lines."""
    if fmt == "plain":
        from .habits import render_plain

        render_plain(columns, rows, out)
    elif fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_cell(v) for v in row] for row in rows)
    elif fmt == "json":
        from ..cli import to_jsonable  # the JSON form of values, shared with -e/-f

        records = [
            {col: to_jsonable(v) for col, v in zip(columns, row, strict=False)} for row in rows
        ]
        out.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    else:
        _render_table(columns, rows, out, title, footer_note, max_cell_width)


def _render_table(columns, rows, out, title, footer_note, max_cell_width) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = _console(out)
    cells = [[format_value(v) for v in row] for row in rows]
    table = Table(box=box.SIMPLE_HEAVY, title=title or None, title_justify="left")
    if max_cell_width:
        widths = fit_widths(columns, cells, max_cell_width, console.width)
        cells = [
            [_cut(text, width) for text, width in zip(row, widths, strict=True)] for row in cells
        ]
        for col, width in zip(columns, widths, strict=True):
            table.add_column(_cut(col, width), width=width, no_wrap=True)
    else:
        for col in columns:
            table.add_column(col, overflow="fold")
    for row in cells:
        # Cells are plain text: no rich markup interpretation of '[...]' in values.
        table.add_row(*(Text(text) for text in row))
    if columns:
        console.print(table)
    noun = "row" if len(rows) == 1 else "rows"
    note = f", {footer_note}" if footer_note else ""
    console.print(f"({len(rows)} {noun}{note})", highlight=False, markup=False)


# Columns are never cut narrower than this (or their natural width, if smaller).
_MIN_COLUMN_WIDTH = 8


def fit_widths(
    columns: Sequence[str], cells: Sequence[Sequence[str]], max_width: int, total: int
) -> list[int]:
    """Column widths for a table ``total`` characters wide: each column as wide as its
    widest cell (at most ``max_width``); when they do not fit, the widest columns give way
    first, down to a minimum, so that no column disappears."""
    from rich.cells import cell_len  # wide characters (CJK, emoji) take two cells

    widths = [
        min(max_width, max([cell_len(col), *(cell_len(row[i]) for row in cells)]))
        for i, col in enumerate(columns)
    ]
    floors = [min(w, _MIN_COLUMN_WIDTH) for w in widths]
    available = total - 3 * len(columns) - 1  # padding and the border of each column
    while sum(widths) > available:
        widest = max(range(len(widths)), key=lambda i: widths[i] - floors[i])
        if widths[widest] <= floors[widest]:
            break  # too many columns: the terminal wraps
        widths[widest] -= 1
    return widths


def _cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` terminal cells, cut with an ellipsis."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(width - 1, 0)) + "…"


def _console(out: TextIO):
    from rich.console import Console

    # Dumb terminals (TERM=dumb) get their real width too, not rich's fallback of 80.
    width = shutil.get_terminal_size().columns if _is_terminal(out) else None
    return Console(file=out, soft_wrap=False, highlight=False, width=width)


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return format_value(value)


# --------------------------------------------------------------------------------------------
# Shell messages
# --------------------------------------------------------------------------------------------


def elapsed_text(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.2f} s"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)} min {rest:.0f} s"


def counters_text(counters: Any) -> str:
    """``Nodes created: 2, properties set: 4`` for the non-zero counters of an update."""
    parts = [
        f"{f.name.replace('_', ' ')}: {getattr(counters, f.name)}"
        for f in fields(counters)
        if getattr(counters, f.name)
    ]
    return ", ".join(parts).capitalize()


def progress_text(progress: Any, seconds: float, width: int = 24) -> str:
    """One line: a bar of the tasks done so far, stages and tasks done/known, elapsed time."""
    if not progress.jobs:  # still planning, or driver-side work
        return f"running ...  {elapsed_text(seconds)}  (Ctrl-C cancels)"
    done = int(progress.fraction * width)
    bar = "#" * done + "." * (width - done)
    return (
        f"[{bar}] {progress.fraction:4.0%}  stages {progress.stages_done}/{progress.stages_total}"
        f"  tasks {progress.tasks_done}/{progress.tasks_total}  {elapsed_text(seconds)}"
        "  (Ctrl-C cancels)"
    )


def error_text(error: BaseException) -> str:
    """The message users see for a failure: a CypherError's own text (the query line with a
    caret under the offending text), for anything else its type and first line: never a
    traceback."""
    from ..errors import CypherError

    if isinstance(error, CypherError):
        return str(error)
    first_line = (str(error).strip().splitlines() or [""])[0]
    return f"internal error: {type(error).__name__}: {first_line[:300]}"
