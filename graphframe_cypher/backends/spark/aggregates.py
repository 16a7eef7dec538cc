"""Cypher aggregates as Spark aggregate expressions.

* ``count(x)`` ignores nulls, ``count(*)`` counts rows; DISTINCT uses ``count_distinct``.
* ``sum`` of integers stays an integer (overflow fails), of nothing is 0.
* ``avg`` is a float, null over no values.
* ``min``/``max`` ignore nulls; over an ANY column the struct ordering is Cypher's order
  (see ``representation.py``), so mixed types aggregate natively.
* ``collect`` ignores nulls (``collect_list``; ``collect_set`` for DISTINCT);
  ``collect_all`` (the lists of pattern comprehensions) keeps them, wrapped in structs.
* ``stDev``/``stDevP`` are 0.0 over fewer than two/one values (as Neo4j).
* ``percentileCont`` is Spark's exact ``percentile`` (linear interpolation, as Cypher);
  ``percentileDisc`` picks the element at ``ceil(p * n) - 1`` of the sorted values.
"""

from __future__ import annotations

from pyspark.sql import Column
from pyspark.sql import functions as F

from ... import types as T
from ...errors import CypherArgumentError
from ...ir.expr import Lit
from . import representation as R
from .column_utils import TC, cypher_error, overflow_error, tfield, type_error


def _float_input(tc: TC) -> Column:
    if tc.dynamic:
        x = tc.col
        # non-numbers fail the aggregation
        return (
            F.when(x.isNull(), F.lit(None).cast("double"))
            .when(tfield(x) == R.T_NUMBER, x.getField("n"))
            .otherwise(type_error("aggregating a non-number", "InvalidArgumentType").cast("double"))
        )
    return tc.col.cast("double")


def count(arg: TC, distinct: bool, ctx) -> TC:
    col = F.count_distinct(arg.col) if distinct else F.count(arg.col)
    return TC(col, T.INTEGER)


def count_star(ctx) -> TC:
    return TC(F.count(F.lit(1)), T.INTEGER)


def _int_sum(col: Column, distinct: bool) -> Column:
    if distinct:
        return F.coalesce(F.sum_distinct(col), F.lit(0).cast("long"))
    total = F.try_sum(col)
    # try_sum is null on overflow (and over no values): tell the two apart with a count.
    return F.when(total.isNull() & (F.count(col) > 0), overflow_error().cast("long")).otherwise(
        F.coalesce(total, F.lit(0).cast("long"))
    )


def sum_(arg: TC, distinct: bool, ctx) -> TC:
    if arg.type == T.INTEGER:
        return TC(_int_sum(arg.col, distinct), T.INTEGER)
    if arg.type == T.FLOAT:
        s = F.sum_distinct(arg.col) if distinct else F.sum(arg.col)
        return TC(F.coalesce(s, F.lit(0.0)), T.FLOAT)
    if arg.is_null_type:
        return TC(F.lit(0).cast("long"), T.INTEGER)
    x = arg.col
    n = _float_input(arg)
    floats = F.count(F.when((tfield(x) == R.T_NUMBER) & x.getField("i").isNull(), 1))
    int_total = _int_sum(F.when(tfield(x) == R.T_NUMBER, x.getField("i")), distinct)
    float_total = F.coalesce(F.sum_distinct(n) if distinct else F.sum(n), F.lit(0.0))
    result = F.when(floats == 0, R.any_of(int_total, R.T_NUMBER, "i")).otherwise(
        R.any_of(float_total, R.T_NUMBER, "n")
    )
    return TC(result, T.NUMBER)


def avg(arg: TC, distinct: bool, ctx) -> TC:
    x = _float_input(arg)
    value = F.sum_distinct(x) / F.count_distinct(x) if distinct else F.avg(x)
    return TC(value, T.FLOAT)


def min_max(fn: str, arg: TC, distinct: bool, ctx) -> TC:
    agg = F.min if fn == "min" else F.max
    return TC(agg(arg.col), arg.type)


def collect(arg: TC, distinct: bool, ctx) -> TC:
    col = F.collect_set(arg.col) if distinct else F.collect_list(arg.col)
    element = arg.type if arg.type != T.NULL else T.ANY
    if arg.is_null_type:
        return TC(F.array().cast(R.spark_type(T.ListType(T.ANY), ctx)), T.ListType(T.ANY))
    return TC(col, T.ListType(element))


def collect_all(arg: TC, ctx) -> TC:
    wrapped = F.collect_list(F.struct(arg.col.alias("v")))
    values = F.transform(wrapped, lambda s: s["v"])
    if arg.is_null_type:
        list_type = T.ListType(T.ANY)
        return TC(values.cast(R.spark_type(list_type, ctx)), list_type)
    return TC(values, T.ListType(arg.type))


def stdev(fn: str, arg: TC, distinct: bool, ctx) -> TC:
    x = _float_input(arg)
    if distinct:
        from ...errors import UnsupportedFeature

        raise UnsupportedFeature(f"{fn}(DISTINCT ...) is not supported")
    if fn == "stdev":
        value = F.when(F.count(x) > 1, F.stddev_samp(x)).otherwise(F.lit(0.0))
    else:
        value = F.when(F.count(x) > 0, F.stddev_pop(x)).otherwise(F.lit(0.0))
    return TC(value, T.FLOAT)


def _percentile(p_expr, p_arg: TC) -> Column:
    """The percentile as a double aggregated over the group (it is a constant or a
    parameter in practice); out of [0, 1] it fails with ArgumentError NumberOutOfRange."""
    if (
        isinstance(p_expr, Lit)
        and isinstance(p_expr.value, (int, float))
        and not isinstance(p_expr.value, bool)
    ):
        if not 0.0 <= float(p_expr.value) <= 1.0:
            raise CypherArgumentError(
                f"Invalid input '{p_expr.value}' is not a valid argument, "
                "must be a number in the range 0.0 to 1.0",
                code="NumberOutOfRange",
            )
        return F.lit(float(p_expr.value))
    p = F.first(_float_input(p_arg), ignorenulls=True)
    bad = cypher_error(
        "ArgumentError", "NumberOutOfRange", "the percentile must be in the range 0.0 to 1.0"
    )
    return F.when((p < 0) | (p > 1) | F.isnan(p), bad.cast("double")).otherwise(p)


def percentile_cont(arg: TC, p_expr, p_arg: TC, ctx) -> TC:
    """Linear interpolation between the two values around ``p * (n - 1)`` of the sorted
    values (as Cypher and Spark's ``percentile``; written out so that ``p`` may be a
    parameter, which Spark's percentile does not accept)."""
    p = _percentile(p_expr, p_arg)
    values = F.array_sort(F.collect_list(_float_input(arg)))
    n = F.size(values)
    pos = p * (n - 1)
    lo = F.floor(pos).cast("int")
    hi = F.ceil(pos).cast("int")
    a, b = F.element_at(values, lo + 1), F.element_at(values, hi + 1)
    value = a + (b - a) * (pos - lo)
    return TC(F.when(n > 0, F.when(lo == hi, a).otherwise(value)), T.FLOAT)


def percentile_disc(arg: TC, p_expr, p_arg: TC, ctx) -> TC:
    """The value at ``max(ceil(p * n) - 1, 0)`` of the sorted values (Neo4j's rule)."""
    p = _percentile(p_expr, p_arg)
    if arg.dynamic or arg.type in (T.INTEGER, T.FLOAT):
        values = F.array_sort(F.collect_list(arg.col))
        rtype = arg.type
    else:
        values = F.array_sort(F.collect_list(_float_input(arg)))
        rtype = T.FLOAT
    n = F.size(values)
    index = F.greatest(F.ceil(p * n).cast("int") - 1, F.lit(0))
    return TC(F.when(n > 0, F.element_at(values, index + 1)), rtype)


def compile_aggregate(fn: str, args: list[TC], distinct: bool, exprs, ctx) -> TC:
    """Dispatch an aggregate by canonical name."""
    if fn == "count_star":
        return count_star(ctx)
    if fn == "count":
        return count(args[0], distinct, ctx)
    if fn == "sum":
        return sum_(args[0], distinct, ctx)
    if fn == "avg":
        return avg(args[0], distinct, ctx)
    if fn in ("min", "max"):
        return min_max(fn, args[0], distinct, ctx)
    if fn == "collect":
        return collect(args[0], distinct, ctx)
    if fn == "collect_all":
        return collect_all(args[0], ctx)
    if fn in ("stdev", "stdevp"):
        return stdev(fn, args[0], distinct, ctx)
    if fn == "percentilecont":
        return percentile_cont(args[0], exprs[1], args[1], ctx)
    if fn == "percentiledisc":
        return percentile_disc(args[0], exprs[1], args[1], ctx)
    raise KeyError(fn)
