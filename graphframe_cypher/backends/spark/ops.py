"""Cypher operators on Spark columns: equality, ordering comparisons, IN, arithmetic.

Each operator first looks at the static types: when both sides have a concrete type the
native Spark operator is used (with the few fixes Cypher needs: NaN is never equal to
anything, integer overflow and division by zero fail). When a side is dynamic (ANY/NUMBER)
both sides are brought to ANYSTRUCT and the operator dispatches on the type rank ``t`` at
runtime.

The expressions never rely on ``spark.sql.ansi.enabled``: overflow checks use ``try_*``
functions and explicit errors, parsing uses ``try_cast``, so results are the same whatever
the session's ANSI setting.
"""

from __future__ import annotations

from pyspark.sql import Column
from pyspark.sql import functions as F

from ... import types as T
from . import any_encoding, any_values, anycodec, temporal
from . import representation as R
from .arith_chain import ArithChain
from .column_utils import (
    TC,
    any_col,
    division_by_zero,
    null_bool,
    overflow_error,
    tfield,
    to_type,
    type_error,
)
from .temporal_repr import ORDERABLE_TEMPORAL, TEMPORAL_STRUCTS

_SCALARS = (T.BOOLEAN, T.INTEGER, T.FLOAT, T.STRING)
INT64_MIN = -(2**63)


def _both_not_null(a: Column, b: Column) -> Column:
    return a.isNotNull() & b.isNotNull()


def _not_nan(c: Column, ct: T.CypherType) -> Column:
    return ~F.isnan(c) if ct == T.FLOAT else F.lit(True)


def _category(ct: T.CypherType) -> str:
    if ct.is_numeric:
        return "NUMBER"
    if isinstance(ct, T.ListType):
        return "LIST"
    if isinstance(ct, T.MapType):
        return "MAP"
    return ct.name


# ----------------------------------------------------------------------------- equality


def equals(a: TC, b: TC, ctx) -> Column:
    """Cypher ``a = b`` (three-valued)."""
    if a.is_null_type or b.is_null_type:
        return null_bool()
    if a.dynamic and b.type in _SCALARS:
        return _dynamic_vs_scalar("eq", a.col, b)
    if b.dynamic and a.type in _SCALARS:
        return _dynamic_vs_scalar("eq", b.col, a)
    if a.dynamic or b.dynamic:
        return any_equals(any_col(a, ctx), any_col(b, ctx))
    ca, cb = _category(a.type), _category(b.type)
    if ca != cb:
        # Statically different types are never equal; null still yields null.
        return F.when(_both_not_null(a.col, b.col), F.lit(False))
    fn = _EQUALS_BY_CATEGORY.get(ca)
    if fn is None or not (is_static(a.type) and is_static(b.type)):
        return any_equals(any_col(a, ctx), any_col(b, ctx))
    return fn(a, b, ctx)


def is_static(ct: T.CypherType) -> bool:
    """True when no part of a value of ``ct`` is dynamically typed (so equality can be
    compiled to native expressions all the way down)."""
    if R.is_dynamic(ct):
        return False
    if isinstance(ct, T.ListType):
        return is_static(ct.element)
    if isinstance(ct, T.MapType):
        return ct.fields is not None and all(is_static(t) for _, t in ct.fields)
    return True


def _eq_native(a: TC, b: TC, ctx) -> Column:
    return (a.col == b.col) & _not_nan(a.col, a.type) & _not_nan(b.col, b.type)


def _eq_list(a: TC, b: TC, ctx) -> Column:
    ea, eb = a.type.element, b.type.element
    pairwise = F.zip_with(a.col, b.col, R.lambda_fn(lambda x, y: equals(TC(x, ea), TC(y, eb), ctx)))
    # forall is three-valued: false if any pair is false, else null if any is null.
    return (
        F.when(~_both_not_null(a.col, b.col), null_bool())
        .when(F.size(a.col) != F.size(b.col), F.lit(False))
        .otherwise(F.forall(pairwise, lambda z: z))
    )


def _eq_map(a: TC, b: TC, ctx) -> Column:
    if a.type.fields is None or b.type.fields is None:
        return any_equals(any_col(a, ctx), any_col(b, ctx))
    fa, fb = dict(a.type.fields), dict(b.type.fields)
    if set(fa) != set(fb):
        return F.when(_both_not_null(a.col, b.col), F.lit(False))
    result = F.lit(True)
    for key in sorted(fa):
        left = R.struct_field(a.col, a.type.fields, key, ctx)
        right = R.struct_field(b.col, b.type.fields, key, ctx)
        result = result & equals(TC(left, fa[key]), TC(right, fb[key]), ctx)
    return F.when(_both_not_null(a.col, b.col), result)


def _eq_element(a: TC, b: TC, ctx) -> Column:
    return a.col.getField("_id") == b.col.getField("_id")


def _eq_path(a: TC, b: TC, ctx) -> Column:
    def ids(c, f):
        return F.transform(c.getField(f), lambda e: e.getField("_id"))

    return (ids(a.col, "_nodes") == ids(b.col, "_nodes")) & (
        ids(a.col, "_rels") == ids(b.col, "_rels")
    )


_EQUALS_BY_CATEGORY = {
    "NUMBER": _eq_native,
    "STRING": _eq_native,
    "BOOLEAN": _eq_native,
    "LIST": _eq_list,
    "MAP": _eq_map,
    "NODE": _eq_element,
    "RELATIONSHIP": _eq_element,
    "PATH": _eq_path,
    **{kind: _eq_native for kind in TEMPORAL_STRUCTS},  # struct equality is Cypher's
}
_TEMPORAL_RANKS = [R.TYPE_RANK[k] for k in TEMPORAL_STRUCTS]
_ORDERABLE_RANKS = [R.TYPE_RANK[k] for k in ORDERABLE_TEMPORAL]


def any_equals(x: Column, y: Column) -> Column:
    """``=`` of two ANYSTRUCT columns, dispatching on the type rank."""
    tx, ty = tfield(x), tfield(y)
    xi, yi, xn, yn = x.getField("i"), y.getField("i"), x.getField("n"), y.getField("n")
    numbers = F.when(xi.isNotNull() & yi.isNotNull(), xi == yi).otherwise(
        (xn == yn) & ~F.isnan(xn) & ~F.isnan(yn)
    )
    # Python UDFs are evaluated for every row (not lazily inside CASE): only hand them
    # encodings of composites, never raw strings.
    is_comp = tx.isin(R.T_LIST, R.T_MAP) & (tx == ty)
    if R.inside_lambda():
        composite = _approx_composite_equals(x.getField("s"), y.getField("s"))
    else:
        composite = any_values.composite_equals(
            F.when(is_comp, x.getField("s")), F.when(is_comp, y.getField("s"))
        )
    return (
        F.when(~_both_not_null(x, y), null_bool())
        .when(tx != ty, F.lit(False))
        .when(tx == R.T_NUMBER, numbers)
        .when(tx == R.T_STRING, x.getField("s") == y.getField("s"))
        .when(tx == R.T_BOOLEAN, x.getField("b") == y.getField("b"))
        .when(tx.isin(R.T_NODE, R.T_REL, R.T_PATH), x.getField("s") == y.getField("s"))
        .when(tx.isin(*_TEMPORAL_RANKS), x.getField("s") == y.getField("s"))
        .otherwise(composite)
    )


_NUMBER_RE = "N([0-9a-f]{16})(?:f|i[0-9a-f]{16})"
_NAN_BITS = "Nfff8000000000000"


def _approx_composite_equals(sa: Column, sb: Column) -> Column:
    """Native ``=`` of two encoded lists/maps, for lambda bodies where no UDF may run.
    Numbers compare by their double value (1 = 1.0; integers beyond 2**53 may compare
    equal to their neighbours); a value holding a null compares as null unless the rest
    differs... approximately: unequal encodings holding a null give null."""
    na = F.regexp_replace(sa, _NUMBER_RE, "N$1")
    nb = F.regexp_replace(sb, _NUMBER_RE, "N$1")
    has_null = sa.contains(anycodec.TAG_NULL) | sb.contains(anycodec.TAG_NULL)
    has_nan = sa.contains(_NAN_BITS) | sb.contains(_NAN_BITS)
    return (
        F.when(has_null, null_bool()).when(has_nan & (na == nb), F.lit(False)).otherwise(na == nb)
    )


def not_equals(a: TC, b: TC, ctx) -> Column:
    return ~equals(a, b, ctx)


# --------------------------------------------------------------------------- comparisons

_NATIVE_CMP = {
    "eq": lambda x, y: x == y,
    "lt": lambda x, y: x < y,
    "le": lambda x, y: x <= y,
    "gt": lambda x, y: x > y,
    "ge": lambda x, y: x >= y,
}


_FLIPPED = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq"}
_SCALAR_FIELD = {
    "INTEGER": (R.T_NUMBER, "i"),
    "FLOAT": (R.T_NUMBER, "n"),
    "STRING": (R.T_STRING, "s"),
    "BOOLEAN": (R.T_BOOLEAN, "b"),
}


def _dynamic_vs_scalar(op: str, x: Column, v: TC) -> Column:
    """``x <op> v`` for a dynamic ``x`` and a statically typed scalar ``v``: a small native
    expression (no dispatch over every type, no UDF)."""
    native = _NATIVE_CMP.get(op) or (lambda p, q: p == q)
    rank, _ = _SCALAR_FIELD[v.type.name]
    if rank == R.T_NUMBER:
        i, n = x.getField("i"), x.getField("n")
        v_ok = _not_nan(v.col, v.type)
        as_float = native(n, v.col) & ~F.isnan(n) & v_ok
        value = (
            F.when(i.isNotNull(), native(i, v.col) & v_ok).otherwise(as_float)
            if v.type == T.INTEGER
            else as_float
        )
    else:
        value = native(x.getField(_SCALAR_FIELD[v.type.name][1]), v.col)
    other_type = F.lit(False) if op == "eq" else null_bool()
    return (
        F.when(~_both_not_null(x, v.col), null_bool())
        .when(tfield(x) == rank, value)
        .otherwise(other_type)
    )


def compare(op: str, a: TC, b: TC, ctx) -> Column:
    """Cypher ``<``, ``<=``, ``>``, ``>=``: null for incomparable types, false with NaN."""
    if a.is_null_type or b.is_null_type:
        return null_bool()
    native = _NATIVE_CMP[op]
    if a.dynamic and b.type in _SCALARS:
        return _dynamic_vs_scalar(op, a.col, b)
    if b.dynamic and a.type in _SCALARS:
        return _dynamic_vs_scalar(_FLIPPED[op], b.col, a)
    ca, cb = _category(a.type), _category(b.type)
    if not (a.dynamic or b.dynamic):
        if ca != cb:
            return null_bool()
        if ca in ("NUMBER", "STRING", "BOOLEAN"):
            return native(a.col, b.col) & _not_nan(a.col, a.type) & _not_nan(b.col, b.type)
        if ca in ORDERABLE_TEMPORAL:
            return native(a.col, b.col)  # the struct order is Cypher's (temporal_repr.py)
        if ca not in ("LIST",):
            return null_bool()  # maps, elements, paths are not comparable with <
        if a.type.element in _SCALARS and b.type.element in _SCALARS:
            return _static_list_compare(op, a, b)
    return any_compare(op, any_col(a, ctx), any_col(b, ctx))


# element comparison outcomes folded over a list (first non-equal pair decides)
_EQ, _LT, _GT, _NULL, _NAN = 0, -1, 1, 2, 3


def _scalar_cmp3(x: Column, xt: T.CypherType, y: Column, yt: T.CypherType) -> Column:
    if _category(xt) != _category(yt):
        return F.when(F.lit(True), F.lit(_NULL))
    nan = _not_nan(x, xt) & _not_nan(y, yt)
    return (
        F.when(x.isNull() | y.isNull(), F.lit(_NULL))
        .when(~nan, F.lit(_NAN))
        .when(x < y, F.lit(_LT))
        .when(x > y, F.lit(_GT))
        .otherwise(F.lit(_EQ))
    )


def _static_list_compare(op: str, a: TC, b: TC) -> Column:
    """Cypher's lexicographic list ordering, natively (usable inside lambdas): the first
    pair of elements that is not equal decides; a null or incomparable pair first makes the
    result null, a NaN false; equal prefixes order by length."""
    ea, eb = a.type.element, b.type.element
    n = F.least(F.size(a.col), F.size(b.col))
    pairs = F.zip_with(
        F.slice(a.col, 1, n),
        F.slice(b.col, 1, n),
        R.lambda_fn(lambda x, y: _scalar_cmp3(x, ea, y, eb)),
    )
    first = F.aggregate(pairs, F.lit(_EQ), lambda acc, c: F.when(acc == _EQ, c).otherwise(acc))
    by_size = F.signum(F.size(a.col) - F.size(b.col)).cast("int")
    c = F.when(first == _EQ, by_size).otherwise(first)
    native = _NATIVE_CMP[op]
    result = (
        F.when(c == _NULL, null_bool()).when(c == _NAN, F.lit(False)).otherwise(native(c, F.lit(0)))
    )
    return F.when(_both_not_null(a.col, b.col), result)


def any_compare(op: str, x: Column, y: Column) -> Column:
    native = _NATIVE_CMP[op]
    tx, ty = tfield(x), tfield(y)
    xi, yi, xn, yn = x.getField("i"), y.getField("i"), x.getField("n"), y.getField("n")
    numbers = F.when(xi.isNotNull() & yi.isNotNull(), native(xi, yi)).otherwise(
        native(xn, yn) & ~F.isnan(xn) & ~F.isnan(yn)
    )
    return (
        F.when(~_both_not_null(x, y) | (tx != ty), null_bool())
        .when(tx == R.T_NUMBER, numbers)
        .when(tx == R.T_STRING, native(x.getField("s"), y.getField("s")))
        .when(tx == R.T_BOOLEAN, native(x.getField("b"), y.getField("b")))
        .when(tx == R.T_LIST, _list_compare(op, x, y))
        .when(tx.isin(*_ORDERABLE_RANKS), native(x.getField("s"), y.getField("s")))
        .otherwise(null_bool())
    )


def _list_compare(op: str, x: Column, y: Column) -> Column:
    R.require_udf("ordering comparison of lists of dynamic type")
    lists = (tfield(x) == R.T_LIST) & (tfield(y) == R.T_LIST)
    return any_values.composite_compare(
        op, F.when(lists, x.getField("s")), F.when(lists, y.getField("s"))
    )


# ------------------------------------------------------------------------------------ IN


def _scalar_constant(v) -> bool:
    return v is None or isinstance(v, (bool, int, float, str))


def _native_in_ok(x: TC, lst: TC) -> bool:
    """Whether ``exists`` with native equality answers ``x IN lst`` exactly: no element
    comparison may need the codec (composite values of dynamic type), which would be a
    Python UDF inside the lambda of ``exists``."""
    scalar_x = x.type in _SCALARS or x.is_null_type
    if not isinstance(lst.type, T.ListType):
        return False
    element = lst.type.element
    if (
        lst.is_const
        and isinstance(lst.const, (list, tuple))
        and all(map(_scalar_constant, lst.const))
    ):
        return scalar_x or x.dynamic
    if element in _SCALARS:
        return is_static(x.type) or x.dynamic
    if is_static(element):
        return is_static(x.type)
    return scalar_x


def in_list(x: TC, lst: TC, ctx) -> Column:
    """``x IN list``: true if an element equals x; null if none does but a comparison was
    null (x null, or a null element); false otherwise. Spark's ``exists`` has exactly this
    three-valued behaviour."""
    from .column_utils import as_list

    if lst.is_null_type:
        return null_bool()
    if (not _native_in_ok(x, lst) or R.has_python_udf(x.col)) and not R.inside_lambda():
        # Elements may be composite values of dynamic type: Python decides (no UDF may
        # run inside the lambda of `exists`).
        x_any = any_col(x, ctx)
        lst_any = any_col(lst, ctx)
        is_list = tfield(lst_any) == R.T_LIST
        bad = lst_any.isNotNull() & ~is_list
        found = any_values.contains(
            F.to_json(F.struct(x_any.alias("v"))), F.when(is_list, lst_any.getField("s"))
        )
        return F.when(
            bad, type_error("IN needs a list", "InvalidArgumentType").cast("boolean")
        ).otherwise(found)
    lst = as_list(lst, ctx)
    element = lst.type.element
    return F.exists(lst.col, R.lambda_fn(lambda y: equals(x, TC(y, element), ctx)))


# ----------------------------------------------------------------------------- arithmetic

_TRY_INT = {"add": F.try_add, "sub": F.try_subtract, "mul": F.try_multiply}


def _int_arith(op: str, a: Column, b: Column) -> Column:
    """Exact 64-bit integer arithmetic; overflow and division by zero fail. The checks read
    each operand more than once: large operands are bound once (R.bind_once)."""
    return R.bind_once(lambda x, y: _checked_int_arith(op, x, y), a, b)


def _checked_int_arith(op: str, a: Column, b: Column) -> Column:
    if op in _TRY_INT:
        r = _TRY_INT[op](a, b)
        return F.when(_both_not_null(a, b) & r.isNull(), overflow_error()).otherwise(r)
    if op in ("div", "mod"):
        fn = "div" if op == "div" else "mod"
        guarded = F.when(b == 0, division_by_zero())
        if op == "div":
            guarded = guarded.when((a == F.lit(INT64_MIN)) & (b == -1), overflow_error())
            return guarded.otherwise(F.call_function(fn, a, b))
        # Java remainder: the sign follows the dividend (Spark's % on longs does the same).
        return guarded.when(b == -1, F.lit(0).cast("long")).otherwise(a % b)
    if op == "pow":
        return F.pow(a, b)
    raise KeyError(op)


_INF = float("inf")


def _float_arith(op: str, a: Column, b: Column) -> Column:
    """IEEE-754 double arithmetic (division by zero gives Infinity/NaN, as in Java)."""
    if op == "add":
        return a + b
    if op == "sub":
        return a - b
    if op == "mul":
        return a * b
    if op == "pow":
        return F.pow(a, b)
    if op == "div":
        # Spark yields null (or fails under ANSI) on x / 0.0; Java gives +-Infinity or NaN.
        zero_sign = F.signum(F.atan2(b, F.lit(-1.0)))  # the sign of a signed zero
        by_zero = F.when(F.isnan(a) | (a == 0), F.lit(float("nan"))).otherwise(
            F.signum(a) * zero_sign * F.lit(_INF)
        )
        return F.when(b == 0, by_zero).otherwise(a / b)
    if op == "mod":
        return F.when(b == 0, F.lit(float("nan"))).otherwise(a % b)
    raise KeyError(op)


def arithmetic(op: str, a: TC, b: TC, result_type: T.CypherType, ctx, pending=False) -> TC:
    """``a <op> b`` for op in add/sub/mul/div/mod/pow. With ``pending`` the result may be
    a chain without a column (``materialized`` makes it one), which a following
    ``arithmetic`` extends: a compiler compiling ``a + b + c`` asks for it."""
    if not _extends_chain(op, a, b):
        a = materialized(a)
    b = materialized(b)
    result = _arithmetic(op, a, b, result_type, ctx)
    return result if pending else materialized(result)


def _arithmetic(op: str, a: TC, b: TC, result_type: T.CypherType, ctx) -> TC:
    if a.is_null_type or b.is_null_type:
        return TC(
            F.lit(None).cast(R.spark_type(result_type, ctx))
            if result_type != T.NULL
            else F.lit(None),
            result_type,
        )
    if temporal.is_temporal_arithmetic(op, a, b):
        return temporal.arithmetic(op, a, b, result_type, ctx)
    if op == "add":
        special = _add_special(a, b, result_type, ctx)
        if special is not None:
            return special
    if a.dynamic or b.dynamic:
        return _dynamic_arith(op, a, b, ctx)
    if a.type == T.INTEGER and b.type == T.INTEGER:
        if op == "pow":
            return TC(F.pow(a.col, b.col), T.FLOAT)
        return _chained("INTEGER", _checked_int_arith, op, a, b.col, T.INTEGER)
    if a.type.is_numeric and b.type.is_numeric:
        return TC(_float_arith(op, a.col.cast("double"), b.col.cast("double")), T.FLOAT)
    return TC(
        type_error(f"cannot apply {op} to {a.type} and {b.type}", "InvalidArgumentType"),
        result_type,
    )


def _num_to_string(tc: TC) -> Column:
    """Cypher's toString of a number (Spark's double-to-string is Java's Double.toString)."""
    if tc.dynamic:
        i, n = tc.col.getField("i"), tc.col.getField("n")
        return F.when(i.isNotNull(), i.cast("string")).otherwise(n.cast("string"))
    return tc.col.cast("string")


def _add_special(a: TC, b: TC, result_type, ctx) -> TC | None:
    """String concatenation and list concatenation / append / prepend."""
    la, lb = isinstance(a.type, T.ListType), isinstance(b.type, T.ListType)
    if la or lb:
        rt = result_type if isinstance(result_type, T.ListType) else T.ListType(T.ANY)
        if la and lb:
            return TC(F.concat(to_type(a, rt, ctx), to_type(b, rt, ctx)), rt)
        if la:
            return TC(
                F.when(b.col.isNotNull(), F.concat(to_type(a, rt, ctx), _as_items(b, rt, ctx))), rt
            )
        return TC(
            F.when(a.col.isNotNull(), F.concat(_as_items(a, rt, ctx), to_type(b, rt, ctx))), rt
        )
    sa, sb = a.type == T.STRING, b.type == T.STRING
    if (sa or sb) and not (a.dynamic or b.dynamic):
        left = a.col if sa else _num_to_string(a)
        right = b.col if sb else _num_to_string(b)
        return TC(F.concat(left, right), T.STRING)
    return None


def _as_items(v: TC, rt: T.ListType, ctx) -> Column:
    """The elements ``v`` contributes to ``list + v``: a one-element list, or, for a
    dynamic value that is a list at runtime, its elements (list concatenation)."""
    one = F.array(to_type(v, rt.element, ctx))
    if not v.dynamic:
        return one
    is_list = tfield(v.col) == R.T_LIST
    decoded = R.from_any(F.when(is_list, v.col), rt, ctx)
    return F.when(is_list, decoded).otherwise(one)


def _dynamic_arith(op: str, a: TC, b: TC, ctx) -> TC:
    """Arithmetic with a dynamic side: numbers (int op int stays int), and for ``+``
    strings and lists, chosen per row on the type ranks (a chain of them is one fold)."""
    if a.chain is None:
        a = TC(any_col(a, ctx), T.ANY)
    result_type = T.ANY if op == "add" else T.NUMBER
    return _chained("ANY", _dynamic_arith_of, op, a, any_col(b, ctx), result_type)


def _chained(kind: str, body, op: str, a: TC, b: Column, result_type: T.CypherType) -> TC:
    """``a <op> b`` as a pending chain (no column yet): ``a``'s chain extended, or a new one."""
    if a.chain is not None and a.chain.kind == kind:
        return TC(None, result_type, chain=a.chain.extended(op, b))
    return TC(None, result_type, chain=ArithChain.first(kind, body, a.col, op, b))


def materialized(tc: TC) -> TC:
    """``tc`` with its column: a pending chain (see arithmetic) becomes one expression."""
    if tc.chain is None:
        return tc
    return TC(tc.chain.column(), tc.type)


def _extends_chain(op: str, a: TC, b: TC) -> bool:
    """Whether ``a <op> b`` extends ``a``'s pending chain (else ``a`` needs its column)."""
    if a.chain is None:
        return False
    if a.chain.kind == "INTEGER":
        return b.type == T.INTEGER and op in ("add", "sub", "mul", "div", "mod")
    return b.dynamic or b.type in _SCALARS


def _dynamic_arith_of(op: str, x: Column, y: Column) -> Column:
    tx, ty = tfield(x), tfield(y)
    xi, yi, xn, yn = x.getField("i"), y.getField("i"), x.getField("n"), y.getField("n")
    both_numbers = (tx == R.T_NUMBER) & (ty == R.T_NUMBER)
    if op == "pow":
        numeric = R.any_of(F.pow(xn, yn), R.T_NUMBER, "n")
    else:
        numeric = F.when(
            xi.isNotNull() & yi.isNotNull(), R.any_of(_int_arith(op, xi, yi), R.T_NUMBER, "i")
        ).otherwise(R.any_of(_float_arith(op, xn, yn), R.T_NUMBER, "n"))
    result = F.when(~_both_not_null(x, y), F.lit(None).cast(R.ANY_STRUCT)).when(
        both_numbers, numeric
    )
    if op == "add":

        def as_str(c, t):
            return F.when(t == R.T_STRING, c.getField("s")).otherwise(
                F.when(c.getField("i").isNotNull(), c.getField("i").cast("string")).otherwise(
                    c.getField("n").cast("string")
                )
            )

        strings = (
            ((tx == R.T_STRING) | (ty == R.T_STRING))
            & tx.isin(R.T_STRING, R.T_NUMBER)
            & ty.isin(R.T_STRING, R.T_NUMBER)
        )
        result = result.when(
            strings, R.any_of(F.concat(as_str(x, tx), as_str(y, ty)), R.T_STRING, "s")
        )
        lists = (tx == R.T_LIST) | (ty == R.T_LIST)
        result = result.when(lists, any_encoding.list_concat(x, y))
    return result.otherwise(
        type_error(f"cannot apply {op} to these values", "InvalidArgumentType").cast(R.ANY_STRUCT)
    )


def negate(a: TC, ctx) -> TC:
    if a.is_null_type:
        return TC(F.lit(None).cast("long"), T.INTEGER)
    if a.type == T.INTEGER:
        return TC(_int_arith("sub", F.lit(0).cast("long"), a.col), T.INTEGER)
    if a.type == T.FLOAT:
        return TC(-a.col, T.FLOAT)
    return dynamic_number_unary(
        a,
        ctx,
        lambda i: _int_arith("sub", F.lit(0).cast("long"), i),
        lambda n: -n,
        type_error("cannot negate a non-number", "InvalidArgumentType"),
    )


def dynamic_number_unary(a: TC, ctx, on_integer, on_float, non_number: Column) -> TC:
    """A function of one number of dynamic type (``-x``, ``abs(x)``): ``on_integer`` of
    the integer field or ``on_float`` of the float field; other types fail with
    ``non_number``."""

    def of(x: Column) -> Column:
        i = x.getField("i")
        return (
            F.when(x.isNull(), F.lit(None).cast(R.ANY_STRUCT))
            .when(tfield(x) != R.T_NUMBER, non_number.cast(R.ANY_STRUCT))
            .when(i.isNotNull(), R.any_of(on_integer(i), R.T_NUMBER, "i"))
            .otherwise(R.any_of(on_float(x.getField("n")), R.T_NUMBER, "n"))
        )

    return TC(R.bind_once(of, any_col(a, ctx)), T.NUMBER)
