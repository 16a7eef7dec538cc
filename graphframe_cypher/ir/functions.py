"""The table of Cypher scalar functions, operators and aggregates, with their typing rules.

Backend-neutral (no pyspark here): the planner calls :func:`resolve_function` /
:func:`operator_type` / :func:`aggregate_type` while lowering AST expressions into
:class:`~graphframe_cypher.ir.expr.Call` / ``AggCall`` nodes, and every backend implements
the canonical names listed in :data:`FUNCTIONS` and :data:`AGGREGATES`.

Each entry says which Cypher names map to it (case-insensitive), how many arguments it
takes, which argument types are statically acceptable and the result type. ``ANY`` (and the
``NULL`` type of the literal null) always passes a static check: a value of unknown type is
checked at runtime by the backend.

Operators use canonical names too ('add', 'eq', 'in', 'index', 'property', ...); see
:data:`OPERATORS`. ``property`` and ``index`` take the key as a literal second argument; the
planner passes it to :func:`resolve_function` as ``key=`` to get a precise field type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import types as T
from ..errors import CypherSyntaxError, CypherTypeError, Position


class InvalidArgumentTypeError(CypherSyntaxError, CypherTypeError):
    """A statically wrong argument type. The TCK classifies these as
    ``SyntaxError ... at compile time: InvalidArgumentType``; the class also derives from
    :class:`CypherTypeError` so callers catching type errors see it too."""

    error_type = "SyntaxError"


# ---------------------------------------------------------------------------------------
# Argument-type predicates. Each accepts ANY and NULL: those are checked at runtime.
# ---------------------------------------------------------------------------------------


def _dynamic(t: T.CypherType) -> bool:
    return t.is_any or t == T.NULL


def _accepts(*pred_names: str) -> Callable[[T.CypherType], bool]:
    preds = [_PREDICATES[n] for n in pred_names]
    return lambda t: _dynamic(t) or any(p(t) for p in preds)


_PREDICATES: dict[str, Callable[[T.CypherType], bool]] = {
    "num": lambda t: t.is_numeric,
    "int": lambda t: t == T.INTEGER,
    "str": lambda t: t == T.STRING,
    "bool": lambda t: t == T.BOOLEAN,
    "list": lambda t: isinstance(t, T.ListType),
    "map": lambda t: isinstance(t, T.MapType),
    "node": lambda t: t.name == "NODE",
    "rel": lambda t: t.name == "RELATIONSHIP",
    "path": lambda t: isinstance(t, T.PathType),
    "any": lambda t: True,
    "temporal": lambda t: t.name in T.TEMPORAL_TYPES,
}

NUM = _accepts("num")
INT = _accepts("int")
STR = _accepts("str")
BOOL = _accepts("bool")
LIST = _accepts("list")
ANYARG = _accepts("any")
NODE_ = _accepts("node")
REL_ = _accepts("rel")
PATH_ = _accepts("path")
ELEMENT = _accepts("node", "rel")
ELEMENT_OR_MAP = _accepts("node", "rel", "map")
STR_OR_LIST = _accepts("str", "list")
SCALAR_CONVERTIBLE = _accepts("num", "str", "bool")


# ---------------------------------------------------------------------------------------
# Result-type rules: functions of the argument types.
# ---------------------------------------------------------------------------------------


def _const(t: T.CypherType):
    return lambda args: t


def _same_as_first(args):
    return args[0] if args[0] != T.NULL else T.ANY


def _element_of_list(args):
    t = args[0]
    return t.element if isinstance(t, T.ListType) else T.ANY


def _list_of_first(args):
    t = args[0]
    return t if isinstance(t, T.ListType) else T.ListType(T.ANY)


def _reverse_type(args):
    t = args[0]
    if t == T.STRING or isinstance(t, T.ListType):
        return t
    return T.ANY


def _properties_type(args):
    t = args[0]
    if isinstance(t, T.ElementType):
        # keys unknown statically: a property that is null on this element is absent
        return T.MAP
    if isinstance(t, T.MapType):
        return t
    return T.MAP


def _nodes_type(args):
    t = args[0]
    return T.ListType(t.node if isinstance(t, T.PathType) else T.NODE)


def _rels_type(args):
    t = args[0]
    return T.ListType(t.relationship if isinstance(t, T.PathType) else T.RELATIONSHIP)


def _end_node_type(args):
    return T.NODE


def _numeric_keep(args):
    """abs(): keeps INTEGER/FLOAT; NUMBER/ANY stay dynamic (NUMBER)."""
    t = args[0]
    return t if t in (T.INTEGER, T.FLOAT) else T.NUMBER


def _coalesce_type(args):
    return T.join_all(args) if args else T.NULL


@dataclass(frozen=True)
class FunctionSig:
    """One scalar function or operator.

    ``arg_checks`` has one predicate per positional argument (the last one repeats for
    variadic functions); ``result`` maps the argument types to the result type."""

    name: str
    cypher_names: tuple[str, ...]
    min_args: int
    max_args: int | None  # None: variadic
    arg_checks: tuple[Callable[[T.CypherType], bool], ...]
    result: Callable[[Sequence[T.CypherType]], T.CypherType]

    def check(self, i: int) -> Callable[[T.CypherType], bool]:
        if not self.arg_checks:
            return ANYARG
        return self.arg_checks[min(i, len(self.arg_checks) - 1)]


def _fn(name, n_min, n_max, checks, result, aliases=()):
    return FunctionSig(name, (name, *aliases), n_min, n_max, tuple(checks), result)


def _temporal_functions() -> list[FunctionSig]:
    """date(), time(), ..., their clocks and truncate(), duration() and duration.between()
    et al. (implemented in Python by graphframe_cypher.temporal.functions)."""
    from ..temporal.functions import FUNCTIONS as TEMPORAL

    arities = {"truncate": (2, 3), "fromepoch": (2, 2), "fromepochmillis": (1, 1)}
    sigs = []
    for name, (_impl, kind) in TEMPORAL.items():
        suffix = name.rpartition(".")[2] if "." in name else ""
        if name.startswith("duration."):
            n_min, n_max = 2, 2
        elif name == "duration":
            n_min, n_max = 1, 1
        else:
            n_min, n_max = arities.get(suffix, (0, 1))
        sigs.append(_fn(name, n_min, n_max, [ANYARG], _const(T.TEMPORAL_TYPES[kind])))
    return sigs


_TEMPORAL_FUNCTIONS = _temporal_functions()
_F = T.FLOAT
_FUNCTION_LIST = [
    # --- graph elements ---------------------------------------------------------------
    _fn("id", 1, 1, [ELEMENT], _const(T.INTEGER)),
    # (internal) the id of a value that must be an element of the given kind ('NODE' or
    # 'RELATIONSHIP'): a value of unknown type bound in a pattern; another value is a
    # TypeError at runtime.
    _fn("element_id", 2, 2, [ANYARG], _const(T.INTEGER)),
    _fn("labels", 1, 1, [NODE_], _const(T.ListType(T.STRING))),
    _fn("type", 1, 1, [REL_], _const(T.STRING)),
    _fn("keys", 1, 1, [ELEMENT_OR_MAP], _const(T.ListType(T.STRING))),
    _fn("properties", 1, 1, [ELEMENT_OR_MAP], _properties_type),
    _fn("startnode", 1, 1, [REL_], _end_node_type),
    _fn("endnode", 1, 1, [REL_], _end_node_type),
    _fn("nodes", 1, 1, [PATH_], _nodes_type),
    _fn("relationships", 1, 1, [PATH_], _rels_type, aliases=("rels",)),
    _fn("length", 1, 1, [PATH_], _const(T.INTEGER)),
    _fn("exists", 1, 1, [ANYARG], _const(T.BOOLEAN)),
    # --- lists ------------------------------------------------------------------------
    _fn("size", 1, 1, [STR_OR_LIST], _const(T.INTEGER)),
    _fn("head", 1, 1, [LIST], _element_of_list),
    _fn("last", 1, 1, [LIST], _element_of_list),
    _fn("tail", 1, 1, [LIST], _list_of_first),
    # range() argument types are checked at runtime (the TCK expects ArgumentError at runtime)
    _fn("range", 2, 3, [ANYARG], _const(T.ListType(T.INTEGER))),
    _fn("reverse", 1, 1, [STR_OR_LIST], _reverse_type),
    _fn("coalesce", 1, None, [ANYARG], _coalesce_type),
    # --- conversions --------------------------------------------------------------------
    _fn("tostring", 1, 1, [_accepts("num", "str", "bool", "temporal")], _const(T.STRING)),
    _fn("tostringornull", 1, 1, [ANYARG], _const(T.STRING)),
    _fn("tointeger", 1, 1, [SCALAR_CONVERTIBLE], _const(T.INTEGER)),
    _fn("tointegerornull", 1, 1, [ANYARG], _const(T.INTEGER)),
    _fn("tofloat", 1, 1, [_accepts("num", "str")], _const(_F)),
    _fn("tofloatornull", 1, 1, [ANYARG], _const(_F)),
    _fn("toboolean", 1, 1, [_accepts("str", "bool", "int")], _const(T.BOOLEAN)),
    _fn("tobooleanornull", 1, 1, [ANYARG], _const(T.BOOLEAN)),
    # --- strings ------------------------------------------------------------------------
    _fn("toupper", 1, 1, [STR], _const(T.STRING), aliases=("upper",)),
    _fn("tolower", 1, 1, [STR], _const(T.STRING), aliases=("lower",)),
    _fn("trim", 1, 1, [STR], _const(T.STRING)),
    _fn("ltrim", 1, 1, [STR], _const(T.STRING)),
    _fn("rtrim", 1, 1, [STR], _const(T.STRING)),
    _fn("replace", 3, 3, [STR, STR, STR], _const(T.STRING)),
    _fn("substring", 2, 3, [STR, INT, INT], _const(T.STRING)),
    _fn("left", 2, 2, [STR, INT], _const(T.STRING)),
    _fn("right", 2, 2, [STR, INT], _const(T.STRING)),
    _fn("split", 2, 2, [STR, STR], _const(T.ListType(T.STRING))),
    # --- numbers ------------------------------------------------------------------------
    _fn("abs", 1, 1, [NUM], _numeric_keep),
    _fn("sign", 1, 1, [NUM], _const(T.INTEGER)),
    _fn("ceil", 1, 1, [NUM], _const(_F)),
    _fn("floor", 1, 1, [NUM], _const(_F)),
    _fn("round", 1, 3, [NUM, INT, STR], _const(_F)),
    _fn("sqrt", 1, 1, [NUM], _const(_F)),
    _fn("exp", 1, 1, [NUM], _const(_F)),
    _fn("log", 1, 1, [NUM], _const(_F)),
    _fn("log10", 1, 1, [NUM], _const(_F)),
    _fn("e", 0, 0, [], _const(_F)),
    _fn("pi", 0, 0, [], _const(_F)),
    _fn("rand", 0, 0, [], _const(_F)),
    _fn("sin", 1, 1, [NUM], _const(_F)),
    _fn("cos", 1, 1, [NUM], _const(_F)),
    _fn("tan", 1, 1, [NUM], _const(_F)),
    _fn("cot", 1, 1, [NUM], _const(_F)),
    _fn("asin", 1, 1, [NUM], _const(_F)),
    _fn("acos", 1, 1, [NUM], _const(_F)),
    _fn("atan", 1, 1, [NUM], _const(_F)),
    _fn("atan2", 2, 2, [NUM, NUM], _const(_F)),
    _fn("degrees", 1, 1, [NUM], _const(_F)),
    _fn("radians", 1, 1, [NUM], _const(_F)),
    _fn("haversin", 1, 1, [NUM], _const(_F)),
    _fn("timestamp", 0, 0, [], _const(T.INTEGER)),
    *_TEMPORAL_FUNCTIONS,
]


# ---------------------------------------------------------------------------------------
# Operators
# ---------------------------------------------------------------------------------------


def _arith_type(op: str, a: T.CypherType, b: T.CypherType) -> T.CypherType:
    if a == T.NULL or b == T.NULL:
        # null propagates: the value is null whatever the other side; keep the other's type
        # when it is a number so that a column stays typed.
        other = b if a == T.NULL else a
        if op == "pow":
            return _F
        return other if other.is_numeric or other == T.STRING else T.ANY
    temporal = _temporal_arith_kind(op, a, b)
    if temporal is not None:
        return T.TEMPORAL_TYPES.get(temporal, T.ANY)
    if op == "add":
        if isinstance(a, T.ListType) and isinstance(b, T.ListType):
            return T.ListType(T.join(a.element, b.element))
        if isinstance(a, T.ListType):
            return T.ListType(T.join(a.element, b))
        if isinstance(b, T.ListType):
            return T.ListType(T.join(a, b.element))
        if a == T.STRING or b == T.STRING:
            return (
                T.STRING
                if (a.is_numeric or a == T.STRING) and (b.is_numeric or b == T.STRING)
                else T.ANY
            )
    if op == "pow":
        return _F
    if a == T.INTEGER and b == T.INTEGER:
        return T.INTEGER
    if a.is_numeric and b.is_numeric:
        return _F if _F in (a, b) else T.NUMBER
    if a.is_any or b.is_any:
        # ANY + FLOAT is a float if numeric; but ANY may be a string or list for 'add'.
        if op == "add":
            return T.ANY
        if _F in (a, b):
            return _F
        return T.NUMBER
    return T.ANY


def _temporal_arith_kind(op: str, a: T.CypherType, b: T.CypherType) -> str | None:
    from ..temporal.functions import arithmetic_kind

    return arithmetic_kind(op, a.name, b.name)


def _check_arith(op: str, a: T.CypherType, b: T.CypherType) -> bool:
    if _temporal_arith_kind(op, a, b) is not None:
        return True

    def ok(t):
        return _dynamic(t) or t.is_numeric

    if op == "add":
        if isinstance(a, T.ListType) or isinstance(b, T.ListType):
            return True
        if a == T.STRING or b == T.STRING:

            def str_ok(t):
                return _dynamic(t) or t.is_numeric or t == T.STRING

            return str_ok(a) and str_ok(b)
    return ok(a) and ok(b)


def _neg_type(args):
    t = args[0]
    return t if t.is_numeric else T.NUMBER


def _index_type(args, key=None):
    subject = args[0]
    if isinstance(subject, T.ListType):
        return subject.element
    return _property_type(subject, key)


def _property_type(subject: T.CypherType, key) -> T.CypherType:
    if isinstance(subject, T.MapType):
        if key is not None:
            return subject.field_type(key)
        if subject.fields is not None:
            return T.join_all(t for _, t in subject.fields) if subject.fields else T.NULL
        return T.ANY
    if isinstance(subject, T.ElementType):
        if key is not None:
            return subject.property_type(key)
        return T.join_all(t for _, t in subject.properties) if subject.properties else T.NULL
    return T.ANY


_BOOL = _const(T.BOOLEAN)
_OPERATOR_LIST = [
    _fn("and", 2, 2, [BOOL, BOOL], _BOOL),
    _fn("or", 2, 2, [BOOL, BOOL], _BOOL),
    _fn("xor", 2, 2, [BOOL, BOOL], _BOOL),
    _fn("not", 1, 1, [BOOL], _BOOL),
    *(_fn(op, 2, 2, [ANYARG, ANYARG], _BOOL) for op in ("eq", "neq", "lt", "le", "gt", "ge")),
    _fn("is_null", 1, 1, [ANYARG], _BOOL),
    _fn("is_not_null", 1, 1, [ANYARG], _BOOL),
    _fn("in", 2, 2, [ANYARG, LIST], _BOOL),
    # String predicates yield null (not an error) for non-string operands.
    *(_fn(op, 2, 2, [ANYARG, ANYARG], _BOOL) for op in ("starts_with", "ends_with", "contains")),
    _fn("regex", 2, 2, [ANYARG, ANYARG], _BOOL),
    _fn("neg", 1, 1, [NUM], _neg_type),
    # Wrong subject/key types of [] fail at runtime (TypeError: InvalidArgumentType /
    # MapElementAccessByNonString), as the TCK expects.
    _fn("index", 2, 2, [ANYARG, ANYARG], _index_type),
    _fn("slice", 3, 3, [LIST, INT, INT], _list_of_first),
    _fn("property", 2, 2, [ELEMENT_OR_MAP, STR], lambda args: _property_type(args[0], None)),
    _fn("has_labels", 2, 2, [NODE_, LIST], _BOOL),
    # coerce(x): x converted to the layout of the Call's own (wider) type, set by the
    # caller (UNION branches, property columns of several tables).
    _fn("coerce", 1, 1, [ANYARG], lambda args: T.ANY),
]

ARITHMETIC_OPERATORS = ("add", "sub", "mul", "div", "mod", "pow")
COMPARISON_OPERATORS = ("eq", "neq", "lt", "le", "gt", "ge")
BOOLEAN_OPERATORS = ("and", "or", "xor", "not")

FUNCTIONS: dict[str, FunctionSig] = {sig.name: sig for sig in _FUNCTION_LIST}
OPERATORS: dict[str, FunctionSig] = {sig.name: sig for sig in _OPERATOR_LIST}
for _op in ARITHMETIC_OPERATORS:
    OPERATORS[_op] = FunctionSig(
        _op, (_op,), 2, 2, (ANYARG, ANYARG), lambda a, _o=_op: _arith_type(_o, *a)
    )

# Cypher name (lower case) -> canonical name.
_BY_CYPHER_NAME: dict[str, str] = {
    alias: sig.name for sig in FUNCTIONS.values() for alias in sig.cypher_names
}


# ---------------------------------------------------------------------------------------
# Aggregates
# ---------------------------------------------------------------------------------------


def _sum_type(t):
    if t in (T.INTEGER, T.FLOAT):
        return t
    return T.NUMBER


@dataclass(frozen=True)
class AggregateSig:
    name: str
    min_args: int
    max_args: int
    arg_checks: tuple[Callable[[T.CypherType], bool], ...]
    result: Callable[[T.CypherType], T.CypherType]


AGGREGATES: dict[str, AggregateSig] = {
    sig.name: sig
    for sig in (
        AggregateSig("count", 1, 1, (ANYARG,), lambda t: T.INTEGER),
        AggregateSig("count_star", 0, 0, (), lambda t: T.INTEGER),
        AggregateSig("sum", 1, 1, (NUM,), _sum_type),
        AggregateSig("avg", 1, 1, (NUM,), lambda t: _F),
        AggregateSig("min", 1, 1, (ANYARG,), lambda t: t),
        AggregateSig("max", 1, 1, (ANYARG,), lambda t: t),
        AggregateSig("collect", 1, 1, (ANYARG,), lambda t: T.ListType(t if t != T.NULL else T.ANY)),
        # collect() keeping nulls: the list of a pattern comprehension.
        AggregateSig(
            "collect_all", 1, 1, (ANYARG,), lambda t: T.ListType(t if t != T.NULL else T.ANY)
        ),
        AggregateSig("stdev", 1, 1, (NUM,), lambda t: _F),
        AggregateSig("stdevp", 1, 1, (NUM,), lambda t: _F),
        AggregateSig("percentilecont", 2, 2, (NUM, NUM), lambda t: _F),
        AggregateSig(
            "percentiledisc", 2, 2, (NUM, NUM), lambda t: t if t in (T.INTEGER, _F) else T.NUMBER
        ),
    )
}


def is_aggregate(name: str) -> bool:
    return name.lower() in AGGREGATES


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def _check_args(sig, display: str, arg_types, position) -> None:
    n = len(arg_types)
    if n < sig.min_args or (sig.max_args is not None and n > sig.max_args):
        raise CypherSyntaxError(
            f"{display}() takes {_arity_text(sig)} argument(s), got {n}",
            code="InvalidNumberOfArguments",
            position=position,
        )
    for i, t in enumerate(arg_types):
        check = sig.check(i) if isinstance(sig, FunctionSig) else sig.arg_checks[i]
        if not check(t):
            raise InvalidArgumentTypeError(
                f"Type mismatch: argument {i + 1} of {display}() cannot be {t}",
                code="InvalidArgumentType",
                position=position,
            )


def _arity_text(sig) -> str:
    if sig.max_args is None:
        return f"at least {sig.min_args}"
    if sig.min_args == sig.max_args:
        return str(sig.min_args)
    return f"{sig.min_args} to {sig.max_args}"


def canonical_name(name: str) -> str | None:
    """The canonical name of a Cypher function name (case-insensitive), or None."""
    lowered = name.lower()
    if lowered in OPERATORS:
        return lowered
    return _BY_CYPHER_NAME.get(lowered)


def resolve_function(
    name: str,
    arg_types: Sequence[T.CypherType],
    position: Position | None = None,
    *,
    key: str | None = None,
) -> tuple[str, T.CypherType]:
    """Resolve a function or operator call: ``(canonical name, result type)``.

    ``key`` is the literal key of a ``property`` / ``index`` access when known (gives the
    field's type instead of the join of all fields)."""
    canonical = canonical_name(name)
    if canonical is None and name.lower() in AGGREGATES:
        sig = AGGREGATES[name.lower()]
        _check_args(sig, name, list(arg_types), position)
        return name.lower(), sig.result(arg_types[0] if arg_types else T.ANY)
    if canonical is None:
        raise CypherSyntaxError(
            f"Unknown function '{name}'", code="UnknownFunction", position=position
        )
    sig = OPERATORS.get(canonical) or FUNCTIONS[canonical]
    arg_types = list(arg_types)
    _check_args(sig, name, arg_types, position)
    if canonical in ARITHMETIC_OPERATORS and not _check_arith(canonical, *arg_types):
        raise InvalidArgumentTypeError(
            f"Type mismatch: cannot apply {canonical} to {arg_types[0]} and {arg_types[1]}",
            code="InvalidArgumentType",
            position=position,
        )
    if canonical == "property":
        return canonical, _property_type(arg_types[0], key)
    if canonical == "index":
        return canonical, _index_type(arg_types, key)
    return canonical, sig.result(arg_types)


def operator_type(
    op: str, arg_types: Sequence[T.CypherType], position: Position | None = None
) -> T.CypherType:
    """The result type of an operator, after the same static argument checks as
    :func:`resolve_function` (``1 IN 'a'``, ``NOT 0``, ``'a' - 1`` fail with
    InvalidArgumentType; ANY and NULL always pass)."""
    if op not in OPERATORS and op not in FUNCTIONS:
        raise KeyError(op)
    return resolve_function(op, list(arg_types), position)[1]


def aggregate_type(fn: str, arg_type=None, position: Position | None = None) -> T.CypherType:
    """The result type of an aggregate over values of ``arg_type`` (a type, or the list of
    the argument types); raises ``InvalidArgumentType`` for statically wrong arguments (e.g.
    sum of strings) and ``InvalidNumberOfArguments``."""
    sig = AGGREGATES.get(fn.lower())
    if isinstance(arg_type, (list, tuple)):
        if sig is not None:
            _check_args(sig, fn, list(arg_type), position)
        arg_type = arg_type[0] if arg_type else None
    if sig is None:
        raise CypherSyntaxError(
            f"Unknown function '{fn}'", code="UnknownFunction", position=position
        )
    if arg_type is not None and sig.arg_checks and not sig.arg_checks[0](arg_type):
        raise InvalidArgumentTypeError(
            f"Type mismatch: {fn}() cannot aggregate {arg_type}",
            code="InvalidArgumentType",
            position=position,
        )
    return sig.result(arg_type if arg_type is not None else T.ANY)
