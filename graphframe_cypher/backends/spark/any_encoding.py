"""The anycodec encoding (anycodec.py) of values of dynamic type, built natively.

List concatenation on values of dynamic type splices encodings: a list is ``D``, its
elements' encodings and ``!``, so ``[a] + [b]`` is the first list without its end marker
followed by the second without its tag. No Python runs, so it works inside lambda bodies
and inside :func:`lambdas.bind_once`.

Numbers are the one element whose encoding needs the IEEE-754 bits of a double: Java's
``%a`` format (``format_string``) gives them exactly as sign, hexadecimal mantissa and
binary exponent (``-0x1.8p3``; subnormals ``0x0.…p-1022``).
"""

from __future__ import annotations

from pyspark.sql import Column
from pyspark.sql import functions as F

from . import representation as R
from .anycodec import (
    END,
    STR_END,
    STR_ESC,
    TAG_BOOLEAN,
    TAG_LIST,
    TAG_NULL,
    TAG_NUMBER,
    TAG_STRING,
    double_order_bits,
)
from .column_utils import tfield
from .temporal_repr import hex16

_INT64_MIN = -(2**63)
_MANTISSA_DIGITS = 13  # 52 bits


def _signed(bits: int) -> int:
    return bits - 2**64 if bits >= 2**63 else bits


def _order_bits_of_finite(n: Column) -> Column:
    # "-0x1.8p3" splits into sign ("-0"), leading digit, hex mantissa and exponent
    parts = F.split(F.format_string("%a", n), r"x|\.|p")
    negative = parts.getItem(0) == "-0"
    normal = parts.getItem(1) == "1"
    mantissa = F.conv(F.rpad(parts.getItem(2), _MANTISSA_DIGITS, "0"), 16, 10).cast("long")
    biased = F.when(normal, parts.getItem(3).cast("long") + 1023).otherwise(F.lit(0))
    magnitude = F.shiftleft(biased, 52).bitwiseOR(mantissa)
    # anycodec.double_order_bits: negatives flip every bit, the rest (and -0.0, which is
    # 0.0 in Cypher) only the sign bit; as a signed long that is MAX - m and MIN | m.
    return F.when(negative & (magnitude != 0), F.lit(2**63 - 1) - magnitude).otherwise(
        magnitude.bitwiseOR(F.lit(_INT64_MIN))
    )


def _double_order_hex(n: Column) -> Column:
    """anycodec's 16 hex digits of the double ``n``."""

    def special(x: float) -> Column:
        return F.lit(_signed(double_order_bits(x)))

    bits = (
        F.when(F.isnan(n), special(float("nan")))
        .when(n == float("inf"), special(float("inf")))
        .when(n == float("-inf"), special(float("-inf")))
        .otherwise(_order_bits_of_finite(n))
    )
    return F.lower(F.lpad(F.hex(bits), 16, "0"))


def _number(v: Column) -> Column:
    i = v.getField("i")
    kind = F.when(i.isNotNull(), F.concat(F.lit("i"), hex16(i))).otherwise(F.lit("f"))
    return F.concat(F.lit(TAG_NUMBER), _double_order_hex(v.getField("n")), kind)


def element_encoding(v: Column) -> Column:
    """The encoding of the ANYSTRUCT value ``v`` as an element of a list: scalars are
    encoded here, composite and temporal values already hold theirs in ``s``."""
    t = tfield(v)
    escaped = F.replace(v.getField("s"), F.lit("\x00"), F.lit(STR_ESC))
    boolean = F.when(v.getField("b"), F.lit("1")).otherwise(F.lit("0"))
    return (
        F.when(v.isNull(), F.lit(TAG_NULL))
        .when(t == R.T_NUMBER, _number(v))
        .when(t == R.T_STRING, F.concat(F.lit(TAG_STRING), escaped, F.lit(STR_END)))
        .when(t == R.T_BOOLEAN, F.concat(F.lit(TAG_BOOLEAN), boolean))
        .otherwise(v.getField("s"))
    )


def list_concat(x: Column, y: Column) -> Column:
    """``x + y`` of two ANYSTRUCT values of which at least one is a list (non-null): the
    elements of a list operand (its encoding between tag and end marker), and a non-list
    operand as one element (encoded once, whichever side it is on)."""

    def elements(v: Column) -> Column:
        s = v.getField("s")
        return s.substr(F.lit(2), F.length(s) - 2)

    x_list, y_list = tfield(x) == R.T_LIST, tfield(y) == R.T_LIST
    single = element_encoding(F.when(x_list, y).otherwise(x))
    body = (
        F.when(x_list & y_list, F.concat(elements(x), elements(y)))
        .when(x_list, F.concat(elements(x), single))
        .otherwise(F.concat(single, elements(y)))
    )
    return R.any_of(F.concat(F.lit(TAG_LIST), body, F.lit(END)), R.T_LIST, "s")
