"""Cypher's temporal values in Python, exact to the nanosecond.

Modelled on the Neo4j driver's ``neo4j.time`` types: :class:`Date`, :class:`LocalTime`,
:class:`Time` (with an offset), :class:`LocalDateTime`, :class:`DateTime` (an offset and,
for named zones, the zone id) and :class:`Duration` (months, days, seconds, nanoseconds:
the four independent components Cypher keeps). ``str(value)`` is Cypher's ``toString``.

Each class also converts to and from its *physical fields*: the integers (and zone name)
a backend stores, chosen so that comparing the field tuples in order is Cypher's order of
the values (see :data:`PHYSICAL_FIELDS`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .calendar import (
    NANOS_PER_DAY,
    NANOS_PER_SECOND,
    SECONDS_PER_DAY,
    civil,
    epoch_day,
)

# Physical layout per type: (field, kind) with kind "long", "int" or "string", in the order
# that sorts values as Cypher does (times and date-times by instant first).
PHYSICAL_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "DATE": (("epochDay", "long"),),
    "LOCALTIME": (("nanoOfDay", "long"),),
    "TIME": (("utcNanoOfDay", "long"), ("offsetSeconds", "int")),
    "LOCALDATETIME": (("epochSecond", "long"), ("nano", "int")),
    "DATETIME": (
        ("epochSecond", "long"),
        ("nano", "int"),
        ("offsetSeconds", "int"),
        ("zone", "string"),
    ),
    "DURATION": (("months", "long"), ("days", "long"), ("seconds", "long"), ("nanos", "int")),
}


def _year_text(year: int) -> str:
    # java.time: 4 digits at least, '+' beyond 9999, '-' before year 0
    if year > 9999:
        return f"+{year}"
    if year < 0:
        return f"-{-year:04d}"
    return f"{year:04d}"


def format_offset(seconds: int) -> str:
    if seconds == 0:
        return "Z"
    sign = "+" if seconds > 0 else "-"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return text + (f":{secs:02d}" if secs else "")


def _fraction(nanos: int) -> str:
    # java.time prints 3, 6 or 9 digits, whichever is exact
    if nanos % 1_000_000 == 0:
        return f"{nanos // 1_000_000:03d}"
    if nanos % 1000 == 0:
        return f"{nanos // 1000:06d}"
    return f"{nanos:09d}"


def _time_text(hour: int, minute: int, second: int, nanosecond: int) -> str:
    text = f"{hour:02d}:{minute:02d}"
    if second or nanosecond:
        text += f":{second:02d}"
        if nanosecond:
            text += "." + _fraction(nanosecond)
    return text


class _Ordered:
    """Ordering as Cypher orders values of one temporal type (times and date-times by
    instant first, then offset), from the physical fields; ``iso_format`` as the Neo4j
    driver names Cypher's ``toString``. Equal values hash equal (frozen dataclasses)."""

    KIND: str

    def physical(self) -> dict:
        raise NotImplementedError

    def _order_key(self) -> tuple:
        return tuple(self.physical()[name] for name, _ in PHYSICAL_FIELDS[self.KIND])

    def _compare(self, other: object, holds) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return holds(self._order_key(), other._order_key())

    def __lt__(self, other: object) -> bool:
        return self._compare(other, lambda a, b: a < b)

    def __le__(self, other: object) -> bool:
        return self._compare(other, lambda a, b: a <= b)

    def __gt__(self, other: object) -> bool:
        return self._compare(other, lambda a, b: a > b)

    def __ge__(self, other: object) -> bool:
        return self._compare(other, lambda a, b: a >= b)

    def iso_format(self) -> str:
        return str(self)


def _native_date(year: int, month: int, day: int) -> _dt.date:
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        raise ValueError(f"year {year} is outside Python's datetime range (1 to 9999)")
    return _dt.date(year, month, day)


def _native_time(time: _TimeFields, offset: int | None) -> _dt.time:
    # Python's times hold microseconds: the nanoseconds below one are dropped.
    tzinfo = None if offset is None else _dt.timezone(_dt.timedelta(seconds=offset))
    return _dt.time(time.hour, time.minute, time.second, time.nanosecond // 1000, tzinfo)


class _DateFields:
    """Calendar accessors shared by dates and date-times."""

    year: int
    month: int
    day: int

    @property
    def epoch_day(self) -> int:
        return epoch_day(self.year, self.month, self.day)

    def date(self) -> Date:
        return Date(self.year, self.month, self.day)


class _TimeFields:
    hour: int
    minute: int
    second: int
    nanosecond: int

    @property
    def nano_of_day(self) -> int:
        return (
            self.hour * 3600 + self.minute * 60 + self.second
        ) * NANOS_PER_SECOND + self.nanosecond

    def local_time(self) -> LocalTime:
        return LocalTime(self.hour, self.minute, self.second, self.nanosecond)


def _split_nano_of_day(n: int) -> tuple[int, int, int, int]:
    seconds, nano = divmod(n, NANOS_PER_SECOND)
    hour, rest = divmod(seconds, 3600)
    minute, second = divmod(rest, 60)
    return hour, minute, second, nano


@dataclass(frozen=True)
class Date(_Ordered, _DateFields):
    year: int
    month: int
    day: int

    KIND = "DATE"

    @classmethod
    def of_epoch_day(cls, days: int) -> Date:
        return cls(*civil(days))

    def __str__(self) -> str:
        return f"{_year_text(self.year)}-{self.month:02d}-{self.day:02d}"

    def to_native(self) -> _dt.date:
        return _native_date(self.year, self.month, self.day)

    def physical(self) -> dict:
        return {"epochDay": self.epoch_day}

    @classmethod
    def from_physical(cls, p) -> Date:
        return cls.of_epoch_day(p["epochDay"])


@dataclass(frozen=True)
class LocalTime(_Ordered, _TimeFields):
    hour: int
    minute: int
    second: int = 0
    nanosecond: int = 0

    KIND = "LOCALTIME"

    @classmethod
    def of_nano_of_day(cls, n: int) -> LocalTime:
        return cls(*_split_nano_of_day(n % NANOS_PER_DAY))

    def __str__(self) -> str:
        return _time_text(self.hour, self.minute, self.second, self.nanosecond)

    def to_native(self) -> _dt.time:
        return _native_time(self, None)

    def physical(self) -> dict:
        return {"nanoOfDay": self.nano_of_day}

    @classmethod
    def from_physical(cls, p) -> LocalTime:
        return cls.of_nano_of_day(p["nanoOfDay"])


@dataclass(frozen=True)
class Time(_Ordered, _TimeFields):
    hour: int
    minute: int
    second: int
    nanosecond: int
    offset: int  # seconds east of UTC

    KIND = "TIME"

    @classmethod
    def of(cls, local: LocalTime, offset: int) -> Time:
        return cls(local.hour, local.minute, local.second, local.nanosecond, offset)

    def __str__(self) -> str:
        return _time_text(self.hour, self.minute, self.second, self.nanosecond) + format_offset(
            self.offset
        )

    def to_native(self) -> _dt.time:
        return _native_time(self, self.offset)

    def physical(self) -> dict:
        utc = self.nano_of_day - self.offset * NANOS_PER_SECOND
        return {"utcNanoOfDay": utc, "offsetSeconds": self.offset}

    @classmethod
    def from_physical(cls, p) -> Time:
        offset = p["offsetSeconds"]
        local = LocalTime.of_nano_of_day(p["utcNanoOfDay"] + offset * NANOS_PER_SECOND)
        return cls.of(local, offset)


@dataclass(frozen=True)
class LocalDateTime(_Ordered, _DateFields, _TimeFields):
    year: int
    month: int
    day: int
    hour: int = 0
    minute: int = 0
    second: int = 0
    nanosecond: int = 0

    KIND = "LOCALDATETIME"

    @classmethod
    def of(cls, date: Date, time: _TimeFields) -> LocalDateTime:
        return cls(
            date.year, date.month, date.day, time.hour, time.minute, time.second, time.nanosecond
        )

    @property
    def epoch_second(self) -> int:
        """Seconds from 1970-01-01T00:00 of this local date-time (as if it were UTC)."""
        return self.epoch_day * SECONDS_PER_DAY + self.nano_of_day // NANOS_PER_SECOND

    @classmethod
    def of_epoch(cls, epoch_second: int, nano: int = 0) -> LocalDateTime:
        days, secs = divmod(epoch_second, SECONDS_PER_DAY)
        time = LocalTime.of_nano_of_day(secs * NANOS_PER_SECOND + nano)
        return cls.of(Date.of_epoch_day(days), time)

    def __str__(self) -> str:
        return f"{self.date()}T{self.local_time()}"

    def to_native(self) -> _dt.datetime:
        return _dt.datetime.combine(self.date().to_native(), self.local_time().to_native())

    def physical(self) -> dict:
        return {"epochSecond": self.epoch_second, "nano": self.nanosecond}

    @classmethod
    def from_physical(cls, p) -> LocalDateTime:
        return cls.of_epoch(p["epochSecond"], p["nano"])


@dataclass(frozen=True)
class DateTime(_Ordered, _DateFields, _TimeFields):
    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    nanosecond: int
    offset: int
    zone: str | None = None  # a named zone; None for a fixed offset

    KIND = "DATETIME"

    @classmethod
    def of(cls, local: LocalDateTime, offset: int, zone: str | None = None) -> DateTime:
        return cls(
            local.year,
            local.month,
            local.day,
            local.hour,
            local.minute,
            local.second,
            local.nanosecond,
            offset,
            zone,
        )

    def local(self) -> LocalDateTime:
        return LocalDateTime.of(self.date(), self)

    @property
    def epoch_second(self) -> int:
        """Seconds since the epoch of this instant (UTC)."""
        return self.local().epoch_second - self.offset

    def __str__(self) -> str:
        text = f"{self.local()}{format_offset(self.offset)}"
        return text + f"[{self.zone}]" if self.zone else text

    def to_native(self) -> _dt.datetime:
        """A timezone-aware datetime: in the named zone when there is one (zoneinfo),
        else at the fixed offset."""
        local = self.local().to_native()
        offset = _dt.timezone(_dt.timedelta(seconds=self.offset))
        if self.zone:
            from zoneinfo import ZoneInfo

            # Through the instant, so the zone's own offset rules pick the fold.
            return local.replace(tzinfo=offset).astimezone(ZoneInfo(self.zone))
        return local.replace(tzinfo=offset)

    def physical(self) -> dict:
        return {
            "epochSecond": self.epoch_second,
            "nano": self.nanosecond,
            "offsetSeconds": self.offset,
            "zone": self.zone or "",
        }

    @classmethod
    def from_physical(cls, p) -> DateTime:
        offset = p["offsetSeconds"]
        local = LocalDateTime.of_epoch(p["epochSecond"] + offset, p["nano"])
        return cls.of(local, offset, p["zone"] or None)


@dataclass(frozen=True)
class Duration:
    """months, days, seconds and nanoseconds (0 <= nanoseconds < 10**9), kept apart as in
    Cypher: a month or a day has no fixed length in seconds."""

    months: int = 0
    days: int = 0
    seconds: int = 0
    nanoseconds: int = 0

    KIND = "DURATION"

    def __post_init__(self):
        if not 0 <= self.nanoseconds < NANOS_PER_SECOND:
            extra, nanos = divmod(self.nanoseconds, NANOS_PER_SECOND)
            object.__setattr__(self, "seconds", self.seconds + extra)
            object.__setattr__(self, "nanoseconds", nanos)

    def __str__(self) -> str:
        return format_duration(self)

    def iso_format(self) -> str:
        return str(self)

    def to_native(self) -> _dt.timedelta:
        """A timedelta; durations with months have no fixed length and raise ValueError."""
        if self.months:
            raise ValueError(f"{self} has months: a timedelta cannot hold them")
        return _dt.timedelta(
            days=self.days, seconds=self.seconds, microseconds=self.nanoseconds // 1000
        )

    def physical(self) -> dict:
        return {
            "months": self.months,
            "days": self.days,
            "seconds": self.seconds,
            "nanos": self.nanoseconds,
        }

    @classmethod
    def from_physical(cls, p) -> Duration:
        return cls(p["months"], p["days"], p["seconds"], p["nanos"])


def _trunc_div(a: int, b: int) -> tuple[int, int]:
    """Java's / and % (truncating towards zero)."""
    q = abs(a) // b * (1 if a >= 0 else -1)
    return q, a - q * b


def format_duration(d: Duration) -> str:
    """ISO 8601 text as Neo4j writes durations: ``P1Y2M3DT4H5M6.5S``; components keep their
    signs (``PT-1.999S``)."""
    if not (d.months or d.days or d.seconds or d.nanoseconds):
        return "PT0S"
    parts = ["P"]
    years, months = _trunc_div(d.months, 12)
    for quantity, unit in ((years, "Y"), (months, "M"), (d.days, "D")):
        if quantity:
            parts.append(f"{quantity}{unit}")
    if d.seconds or d.nanoseconds:
        s, n = d.seconds, d.nanoseconds
        if s < 0 and n:
            s, n = s + 1, n - NANOS_PER_SECOND
        parts.append("T")
        hours, s = _trunc_div(s, 3600)
        minutes, s = _trunc_div(s, 60)
        for quantity, unit in ((hours, "H"), (minutes, "M")):
            if quantity:
                parts.append(f"{quantity}{unit}")
        if s or n:
            sign = "-" if (s < 0 or n < 0) else ""
            text = f"{sign}{abs(s)}"
            if n:
                text += "." + f"{abs(n):09d}".rstrip("0")
            parts.append(text + "S")
    return "".join(parts)


TEMPORAL_CLASSES = (Date, LocalTime, Time, LocalDateTime, DateTime, Duration)
CLASS_OF_KIND = {cls.KIND: cls for cls in TEMPORAL_CLASSES}


def is_temporal(value) -> bool:
    return isinstance(value, TEMPORAL_CLASSES)
