"""Static typing rules: result types of operators and functions, and the operand types that
are wrong whatever the data (compile-time InvalidArgumentType).

Inference is deliberately conservative: whatever is not obviously known is ANY, and only a
*known* wrong type is rejected — a false compile error is worse than a missed one (the
runtime still checks). Parameters are always ANY: the TCK expects errors caused by parameter
values at runtime.
"""

from __future__ import annotations

from .. import ast
from .. import types as T
from ..errors import CypherSyntaxError, CypherTypeError

# Types that say nothing about the runtime value: never rejected.
_UNKNOWN = frozenset({"ANY", "NULL"})
_BOOLEAN_OK = _UNKNOWN | {"BOOLEAN"}
_LIST_OK = _UNKNOWN | {"LIST"}
# Operands that can never take part in - * / % ^ (temporal and duration arithmetic is fine).
_NOT_ARITHMETIC = frozenset({"BOOLEAN", "STRING", "LIST", "MAP", "NODE", "RELATIONSHIP", "PATH"})
# Values that have no properties (maps, elements and temporal values do).
_NO_PROPERTIES = frozenset({"BOOLEAN", "INTEGER", "FLOAT", "NUMBER", "STRING", "LIST", "PATH"})
# Values that cannot be subscripted with [ ].
_NOT_SUBSCRIPTABLE = frozenset({"BOOLEAN", "INTEGER", "FLOAT", "NUMBER", "STRING"})

_COMPARISONS = frozenset(
    {
        "=",
        "<>",
        "<",
        ">",
        "<=",
        ">=",
        "IN",
        "STARTS WITH",
        "ENDS WITH",
        "CONTAINS",
        "=~",
        "AND",
        "OR",
        "XOR",
    }
)


def _invalid_argument(message: str, node: ast.Node) -> CypherSyntaxError:
    # The TCK files these compile-time type errors under SyntaxError.
    return CypherSyntaxError(message, code="InvalidArgumentType", position=node.pos)


def check_boolean_operand(op: str, operand: ast.Expr, type_: T.CypherType) -> None:
    if type_.name not in _BOOLEAN_OK:
        raise _invalid_argument(f"{op} expects a boolean, got {type_}", operand)


def check_list_operand(operand: ast.Expr, type_: T.CypherType) -> None:
    if type_.name not in _LIST_OK:
        raise _invalid_argument(f"IN expects a list on its right, got {type_}", operand)


def check_arithmetic_operand(op: str, operand: ast.Expr, type_: T.CypherType) -> None:
    if type_.name in _NOT_ARITHMETIC:
        raise _invalid_argument(f"operator {op} cannot be applied to {type_}", operand)


def check_property_subject(subject: ast.Expr, type_: T.CypherType) -> None:
    if type_.name in _NO_PROPERTIES:
        raise _invalid_argument(f"a {type_} has no properties", subject)


def check_subscript_subject(subject: ast.Expr, type_: T.CypherType) -> None:
    if type_.name in _NOT_SUBSCRIPTABLE:
        # The TCK accepts this one "at any time" as a TypeError.
        raise CypherTypeError(
            f"cannot index a value of type {type_}",
            code="InvalidArgumentType",
            position=subject.pos,
        )


def check_function_argument(
    function: str, accepted: frozenset[str] | None, arg: ast.Expr, type_: T.CypherType
) -> None:
    if accepted is None or type_.name in _UNKNOWN or type_.name in accepted:
        return
    raise _invalid_argument(f"{function}() does not accept an argument of type {type_}", arg)


# --------------------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------------------


def literal_type(value) -> T.CypherType:
    if value is None:
        return T.NULL
    if isinstance(value, bool):
        return T.BOOLEAN
    if isinstance(value, int):
        return T.INTEGER
    if isinstance(value, float):
        return T.FLOAT
    if isinstance(value, str):
        return T.STRING
    return T.ANY


def element_type(list_type: T.CypherType) -> T.CypherType:
    """The type of the elements of a list type (ANY when unknown)."""
    if isinstance(list_type, T.ListType):
        return list_type.element
    return T.ANY


def _numeric_result(left: T.CypherType, right: T.CypherType) -> T.CypherType:
    if left == T.INTEGER and right == T.INTEGER:
        return T.INTEGER
    if left.is_numeric and right.is_numeric:
        return T.FLOAT if T.FLOAT in (left, right) else T.NUMBER
    return T.ANY


def binary_result_type(op: str, left: T.CypherType, right: T.CypherType) -> T.CypherType:
    if op in _COMPARISONS:
        return T.BOOLEAN
    if op == "+":
        if isinstance(left, T.ListType) or isinstance(right, T.ListType):
            return T.ListType(T.ANY)
        if left == T.STRING and right == T.STRING:
            return T.STRING
    if op == "^":
        return T.FLOAT if left.is_numeric and right.is_numeric else T.ANY
    if op in ("+", "-", "*", "/", "%"):
        return _numeric_result(left, right)
    return T.ANY


_FIXED_RESULT = {
    "count": T.INTEGER,
    "size": T.INTEGER,
    "length": T.INTEGER,
    "id": T.INTEGER,
    "tointeger": T.INTEGER,
    "tofloat": T.FLOAT,
    "toboolean": T.BOOLEAN,
    "tostring": T.STRING,
    "type": T.STRING,
    "labels": T.ListType(T.STRING),
    "keys": T.ListType(T.STRING),
    "split": T.ListType(T.STRING),
    "nodes": T.ListType(T.NODE),
    "relationships": T.ListType(T.RELATIONSHIP),
    "startnode": T.NODE,
    "endnode": T.NODE,
    "properties": T.MAP,
    "range": T.ListType(T.INTEGER),
    "date": T.DATE,
    "localtime": T.LOCALTIME,
    "time": T.TIME,
    "localdatetime": T.LOCALDATETIME,
    "datetime": T.DATETIME,
    "duration": T.DURATION,
}


def function_result_type(name: str, arg_types: list[T.CypherType]) -> T.CypherType:
    key = name.lower()
    if key in _FIXED_RESULT:
        return _FIXED_RESULT[key]
    if key == "collect" and arg_types:
        return T.ListType(arg_types[0])
    if key in ("head", "last") and arg_types:
        return element_type(arg_types[0])
    if key in ("tail", "reverse", "min", "max") and arg_types:
        return (
            arg_types[0] if key != "reverse" or arg_types[0].name in ("LIST", "STRING") else T.ANY
        )
    if key == "coalesce":
        return T.join_all(arg_types)
    return T.ANY
