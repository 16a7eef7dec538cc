"""The procedures a session can CALL.

A procedure is a relation from its inputs to its outputs: :meth:`Procedure.rows` gives its
rows (input values followed by output values) for a graph schema, and CALL keeps the rows
whose inputs equal the call's arguments. Rows are small constant data (test fixtures, schema
facts), so a backend turns them into an inline table and the call becomes a join. Procedures
that compute over graph data would plug in here with a plan of their own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .. import types as T
from ..errors import CypherProcedureError
from ..graph.model import GraphSchema
from .signature import ProcedureSignature, parse_signature


class Procedure(ABC):
    signature: ProcedureSignature

    @property
    def name(self) -> str:
        return self.signature.name

    @abstractmethod
    def rows(self, schema: GraphSchema) -> Sequence[tuple[Any, ...]]:
        """Input values then output values, one tuple per row, in the procedure's order."""


class TableProcedure(Procedure):
    """A procedure given by its table of rows (dicts naming every input and output)."""

    def __init__(self, signature: ProcedureSignature | str, rows: Sequence[Mapping[str, Any]]):
        self.signature = parse_signature(signature) if isinstance(signature, str) else signature
        fields = self.signature.inputs + self.signature.outputs
        self._rows = tuple(
            tuple(_value(self.signature, index, row, f.name, f.type) for f in fields)
            for index, row in enumerate(rows)
        )

    def rows(self, schema: GraphSchema) -> Sequence[tuple[Any, ...]]:
        return self._rows


class SchemaProcedure(Procedure):
    """A procedure without inputs and with one STRING output listing a schema fact."""

    def __init__(self, signature: str, facts):
        self.signature = parse_signature(signature)
        self._facts = facts

    def rows(self, schema: GraphSchema) -> Sequence[tuple[Any, ...]]:
        return tuple((fact,) for fact in sorted(self._facts(schema)))


BUILTIN_PROCEDURES: tuple[Procedure, ...] = (
    SchemaProcedure("db.labels() :: (label :: STRING?)", lambda s: s.labels),
    SchemaProcedure(
        "db.relationshipTypes() :: (relationshipType :: STRING?)", lambda s: s.relationship_types
    ),
    SchemaProcedure("db.propertyKeys() :: (propertyKey :: STRING?)", lambda s: s.property_keys),
)


class ProcedureRegistry(Mapping[str, Procedure]):
    """Procedures by qualified name: the built-in ``db.*`` ones and those registered."""

    def __init__(self, procedures: Sequence[Procedure] = BUILTIN_PROCEDURES):
        self._builtin = {p.name: p for p in procedures}
        self._procedures = dict(self._builtin)

    def register(self, procedure: Procedure) -> None:
        """Add ``procedure``, replacing a registered one of the same name."""
        if procedure.name in self._builtin:
            raise CypherProcedureError(
                f"`{procedure.name}` is a built-in procedure and cannot be replaced",
                code="ProcedureRegistrationFailed",
            )
        self._procedures[procedure.name] = procedure

    def unregister(self, name: str) -> None:
        if name in self._builtin:
            raise CypherProcedureError(
                f"`{name}` is a built-in procedure and cannot be removed",
                code="ProcedureRegistrationFailed",
            )
        self._procedures.pop(name, None)

    def signatures(self) -> dict[str, ProcedureSignature]:
        return {name: p.signature for name, p in self._procedures.items()}

    def __getitem__(self, name: str) -> Procedure:
        return self._procedures[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._procedures))

    def __len__(self) -> int:
        return len(self._procedures)


def _value(signature: ProcedureSignature, index: int, row: Mapping[str, Any], name, type_):
    if name not in row:
        raise CypherProcedureError(
            f"row {index + 1} of procedure `{signature.name}` has no value for `{name}`",
            code="InvalidProcedureRow",
        )
    value = row[name]
    if value is None or type_ == T.ANY:
        return value
    actual = T.type_of_value(value)
    if type_ == T.FLOAT and actual == T.INTEGER:
        return float(value)
    if actual.name == type_.name or type_ == T.NUMBER and actual.is_numeric:
        return value
    raise CypherProcedureError(
        f"row {index + 1} of procedure `{signature.name}`: `{name}` is declared "
        f"{type_} but the value {value!r} is not",
        code="InvalidProcedureRow",
    )
