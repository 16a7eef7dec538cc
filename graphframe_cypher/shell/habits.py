"""What cypher-shell users type by habit: ``name => value`` parameters, ``EXPLAIN`` and
``PROFILE`` prefixes, and the ``auto`` and ``plain`` output formats. Text handling only: the
shell and the command line run what these functions find."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TextIO

from ..values import format_value

# `name => value` (cypher-shell's :param and -P); the name may be in backticks.
_ASSIGNMENT = re.compile(
    r"^\s*(?P<name>`(?:[^`]|``)+`|[^\W\d]\w*)\s*=>\s*(?P<value>.*\S)\s*$", re.S
)
# EXPLAIN or PROFILE before a query, after any comments.
_PLAN_PREFIX = re.compile(
    r"^(?:\s|//[^\n]*|/\*.*?\*/)*(?P<mode>EXPLAIN|PROFILE)\b(?P<rest>.*)$", re.I | re.S
)

EXPLAIN = "EXPLAIN"
PROFILE = "PROFILE"


class ParameterSyntaxError(ValueError):
    """A parameter assignment that is not ``name => value``."""


def parse_assignment(text: str) -> tuple[str, str]:
    """``(name, value expression)`` of ``name => value``; the value is Cypher text."""
    match = _ASSIGNMENT.match(text)
    if match is None:
        raise ParameterSyntaxError(
            f"expected a parameter as 'name => value' (e.g. age => 42), got {text.strip()!r}"
        )
    name = match.group("name")
    if name.startswith("`"):
        name = name[1:-1].replace("``", "`")
    return name, match.group("value")


def plan_prefix(query: str) -> tuple[str | None, str]:
    """``("EXPLAIN" | "PROFILE" | None, the query without the prefix)``."""
    match = _PLAN_PREFIX.match(query)
    if match is None or not match.group("rest").strip():
        return None, query
    return match.group("mode").upper(), match.group("rest").strip()


def resolve_format(fmt: str, out: TextIO) -> str:
    """``auto`` as cypher-shell reads it: a table on a terminal, ``plain`` otherwise."""
    if fmt != "auto":
        return fmt
    try:
        return "table" if out.isatty() else "plain"
    except (AttributeError, ValueError):
        return "plain"


def render_plain(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    """cypher-shell's ``plain`` format: a header of column names, then one line per row of
    Cypher-written values, separated by ``, ``."""
    out.write(", ".join(columns) + "\n")
    for row in rows:
        out.write(", ".join(format_value(value) for value in row) + "\n")
