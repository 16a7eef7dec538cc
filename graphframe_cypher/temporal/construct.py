"""Construction of temporal values: from ISO strings, from maps of components (possibly
selecting from other temporal values: ``{date: d, time: t, day: 28}``), from another
temporal value, and truncation (``date.truncate('month', d, {day: 2})``).

All five instant types are built the same way: a date part, a time part and a zone are
resolved from the argument, then kept or dropped according to the requested type.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CypherArgumentError
from . import calendar as C
from . import parse as P
from . import zones as Z
from .values import Date, DateTime, Duration, LocalDateTime, LocalTime, Time

DEFAULT_OFFSET = 0  # the default time zone is UTC
KINDS_WITH_DATE = ("DATE", "LOCALDATETIME", "DATETIME")
KINDS_WITH_TIME = ("LOCALTIME", "TIME", "LOCALDATETIME", "DATETIME")
KINDS_WITH_ZONE = ("TIME", "DATETIME")


@dataclass(frozen=True)
class Zone:
    """A fixed offset, or a named zone (whose offset depends on the date-time)."""

    offset: int | None = None
    name: str | None = None

    @classmethod
    def parse(cls, text: str) -> Zone:
        offset, name = Z.parse_zone(text)
        return cls(offset, name)

    def offset_at_local(self, date: Date | None, time: LocalTime) -> int:
        if self.name is None:
            return self.offset  # type: ignore[return-value]
        if date is None:
            date = Date(1970, 1, 1)
        return Z.offset_at_local(
            self.name, date.year, date.month, date.day, time.hour, time.minute, time.second
        )

    def offset_at_instant(self, epoch_second: int) -> int:
        if self.name is None:
            return self.offset  # type: ignore[return-value]
        return Z.offset_at_instant(self.name, epoch_second)


@dataclass(frozen=True)
class Parts:
    """The pieces of a temporal value: any of them may be missing."""

    date: Date | None = None
    time: LocalTime | None = None
    zone: Zone | None = None

    @classmethod
    def of(cls, value) -> Parts:
        if isinstance(value, Date):
            return cls(value)
        if isinstance(value, LocalTime):
            return cls(None, value)
        if isinstance(value, Time):
            return cls(None, value.local_time(), Zone(value.offset))
        if isinstance(value, LocalDateTime):
            return cls(value.date(), value.local_time())
        if isinstance(value, DateTime):
            zone = Zone(None, value.zone) if value.zone else Zone(value.offset)
            return cls(value.date(), value.local_time(), zone)
        raise CypherArgumentError(
            f"Expected a temporal value, got {value!r}", code="InvalidArgumentType"
        )

    def build(self, kind: str):
        """The value of type ``kind`` from these parts (missing parts take defaults:
        midnight, the default time zone)."""
        time = self.time or LocalTime(0, 0)
        if kind == "DATE":
            return self._require_date()
        if kind == "LOCALTIME":
            return time
        if kind == "LOCALDATETIME":
            return LocalDateTime.of(self._require_date(), time)
        zone = self.zone or Zone(DEFAULT_OFFSET)
        if kind == "TIME":
            return Time.of(time, zone.offset_at_local(self.date, time))
        local = LocalDateTime.of(self._require_date(), time)
        offset = zone.offset_at_local(local.date(), time)
        if zone.name is not None:
            # a local time in a gap of the zone (clocks moved forward) moves forward by the
            # gap, as in java.time: re-read the local time at the instant
            instant = local.epoch_second - offset
            offset = zone.offset_at_instant(instant)
            local = LocalDateTime.of_epoch(instant + offset, local.nanosecond)
        return DateTime.of(local, offset, zone.name)

    def _require_date(self) -> Date:
        if self.date is None:
            raise CypherArgumentError("A date is required", code="InvalidArgumentValue")
        return self.date

    def in_zone(self, zone: Zone) -> Parts:
        """The same instant seen in another zone (parts without a zone just take it)."""
        if self.zone is None or self.time is None:
            return Parts(self.date, self.time, zone)
        offset = self.zone.offset_at_local(self.date, self.time)
        if self.date is None:
            nanos = self.time.nano_of_day + (zone.offset_at_local(None, self.time) - offset) * (
                C.NANOS_PER_SECOND
            )
            return Parts(None, LocalTime.of_nano_of_day(nanos), zone)
        local = LocalDateTime.of(self.date, self.time)
        instant = local.epoch_second - offset
        shifted = LocalDateTime.of_epoch(
            instant + zone.offset_at_instant(instant), local.nanosecond
        )
        return Parts(shifted.date(), shifted.local_time(), zone)


# ------------------------------------------------------------------------- entry point


def construct(kind: str, arg=None, *, now=None):
    """``date(arg)``, ``time(arg)``, ...: ``arg`` is a string, a map or a temporal value
    (None: null; absent: the current instant ``now``, a DateTime)."""
    if arg is None:
        return None
    if isinstance(arg, str):
        return parse_temporal(kind, arg)
    if isinstance(arg, dict):
        return from_map(kind, arg)
    if isinstance(arg, Duration) or not hasattr(arg, "KIND"):
        raise CypherArgumentError(
            f"{kind.lower()}() expects a string, a map or a temporal value, got {arg!r}",
            code="InvalidArgumentType",
        )
    return Parts.of(arg).build(kind)


def parse_temporal(kind: str, text: str):
    if kind == "DATE":
        return P.parse_date(text)
    date_text, time_text = (
        (None, text) if kind in ("LOCALTIME", "TIME") else P.split_date_time(text)
    )
    date = P.parse_date(date_text) if date_text is not None else None
    time, zone = None, None
    if time_text is not None:
        clock, offset, name = P.split_zone(time_text)
        time = P.parse_local_time(clock)
        if name is not None:
            zone = Zone(None, Z.parse_zone(name)[1])
        elif offset is not None:
            zone = Zone(Z.parse_offset(offset))
            if zone.offset is None:
                raise P.invalid(text, kind.lower())
    return Parts(date, time, zone).build(kind)


# ---------------------------------------------------------------------------- from maps

_DATE_KEYS = ("year", "month", "day", "week", "dayOfWeek", "ordinalDay", "quarter", "dayOfQuarter")
_TIME_KEYS = ("hour", "minute", "second", "millisecond", "microsecond", "nanosecond")
_BASE_KEYS = ("date", "time", "datetime")
_ALL_KEYS = (*_DATE_KEYS, *_TIME_KEYS, *_BASE_KEYS, "timezone")


def canonical_fields(raw: dict, names, what: str) -> dict:
    """The non-null entries of a map of ``what`` fields, keyed by their canonical spelling
    (matched case-insensitively); an unknown key is an error."""
    by_lower = {n.lower(): n for n in names}
    out = {}
    for key, value in raw.items():
        canonical = by_lower.get(key.lower())
        if canonical is None:
            raise CypherArgumentError(f"Unknown {what} field {key!r}", code="InvalidArgumentValue")
        if value is not None:
            out[canonical] = value
    return out


def _normalised(m: dict) -> dict:
    return canonical_fields(m, _ALL_KEYS, "temporal")


def _int_field(m: dict, key: str) -> int | None:
    value = m.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise CypherArgumentError(
            f"{key} must be an integer, got {value!r}", code="InvalidArgumentType"
        )
    return value


def from_map(kind: str, raw: dict):
    m = _normalised(raw)
    base_dt = Parts.of(m["datetime"]) if "datetime" in m else Parts()
    base_date = Parts.of(m["date"]).date if "date" in m else base_dt.date
    time_source = Parts.of(m["time"]) if "time" in m else base_dt
    parts = Parts(
        # a time keeps its source's date: a named zone's offset depends on it
        resolve_date(m, base_date) if kind in KINDS_WITH_DATE else time_source.date,
        resolve_time(m, time_source.time) if kind in KINDS_WITH_TIME else None,
        time_source.zone,
    )
    if kind in KINDS_WITH_ZONE and "timezone" in m:
        parts = parts.in_zone(Zone.parse(m["timezone"]))
    return parts.build(kind)


def resolve_date(m: dict, base: Date | None) -> Date:
    year = _int_field(m, "year")
    if base is None and year is None:
        raise CypherArgumentError("year must be specified", code="InvalidArgumentValue")
    if "week" in m or ("dayOfWeek" in m and "month" not in m and "day" not in m):
        week_year, week, dow = C.iso_week(base.epoch_day) if base else (year, 1, 1)
        week_year = year if year is not None else week_year
        week = _int_field(m, "week") or week
        dow = _int_field(m, "dayOfWeek") or (dow if base else 1)
        return P.checked_week_date(week_year, week, dow)
    year = year if year is not None else base.year  # type: ignore[union-attr]
    if "ordinalDay" in m:
        return P.checked_date(year, 1, 1, ordinal=_int_field(m, "ordinalDay"))
    if "quarter" in m or "dayOfQuarter" in m:
        q = _int_field(m, "quarter") or (C.quarter(base.month) if base else 1)
        doq = _int_field(m, "dayOfQuarter") or (
            C.day_of_quarter(base.year, base.month, base.day) if base else 1
        )
        if not 1 <= q <= 4:
            raise CypherArgumentError(f"Invalid quarter {q}", code="InvalidArgumentValue")
        first = C.epoch_day(year, (q - 1) * 3 + 1, 1)
        length = C.epoch_day(year + (q == 4), (q % 4) * 3 + 1, 1) - first
        if not 1 <= doq <= length:
            raise CypherArgumentError(f"Invalid day of quarter {doq}", code="InvalidArgumentValue")
        return Date.of_epoch_day(first + doq - 1)
    month = _int_field(m, "month") or (base.month if base else 1)
    day = _int_field(m, "day") or (base.day if base else 1)
    return P.checked_date(year, month, day)


_SUBSECOND = (("millisecond", 1_000_000), ("microsecond", 1000), ("nanosecond", 1))


def resolve_time(m: dict, base: LocalTime | None) -> LocalTime:
    base = base or LocalTime(0, 0)
    hour = _int_field(m, "hour")
    minute = _int_field(m, "minute")
    second = _int_field(m, "second")
    given = [(k, _int_field(m, k)) for k, _ in _SUBSECOND if k in m]
    if given:
        for key, value in given:
            limit = 1000 if len(given) > 1 and key != "millisecond" else None
            if value < 0 or (limit and value >= limit and key != given[0][0]):
                raise CypherArgumentError(
                    f"Invalid value for {key}: {value}", code="InvalidArgumentValue"
                )
        nanos = sum(value * dict(_SUBSECOND)[key] for key, value in given)
    else:
        nanos = base.nanosecond
    return P.checked_time(
        base.hour if hour is None else hour,
        base.minute if minute is None else minute,
        base.second if second is None else second,
        nanos,
    )


# ---------------------------------------------------------------------------- truncation

_DATE_UNITS = (
    "millennium",
    "century",
    "decade",
    "year",
    "weekyear",
    "quarter",
    "month",
    "week",
    "day",
)
_TIME_UNITS = {
    "day": 86_400 * C.NANOS_PER_SECOND,
    "hour": 3600 * C.NANOS_PER_SECOND,
    "minute": 60 * C.NANOS_PER_SECOND,
    "second": C.NANOS_PER_SECOND,
    "millisecond": 1_000_000,
    "microsecond": 1000,
}


def truncate(kind: str, unit: str, value, fields: dict | None = None):
    """``<kind>.truncate(unit, value, fields)``."""
    if unit is None or value is None:
        return None
    unit_key = unit.lower()
    parts = Parts.of(value)
    date, time = parts.date, parts.time
    if unit_key in _DATE_UNITS:
        if kind in KINDS_WITH_DATE and date is None:
            raise CypherArgumentError(
                f"Cannot truncate {value} to {unit}", code="InvalidArgumentValue"
            )
        date = _truncate_date(date, unit_key) if date is not None else None
        time = LocalTime(0, 0)
    elif unit_key in _TIME_UNITS:
        step = _TIME_UNITS[unit_key]
        base_time = time or LocalTime(0, 0)
        time = LocalTime.of_nano_of_day(base_time.nano_of_day // step * step)
    else:
        raise CypherArgumentError(f"Unknown truncation unit {unit!r}", code="InvalidArgumentValue")
    m = _normalised(fields or {})
    if any(k in m for k, _ in _SUBSECOND):
        # finer fields than the unit add to what truncation kept (.645 + {nanosecond: 2})
        m["nanosecond"] = m.get("nanosecond", 0) + time.nanosecond
    truncated = Parts(date, time, parts.zone)
    parts = Parts(
        resolve_date(m, date) if kind in KINDS_WITH_DATE and date is not None else date,
        resolve_time(m, time) if kind in KINDS_WITH_TIME else None,
        truncated.zone,
    )
    if kind in KINDS_WITH_ZONE and "timezone" in m:
        parts = Parts(parts.date, parts.time, Zone.parse(m["timezone"]))
    return parts.build(kind)


def _truncate_date(d: Date, unit: str) -> Date:
    if unit in ("millennium", "century", "decade"):
        size = {"millennium": 1000, "century": 100, "decade": 10}[unit]
        return Date(d.year // size * size, 1, 1)
    if unit == "year":
        return Date(d.year, 1, 1)
    if unit == "weekyear":
        return Date.of_epoch_day(C.week_one_monday(C.iso_week(d.epoch_day)[0]))
    if unit == "quarter":
        return Date(d.year, (C.quarter(d.month) - 1) * 3 + 1, 1)
    if unit == "month":
        return Date(d.year, d.month, 1)
    if unit == "week":
        return Date.of_epoch_day(d.epoch_day - C.day_of_week(d.epoch_day) + 1)
    return d


# ------------------------------------------------------------------------------- epochs


def from_epoch(seconds: int, nanos: int = 0) -> DateTime | None:
    if seconds is None or nanos is None:
        return None
    local = LocalDateTime.of_epoch(
        seconds + (nanos // C.NANOS_PER_SECOND), nanos % C.NANOS_PER_SECOND
    )
    return DateTime.of(local, 0)


def from_epoch_millis(millis: int) -> DateTime | None:
    if millis is None:
        return None
    seconds, ms = divmod(millis, 1000)
    return from_epoch(seconds, ms * 1_000_000)
