"""Temporal functions and operators on Spark columns.

Constant calls never get here: the planner folds them in Python. Calls on columns run the
same Python implementation (``graphframe_cypher.temporal.functions``) in one vectorized
(Arrow) UDF per call site: the arguments travel as the JSON of a struct, the result comes
back as JSON parsed natively into the result's physical layout. Comparisons and equality
need no Python (native struct ordering, see temporal_repr.py), nor do the components that
are plain fields.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

import pandas as pd
from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql import types as ST
from pyspark.sql.functions import pandas_udf

from ... import types as T
from ...errors import CypherError
from ...temporal import functions as TF
from . import representation as R
from .column_utils import ERROR_MARKER, TC
from .temporal_components import native_component

# UDF objects are immutable: functools.cache memoizes them and is safe across threads.
@functools.cache
def _call_udf(name: str, impl: Callable, arg_types: tuple, result_type: T.CypherType):
    def one(text):
        if text is None:
            return None
        obj = json.loads(text)
        values = [R.from_json_value(obj.get(f"a{i}"), t) for i, t in enumerate(arg_types)]
        try:
            result = impl(*values)
        except CypherError as e:
            # the marker makes translate_spark_error raise the same Cypher error
            raise RuntimeError(f"{ERROR_MARKER}:{e.error_type}:{e.code}:{e.message}") from e
        return R._json({"v": R.physical(result, result_type)})

    @pandas_udf(ST.StringType())
    def temporal_call(js: pd.Series) -> pd.Series:
        return js.map(one)

    return temporal_call


def python_call(name: str, impl: Callable, args: list[TC], result_type: T.CypherType, ctx) -> TC:
    """``impl(*args)`` evaluated per row in a vectorized UDF."""
    R.require_udf(f"{name}() on a column")
    cols = [
        (a.col if a.type != T.NULL else F.lit(None).cast("string")).alias(f"a{i}")
        for i, a in enumerate(args)
    ]
    arg_types = tuple(a.type if a.type != T.NULL else T.STRING for a in args)
    payload = F.to_json(F.struct(*cols)) if cols else F.lit("{}")
    text = _call_udf(name, impl, arg_types, result_type)(payload)
    schema = ST.StructType([ST.StructField("v", R.spark_type(result_type, ctx))])
    return TC(F.from_json(text, schema).getField("v"), result_type)


def _function_impl(name: str) -> Callable:
    impl = TF.FUNCTIONS[name][0]

    def compile_call(args, ctx, call):
        return python_call(name, impl, args, call.type, ctx)

    return compile_call


IMPLS: dict[str, Callable] = {name: _function_impl(name) for name in TF.FUNCTIONS}


def is_temporal_arithmetic(op: str, a: TC, b: TC) -> bool:
    return TF.arithmetic_kind(op, a.type.name, b.type.name) is not None


def arithmetic(op: str, a: TC, b: TC, result_type: T.CypherType, ctx) -> TC:
    return python_call(op, TF.OPERATORS[op], [a, b], result_type, ctx)


def component(subject: TC, key: str, result_type: T.CypherType, ctx) -> TC:
    """``subject.key`` of a temporal value: native for the integer components, in Python
    for the zone texts."""
    native = native_component(subject.col, subject.type.name, key)
    if native is not None:
        return TC(native, T.INTEGER)
    key_tc = TC(F.lit(key), T.STRING)
    return python_call("property", TF.property_of, [subject, key_tc], result_type, ctx)


def has_temporal_rank(any_col: Column) -> Column:
    """Whether an ANYSTRUCT column holds a temporal value."""
    return any_col.getField("t").isin(*(R.TYPE_RANK[k] for k in T.TEMPORAL_TYPES))


def dynamic_component(any_col: Column, key: Column, ctx) -> Column:
    """``x.key`` of a temporal value of dynamic type (an ANYSTRUCT result)."""
    args = [TC(any_col, T.ANY), TC(key, T.STRING)]
    return python_call("property", TF.property_of, args, T.ANY, ctx).col


def to_string(col: Column, kind: str, ctx) -> Column:
    """toString() of a temporal column (``kind`` 'ANY' for values of dynamic type)."""
    subject = TC(col, T.TEMPORAL_TYPES.get(kind, T.ANY))
    return python_call("toString", TF.to_string, [subject], T.STRING, ctx).col
