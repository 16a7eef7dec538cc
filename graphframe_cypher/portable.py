"""The portable form of Cypher values: what a result looks like as an ordinary table.

Results leave the engine (``records.to_spark()``, ``records.to_pandas()``) in types that any
Spark or pandas user reads without knowing the engine's internal encodings:

=====================  =====================================================================
Cypher type            portable form (Spark type / pandas dtype)
=====================  =====================================================================
INTEGER                bigint / Int64 (nullable)
FLOAT                  double / float64
STRING                 string / string
BOOLEAN                boolean / boolean (nullable)
NULL (a literal null)  string (always null) / string
DATE                   date / datetime64[us]
LOCALDATETIME          timestamp_ntz / datetime64[us]
DATETIME               timestamp (the instant) / datetime64[us, UTC], plus a companion
                       column (or struct field) ``<name>_zone``: the zone name
                       ('Europe/Stockholm') or offset ('+01:00'), null for UTC
TIME, LOCALTIME,       string: Cypher's ISO text (``toString``), e.g. '12:30:00+01:00',
DURATION               'P1Y2M3DT4H'
LIST<T>                array of T's portable form / object (Python lists)
MAP{k: T, ...}         struct of the keys' portable forms / object (dicts)
NODE                   struct<id, labels: array<string>, properties: struct<typed props>>
RELATIONSHIP           struct<id, type, start, end, properties: struct<typed props>>
PATH                   struct<nodes: array<NODE>, relationships: array<RELATIONSHIP>>
ANY, NUMBER, MAP with  string: the JSON text of the value (:func:`json_value`); a JSON text
unknown (or no) keys   is the one form every format (CSV included) writes and reads back
=====================  =====================================================================

Spark keeps microseconds: nanoseconds of date-times are truncated. Dates and date-times must
lie in Spark's range (years 1 to 9999); others fail the conversion with an error. A node or
relationship without properties has no ``properties`` field (Parquet cannot write an empty
struct); the ``_zone`` companion of a date-time is added at the top level and inside structs,
not inside arrays (a list of date-times keeps the instants).

This module is the pure-Python half (values and pandas dtypes); the Spark types and column
conversions live in ``backends/spark/export.py``.
"""

from __future__ import annotations

import json
import math
from typing import Any

from . import types as T
from .temporal.values import Date, DateTime, LocalDateTime, format_offset
from .values import Node, Path, Relationship

ZONE_SUFFIX = "_zone"
# A property whose key is also the name of one of an exported frame's own columns (``_id`` in
# ``node_frame``, ``id`` in ``to_graphframe``) is the column ``property.<key>``.
PROPERTY_PREFIX = "property."
# Options of Spark's text formats (CSV, JSON, to_json) that keep the microseconds of
# timestamps (their default writes milliseconds): ``df.write.options(**TEXT_FORMAT_OPTIONS)``.
TEXT_FORMAT_OPTIONS = {
    "timestampFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
    "timestampNTZFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSSSS",
}
STRING_KINDS = frozenset({"TIME", "LOCALTIME", "DURATION"})
MIN_YEAR, MAX_YEAR = 1, 9999


class OutOfSparkRange(ValueError):
    """A date or date-time outside the years Spark's types hold."""


def is_dynamic(ct: T.CypherType) -> bool:
    """Types whose portable form is a JSON text: values of mixed type."""
    return ct.is_any or ct == T.NUMBER or (isinstance(ct, T.MapType) and not ct.fields)


def has_zone(ct: T.CypherType) -> bool:
    return ct == T.DATETIME


def has_properties(et: T.ElementType) -> bool:
    return bool(et.properties)


# ------------------------------------------------------------------- JSON of any value


def json_value(value: Any) -> Any:
    """A JSON-able form of any Cypher value: scalars as themselves (NaN and infinities as
    the strings 'NaN', 'Infinity', '-Infinity'), lists, maps as objects, nodes as
    ``{"id", "labels", "properties"}``, relationships as ``{"id", "type", "start", "end",
    "properties"}``, paths as ``{"nodes", "relationships"}``, temporal values as their ISO
    text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _non_finite(value)
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, Node):
        return {"id": value.id, "labels": sorted(value.labels), "properties": _json_map(value)}
    if isinstance(value, Relationship):
        return {
            "id": value.id,
            "type": value.type,
            "start": value.start_node_id,
            "end": value.end_node_id,
            "properties": _json_map(value),
        }
    if isinstance(value, Path):
        return {
            "nodes": [json_value(n) for n in value.nodes],
            "relationships": [json_value(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return _json_map(value)
    return str(value)  # temporal values: Cypher's ISO text


def _json_map(mapping) -> dict:
    return {str(k): json_value(v) for k, v in mapping.items()}


def _non_finite(x: float) -> str:
    if math.isnan(x):
        return "NaN"
    return "Infinity" if x > 0 else "-Infinity"


def json_text(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(json_value(value), separators=(",", ":"), ensure_ascii=False)


# ------------------------------------------------------------- portable form of a value


def portable_value(value: Any, ct: T.CypherType) -> Any:
    """The JSON-able form of ``value`` (of Cypher type ``ct``) shaped as its portable Spark
    type: parsed by Spark's ``from_json`` with that type it gives the portable column."""
    if value is None:
        return None
    if is_dynamic(ct):
        return json_text(value)
    if isinstance(ct, T.ListType):
        return [portable_value(v, ct.element) for v in value]
    if isinstance(ct, T.MapType):
        return portable_fields(value, ct.fields)
    if isinstance(ct, T.ElementType):
        return _portable_element(value, ct)
    if isinstance(ct, T.PathType):
        return {
            "nodes": [_portable_element(n, ct.node) for n in value.nodes],
            "relationships": [_portable_element(r, ct.relationship) for r in value.relationships],
        }
    return _portable_scalar(value, ct)


def portable_fields(mapping, fields) -> dict:
    """Struct fields of a map or of properties, with each date-time's zone companion."""
    out = {}
    for key, t in fields:
        value = mapping.get(key)
        out[key] = portable_value(value, t)
        if has_zone(t):
            out[key + ZONE_SUFFIX] = zone_text(value)
    return out


def _portable_element(value, et: T.ElementType) -> dict:
    if et.name == "NODE":
        out = {"id": value.id, "labels": sorted(value.labels)}
    else:
        out = {
            "id": value.id,
            "type": value.type,
            "start": value.start_node_id,
            "end": value.end_node_id,
        }
    if has_properties(et):
        out["properties"] = portable_fields(value, et.properties)
    return out


def _portable_scalar(value: Any, ct: T.CypherType) -> Any:
    if ct == T.FLOAT:
        return float(value)
    if ct == T.DATE:
        _check_year(value)
        return str(value)
    if ct == T.LOCALDATETIME:
        _check_year(value)
        return _micros_text(value)
    if ct == T.DATETIME:
        instant = LocalDateTime.of_epoch(value.epoch_second, value.nanosecond)
        _check_year(instant)
        return _micros_text(instant) + "Z"
    if ct.name in STRING_KINDS:
        return str(value)
    if ct == T.NULL:
        return None
    return value


def _micros_text(value: LocalDateTime) -> str:
    return (
        f"{value.date()}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        f".{value.nanosecond // 1000:06d}"
    )


def _check_year(value: Date | LocalDateTime) -> None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise OutOfSparkRange(
            f"{value} is outside the dates Spark can hold (years {MIN_YEAR} to {MAX_YEAR})"
        )


def zone_text(value: DateTime | None) -> str | None:
    """The zone of a date-time as its companion column holds it: the zone name, else the
    offset; None for UTC (offset 0 without a zone name) and for null."""
    if value is None:
        return None
    if value.zone:
        return value.zone
    return None if value.offset == 0 else format_offset(value.offset)


# ------------------------------------------------------------------------ pandas dtypes

_PANDAS_DTYPES = {
    "INTEGER": "Int64",
    "FLOAT": "float64",
    "STRING": "string",
    "BOOLEAN": "boolean",
    "NULL": "string",
    "DATE": "datetime64[us]",
    "LOCALDATETIME": "datetime64[us]",
    "DATETIME": "datetime64[us, UTC]",
    "TIME": "string",
    "LOCALTIME": "string",
    "DURATION": "string",
}


def pandas_dtype(ct: T.CypherType) -> str:
    """The pandas dtype of a result column of Cypher type ``ct``: nullable extension
    dtypes for scalars, datetime64 for dates and date-times, object for nested values."""
    if is_dynamic(ct):
        return "string"
    return _PANDAS_DTYPES.get(ct.name, "object")


def output_columns(columns, types) -> list[tuple[str, T.CypherType | None]]:
    """The portable table's columns: each result column, and after each date-time its zone
    companion (type None: a string column)."""
    out: list[tuple[str, T.CypherType | None]] = []
    for name, ct in zip(columns, types):
        out.append((name, ct))
        if has_zone(ct):
            out.append((name + ZONE_SUFFIX, None))
    return out
