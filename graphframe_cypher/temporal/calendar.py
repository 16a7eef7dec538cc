"""Proleptic Gregorian calendar arithmetic on plain integers.

Python's ``datetime.date`` stops at year 9999; Cypher dates run from -999,999,999 to
+999,999,999, so dates are counted here as days since 1970-01-01 (the *epoch day*) with
Howard Hinnant's civil-calendar algorithms, exact for every year. ISO weeks (Monday first,
week 1 holds the year's first Thursday), ordinal days and quarters derive from it.
"""

from __future__ import annotations

NANOS_PER_SECOND = 1_000_000_000
SECONDS_PER_DAY = 86_400
NANOS_PER_DAY = SECONDS_PER_DAY * NANOS_PER_SECOND
MIN_YEAR, MAX_YEAR = -999_999_999, 999_999_999

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and is_leap(year) else _DAYS_IN_MONTH[month - 1]


def days_in_year(year: int) -> int:
    return 366 if is_leap(year) else 365


def epoch_day(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to the given date (negative before)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil(days: int) -> tuple[int, int, int]:
    """(year, month, day) of an epoch day."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (month <= 2), month, day


def day_of_week(days: int) -> int:
    """ISO day of week of an epoch day: Monday 1 .. Sunday 7 (1970-01-01 was a Thursday)."""
    return (days + 3) % 7 + 1


def ordinal_day(year: int, month: int, day: int) -> int:
    return epoch_day(year, month, day) - epoch_day(year, 1, 1) + 1


def quarter(month: int) -> int:
    return (month - 1) // 3 + 1


def day_of_quarter(year: int, month: int, day: int) -> int:
    first_month = (quarter(month) - 1) * 3 + 1
    return epoch_day(year, month, day) - epoch_day(year, first_month, 1) + 1


def week_one_monday(week_year: int) -> int:
    """Epoch day of the Monday of ISO week 1 of ``week_year``."""
    jan4 = epoch_day(week_year, 1, 4)
    return jan4 - (day_of_week(jan4) - 1)


def weeks_in_year(week_year: int) -> int:
    return (week_one_monday(week_year + 1) - week_one_monday(week_year)) // 7


def iso_week(days: int) -> tuple[int, int, int]:
    """(week year, week, day of week) of an epoch day."""
    year = civil(days)[0]
    week_year = year + 1
    if days < week_one_monday(week_year):
        week_year = year
        if days < week_one_monday(week_year):
            week_year = year - 1
    week = (days - week_one_monday(week_year)) // 7 + 1
    return week_year, week, day_of_week(days)


def from_iso_week(week_year: int, week: int, dow: int) -> int:
    return week_one_monday(week_year) + (week - 1) * 7 + (dow - 1)


def add_months(year: int, month: int, day: int, months: int) -> tuple[int, int, int]:
    """Add calendar months, clamping the day to the end of a shorter month (as Java)."""
    total = year * 12 + (month - 1) + months
    y, m = divmod(total, 12)
    m += 1
    return y, m, min(day, days_in_month(y, m))
