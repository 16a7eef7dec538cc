"""How Cypher values live in Spark columns: the physical layout of every Cypher type.

This is the design document of dynamic typing in the Spark backend.

Statically typed values
=======================

The compiler infers a :class:`~graphframe_cypher.types.CypherType` for every expression;
a concrete type maps to a native Spark type, so most queries run on plain Spark columns:

=====================  ===================================================================
Cypher type            Spark type
=====================  ===================================================================
BOOLEAN                BooleanType
INTEGER                LongType
FLOAT                  DoubleType
STRING                 StringType
NULL                   NullType (the literal null; joins with anything)
LIST<T>                ArrayType(phys(T))
MAP{k1: T1, ...}       StructType of the fields sorted by key (keys known statically)
MAP (keys unknown)     MapType(StringType, ANYSTRUCT)
NODE                   struct<_id: ID, _labels: array<string> (sorted),
                              _props: struct<sorted property fields typed by the schema>>
RELATIONSHIP           struct<_id: ID, _type: string, _src: ID, _dst: ID, _props: struct<..>>
PATH                   struct<_nodes: array<NODE>, _rels: array<RELATIONSHIP>>
DATE, LOCALTIME, TIME  structs of exact integer fields (nanoseconds, any year): see
LOCALDATETIME,         ``temporal_repr.py``; their native struct ordering and equality are
DATETIME, DURATION     Cypher's (times and date-times order by instant)
ANY, NUMBER            ANYSTRUCT (below)
=====================  ===================================================================

``ID`` is the graph's element-id type (``LongType`` by default, ``StringType`` for graphs
with string ids), given by :class:`ReprContext`. A property whose value is null is simply a
null field of ``_props``; it is absent from the Python ``Node.properties``.

Dynamically typed values: ANYSTRUCT
===================================

A value whose type is only known at runtime (``ANY``; ``NUMBER``, an integer or a float) is a

    ``struct<t: int, b: boolean, n: double, i: bigint, s: string>``

* ``t`` is the rank of the value's type in Cypher's global sort order (:data:`TYPE_RANK`:
  MAP=1, NODE=2, RELATIONSHIP=3, LIST=4, PATH=5, temporal types 6-11, STRING=12,
  BOOLEAN=13, NUMBER=14). A null value is a SQL NULL struct (never a struct of nulls).
* numbers set ``n`` (the value as a double) and ``i`` (the exact value for an integer, null
  for a float: this is what tells 1 from 1.0 and keeps big integers exact);
* strings set ``s``; booleans set ``b``;
* composites (lists, maps, nodes, relationships, paths) set ``s`` to the order-preserving
  encoding of :mod:`.anycodec`; so do temporal values (encoded and decoded natively by
  ``temporal_repr.py``, no UDF).

Field order is chosen so that Spark's native struct ordering is Cypher's ORDER BY order:
``t`` first (types in the global order), then ``b`` (false < true), ``n`` (numeric order,
NaN above +Infinity as in Cypher), ``i`` (exact tie-break of big integers), ``s``
(strings, and the memcomparable composite encodings). Hence ORDER BY, GROUP BY, DISTINCT,
min and max on an ANY column are plain Spark operations on the struct. (Null ordering is the
caller's business: Cypher sorts null last ascending, so ORDER BY must use
``asc_nulls_last`` / ``desc_nulls_first``.) Equality for grouping treats 1 and 1.0 as
distinct values (different ``i``).

Conversions to ANYSTRUCT are native expressions for scalars. Composites go through
``to_json`` (native) and a vectorized (Arrow, ``pandas_udf``) UDF that encodes each value
with :mod:`.anycodec`; the reverse (:func:`from_any`) decodes in a vectorized UDF that
emits JSON, parsed natively by ``from_json`` into the physical type. Row-at-a-time Python
UDFs are never used.

Where Python runs (and where it cannot)
=======================================

Spark does not run Python UDFs inside the lambda functions of higher-order functions
(``transform``, ``filter``, ``exists``, ``aggregate`` - what list comprehensions,
quantifiers and ``reduce`` compile to). The compiler therefore tracks when it builds a
lambda body (:class:`in_lambda`): there, equality of composite ANY values falls back to a
native comparison of normalised encodings (exact except for lists holding nulls or integers
beyond 2**53), ``labels()``/``type()`` read the encoding with regular expressions, and the
few operations that still need the codec (converting a composite to or from ANY, ``<`` on
dynamic lists) raise :class:`~graphframe_cypher.errors.UnsupportedFeature` instead of a
Spark analysis error. A lambda over typed values (``[x IN [1, 2] | x * 2]``, quantifiers
over nodes...) never needs Python.

Sorting
=======

``SparkExpressionCompiler.compile_sort_key`` gives the column to sort on: scalars and
ANYSTRUCT as they are, nodes and relationships by ``_id``, lists/maps/paths by their ANY
encoding (Spark orders null array elements first; Cypher last).

Python values
=============

:func:`to_python` turns what ``DataFrame.collect()`` returns into Cypher's Python values
(None, bool, int, float, str, list, dict, :class:`~graphframe_cypher.values.Node`,
:class:`~graphframe_cypher.values.Relationship`, :class:`~graphframe_cypher.values.Path`,
the temporal classes of :mod:`graphframe_cypher.temporal.values`); :func:`literal` goes
the other way, building a Spark literal of the physical type.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql import types as ST
from pyspark.sql.functions import pandas_udf

from ... import types as T
from ...temporal.values import CLASS_OF_KIND
from ...values import Node, Path, Relationship
from . import anycodec, temporal_repr
from .lambdas import bind_once, in_lambda, inside_lambda, lambda_fn, require_udf  # noqa: F401
from .temporal_repr import TEMPORAL_STRUCTS

# Rank of each type in Cypher's global sort order (ascending); the ``t`` field of ANYSTRUCT.
TYPE_RANK: dict[str, int] = {
    "MAP": 1,
    "NODE": 2,
    "RELATIONSHIP": 3,
    "LIST": 4,
    "PATH": 5,
    "DATETIME": 6,
    "LOCALDATETIME": 7,
    "DATE": 8,
    "TIME": 9,
    "LOCALTIME": 10,
    "DURATION": 11,
    "STRING": 12,
    "BOOLEAN": 13,
    "NUMBER": 14,
}
RANK_NAME = {v: k for k, v in TYPE_RANK.items()}
T_MAP, T_NODE, T_REL, T_LIST, T_PATH = 1, 2, 3, 4, 5
T_STRING, T_BOOLEAN, T_NUMBER = 12, 13, 14
COMPOSITE_RANKS = (T_MAP, T_NODE, T_REL, T_LIST, T_PATH)

ANY_STRUCT = ST.StructType(
    [
        ST.StructField("t", ST.IntegerType()),
        ST.StructField("b", ST.BooleanType()),
        ST.StructField("n", ST.DoubleType()),
        ST.StructField("i", ST.LongType()),
        ST.StructField("s", ST.StringType()),
    ]
)


@dataclass(frozen=True)
class ReprContext:
    """What the physical layout depends on besides the Cypher type."""

    id_type: ST.DataType = field(default_factory=ST.LongType)


DEFAULT_CONTEXT = ReprContext()


def _id_type(ctx) -> ST.DataType:
    return getattr(ctx, "id_type", None) or ST.LongType()


# names of the vectorized UDFs of this backend (see any_values.py and below)
UDF_NAMES = (
    "encode_json",
    "decode_json",
    "elements_to_any",
    "any_equals",
    "any_compare",
    "any_contains",
    "any_property",
    "any_keys",
    "temporal_call",
)


def has_python_udf(col: Column) -> bool:
    """Whether a column expression calls one of our Python UDFs (such a column cannot be
    referenced inside the lambda of a higher-order function)."""
    text = str(col)
    return any(name + "(" in text for name in UDF_NAMES)


# ------------------------------------------------------------------------------- types


def spark_type(ct: T.CypherType, ctx=DEFAULT_CONTEXT) -> ST.DataType:
    """The Spark type holding values of Cypher type ``ct``."""
    if isinstance(ct, T.ListType):
        return ST.ArrayType(spark_type(ct.element, ctx), containsNull=True)
    if isinstance(ct, T.MapType):
        if ct.fields is None:
            return ST.MapType(ST.StringType(), ANY_STRUCT, valueContainsNull=True)
        return ST.StructType([ST.StructField(k, spark_type(t, ctx)) for k, t in ct.fields])
    if isinstance(ct, T.ElementType):
        return element_struct(ct, ctx)
    if isinstance(ct, T.PathType):
        return ST.StructType(
            [
                ST.StructField("_nodes", ST.ArrayType(element_struct(ct.node, ctx))),
                ST.StructField("_rels", ST.ArrayType(element_struct(ct.relationship, ctx))),
            ]
        )
    scalar = _SCALAR_TYPES.get(ct.name)
    if scalar is None:
        raise NotImplementedError(f"no Spark representation for {ct}")
    return scalar


_SCALAR_TYPES: dict[str, ST.DataType] = {
    "BOOLEAN": ST.BooleanType(),
    "INTEGER": ST.LongType(),
    "FLOAT": ST.DoubleType(),
    "STRING": ST.StringType(),
    "NULL": ST.NullType(),
    "ANY": ANY_STRUCT,
    "NUMBER": ANY_STRUCT,
    **TEMPORAL_STRUCTS,  # layouts in temporal_repr.py
}


def struct_field(container: Column, fields, key: str, ctx=DEFAULT_CONTEXT) -> Column:
    """Field ``key`` of a struct column whose fields are ``fields`` ((key, Cypher type), in
    the struct's order). Cypher keys are case-sensitive, Spark may resolve field names
    case-insensitively: a key with a case twin (``name`` and ``Name``) is read by its
    position, through a positional cast of the struct to unique field names."""
    keys = [k for k, _ in fields]
    if sum(1 for k in keys if k.casefold() == key.casefold()) <= 1:
        return container.getField(key)
    by_position = ST.StructType(
        [ST.StructField(f"f{i}", spark_type(t, ctx)) for i, (_, t) in enumerate(fields)]
    )
    return container.cast(by_position).getField(f"f{keys.index(key)}")


def props_struct(et: T.ElementType, ctx=DEFAULT_CONTEXT) -> ST.StructType:
    return ST.StructType([ST.StructField(k, spark_type(t, ctx)) for k, t in et.properties])


def element_struct(et: T.ElementType, ctx=DEFAULT_CONTEXT) -> ST.StructType:
    id_t = _id_type(ctx)
    if et.name == "NODE":
        fields = [
            ST.StructField("_id", id_t),
            ST.StructField("_labels", ST.ArrayType(ST.StringType())),
            ST.StructField("_props", props_struct(et, ctx)),
        ]
    else:
        fields = [
            ST.StructField("_id", id_t),
            ST.StructField("_type", ST.StringType()),
            ST.StructField("_src", id_t),
            ST.StructField("_dst", id_t),
            ST.StructField("_props", props_struct(et, ctx)),
        ]
    return ST.StructType(fields)


def is_dynamic(ct: T.CypherType) -> bool:
    """True when values of ``ct`` are held in ANYSTRUCT."""
    return ct.is_any or ct == T.NUMBER


# ------------------------------------------------------------------- Python <-> physical


def any_physical(value: Any) -> dict | None:
    """The ANYSTRUCT fields (as a dict) of a Python Cypher value."""
    if value is None:
        return None
    if isinstance(value, bool):
        return {"t": T_BOOLEAN, "b": value, "n": None, "i": None, "s": None}
    if isinstance(value, int):
        return {"t": T_NUMBER, "b": None, "n": float(value), "i": value, "s": None}
    if isinstance(value, float):
        return {"t": T_NUMBER, "b": None, "n": value, "i": None, "s": None}
    if isinstance(value, str):
        return {"t": T_STRING, "b": None, "n": None, "i": None, "s": value}
    rank = TYPE_RANK[anycodec._kind(value)]
    return {"t": rank, "b": None, "n": None, "i": None, "s": anycodec.encode(value)}


def physical(value: Any, ct: T.CypherType) -> Any:
    """A Python value shaped like the Spark physical type of ``ct`` (dicts for structs,
    lists for arrays): serialised to JSON it is what ``from_json`` parses into the column."""
    if value is None:
        return None
    if is_dynamic(ct):
        return any_physical(value)
    if isinstance(ct, T.ListType):
        return [physical(v, ct.element) for v in value]
    if isinstance(ct, T.MapType):
        if ct.fields is None:
            return {str(k): any_physical(v) for k, v in value.items()}
        return {k: physical(value.get(k), t) for k, t in ct.fields}
    if isinstance(ct, T.ElementType):
        return _element_physical(value, ct)
    if isinstance(ct, T.PathType):
        return {
            "_nodes": [_element_physical(n, ct.node) for n in value.nodes],
            "_rels": [_element_physical(r, ct.relationship) for r in value.relationships],
        }
    if ct.name in TEMPORAL_STRUCTS:
        return value.physical()
    if ct == T.FLOAT:
        return float(value)
    if ct == T.INTEGER and isinstance(value, float):
        return int(value)
    return value


def _element_physical(value, et: T.ElementType) -> dict:
    props = {k: physical(value.properties.get(k), t) for k, t in et.properties}
    if et.name == "NODE":
        return {"_id": value.id, "_labels": sorted(value.labels), "_props": props}
    return {
        "_id": value.id,
        "_type": value.type,
        "_src": value.start_node_id,
        "_dst": value.end_node_id,
        "_props": props,
    }


def _json(value: Any) -> str:
    # allow_nan: Spark's from_json accepts NaN/Infinity (allowNonNumericNumbers)
    return json.dumps(value, separators=(",", ":"), allow_nan=True)


def literal(value: Any, ct: T.CypherType | None = None, ctx=DEFAULT_CONTEXT) -> Column:
    """A Spark literal column of the physical type of ``ct`` holding ``value``."""
    if ct is None:
        ct = T.type_of_value(value)
    stype = spark_type(ct, ctx)
    if value is None:
        return F.lit(None).cast(stype)
    if ct in (T.BOOLEAN, T.INTEGER, T.STRING):
        return F.lit(value).cast(stype)
    if ct == T.FLOAT:
        return F.lit(float(value)).cast(stype)
    if ct.name in TEMPORAL_STRUCTS:
        return temporal_repr.temporal_literal(value)
    if is_dynamic(ct) and not isinstance(value, (list, dict, Node, Relationship, Path)):
        # Scalars in ANYSTRUCT: a native struct (no JSON parsing for a constant 1).
        p = any_physical(value)
        return F.struct(
            *(F.lit(p[f.name]).cast(f.dataType).alias(f.name) for f in ANY_STRUCT.fields)
        )
    # Composites: one JSON string parsed natively (cheap even for big lists and maps).
    return F.from_json(F.lit(_json(physical(value, ct))), stype)


def to_python(value: Any, ct: T.CypherType) -> Any:
    """Convert a value returned by ``collect()`` (Row, list, dict, scalar) for a column of
    Cypher type ``ct`` into a Cypher Python value."""
    if value is None:
        return None
    if is_dynamic(ct):
        return any_to_python(value)
    if isinstance(ct, T.ListType):
        return [to_python(v, ct.element) for v in value]
    if isinstance(ct, T.MapType):
        if ct.fields is None:
            return {k: any_to_python(v) for k, v in _items(value)}
        return {k: to_python(_get(value, k), t) for k, t in ct.fields}
    if isinstance(ct, T.ElementType):
        return _element_to_python(value, ct)
    if isinstance(ct, T.PathType):
        nodes = [_element_to_python(n, ct.node) for n in _get(value, "_nodes")]
        rels = [_element_to_python(r, ct.relationship) for r in _get(value, "_rels")]
        return Path(nodes, rels)
    if ct.name in TEMPORAL_STRUCTS:
        return CLASS_OF_KIND[ct.name].from_physical(value)
    if ct == T.FLOAT:
        return float(value)
    return value


def _items(value):
    if isinstance(value, dict):
        return value.items()
    return value.asDict().items() if hasattr(value, "asDict") else value


def _get(row, key):
    if isinstance(row, dict):
        return row.get(key)
    try:
        return row[key]
    except (KeyError, ValueError, IndexError):
        return None


def _element_to_python(value, et: T.ElementType):
    props = {}
    raw_props = _get(value, "_props")
    if raw_props is not None:
        for k, t in et.properties:
            v = to_python(_get(raw_props, k), t)
            if v is not None:
                props[k] = v
    if et.name == "NODE":
        return Node(_get(value, "_id"), _get(value, "_labels") or (), props)
    return Relationship(
        _get(value, "_id"), _get(value, "_type"), _get(value, "_src"), _get(value, "_dst"), props
    )


def any_to_python(value: Any) -> Any:
    """An ANYSTRUCT value (Row or dict) -> Python value."""
    if value is None:
        return None
    t = _get(value, "t")
    if t is None:
        return None
    if t == T_NUMBER:
        i = _get(value, "i")
        return i if i is not None else float(_get(value, "n"))
    if t == T_STRING:
        return _get(value, "s")
    if t == T_BOOLEAN:
        return _get(value, "b")
    return anycodec.decode(_get(value, "s"))


def from_json_value(obj: Any, ct: T.CypherType) -> Any:
    """The Python Cypher value of a parsed ``to_json`` output of a column of type ``ct``
    (missing keys are nulls: ``to_json`` drops null fields)."""
    if obj is None:
        return None
    if is_dynamic(ct):
        return any_to_python(obj)
    if ct == T.FLOAT:
        return float(obj)  # "NaN", "Infinity" arrive as strings
    if ct == T.INTEGER:
        return int(obj)
    if isinstance(ct, T.ListType):
        return [from_json_value(v, ct.element) for v in obj]
    if isinstance(ct, T.MapType):
        if ct.fields is None:
            return {k: any_to_python(v) for k, v in obj.items()}
        return {k: from_json_value(obj.get(k), t) for k, t in ct.fields}
    if isinstance(ct, T.ElementType):
        return _element_from_obj(obj, ct)
    if isinstance(ct, T.PathType):
        return Path(
            [_element_from_obj(n, ct.node) for n in obj.get("_nodes") or ()],
            [_element_from_obj(r, ct.relationship) for r in obj.get("_rels") or ()],
        )
    if ct.name in TEMPORAL_STRUCTS:
        return CLASS_OF_KIND[ct.name].from_physical(obj)
    return obj


def _element_from_obj(obj: dict, et: T.ElementType):
    raw = obj.get("_props") or {}
    props = {}
    for k, t in et.properties:
        v = from_json_value(raw.get(k), t)
        if v is not None:
            props[k] = v
    if et.name == "NODE":
        return Node(obj.get("_id"), obj.get("_labels") or (), props)
    return Relationship(obj.get("_id"), obj.get("_type"), obj.get("_src"), obj.get("_dst"), props)


# ----------------------------------------------------------------- conversions in Spark


def _any_struct(t=None, b=None, n=None, i=None, s=None) -> Column:
    def field(value, dtype):
        return (value if isinstance(value, Column) else F.lit(value)).cast(dtype)

    return F.struct(
        field(t, ST.IntegerType()).alias("t"),
        field(b, ST.BooleanType()).alias("b"),
        field(n, ST.DoubleType()).alias("n"),
        field(i, ST.LongType()).alias("i"),
        field(s, ST.StringType()).alias("s"),
    )


def any_of(col: Column, rank: int, field_name: str) -> Column:
    """Wrap a native scalar column into ANYSTRUCT (null stays a null struct)."""

    def wrap(value: Column) -> Column:
        kwargs = {field_name: value}
        if field_name == "i":
            kwargs["n"] = value.cast("double")
        return F.when(value.isNotNull(), _any_struct(t=rank, **kwargs))

    return bind_once(wrap, col)


# UDF objects are immutable once built: functools.cache memoizes them per type and is safe
# to call from many threads (at worst two threads build the same UDF once each).
@functools.cache
def _encode_udf(ct: T.CypherType):
    """A vectorized UDF: JSON of a column of type ``ct`` -> anycodec encoding."""

    @pandas_udf(ST.StringType())
    def encode_json(js: pd.Series) -> pd.Series:
        return js.map(
            lambda j: None if j is None else anycodec.encode(from_json_value(json.loads(j), ct))
        )

    return encode_json


@functools.cache
def _decode_to_json_udf(ct: T.CypherType):
    @pandas_udf(ST.StringType())
    def decode_json(s: pd.Series) -> pd.Series:
        def one(enc):
            if enc is None:
                return None
            value = anycodec.decode(enc)
            if not _fits(value, ct):
                return None
            return _json(physical(value, ct))

        return s.map(one)

    return decode_json


def _is_composite(ct: T.CypherType) -> bool:
    return isinstance(ct, (T.ListType, T.MapType, T.ElementType, T.PathType))


@functools.cache
def _elements_to_any_udf(element: T.CypherType):
    """JSON of a list of ``element`` values -> JSON of the list of their ANYSTRUCTs."""

    @pandas_udf(ST.StringType())
    def elements_to_any(js: pd.Series) -> pd.Series:
        def one(j):
            if j is None:
                return None
            items = [from_json_value(v, element) for v in json.loads(j)]
            return _json([any_physical(v) for v in items])

        return js.map(one)

    return elements_to_any


def _fits(value, ct: T.CypherType) -> bool:
    kind = anycodec._kind(value)
    if isinstance(ct, T.ListType):
        return kind == "LIST"
    if isinstance(ct, T.MapType):
        return kind == "MAP"
    return kind == ct.name


def to_any(col: Column, from_type: T.CypherType, ctx=DEFAULT_CONTEXT) -> Column:
    """Convert a column of static type ``from_type`` into ANYSTRUCT."""
    if is_dynamic(from_type):
        return col
    if from_type == T.NULL:
        return F.lit(None).cast(ANY_STRUCT)
    scalar = _SCALAR_TO_ANY.get(from_type.name)
    if scalar is not None:
        return any_of(col, *scalar)
    if from_type.name in TEMPORAL_STRUCTS:
        encoded = temporal_repr.encode(col, from_type.name)
        return F.when(col.isNotNull(), _any_struct(t=TYPE_RANK[from_type.name], s=encoded))
    rank = _composite_rank(from_type)
    require_udf(f"converting a {from_type} to a value of dynamic type")
    encoded = _encode_udf(from_type)(F.to_json(col))
    return F.when(col.isNotNull(), _any_struct(t=rank, s=encoded))


_SCALAR_TO_ANY = {
    "BOOLEAN": (T_BOOLEAN, "b"),
    "INTEGER": (T_NUMBER, "i"),
    "FLOAT": (T_NUMBER, "n"),
    "STRING": (T_STRING, "s"),
}


def _composite_rank(ct: T.CypherType) -> int:
    if isinstance(ct, T.ListType):
        return T_LIST
    if isinstance(ct, T.MapType):
        return T_MAP
    return TYPE_RANK[ct.name]


def from_any(col: Column, to_type: T.CypherType, ctx=DEFAULT_CONTEXT) -> Column:
    """Narrow an ANYSTRUCT column to the physical type of ``to_type``; values of another
    type become null."""
    if is_dynamic(to_type):
        return col
    t = col.getField("t")
    if to_type == T.NULL:
        return F.lit(None)
    if to_type == T.BOOLEAN:
        return F.when(t == T_BOOLEAN, col.getField("b"))
    if to_type == T.INTEGER:
        return F.when(t == T_NUMBER, col.getField("i"))
    if to_type == T.FLOAT:
        return F.when(t == T_NUMBER, col.getField("n"))
    if to_type == T.STRING:
        return F.when(t == T_STRING, col.getField("s"))
    if to_type.name in TEMPORAL_STRUCTS:
        rank = TYPE_RANK[to_type.name]
        return temporal_repr.decode(F.when(t == rank, col.getField("s")), to_type.name)
    rank = _composite_rank(to_type)
    require_udf(f"reading a {to_type} from a value of dynamic type")
    decoded = _decode_to_json_udf(to_type)(F.when(t == rank, col.getField("s")))
    return F.from_json(decoded, spark_type(to_type, ctx))


def cast_to(
    col: Column, from_type: T.CypherType, to_type: T.CypherType, ctx=DEFAULT_CONTEXT
) -> Column:
    """Convert a column between two layouts of compatible types (used when unifying types:
    UNION columns, CASE branches, list elements); e.g. INTEGER -> ANY,
    LIST<INTEGER> -> LIST<ANY>, NODE{a} -> NODE{a, b}."""
    if from_type == to_type:
        return col
    if from_type == T.NULL:
        return F.lit(None).cast(spark_type(to_type, ctx))
    if is_dynamic(to_type):
        return to_any(col, from_type, ctx)
    if is_dynamic(from_type):
        return from_any(col, to_type, ctx)
    if isinstance(from_type, T.ListType) and isinstance(to_type, T.ListType):
        if is_dynamic(to_type.element) and _is_composite(from_type.element):
            # composite elements need the encoder UDF: run it on the whole list, not in a lambda
            require_udf(f"converting a {from_type} to a list of dynamic values")
            as_json = _elements_to_any_udf(from_type.element)(F.to_json(col))
            return F.from_json(as_json, spark_type(to_type, ctx))
        return F.transform(
            col, lambda_fn(lambda x: cast_to(x, from_type.element, to_type.element, ctx))
        )
    if isinstance(from_type, T.MapType) and isinstance(to_type, T.MapType):
        return _cast_map(col, from_type, to_type, ctx)
    if isinstance(from_type, T.ElementType) and isinstance(to_type, T.ElementType):
        return _cast_element(col, from_type, to_type, ctx)
    if isinstance(from_type, T.PathType) and isinstance(to_type, T.PathType):
        nodes = F.transform(
            col.getField("_nodes"),
            lambda_fn(lambda n: _cast_element(n, from_type.node, to_type.node, ctx)),
        )
        rels = F.transform(
            col.getField("_rels"),
            lambda_fn(
                lambda r: _cast_element(r, from_type.relationship, to_type.relationship, ctx)
            ),
        )
        return F.when(col.isNotNull(), F.struct(nodes.alias("_nodes"), rels.alias("_rels")))
    if from_type.is_numeric and to_type == T.FLOAT:
        return col.cast("double")
    raise NotImplementedError(f"cannot convert {from_type} to {to_type}")


def _cast_fields(struct_col: Column, from_fields, to_fields, ctx) -> list[Column]:
    src = dict(from_fields)
    out = []
    for key, t in to_fields:
        if key in src:
            value = cast_to(struct_field(struct_col, from_fields, key, ctx), src[key], t, ctx)
        else:
            value = F.lit(None).cast(spark_type(t, ctx))
        out.append(value.alias(key))
    return out


def _cast_map(col, from_type: T.MapType, to_type: T.MapType, ctx) -> Column:
    if to_type.fields is not None:
        if from_type.fields is None:
            fields = [from_any(col.getItem(k), t, ctx).alias(k) for k, t in to_type.fields]
        else:
            fields = _cast_fields(col, from_type.fields, to_type.fields, ctx)
        return F.when(col.isNotNull(), F.struct(*fields))
    if from_type.fields is None:
        return col
    if not from_type.fields:
        return F.when(col.isNotNull(), F.create_map().cast(spark_type(to_type, ctx)))
    keys = F.array(*(F.lit(k) for k, _ in from_type.fields))
    values = F.array(
        *(to_any(struct_field(col, from_type.fields, k, ctx), t, ctx) for k, t in from_type.fields)
    )
    return F.when(col.isNotNull(), F.map_from_arrays(keys, values))


def _cast_element(col, from_type: T.ElementType, to_type: T.ElementType, ctx) -> Column:
    props = F.struct(
        *_cast_fields(col.getField("_props"), from_type.properties, to_type.properties, ctx)
    )
    head = [
        col.getField(f).alias(f)
        for f in (
            ("_id", "_labels") if from_type.name == "NODE" else ("_id", "_type", "_src", "_dst")
        )
    ]
    return F.when(col.isNotNull(), F.struct(*head, props.alias("_props")))
