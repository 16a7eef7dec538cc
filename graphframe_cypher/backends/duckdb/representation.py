"""How Cypher values live in DuckDB columns, and how they come back to Python.

Statically typed values use native DuckDB types (the counterpart of the Spark backend's
``representation.py``):

=====================  ===================================================================
Cypher type            DuckDB type
=====================  ===================================================================
BOOLEAN                BOOLEAN
INTEGER                BIGINT (DuckDB checks overflow itself: an error, never a wrap)
FLOAT                  DOUBLE
STRING                 VARCHAR
NULL                   a NULL literal (DuckDB's "NULL" type joins with anything)
LIST<T>                T[]
MAP{k1: T1, ...}       STRUCT("k1" T1, ...) (keys sorted); ``{}`` is STRUCT("  " BOOLEAN)
NODE                   STRUCT(_id ID, _labels VARCHAR[] (sorted), _props STRUCT(...))
RELATIONSHIP           STRUCT(_id ID, _type VARCHAR, _src ID, _dst ID, _props STRUCT(...))
PATH                   STRUCT(_nodes NODE[], _rels RELATIONSHIP[])
DATE ... DURATION      STRUCT of the exact integer fields of ``temporal.values.
                       PHYSICAL_FIELDS`` (the Spark backend's layout: nanoseconds, any
                       year; struct order and equality are Cypher's for the orderable kinds)
=====================  ===================================================================

``_props`` is left out of an element without properties (DuckDB has no empty structs).
Values whose type is only known at runtime (ANY, NUMBER, maps with runtime keys) have no
representation here yet: compiling them raises
:class:`~graphframe_cypher.errors.UnsupportedFeature` naming the type, so a query the
backend cannot run fails clearly instead of answering wrongly.
"""

from __future__ import annotations

import math
from typing import Any

from ... import types as T
from ...errors import UnsupportedFeature
from ...temporal.values import CLASS_OF_KIND, PHYSICAL_FIELDS
from ...values import Node, Path, Relationship

# A struct needs a field: maps without keys carry this one, never shown to users.
EMPTY_MAP_FIELD = "  "

_SCALARS = {
    "BOOLEAN": "BOOLEAN",
    "INTEGER": "BIGINT",
    "FLOAT": "DOUBLE",
    "STRING": "VARCHAR",
    "NULL": '"NULL"',
}
_FIELD_TYPES = {"long": "BIGINT", "int": "INTEGER", "string": "VARCHAR"}


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def identifier(name: str) -> str:
    """A column or struct field name for ``name`` that no other name shares even ignoring
    case: DuckDB compares identifiers case-insensitively, Cypher's `a` and `A` (variables,
    map keys, property keys) differ. Every character but a-z, 0-9 and _ is written as
    ``^<hex>;``, so the name stays readable and the encoding is injective."""
    return "".join(ch if ch in _PLAIN else f"^{ord(ch):x};" for ch in name)


def quote_table(name: str) -> str:
    """A quoted identifier of a table or of a column of the user's input, as it is."""
    return '"' + name.replace('"', '""') + '"'


def quote_name(name: str) -> str:
    """The quoted SQL identifier of a plan column or struct field ``name``."""
    return quote_table(identifier(name))


TEMPORAL_TYPES = {
    kind: "STRUCT(" + ", ".join(f"{quote_name(n)} {_FIELD_TYPES[t]}" for n, t in fields) + ")"
    for kind, fields in PHYSICAL_FIELDS.items()
}


def quote_string(text: str) -> str:
    """A string literal of ``text`` (DuckDB's standard strings know no backslash escapes)."""
    if "\x00" in text:
        raise UnsupportedFeature("strings containing NUL characters on the DuckDB engine")
    return "'" + text.replace("'", "''") + "'"


def unsupported_type(ctype: T.CypherType) -> UnsupportedFeature:
    return UnsupportedFeature(
        f"values of type {ctype} are not supported by the DuckDB engine yet",
        code="DuckDbUnsupportedType",
    )


def duck_type(ctype: T.CypherType, id_type: T.CypherType = T.INTEGER) -> str:
    """The DuckDB type of a column holding values of ``ctype``."""
    if ctype.name in _SCALARS and not isinstance(ctype, T.ElementType):
        return _SCALARS[ctype.name]
    if ctype.name in TEMPORAL_TYPES and not isinstance(ctype, T.ElementType):
        return TEMPORAL_TYPES[ctype.name]
    if isinstance(ctype, T.ListType):
        element = T.INTEGER if ctype.element == T.NULL else ctype.element
        return duck_type(element, id_type) + "[]"
    if isinstance(ctype, T.MapType) and ctype.fields is not None:
        return _struct(ctype.fields or ((EMPTY_MAP_FIELD, T.BOOLEAN),), id_type)
    if isinstance(ctype, T.ElementType):
        return _element_type(ctype, id_type)
    if isinstance(ctype, T.PathType):
        nodes = duck_type(ctype.node, id_type)
        rels = duck_type(ctype.relationship, id_type)
        return f"STRUCT(_nodes {nodes}[], _rels {rels}[])"
    raise unsupported_type(ctype)


def _struct(fields, id_type: T.CypherType) -> str:
    inner = ", ".join(f"{quote_name(k)} {duck_type(_concrete(t), id_type)}" for k, t in fields)
    return f"STRUCT({inner})"


def _concrete(ctype: T.CypherType) -> T.CypherType:
    """A field that only ever holds null still needs a type; BOOLEAN is as good as any."""
    return T.BOOLEAN if ctype == T.NULL else ctype


def _element_type(ctype: T.ElementType, id_type: T.CypherType) -> str:
    ident = duck_type(id_type)
    head = (
        f"_id {ident}, _labels VARCHAR[]"
        if ctype.name == "NODE"
        else f"_id {ident}, _type VARCHAR, _src {ident}, _dst {ident}"
    )
    if ctype.properties:
        head += f", _props {_struct(ctype.properties, id_type)}"
    return f"STRUCT({head})"


def temporal_struct(kind: str, fields: dict[str, str]) -> str:
    """SQL of a temporal value of ``kind`` from SQL expressions of its physical fields."""
    items = ", ".join(f"{quote_name(n)} := {fields[n]}" for n, _ in PHYSICAL_FIELDS[kind])
    return f"struct_pack({items})"


# -- Python values -> SQL literals ---------------------------------------------------------


def literal(value: Any, ctype: T.CypherType, id_type: T.CypherType = T.INTEGER) -> str:
    """SQL text for a constant of static type ``ctype`` (values are rendered, never
    spliced: strings are quoted, numbers printed exactly)."""
    if value is None:
        return "NULL" if ctype == T.NULL else f"CAST(NULL AS {duck_type(ctype, id_type)})"
    if ctype == T.BOOLEAN and isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if ctype == T.INTEGER and isinstance(value, int) and not isinstance(value, bool):
        return f"CAST({int(value)} AS BIGINT)"
    if ctype == T.FLOAT and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _float_literal(float(value))
    if ctype == T.STRING and isinstance(value, str):
        return quote_string(value)
    if isinstance(ctype, T.ListType) and isinstance(value, (list, tuple)):
        items = ", ".join(literal(v, ctype.element, id_type) for v in value)
        return f"CAST([{items}] AS {duck_type(ctype, id_type)})"
    if getattr(value, "KIND", None) == ctype.name and ctype.name in TEMPORAL_TYPES:
        physical = value.physical()
        return temporal_struct(
            ctype.name,
            {
                n: quote_string(physical[n])
                if t == "string"
                else f"CAST({int(physical[n])} AS {_FIELD_TYPES[t]})"
                for n, t in PHYSICAL_FIELDS[ctype.name]
            },
        )
    if isinstance(ctype, T.MapType) and ctype.fields is not None and isinstance(value, dict):
        fields = ctype.fields or ((EMPTY_MAP_FIELD, T.BOOLEAN),)
        items = ", ".join(
            f"{quote_name(k)} := {literal(value.get(k), _concrete(t), id_type)}" for k, t in fields
        )
        return f"struct_pack({items})"
    raise unsupported_type(ctype)


def _float_literal(value: float) -> str:
    if math.isnan(value):
        return "CAST('NaN' AS DOUBLE)"
    if math.isinf(value):
        return "CAST('Infinity' AS DOUBLE)" if value > 0 else "CAST('-Infinity' AS DOUBLE)"
    return f"CAST({value!r} AS DOUBLE)"


def to_stored(value: Any, ctype: T.CypherType) -> Any:
    """The DuckDB Python value of a Cypher value of static type ``ctype`` (the inverse of
    :func:`to_python`, for values computed in Python)."""
    if value is None:
        return None
    if isinstance(ctype, T.ListType):
        return [to_stored(v, ctype.element) for v in value]
    if isinstance(ctype, T.MapType) and ctype.fields is not None:
        stored = {identifier(k): to_stored(value.get(k), t) for k, t in ctype.fields}
        return stored or {identifier(EMPTY_MAP_FIELD): None}
    if ctype.name in TEMPORAL_TYPES and not isinstance(ctype, T.ElementType):
        return {identifier(n): v for n, v in value.physical().items()}
    if ctype == T.FLOAT:
        return float(value)
    if ctype.name in _SCALARS and not isinstance(ctype, T.ElementType):
        return value
    raise unsupported_type(ctype)


# -- DuckDB results -> Cypher's Python values ---------------------------------------------


def to_python(value: Any, ctype: T.CypherType) -> Any:
    """The Cypher value of what DuckDB returned for a column of static type ``ctype``."""
    if value is None:
        return None
    if isinstance(ctype, T.ListType):
        return [to_python(v, ctype.element) for v in value]
    if isinstance(ctype, T.MapType):
        # struct fields come back under their identifiers (see ``identifier``)
        return {k: to_python(value.get(identifier(k)), t) for k, t in ctype.fields or ()}
    if isinstance(ctype, T.ElementType):
        return _element(value, ctype)
    if isinstance(ctype, T.PathType):
        nodes = [_element(n, ctype.node) for n in value["_nodes"]]
        rels = [_element(r, ctype.relationship) for r in value["_rels"]]
        return Path(nodes, rels)
    if ctype == T.FLOAT:
        return float(value)
    if ctype.name in CLASS_OF_KIND and isinstance(value, dict):
        fields = {n: value[identifier(n)] for n, _ in PHYSICAL_FIELDS[ctype.name]}
        return CLASS_OF_KIND[ctype.name].from_physical(fields)
    return value


def _element(value: dict, ctype: T.ElementType):
    stored = value.get("_props") or {}
    props = {k: to_python(stored.get(identifier(k)), t) for k, t in ctype.properties}
    props = {k: v for k, v in props.items() if v is not None}
    if ctype.name == "NODE":
        return Node(value["_id"], value["_labels"], props)
    return Relationship(value["_id"], value["_type"], value["_src"], value["_dst"], props)
