"""Cypher's temporal types in pure Python (no Spark): values exact to the nanosecond
(:mod:`.values`), the proleptic Gregorian calendar for any year (:mod:`.calendar`), ISO
8601 parsing (:mod:`.parse`), construction from strings, maps and other values, truncation
(:mod:`.construct`), durations and their arithmetic (:mod:`.durations`), components
(:mod:`.accessors`), time zones (:mod:`.zones`) and the table of temporal functions
(:mod:`.functions`) used to fold constant calls and inside vectorized UDFs."""

from .values import (
    CLASS_OF_KIND,
    PHYSICAL_FIELDS,
    Date,
    DateTime,
    Duration,
    LocalDateTime,
    LocalTime,
    Time,
    is_temporal,
)

__all__ = [
    "CLASS_OF_KIND",
    "PHYSICAL_FIELDS",
    "Date",
    "DateTime",
    "Duration",
    "LocalDateTime",
    "LocalTime",
    "Time",
    "is_temporal",
]
