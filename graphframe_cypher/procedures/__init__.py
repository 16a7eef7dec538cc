"""Procedures that CALL can invoke: signatures and the session's registry."""

from .registry import (
    BUILTIN_PROCEDURES,
    Procedure,
    ProcedureRegistry,
    SchemaProcedure,
    TableProcedure,
)
from .signature import ProcedureField, ProcedureSignature, parse_signature, parse_type

__all__ = [
    "BUILTIN_PROCEDURES",
    "Procedure",
    "ProcedureField",
    "ProcedureRegistry",
    "ProcedureSignature",
    "SchemaProcedure",
    "TableProcedure",
    "parse_signature",
    "parse_type",
]
