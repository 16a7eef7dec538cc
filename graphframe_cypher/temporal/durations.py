"""Durations: construction from maps and strings, arithmetic with instants and with other
durations, and ``duration.between`` / ``inMonths`` / ``inDays`` / ``inSeconds``.

Fractions cascade down as Neo4j does: a fractional month becomes days and seconds with the
average month length (365.2425 / 12 days), a fractional day becomes seconds. The
arithmetic is exact (``fractions.Fraction``); results are rounded to the nanosecond.
"""

from __future__ import annotations

import math
from fractions import Fraction

from ..errors import CypherArgumentError
from . import calendar as C
from .construct import Parts, canonical_fields
from .parse import parse_duration_fields
from .values import Date, DateTime, Duration, LocalDateTime, LocalTime, Time

SECONDS_PER_MONTH = Fraction(2_629_746)  # 365.2425 days / 12
_UNIT_SECONDS = {
    "hours": 3600,
    "minutes": 60,
    "seconds": 1,
    "milliseconds": Fraction(1, 1000),
    "microseconds": Fraction(1, 10**6),
    "nanoseconds": Fraction(1, 10**9),
}
_UNITS = ("years", "quarters", "months", "weeks", "days", *_UNIT_SECONDS)


def _exact(value, key: str) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CypherArgumentError(
            f"duration field {key} must be a number, got {value!r}", code="InvalidArgumentType"
        )
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CypherArgumentError(f"Invalid duration field {key}", code="InvalidArgumentValue")
        return Fraction(repr(value))  # the decimal the user wrote, not the binary artefact
    return Fraction(value)


def build(months=Fraction(0), days=Fraction(0), seconds=Fraction(0)) -> Duration:
    """A duration from (possibly fractional) months, days and seconds."""
    whole_months = math.trunc(months)
    days = days + (months - whole_months) * SECONDS_PER_MONTH / C.SECONDS_PER_DAY
    whole_days = math.trunc(days)
    seconds = seconds + (days - whole_days) * C.SECONDS_PER_DAY
    nanos = round(seconds * C.NANOS_PER_SECOND)
    return Duration(whole_months, whole_days, 0, nanos)


def from_map(raw: dict) -> Duration:
    fields = {k: _exact(v, k) for k, v in canonical_fields(raw, _UNITS, "duration").items()}
    months = fields.get("years", 0) * 12 + fields.get("quarters", 0) * 3 + fields.get("months", 0)
    days = fields.get("weeks", 0) * 7 + fields.get("days", 0)
    seconds = sum((fields.get(u, 0) * f for u, f in _UNIT_SECONDS.items()), Fraction(0))
    return build(Fraction(months), Fraction(days), seconds)


def construct(arg) -> Duration | None:
    """``duration(arg)``: a map of components, an ISO 8601 duration string or a duration."""
    if arg is None:
        return None
    if isinstance(arg, Duration):
        return arg
    if isinstance(arg, str):
        return from_map(dict(parse_duration_fields(arg)))
    if isinstance(arg, dict):
        return from_map(arg)
    raise CypherArgumentError(
        f"duration() expects a string or a map, got {arg!r}", code="InvalidArgumentType"
    )


# --------------------------------------------------------------------------- arithmetic


def negate(d: Duration) -> Duration:
    return Duration(-d.months, -d.days, -d.seconds, -d.nanoseconds)


def add_durations(a: Duration, b: Duration) -> Duration:
    return Duration(
        a.months + b.months, a.days + b.days, a.seconds + b.seconds, a.nanoseconds + b.nanoseconds
    )


def total_seconds(d: Duration) -> Fraction:
    return d.seconds + Fraction(d.nanoseconds, C.NANOS_PER_SECOND)


def scale(d: Duration, factor, divide: bool = False) -> Duration:
    f = _exact(factor, "factor")
    if divide:
        if f == 0:
            raise CypherArgumentError("Division by zero", code="ArithmeticError")
        f = 1 / f
    return build(d.months * f, d.days * f, total_seconds(d) * f)


def add_to(value, d: Duration):
    """An instant plus a duration: months (clamping the day to the month's end), then days,
    then seconds and nanoseconds (on the instant for date-times with a zone). Types without
    a date ignore months and days; a date ignores the time part beyond whole days."""
    if isinstance(value, Date):
        y, m, day = C.add_months(value.year, value.month, value.day, d.months)
        days = C.epoch_day(y, m, day) + d.days + _whole_days(d)
        return Date.of_epoch_day(days)
    nanos = d.seconds * C.NANOS_PER_SECOND + d.nanoseconds
    if isinstance(value, LocalTime):
        return LocalTime.of_nano_of_day(value.nano_of_day + nanos)
    if isinstance(value, Time):
        return Time.of(LocalTime.of_nano_of_day(value.nano_of_day + nanos), value.offset)
    if isinstance(value, (LocalDateTime, DateTime)):
        local = value if isinstance(value, LocalDateTime) else value.local()
        y, m, day = C.add_months(local.year, local.month, local.day, d.months)
        date = Date.of_epoch_day(C.epoch_day(y, m, day) + d.days)
        moved = LocalDateTime.of(date, local)
        if isinstance(value, LocalDateTime):
            return _plus_nanos(moved, nanos)
        parts = Parts(moved.date(), moved.local_time(), Parts.of(value).zone)
        zoned = parts.build("DATETIME")
        instant = zoned.epoch_second * C.NANOS_PER_SECOND + zoned.nanosecond + nanos
        return _at_instant(instant, parts.zone)
    raise CypherArgumentError(f"Cannot add a duration to {value!r}", code="InvalidArgumentType")


def _whole_days(d: Duration) -> int:
    q = abs(d.seconds) // C.SECONDS_PER_DAY
    return q if d.seconds >= 0 else -q


def _plus_nanos(local: LocalDateTime, nanos: int) -> LocalDateTime:
    total = local.epoch_second * C.NANOS_PER_SECOND + local.nanosecond + nanos
    seconds, nano = divmod(total, C.NANOS_PER_SECOND)
    return LocalDateTime.of_epoch(seconds, nano)


def _at_instant(epoch_nanos: int, zone) -> DateTime:
    seconds, nano = divmod(epoch_nanos, C.NANOS_PER_SECOND)
    offset = zone.offset_at_instant(seconds)
    return DateTime.of(LocalDateTime.of_epoch(seconds + offset, nano), offset, zone.name)


# ------------------------------------------------------------------------------ between


def _until_months(a: LocalDateTime, b: LocalDateTime) -> int:
    """java.time's LocalDateTime.until(b, MONTHS)."""
    end = b.date()
    if end.epoch_day > a.epoch_day and b.nano_of_day < a.nano_of_day:
        end = Date.of_epoch_day(end.epoch_day - 1)
    elif end.epoch_day < a.epoch_day and b.nano_of_day > a.nano_of_day:
        end = Date.of_epoch_day(end.epoch_day + 1)
    packed_a = (a.year * 12 + a.month - 1) * 32 + a.day
    packed_b = (end.year * 12 + end.month - 1) * 32 + end.day
    diff = packed_b - packed_a
    return abs(diff) // 32 * (1 if diff >= 0 else -1)


def _until_days(a: LocalDateTime, b: LocalDateTime) -> int:
    end = b.epoch_day
    if end > a.epoch_day and b.nano_of_day < a.nano_of_day:
        end -= 1
    elif end < a.epoch_day and b.nano_of_day > a.nano_of_day:
        end += 1
    return end - a.epoch_day


def _local_nanos(x: LocalDateTime) -> int:
    return x.epoch_day * C.NANOS_PER_DAY + x.nano_of_day


def _aligned(a, b):
    """Both operands as comparable parts: (date_a, date_b) local date-times when both have
    dates (in the first one's zone when both have zones), else times of day."""
    pa, pb = Parts.of(a), Parts.of(b)
    if pa.zone is not None and pb.zone is not None and pa.time is not None and pb.time is not None:
        pb = pb.in_zone(pa.zone) if pb.date is not None and pa.date is not None else pb
    return pa, pb


def between(a, b, unit: str | None = None) -> Duration | None:
    """``duration.between(a, b)`` (unit None) or ``inMonths`` / ``inDays`` / ``inSeconds``."""
    if a is None or b is None:
        return None
    pa, pb = _aligned(a, b)
    if pa.date is None or pb.date is None:
        if unit in ("months", "days"):
            return Duration()
        return Duration(0, 0, 0, _time_difference(pa, pb))
    la = LocalDateTime.of(pa.date, pa.time or LocalTime(0, 0))
    lb = LocalDateTime.of(pb.date, pb.time or LocalTime(0, 0))
    if unit == "months":
        return Duration(_until_months(la, lb))
    if unit == "days":
        return Duration(0, _until_days(la, lb))
    if unit == "seconds":
        return Duration(0, 0, 0, _instant_nanos(lb, pa) - _instant_nanos(la, pa))
    months = _until_months(la, lb)
    y, m, d = C.add_months(la.year, la.month, la.day, months)
    moved = LocalDateTime.of(Date(y, m, d), la)
    days = _until_days(moved, lb)
    moved = LocalDateTime.of(Date.of_epoch_day(moved.epoch_day + days), la)
    return Duration(months, days, 0, _instant_nanos(lb, pa) - _instant_nanos(moved, pa))


def _instant_nanos(local: LocalDateTime, parts: Parts) -> int:
    """Nanoseconds of a local date-time on the time line of ``parts``' zone (plain local
    nanoseconds without a zone)."""
    offset = 0
    if parts.zone is not None:
        offset = parts.zone.offset_at_local(local.date(), local.local_time())
    return _local_nanos(local) - offset * C.NANOS_PER_SECOND


def _time_difference(pa: Parts, pb: Parts) -> int:
    ta, tb = pa.time or LocalTime(0, 0), pb.time or LocalTime(0, 0)
    na, nb = ta.nano_of_day, tb.nano_of_day
    if pa.zone is not None and pb.zone is not None and pa.date is None and pb.date is None:
        na -= pa.zone.offset_at_local(None, ta) * C.NANOS_PER_SECOND
        nb -= pb.zone.offset_at_local(None, tb) * C.NANOS_PER_SECOND
    elif pa.zone is not None and pb.zone is not None:
        na -= pa.zone.offset_at_local(pa.date, ta) * C.NANOS_PER_SECOND
        nb -= pb.zone.offset_at_local(pb.date, tb) * C.NANOS_PER_SECOND
    return nb - na
