"""The pure-Python temporal package (no Spark): calendar, parsing, construction,
truncation, durations, components, the ANY encoding."""

from __future__ import annotations

import pytest

from graphframe_cypher.backends.spark import anycodec
from graphframe_cypher.errors import CypherArgumentError
from graphframe_cypher.temporal import calendar as C
from graphframe_cypher.temporal.accessors import component
from graphframe_cypher.temporal.functions import FUNCTIONS, add, subtract
from graphframe_cypher.temporal.values import CLASS_OF_KIND, Duration


def call(name, *args):
    return FUNCTIONS[name][0](*args)


@pytest.mark.parametrize("days", [-800_000, -1, 0, 1, 59, 10_957, 2_932_896])
def test_epoch_day_round_trip(days):
    assert C.epoch_day(*C.civil(days)) == days


def test_far_years_are_exact():
    d = call("date", "+999999999-12-31")
    assert str(d) == "+999999999-12-31"
    assert str(call("date", "-0001-01-01")) == "-0001-01-01"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2015-07-21", "2015-07-21"),
        ("20150721", "2015-07-21"),
        ("201507", "2015-07-01"),
        ("2015-W30-2", "2015-07-21"),
        ("2015W30", "2015-07-20"),
        ("2015-202", "2015-07-21"),
        ("2015202", "2015-07-21"),
        ("2015", "2015-01-01"),
    ],
)
def test_parse_date(text, expected):
    assert str(call("date", text)) == expected


@pytest.mark.parametrize(
    "kind, text, expected",
    [
        ("localtime", "214032.142", "21:40:32.142"),
        ("time", "2140-00:00", "21:40Z"),
        ("time", "22+18:00", "22:00+18:00"),
        ("localdatetime", "2015-W30T2140", "2015-07-20T21:40"),
        ("datetime", "2015202T21+18:00", "2015-07-21T21:00+18:00"),
        (
            "datetime",
            "2017-10-28T23:00+02:00[Europe/Stockholm]",
            "2017-10-28T23:00+02:00[Europe/Stockholm]",
        ),
    ],
)
def test_parse_instants(kind, text, expected):
    assert str(call(kind, text)) == expected


def test_construct_from_maps():
    assert str(call("date", {"year": 1817, "week": 1})) == "1816-12-30"
    assert str(call("date", {"year": 1984, "quarter": 3, "dayOfQuarter": 45})) == "1984-08-14"
    t = call(
        "time",
        {
            "hour": 12,
            "minute": 31,
            "second": 14,
            "nanosecond": 789,
            "millisecond": 123,
            "microsecond": 456,
        },
    )
    assert str(t) == "12:31:14.123456789Z"
    dt = call("datetime", {"year": 1984, "ordinalDay": 202, "timezone": "Europe/Stockholm"})
    assert str(dt) == "1984-07-20T00:00+02:00[Europe/Stockholm]"


def test_select_from_other_values():
    other = call("date", {"year": 1984, "month": 11, "day": 11})
    assert str(call("date", {"date": other, "week": 1})) == "1984-01-08"
    assert str(call("date", {"date": other, "quarter": 3})) == "1984-08-11"
    t = call("time", {"hour": 12, "minute": 31, "timezone": "+01:00"})
    assert str(call("time", {"time": t, "timezone": "+05:00"})) == "16:31+05:00"
    dt = call(
        "datetime",
        {"year": 1984, "month": 10, "day": 11, "hour": 12, "timezone": "Europe/Stockholm"},
    )
    moved = call(
        "datetime", {"datetime": dt, "day": 28, "second": 42, "timezone": "Pacific/Honolulu"}
    )
    assert str(moved) == "1984-10-28T01:00:42-10:00[Pacific/Honolulu]"


def test_invalid_values_are_argument_errors():
    with pytest.raises(CypherArgumentError):
        call("date", {"year": 1984, "month": 2, "day": 30})
    with pytest.raises(CypherArgumentError):
        call("date", "not a date")


@pytest.mark.parametrize(
    "fields, text",
    [
        ({"months": 0.75}, "P22DT19H51M49.5S"),
        ({"weeks": 2.5}, "P17DT12H"),
        ({"years": 12, "months": 5, "days": -14, "hours": 16}, "P12Y5M-14DT16H"),
        ({"seconds": -2, "milliseconds": 1}, "PT-1.999S"),
        ({"seconds": -60, "milliseconds": -1}, "PT-1M-0.001S"),
        ({"days": 1, "milliseconds": -1}, "P1DT-0.001S"),
        ({}, "PT0S"),
    ],
)
def test_durations_print_like_neo4j(fields, text):
    d = call("duration", fields)
    assert str(d) == text
    assert call("duration", text) == d


def test_arithmetic_with_fractional_duration():
    d = call(
        "duration",
        {
            "years": 12.5,
            "months": 5.5,
            "days": 14.5,
            "hours": 16.5,
            "minutes": 12.5,
            "seconds": 70.5,
            "nanoseconds": 3,
        },
    )
    x = call("localdatetime", "1984-10-11T12:31:14.000000001")
    assert str(add(x, d)) == "1997-10-11T22:29:27.500000004"
    assert str(subtract(x, d)) == "1971-10-12T02:33:00.499999998"
    assert str(add(call("localtime", "12:31:14.000000001"), d)) == "22:29:27.500000004"


def test_between():
    a, b = call("date", "1984-10-11"), call("datetime", "2015-07-21T21:40:32.142+0100")
    assert str(call("duration.between", a, b)) == "P30Y9M10DT21H40M32.142S"
    assert str(call("duration.inmonths", a, b)) == "P30Y9M"
    assert str(call("duration.indays", a, b)) == "P11240D"
    dst = (
        call("datetime", "2017-10-28T23:00+02:00[Europe/Stockholm]"),
        call("datetime", "2017-10-29T04:00+01:00[Europe/Stockholm]"),
    )
    assert str(call("duration.between", *dst)) == "PT6H"
    t = (call("time", "14:30"), call("time", "16:30+0100"))
    assert str(call("duration.between", *t)) == "PT1H"
    assert call("duration.between", None, a) is None


def test_truncate():
    dt = call("datetime", "1984-01-01T12:31:14.645876123+01:00")
    assert str(call("date.truncate", "weekYear", dt, {"day": 5})) == "1983-01-05"
    ldt = call("localdatetime", "1984-10-11T12:31:14.645876123")
    assert str(call("localdatetime.truncate", "millisecond", ldt, {"nanosecond": 2})) == (
        "1984-10-11T12:31:14.645000002"
    )
    assert str(call("date.truncate", "millennium", ldt)) == "1000-01-01"


def test_components():
    d = call(
        "datetime",
        {
            "year": 1984,
            "month": 11,
            "day": 11,
            "hour": 12,
            "minute": 31,
            "second": 14,
            "nanosecond": 645876123,
            "timezone": "Europe/Stockholm",
        },
    )
    assert [component(d, k) for k in ("week", "weekDay", "dayOfQuarter", "offset")] == [
        45,
        7,
        42,
        "+01:00",
    ]
    assert component(d, "epochMillis") == 469020674645
    dur = call("duration", "PT-23H-59M-59.9S")
    assert (component(dur, "seconds"), component(dur, "nanosecondsOfSecond")) == (-86400, 10**8)


def test_any_encoding_round_trips_and_orders():
    values = [
        call("date", "1984-10-11"),
        call("time", "12:00+01:00"),
        call("datetime", "2015-07-21T21:40[Europe/Stockholm]"),
        Duration(1, -2, 3, 4),
    ]
    for v in values:
        assert anycodec.decode(anycodec.encode(v)) == v
    early, late = call("date", "-0005-01-01"), call("date", "2000-01-01")
    assert anycodec.encode(early) < anycodec.encode(late)
    a, b = call("time", "10:00+01:00"), call("time", "09:35Z")
    assert anycodec.compare(a, b) == -1  # 09:00Z before 09:35Z


def test_physical_round_trip():
    for v in (call("time", "23:00-05:00"), call("datetime", "1600-02-29T01:02:03.4-03:30")):
        assert CLASS_OF_KIND[v.KIND].from_physical(v.physical()) == v


def test_python_datetime_values_become_temporal_values():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from graphframe_cypher.temporal.interop import from_python

    aware = dt.datetime(2017, 8, 8, 12, 31, 14, 645876, tzinfo=ZoneInfo("Europe/Stockholm"))
    converted = from_python({"d": [dt.date(1984, 10, 11), aware], "t": dt.timedelta(days=1)})
    assert str(converted["d"][0]) == "1984-10-11"
    assert str(converted["d"][1]) == "2017-08-08T12:31:14.645876+02:00[Europe/Stockholm]"
    assert str(converted["t"]) == "P1D"
    assert from_python(dt.time(12, 0)) == call("localtime", "12:00")


def test_time_of_a_summer_datetime_keeps_its_offset():
    summer = call("datetime", "1984-07-11T12:00[Europe/Stockholm]")
    assert str(call("time", summer)) == "12:00+02:00"
    assert str(call("time", {"time": summer, "second": 42})) == "12:00:42+02:00"
    assert str(call("time.truncate", "hour", summer)) == "12:00+02:00"
    assert str(call("datetime", "2017-03-26T02:30[Europe/Stockholm]")) == (
        "2017-03-26T03:30+02:00[Europe/Stockholm]"
    )
