"""Parsing of ISO 8601 temporal strings as Cypher accepts them: extended (``2015-07-21``,
``21:40:32.142``) and basic (``20150721``, ``214032.142``) formats, week dates
(``2015-W30-2``), ordinal dates (``2015-202``), offsets and ``[Zone/Name]`` suffixes, and
durations (``P1Y2M3DT4H5M6.5S``, ``P2012-02-02T14:37:21.545``)."""

from __future__ import annotations

import re
from fractions import Fraction

from ..errors import CypherArgumentError
from . import calendar as C
from .values import Date, LocalTime

_DATE = re.compile(
    r"^(?P<year>[+-]\d{4,9}|\d{4})(?:"
    r"-?W(?P<week>\d{2})(?:-?(?P<dow>\d))?"
    r"|-(?P<month>\d{2})(?:-(?P<day>\d{2}))?"
    r"|(?P<bmonth>\d{2})(?P<bday>\d{2})?"
    r"|-?(?P<ordinal>\d{3})"
    r")?$"
)
_TIME = re.compile(
    r"^(?P<hour>\d{2})(?::?(?P<minute>\d{2})(?::?(?P<second>\d{2})"
    r"(?:[.,](?P<fraction>\d{1,9}))?)?)?$"
)
_ZONE_SUFFIX = re.compile(
    r"^(?P<clock>[^+\-Z\[]*)(?P<offset>Z|[+-][\d:]+)?(?:\[(?P<name>[^\]]+)\])?$"
)


def invalid(text: str, what: str) -> CypherArgumentError:
    return CypherArgumentError(
        f"Text cannot be parsed to a {what}: {text!r}", code="TemporalParseError"
    )


def _groups(pattern: re.Pattern, text: str, what: str) -> dict:
    m = pattern.match(text)
    if not m:
        raise invalid(text, what)
    return m.groupdict()


def parse_date(text: str) -> Date:
    g = _groups(_DATE, text, "date")
    year = int(g["year"])
    if g["week"]:
        return checked_week_date(year, int(g["week"]), int(g["dow"] or 1))
    if g["ordinal"]:
        return checked_date(year, 1, 1, ordinal=int(g["ordinal"]), text=text)
    month = g["month"] or g["bmonth"] or "1"
    day = g["day"] or g["bday"] or "1"
    return checked_date(year, int(month), int(day), text=text)


def checked_date(year, month, day, ordinal=None, text=None) -> Date:
    if not (C.MIN_YEAR <= year <= C.MAX_YEAR and 1 <= month <= 12):
        raise _bad_date(year, month, day, text)
    if ordinal is not None:
        if not 1 <= ordinal <= C.days_in_year(year):
            raise _bad_date(year, month, ordinal, text)
        return Date.of_epoch_day(C.epoch_day(year, 1, 1) + ordinal - 1)
    if not 1 <= day <= C.days_in_month(year, month):
        raise _bad_date(year, month, day, text)
    return Date(year, month, day)


def checked_week_date(week_year: int, week: int, dow: int) -> Date:
    if not (1 <= week <= C.weeks_in_year(week_year) and 1 <= dow <= 7):
        raise CypherArgumentError(
            f"Invalid week date {week_year}-W{week}-{dow}", code="InvalidArgumentValue"
        )
    return Date.of_epoch_day(C.from_iso_week(week_year, week, dow))


def _bad_date(year, month, day, text) -> CypherArgumentError:
    what = repr(text) if text else f"{year}-{month}-{day}"
    return CypherArgumentError(f"Invalid date {what}", code="InvalidArgumentValue")


def parse_local_time(text: str) -> LocalTime:
    g = _groups(_TIME, text, "time")
    nanos = int((g["fraction"] or "").ljust(9, "0"))
    return checked_time(int(g["hour"]), int(g["minute"] or 0), int(g["second"] or 0), nanos)


def checked_time(hour, minute, second, nanosecond) -> LocalTime:
    if not (0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 60):
        raise CypherArgumentError(
            f"Invalid time {hour}:{minute}:{second}", code="InvalidArgumentValue"
        )
    if not 0 <= nanosecond < C.NANOS_PER_SECOND:
        raise CypherArgumentError(f"Invalid nanosecond {nanosecond}", code="InvalidArgumentValue")
    return LocalTime(hour, minute, second, nanosecond)


def split_zone(text: str) -> tuple[str, str | None, str | None]:
    """(clock text, offset text, zone name) of a time text with an optional zone suffix."""
    m = _ZONE_SUFFIX.match(text)
    if not m:
        raise invalid(text, "time")
    return m.group("clock"), m.group("offset"), m.group("name")


def split_date_time(text: str) -> tuple[str, str | None]:
    date, sep, time = text.partition("T")
    return date, (time if sep else None)


# --------------------------------------------------------------------------- durations

_NUM = r"([+-]?\d+(?:[.,]\d+)?)"
_DURATION = re.compile(
    rf"^(?P<sign>[+-])?P(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}W)?(?:{_NUM}D)?"
    rf"(?:T(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?$"
)
_DURATION_ALT = re.compile(
    r"^(?P<sign>[+-])?P(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2}(?:[.,]\d+)?)$"
)
DURATION_UNITS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")
_ALT_UNITS = ("years", "months", "days", "hours", "minutes", "seconds")


def parse_duration_fields(text: str) -> dict[str, Fraction]:
    """The components of a duration text, as exact fractions by unit name."""
    m = _DURATION.match(text)
    units = DURATION_UNITS
    if not m or text.rstrip("T").endswith("P") or text.endswith("T"):
        m = _DURATION_ALT.match(text)
        units = _ALT_UNITS
        if not m:
            raise invalid(text, "duration")
    negate = m.group("sign") == "-"
    fields = {}
    for unit, raw in zip(units, m.groups()[1:], strict=True):
        if raw is not None:
            value = Fraction(raw.replace(",", "."))
            fields[unit] = -value if negate else value
    return fields
