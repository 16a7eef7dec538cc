"""Spark lambda functions: knowing when a lambda body is being built, and binding operands.

Spark rejects Python UDFs inside the lambda functions of higher-order functions
(transform/filter/exists/zip_with...). The compiler tracks when it is building a lambda
body so that operations needing a UDF (composite values in ANY) can take a native
fallback or fail with a clear UnsupportedFeature instead of an analysis error. The depth is
a ContextVar: queries are compiled on many threads.

:func:`bind_once` makes an expression that uses an operand several times (an overflow check
reads the operands and the result) linear in the query text: a large operand is evaluated
once, as the argument of a one-element ``transform``, and the body reads the lambda
variable. Without it nested arithmetic grows as k^n (k uses per level, n levels).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from pyspark.sql import Column
from pyspark.sql import functions as F

_LAMBDA_DEPTH: ContextVar[int] = ContextVar("gfc_lambda_depth", default=0)

# Operands whose expression text is at most this long are repeated rather than bound: column
# references, literals and field accesses. Repeating them costs a constant per use, and every
# nested result is longer than this, so it is bound.
_REPEATABLE_TEXT = 80


@contextlib.contextmanager
def in_lambda() -> Iterator[None]:
    """``with in_lambda(): ...`` while building the body of a Spark lambda function."""
    token = _LAMBDA_DEPTH.set(_LAMBDA_DEPTH.get() + 1)
    try:
        yield
    finally:
        _LAMBDA_DEPTH.reset(token)


def inside_lambda() -> bool:
    return _LAMBDA_DEPTH.get() > 0


def require_udf(what: str) -> None:
    if inside_lambda():
        from ...errors import UnsupportedFeature

        raise UnsupportedFeature(
            f"{what} inside a list comprehension, quantifier or reduce is not supported "
            "(it needs Python and Spark runs no Python inside lambda functions)"
        )


def lambda_fn(fn):
    """Wrap a Python function building a Spark lambda body so that it runs in_lambda
    (``functools.wraps`` keeps the signature pyspark inspects for the lambda's arity)."""

    @functools.wraps(fn)
    def wrapped(*cols):
        with in_lambda():
            return fn(*cols)

    return wrapped


def repeatable(col: Column) -> bool:
    """Whether ``col`` is small enough to appear several times in an expression."""
    return len(str(col)) <= _REPEATABLE_TEXT + len("Column<''>")


def bind_once(body: Callable[..., Column], *operands: Column) -> Column:
    """``body(*operands)``, with every large operand evaluated once however often ``body``
    uses it. ``body`` must build native expressions only (it may become a lambda body)."""
    if all(map(repeatable, operands)):
        return body(*operands)
    names = [f"o{i}" for i in range(len(operands))]
    packed = F.array(F.struct(*(op.alias(name) for op, name in zip(operands, names, strict=True))))

    def unpacked(p: Column) -> Column:
        return body(*(p.getField(name) for name in names))

    return F.transform(packed, lambda_fn(unpacked)).getItem(0)
