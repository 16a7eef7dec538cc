"""The DuckDB implementations of the IR's operators and functions: :data:`CALLS` maps each
canonical name (``ir/functions.py``) to a handler ``(compiler, call, columns) -> SQL``.

Names missing from the table fail with UnsupportedFeature naming the function (see
``SqlExpressionCompiler.compile``); ``unimplemented_functions()`` lists them for the
report of what this backend does not do yet.
"""

from __future__ import annotations

from collections.abc import Callable

from ... import types as T
from ...ir import expr as E
from ...ir.functions import FUNCTIONS, OPERATORS
from ...temporal import functions as TF
from .expressions import SqlExpressionCompiler, raise_error, unsupported
from .representation import quote_name, quote_string

Handler = Callable[[SqlExpressionCompiler, E.Call, dict], str]

_NUMERIC = ("INTEGER", "FLOAT")
# Types whose DuckDB order is Cypher's (temporal structs: see representation.py).
ORDERABLE = (
    "INTEGER",
    "FLOAT",
    "STRING",
    "BOOLEAN",
    "DATE",
    "LOCALTIME",
    "TIME",
    "LOCALDATETIME",
    "DATETIME",
)


def is_orderable_list(ctype: T.CypherType) -> bool:
    return isinstance(ctype, T.ListType) and ctype.element.name in ORDERABLE


def list_sort_key(sql: str) -> str:
    """A value DuckDB orders as Cypher orders the list ``sql``: element by element, a null
    element after every value."""
    return f"list_transform({sql}, lambda e: struct_pack(n := e IS NULL, v := e))"


def _args(c: SqlExpressionCompiler, call: E.Call, columns) -> list[str]:
    return [c.compile(a, columns) for a in call.args]


def _family(ctype: T.CypherType) -> str:
    return "NUMBER" if ctype.name in _NUMERIC else ctype.name


def _null_if_any_null(parts: list[str], then: str) -> str:
    test = " OR ".join(f"({p}) IS NULL" for p in parts)
    return f"CASE WHEN {test} THEN NULL ELSE {then} END"


# -- equality and comparison --------------------------------------------------------------


def equals_sql(c: SqlExpressionCompiler, a: str, at: T.CypherType, b: str, bt: T.CypherType) -> str:
    """Cypher's ``=``: null when either side is null (or a list holds a null that decides),
    false across types, elements by id, lists and maps element-wise."""
    if T.NULL in (at, bt):
        return "CAST(NULL AS BOOLEAN)"
    if _family(at) != _family(bt):
        return _null_if_any_null([a, b], "FALSE")
    if isinstance(at, T.ElementType):
        return f"(({a})._id = ({b})._id)"
    if isinstance(at, T.ListType):
        return _list_equals(c, a, at, b, bt)
    if isinstance(at, T.MapType):
        return _map_equals(c, a, at, b, bt)
    if isinstance(at, T.PathType):
        ids = "list_transform({}.{}, lambda e: e._id)"
        same = (
            f"({ids.format(f'({a})', '_nodes')} = {ids.format(f'({b})', '_nodes')} AND "
            f"{ids.format(f'({a})', '_rels')} = {ids.format(f'({b})', '_rels')})"
        )
        return _null_if_any_null([a, b], same)
    return _unless_nan([(a, at), (b, bt)], f"(({a}) = ({b}))")


def _unless_nan(operands, comparison: str) -> str:
    """NaN compares false with everything (DuckDB orders it above all numbers and calls it
    equal to itself)."""
    floats = [sql for sql, ctype in operands if ctype == T.FLOAT]
    if not floats:
        return comparison
    test = " OR ".join(f"isnan({sql})" for sql in floats)
    return f"(CASE WHEN {test} THEN FALSE ELSE {comparison} END)"


def _all_of(booleans: str) -> str:
    """Three-valued AND over a list of booleans."""
    return (
        f"CASE WHEN list_contains({booleans}, FALSE) THEN FALSE "
        f"WHEN list_count({booleans}) < len({booleans}) THEN NULL ELSE TRUE END"
    )


def _list_equals(c, a, at: T.ListType, b, bt: T.ListType) -> str:
    _, x = c.lambda_binding("  eq")
    inner = equals_sql(c, f"{x}[1]", at.element, f"{x}[2]", bt.element)
    booleans = f"list_transform(list_zip({a}, {b}), lambda {x}: {inner})"
    compared = f"CASE WHEN len({a}) <> len({b}) THEN FALSE ELSE {_all_of(booleans)} END"
    return _null_if_any_null([a, b], compared)


def _map_equals(c, a, at: T.MapType, b, bt: T.MapType) -> str:
    if at.fields is None or bt.fields is None:
        raise unsupported("comparing maps whose keys are known only at runtime")
    if {k for k, _ in at.fields} != {k for k, _ in bt.fields}:
        return _null_if_any_null([a, b], "FALSE")
    bts = dict(bt.fields)
    parts = [
        equals_sql(c, f"({a}).{quote_name(k)}", t, f"({b}).{quote_name(k)}", bts[k])
        for k, t in at.fields
    ]
    if not parts:
        return _null_if_any_null([a, b], "TRUE")
    return _null_if_any_null([a, b], _all_of("[" + ", ".join(parts) + "]"))


def _eq(c, call, columns):
    a, b = call.args
    return equals_sql(c, c.compile(a, columns), a.type, c.compile(b, columns), b.type)


def _neq(c, call, columns):
    return f"(NOT {_eq(c, call, columns)})"


def _comparison(op: str) -> Handler:
    def compile_comparison(c, call, columns):
        a, b = call.args
        if T.NULL in (a.type, b.type):
            return "CAST(NULL AS BOOLEAN)"
        sa, sb = _args(c, call, columns)
        if _family(a.type) != _family(b.type):
            return "CAST(NULL AS BOOLEAN)"  # incomparable values: null in Cypher
        if a.type == T.DURATION:
            return "CAST(NULL AS BOOLEAN)"  # durations have no order in Cypher
        # (float elements would need NaN's rules inside the lists: not done yet)
        if (
            is_orderable_list(a.type)
            and a.type.element == b.type.element
            and a.type.element != T.FLOAT
        ):
            return _list_comparison(c, op, sa, sb)
        if a.type.name not in ORDERABLE:
            raise unsupported(f"ordering comparison {op} of {a.type} values")
        return _unless_nan([(sa, a.type), (sb, b.type)], f"(({sa}) {op} ({sb}))")

    return compile_comparison


def _list_comparison(c, op: str, a: str, b: str) -> str:
    """Lists compare at the first position where they are not equal (null when an element
    there is null); a list that is a prefix of the other is the smaller."""
    _, z = c.lambda_binding("  cmp")
    same = f"list_transform(list_zip({a}, {b}, true), lambda {z}: coalesce({z}[1] = {z}[2], FALSE))"
    position = f"list_position({same}, FALSE)"
    decided = (
        f"CASE WHEN {position} IS NULL THEN len({a}) {op} len({b}) "
        f"ELSE list_extract({a}, {position}) {op} list_extract({b}, {position}) END"
    )
    return _null_if_any_null([a, b], decided)


# -- boolean logic -------------------------------------------------------------------------


def _boolean(op: str) -> Handler:
    def compile_boolean(c, call, columns):
        return "(" + f" {op} ".join(f"({s})" for s in _args(c, call, columns)) + ")"

    return compile_boolean


def _xor(c, call, columns):
    a, b = _args(c, call, columns)
    return f"(({a}) <> ({b}))"


def _not(c, call, columns):
    return f"(NOT ({_args(c, call, columns)[0]}))"


# -- arithmetic ----------------------------------------------------------------------------


def _arith(op: str) -> Handler:
    def compile_arith(c, call, columns):
        a, b = call.args
        result = call.type
        if T.NULL in (a.type, b.type):
            return c.null(result)
        if TF.arithmetic_kind(call.fn, a.type.name, b.type.name) is not None:
            return _temporal_operator(c, call, columns)
        sa, sb = _args(c, call, columns)
        if op == "+" and result == T.STRING:
            return f"(({_as_string(sa, a.type)}) || ({_as_string(sb, b.type)}))"
        if op == "+" and isinstance(result, T.ListType):
            return _list_add(c, call, columns)
        if result not in (T.INTEGER, T.FLOAT):
            raise unsupported(f"{call.fn} of {a.type} and {b.type}")
        if result == T.FLOAT:
            sa, sb = f"CAST({sa} AS DOUBLE)", f"CAST({sb} AS DOUBLE)"
        return f"(({sa}) {op} ({sb}))"

    return compile_arith


def _as_string(sql: str, ctype: T.CypherType) -> str:
    if ctype == T.STRING:
        return sql
    if ctype.name in _NUMERIC or ctype == T.BOOLEAN:
        return _to_string(sql, ctype)
    raise unsupported(f"string concatenation with a {ctype}")


def _list_add(c, call, columns) -> str:
    a, b = call.args
    target = call.type
    if isinstance(a.type, T.ListType) and isinstance(b.type, T.ListType):
        return f"list_concat({c.conform(a, target, columns)}, {c.conform(b, target, columns)})"
    if isinstance(a.type, T.ListType):
        lst, item = c.conform(a, target, columns), c.conform(b, target.element, columns)
        return _null_if_any_null([lst], f"list_append({lst}, {item})")
    lst, item = c.conform(b, target, columns), c.conform(a, target.element, columns)
    return _null_if_any_null([lst], f"list_prepend({item}, {lst})")


def _division(op: str) -> Handler:
    def compile_division(c, call, columns):
        a, b = call.args
        if T.NULL in (a.type, b.type):
            return c.null(call.type)
        if TF.arithmetic_kind(call.fn, a.type.name, b.type.name) is not None:
            return _temporal_operator(c, call, columns)
        sa, sb = _args(c, call, columns)
        if call.type == T.INTEGER:
            zero = raise_error("ArithmeticError", "DivisionByZero", "/ by zero")
            # DuckDB's // and % truncate towards zero like Java's; x / -1 is exact too.
            sql_op = "//" if op == "div" else "%"
            return f"(CASE WHEN ({sb}) = 0 THEN {zero} ELSE ({sa}) {sql_op} ({sb}) END)"
        if call.type != T.FLOAT:
            raise unsupported(f"{op} of {a.type} and {b.type}")
        fa, fb = f"CAST({sa} AS DOUBLE)", f"CAST({sb} AS DOUBLE)"
        return f"({fa} / {fb})" if op == "div" else f"fmod({fa}, {fb})"

    return compile_division


def _temporal_operator(c, call, columns) -> str:
    return c.python_call(call.fn, TF.OPERATORS[call.fn], call.args, call.type, columns)


def _temporal_function(name: str) -> Handler:
    def compile_temporal(c, call, columns):
        return c.python_call(
            name, lambda *values: TF.evaluate(name, list(values)), call.args, call.type, columns
        )

    return compile_temporal


def _pow(c, call, columns):
    a, b = _args(c, call, columns)
    return f"pow(CAST({a} AS DOUBLE), CAST({b} AS DOUBLE))"


def _neg(c, call, columns):
    (a,) = _args(c, call, columns)
    if call.type == T.INTEGER:
        return f"(CAST(0 AS BIGINT) - ({a}))"  # overflows (an error) for the minimum
    return f"(-({a}))"


# -- null tests, membership, strings ----------------------------------------------------------


def _in(c, call, columns):
    item, lst = call.args
    if lst.type == T.NULL:
        return "CAST(NULL AS BOOLEAN)"
    if not isinstance(lst.type, T.ListType):
        raise unsupported(f"IN over a {lst.type}")
    sl = c.compile(lst, columns)
    si = c.compile(item, columns)
    _, x = c.lambda_binding("  in")
    eq = equals_sql(c, si, item.type, x, lst.type.element)
    booleans = f"list_transform({sl}, lambda {x}: {eq})"
    return (
        f"CASE WHEN ({sl}) IS NULL THEN NULL WHEN list_contains({booleans}, TRUE) THEN TRUE "
        f"WHEN list_count({booleans}) < len({booleans}) THEN NULL ELSE FALSE END"
    )


def _string_predicate(template: str) -> Handler:
    def compile_predicate(c, call, columns):
        a, b = call.args
        if a.type != T.STRING or b.type != T.STRING:
            return "CAST(NULL AS BOOLEAN)"  # not strings: null in Cypher
        sa, sb = _args(c, call, columns)
        return template.format(a=sa, b=sb)

    return compile_predicate


# -- property access, indexing, slicing ------------------------------------------------------


def _literal_key(expr: E.IRExpr) -> str:
    if isinstance(expr, E.Lit) and isinstance(expr.value, str):
        return expr.value
    raise unsupported("a map key computed at runtime")


def _property(c, call, columns):
    subject, key_expr = call.args
    key = _literal_key(key_expr)
    st = subject.type
    if st == T.NULL:
        return c.null(call.type)
    sql = c.compile(subject, columns)
    if isinstance(st, T.ElementType):
        if key not in dict(st.properties):
            return c.null(call.type)
        return f"(({sql})._props.{quote_name(key)})"
    if isinstance(st, T.MapType):
        if key not in dict(st.fields or ()):
            return c.null(call.type)
        return f"(({sql}).{quote_name(key)})"
    if st.name in T.TEMPORAL_TYPES:
        return c.python_call("property", TF.property_of, call.args, call.type, columns)
    raise unsupported(f"property access on a {st}")


def _index(c, call, columns):
    subject, key = call.args
    if isinstance(subject.type, (T.MapType, T.ElementType)):
        return _property(c, call, columns)
    if subject.type == T.NULL or key.type == T.NULL:
        return c.null(call.type)
    if isinstance(subject.type, T.ListType) and key.type != T.INTEGER:
        message = f"a list index must be an integer, not {key.type}"
        return raise_error("TypeError", "InvalidArgumentType", message)
    if not isinstance(subject.type, T.ListType):
        raise unsupported(f"indexing a {subject.type} with a {key.type}")
    sl, sk = _args(c, call, columns)
    # Cypher counts from 0 (negative from the end); DuckDB from 1 (negative too).
    return f"list_extract({sl}, CASE WHEN ({sk}) >= 0 THEN ({sk}) + 1 ELSE ({sk}) END)"


def _slice(c, call, columns):
    subject, start, end = call.args
    if subject.type == T.NULL:
        return c.null(call.type)
    sl = c.compile(subject, columns)
    n = f"len({sl})"

    def bound(expr, default):
        # An omitted bound (list[..2]) is an INTEGER-typed null literal; an explicit null
        # (type NULL) or a null at runtime makes the slice null.
        if isinstance(expr, E.Lit) and expr.value is None and expr.type != T.NULL:
            return default, []
        if expr.type == T.NULL:
            return default, ["NULL"]
        s = c.compile(expr, columns)
        return f"(CASE WHEN ({s}) < 0 THEN greatest({n} + ({s}), 0) ELSE least({s}, {n}) END)", [s]

    lo, lo_parts = bound(start, "0")
    hi, hi_parts = bound(end, n)
    return _null_if_any_null([sl, *lo_parts, *hi_parts], f"list_slice({sl}, {lo} + 1, {hi})")


def _has_labels(c, call, columns):
    node, *labels = call.args
    sql = c.compile(node, columns)
    wanted = ", ".join(quote_string(_literal_key(label)) for label in labels)
    return f"list_has_all(({sql})._labels, [{wanted}])"


# -- scalar functions ---------------------------------------------------------------------------


_FLOAT_TO_STRING = (
    # DuckDB prints 1e+20 where Java's Double.toString gives 1.0E20: not rendered yet.
    "CASE WHEN abs({0}) >= 1e7 OR (abs({0}) < 1e-3 AND {0} <> 0) THEN "
    + raise_error(
        "UnsupportedFeature", "DuckDbUnsupported", "toString of a float in scientific notation"
    )
    + " WHEN isnan({0}) THEN 'NaN' WHEN {0} = 'Infinity'::DOUBLE THEN 'Infinity' "
    "WHEN {0} = '-Infinity'::DOUBLE THEN '-Infinity' ELSE CAST({0} AS VARCHAR) END"
)
_TO_STRING = {
    "STRING": "{0}",
    "INTEGER": "CAST({0} AS VARCHAR)",
    "FLOAT": _FLOAT_TO_STRING,
    "BOOLEAN": "CASE WHEN {0} THEN 'true' WHEN NOT {0} THEN 'false' END",
}


def _to_string(sql: str, ctype: T.CypherType) -> str:
    return _TO_STRING[ctype.name].format(sql)


def _fn_tostring(c, call, columns):
    (a,) = call.args
    if a.type.name in T.TEMPORAL_TYPES:
        return c.python_call("tostring", TF.to_string, call.args, T.STRING, columns)
    return _conversion("VARCHAR", "toString", _TO_STRING)(c, call, columns)


def _conversion(result: str, display: str, templates: dict[str, str]) -> Handler:
    """A function of one argument whose SQL depends on the argument's type (a template per
    type name); other types fail, or give null for the ``...OrNull`` variants."""

    def compile_conversion(c, call, columns):
        (a,) = call.args
        template = templates.get(a.type.name)
        if a.type == T.NULL or (template is None and call.fn.endswith("ornull")):
            return f"CAST(NULL AS {result})"
        if template is None:
            raise unsupported(f"{display} of a {a.type}")
        return template.format(c.compile(a, columns))

    return compile_conversion


_TO_INTEGER = {
    "INTEGER": "{0}",
    "FLOAT": "CAST(trunc({0}) AS BIGINT)",
    # Cypher parses '4.7' as 4 (a float truncated); text that is no number is null.
    # (DuckDB's own cast would round it to 5).
    "STRING": "CASE WHEN regexp_full_match(trim({0}), '[+-]?[0-9]+') "
    "THEN TRY_CAST(trim({0}) AS BIGINT) "
    "ELSE TRY_CAST(trunc(TRY_CAST(trim({0}) AS DOUBLE)) AS BIGINT) END",
    "BOOLEAN": "CAST({0} AS BIGINT)",
}
_TO_FLOAT = {
    "INTEGER": "CAST({0} AS DOUBLE)",
    "FLOAT": "{0}",
    "STRING": "TRY_CAST(trim({0}) AS DOUBLE)",
}
_TO_BOOLEAN = {
    "BOOLEAN": "{0}",
    "STRING": "CASE lower(trim({0})) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END",
    "INTEGER": "(({0}) <> 0)",
}
_SIZE = {"STRING": "CAST(length({0}) AS BIGINT)", "LIST": "CAST(len({0}) AS BIGINT)"}
_fn_size = _conversion("BIGINT", "size", _SIZE)


def _fn_length(c, call, columns):
    (a,) = call.args
    if isinstance(a.type, T.PathType):
        return f"CAST(len(({c.compile(a, columns)})._rels) AS BIGINT)"
    return _fn_size(c, call, columns)


def _list_end(which: str) -> Handler:
    def compile_end(c, call, columns):
        (a,) = call.args
        if a.type == T.NULL:
            return c.null(call.type)
        sql = c.compile(a, columns)
        return f"list_extract({sql}, {1 if which == 'head' else -1})"

    return compile_end


def _fn_tail(c, call, columns):
    (a,) = call.args
    if a.type == T.NULL:
        return c.null(call.type)
    return f"list_slice({c.compile(a, columns)}, 2, 2147483647)"


def _fn_reverse(c, call, columns):
    (a,) = call.args
    if a.type == T.NULL:
        return c.null(call.type)
    sql = c.compile(a, columns)
    return f"reverse({sql})" if a.type == T.STRING else f"list_reverse({sql})"


def _fn_keys(c, call, columns):
    (a,) = call.args
    sql = c.compile(a, columns)
    if isinstance(a.type, T.ElementType):
        keys = [k for k, _ in a.type.properties]
        if not keys:
            return _null_if_any_null([sql], "CAST([] AS VARCHAR[])")
        items = ", ".join(
            f"CASE WHEN ({sql})._props.{quote_name(k)} IS NOT NULL THEN {quote_string(k)} END"
            for k in keys
        )
        return _null_if_any_null([sql], f"list_filter([{items}], lambda k: k IS NOT NULL)")
    if isinstance(a.type, T.MapType) and a.type.fields is not None:
        keys = ", ".join(quote_string(k) for k, _ in a.type.fields)
        return _null_if_any_null([sql], f"CAST([{keys}] AS VARCHAR[])")
    raise unsupported(f"keys of a {a.type}")


def _fn_range(c, call, columns):
    wrong = [a.type for a in call.args if a.type not in (T.INTEGER, T.NULL)]
    if wrong:
        return raise_error(
            "ArgumentError", "InvalidArgumentType", f"range() takes integers, not {wrong[0]}"
        )
    args = _args(c, call, columns)
    start, end = args[0], args[1]
    step = args[2] if len(args) > 2 else "CAST(1 AS BIGINT)"
    zero = raise_error(
        "ArgumentError", "NumberOutOfRange", "step argument to range() cannot be zero"
    )
    return (
        f"CASE WHEN ({step}) = 0 THEN {zero} WHEN ({step}) > 0 THEN "
        f"range({start}, ({end}) + 1, {step}) ELSE range({start}, ({end}) - 1, {step}) END"
    )


def _fn_substring(c, call, columns):
    args = _args(c, call, columns)
    if len(args) == 2:
        return f"substring({args[0]}, ({args[1]}) + 1)"
    return f"substring({args[0]}, ({args[1]}) + 1, {args[2]})"


def _fn_split(c, call, columns):
    s, sep = _args(c, call, columns)
    return f"string_split({s}, {sep})"


def _fn_coalesce(c, call, columns):
    parts = [c.conform(a, call.type, columns) for a in call.args if a.type != T.NULL]
    if not parts:
        return c.null(call.type)
    return f"coalesce({', '.join(parts)})"


def _fn_round(c, call, columns):
    if len(call.args) != 1:
        raise unsupported("round with a precision")
    (a,) = _args(c, call, columns)
    return f"floor(CAST({a} AS DOUBLE) + 0.5)"  # Java's Math.round: halves go up


def _simple(template: str, float_args: bool = False) -> Handler:
    def compile_simple(c, call, columns):
        args = _args(c, call, columns)
        if float_args:
            args = [f"CAST({a} AS DOUBLE)" for a in args]
        return template.format(*args)

    return compile_simple


def _fn_abs(c, call, columns):
    (a,) = _args(c, call, columns)
    if call.type == T.INTEGER:
        return f"CASE WHEN ({a}) < 0 THEN CAST(0 AS BIGINT) - ({a}) ELSE ({a}) END"
    return f"abs({a})"


def _fn_sign(c, call, columns):
    (a,) = _args(c, call, columns)
    return f"CAST(sign({a}) AS BIGINT)"


def _fn_properties(c, call, columns):
    (a,) = call.args
    sql = c.compile(a, columns)
    if isinstance(a.type, T.ElementType):
        if not a.type.properties:
            return _null_if_any_null([sql], c.literal({}, T.MapType({})))
        return f"(({sql})._props)"
    if isinstance(a.type, T.MapType):
        return sql
    raise unsupported(f"properties of a {a.type}")


CALLS: dict[str, Handler] = {
    "and": _boolean("AND"),
    "or": _boolean("OR"),
    "xor": _xor,
    "not": _not,
    "eq": _eq,
    "neq": _neq,
    "lt": _comparison("<"),
    "le": _comparison("<="),
    "gt": _comparison(">"),
    "ge": _comparison(">="),
    "add": _arith("+"),
    "sub": _arith("-"),
    "mul": _arith("*"),
    "div": _division("div"),
    "mod": _division("mod"),
    "pow": _pow,
    "neg": _neg,
    "is_null": _simple("(({0}) IS NULL)"),
    "is_not_null": _simple("(({0}) IS NOT NULL)"),
    "in": _in,
    "starts_with": _string_predicate("starts_with({a}, {b})"),
    "ends_with": _string_predicate("ends_with({a}, {b})"),
    "contains": _string_predicate("contains({a}, {b})"),
    "regex": _string_predicate("regexp_full_match({a}, {b})"),
    "property": _property,
    "index": _index,
    "slice": _slice,
    "has_labels": _has_labels,
    "coerce": lambda c, call, columns: c.conform(call.args[0], call.type, columns),
    "tostring": _fn_tostring,
    "tostringornull": _fn_tostring,
    "tointeger": _conversion("BIGINT", "toInteger", _TO_INTEGER),
    "tointegerornull": _conversion("BIGINT", "toInteger", _TO_INTEGER),
    "tofloat": _conversion("DOUBLE", "toFloat", _TO_FLOAT),
    "tofloatornull": _conversion("DOUBLE", "toFloat", _TO_FLOAT),
    "toboolean": _conversion("BOOLEAN", "toBoolean", _TO_BOOLEAN),
    "tobooleanornull": _conversion("BOOLEAN", "toBoolean", _TO_BOOLEAN),
    "size": _fn_size,
    "length": _fn_length,
    "head": _list_end("head"),
    "last": _list_end("last"),
    "tail": _fn_tail,
    "reverse": _fn_reverse,
    "id": _simple("(({0})._id)"),
    "labels": _simple("(({0})._labels)"),
    "type": _simple("(({0})._type)"),
    "keys": _fn_keys,
    "properties": _fn_properties,
    "nodes": _simple("(({0})._nodes)"),
    "relationships": _simple("(({0})._rels)"),
    "range": _fn_range,
    "substring": _fn_substring,
    "split": _fn_split,
    "coalesce": _fn_coalesce,
    "round": _fn_round,
    "abs": _fn_abs,
    "sign": _fn_sign,
    "exists": _simple("(({0}) IS NOT NULL)"),
    "tolower": _simple("lower({0})"),
    "toupper": _simple("upper({0})"),
    "trim": _simple("trim({0})"),
    "ltrim": _simple("ltrim({0})"),
    "rtrim": _simple("rtrim({0})"),
    "left": _simple("left({0}, CAST({1} AS BIGINT))"),
    "right": _simple("right({0}, CAST({1} AS BIGINT))"),
    "replace": _simple("replace({0}, {1}, {2})"),
    "ceil": _simple("ceil({0})", float_args=True),
    "floor": _simple("floor({0})", float_args=True),
    "sqrt": _simple("sqrt({0})", float_args=True),
    "exp": _simple("exp({0})", float_args=True),
    "log": _simple("ln({0})", float_args=True),
    "log10": _simple("log10({0})", float_args=True),
    "sin": _simple("sin({0})", float_args=True),
    "cos": _simple("cos({0})", float_args=True),
    "tan": _simple("tan({0})", float_args=True),
    "cot": _simple("cot({0})", float_args=True),
    "asin": _simple("asin({0})", float_args=True),
    "acos": _simple("acos({0})", float_args=True),
    "atan": _simple("atan({0})", float_args=True),
    "atan2": _simple("atan2({0}, {1})", float_args=True),
    "degrees": _simple("degrees({0})", float_args=True),
    "radians": _simple("radians({0})", float_args=True),
    "haversin": _simple("((1 - cos({0})) / 2)", float_args=True),
    "e": _simple("exp(1)"),
    "pi": _simple("pi()"),
    "rand": _simple("random()"),
    # milliseconds since the epoch at the statement's start (one value per query)
    "timestamp": _simple("CAST(epoch_ms(current_timestamp) AS BIGINT)"),
    **{name: _temporal_function(name) for name in TF.FUNCTIONS},
}


# -- list comprehensions, quantifiers, reduce -------------------------------------------------


def compile_list_fn(c: SqlExpressionCompiler, expr: E.ListFn, columns) -> str:
    if expr.source.type == T.NULL:
        return c.null(expr.type)
    source = c.compile(expr.source, columns)
    key, name = c.lambda_binding(expr.variable)
    scope = {**columns, key: name}
    if expr.fn == "reduce":
        acc_key, acc = c.lambda_binding(expr.accumulator)
        body = c.conform(expr.body, expr.type, {**scope, acc_key: acc})
        init = c.conform(expr.init, expr.type, columns)
        return _null_if_any_null(
            [source], f"list_reduce({source}, lambda {acc}, {name}: {body}, {init})"
        )
    body = c.compile(expr.body, scope)
    if expr.fn == "transform":
        body = c.conform(expr.body, expr.type.element, scope)
        return f"list_transform({source}, lambda {name}: {body})"
    if expr.fn == "filter":
        return f"list_filter({source}, lambda {name}: coalesce({body}, FALSE))"
    booleans = f"list_transform({source}, lambda {name}: {body})"
    trues = f"len(list_filter({booleans}, lambda b: b))"
    has_null = f"list_count({booleans}) < len({booleans})"
    quantified = {
        "any": f"CASE WHEN {trues} > 0 THEN TRUE WHEN {has_null} THEN NULL ELSE FALSE END",
        "all": _all_of(booleans),
        "none": f"CASE WHEN {trues} > 0 THEN FALSE WHEN {has_null} THEN NULL ELSE TRUE END",
        "single": (
            f"CASE WHEN {trues} > 1 THEN FALSE WHEN {has_null} THEN NULL ELSE {trues} = 1 END"
        ),
    }
    if expr.fn not in quantified:
        raise unsupported(f"the list function {expr.fn!r}")
    return _null_if_any_null([source], quantified[expr.fn])


def unimplemented_functions() -> list[str]:
    """Canonical function and operator names this backend has no handler for."""
    return sorted(n for n in (*FUNCTIONS, *OPERATORS) if n not in CALLS)
