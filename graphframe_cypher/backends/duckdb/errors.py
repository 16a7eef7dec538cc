"""DuckDB's exceptions as Cypher errors: the errors generated SQL raises on purpose
(``expressions.raise_error``), DuckDB's own integer overflow, and anything else as an
error naming DuckDB's message (a query this backend compiled wrongly), never a trace."""

from __future__ import annotations

import re

from ... import errors
from .expressions import ERROR_MARKER

_MARKER_RE = re.compile(re.escape(ERROR_MARKER) + r":(\w+):(\w*):(.*)")


class DuckDbEngineError(errors.CypherError):
    """DuckDB failed to run SQL the backend generated: a gap of the backend, reported with
    DuckDB's message (the Cypher text it came from is attached by the session)."""

    error_type = "DuckDbEngineError"
    default_phase = errors.RUNTIME


def translate_duckdb_error(exc: Exception) -> errors.CypherError:
    text = str(exc)
    marked = _MARKER_RE.search(text)
    if marked is not None:
        error_type, code, message = marked.groups()
        cls = errors.ERROR_TYPES.get(error_type) or getattr(errors, error_type, None)
        if not (isinstance(cls, type) and issubclass(cls, errors.CypherError)):
            cls = errors.CypherArgumentError
        return cls(message.strip(), code=code, phase=errors.RUNTIME)
    if "Overflow" in text or "out of range" in text.lower():
        return errors.CypherArgumentError(
            "integer overflow", code="IntegerOverflow", phase=errors.RUNTIME
        )
    first_line = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return DuckDbEngineError(f"DuckDB could not run the query: {first_line[:500]}")
