"""A small social graph bundled with the package, for the demo, the CLI and tests.

Nodes
  ``:Person``  {name: STRING, age: INTEGER, city: STRING}          12 people, ids 1-12
  ``:Company`` {name: STRING, industry: STRING, founded: INTEGER}  4 companies, ids 101-104
Relationships
  ``(:Person)-[:KNOWS {since: INTEGER}]->(:Person)``                18, ids 1001-1018
  ``(:Person)-[:WORKS_AT {role: STRING, since: INTEGER}]->(:Company)`` 11, ids 2001-2011

Element ids are unique across the whole graph. Niaj (id 12) works nowhere.
The data lives in CSV files beside this module; :func:`load_sample_graph` reads them with an
explicit schema (no type inference) and maps them through the public API.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame, SparkSession

    from graphframe_cypher import PropertyGraph

SAMPLE_DIR = Path(__file__).resolve().parent

# file stem -> ordered (column, type) pairs; "long" columns become Spark LongType (Cypher INTEGER)
SCHEMAS: dict[str, tuple[tuple[str, str], ...]] = {
    "persons": (("id", "long"), ("name", "string"), ("age", "long"), ("city", "string")),
    "companies": (
        ("id", "long"),
        ("name", "string"),
        ("industry", "string"),
        ("founded", "long"),
    ),
    "knows": (("id", "long"), ("src", "long"), ("dst", "long"), ("since", "long")),
    "works_at": (
        ("id", "long"),
        ("src", "long"),
        ("dst", "long"),
        ("role", "string"),
        ("since", "long"),
    ),
}

DESCRIPTION = (
    "sample graph: (:Person {name, age, city})-[:KNOWS {since}]->(:Person), "
    "(:Person)-[:WORKS_AT {role, since}]->(:Company {name, industry, founded})"
)


def read_rows(name: str) -> list[tuple[Any, ...]]:
    """The rows of ``<name>.csv`` as tuples typed per :data:`SCHEMAS` (empty cell -> None)."""
    schema = SCHEMAS[name]
    with open(SAMPLE_DIR / f"{name}.csv", newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        if tuple(header) != tuple(col for col, _ in schema):
            raise ValueError(f"{name}.csv: header {header} does not match its schema")
        rows = []
        for record in reader:
            if not record:
                continue
            rows.append(
                tuple(
                    None if cell == "" else int(cell) if kind == "long" else cell
                    for cell, (_, kind) in zip(record, schema, strict=True)
                )
            )
        return rows


def sample_dataframes(spark: SparkSession) -> dict[str, DataFrame]:
    """The sample tables as Spark DataFrames: persons, companies, knows, works_at."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    spark_types = {"long": LongType(), "string": StringType()}
    frames = {}
    for name, schema in SCHEMAS.items():
        struct = StructType([StructField(col, spark_types[kind], True) for col, kind in schema])
        frames[name] = spark.createDataFrame(read_rows(name), schema=struct)
    return frames


def sample_pandas() -> dict[str, Any]:
    """The sample tables as pandas DataFrames (nullable integer columns), for sessions
    that hold graphs in this process (``CypherSession.embedded()``)."""
    import pandas as pd

    frames = {}
    for name, schema in SCHEMAS.items():
        frame = pd.DataFrame(read_rows(name), columns=[col for col, _ in schema])
        for col, kind in schema:
            frame[col] = frame[col].astype("Int64" if kind == "long" else "object")
        frames[name] = frame
    return frames


def _spark_of(session: Any) -> SparkSession:
    spark = getattr(session, "spark", None)
    if spark is None:
        from pyspark.sql import SparkSession

        spark = SparkSession.getActiveSession()
    if spark is None:
        raise RuntimeError("load_sample_graph needs a CypherSession with a running SparkSession")
    return spark


def load_sample_graph(session: Any) -> PropertyGraph:
    """Read the bundled social graph into ``session`` and return the graph."""
    from graphframe_cypher import NodeTable, RelationshipTable

    # Sessions without Spark (the embedded DuckDB engine) read pandas frames.
    embedded = not hasattr(session, "spark") and hasattr(session, "connection")
    frames = sample_pandas() if embedded else sample_dataframes(_spark_of(session))
    return session.read_from(
        NodeTable(frames["persons"], labels=["Person"], id="id"),
        NodeTable(frames["companies"], labels=["Company"], id="id"),
        RelationshipTable(frames["knows"], type="KNOWS", id="id", source="src", target="dst"),
        RelationshipTable(frames["works_at"], type="WORKS_AT", id="id", source="src", target="dst"),
    )


__all__ = [
    "DESCRIPTION",
    "SAMPLE_DIR",
    "SCHEMAS",
    "load_sample_graph",
    "read_rows",
    "sample_dataframes",
    "sample_pandas",
]
