"""Timing helpers: wall-clock milliseconds of a callable, medians, the timed Spark action."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(elapsed milliseconds, fn's result)."""
    start = time.perf_counter()
    value = fn()
    return (time.perf_counter() - start) * 1000.0, value


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def run_action(df) -> None:
    """The action timed on both sides: compute every row and column of the result and throw
    it away (the "noop" data source), so neither side pays for moving rows to Python and
    Spark cannot prune columns the query returns."""
    df.write.format("noop").mode("overwrite").save()


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator
