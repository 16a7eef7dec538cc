"""Compile-time checks of CALL against the called procedure's signature: that it exists,
how its arguments are passed, their number and types, and the outputs YIELD names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import ast
from .. import types as T
from ..errors import CypherProcedureError, CypherSyntaxError
from ..procedures import ProcedureSignature

# Static types that say nothing about the runtime value: an argument of such a type is
# checked when the call runs, not here.
_UNKNOWN = frozenset({"ANY", "NULL"})


def lookup_signature(
    clause: ast.Call, signatures: Mapping[str, ProcedureSignature]
) -> ProcedureSignature:
    signature = signatures.get(clause.procedure)
    if signature is None:
        raise CypherProcedureError(
            f"there is no procedure `{clause.procedure}`",
            code="ProcedureNotFound",
            position=clause.pos,
        )
    return signature


def check_arguments(
    clause: ast.Call, signature: ProcedureSignature, arg_types: Sequence[T.CypherType]
) -> None:
    if clause.args is None:
        # Without parentheses the arguments are the parameters named like the inputs,
        # which Neo4j allows only for a standalone call.
        if signature.inputs and not clause.standalone:
            raise CypherSyntaxError(
                f"procedure `{signature.name}` takes arguments: pass them in parentheses "
                "(implicit arguments are only allowed in a standalone CALL)",
                code="InvalidArgumentPassingMode",
                position=clause.pos,
            )
        return
    if len(clause.args) != len(signature.inputs):
        raise CypherSyntaxError(
            f"procedure call does not provide the required number of arguments: got "
            f"{len(clause.args)}, `{signature}` expects {len(signature.inputs)}",
            code="InvalidNumberOfArguments",
            position=clause.pos,
        )
    for arg, actual, field in zip(clause.args, arg_types, signature.inputs, strict=True):
        if not assignable(actual, field.type):
            raise CypherSyntaxError(
                f"type mismatch for argument `{field.name}` of `{signature.name}`: "
                f"expected {field.type}, got {actual}",
                code="InvalidArgumentType",
                position=arg.pos,
            )


def output_type(item: ast.YieldItem, signature: ProcedureSignature) -> T.CypherType:
    field = signature.output(item.field)
    if field is None:
        outputs = ", ".join(f.name for f in signature.outputs) or "none"
        raise CypherSyntaxError(
            f"procedure `{signature.name}` has no output `{item.field}` (outputs: {outputs})",
            code="UndefinedVariable",
            position=item.pos,
        )
    return field.type


def assignable(actual: T.CypherType, declared: T.CypherType) -> bool:
    """Whether a value of static type ``actual`` may be passed where ``declared`` is
    expected (INTEGER widens to FLOAT, both are NUMBERs)."""
    if actual.name in _UNKNOWN or declared == T.ANY or actual.name == declared.name:
        return True
    if declared == T.NUMBER:
        return actual.is_numeric
    return declared == T.FLOAT and actual == T.INTEGER
