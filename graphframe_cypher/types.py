"""Cypher's static types.

The compiler infers a :class:`CypherType` for every expression. A concrete type lets a
backend use a native column type; :data:`ANY` marks a value whose type is only known at
runtime (a property holding integers on some nodes and strings on others, a heterogeneous
list...). How each type is laid out in a backend's columns is the backend's business (for
Spark see ``backends/spark/representation.py``); this module is backend-neutral.

Types are immutable and hashable. ``nullable`` is not tracked: every Cypher value may be null.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CypherType:
    name: str

    def __str__(self) -> str:
        return self.name

    @property
    def is_any(self) -> bool:
        return self.name == "ANY"

    @property
    def is_numeric(self) -> bool:
        return self.name in ("INTEGER", "FLOAT", "NUMBER")

    @property
    def is_element(self) -> bool:
        return self.name in ("NODE", "RELATIONSHIP")


ANY = CypherType("ANY")
NULL = CypherType("NULL")  # the type of the literal null: joins with anything
BOOLEAN = CypherType("BOOLEAN")
INTEGER = CypherType("INTEGER")
FLOAT = CypherType("FLOAT")
STRING = CypherType("STRING")
# NUMBER (integer or float, known only at runtime) is represented like ANY at runtime.
NUMBER = CypherType("NUMBER")

DATE = CypherType("DATE")
LOCALTIME = CypherType("LOCALTIME")
TIME = CypherType("TIME")
LOCALDATETIME = CypherType("LOCALDATETIME")
DATETIME = CypherType("DATETIME")
DURATION = CypherType("DURATION")
TEMPORAL_TYPES = {t.name: t for t in (DATE, LOCALTIME, TIME, LOCALDATETIME, DATETIME, DURATION)}


@dataclass(frozen=True)
class ListType(CypherType):
    element: CypherType = ANY

    def __init__(self, element: CypherType = ANY):
        object.__setattr__(self, "name", "LIST")
        object.__setattr__(self, "element", element)

    def __str__(self) -> str:
        return f"LIST<{self.element}>"


@dataclass(frozen=True)
class MapType(CypherType):
    """A map. ``fields`` is a sorted tuple of (key, type) when the keys are known statically
    (map literals, node property maps); None when keys are only known at runtime."""

    fields: tuple[tuple[str, CypherType], ...] | None = None

    def __init__(self, fields=None):
        object.__setattr__(self, "name", "MAP")
        if fields is not None:
            fields = tuple(sorted(dict(fields).items()))
        object.__setattr__(self, "fields", fields)

    def field_type(self, key: str) -> CypherType:
        if self.fields is None:
            return ANY
        return dict(self.fields).get(key, NULL)

    def __str__(self) -> str:
        if self.fields is None:
            return "MAP"
        return "MAP{" + ", ".join(f"{k}: {t}" for k, t in self.fields) + "}"


@dataclass(frozen=True)
class ElementType(CypherType):
    """A node or relationship. ``properties`` is the sorted (key, type) schema of the
    properties the element may have (the union over the tables it can come from);
    ``labels`` the labels (node) or types (relationship) it may carry."""

    properties: tuple[tuple[str, CypherType], ...] = ()
    labels: frozenset[str] = frozenset()

    def __init__(self, name: str, properties=(), labels=frozenset()):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "properties", tuple(sorted(dict(properties).items())))
        object.__setattr__(self, "labels", frozenset(labels))

    def property_type(self, key: str) -> CypherType:
        return dict(self.properties).get(key, NULL)

    def __str__(self) -> str:
        return self.name


def NodeType(properties=(), labels=frozenset()) -> ElementType:  # noqa: N802 - type ctor
    return ElementType("NODE", properties, labels)


def RelationshipType(properties=(), types=frozenset()) -> ElementType:  # noqa: N802
    return ElementType("RELATIONSHIP", properties, types)


@dataclass(frozen=True)
class PathType(CypherType):
    node: ElementType = None  # type: ignore[assignment]
    relationship: ElementType = None  # type: ignore[assignment]

    def __init__(self, node: ElementType | None = None, relationship: ElementType | None = None):
        object.__setattr__(self, "name", "PATH")
        object.__setattr__(self, "node", node or NodeType())
        object.__setattr__(self, "relationship", relationship or RelationshipType())


NODE = NodeType()
RELATIONSHIP = RelationshipType()
PATH = PathType()
MAP = MapType()


def join(a: CypherType, b: CypherType) -> CypherType:
    """The least type both values fit in (for UNION columns, CASE branches, list elements,
    a property read from several tables). INTEGER and FLOAT do not join to FLOAT: Cypher
    keeps 1 and 1.0 distinct, so they join to NUMBER."""
    if a == b:
        return a
    if a == NULL:
        return b
    if b == NULL:
        return a
    if a.is_numeric and b.is_numeric:
        return NUMBER
    if isinstance(a, ListType) and isinstance(b, ListType):
        return ListType(join(a.element, b.element))
    if isinstance(a, ElementType) and isinstance(b, ElementType) and a.name == b.name:
        return _join_elements(a, b)
    if isinstance(a, MapType) and isinstance(b, MapType):
        return _join_maps(a, b)
    if isinstance(a, PathType) and isinstance(b, PathType):
        return PathType(
            _join_elements(a.node, b.node), _join_elements(a.relationship, b.relationship)
        )
    return ANY


def _join_property_schemas(a, b) -> dict[str, CypherType]:
    merged = dict(a)
    for key, t in b:
        merged[key] = join(merged[key], t) if key in merged else t
    return merged


def _join_elements(a: ElementType, b: ElementType) -> ElementType:
    return ElementType(
        a.name, _join_property_schemas(a.properties, b.properties), a.labels | b.labels
    )


def _join_maps(a: MapType, b: MapType) -> MapType:
    if a.fields is None or b.fields is None:
        return MAP
    return MapType(_join_property_schemas(a.fields, b.fields))


def join_all(types) -> CypherType:
    result = NULL
    for t in types:
        result = join(result, t)
    return result


def type_of_value(value) -> CypherType:
    """The Cypher type of a Python value (parameters, literals)."""
    from . import values as _values  # local: values imports nothing from here

    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return FLOAT
    if isinstance(value, str):
        return STRING
    if isinstance(value, (list, tuple)):
        return ListType(join_all(type_of_value(v) for v in value))
    if isinstance(value, dict):
        return MapType({str(k): type_of_value(v) for k, v in value.items()})
    if isinstance(value, _values.Node):
        return NODE
    if isinstance(value, _values.Relationship):
        return RELATIONSHIP
    if isinstance(value, _values.Path):
        return PATH
    kind = getattr(value, "KIND", None)  # temporal values (graphframe_cypher.temporal)
    if kind in TEMPORAL_TYPES:
        return TEMPORAL_TYPES[kind]
    return ANY
