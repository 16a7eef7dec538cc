"""Errors raised to users.

Every error a user can see derives from :class:`CypherError`. The classes mirror the error
types of the openCypher TCK (SyntaxError, SemanticError, TypeError, ArgumentError, ...); each
instance carries the TCK *detail code* (``UndefinedVariable``, ``InvalidArgumentType``, ...),
the phase in which it was raised (``compile time`` or ``runtime``) and, for errors in query
text, the 1-based line and column plus the offending line with a caret under it.
"""

from __future__ import annotations

from dataclasses import dataclass

COMPILE_TIME = "compile time"
RUNTIME = "runtime"


@dataclass(frozen=True)
class Position:
    """A 1-based line/column position in query text (``offset`` is 0-based)."""

    line: int
    column: int
    offset: int = 0

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}"


NO_POSITION = Position(0, 0, 0)


class CypherError(Exception):
    """Base class of every error the engine raises to a user."""

    error_type = "CypherError"
    default_phase = COMPILE_TIME

    def __init__(
        self,
        message: str,
        code: str = "",
        position: Position | None = None,
        query: str | None = None,
        phase: str | None = None,
    ):
        self.message = message
        self.code = code
        self.position = position if position is not None and position.line > 0 else None
        self.query = query
        self.phase = phase or self.default_phase
        super().__init__(self._render())

    @property
    def line(self) -> int | None:
        return self.position.line if self.position else None

    @property
    def column(self) -> int | None:
        return self.position.column if self.position else None

    def with_query(self, query: str) -> CypherError:
        """Attach the query text so the message can show the offending line."""
        if self.query is None:
            self.query = query
            self.args = (self._render(),)
        return self

    def _render(self) -> str:
        head = f"{self.error_type}"
        if self.code:
            head += f" ({self.code})"
        text = f"{head}: {self.message}"
        if self.position is None:
            return text
        text += f" (line {self.position.line}, column {self.position.column})"
        if self.query:
            lines = self.query.splitlines() or [""]
            if 1 <= self.position.line <= len(lines):
                src = lines[self.position.line - 1]
                caret = " " * (max(self.position.column, 1) - 1) + "^"
                text += f"\n  {src}\n  {caret}"
        return text

    def __str__(self) -> str:
        return self.args[0] if self.args else self._render()


class CypherSyntaxError(CypherError):
    """Query text that is not valid Cypher, or a compile-time semantic violation the TCK
    classifies as a syntax error (undefined variables, bad aggregation, ...)."""

    error_type = "SyntaxError"


class CypherSemanticError(CypherError):
    error_type = "SemanticError"


class CypherTypeError(CypherError):
    """A value of the wrong type (at compile time when known statically)."""

    error_type = "TypeError"


class CypherArgumentError(CypherError):
    error_type = "ArgumentError"
    default_phase = RUNTIME


class CypherProcedureError(CypherError):
    error_type = "ProcedureError"


class ConstraintVerificationFailed(CypherError):
    error_type = "ConstraintVerificationFailed"
    default_phase = RUNTIME


class EntityNotFound(CypherError):
    error_type = "EntityNotFound"
    default_phase = RUNTIME


class UnsupportedFeature(CypherError):
    """Valid Cypher that this engine cannot execute yet."""

    error_type = "UnsupportedFeature"


class GraphError(CypherError):
    """A problem with graph data or its mapping from tables (bad ids, missing columns...)."""

    error_type = "GraphError"
    default_phase = RUNTIME


class GraphDdlError(GraphError):
    """A Graph DDL text that is not valid (syntax), or whose definitions or mappings do not
    fit together or with the tables they map (unknown element type, missing view or column).
    Names the line and column in the DDL."""

    error_type = "GraphDdlError"


class CypherEnvironmentError(CypherError):
    """The runtime environment is unusable (no Java, Spark failed to start)."""

    error_type = "EnvironmentError"
    default_phase = RUNTIME


class InternalError(CypherError):
    """A fault of the engine, not of the query: an exception from the engine's own code or
    a backend rejecting a plan the engine built. The message asks for a report and shows
    the query; the original exception is the ``__cause__`` (and ``cause``)."""

    error_type = "InternalError"
    default_phase = RUNTIME

    def __init__(self, cause: BaseException, query: str | None = None):
        self.cause = cause
        super().__init__(
            f"internal error, please report: {type(cause).__name__}: {_first_line(cause)}",
            code="EngineFault",
            query=query,
        )

    def _render(self) -> str:
        text = super()._render()
        if self.query:
            text += "\n  query: " + "\n         ".join(self.query.splitlines())
        return text


def _first_line(exc: BaseException) -> str:
    """The first line of an exception's message (a Py4J error: of the JVM exception's),
    at most 500 characters: never a stack trace."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    if lines and lines[0].startswith("An error occurred while calling") and len(lines) > 1:
        lines = lines[1:]
    return (lines[0].lstrip(": ") if lines else "")[:500]


# Short aliases matching the TCK's error type names, for users and the TCK runner.
SyntaxError = CypherSyntaxError  # noqa: A001 - deliberate: the TCK's name
SemanticError = CypherSemanticError
TypeError = CypherTypeError  # noqa: A001
ArgumentError = CypherArgumentError
ProcedureError = CypherProcedureError

__all__ = [
    "Position",
    "CypherError",
    "CypherSyntaxError",
    "CypherSemanticError",
    "CypherTypeError",
    "CypherArgumentError",
    "CypherProcedureError",
    "ConstraintVerificationFailed",
    "EntityNotFound",
    "UnsupportedFeature",
    "GraphError",
    "GraphDdlError",
    "CypherEnvironmentError",
]

ERROR_TYPES: dict[str, type[CypherError]] = {
    cls.error_type: cls
    for cls in (
        CypherSyntaxError,
        CypherSemanticError,
        CypherTypeError,
        CypherArgumentError,
        CypherProcedureError,
        ConstraintVerificationFailed,
        EntityNotFound,
        UnsupportedFeature,
        GraphError,
    )
}
