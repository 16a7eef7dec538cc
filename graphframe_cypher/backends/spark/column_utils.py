"""Small building blocks shared by the Spark expression compiler modules.

* :class:`TC` - a compiled column together with its static Cypher type;
* :func:`cypher_error` - a column that fails the Spark job with a Cypher error (the runtime
  error mechanism, see :func:`translate_spark_error`);
* helpers to read ANYSTRUCT fields and to narrow a dynamic value to one type at runtime.

Runtime errors: Spark has no exceptions of its own we can raise with a payload, so an
expression that must fail (integer overflow, ``range`` with step 0, ``toInteger`` of a list)
evaluates ``raise_error('GFC_ERR:<ErrorType>:<code>:<message>')`` in the failing row. The
job fails with a Spark exception whose message carries that marker;
:func:`translate_spark_error` turns it back into the matching :class:`CypherError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyspark.sql import Column
from pyspark.sql import functions as F

from ... import errors
from ... import types as T
from . import representation as R

ERROR_MARKER = "GFC_ERR"


_NO_CONST = object()


@dataclass(frozen=True)
class TC:
    """A compiled expression: the Spark column and the Cypher type it holds. ``const`` is
    the Python value of a literal: conversions of constants are done in Python at compile
    time (no UDF to encode a literal list into ANY at runtime). ``chain`` is set on the
    result of arithmetic, which a following operator extends (arith_chain.py)."""

    col: Column
    type: T.CypherType
    const: object = _NO_CONST
    chain: object = None

    @property
    def is_const(self) -> bool:
        return self.const is not _NO_CONST

    @property
    def dynamic(self) -> bool:
        return R.is_dynamic(self.type)

    @property
    def is_null_type(self) -> bool:
        return self.type == T.NULL


def cypher_error(error_type: str, code: str, message: str) -> Column:
    """A column that fails the job with ``errors.<error_type>(message, code)`` when
    evaluated (use inside ``F.when`` so that only failing rows evaluate it)."""
    text = f"{ERROR_MARKER}:{error_type}:{code}:{message}"
    return F.raise_error(F.lit(text))


def type_error(message: str, code: str = "InvalidArgumentValue") -> Column:
    return cypher_error("TypeError", code, message)


def overflow_error() -> Column:
    # Neo4j raises an ArithmeticError ("long overflow"); the error hierarchy has no
    # ArithmeticError class, so the translation falls back to ArgumentError.
    return cypher_error("ArithmeticError", "IntegerOverflow", "integer overflow")


def division_by_zero() -> Column:
    return cypher_error("ArithmeticError", "DivisionByZero", "/ by zero")


_MARKER_RE = re.compile(ERROR_MARKER + r":(\w+):(\w*):(.*?)(?: SQLSTATE:|\n|$)")

# Spark's own errors that correspond to Cypher errors (they can only arise when a check of
# ours was bypassed, e.g. ANSI-mode errors in constant folding).
_SPARK_ERRORS = {
    "ARITHMETIC_OVERFLOW": ("ArithmeticError", "IntegerOverflow"),
    "DIVIDE_BY_ZERO": ("ArithmeticError", "DivisionByZero"),
}


def translate_spark_error(exc: BaseException) -> errors.CypherError | None:
    """The Cypher error carried by a Spark/Py4J exception raised by a compiled expression,
    or None when the exception is not one of ours."""
    text = str(exc)
    m = _MARKER_RE.search(text)
    if m is not None:
        error_type, code, message = m.group(1), m.group(2), m.group(3).strip()
    else:
        known = [(key, v) for key, v in _SPARK_ERRORS.items() if key in text]
        if not known:
            return None
        key, (error_type, code) = known[0]
        message = key.lower().replace("_", " ")
    cls = errors.ERROR_TYPES.get(error_type) or getattr(errors, error_type, None)
    if not (isinstance(cls, type) and issubclass(cls, errors.CypherError)):
        cls = errors.CypherArgumentError
    return cls(message, code=code, phase=errors.RUNTIME)


# --------------------------------------------------------------------- ANYSTRUCT access


def tfield(col: Column) -> Column:
    return col.getField("t")


def null_of(ct: T.CypherType, ctx=R.DEFAULT_CONTEXT) -> Column:
    return F.lit(None).cast(R.spark_type(ct, ctx)) if ct != T.NULL else F.lit(None)


def null_bool() -> Column:
    return F.lit(None).cast("boolean")


def as_type(
    tc: TC,
    target: T.CypherType,
    ctx,
    what: str = "value",
    or_null: bool = False,
    code: str = "InvalidArgumentValue",
) -> Column:
    """Column of ``tc`` narrowed to scalar type ``target``: a dynamic value of another type
    fails with TypeError (InvalidArgumentValue) or becomes null when ``or_null``."""
    if tc.type == target:
        return tc.col
    if tc.is_null_type:
        return null_of(target, ctx)
    if not tc.dynamic:
        if target == T.FLOAT and tc.type == T.INTEGER:
            return tc.col.cast("double")
        if or_null:
            return null_of(target, ctx)
        # statically the wrong type: a runtime error for non-null values
        failure = type_error(f"expected {what} of type {target}, got {tc.type}", code)
        return F.when(tc.col.isNotNull(), failure.cast(R.spark_type(target, ctx)))
    narrowed = R.from_any(tc.col, target, ctx)
    if target == T.FLOAT:
        narrowed = F.when(tfield(tc.col) == R.T_NUMBER, tc.col.getField("n"))
    if or_null:
        return narrowed
    ok = tfield(tc.col) == _rank_of(target)
    return (
        F.when(tc.col.isNull(), null_of(target, ctx))
        .when(ok, narrowed)
        .otherwise(type_error(f"expected {what} of type {target}", code))
    )


def _rank_of(ct: T.CypherType) -> int:
    if ct.is_numeric:
        return R.T_NUMBER
    if isinstance(ct, T.ListType):
        return R.T_LIST
    if isinstance(ct, T.MapType):
        return R.T_MAP
    return R.TYPE_RANK[ct.name]


def as_boolean(tc: TC, ctx) -> Column:
    return as_type(tc, T.BOOLEAN, ctx, "boolean")


def as_list(tc: TC, ctx) -> TC:
    """A list-typed view of ``tc`` (dynamic values decoded to LIST<ANY>)."""
    if isinstance(tc.type, T.ListType):
        return tc
    if tc.is_null_type:
        return TC(null_of(T.ListType(T.ANY), ctx), T.ListType(T.ANY))
    if tc.dynamic:
        lt = T.ListType(T.ANY)
        decoded = R.from_any(tc.col, lt, ctx)
        checked = F.when(tc.col.isNull() | (tfield(tc.col) == R.T_LIST), decoded).otherwise(
            type_error("expected a list").cast(R.spark_type(lt, ctx))
        )
        return TC(checked, lt)
    return TC(F.lit(None).cast(R.spark_type(T.ListType(T.ANY), ctx)), T.ListType(T.ANY))


def to_type(tc: TC, target: T.CypherType, ctx) -> Column:
    """Convert ``tc`` to the physical layout of ``target`` (unifying types)."""
    if tc.type == target:
        return tc.col
    if tc.is_const and _fits_type(tc.const, target):
        return R.literal(tc.const, target, ctx)
    return R.cast_to(tc.col, tc.type, target, ctx)


def _fits_type(value, target: T.CypherType) -> bool:
    """Whether a constant can be laid out directly as ``target`` (else cast_to decides)."""
    if value is None or R.is_dynamic(target):
        return True
    return T.join(T.type_of_value(value), target) == target


def any_col(tc: TC, ctx) -> Column:
    """``tc`` as ANYSTRUCT (constants encoded at compile time)."""
    if tc.is_const:
        return R.literal(tc.const, T.ANY, ctx)
    return R.to_any(tc.col, tc.type, ctx)


def is_integer_any(col: Column) -> Column:
    return (tfield(col) == R.T_NUMBER) & col.getField("i").isNotNull()
