"""Query results: a table of records and, for queries that build one, a graph."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from .. import types as T
from .driver import ResultMethods

if TYPE_CHECKING:
    import pandas as pd

    from ..notebook import GraphView


@dataclass(frozen=True)
class Counters:
    """Side effects of an updating query, named as the Neo4j driver names them.

    Properties are counted per (element, key) entry as the openCypher TCK does: an entry
    that gets a new value is set, one that loses its value is removed (overwriting a value
    with another counts in both, writing the same value in neither). Labels are counted
    per node, only when they change."""

    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    properties_removed: int = 0
    labels_added: int = 0
    labels_removed: int = 0

    @property
    def contains_updates(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


class Records:
    """The rows of a result.

    ``df`` (the same as ``to_spark()``) is the result as an ordinary Spark table: one column
    per RETURN item, in order, named as Cypher names them, in Spark's native types (see
    ``graphframe_cypher/portable.py``; a date-time column is followed by its ``<name>_zone``).
    ``frame`` is the engine's own table (its internal encodings, for the engine and its
    plans). The other accessors bring rows to the driver as Cypher's Python values, fetching
    only what they need."""

    def __init__(
        self, frame, columns: tuple[str, ...], types: tuple[T.CypherType, ...], run, repr_ctx=None
    ):
        from ..names import decode

        # the plan's columns are encoded names (names.py): the user sees their own; the
        # engine's frame keeps the encoded ones (to_spark() names its columns by position)
        self.frame = frame
        self.columns = [decode(c) for c in columns]
        self.types = types
        self._run = run  # translates engine errors raised while Spark computes the rows
        self._repr_ctx = repr_ctx  # the backend's layout context (e.g. the id type)
        self._portable = None

    @property
    def df(self):
        return self.to_spark()

    def to_spark(self, flat: bool = False):
        """The result as a Spark DataFrame of native types; ``flat=True`` turns arrays and
        structs into their JSON text, for CSV."""
        from ..backends.spark import export

        if self._portable is None:
            args = (self.frame, self.columns, self.types)
            if self._repr_ctx is not None:
                args += (self._repr_ctx,)
            self._portable = export.portable_frame(*args)
        return export.flat_frame(self._portable) if flat else self._portable

    def collect(self) -> list[dict[str, Any]]:
        return self._rows(self._run(self.frame.collect))

    def head(self, n: int = 5) -> list[dict[str, Any]]:
        """The first ``n`` rows (only those are computed and fetched)."""
        return self._rows(self._run(lambda: self.frame.limit(n).collect()))

    def _rows(self, rows) -> list[dict[str, Any]]:
        return [self._record(row) for row in rows]

    def _record(self, row) -> dict[str, Any]:
        from ..backends.spark.representation import to_python

        return {
            name: to_python(row[i], ctype)
            for i, (name, ctype) in enumerate(zip(self.columns, self.types))
        }

    def to_pandas(self) -> pd.DataFrame:
        """A pandas DataFrame in the dtypes a pandas user expects: Int64 and boolean with
        nulls, string, datetime64 for dates and date-times (UTC for DATETIME), object only
        for nested values (lists, dicts)."""
        from .pandas_frames import arrow_to_pandas

        return arrow_to_pandas(self._run(self.to_spark().toArrow), self.columns, self.types)

    def show(self, max_rows: int = 20) -> None:
        """Print the first ``max_rows`` rows as a table (rich): values as Cypher writes
        them, wide characters aligned, long cells cut with an ellipsis to fit the terminal."""
        import sys

        from ..shell.rendering import MAX_CELL_WIDTH, render

        rows = self.head(max_rows + 1)
        shown = [[row[c] for c in self.columns] for row in rows[:max_rows]]
        # counting the rest runs a Spark job but fetches no row
        more = f"{len(self) - max_rows} more not shown" if len(rows) > max_rows else ""
        render(
            self.columns,
            shown,
            "table",
            sys.stdout,
            footer_note=more,
            max_cell_width=MAX_CELL_WIDTH,
        )

    def __iter__(self):
        """Streams the rows (one partition at a time in the driver)."""
        rows = self._run(self.frame.toLocalIterator)
        done = object()
        while (row := self._run(lambda: next(rows, done))) is not done:
            yield self._record(row)

    def _repr_html_(self) -> str:
        from ..notebook.html import records_html

        return records_html(self)

    def __repr__(self) -> str:
        columns = ", ".join(f"{c}: {t}" for c, t in zip(self.columns, self.types))
        return f"Records({columns})"

    def __len__(self) -> int:
        return self._run(self.frame.count)


class CypherResult(ResultMethods):
    """A query's records and, for a query that builds or updates one, its graph. Read it as
    the Neo4j driver's results are read, too: ``keys()``, ``single()``, ``value()``,
    ``values()``, ``data()`` (api/driver.py)."""

    def __init__(self, records: Records, graph=None, counters=None, plan=None):
        self.records = records
        self.graph = graph
        # A Counters, or a function computing them: counting runs Spark jobs, so it is
        # done only when someone asks.
        self._counters = counters
        self.plan = plan

    @property
    def counters(self) -> Counters:
        if callable(self._counters):
            self._counters = self._counters()
        return self._counters or Counters()

    def explain(self) -> str:
        return self.plan.explain() if self.plan is not None else ""

    def visualize(self, **options: Any) -> GraphView:
        """An interactive picture of the nodes, relationships and paths of the rows
        (``graphframe_cypher.notebook.visualize``)."""
        from ..notebook import visualize

        return visualize(self, **options)

    def _repr_html_(self) -> str:
        from ..notebook.html import result_html

        return result_html(self)

    def __repr__(self) -> str:
        graph = ", with a graph" if self.graph is not None else ""
        return f"CypherResult({self.records!r}{graph})"
