"""Procedure signatures in Neo4j's notation, e.g.

    test.my.proc(name :: STRING?, id :: INTEGER?) :: (city :: STRING?, country :: INTEGER?)

A signature names the procedure, its inputs and its outputs, each with a Cypher type (``?``
marks a nullable type; every Cypher value may be null, so it is accepted and ignored).
``:: VOID`` or ``:: ()`` declares a procedure without outputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import types as T
from ..errors import CypherProcedureError

_SIMPLE_TYPES = {
    t.name: t
    for t in (
        T.ANY, T.BOOLEAN, T.INTEGER, T.FLOAT, T.NUMBER, T.STRING, T.MAP, T.NODE,
        T.RELATIONSHIP, T.PATH, T.DATE, T.TIME, T.LOCALTIME, T.DATETIME, T.LOCALDATETIME,
        T.DURATION,
    )
}  # fmt: skip
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_SIGNATURE = re.compile(
    rf"^\s*(?P<name>{_NAME}(?:\.{_NAME})*)\s*\((?P<inputs>[^)]*)\)\s*::\s*"
    r"(?:(?P<void>VOID)|\((?P<outputs>[^)]*)\))\s*:?\s*$",
    re.IGNORECASE,
)
_FIELD = re.compile(rf"^\s*(?P<name>{_NAME})\s*::\s*(?P<type>.+?)\s*$")


@dataclass(frozen=True)
class ProcedureField:
    name: str
    type: T.CypherType

    def __str__(self) -> str:
        return f"{self.name} :: {self.type}?"


@dataclass(frozen=True)
class ProcedureSignature:
    name: str
    inputs: tuple[ProcedureField, ...] = ()
    outputs: tuple[ProcedureField, ...] = ()

    @property
    def is_void(self) -> bool:
        return not self.outputs

    def output(self, name: str) -> ProcedureField | None:
        return next((f for f in self.outputs if f.name == name), None)

    def __str__(self) -> str:
        inputs = ", ".join(map(str, self.inputs))
        outputs = "VOID" if self.is_void else "(" + ", ".join(map(str, self.outputs)) + ")"
        return f"{self.name}({inputs}) :: {outputs}"


def parse_signature(text: str) -> ProcedureSignature:
    """Parse ``text``; a CypherProcedureError (InvalidSignature) says what is wrong."""
    match = _SIGNATURE.match(text)
    if match is None:
        raise _invalid(text, "expected NAME(INPUTS) :: (OUTPUTS) or NAME(INPUTS) :: VOID")
    inputs = _fields(text, match.group("inputs"))
    outputs = () if match.group("void") else _fields(text, match.group("outputs"))
    for fields in (inputs, outputs):
        names = [f.name for f in fields]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate is not None:
            raise _invalid(text, f"field `{duplicate}` is declared twice")
    return ProcedureSignature(match.group("name"), inputs, outputs)


def parse_type(text: str) -> T.CypherType:
    """``STRING?``, ``LIST? OF INTEGER?``, ``MAP`` ... (case-insensitive)."""
    spec = text.strip().upper()
    list_match = re.fullmatch(r"LIST\??\s+OF\s+(.+)", spec)
    if list_match:
        return T.ListType(parse_type(list_match.group(1)))
    base = spec.rstrip("?").strip()
    if base not in _SIMPLE_TYPES:
        raise ValueError(f"unknown type `{text.strip()}`")
    return _SIMPLE_TYPES[base]


def _fields(signature: str, text: str) -> tuple[ProcedureField, ...]:
    if not text.strip():
        return ()
    fields = []
    for part in text.split(","):
        match = _FIELD.match(part)
        if match is None:
            raise _invalid(signature, f"expected `name :: TYPE`, got `{part.strip()}`")
        try:
            fields.append(ProcedureField(match.group("name"), parse_type(match.group("type"))))
        except ValueError as error:
            raise _invalid(signature, str(error)) from None
    return tuple(fields)


def _invalid(signature: str, reason: str) -> CypherProcedureError:
    return CypherProcedureError(
        f"invalid procedure signature `{signature.strip()}`: {reason}", code="InvalidSignature"
    )
