"""Time zones: fixed offsets (``+01:00``, ``Z``) and named IANA zones (``Europe/Stockholm``,
resolved with Python's :mod:`zoneinfo`)."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import CypherArgumentError
from .calendar import civil

_OFFSET = re.compile(r"^([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$")
MAX_OFFSET = 18 * 3600


def parse_offset(text: str) -> int | None:
    """Seconds east of UTC of an offset text (``Z``, ``+01``, ``+0100``, ``-01:30``), or None
    when ``text`` is not an offset."""
    if text in ("Z", "z"):
        return 0
    m = _OFFSET.match(text)
    if not m:
        return None
    sign, hh, mm, ss = m.groups()
    seconds = int(hh) * 3600 + int(mm or 0) * 60 + int(ss or 0)
    if seconds > MAX_OFFSET:
        raise CypherArgumentError(f"Invalid time zone offset: {text}", code="InvalidArgumentValue")
    return -seconds if sign == "-" else seconds


@functools.lru_cache(maxsize=256)
def zone_info(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as e:
        raise CypherArgumentError(f"Unknown time zone: {name}", code="InvalidArgumentValue") from e


def parse_zone(text: str) -> tuple[int | None, str | None]:
    """(fixed offset, None) or (None, zone name) of a time zone text."""
    offset = parse_offset(text)
    if offset is not None:
        return offset, None
    zone_info(text)  # validates the name
    return None, text


def _clamped_year(year: int) -> int:
    # zoneinfo works on datetime (years 1..9999); far dates use the rules of the nearest year
    return min(max(year, 1), 9999)


def offset_at_local(zone: str, year, month, day, hour, minute, second) -> int:
    """The offset of ``zone`` at a local date-time (an ambiguous time takes the earlier
    offset, like java.time)."""
    clamped = _clamped_year(year)
    if clamped != year and month == 2:
        day = min(day, 28)  # the stand-in year may not be a leap year
    local = _dt.datetime(clamped, month, day, hour, minute, second)
    return int(local.replace(tzinfo=zone_info(zone)).utcoffset().total_seconds())


def offset_at_instant(zone: str, epoch_second: int) -> int:
    year = civil(epoch_second // 86400)[0]
    if not 1 < year < 9999:
        epoch_second = _dt.datetime(_clamped_year(year), 1, 1, tzinfo=_dt.UTC).timestamp()
    instant = _dt.datetime.fromtimestamp(int(epoch_second), tz=_dt.UTC)
    return int(instant.astimezone(zone_info(zone)).utcoffset().total_seconds())
