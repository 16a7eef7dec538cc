"""Components of temporal values: ``d.year``, ``t.offsetMinutes``, ``dur.minutesOfHour``...
(the property access of Cypher on temporal values)."""

from __future__ import annotations

from . import calendar as C
from .values import format_offset


def _jdiv(a: int, b: int) -> int:
    """Java's truncating integer division."""
    q = abs(a) // b
    return q if a >= 0 else -q


def _jmod(a: int, b: int) -> int:
    return a - _jdiv(a, b) * b


_DATE_COMPONENTS = {
    "year": lambda d: d.year,
    "quarter": lambda d: C.quarter(d.month),
    "month": lambda d: d.month,
    "week": lambda d: C.iso_week(d.epoch_day)[1],
    "weekyear": lambda d: C.iso_week(d.epoch_day)[0],
    "day": lambda d: d.day,
    "ordinalday": lambda d: C.ordinal_day(d.year, d.month, d.day),
    "weekday": lambda d: C.day_of_week(d.epoch_day),
    "dayofweek": lambda d: C.day_of_week(d.epoch_day),
    "dayofquarter": lambda d: C.day_of_quarter(d.year, d.month, d.day),
}
_TIME_COMPONENTS = {
    "hour": lambda t: t.hour,
    "minute": lambda t: t.minute,
    "second": lambda t: t.second,
    "millisecond": lambda t: t.nanosecond // 1_000_000,
    "microsecond": lambda t: t.nanosecond // 1000,
    "nanosecond": lambda t: t.nanosecond,
}
_ZONE_COMPONENTS = {
    "timezone": lambda v: getattr(v, "zone", None) or format_offset(v.offset),
    "offset": lambda v: format_offset(v.offset),
    "offsetminutes": lambda v: v.offset // 60,
    "offsetseconds": lambda v: v.offset,
}
_INSTANT_COMPONENTS = {
    "epochseconds": lambda v: v.epoch_second,
    "epochmillis": lambda v: v.epoch_second * 1000 + v.nanosecond // 1_000_000,
}
_NANOS = C.NANOS_PER_SECOND
_DURATION_COMPONENTS = {
    "years": lambda d: _jdiv(d.months, 12),
    "quarters": lambda d: _jdiv(d.months, 3),
    "months": lambda d: d.months,
    "weeks": lambda d: _jdiv(d.days, 7),
    "days": lambda d: d.days,
    "hours": lambda d: _jdiv(d.seconds, 3600),
    "minutes": lambda d: _jdiv(d.seconds, 60),
    "seconds": lambda d: d.seconds,
    "milliseconds": lambda d: d.seconds * 1000 + d.nanoseconds // 1_000_000,
    "microseconds": lambda d: d.seconds * 1_000_000 + d.nanoseconds // 1000,
    "nanoseconds": lambda d: d.seconds * _NANOS + d.nanoseconds,
    "quartersofyear": lambda d: _jmod(_jdiv(d.months, 3), 4),
    "monthsofquarter": lambda d: _jmod(d.months, 3),
    "monthsofyear": lambda d: _jmod(d.months, 12),
    "daysofweek": lambda d: _jmod(d.days, 7),
    "minutesofhour": lambda d: _jmod(_jdiv(d.seconds, 60), 60),
    "secondsofminute": lambda d: _jmod(d.seconds, 60),
    "millisecondsofsecond": lambda d: d.nanoseconds // 1_000_000,
    "microsecondsofsecond": lambda d: d.nanoseconds // 1000,
    "nanosecondsofsecond": lambda d: d.nanoseconds,
}
COMPONENTS_BY_KIND = {
    "DATE": _DATE_COMPONENTS,
    "LOCALTIME": _TIME_COMPONENTS,
    "TIME": {**_TIME_COMPONENTS, **_ZONE_COMPONENTS},
    "LOCALDATETIME": {**_DATE_COMPONENTS, **_TIME_COMPONENTS},
    "DATETIME": {
        **_DATE_COMPONENTS,
        **_TIME_COMPONENTS,
        **_ZONE_COMPONENTS,
        **_INSTANT_COMPONENTS,
    },
    "DURATION": _DURATION_COMPONENTS,
}
STRING_COMPONENTS = frozenset({"timezone", "offset"})


def component_type_name(kind: str, key: str) -> str | None:
    """'INTEGER' or 'STRING' for a valid component of type ``kind``, else None."""
    if key.lower() not in COMPONENTS_BY_KIND.get(kind, {}):
        return None
    return "STRING" if key.lower() in STRING_COMPONENTS else "INTEGER"


def component(value, key: str):
    """The component ``key`` of a temporal value (None when the type has no such
    component, like a missing map key)."""
    if value is None:
        return None
    fn = COMPONENTS_BY_KIND[value.KIND].get(key.lower())
    return None if fn is None else fn(value)
