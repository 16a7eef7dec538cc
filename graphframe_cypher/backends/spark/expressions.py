"""Compiles the typed expression IR (``ir/expr.py``) into native PySpark Column expressions
with Cypher's semantics.

The physical layout of values is described in ``representation.py``. The compiler works on
:class:`~.column_utils.TC` pairs (column, static type): every node is compiled to the
layout of its static ``type`` (a function returning another type is converted with
``representation.cast_to``), so a parent always knows how its children are laid out.

Modules:

* ``ops.py`` - equality, ordering, IN, arithmetic (typed fast paths + dynamic dispatch);
* ``functions_builtin.py`` - the scalar function table (strings, maths, conversions, lists,
  graph elements);
* ``aggregates.py`` - aggregates;
* ``any_values.py`` - the few vectorized (Arrow) UDFs for composite ANY values;
* ``column_utils.py`` - the runtime error mechanism and :func:`translate_spark_error`.

Everything is a native Spark expression (``pyspark.sql.functions``, higher-order functions
for list comprehensions and quantifiers) except operations on composite values of dynamic
type, which use vectorized ``pandas_udf``s. Results do not depend on
``spark.sql.ansi.enabled``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from pyspark.sql import Column
from pyspark.sql import functions as F

from ... import types as T
from ...errors import CypherSyntaxError, UnsupportedFeature
from ...ir import expr as E
from . import aggregates, any_values, ops, temporal
from . import representation as R
from .column_utils import (
    TC,
    as_boolean,
    as_list,
    as_type,
    cypher_error,
    null_bool,
    null_of,
    tfield,
    to_type,
    translate_spark_error,
)
from .functions_builtin import IMPLS as FUNCTION_IMPLS
from .representation import ReprContext

__all__ = ["SparkExpressionCompiler", "ReprContext", "translate_spark_error", "quote_name"]


def quote_name(name: str) -> str:
    """A column reference for any column name (backticks doubled inside backticks)."""
    return "`" + name.replace("`", "``") + "`"


class SparkExpressionCompiler:
    """Compiles IR expressions to Spark Columns.

    ``ctx`` gives at least ``id_type`` (the Spark type of element ids)."""

    def __init__(self, ctx=None):
        self.ctx = ctx if ctx is not None else ReprContext()
        self._scope: dict[str, TC] = {}

    # ------------------------------------------------------------------------- public

    def compile(self, expr: E.IRExpr) -> Column:
        """The Spark column of ``expr``, in the physical layout of ``expr.type``."""
        return self.typed(expr).col

    def compile_aggregate(self, expr: E.AggCall) -> Column:
        args = [self.typed(a) for a in expr.args]
        tc = aggregates.compile_aggregate(expr.fn.lower(), args, expr.distinct, expr.args, self.ctx)
        return self._conform(tc, expr.type).col

    def compile_sort_key(self, expr: E.IRExpr) -> Column:
        """A column whose native Spark ordering is Cypher's ORDER BY order of ``expr``
        (null handling aside: the caller uses asc_nulls_last / desc_nulls_first).

        Scalars and ANYSTRUCT order natively; nodes and relationships by id; lists, maps
        and paths by their order-preserving encoding (Spark would put null elements of
        an array first, Cypher puts them last)."""
        tc = self.typed(expr)
        ct = tc.type
        if ct in (T.BOOLEAN, T.INTEGER, T.FLOAT, T.STRING, T.NULL) or R.is_dynamic(ct):
            return tc.col
        if isinstance(ct, T.ElementType):
            return tc.col.getField("_id")
        return R.to_any(tc.col, ct, self.ctx)

    def typed(self, expr: E.IRExpr) -> TC:
        """Compile ``expr`` to a (column, type) pair, the type being ``expr.type``."""
        handler = self._HANDLERS.get(type(expr))
        if handler is None:
            raise UnsupportedFeature(f"cannot compile {type(expr).__name__} expressions")
        tc = handler(self, expr)
        return self._conform(tc, expr.type)

    # ----------------------------------------------------------------------- helpers

    def _conform(self, tc: TC, target: T.CypherType) -> TC:
        """Bring a result to the layout of the declared type."""
        if tc.type == target:
            return tc
        if tc.is_const:
            return TC(to_type(tc, target, self.ctx), target, tc.const)
        if target == T.NULL:
            return TC(F.lit(None), T.NULL)
        if (
            isinstance(tc.type, T.ListType)
            and isinstance(target, T.ListType)
            and R.spark_type(tc.type, self.ctx) == R.spark_type(target, self.ctx)
        ):
            return TC(tc.col, target)
        return TC(R.cast_to(tc.col, tc.type, target, self.ctx), target)

    # ---------------------------------------------------------------------- handlers

    def _col(self, expr: E.Col) -> TC:
        return TC(F.col(quote_name(expr.name)), expr.type)

    def _lit(self, expr: E.Lit) -> TC:
        if expr.value is None:
            return TC(null_of(expr.type, self.ctx), expr.type, None)
        return TC(R.literal(expr.value, expr.type, self.ctx), expr.type, expr.value)

    def _lambda_var(self, expr: E.LambdaVar) -> TC:
        if expr.name not in self._scope:
            raise CypherSyntaxError(f"Variable `{expr.name}` not defined", code="UndefinedVariable")
        return self._scope[expr.name]

    def _call(self, expr: E.Call) -> TC:
        if expr.fn in _ARITHMETIC:
            return ops.materialized(self._arithmetic(expr))
        args = [self.typed(a) for a in expr.args]
        handler = _OPERATOR_IMPLS.get(expr.fn)
        if handler is not None:
            return handler(self, args, expr)
        fn = FUNCTION_IMPLS.get(expr.fn)
        if fn is None:
            raise UnsupportedFeature(f"function {expr.fn}() is not supported by the Spark backend")
        return fn(args, self.ctx, expr)

    def _arithmetic(self, expr: E.Call) -> TC:
        """``a <op> b``, possibly pending (ops.arithmetic): a left operand that is
        arithmetic too is compiled pending, so ``a + b + c ...`` becomes one fold."""
        left, right = expr.args
        if isinstance(left, E.Call) and left.fn in _ARITHMETIC:
            a = self._arithmetic(left)
            if a.type != left.type:
                a = self._conform(ops.materialized(a), left.type)
        else:
            a = self.typed(left)
        tc = ops.arithmetic(expr.fn, a, self.typed(right), expr.type, self.ctx, pending=True)
        return tc if tc.type == expr.type else self._conform(ops.materialized(tc), expr.type)

    def _case(self, expr: E.CaseWhen) -> TC:
        result = None
        for cond, value in expr.branches:
            c = as_boolean(self.typed(cond), self.ctx)
            v = to_type(self.typed(value), expr.type, self.ctx)
            # F.when treats a null condition as false, as Cypher's CASE does.
            result = F.when(c, v) if result is None else result.when(c, v)
        default = (
            to_type(self.typed(expr.default), expr.type, self.ctx)
            if expr.default is not None
            else null_of(expr.type, self.ctx)
        )
        if result is None:
            return TC(default, expr.type)
        return TC(result.otherwise(default), expr.type)

    def _list_of(self, expr: E.ListOf) -> TC:
        lt = expr.type if isinstance(expr.type, T.ListType) else T.ListType(T.ANY)
        items = [to_type(self.typed(i), lt.element, self.ctx) for i in expr.items]
        if not items:
            return TC(F.array().cast(R.spark_type(lt, self.ctx)), lt)
        return TC(F.array(*items), lt)

    def _map_of(self, expr: E.MapOf) -> TC:
        mt = (
            expr.type
            if isinstance(expr.type, T.MapType)
            else T.MapType({k: v.type for k, v in zip(expr.keys, expr.values, strict=False)})
        )
        compiled = {k: self.typed(v) for k, v in zip(expr.keys, expr.values, strict=False)}
        if mt.fields is None:
            if not compiled:
                return TC(F.create_map().cast(R.spark_type(mt, self.ctx)), mt)
            keys = F.array(*(F.lit(k) for k in compiled))
            values = F.array(*(R.to_any(tc.col, tc.type, self.ctx) for tc in compiled.values()))
            return TC(F.map_from_arrays(keys, values), mt)
        fields = []
        for key, ft in mt.fields:
            tc = compiled.get(key)
            col = to_type(tc, ft, self.ctx) if tc is not None else null_of(ft, self.ctx)
            fields.append(col.alias(key))
        return TC(F.struct(*fields), mt)

    def _list_fn(self, expr: E.ListFn) -> TC:
        source = as_list(self.typed(expr.source), self.ctx)
        element = source.type.element
        return _LIST_FNS[expr.fn](self, expr, source, element)

    def _bound(self, bindings: dict[str, TC], body: E.IRExpr) -> TC:
        """Compile ``body`` with lambda variables bound (scopes nest)."""
        saved = self._scope
        self._scope = {**saved, **bindings}
        try:
            with R.in_lambda():
                return self.typed(body)
        finally:
            self._scope = saved

    def _element_of(self, expr: E.ElementOf) -> TC:
        et = expr.type if isinstance(expr.type, T.ElementType) else T.NODE
        id_col = self.compile(expr.id)
        props = []
        given = dict(expr.properties)
        for key, pt in et.properties:
            if key in given:
                props.append(to_type(self.typed(given[key]), pt, self.ctx).alias(key))
            else:
                props.append(null_of(pt, self.ctx).alias(key))
        props_col = F.struct(*props)
        if et.name == "NODE":
            present = [
                F.when(as_boolean(self.typed(cond), self.ctx), F.lit(label))
                for label, cond in sorted(expr.labels)
            ]
            labels = (
                F.array_compact(F.array(*present)) if present else F.array().cast("array<string>")
            )
            fields = [id_col.alias("_id"), labels.alias("_labels"), props_col.alias("_props")]
        else:
            fields = [
                id_col.alias("_id"),
                self.compile(expr.rel_type).alias("_type"),
                self.compile(expr.source).alias("_src"),
                self.compile(expr.target).alias("_dst"),
                props_col.alias("_props"),
            ]
        struct = F.struct(*fields).cast(R.spark_type(et, self.ctx))
        # an unmatched OPTIONAL MATCH element (null id) is a null value, not a struct of nulls
        return TC(F.when(id_col.isNotNull(), struct), et)

    def _path_of(self, expr: E.PathOf) -> TC:
        """Nodes and relationships are single elements or, for variable-length
        relationships, lists spliced into the path."""
        pt = expr.type if isinstance(expr.type, T.PathType) else T.PATH
        nodes = [self.typed(n) for n in expr.nodes]
        rels = [self.typed(r) for r in expr.relationships]
        rel_array = (
            F.concat(*(self._path_items(r, pt.relationship) for r in rels))
            if rels
            else F.array().cast(R.spark_type(T.ListType(pt.relationship), self.ctx))
        )
        node_array = F.concat(*(self._path_items(n, pt.node) for n in nodes))
        struct = F.struct(node_array.alias("_nodes"), rel_array.alias("_rels"))
        # an unmatched OPTIONAL MATCH pattern (a null node or list) is a null path
        any_null = functools.reduce(lambda a, b: a | b, (x.col.isNull() for x in nodes + rels))
        return TC(F.when(~any_null, struct), pt)

    def _path_items(self, tc: TC, element: T.ElementType) -> Column:
        if isinstance(tc.type, T.ListType):
            return to_type(tc, T.ListType(element), self.ctx)
        return F.array(to_type(tc, element, self.ctx))

    _HANDLERS: dict[type, Callable] = {
        E.Col: _col,
        E.Lit: _lit,
        E.LambdaVar: _lambda_var,
        E.Call: _call,
        E.CaseWhen: _case,
        E.ListOf: _list_of,
        E.MapOf: _map_of,
        E.ListFn: _list_fn,
        E.ElementOf: _element_of,
        E.PathOf: _path_of,
    }


# ---------------------------------------------------------------------------- operators


def _boolean_binary(fn):
    def compile_op(self, args, expr):
        a, b = (as_boolean(x, self.ctx) for x in args)
        return TC(fn(a, b), T.BOOLEAN)

    return compile_op


def _xor(a: Column, b: Column) -> Column:
    # Spark has no logical XOR; null in, null out.
    return F.when(a.isNotNull() & b.isNotNull(), a != b)


def _not(self, args, expr):
    return TC(~as_boolean(args[0], self.ctx), T.BOOLEAN)


def _comparison(op):
    def compile_op(self, args, expr):
        return TC(ops.compare(op, args[0], args[1], self.ctx), T.BOOLEAN)

    return compile_op


def _string_predicate(fn):
    def compile_op(self, args, expr):
        a, b = args
        if a.is_null_type or b.is_null_type:
            return TC(null_bool(), T.BOOLEAN)
        # Non-strings give null (not an error): narrow dynamic values with or_null.
        sa = as_type(a, T.STRING, self.ctx, or_null=True) if a.type != T.STRING else a.col
        sb = as_type(b, T.STRING, self.ctx, or_null=True) if b.type != T.STRING else b.col
        if (a.type != T.STRING and not a.dynamic) or (b.type != T.STRING and not b.dynamic):
            return TC(null_bool(), T.BOOLEAN)
        return TC(fn(sa, sb), T.BOOLEAN)

    return compile_op


def _regex_full_match(s: Column, pattern: Column) -> Column:
    # Cypher's =~ matches the whole string (Java Matcher.matches); Spark's regexp finds.
    anchored = F.concat(F.lit("^(?:"), pattern, F.lit(")\\z"))
    return F.regexp_like(s, anchored)


def _is_null(self, args, expr):
    return TC(args[0].col.isNull(), T.BOOLEAN)


def _is_not_null(self, args, expr):
    return TC(args[0].col.isNotNull(), T.BOOLEAN)


def _in(self, args, expr):
    return TC(ops.in_list(args[0], args[1], self.ctx), T.BOOLEAN)


def _neg(self, args, expr):
    return ops.negate(args[0], self.ctx)


def _index(self, args, expr):
    subject, key = args
    if subject.is_null_type or key.is_null_type:
        return TC(null_of(expr.type, self.ctx), expr.type)
    st = subject.type
    if isinstance(st, T.ListType) or (subject.dynamic and key.type == T.INTEGER):
        return _list_index(self, subject, key)
    if isinstance(st, (T.MapType, T.ElementType)):
        return _lookup(self, subject, key, expr)
    if subject.dynamic and key.dynamic:
        # list or map: decided per row
        as_list_result = _list_index(
            self, TC(F.when(tfield(subject.col) == R.T_LIST, subject.col), st), key
        )
        as_map_result = _lookup(
            self, TC(F.when(tfield(subject.col) != R.T_LIST, subject.col), st), key, expr
        )
        return TC(
            F.when(
                tfield(subject.col) == R.T_LIST,
                R.to_any(as_list_result.col, as_list_result.type, self.ctx),
            ).otherwise(as_map_result.col),
            T.ANY,
        )
    if subject.dynamic:
        return _lookup(self, subject, key, expr)
    # neither a list nor a map: a runtime TypeError (the subject may be a parameter)
    bad = cypher_error("TypeError", "InvalidArgumentType", f"cannot index a {st}")
    return TC(
        F.when(subject.col.isNotNull(), bad.cast(R.spark_type(expr.type, self.ctx))), expr.type
    )


def _list_index(self, subject: TC, key: TC) -> TC:
    lst = as_list(subject, self.ctx)
    i = as_type(key, T.INTEGER, self.ctx, "list index", code="InvalidArgumentType")
    # Cypher is 0-based with negative indices from the end; element_at is 1-based
    # (negative from the end too); out of range gives null.
    pos = F.when(i >= 0, i + 1).otherwise(i)
    return TC(F.try_element_at(lst.col, pos.cast("int")), lst.type.element)


_NON_STRING_KEY = "MapElementAccessByNonString"


def _lookup(self, subject: TC, key: TC, expr) -> TC:
    """``subject[key]`` / ``subject.key`` on maps, nodes and relationships."""
    static_key = _literal_key(expr)
    st = subject.type
    if isinstance(st, T.ElementType):
        fields, container = st.properties, subject.col.getField("_props")
    elif isinstance(st, T.MapType) and st.fields is not None:
        fields, container = st.fields, subject.col
    elif isinstance(st, T.MapType):
        k = as_type(key, T.STRING, self.ctx, "map key", code=_NON_STRING_KEY)
        return TC(subject.col[k], T.ANY)
    elif subject.dynamic:
        comp = tfield(subject.col).isin(R.T_MAP, R.T_NODE, R.T_REL)
        k = as_type(key, T.STRING, self.ctx, "map key", code=_NON_STRING_KEY)
        value = any_values.composite_property(F.when(comp, subject.col.getField("s")), k)
        bad = subject.col.isNotNull() & ~comp
        from .column_utils import type_error

        if not R.inside_lambda():
            # components of temporal values of dynamic type (in Python)
            is_temporal = temporal.has_temporal_rank(subject.col)
            bad = bad & ~is_temporal
            part = temporal.dynamic_component(F.when(is_temporal, subject.col), k, self.ctx)
            value = F.when(is_temporal, part).otherwise(value)

        return TC(
            F.when(
                bad, type_error("property access on a non-map value").cast(R.ANY_STRUCT)
            ).otherwise(value),
            T.ANY,
        )
    else:
        return TC(null_of(expr.type, self.ctx), expr.type)
    field_types = dict(fields)
    if static_key is None and key.type not in (T.STRING, T.NULL) and not key.dynamic:
        bad = cypher_error("TypeError", _NON_STRING_KEY, "map keys are strings")
        return TC(
            F.when(
                subject.col.isNotNull() & key.col.isNotNull(),
                bad.cast(R.spark_type(expr.type, self.ctx)),
            ),
            expr.type,
        )
    if static_key is not None:
        if static_key not in field_types:
            return TC(F.lit(None), T.NULL)
        value = R.struct_field(container, fields, static_key, self.ctx)
        return TC(value, field_types[static_key])
    # dynamic key over a struct: look it up in a map of the fields (as ANY)
    if not fields:
        return TC(F.lit(None), T.NULL)
    k = as_type(key, T.STRING, self.ctx, "map key", code=_NON_STRING_KEY)
    as_map = F.map_from_arrays(
        F.array(*(F.lit(f) for f, _ in fields)),
        F.array(
            *(
                R.to_any(R.struct_field(container, fields, f, self.ctx), t, self.ctx)
                for f, t in fields
            )
        ),
    )
    return TC(F.when(subject.col.isNotNull(), as_map[k]), T.ANY)


def _literal_key(expr) -> str | None:
    key = expr.args[1]
    if isinstance(key, E.Lit) and isinstance(key.value, str):
        return key.value
    return None


def _property(self, args, expr):
    subject, key = args
    if subject.is_null_type:
        return TC(null_of(expr.type, self.ctx), expr.type)
    if subject.type.name in T.TEMPORAL_TYPES and _literal_key(expr) is not None:
        return temporal.component(subject, _literal_key(expr), expr.type, self.ctx)
    return _lookup(self, subject, key, expr)


def _slice(self, args, expr):
    lst = as_list(args[0], self.ctx)
    n = F.size(lst.col)

    def bound(tc: E.IRExpr, compiled: TC, default: Column) -> tuple[Column, Column]:
        # An omitted bound (list[..2], list[1..]) is a Lit(None) of type INTEGER; an explicit
        # null bound (the literal null, type NULL) or a null at runtime makes the slice null.
        if isinstance(tc, E.Lit) and tc.value is None and tc.type != T.NULL:
            return default, F.lit(False)
        v = as_type(compiled, T.INTEGER, self.ctx, "slice bound")
        clamped = F.when(v < 0, F.greatest(n + v, F.lit(0))).otherwise(F.least(v, n))
        return clamped, v.isNull()

    start, start_null = bound(expr.args[1], args[1], F.lit(0))
    end, end_null = bound(expr.args[2], args[2], n)
    length = F.greatest(end - start, F.lit(0))
    sliced = F.slice(lst.col, (start + 1).cast("int"), length.cast("int"))
    return TC(
        F.when(lst.col.isNull() | start_null | end_null, null_of(lst.type, self.ctx)).otherwise(
            sliced
        ),
        lst.type,
    )


def _has_labels(self, args, expr):
    subject = args[0]
    labels_expr = expr.args[1]
    labels = labels_expr.value if isinstance(labels_expr, E.Lit) else None
    if labels is None:
        raise UnsupportedFeature("has_labels needs a literal list of labels")
    if subject.is_null_type:
        return TC(null_bool(), T.BOOLEAN)
    from .functions_builtin import _element

    node = _element(subject, "NODE", self.ctx)
    node_labels = node.col.getField("_labels")
    result = F.lit(True)
    for label in labels:
        result = result & F.array_contains(node_labels, F.lit(label))
    return TC(F.when(node.col.isNotNull(), result), T.BOOLEAN)


# compiled by SparkExpressionCompiler._arithmetic (chains of them as one fold)
_ARITHMETIC = frozenset(("add", "sub", "mul", "div", "mod", "pow"))

_OPERATOR_IMPLS: dict[str, Callable] = {
    "and": _boolean_binary(lambda a, b: a & b),  # Spark's AND/OR are three-valued already
    "or": _boolean_binary(lambda a, b: a | b),
    "xor": _boolean_binary(_xor),
    "not": _not,
    "eq": lambda self, args, expr: TC(ops.equals(args[0], args[1], self.ctx), T.BOOLEAN),
    "neq": lambda self, args, expr: TC(ops.not_equals(args[0], args[1], self.ctx), T.BOOLEAN),
    **{op: _comparison(op) for op in ("lt", "le", "gt", "ge")},
    "neg": _neg,
    "is_null": _is_null,
    "is_not_null": _is_not_null,
    "in": _in,
    "starts_with": _string_predicate(lambda s, p: s.startswith(p)),
    "ends_with": _string_predicate(lambda s, p: s.endswith(p)),
    "contains": _string_predicate(lambda s, p: s.contains(p)),
    "regex": _string_predicate(_regex_full_match),
    "index": _index,
    "property": _property,
    "slice": _slice,
    "has_labels": _has_labels,
    # the conversion to the call's type is done by _conform
    "coerce": lambda self, args, expr: args[0],
}


# ----------------------------------------------------------------------- list functions


def _lf_transform(self, expr, source: TC, element):
    out = expr.type.element if isinstance(expr.type, T.ListType) else T.ANY
    col = F.transform(
        source.col,
        lambda x: to_type(self._bound({expr.variable: TC(x, element)}, expr.body), out, self.ctx),
    )
    return TC(col, T.ListType(out))


def _predicate(self, expr, element):
    return lambda x: as_boolean(self._bound({expr.variable: TC(x, element)}, expr.body), self.ctx)


def _lf_filter(self, expr, source, element):
    pred = _predicate(self, expr, element)
    return TC(F.filter(source.col, lambda x: F.coalesce(pred(x), F.lit(False))), source.type)


def _lf_all(self, expr, source, element):
    # Spark's forall/exists are three-valued, as Cypher's all()/any().
    return TC(F.forall(source.col, _predicate(self, expr, element)), T.BOOLEAN)


def _lf_any(self, expr, source, element):
    return TC(F.exists(source.col, _predicate(self, expr, element)), T.BOOLEAN)


def _lf_none(self, expr, source, element):
    return TC(~F.exists(source.col, _predicate(self, expr, element)), T.BOOLEAN)


def _lf_single(self, expr, source, element):
    pred = _predicate(self, expr, element)
    trues = F.size(F.filter(source.col, lambda x: F.coalesce(pred(x), F.lit(False))))
    nulls = F.size(F.filter(source.col, lambda x: pred(x).isNull()))
    result = F.when(trues > 1, F.lit(False)).when(nulls > 0, null_bool()).otherwise(trues == 1)
    return TC(F.when(source.col.isNotNull(), result), T.BOOLEAN)


def _lf_reduce(self, expr, source, element):
    acc_type = expr.type
    init = to_type(self.typed(expr.init), acc_type, self.ctx)

    def step(acc, x):
        bindings = {expr.accumulator: TC(acc, acc_type), expr.variable: TC(x, element)}
        return to_type(self._bound(bindings, expr.body), acc_type, self.ctx)

    return TC(F.when(source.col.isNotNull(), F.aggregate(source.col, init, step)), acc_type)


_LIST_FNS = {
    "transform": _lf_transform,
    "filter": _lf_filter,
    "all": _lf_all,
    "any": _lf_any,
    "none": _lf_none,
    "single": _lf_single,
    "reduce": _lf_reduce,
}
