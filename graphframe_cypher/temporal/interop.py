"""Python's own date and time values as Cypher temporal values (query parameters)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .values import Date, DateTime, Duration, LocalDateTime, LocalTime, Time


def _offset(value) -> int:
    return int(value.utcoffset().total_seconds())


def from_python(value: Any) -> Any:
    """``value`` with every ``datetime`` date, time, datetime and timedelta (also inside
    lists and dicts) replaced by the matching temporal value; other values unchanged."""
    if isinstance(value, (list, tuple)):
        return [from_python(v) for v in value]
    if isinstance(value, dict):
        return {k: from_python(v) for k, v in value.items()}
    if isinstance(value, _dt.datetime):
        local = LocalDateTime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond * 1000,
        )
        if value.utcoffset() is None:
            return local
        return DateTime.of(local, _offset(value), getattr(value.tzinfo, "key", None))
    if isinstance(value, _dt.date):
        return Date(value.year, value.month, value.day)
    if isinstance(value, _dt.time):
        local = LocalTime(value.hour, value.minute, value.second, value.microsecond * 1000)
        return local if value.utcoffset() is None else Time.of(local, _offset(value))
    if isinstance(value, _dt.timedelta):
        return Duration(0, value.days, value.seconds, value.microseconds * 1000)
    return value
