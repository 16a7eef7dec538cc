"""The catalogue of built-in Cypher functions.

One row per function: its name (looked up case-insensitively, namespace included, e.g.
``date.truncate``), how many arguments it takes, whether it aggregates, whether it is
deterministic, a human-readable signature, and — for the few functions whose argument types
can be rejected statically — which static types each argument accepts.

Semantic analysis uses the table to raise UnknownFunction / InvalidNumberOfArguments and
compile-time InvalidArgumentType; the planner can reuse it to know which calls aggregate.

``count(*)``, the list predicates (``all``/``any``/``none``/``single``), ``reduce`` and
``exists { ... }`` have their own AST nodes and are not function calls.
"""

from __future__ import annotations

from dataclasses import dataclass

# Static type names (``CypherType.name``) accepted by an argument. Only arguments whose
# static type is fully known are checked; ANY / NULL / NUMBER always pass.
NODE_ONLY = frozenset({"NODE"})
RELATIONSHIP_ONLY = frozenset({"RELATIONSHIP"})
ELEMENT_OR_MAP = frozenset({"NODE", "RELATIONSHIP", "MAP"})
LIST_OR_STRING = frozenset({"LIST", "STRING"})
# length() on a string or list is legacy Neo4j syntax: tolerated, only elements are rejected.
PATH_LIKE = frozenset({"PATH", "LIST", "STRING"})


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    name: str  # canonical spelling
    min_args: int
    max_args: int | None  # None: variadic
    signature: str
    aggregating: bool = False
    deterministic: bool = True
    # Per-argument accepted static type names; None (or a shorter tuple) means unchecked.
    accepts: tuple[frozenset[str] | None, ...] | None = None

    def arity_ok(self, count: int) -> bool:
        return count >= self.min_args and (self.max_args is None or count <= self.max_args)

    def accepted_types(self, index: int) -> frozenset[str] | None:
        if self.accepts is None or index >= len(self.accepts):
            return None
        return self.accepts[index]


def _f(name, min_args, max_args, signature, **kw) -> FunctionSpec:
    return FunctionSpec(name, min_args, max_args, signature, **kw)


def _agg(name, min_args, max_args, signature) -> FunctionSpec:
    return FunctionSpec(name, min_args, max_args, signature, aggregating=True)


_AGGREGATES = [
    _agg("avg", 1, 1, "avg(NUMBER|DURATION) :: NUMBER|DURATION"),
    _agg("collect", 1, 1, "collect(ANY) :: LIST"),
    _agg("count", 1, 1, "count(ANY) :: INTEGER"),
    _agg("max", 1, 1, "max(ANY) :: ANY"),
    _agg("min", 1, 1, "min(ANY) :: ANY"),
    _agg("percentileCont", 2, 2, "percentileCont(NUMBER, FLOAT) :: FLOAT"),
    _agg("percentileDisc", 2, 2, "percentileDisc(NUMBER, FLOAT) :: NUMBER"),
    _agg("stDev", 1, 1, "stDev(NUMBER) :: FLOAT"),
    _agg("stDevP", 1, 1, "stDevP(NUMBER) :: FLOAT"),
    _agg("sum", 1, 1, "sum(NUMBER|DURATION) :: NUMBER|DURATION"),
]

_SCALARS = [
    _f("coalesce", 1, None, "coalesce(ANY, ...) :: ANY"),
    _f("endNode", 1, 1, "endNode(RELATIONSHIP) :: NODE", accepts=(RELATIONSHIP_ONLY,)),
    _f("startNode", 1, 1, "startNode(RELATIONSHIP) :: NODE", accepts=(RELATIONSHIP_ONLY,)),
    _f("exists", 1, 1, "exists(ANY) :: BOOLEAN"),
    _f("isEmpty", 1, 1, "isEmpty(LIST|MAP|STRING) :: BOOLEAN"),
    _f("head", 1, 1, "head(LIST) :: ANY"),
    _f("last", 1, 1, "last(LIST) :: ANY"),
    _f("id", 1, 1, "id(NODE|RELATIONSHIP) :: INTEGER"),
    _f("elementId", 1, 1, "elementId(NODE|RELATIONSHIP) :: STRING"),
    _f("length", 1, 1, "length(PATH) :: INTEGER", accepts=(PATH_LIKE,)),
    _f("size", 1, 1, "size(LIST|STRING) :: INTEGER", accepts=(LIST_OR_STRING,)),
    _f("properties", 1, 1, "properties(NODE|RELATIONSHIP|MAP) :: MAP", accepts=(ELEMENT_OR_MAP,)),
    _f("type", 1, 1, "type(RELATIONSHIP) :: STRING"),
    _f("labels", 1, 1, "labels(NODE) :: LIST<STRING>", accepts=(NODE_ONLY,)),
    _f("keys", 1, 1, "keys(NODE|RELATIONSHIP|MAP) :: LIST<STRING>"),
    _f("nodes", 1, 1, "nodes(PATH) :: LIST<NODE>"),
    _f("relationships", 1, 1, "relationships(PATH) :: LIST<RELATIONSHIP>"),
    _f("range", 2, 3, "range(INTEGER, INTEGER[, INTEGER]) :: LIST<INTEGER>"),
    _f("reverse", 1, 1, "reverse(LIST|STRING) :: LIST|STRING"),
    _f("tail", 1, 1, "tail(LIST) :: LIST"),
    _f("timestamp", 0, 0, "timestamp() :: INTEGER"),
    _f("randomUUID", 0, 0, "randomUUID() :: STRING", deterministic=False),
    _f("nullIf", 2, 2, "nullIf(ANY, ANY) :: ANY"),
    _f("valueType", 1, 1, "valueType(ANY) :: STRING"),
]

_CONVERSIONS = [
    _f("toBoolean", 1, 1, "toBoolean(BOOLEAN|STRING|INTEGER) :: BOOLEAN"),
    _f("toBooleanOrNull", 1, 1, "toBooleanOrNull(ANY) :: BOOLEAN"),
    _f("toBooleanList", 1, 1, "toBooleanList(LIST) :: LIST<BOOLEAN>"),
    _f("toFloat", 1, 1, "toFloat(NUMBER|STRING) :: FLOAT"),
    _f("toFloatOrNull", 1, 1, "toFloatOrNull(ANY) :: FLOAT"),
    _f("toFloatList", 1, 1, "toFloatList(LIST) :: LIST<FLOAT>"),
    _f("toInteger", 1, 1, "toInteger(NUMBER|STRING|BOOLEAN) :: INTEGER"),
    _f("toIntegerOrNull", 1, 1, "toIntegerOrNull(ANY) :: INTEGER"),
    _f("toIntegerList", 1, 1, "toIntegerList(LIST) :: LIST<INTEGER>"),
    _f("toString", 1, 1, "toString(ANY) :: STRING"),
    _f("toStringOrNull", 1, 1, "toStringOrNull(ANY) :: STRING"),
    _f("toStringList", 1, 1, "toStringList(LIST) :: LIST<STRING>"),
]

_MATH = [
    _f("abs", 1, 1, "abs(NUMBER) :: NUMBER"),
    _f("ceil", 1, 1, "ceil(NUMBER) :: FLOAT"),
    _f("floor", 1, 1, "floor(NUMBER) :: FLOAT"),
    _f("round", 1, 3, "round(NUMBER[, INTEGER[, STRING]]) :: FLOAT"),
    _f("sign", 1, 1, "sign(NUMBER) :: INTEGER"),
    _f("rand", 0, 0, "rand() :: FLOAT", deterministic=False),
    _f("e", 0, 0, "e() :: FLOAT"),
    _f("exp", 1, 1, "exp(NUMBER) :: FLOAT"),
    _f("log", 1, 1, "log(NUMBER) :: FLOAT"),
    _f("log10", 1, 1, "log10(NUMBER) :: FLOAT"),
    _f("sqrt", 1, 1, "sqrt(NUMBER) :: FLOAT"),
    _f("pi", 0, 0, "pi() :: FLOAT"),
    _f("acos", 1, 1, "acos(NUMBER) :: FLOAT"),
    _f("asin", 1, 1, "asin(NUMBER) :: FLOAT"),
    _f("atan", 1, 1, "atan(NUMBER) :: FLOAT"),
    _f("atan2", 2, 2, "atan2(NUMBER, NUMBER) :: FLOAT"),
    _f("cos", 1, 1, "cos(NUMBER) :: FLOAT"),
    _f("cot", 1, 1, "cot(NUMBER) :: FLOAT"),
    _f("degrees", 1, 1, "degrees(NUMBER) :: FLOAT"),
    _f("haversin", 1, 1, "haversin(NUMBER) :: FLOAT"),
    _f("radians", 1, 1, "radians(NUMBER) :: FLOAT"),
    _f("sin", 1, 1, "sin(NUMBER) :: FLOAT"),
    _f("tan", 1, 1, "tan(NUMBER) :: FLOAT"),
]

_STRINGS = [
    _f("left", 2, 2, "left(STRING, INTEGER) :: STRING"),
    _f("right", 2, 2, "right(STRING, INTEGER) :: STRING"),
    _f("ltrim", 1, 1, "ltrim(STRING) :: STRING"),
    _f("rtrim", 1, 1, "rtrim(STRING) :: STRING"),
    _f("trim", 1, 1, "trim(STRING) :: STRING"),
    _f("replace", 3, 3, "replace(STRING, STRING, STRING) :: STRING"),
    _f("split", 2, 2, "split(STRING, STRING) :: LIST<STRING>"),
    _f("substring", 2, 3, "substring(STRING, INTEGER[, INTEGER]) :: STRING"),
    _f("toLower", 1, 1, "toLower(STRING) :: STRING"),
    _f("toUpper", 1, 1, "toUpper(STRING) :: STRING"),
    _f("lower", 1, 1, "lower(STRING) :: STRING"),
    _f("upper", 1, 1, "upper(STRING) :: STRING"),
    _f("char_length", 1, 1, "char_length(STRING) :: INTEGER"),
    _f("character_length", 1, 1, "character_length(STRING) :: INTEGER"),
]


def _temporal(kind: str, has_timezone_arg: bool = True) -> list[FunctionSpec]:
    """A temporal constructor with its clock variants and truncate()."""
    out = kind.upper()
    rows = [_f(kind, 0, 1, f"{kind}([STRING|MAP]) :: {out}")]
    for clock in ("transaction", "statement", "realtime"):
        rows.append(_f(f"{kind}.{clock}", 0, 1, f"{kind}.{clock}([STRING]) :: {out}"))
    rows.append(_f(f"{kind}.truncate", 2, 3, f"{kind}.truncate(STRING, TEMPORAL[, MAP]) :: {out}"))
    return rows


_TEMPORALS = [
    *_temporal("date"),
    *_temporal("localtime"),
    *_temporal("time"),
    *_temporal("localdatetime"),
    *_temporal("datetime"),
    _f("datetime.fromepoch", 2, 2, "datetime.fromepoch(INTEGER, INTEGER) :: DATETIME"),
    _f("datetime.fromepochmillis", 1, 1, "datetime.fromepochmillis(INTEGER) :: DATETIME"),
    _f("duration", 1, 1, "duration(STRING|MAP) :: DURATION"),
    _f("duration.between", 2, 2, "duration.between(TEMPORAL, TEMPORAL) :: DURATION"),
    _f("duration.inMonths", 2, 2, "duration.inMonths(TEMPORAL, TEMPORAL) :: DURATION"),
    _f("duration.inDays", 2, 2, "duration.inDays(TEMPORAL, TEMPORAL) :: DURATION"),
    _f("duration.inSeconds", 2, 2, "duration.inSeconds(TEMPORAL, TEMPORAL) :: DURATION"),
]

_SPATIAL = [
    _f("point", 1, 1, "point(MAP) :: POINT"),
    _f("distance", 2, 2, "distance(POINT, POINT) :: FLOAT"),
    _f("point.distance", 2, 2, "point.distance(POINT, POINT) :: FLOAT"),
    _f("point.withinBBox", 3, 3, "point.withinBBox(POINT, POINT, POINT) :: BOOLEAN"),
]

FUNCTIONS: dict[str, FunctionSpec] = {
    spec.name.lower(): spec
    for spec in (
        *_AGGREGATES,
        *_SCALARS,
        *_CONVERSIONS,
        *_MATH,
        *_STRINGS,
        *_TEMPORALS,
        *_SPATIAL,
    )
}


def lookup(name: str) -> FunctionSpec | None:
    """The function called ``name`` (case-insensitive), or None if there is none."""
    return FUNCTIONS.get(name.lower())


def is_aggregating(name: str) -> bool:
    spec = lookup(name)
    return spec is not None and spec.aggregating
