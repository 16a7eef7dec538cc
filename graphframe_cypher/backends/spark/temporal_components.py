"""Components of temporal columns (``d.year``, ``t.minute``, ``dur.minutesOfHour``...) as
native Spark expressions over the physical structs of temporal_repr.py.

Calendar fields go through Spark's date functions (``date_from_unix_date`` of the epoch
day: Spark dates cover years -290308..294247); clock fields and duration components are
integer arithmetic (``div`` truncates towards zero and ``%`` keeps the dividend's sign, as
Java's operators that Cypher's definitions use). Components without a native form here
(the zone texts) return None and run in Python.
"""

from __future__ import annotations

from collections.abc import Callable

from pyspark.sql import Column
from pyspark.sql import functions as F

NANOS = 1_000_000_000
SECONDS_PER_DAY = 86_400


def _div(a: Column, b: int) -> Column:
    return F.call_function("div", a, F.lit(b).cast("long"))


def _floor_div(a: Column, b: int) -> Column:
    return _div(a - F.pmod(a, F.lit(b).cast("long")), b)


def _local_seconds(col: Column, kind: str) -> Column:
    if kind == "DATETIME":
        return col.getField("epochSecond") + col.getField("offsetSeconds")
    return col.getField("epochSecond")


def _epoch_day(col: Column, kind: str) -> Column:
    if kind == "DATE":
        return col.getField("epochDay")
    return _floor_div(_local_seconds(col, kind), SECONDS_PER_DAY)


def _nano_of_day(col: Column, kind: str) -> Column:
    if kind == "LOCALTIME":
        return col.getField("nanoOfDay")
    if kind == "TIME":
        local = col.getField("utcNanoOfDay") + col.getField("offsetSeconds").cast("long") * NANOS
        return F.pmod(local, F.lit(SECONDS_PER_DAY * NANOS))
    seconds = F.pmod(_local_seconds(col, kind), F.lit(SECONDS_PER_DAY).cast("long"))
    return seconds * NANOS + col.getField("nano")


def _date_part(fn: Callable[[Column], Column]) -> Callable:
    return lambda col, kind: fn(F.date_from_unix_date(_epoch_day(col, kind).cast("int")))


def _time_part(fn: Callable[[Column], Column]) -> Callable:
    return lambda col, kind: fn(_nano_of_day(col, kind))


_DATE = {
    "year": _date_part(F.year),
    "quarter": _date_part(F.quarter),
    "month": _date_part(F.month),
    "week": _date_part(F.weekofyear),
    "weekyear": _date_part(lambda d: F.extract(F.lit("YEAROFWEEK"), d)),
    "day": _date_part(F.dayofmonth),
    "ordinalday": _date_part(F.dayofyear),
    "weekday": _date_part(lambda d: F.weekday(d) + 1),
    "dayofweek": _date_part(lambda d: F.weekday(d) + 1),
    "dayofquarter": _date_part(lambda d: F.datediff(d, F.trunc(d, "quarter")) + 1),
}
_TIME = {
    "hour": _time_part(lambda n: _div(n, 3600 * NANOS)),
    "minute": _time_part(lambda n: F.pmod(_div(n, 60 * NANOS), F.lit(60).cast("long"))),
    "second": _time_part(lambda n: F.pmod(_div(n, NANOS), F.lit(60).cast("long"))),
    "millisecond": _time_part(lambda n: _div(F.pmod(n, F.lit(NANOS).cast("long")), 1_000_000)),
    "microsecond": _time_part(lambda n: _div(F.pmod(n, F.lit(NANOS).cast("long")), 1000)),
    "nanosecond": _time_part(lambda n: F.pmod(n, F.lit(NANOS).cast("long"))),
}
_OFFSET = {
    "offsetseconds": lambda col, kind: col.getField("offsetSeconds"),
    "offsetminutes": lambda col, kind: _div(col.getField("offsetSeconds"), 60),
}
_INSTANT = {
    "epochseconds": lambda col, kind: col.getField("epochSecond"),
    "epochmillis": lambda col, kind: (
        col.getField("epochSecond") * 1000 + _div(col.getField("nano"), 1_000_000)
    ),
}


def _field(name: str, then: Callable[[Column], Column] = lambda c: c) -> Callable:
    return lambda col, kind: then(col.getField(name).cast("long"))


_DURATION = {
    "years": _field("months", lambda m: _div(m, 12)),
    "quarters": _field("months", lambda m: _div(m, 3)),
    "months": _field("months"),
    "weeks": _field("days", lambda d: _div(d, 7)),
    "days": _field("days"),
    "hours": _field("seconds", lambda s: _div(s, 3600)),
    "minutes": _field("seconds", lambda s: _div(s, 60)),
    "seconds": _field("seconds"),
    "milliseconds": lambda c, k: c.getField("seconds") * 1000 + _div(c.getField("nanos"), 10**6),
    "microseconds": lambda c, k: c.getField("seconds") * 10**6 + _div(c.getField("nanos"), 1000),
    "nanoseconds": lambda c, k: c.getField("seconds") * NANOS + c.getField("nanos"),
    "quartersofyear": _field("months", lambda m: _div(m, 3) % 4),
    "monthsofquarter": _field("months", lambda m: m % 3),
    "monthsofyear": _field("months", lambda m: m % 12),
    "daysofweek": _field("days", lambda d: d % 7),
    "minutesofhour": _field("seconds", lambda s: _div(s, 60) % 60),
    "secondsofminute": _field("seconds", lambda s: s % 60),
    "millisecondsofsecond": _field("nanos", lambda n: _div(n, 1_000_000)),
    "microsecondsofsecond": _field("nanos", lambda n: _div(n, 1000)),
    "nanosecondsofsecond": _field("nanos"),
}
_BY_KIND = {
    "DATE": _DATE,
    "LOCALTIME": _TIME,
    "TIME": {**_TIME, **_OFFSET},
    "LOCALDATETIME": {**_DATE, **_TIME},
    "DATETIME": {**_DATE, **_TIME, **_OFFSET, **_INSTANT},
    "DURATION": _DURATION,
}


def native_component(col: Column, kind: str, key: str) -> Column | None:
    """The integer component ``key`` of a temporal column of type ``kind``, or None when
    it has no native form."""
    build = _BY_KIND.get(kind, {}).get(key.lower())
    if build is None:
        return None
    return F.when(col.isNotNull(), build(col, kind).cast("long"))
