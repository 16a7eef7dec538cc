"""Query results: a table of records and, for queries that build one, a graph."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .. import types as T


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
    """The rows of a result. ``df`` is the distributed table (one column per RETURN item, in
    order, named as Cypher names them); the other accessors bring rows to the driver."""

    def __init__(self, df, columns: tuple[str, ...], types: tuple[T.CypherType, ...], run):
        from ..names import decode

        # the plan's columns are encoded names (names.py): the user sees their own
        self.columns = [decode(c) for c in columns]
        self.df = df.toDF(*self.columns) if self.columns != list(columns) else df
        self.types = types
        self._run = run  # translates engine errors raised while Spark computes the rows

    def collect(self) -> list[dict[str, Any]]:
        from ..backends.spark.representation import to_python

        rows = self._run(self.df.collect)
        return [
            {
                name: to_python(row[i], ctype)
                for i, (name, ctype) in enumerate(zip(self.columns, self.types))
            }
            for row in rows
        ]

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(self.collect(), columns=self.columns)

    def show(self, max_rows: int = 20) -> None:
        from ..values import format_value

        rows = self.collect()
        print(
            format_table(
                self.columns, [[format_value(r[c]) for c in self.columns] for r in rows[:max_rows]]
            )
        )
        if len(rows) > max_rows:
            print(f"... {len(rows) - max_rows} more rows")

    def __iter__(self):
        return iter(self.collect())

    def __len__(self) -> int:
        return len(self.collect())


def format_table(columns: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [line, "| " + " | ".join(c.ljust(w) for c, w in zip(columns, widths)) + " |", line]
    out += ["| " + " | ".join(v.ljust(w) for v, w in zip(r, widths)) + " |" for r in rows]
    out.append(line)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


class CypherResult:
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
