"""How a graph is laid out as stored tables: the schema file, safe names, versions.

A stored graph is one table per exact label combination of its nodes and one per
relationship type, plus a *schema file* (JSON, :class:`GraphLayout`) naming each table with
its labels or type, its columns with their property keys and Cypher types, the id type,
the graph's ``next_id`` and the tags of its id spaces. Labels, types and property keys may
be any Unicode text: tables and columns get safe names (an index plus an ASCII hint, see
:func:`table_name`, :func:`column_name`) and the real names live only in the schema file.

Stores are *versioned*: each store writes a complete new version aside, then a small
:class:`Pointer` naming the current version is replaced in one atomic step; readers only
follow the pointer, so they never see a half-written version. The pointer also names the
previous versions that are kept (graphs derived from them may still be reading their
files: Spark reads lazily); every other version is garbage (:func:`garbage_versions`).

This module is Spark-free; the DataFrame side is ``backends/spark/graph_tables.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass, field

from .. import types as T
from ..errors import GraphError

FORMAT_VERSION = 1
ID_COLUMN, SOURCE_COLUMN, TARGET_COLUMN = "id", "src", "dst"
# The column each stored table is bucketed (and sorted) by, where the storage buckets: the
# joins patterns make are node id = relationship source (target for the copy of each
# relationship table that traversals from the target read).
NODE_BUCKET_COLUMN, RELATIONSHIP_BUCKET_COLUMN = ID_COLUMN, SOURCE_COLUMN
BY_TARGET_SUFFIX = "_by_dst"

# -- Cypher types <-> JSON ------------------------------------------------------------------

_SCALARS = {
    t.name: t for t in (T.ANY, T.NULL, T.BOOLEAN, T.INTEGER, T.FLOAT, T.STRING, T.NUMBER)
} | T.TEMPORAL_TYPES


def type_to_json(ct: T.CypherType):
    """A property's Cypher type as JSON: a type name, or an object for lists and maps."""
    if isinstance(ct, T.ListType):
        return {"list": type_to_json(ct.element)}
    if isinstance(ct, T.MapType):
        fields = None if ct.fields is None else [[k, type_to_json(t)] for k, t in ct.fields]
        return {"map": fields}
    if ct.name in _SCALARS and type(ct) is T.CypherType:
        return ct.name
    raise GraphError(f"a property of type {ct} cannot be stored")


def type_from_json(obj) -> T.CypherType:
    if isinstance(obj, str) and obj in _SCALARS:
        return _SCALARS[obj]
    if isinstance(obj, dict) and set(obj) == {"list"}:
        return T.ListType(type_from_json(obj["list"]))
    if isinstance(obj, dict) and set(obj) == {"map"}:
        fields = obj["map"]
        if fields is None:
            return T.MAP
        return T.MapType({str(k): type_from_json(t) for k, t in fields})
    raise GraphError(f"unknown property type {obj!r} in a graph schema file")


def contains_null_type(ct: T.CypherType) -> bool:
    """Whether values of ``ct`` hold NULL-typed parts (``[]`` is a LIST<NULL>): such
    columns have no native type in Parquet, ORC or Hive and are stored as JSON text."""
    if ct == T.NULL:
        return True
    if isinstance(ct, T.ListType):
        return contains_null_type(ct.element)
    if isinstance(ct, T.MapType) and ct.fields is not None:
        return any(contains_null_type(t) for _, t in ct.fields)
    return False


def is_composite(ct: T.CypherType) -> bool:
    """Values a flat format (CSV) cannot hold natively: lists, maps, temporal and dynamic
    values (structs in the engine)."""
    return (
        isinstance(ct, (T.ListType, T.MapType))
        or ct.name in T.TEMPORAL_TYPES
        or (ct in (T.ANY, T.NUMBER))
    )


# -- the schema file ------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredColumn:
    """One property column of a stored table. ``json``: the column holds the value's JSON
    text (formats without nested types, NULL-typed parts). A NULL-typed property has no
    column (``column`` is None): its values are all null."""

    key: str
    column: str | None
    type: T.CypherType
    json: bool = False

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "column": self.column,
            "type": type_to_json(self.type),
            "json": self.json,
        }

    @staticmethod
    def from_json(obj: dict) -> StoredColumn:
        return StoredColumn(
            str(obj["key"]), obj["column"], type_from_json(obj["type"]), bool(obj["json"])
        )


@dataclass(frozen=True)
class StoredTable:
    """A stored node table (``labels``) or relationship table (``rel_type``).
    ``by_target``: the table holding a copy of a relationship table bucketed by target
    (where the storage buckets), for traversals that start from the target."""

    table: str
    properties: tuple[StoredColumn, ...] = ()
    labels: tuple[str, ...] | None = None
    rel_type: str | None = None
    by_target: str | None = None

    @property
    def is_node_table(self) -> bool:
        return self.labels is not None

    def to_json(self) -> dict:
        if self.is_node_table:
            head = {"labels": list(self.labels)}
        else:
            head = {"type": self.rel_type, "by_target": self.by_target}
        return {
            **head,
            "table": self.table,
            "properties": [p.to_json() for p in self.properties],
        }

    @staticmethod
    def from_json(obj: dict) -> StoredTable:
        props = tuple(StoredColumn.from_json(p) for p in obj["properties"])
        if "labels" in obj:
            return StoredTable(str(obj["table"]), props, labels=tuple(obj["labels"]))
        by_target = obj.get("by_target")
        return StoredTable(
            str(obj["table"]),
            props,
            rel_type=str(obj["type"]),
            by_target=None if by_target is None else str(by_target),
        )


@dataclass(frozen=True)
class GraphLayout:
    """The schema file of one stored version of a graph. ``buckets``: how many buckets
    the tables are bucketed into (node tables by id, relationship tables by source; 0 when
    they are not bucketed)."""

    id_type: T.CypherType
    next_id: int
    id_tags: tuple[int, ...]
    node_tables: tuple[StoredTable, ...] = ()
    relationship_tables: tuple[StoredTable, ...] = ()
    format_version: int = FORMAT_VERSION
    buckets: int = 0

    def to_text(self) -> str:
        return json.dumps(
            {
                "format_version": self.format_version,
                "id_type": self.id_type.name,
                "next_id": self.next_id,
                "id_tags": list(self.id_tags),
                "buckets": self.buckets,
                "node_tables": [t.to_json() for t in self.node_tables],
                "relationship_tables": [t.to_json() for t in self.relationship_tables],
            },
            indent=1,
            ensure_ascii=False,
        )

    @staticmethod
    def from_text(text: str, where: str = "graph schema file") -> GraphLayout:
        try:
            obj = json.loads(text)
            version = obj["format_version"]
            if version != FORMAT_VERSION:
                raise GraphError(
                    f"{where}: format version {version} is not supported "
                    f"(this version of graphframe-cypher reads version {FORMAT_VERSION})"
                )
            if obj["id_type"] not in ("INTEGER", "STRING"):
                raise GraphError(f"{where}: unknown id type {obj['id_type']!r}")
            return GraphLayout(
                id_type=T.STRING if obj["id_type"] == "STRING" else T.INTEGER,
                next_id=int(obj["next_id"]),
                id_tags=tuple(int(t) for t in obj["id_tags"]),
                node_tables=tuple(StoredTable.from_json(t) for t in obj["node_tables"]),
                relationship_tables=tuple(
                    StoredTable.from_json(t) for t in obj["relationship_tables"]
                ),
                buckets=int(obj.get("buckets", 0)),  # (files written before buckets: none)
            )
        except (ValueError, KeyError, TypeError) as error:
            raise GraphError(f"{where} is damaged: {error}") from None

    @property
    def tables(self) -> tuple[StoredTable, ...]:
        return self.node_tables + self.relationship_tables


# -- safe names -----------------------------------------------------------------------------

_HINT_LENGTH = 24


def name_hint(name: str) -> str:
    """A lowercase ASCII hint of ``name`` for file, table and column names (only a hint:
    uniqueness comes from the index or hash it is combined with)."""
    hint = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return hint[:_HINT_LENGTH].strip("_") or "x"


def table_name(kind: str, index: int, names) -> str:
    """``n3_person_admin`` (node table of labels Admin, Person), ``r0_knows``: safe for
    files and Hive tables, unique by the index whatever the real names are."""
    return f"{kind}{index}_{name_hint('_'.join(sorted(names)) or 'nolabel')}"


def column_name(index: int, key: str) -> str:
    """``p2_first_name``: a property column, unique by the index (columns are compared
    case-insensitively by Hive and by Spark by default)."""
    return f"p{index}_{name_hint(key)}"


def graph_table_prefix(name: str) -> str:
    """A Hive-safe prefix for the tables of graph ``name``: a hint plus a hash of the exact
    name (graph names are case-sensitive, Hive's table names are not)."""
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return f"g_{name_hint(name)}_{digest}"


# -- versions -------------------------------------------------------------------------------


def new_version() -> str:
    """A fresh version id (unique: concurrent or failed writes never share one)."""
    return uuid.uuid4().hex[:16]


_VERSION = re.compile(r"[0-9a-f]{16}")


def is_version(text: str) -> bool:
    return bool(_VERSION.fullmatch(text))


@dataclass(frozen=True)
class Pointer:
    """Which version of a graph is current, and which older ones are kept."""

    current: str
    previous: tuple[str, ...] = field(default=())

    def to_text(self) -> str:
        return json.dumps({"current": self.current, "previous": list(self.previous)})

    @staticmethod
    def from_text(text: str, where: str = "graph pointer") -> Pointer:
        try:
            obj = json.loads(text)
            pointer = Pointer(str(obj["current"]), tuple(str(v) for v in obj["previous"]))
        except (ValueError, KeyError, TypeError) as error:
            raise GraphError(f"{where} is damaged: {error}") from None
        if not all(is_version(v) for v in (pointer.current, *pointer.previous)):
            raise GraphError(f"{where} is damaged: it names an invalid version")
        return pointer

    def advance(self, version: str, keep_previous: int) -> Pointer:
        """The pointer after ``version`` became current: the old current version and the
        newest kept ones stay, up to ``keep_previous`` of them."""
        kept = (self.current, *self.previous)[: max(keep_previous, 0)]
        return Pointer(version, tuple(kept))

    @property
    def live(self) -> frozenset[str]:
        return frozenset((self.current, *self.previous))


def first_pointer(version: str) -> Pointer:
    return Pointer(version)


def garbage_versions(existing, pointer: Pointer | None) -> list[str]:
    """The versions to delete: all but those the pointer keeps (failed writes' leftovers
    included; with no pointer, every version)."""
    live = pointer.live if pointer is not None else frozenset()
    return sorted(v for v in existing if v not in live)


# -- paths ----------------------------------------------------------------------------------


_GRAPH_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]*(\.[A-Za-z0-9_][A-Za-z0-9_\-]*)*")


def is_graph_name(text: str) -> bool:
    """Whether ``text`` is a graph name a catalog accepts (``api.catalog.split_name``)."""
    return bool(_GRAPH_NAME.fullmatch(text))


def graph_directory(root: str, name: str) -> str:
    """The directory of graph ``name`` under ``root`` (one directory named like the graph,
    ``a.b`` included); a GraphError when it would not lie strictly inside ``root``."""
    real_root = os.path.realpath(root)
    path = os.path.realpath(os.path.join(real_root, name))
    if os.path.dirname(path) != real_root or name in ("", ".", ".."):
        raise GraphError(f"graph name {name!r} escapes the root directory {root!r}")
    return path
