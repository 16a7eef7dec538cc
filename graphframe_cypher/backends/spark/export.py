"""Results as ordinary Spark tables: the portable form of ``graphframe_cypher.portable``.

Scalars convert natively (a date from its epoch day, date-times from their epoch seconds);
values that need Cypher's own rendering (times, durations, values of mixed type) or are
nested (lists, maps, nodes, relationships, paths) go through one vectorized UDF per column:
the internal value travels as JSON, is read back into Cypher's Python values and leaves as the
JSON of its portable form, which ``from_json`` parses into the portable Spark type.
"""

from __future__ import annotations

import json

import pandas as pd
from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as ST
from pyspark.sql.functions import pandas_udf

from ... import portable as P
from ... import types as T
from . import representation as R
from .column_utils import ERROR_MARKER, cypher_error

_NATIVE = {
    "INTEGER": ST.LongType(),
    "FLOAT": ST.DoubleType(),
    "STRING": ST.StringType(),
    "BOOLEAN": ST.BooleanType(),
    "NULL": ST.StringType(),
    "DATE": ST.DateType(),
    "LOCALDATETIME": ST.TimestampNTZType(),
    "DATETIME": ST.TimestampType(),
}
_MICROS_PER_SECOND = 1_000_000
# Spark's DATE range in epoch days: 0001-01-01 .. 9999-12-31
_MIN_EPOCH_DAY, _MAX_EPOCH_DAY = -719162, 2932896
_MIN_EPOCH_SECOND, _MAX_EPOCH_SECOND = _MIN_EPOCH_DAY * 86400, (_MAX_EPOCH_DAY + 1) * 86400 - 1


# ---------------------------------------------------------------------------- types


def portable_type(ct: T.CypherType, id_type: ST.DataType) -> ST.DataType:
    """The Spark type of the portable form of Cypher type ``ct``."""
    if P.is_dynamic(ct) or ct.name in P.STRING_KINDS:
        return ST.StringType()
    if isinstance(ct, T.ListType):
        return ST.ArrayType(portable_type(ct.element, id_type))
    if isinstance(ct, T.MapType):
        return ST.StructType(_struct_fields(ct.fields, id_type))
    if isinstance(ct, T.ElementType):
        return _element_type(ct, id_type)
    if isinstance(ct, T.PathType):
        return ST.StructType(
            [
                ST.StructField("nodes", ST.ArrayType(_element_type(ct.node, id_type))),
                ST.StructField(
                    "relationships", ST.ArrayType(_element_type(ct.relationship, id_type))
                ),
            ]
        )
    return _NATIVE[ct.name]


def _struct_fields(fields, id_type) -> list[ST.StructField]:
    out = []
    for key, t in fields:
        out.append(ST.StructField(key, portable_type(t, id_type)))
        if P.has_zone(t):
            out.append(ST.StructField(key + P.ZONE_SUFFIX, ST.StringType()))
    return out


def _element_type(et: T.ElementType, id_type) -> ST.StructType:
    if et.name == "NODE":
        head = [
            ST.StructField("id", id_type),
            ST.StructField("labels", ST.ArrayType(ST.StringType())),
        ]
    else:
        head = [
            ST.StructField("id", id_type),
            ST.StructField("type", ST.StringType()),
            ST.StructField("start", id_type),
            ST.StructField("end", id_type),
        ]
    if P.has_properties(et):
        properties = ST.StructType(_struct_fields(et.properties, id_type))
        head.append(ST.StructField("properties", properties))
    return ST.StructType(head)


# ------------------------------------------------------------------------- columns


def portable_frame(df: DataFrame, columns, types, ctx=R.DEFAULT_CONTEXT) -> DataFrame:
    """``df`` (the engine's result table, one column per result column in order) in portable
    form: each column named as the query names it, and a ``<name>_zone`` after each
    date-time."""
    id_type = R._id_type(ctx)
    out: list[Column] = []
    for internal, name, ct in zip(df.columns, columns, types):
        col = F.col(_quote(internal))
        out.append(portable_column(col, ct, id_type).alias(name))
        if P.has_zone(ct):
            out.append(zone_column(col).alias(name + P.ZONE_SUFFIX))
    return df.select(*out)


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def portable_column(col: Column, ct: T.CypherType, id_type: ST.DataType) -> Column:
    """The portable form of an internal column of Cypher type ``ct``."""
    if ct == T.NULL:
        return F.lit(None).cast(ST.StringType())
    if ct in (T.INTEGER, T.FLOAT, T.STRING, T.BOOLEAN):
        return col
    if ct == T.DATE:
        return _date(col.getField("epochDay"))
    if ct == T.LOCALDATETIME:
        micros = _micros(col.getField("epochSecond"), col.getField("nano"))
        epoch = F.lit("1970-01-01 00:00:00").cast(ST.TimestampNTZType())
        return F.when(col.isNotNull(), F.timestamp_add("MICROSECOND", micros, epoch))
    if ct == T.DATETIME:
        return F.timestamp_micros(_micros(col.getField("epochSecond"), col.getField("nano")))
    return _through_python(col, ct, id_type)


def _checked(value: Column, low: int, high: int) -> Column:
    """``value`` if in [low, high]; out of it the job fails with an ArgumentError (a date
    Spark cannot hold is an error, never a wrong date)."""
    error = cypher_error(
        "ArgumentError",
        "InvalidArgumentValue",
        "a date or date-time outside the years Spark can hold (1 to 9999)",
    )
    return F.when((value < low) | (value > high), error).otherwise(value)


def _date(epoch_day: Column) -> Column:
    return F.date_from_unix_date(_checked(epoch_day, _MIN_EPOCH_DAY, _MAX_EPOCH_DAY).cast("int"))


def _micros(epoch_second: Column, nano: Column) -> Column:
    seconds = _checked(epoch_second, _MIN_EPOCH_SECOND, _MAX_EPOCH_SECOND)
    return seconds * _MICROS_PER_SECOND + F.floor(nano / 1000).cast(ST.LongType())


def zone_column(col: Column) -> Column:
    """The ``_zone`` companion of an internal DATETIME column: the zone name, else the
    offset as '+01:00' ('+01:00:30' with seconds); null for UTC and for null."""
    offset = col.getField("offsetSeconds")
    zone = col.getField("zone")
    magnitude = F.abs(offset)
    text = F.concat(
        F.when(offset < 0, F.lit("-")).otherwise(F.lit("+")),
        _two_digits(magnitude / 3600),
        F.lit(":"),
        _two_digits((magnitude % 3600) / 60),
        F.when(magnitude % 60 != 0, F.concat(F.lit(":"), _two_digits(magnitude % 60))).otherwise(
            F.lit("")
        ),
    )
    return (
        F.when(col.isNull(), F.lit(None).cast("string"))
        .when(zone != "", zone)
        .when(offset != 0, text)
    )


def _two_digits(number: Column) -> Column:
    return F.lpad(number.cast("int").cast("string"), 2, "0")


# ---------------------------------------------------------------- through Python

_VALUE = "v"


def _through_python(col: Column, ct: T.CypherType, id_type: ST.DataType) -> Column:
    R.require_udf(f"exporting a {ct} value")
    payload = F.to_json(F.struct(col.alias(_VALUE)))
    schema = ST.StructType([ST.StructField(_VALUE, portable_type(ct, id_type))])
    return F.from_json(_portable_json_udf(ct)(payload), schema).getField(_VALUE)


def _portable_json_udf(ct: T.CypherType):
    def one(text):
        if text is None:
            return None
        value = R.from_json_value(json.loads(text).get(_VALUE), ct)
        try:
            out = P.portable_value(value, ct)
        except P.OutOfSparkRange as e:
            # the marker makes translate_spark_error raise a Cypher error
            raise RuntimeError(f"{ERROR_MARKER}:ArgumentError:InvalidArgumentValue:{e}") from e
        return R._json({_VALUE: out})

    @pandas_udf(ST.StringType())
    def portable_json(js: pd.Series) -> pd.Series:
        return js.map(one)

    return portable_json


# ------------------------------------------------------------------------ flat tables


def flat_frame(df: DataFrame) -> DataFrame:
    """``df`` with every array, struct and map column as its JSON text (timestamps to the
    microsecond): a table that CSV (which holds only scalars) can write."""
    nested = (ST.ArrayType, ST.StructType, ST.MapType)
    return df.select(
        *(
            F.to_json(F.col(_quote(f.name)), P.TEXT_FORMAT_OPTIONS).alias(f.name)
            if isinstance(f.dataType, nested)
            else F.col(_quote(f.name))
            for f in df.schema.fields
        )
    )
