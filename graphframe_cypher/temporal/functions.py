"""The temporal functions and operators of Cypher as Python callables on Python values.

Backends use this table twice: to fold calls whose arguments are constants at compile time,
and inside vectorized UDFs for calls on columns where the backend has no native equivalent.
Each entry maps a canonical function name (``ir/functions.py``) to ``(implementation,
result kind)``; every implementation returns None for null arguments.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable

from . import accessors, construct, durations
from .values import DateTime, Duration, LocalDateTime, is_temporal

INSTANT_KINDS = ("DATE", "LOCALTIME", "TIME", "LOCALDATETIME", "DATETIME")


def now() -> DateTime:
    """The current instant (UTC)."""
    ns = _time.time_ns()
    seconds, nanos = divmod(ns, 1_000_000_000)
    return DateTime.of(LocalDateTime.of_epoch(seconds, nanos), 0)


class StatementClock:
    """The instant one statement reads from all its clock functions (``date()``,
    ``localtime.transaction()``, ... and ``.realtime()`` too): fixed at the first read, so
    that ``duration.between(time(), time())`` is zero."""

    def __init__(self):
        self._instant: DateTime | None = None

    def __call__(self) -> DateTime:
        if self._instant is None:
            self._instant = now()
        return self._instant


def _constructor(kind: str) -> Callable:
    def build(*args, clock: Callable[[], DateTime] = now):
        if not args:
            return construct.Parts.of(clock()).build(kind)
        arg = args[0]
        if isinstance(arg, dict) and arg and {k.lower() for k in arg} == {"timezone"}:
            zone = construct.Zone.parse(arg[next(iter(arg))])
            return construct.Parts.of(clock()).in_zone(zone).build(kind)
        return construct.construct(kind, arg)

    return build


def _truncator(kind: str) -> Callable:
    def truncate(unit, value, fields=None):
        return construct.truncate(kind, unit, value, fields)

    return truncate


def _nullsafe(fn: Callable) -> Callable:
    def call(*args):
        return None if any(a is None for a in args) else fn(*args)

    return call


FUNCTIONS: dict[str, tuple[Callable, str]] = {}
CLOCK_READERS: set[str] = set()  # functions taking the statement's clock
for _kind in INSTANT_KINDS:
    _name = _kind.lower()
    for _fn_name in (_name, *(f"{_name}.{c}" for c in ("transaction", "statement", "realtime"))):
        FUNCTIONS[_fn_name] = (_constructor(_kind), _kind)
        CLOCK_READERS.add(_fn_name)
    FUNCTIONS[f"{_name}.truncate"] = (_truncator(_kind), _kind)
FUNCTIONS["datetime.fromepoch"] = (_nullsafe(construct.from_epoch), "DATETIME")
FUNCTIONS["datetime.fromepochmillis"] = (_nullsafe(construct.from_epoch_millis), "DATETIME")
FUNCTIONS["duration"] = (durations.construct, "DURATION")
FUNCTIONS["duration.between"] = (lambda a, b: durations.between(a, b), "DURATION")
FUNCTIONS["duration.inmonths"] = (lambda a, b: durations.between(a, b, "months"), "DURATION")
FUNCTIONS["duration.indays"] = (lambda a, b: durations.between(a, b, "days"), "DURATION")
FUNCTIONS["duration.inseconds"] = (lambda a, b: durations.between(a, b, "seconds"), "DURATION")


def evaluate(name: str, values: list, clock: Callable[[], DateTime] = now):
    """The value of the temporal function ``name`` on Python values."""
    impl = FUNCTIONS[name][0]
    if name in CLOCK_READERS:
        return impl(*values, clock=clock)
    return impl(*values)


# ------------------------------------------------------------------------------ operators


def add(a, b):
    """``a + b`` where one side is temporal: instant + duration (either order) or
    duration + duration."""
    if a is None or b is None:
        return None
    if isinstance(a, Duration) and not isinstance(b, Duration):
        a, b = b, a  # duration + instant is instant + duration
    if not (isinstance(b, Duration) and is_temporal(a)):
        raise _bad_operands("+", a, b)
    if isinstance(a, Duration):
        return durations.add_durations(a, b)
    return durations.add_to(a, b)


def subtract(a, b):
    """``a - b``: instant - duration or duration - duration."""
    if a is None or b is None:
        return None
    if not (isinstance(b, Duration) and is_temporal(a)):
        raise _bad_operands("-", a, b)
    return add(a, durations.negate(b))


def multiply(a, b):
    if a is None or b is None:
        return None
    if isinstance(a, Duration):
        return durations.scale(a, b)
    if isinstance(b, Duration):
        return durations.scale(b, a)
    raise _bad_operands("*", a, b)


def divide(a, b):
    if a is None or b is None:
        return None
    if isinstance(a, Duration):
        return durations.scale(a, b, divide=True)
    raise _bad_operands("/", a, b)


def _bad_operands(op: str, a, b):
    from ..errors import CypherTypeError

    return CypherTypeError(
        f"Cannot apply {op} to {a!r} and {b!r}", code="InvalidArgumentType", phase="runtime"
    )


OPERATORS: dict[str, Callable] = {"add": add, "sub": subtract, "mul": multiply, "div": divide}


def arithmetic_kind(op: str, left: str, right: str) -> str | None:
    """The result kind of ``left <op> right`` when it is temporal arithmetic, else None
    (kinds are type names: 'DATE', 'DURATION', 'INTEGER', ...; 'ANY' when a side of
    dynamic type meets a temporal value: decided per row)."""
    temporal = (*INSTANT_KINDS, "DURATION")
    if op in ("add", "sub", "mul", "div") and "ANY" in (left, right):
        return "ANY" if left in temporal or right in temporal else None
    if op in ("add", "sub") and left == right == "DURATION":
        return "DURATION"
    if op in ("add", "sub") and left in INSTANT_KINDS and right == "DURATION":
        return left
    if op == "add" and left == "DURATION" and right in INSTANT_KINDS:
        return right
    numbers = ("INTEGER", "FLOAT", "NUMBER")
    if op in ("mul", "div") and left == "DURATION" and right in numbers:
        return "DURATION"
    if op == "mul" and right == "DURATION" and left in numbers:
        return "DURATION"
    return None


def property_of(value, key: str):
    return accessors.component(value, key)


def to_string(value) -> str | None:
    return None if value is None else str(value)
