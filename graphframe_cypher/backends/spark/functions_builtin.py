"""Cypher scalar functions on Spark columns (strings, numbers, conversions, lists, graph
elements). One small function per Cypher function, registered in :data:`IMPLS` under the
canonical name of ``ir/functions.py``. Each takes the compiled arguments (:class:`TC`), the
context and the IR call, and returns a :class:`TC` (the compiler converts it to the call's
static type when they differ).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from pyspark.sql import Column
from pyspark.sql import functions as F

from ... import types as T
from ...errors import UnsupportedFeature
from . import any_values, temporal
from . import representation as R
from .column_utils import (
    TC,
    as_list,
    as_type,
    cypher_error,
    null_of,
    tfield,
    type_error,
)
from .ops import dynamic_number_unary

IMPLS: dict[str, Callable] = dict(temporal.IMPLS)  # date(), duration.between(), ...


def impl(*names):
    def register(fn):
        for name in names:
            IMPLS[name] = fn
        return fn

    return register


def _str(tc: TC, ctx) -> Column:
    return as_type(tc, T.STRING, ctx, "string")


def _int(tc: TC, ctx) -> Column:
    return as_type(tc, T.INTEGER, ctx, "integer")


def _float(tc: TC, ctx) -> Column:
    return as_type(tc, T.FLOAT, ctx, "number")


def _negative_arg(what: str) -> Column:
    return cypher_error("ArgumentError", "NegativeIntegerArgument", f"negative {what}")


# ------------------------------------------------------------------------------ strings


@impl("toupper")
def _toupper(args, ctx, call):
    return TC(F.upper(_str(args[0], ctx)), T.STRING)


@impl("tolower")
def _tolower(args, ctx, call):
    return TC(F.lower(_str(args[0], ctx)), T.STRING)


# Java's String.trim() removes characters <= U+0020; Spark's trim only removes spaces.
_TRIM_PATTERNS = {
    "trim": r"^[\x00-\x20]+|[\x00-\x20]+$",
    "ltrim": r"^[\x00-\x20]+",
    "rtrim": r"[\x00-\x20]+$",
}


@impl("trim", "ltrim", "rtrim")
def _trim(args, ctx, call):
    return TC(F.regexp_replace(_str(args[0], ctx), _TRIM_PATTERNS[call.fn], ""), T.STRING)


@impl("replace")
def _replace(args, ctx, call):
    s, search, repl = (_str(a, ctx) for a in args)
    # Literal (not regex) replacement; Java's replace("", x) inserts x between characters.
    result = F.replace(s, search, repl)
    return TC(F.when(s.isNotNull() & search.isNotNull() & repl.isNotNull(), result), T.STRING)


@impl("substring")
def _substring(args, ctx, call):
    s, start = _str(args[0], ctx), _int(args[1], ctx)
    pos = start + 1  # Cypher is 0-based, Spark 1-based
    if len(args) == 3:
        length = _int(args[2], ctx)
        body = F.substr(s, pos, length)
        bad = (start < 0) | (length < 0)
    else:
        body = F.substr(s, pos)
        bad = start < 0
    return TC(F.when(bad, _negative_arg("substring argument")).otherwise(body), T.STRING)


@impl("left", "right")
def _left_right(args, ctx, call):
    s, n = _str(args[0], ctx), _int(args[1], ctx)
    fn = F.left if call.fn == "left" else F.right
    return TC(F.when(n < 0, _negative_arg("length")).otherwise(fn(s, n)), T.STRING)


@impl("split")
def _split(args, ctx, call):
    s, sep = _str(args[0], ctx), _str(args[1], ctx)
    # Spark splits on a regex: quote the separator; limit -1 keeps trailing empty strings.
    quoted = F.concat(
        F.lit("\\Q"), F.replace(sep, F.lit("\\E"), F.lit("\\E\\\\E\\Q")), F.lit("\\E")
    )
    # An empty separator splits between characters (without a trailing empty string).
    quoted = F.when(sep == "", F.lit("(?!$)")).otherwise(quoted)
    return TC(F.when(sep.isNotNull(), F.split(s, quoted, -1)), T.ListType(T.STRING))


@impl("reverse")
def _reverse(args, ctx, call):
    a = args[0]
    if a.type == T.STRING or isinstance(a.type, T.ListType):
        return TC(F.reverse(a.col), a.type)
    if a.is_null_type:
        return TC(F.lit(None), T.NULL)
    lst = as_list(a, ctx)
    return TC(
        F.when(
            tfield(a.col) == R.T_STRING, R.any_of(F.reverse(a.col.getField("s")), R.T_STRING, "s")
        ).otherwise(R.to_any(F.reverse(lst.col), lst.type, ctx)),
        T.ANY,
    )


# ------------------------------------------------------------------------------ numbers


def _unary_float(fn):
    return lambda args, ctx, call: TC(fn(_float(args[0], ctx)), T.FLOAT)


def _log(x):
    # Java: log(0) = -Infinity, log(<0) = NaN; Spark's log gives null there.
    return F.when(x == 0, F.lit(-math.inf)).when(x < 0, F.lit(math.nan)).otherwise(F.ln(x))


def _log10(x):
    return F.when(x == 0, F.lit(-math.inf)).when(x < 0, F.lit(math.nan)).otherwise(F.log10(x))


_LARGE = float(2**52)  # every double at least this large is already integral


def _integral(fn):
    # Spark's ceil/floor return bigint (overflowing for huge doubles): keep doubles.
    return lambda x: F.when(F.abs(x) >= _LARGE, x).otherwise(fn(x).cast("double"))


for _name, _fn in {
    "sqrt": F.sqrt,
    "exp": F.exp,
    "log": _log,
    "log10": _log10,
    "sin": F.sin,
    "cos": F.cos,
    "tan": F.tan,
    "cot": lambda x: F.lit(1.0) / F.tan(x),
    "asin": F.asin,
    "acos": F.acos,
    "atan": F.atan,
    "degrees": F.degrees,
    "radians": F.radians,
    "haversin": lambda x: (F.lit(1.0) - F.cos(x)) / 2,
    "ceil": _integral(F.ceil),
    "floor": _integral(F.floor),
}.items():
    IMPLS[_name] = _unary_float(_fn)


@impl("atan2")
def _atan2(args, ctx, call):
    return TC(F.atan2(_float(args[0], ctx), _float(args[1], ctx)), T.FLOAT)


@impl("e")
def _e(args, ctx, call):
    return TC(F.lit(math.e), T.FLOAT)


@impl("pi")
def _pi(args, ctx, call):
    return TC(F.lit(math.pi), T.FLOAT)


@impl("rand")
def _rand(args, ctx, call):
    return TC(F.rand(), T.FLOAT)


@impl("timestamp")
def _timestamp(args, ctx, call):
    return TC(F.unix_millis(F.current_timestamp()), T.INTEGER)


@impl("abs")
def _abs(args, ctx, call):
    a = args[0]
    if a.type in (T.INTEGER, T.FLOAT):
        return TC(F.abs(a.col), a.type)
    if a.is_null_type:
        return TC(F.lit(None), T.NULL)
    return dynamic_number_unary(a, ctx, F.abs, F.abs, type_error("abs() of a non-number"))


@impl("sign")
def _sign(args, ctx, call):
    a = args[0]
    if a.type == T.INTEGER:
        return TC(F.signum(a.col).cast("long"), T.INTEGER)
    x = _float(a, ctx)
    return TC(
        F.when(F.isnan(x), F.lit(0).cast("long")).otherwise(F.signum(x).cast("long")), T.INTEGER
    )


_ROUND_MODES = ("UP", "DOWN", "CEILING", "FLOOR", "HALF_UP", "HALF_DOWN", "HALF_EVEN")


@impl("round")
def _round(args, ctx, call):
    x = _float(args[0], ctx)
    if len(args) == 1:
        # Java Math.round: half-way values go up (towards +Infinity): floor(x + 0.5).
        return TC(_integral(F.floor)(x + 0.5), T.FLOAT)
    from ...ir.expr import Lit

    mode = "HALF_UP"
    if len(args) == 3:
        mode_expr = call.args[2]
        if not isinstance(mode_expr, Lit) or str(mode_expr.value).upper() not in _ROUND_MODES:
            raise UnsupportedFeature("round() mode must be a literal rounding mode")
        mode = str(mode_expr.value).upper()
    p_expr = call.args[1]
    if (
        isinstance(p_expr, Lit)
        and isinstance(p_expr.value, int)
        and mode in ("HALF_UP", "HALF_EVEN")
    ):
        # Spark rounds doubles through their decimal string (like Neo4j's BigDecimal.valueOf):
        # round(2.675, 2) = 2.68, not the binary-artefact 2.67.
        fn = F.round if mode == "HALF_UP" else F.bround
        return TC(fn(x, p_expr.value), T.FLOAT)
    return TC(_round_mode(x, _int(args[1], ctx), mode), T.FLOAT)


def _round_mode(x: Column, precision: Column, mode: str) -> Column:
    """Rounding to a runtime precision with any java.math.RoundingMode (on doubles)."""
    scale = F.pow(F.lit(10.0), precision.cast("double"))
    scaled = x * scale
    away = F.signum(scaled)
    rounded = {
        "HALF_UP": lambda v: F.signum(v) * F.floor(F.abs(v) + 0.5),
        "HALF_DOWN": lambda v: F.signum(v) * F.ceil(F.abs(v) - 0.5),
        "HALF_EVEN": lambda v: F.bround(v, 0),
        "UP": lambda v: away * F.ceil(F.abs(v)),
        "DOWN": lambda v: away * F.floor(F.abs(v)),
        "CEILING": F.ceil,
        "FLOOR": F.floor,
    }[mode](scaled)
    return F.when(F.isnan(x) | (F.abs(x) >= _LARGE), x).otherwise(rounded.cast("double") / scale)


# --------------------------------------------------------------------------- conversions


def _dispatch_any(x: Column, by_rank: dict, fallback: Column, result_type) -> Column:
    """A CASE over the type rank of an ANYSTRUCT column."""
    expr = F.when(x.isNull(), null_of(result_type))
    for rank, value in by_rank.items():
        expr = expr.when(tfield(x) == rank, value)
    return expr.otherwise(fallback)


def _conversion_failure(call, what: str, result_type) -> Column:
    if call.fn.endswith("ornull"):
        return null_of(result_type)
    return type_error(f"{call.fn}() cannot convert {what}").cast(R.spark_type(result_type))


def _parse_integer(s: Column) -> Column:
    # '42' -> 42; '1.7' -> 1 (as toInteger(toFloat(s))); anything else -> null.
    as_double = s.try_cast("double")
    return F.coalesce(s.try_cast("long"), F.when(~F.isnan(as_double), as_double.try_cast("long")))


@impl("tointeger", "tointegerornull")
def _tointeger(args, ctx, call):
    a = args[0]
    converters = {
        "INTEGER": lambda c: c,
        "FLOAT": lambda c: F.when(~F.isnan(c), c.try_cast("long")),
        "STRING": _parse_integer,
        "BOOLEAN": lambda c: c.cast("long"),
    }
    return _convert(a, ctx, call, T.INTEGER, converters)


@impl("tofloat", "tofloatornull")
def _tofloat(args, ctx, call):
    converters = {
        "INTEGER": lambda c: c.cast("double"),
        "FLOAT": lambda c: c,
        "STRING": lambda c: c.try_cast("double"),
    }
    return _convert(args[0], ctx, call, T.FLOAT, converters)


@impl("tostring", "tostringornull")
def _tostring(args, ctx, call):
    converters = {
        "INTEGER": lambda c: c.cast("string"),
        "FLOAT": lambda c: c.cast("string"),  # Java's Double.toString format: 1.0, 1.0E10
        "STRING": lambda c: c,
        "BOOLEAN": lambda c: c.cast("string"),
        **{kind: (lambda c, k=kind: temporal.to_string(c, k, ctx)) for kind in T.TEMPORAL_TYPES},
    }
    return _convert(args[0], ctx, call, T.STRING, converters)


def _string_to_boolean(c: Column) -> Column:
    lowered = F.lower(c)
    return F.when(lowered == "true", F.lit(True)).when(lowered == "false", F.lit(False))


@impl("toboolean", "tobooleanornull")
def _toboolean(args, ctx, call):
    converters = {
        "BOOLEAN": lambda c: c,
        "STRING": _string_to_boolean,
        "INTEGER": lambda c: c != 0,
    }
    return _convert(args[0], ctx, call, T.BOOLEAN, converters)


def _convert(a: TC, ctx, call, result_type, converters) -> TC:
    if a.is_null_type:
        return TC(null_of(result_type), result_type)
    if not a.dynamic:
        conv = converters.get(a.type.name)
        if conv is None:
            return TC(
                F.when(a.col.isNotNull(), _conversion_failure(call, str(a.type), result_type)),
                result_type,
            )
        return TC(conv(a.col), result_type)
    x = a.col
    i, n = x.getField("i"), x.getField("n")
    by_rank = {}
    if "FLOAT" in converters:
        number = F.when(i.isNotNull(), converters["INTEGER"](i)).otherwise(converters["FLOAT"](n))
        by_rank[R.T_NUMBER] = number
    if "STRING" in converters:
        by_rank[R.T_STRING] = converters["STRING"](x.getField("s"))
    if "BOOLEAN" in converters:
        by_rank[R.T_BOOLEAN] = converters["BOOLEAN"](x.getField("b"))
    if "DATE" in converters and not R.inside_lambda():
        # temporal values of dynamic type print in Python (no UDF inside lambdas)
        text = temporal.to_string(x, "ANY", ctx)
        by_rank.update({R.TYPE_RANK[kind]: text for kind in T.TEMPORAL_TYPES})
    fallback = _conversion_failure(call, "this value", result_type)
    return TC(_dispatch_any(x, by_rank, fallback, result_type), result_type)


# --------------------------------------------------------------------------------- lists


def _size_of(lst: TC) -> Column:
    return F.when(lst.col.isNotNull(), F.size(lst.col))


@impl("size")
def _size(args, ctx, call):
    a = args[0]
    if a.type == T.STRING:
        return TC(F.char_length(a.col), T.INTEGER)
    if isinstance(a.type, T.ListType):
        return TC(_size_of(a), T.INTEGER)
    if a.is_null_type:
        return TC(null_of(T.INTEGER), T.INTEGER)
    strlen = F.char_length(a.col.getField("s"))
    if R.inside_lambda():
        # decoding a dynamic list needs Python, which cannot run here: strings only
        unsupported = cypher_error(
            "UnsupportedFeature", "", "size() of a dynamic list inside a list comprehension"
        )
        return TC(
            F.when(tfield(a.col) == R.T_STRING, strlen).when(
                a.col.isNotNull(), unsupported.cast("long")
            ),
            T.INTEGER,
        )
    lst = as_list(TC(F.when(tfield(a.col) != R.T_STRING, a.col), a.type), ctx)
    return TC(
        F.when(tfield(a.col) == R.T_STRING, F.char_length(a.col.getField("s"))).otherwise(
            _size_of(lst)
        ),
        T.INTEGER,
    )


@impl("length")
def _length(args, ctx, call):
    a = args[0]
    if isinstance(a.type, T.PathType):
        return TC(_size_of(TC(a.col.getField("_rels"), T.ListType(T.RELATIONSHIP))), T.INTEGER)
    return _size(args, ctx, call)


@impl("head", "last")
def _head_last(args, ctx, call):
    lst = as_list(args[0], ctx)
    index = 1 if call.fn == "head" else -1
    return TC(F.try_element_at(lst.col, F.lit(index)), lst.type.element)


@impl("tail")
def _tail(args, ctx, call):
    lst = as_list(args[0], ctx)
    rest = F.slice(lst.col, F.lit(2), F.greatest(F.size(lst.col) - 1, F.lit(0)))
    return TC(F.when(lst.col.isNotNull(), rest), lst.type)


def _range_arg(tc: TC) -> Column:
    """An integer argument of range(): anything else fails at runtime with
    ArgumentError (InvalidArgumentType), as the TCK expects (even for 1.0)."""

    def bad():
        return cypher_error("ArgumentError", "InvalidArgumentType", "range() takes integers").cast(
            "long"
        )

    if tc.type == T.INTEGER:
        return tc.col
    if tc.is_null_type:
        return F.lit(None).cast("long")
    if tc.dynamic:
        i = tc.col.getField("i")
        return (
            F.when(tc.col.isNull(), F.lit(None).cast("long"))
            .when(i.isNotNull(), i)
            .otherwise(bad())
        )
    return F.when(tc.col.isNull(), F.lit(None).cast("long")).otherwise(bad())


@impl("range")
def _range(args, ctx, call):
    start, end = _range_arg(args[0]), _range_arg(args[1])
    step = _range_arg(args[2]) if len(args) == 3 else F.lit(1).cast("long")
    empty = ((step > 0) & (start > end)) | ((step < 0) & (start < end))
    result = (
        F.when(
            step == 0,
            cypher_error("ArgumentError", "NumberOutOfRange", "range() step must not be zero"),
        )
        .when(empty, F.array().cast("array<bigint>"))
        .otherwise(F.sequence(start, end, step))
    )
    return TC(result, T.ListType(T.INTEGER))


@impl("coalesce")
def _coalesce(args, ctx, call):
    target = call.type
    cols = [R.cast_to(a.col, a.type, target, ctx) for a in args if not a.is_null_type]
    if not cols:
        return TC(F.lit(None), T.NULL)
    return TC(F.coalesce(*cols) if len(cols) > 1 else cols[0], target)


@impl("exists")
def _exists(args, ctx, call):
    return TC(args[0].col.isNotNull(), T.BOOLEAN)


# ------------------------------------------------------------------------ graph elements


def _element(tc: TC, kind: str, ctx) -> TC:
    """``tc`` as an element struct of ``kind`` (NODE / RELATIONSHIP)."""
    if tc.type.name == kind:
        return tc
    target = T.ElementType(kind)
    if tc.dynamic:
        rank = R.TYPE_RANK[kind]
        decoded = R.from_any(tc.col, target, ctx)
        bad = tc.col.isNotNull() & (tfield(tc.col) != rank)
        return TC(
            F.when(
                bad, type_error(f"expected a {kind.lower()}").cast(R.spark_type(target, ctx))
            ).otherwise(decoded),
            target,
        )
    return TC(null_of(target, ctx), target)


@impl("id")
def _id(args, ctx, call):
    a = args[0]
    if a.type.name in ("NODE", "RELATIONSHIP"):
        return TC(a.col.getField("_id"), T.INTEGER)
    if a.dynamic:
        node = _element(TC(F.when(tfield(a.col) == R.T_NODE, a.col), a.type), "NODE", ctx)
        rel = _element(TC(F.when(tfield(a.col) == R.T_REL, a.col), a.type), "RELATIONSHIP", ctx)
        return TC(F.coalesce(node.col.getField("_id"), rel.col.getField("_id")), T.INTEGER)
    return TC(null_of(T.INTEGER), T.INTEGER)


@impl("element_id")
def _element_id(args, ctx, call):
    value, kind = args
    return TC(_element(value, kind.const, ctx).col.getField("_id"), call.type)


# Reading parts of encoded elements natively (regular expressions over the anycodec
# layout), so that labels()/type() of dynamic values need no UDF and work inside list
# comprehensions: an id is a NUMBER or a STRING encoding, a string runs to \x00\x01.
_ENC_STRING = "L(?:[^\\x00]|\\x00\\x02)*\\x00\\x01"
_ENC_ID = "(?:N[0-9a-f]{16}(?:f|i[0-9a-f]{16})|" + _ENC_STRING + ")"
_REL_TYPE_RE = "^C" + _ENC_ID + "L((?:[^\\x00]|\\x00\\x02)*)\\x00\\x01"
_NODE_LABELS_RE = "^B" + _ENC_ID + "D((?:" + _ENC_STRING + ")*)!"


def _unescape(c: Column) -> Column:
    return F.replace(c, F.lit("\x00\x02"), F.lit("\x00"))


def _dynamic_part(tc: TC, rank: int, what: str, extract, result_type) -> Column:
    x = tc.col
    bad = type_error(f"expected a {what}").cast(R.spark_type(result_type))
    return (
        F.when(x.isNull(), null_of(result_type))
        .when(tfield(x) == rank, extract(x.getField("s")))
        .otherwise(bad)
    )


@impl("labels")
def _labels(args, ctx, call):
    a, lt = args[0], T.ListType(T.STRING)
    if a.dynamic:

        def extract(s):
            segment = F.regexp_extract(s, _NODE_LABELS_RE, 1)
            items = F.regexp_extract_all(segment, F.lit("L((?:[^\x00]|\x00\x02)*)\x00\x01"), 1)
            return F.transform(items, _unescape)

        return TC(_dynamic_part(a, R.T_NODE, "node", extract, lt), lt)
    node = _element(a, "NODE", ctx)
    return TC(node.col.getField("_labels"), lt)


@impl("type")
def _type(args, ctx, call):
    a = args[0]
    if a.dynamic:
        extract = lambda s: _unescape(F.regexp_extract(s, _REL_TYPE_RE, 1))  # noqa: E731
        return TC(_dynamic_part(a, R.T_REL, "relationship", extract, T.STRING), T.STRING)
    rel = _element(a, "RELATIONSHIP", ctx)
    return TC(rel.col.getField("_type"), T.STRING)


@impl("keys")
def _keys(args, ctx, call):
    a = args[0]
    lt = T.ListType(T.STRING)
    if isinstance(a.type, T.ElementType):
        props = a.col.getField("_props")
        fields = a.type.properties
        present = [
            F.when(R.struct_field(props, fields, k, ctx).isNotNull(), F.lit(k)) for k, _ in fields
        ]
        keys = F.array_compact(F.array(*present)) if present else F.array().cast("array<string>")
        return TC(F.when(a.col.isNotNull(), keys), lt)
    if isinstance(a.type, T.MapType):
        if a.type.fields is None:
            return TC(F.map_keys(a.col), lt)
        keys = F.array(*(F.lit(k) for k, _ in a.type.fields)).cast("array<string>")
        return TC(F.when(a.col.isNotNull(), keys), lt)
    if a.dynamic:
        comp = tfield(a.col).isin(R.T_MAP, R.T_NODE, R.T_REL)
        keys = any_values.composite_keys(F.when(comp, a.col.getField("s")))
        bad = a.col.isNotNull() & ~comp
        return TC(
            F.when(bad, type_error("keys() of a non-map").cast("array<string>")).otherwise(keys), lt
        )
    return TC(null_of(lt, ctx), lt)


@impl("properties")
def _properties(args, ctx, call):
    a = args[0]
    if isinstance(a.type, T.ElementType):
        props = a.col.getField("_props")
        if not a.type.properties:
            return TC(
                F.when(a.col.isNotNull(), F.create_map().cast(R.spark_type(T.MAP, ctx))), T.MAP
            )
        keys = F.array(*(F.lit(k) for k, _ in a.type.properties))
        fields = a.type.properties
        values = F.array(
            *(R.to_any(R.struct_field(props, fields, k, ctx), t, ctx) for k, t in fields)
        )
        # absent (null) properties are not part of the map
        as_map = F.map_filter(F.map_from_arrays(keys, values), lambda k, v: v.isNotNull())
        return TC(F.when(a.col.isNotNull(), as_map), T.MAP)
    if isinstance(a.type, T.MapType):
        return a
    if a.dynamic:
        return TC(R.from_any(a.col, T.MAP, ctx), T.MAP)
    return TC(null_of(T.MAP, ctx), T.MAP)


@impl("nodes")
def _nodes(args, ctx, call):
    a = args[0]
    pt = a.type if isinstance(a.type, T.PathType) else T.PATH
    return TC(a.col.getField("_nodes"), T.ListType(pt.node))


@impl("relationships")
def _relationships(args, ctx, call):
    a = args[0]
    pt = a.type if isinstance(a.type, T.PathType) else T.PATH
    return TC(a.col.getField("_rels"), T.ListType(pt.relationship))


@impl("startnode", "endnode")
def _endpoint(args, ctx, call):
    # A relationship value carries only its endpoint ids: the planner joins the node tables
    # (logical/subqueries.py) except where the argument is a list comprehension's variable.
    raise UnsupportedFeature(
        f"{call.fn}() of a list comprehension's, quantifier's or reduce()'s variable is not "
        "supported yet"
    )
