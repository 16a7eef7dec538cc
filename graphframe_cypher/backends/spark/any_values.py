"""Vectorized (Arrow ``pandas_udf``) helpers for composite values in ANYSTRUCT columns.

Scalars in ANYSTRUCT are handled natively by the compiler; only composite values (lists,
maps, elements, paths encoded with :mod:`.anycodec`) need Python, and only for operations
whose answer is not given by comparing encodings (equality of lists with nulls or numbers
of mixed types, ``<`` on lists, a key lookup in an encoded map). Each UDF takes whole
Arrow batches: there is no row-at-a-time ``udf`` anywhere.
"""

from __future__ import annotations

import functools
import json

import pandas as pd
from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql import types as ST
from pyspark.sql.functions import pandas_udf

from . import anycodec
from . import representation as R


def _decode(s):
    return None if s is None else anycodec.decode(s)


@functools.cache
def _equals_udf():
    @pandas_udf(ST.BooleanType())
    def any_equals(a: pd.Series, b: pd.Series) -> pd.Series:
        out = [anycodec.equals(_decode(x), _decode(y)) for x, y in zip(a, b, strict=False)]
        return pd.Series(out, dtype="object")

    return any_equals


@functools.cache
def _compare_udf(op: str):
    @pandas_udf(ST.BooleanType())
    def any_compare(a: pd.Series, b: pd.Series) -> pd.Series:
        out = [anycodec.compare_op(op, _decode(x), _decode(y)) for x, y in zip(a, b, strict=False)]
        return pd.Series(out, dtype="object")

    return any_compare


@functools.cache
def _contains_udf():
    @pandas_udf(ST.BooleanType())
    def any_contains(x_json: pd.Series, lst: pd.Series) -> pd.Series:
        out = []
        for xj, enc in zip(x_json, lst, strict=False):
            if enc is None:
                out.append(None)
                continue
            x = R.any_to_python(json.loads(xj).get("v")) if xj is not None else None
            out.append(anycodec.contains(anycodec.decode(enc), x))
        return pd.Series(out, dtype="object")

    return any_contains


def contains(x_json: Column, list_enc: Column) -> Column:
    """Cypher ``x IN list``: ``x_json`` is ``to_json(struct(x_any AS v))``, ``list_enc``
    the encoding of the list."""
    return _contains_udf()(x_json, list_enc)


def composite_equals(a_enc: Column, b_enc: Column) -> Column:
    """Cypher ``=`` of two encoded composites of the same type rank."""
    return _equals_udf()(a_enc, b_enc)


def composite_compare(op: str, a_enc: Column, b_enc: Column) -> Column:
    return _compare_udf(op)(a_enc, b_enc)


def _lookup(container, key):
    if isinstance(container, dict):
        return container.get(key)
    if hasattr(container, "properties") and not isinstance(container, list):
        return container.properties.get(key)
    return None


@functools.cache
def _property_udf():
    @pandas_udf(ST.StringType())
    def any_property(enc: pd.Series, key: pd.Series) -> pd.Series:
        out = []
        for s, k in zip(enc, key, strict=False):
            value = None if s is None or k is None else _lookup(anycodec.decode(s), k)
            out.append(None if value is None else R._json(R.any_physical(value)))
        return pd.Series(out, dtype="object")

    return any_property


def composite_property(enc: Column, key: Column) -> Column:
    """``value[key]`` / ``value.key`` of an encoded map, node or relationship, as ANY."""
    return F.from_json(_property_udf()(enc, key), R.ANY_STRUCT)


@functools.cache
def _keys_udf():
    @pandas_udf(ST.ArrayType(ST.StringType()))
    def any_keys(enc: pd.Series) -> pd.Series:
        out = []
        for s in enc:
            v = _decode(s)
            if isinstance(v, dict):
                out.append(list(v.keys()))
            elif v is not None and hasattr(v, "properties"):
                out.append(list(v.properties.keys()))
            else:
                out.append(None)
        return pd.Series(out, dtype="object")

    return any_keys


def composite_keys(enc: Column) -> Column:
    return _keys_udf()(enc)
