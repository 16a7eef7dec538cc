"""The physical layout of temporal values in Spark (see representation.py).

Each temporal type is a struct of the integer fields of ``temporal.values.PHYSICAL_FIELDS``
(plus the zone name of a date-time), exact to the nanosecond for any year, in an order
whose native struct ordering is Cypher's: ``DATE struct<epochDay>``, ``LOCALTIME
struct<nanoOfDay>``, ``TIME struct<utcNanoOfDay, offsetSeconds>``, ``LOCALDATETIME
struct<epochSecond, nano>``, ``DATETIME struct<epochSecond (UTC), nano, offsetSeconds,
zone>`` (zone '' for a fixed offset), ``DURATION struct<months, days, seconds, nanos>``.
Struct equality is Cypher's equality (a date-time equals another with the same instant,
offset and zone; durations compare component-wise after normalisation).

Inside ANYSTRUCT a temporal value is its anycodec encoding (tag, then each integer as 16
hex digits of value + 2**63, then the zone): built and read here with native expressions.
"""

from __future__ import annotations

from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql import types as ST

from ...temporal.values import PHYSICAL_FIELDS
from .anycodec import STR_END, TEMPORAL_TAGS

_FIELD_TYPES = {"long": ST.LongType(), "int": ST.IntegerType(), "string": ST.StringType()}

TEMPORAL_STRUCTS: dict[str, ST.StructType] = {
    kind: ST.StructType([ST.StructField(name, _FIELD_TYPES[k]) for name, k in fields])
    for kind, fields in PHYSICAL_FIELDS.items()
}
ORDERABLE_TEMPORAL = ("DATE", "LOCALTIME", "TIME", "LOCALDATETIME", "DATETIME")
_SIGN_BIT = -(2**63)


def is_temporal_type(ct) -> bool:
    return ct.name in TEMPORAL_STRUCTS


def temporal_literal(value) -> Column:
    fields = value.physical()
    struct = TEMPORAL_STRUCTS[value.KIND]
    return F.struct(*(F.lit(fields[f.name]).cast(f.dataType).alias(f.name) for f in struct))


def hex16(col: Column) -> Column:
    # value XOR sign bit == value + 2**63 (mod 2**64): unsigned hex order is numeric order
    flipped = col.cast("long").bitwiseXOR(F.lit(_SIGN_BIT).cast("long"))
    return F.lower(F.lpad(F.hex(flipped), 16, "0"))


def encode(col: Column, kind: str) -> Column:
    """The anycodec encoding of a temporal struct column (native)."""
    parts = [F.lit(TEMPORAL_TAGS[kind])]
    for name, field_kind in PHYSICAL_FIELDS[kind]:
        value = col.getField(name)
        parts.append(F.concat(value, F.lit(STR_END)) if field_kind == "string" else hex16(value))
    return F.concat(*parts)


def _unhex16(text: Column) -> Column:
    hi = F.conv(F.substring(text, 1, 8), 16, 10).cast("long")
    lo = F.conv(F.substring(text, 9, 8), 16, 10).cast("long")
    return F.shiftleft(hi, 32).bitwiseOR(lo).bitwiseXOR(F.lit(_SIGN_BIT).cast("long"))


def decode(encoded: Column, kind: str) -> Column:
    """The temporal struct of an anycodec encoding (native); null stays null."""
    pos = 2  # 1-based, after the tag
    fields = []
    for name, field_kind in PHYSICAL_FIELDS[kind]:
        if field_kind == "string":
            value = encoded.substr(F.lit(pos), F.length(encoded) - pos - 1)
        else:
            value = _unhex16(encoded.substr(pos, 16)).cast(_FIELD_TYPES[field_kind])
            pos += 16
        fields.append(value.alias(name))
    return F.when(encoded.isNotNull(), F.struct(*fields))
