"""HiveGraphSource: graphs stored as managed tables of a database of the Spark catalog
(Hive's metastore in a Hive-enabled session), with the layout of the file source
(``layout.py``).

Tables of graph ``social`` in database ``graphs`` (``<p>`` = ``g_social_<hash>``, a
Hive-safe prefix: table names are case-insensitive, graph names are not)::

    graphs.<p>                          the head table: TBLPROPERTIES hold the graph's
                                        real name and its pointer (current version)
    graphs.<p>__v<version>__schema      the schema file of a version (one row)
    graphs.<p>__v<version>__n0_person   one table per label combination ...
    graphs.<p>__v<version>__r0_knows    ... and per relationship type

Tables are bucketed for the joins patterns make (``layout.py``): node tables by ``id``,
relationship tables by ``src``, each sorted by that column, into ``buckets`` buckets (the
session's ``spark.sql.shuffle.partitions`` by default; 0 writes them unbucketed), one file
per bucket. Read back, a join of a node table with a relationship table on id = source
needs no shuffle of either table, and a join with the nodes at the target end none on the
node side. The bucket count is recorded in the schema row.

A store writes the new version's tables and schema row first, then replaces the head
table's pointer property with one ``ALTER TABLE ... SET TBLPROPERTIES`` (a single metastore
update, atomic), then drops the tables of versions the pointer no longer keeps. A failed
store leaves the previous version current; its tables are dropped (or, after a crash,
ignored by readers and dropped by the next store of the graph). One writer per graph at a
time is assumed.
"""

from __future__ import annotations

import re

from ..errors import GraphError
from .layout import Pointer, graph_table_prefix, is_version
from .stored import StoredGraphSource

GRAPH_PROPERTY = "graphframe_cypher.graph"
POINTER_PROPERTY = "graphframe_cypher.pointer"
_DATABASE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class HiveGraphSource(StoredGraphSource):
    """Graphs stored as managed tables in the Spark catalog's ``database`` (created when
    missing). Register it with ``session.register_source("warehouse",
    HiveGraphSource(database="graphs"))``; then ``session.catalog.store("warehouse.g",
    graph)`` and ``FROM GRAPH warehouse.g``. ``keep_previous``: see StoredGraphSource.
    ``buckets``: the bucket count of the tables (None: the session's
    ``spark.sql.shuffle.partitions`` when a graph is stored; 0: not bucketed)."""

    def __init__(
        self, database: str = "graphs", keep_previous: int = 1, buckets: int | None = None
    ):
        if not _DATABASE.fullmatch(database or ""):
            raise GraphError(
                f"invalid database name {database!r} (letters, digits and '_', not first a digit)"
            )
        if buckets is not None and (type(buckets) is not int or buckets < 0):
            raise GraphError(f"buckets must be a count of buckets (0 for none), not {buckets!r}")
        super().__init__(_HiveStorage(database, buckets), keep_previous)

    @property
    def database(self) -> str:
        return self._storage.database


def _sql_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class _HiveStorage:
    """The Storage of a HiveGraphSource (see stored.py)."""

    native_nested = True

    def __init__(self, database: str, buckets: int | None):
        self.database = database
        self._buckets = buckets
        self._spark = None

    def attach(self, spark) -> None:
        self._spark = spark

    def describe(self) -> str:
        return f"the Hive database {self.database}"

    # -- names ----------------------------------------------------------------------------

    def _qualified(self, table: str) -> str:
        return f"`{self.database}`.`{table}`"

    def _head(self, name: str) -> str:
        return graph_table_prefix(name)

    def _version_prefix(self, name: str, version: str) -> str:
        return f"{graph_table_prefix(name)}__v{version}__"

    def _tables(self) -> list[str]:
        spark = self._spark
        if spark is None or not spark.catalog.databaseExists(self.database):
            return []
        rows = spark.sql(f"SHOW TABLES IN `{self.database}`").collect()
        return [row["tableName"] for row in rows if not row["isTemporary"]]

    def _properties(self, table: str) -> dict[str, str]:
        rows = self._spark.sql(f"SHOW TBLPROPERTIES {self._qualified(table)}").collect()
        return {row["key"]: row["value"] for row in rows}

    # -- pointers and versions ------------------------------------------------------------

    def graph_names(self) -> list[str]:
        names = []
        for table in self._tables():
            if table.startswith("g_") and "__" not in table:
                props = self._properties(table)
                if GRAPH_PROPERTY in props and POINTER_PROPERTY in props:
                    names.append(props[GRAPH_PROPERTY])
        return names

    def pointer(self, name: str) -> Pointer | None:
        head = self._head(name)
        if head not in self._tables():
            return None
        props = self._properties(head)
        if props.get(GRAPH_PROPERTY) != name or POINTER_PROPERTY not in props:
            return None
        where = f"the pointer of graph {name!r} (table {self.database}.{head})"
        return Pointer.from_text(props[POINTER_PROPERTY], where)

    def versions(self, name: str) -> list[str]:
        prefix = f"{graph_table_prefix(name)}__v"
        found = set()
        for table in self._tables():
            if table.startswith(prefix):
                version = table[len(prefix) :].split("__", 1)[0]
                if is_version(version):
                    found.add(version)
        return sorted(found)

    def switch(self, name: str, old: Pointer | None, new: Pointer) -> None:
        head = self._qualified(self._head(name))
        if old is None:
            # The head table appears without a pointer (an unknown graph) until the ALTER.
            self._spark.sql(
                f"CREATE TABLE IF NOT EXISTS {head} (graph STRING) USING parquet "
                f"TBLPROPERTIES ({_sql_string(GRAPH_PROPERTY)} = {_sql_string(name)})"
            )
        self._spark.sql(
            f"ALTER TABLE {head} SET TBLPROPERTIES "
            f"({_sql_string(POINTER_PROPERTY)} = {_sql_string(new.to_text())})"
        )

    def delete_version(self, name: str, version: str) -> None:
        prefix = self._version_prefix(name, version)
        for table in self._tables():
            if table.startswith(prefix):
                self._spark.sql(f"DROP TABLE IF EXISTS {self._qualified(table)}")

    def remove_graph(self, name: str) -> None:
        # The head first: from then on the graph is gone, whatever is left to drop.
        self._spark.sql(f"DROP TABLE IF EXISTS {self._qualified(self._head(name))}")
        for version in self.versions(name):
            self.delete_version(name, version)

    # -- tables and schema files ----------------------------------------------------------

    def bucket_count(self) -> int:
        if self._buckets is not None:
            return self._buckets
        return int(self._spark.conf.get("spark.sql.shuffle.partitions"))

    def write_table(self, name: str, version: str, table: str, df, bucket_by=None) -> None:
        self._spark.sql(f"CREATE DATABASE IF NOT EXISTS `{self.database}`")
        full = self._qualified(self._version_prefix(name, version) + table)
        buckets = self.bucket_count() if bucket_by else 0
        if buckets:
            # one task per bucket, so that each bucket is one file
            df = df.repartition(buckets, bucket_by)
        writer = df.write.format("parquet").mode("errorifexists")
        if buckets:
            writer = writer.bucketBy(buckets, bucket_by).sortBy(bucket_by)
        writer.saveAsTable(full)

    def read_table(self, name: str, version: str, table: str, schema):
        return self._spark.table(self._qualified(self._version_prefix(name, version) + table))

    def write_layout(self, name: str, version: str, text: str) -> None:
        df = self._spark.createDataFrame([(text,)], "layout STRING")
        self.write_table(name, version, "schema", df)

    def read_layout(self, name: str, version: str) -> str:
        table = self._qualified(self._version_prefix(name, version) + "schema")
        row = self._spark.table(table).first()
        if row is None:
            raise GraphError(f"the schema table {table} of graph {name!r} is empty")
        return row[0]
