"""Cypher's aggregates as DuckDB aggregate expressions.

Where SQL and Cypher differ the SQL is adjusted: ``sum`` of no values is 0 (SQL: null) and
stays a 64-bit integer (DuckDB widens to HUGEINT; the cast fails on overflow, as Cypher
does), ``collect`` skips nulls and gives ``[]`` for no values, ``stDev`` of one value is 0,
``percentileDisc`` takes the value at ``ceil(p * n)`` of the sorted values.
"""

from __future__ import annotations

from ... import types as T
from ...ir import expr as E
from .expressions import SqlExpressionCompiler, unsupported
from .functions import ORDERABLE, is_orderable_list, list_sort_key


def compile_aggregate(c: SqlExpressionCompiler, agg: E.AggCall, columns, order: str = "") -> str:
    """``order``: an ORDER BY clause for order-sensitive aggregates (collect) when the
    input is sorted."""
    if agg.fn == "count_star":
        return "count(*)"
    arg = agg.args[0]
    distinct = "DISTINCT " if agg.distinct else ""
    if arg.type == T.NULL:
        return _of_nothing(c, agg)
    value = c.compile(arg, columns)
    if agg.fn == "count":
        return f"count({distinct}{value})"
    if agg.fn == "sum":
        if agg.type not in (T.INTEGER, T.FLOAT):
            raise unsupported(f"sum of {arg.type} values")
        total = f"CAST(sum({distinct}{value}) AS {c.sql_type(agg.type)})"
        return f"coalesce({total}, {c.literal(0, agg.type)})"
    if agg.fn == "avg":
        if arg.type.name not in ("INTEGER", "FLOAT"):
            raise unsupported(f"avg of {arg.type} values")
        return f"avg({distinct}CAST({value} AS DOUBLE))"
    if agg.fn in ("min", "max"):
        if is_orderable_list(arg.type):
            return f"arg_{agg.fn}({value}, {list_sort_key(value)})"
        if arg.type.name not in ORDERABLE:
            raise unsupported(f"{agg.fn} of {arg.type} values")
        return f"{agg.fn}({value})"
    if agg.fn == "collect":
        element = c.conform(arg, agg.type.element, columns)
        empty = c.literal([], agg.type)
        if distinct:
            order = ""  # DuckDB orders DISTINCT aggregates only by their argument
        listed = f"list({distinct}{element}{order}) FILTER (WHERE ({value}) IS NOT NULL)"
        return f"coalesce({listed}, {empty})"
    if agg.fn == "collect_all":  # a pattern comprehension's list: nulls stay
        element = c.conform(arg, agg.type.element, columns)
        return f"coalesce(list({element}{order}), {c.literal([], agg.type)})"
    if agg.fn in ("stdev", "stdevp"):
        fn = "stddev_samp" if agg.fn == "stdev" else "stddev_pop"
        return (
            f"CASE WHEN count({value}) = 1 THEN CAST(0 AS DOUBLE) "
            f"ELSE coalesce({fn}({distinct}CAST({value} AS DOUBLE)), CAST(0 AS DOUBLE)) END"
        )
    if agg.fn in ("percentilecont", "percentiledisc"):
        return _percentile(c, agg, value, columns)
    raise unsupported(f"the aggregate {agg.fn!r}")


def _percentile(c, agg: E.AggCall, value: str, columns) -> str:
    fraction = agg.args[1]
    if not isinstance(fraction, E.Lit) or not isinstance(fraction.value, (int, float)):
        raise unsupported(f"{agg.fn} with a percentile that is not a constant")
    p = float(fraction.value)
    if not 0.0 <= p <= 1.0:
        from ...errors import CypherArgumentError

        raise CypherArgumentError(
            f"{agg.fn}: the percentile must be between 0.0 and 1.0, got {p}",
            code="NumberOutOfRange",
        )
    if agg.fn == "percentilecont":  # linear interpolation, as Cypher
        return f"CAST(quantile_cont({value}, {p!r}) AS {c.sql_type(agg.type)})"
    # Cypher's percentileDisc: the value at ceil(p * n) (1-based, at least the first) of
    # the sorted values (DuckDB's quantile_disc picks another position).
    values = f"list_sort(list({value}) FILTER (WHERE ({value}) IS NOT NULL))"
    position = f"greatest(CAST(ceil({p!r} * count({value})) AS BIGINT), 1)"
    return f"CAST(list_extract({values}, {position}) AS {c.sql_type(agg.type)})"


def _of_nothing(c, agg: E.AggCall) -> str:
    """An aggregate over the null literal: what Cypher gives for no values. It still is an
    aggregate (over no keys it yields one row, even for no input rows)."""
    if agg.fn == "count":
        value = "CAST(0 AS BIGINT)"
    elif agg.fn == "collect":
        value = c.literal([], agg.type)
    elif agg.fn == "sum":
        value = c.literal(0, agg.type if agg.type != T.NULL else T.INTEGER)
    elif agg.fn in ("stdev", "stdevp"):
        value = "CAST(0 AS DOUBLE)"
    else:
        value = c.null(agg.type)
    return f"(CASE WHEN count(*) >= 0 THEN {value} END)"
