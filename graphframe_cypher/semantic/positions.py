"""Pointing errors at the offending name.

Pattern nodes carry the position of their first token (``(`` or ``-``); an error about the
variable inside should point at the variable itself, which we find in the query text."""

from __future__ import annotations

import re

from ..errors import Position

_LOOKAHEAD = 64  # a pattern's variable follows its opening token closely


def name_position(text: str, start: Position, name: str) -> Position:
    """The position of ``name`` (possibly backticked) at or after ``start``; ``start`` when
    the text is unknown or the name is not found nearby."""
    if not text or start.line <= 0 or not name:
        return start
    window = text[start.offset : start.offset + len(name) + _LOOKAHEAD]
    found = re.search(r"(?<![\w`])`?" + re.escape(name) + r"`?(?![\w])", window)
    if found is None:
        return start
    offset = start.offset + found.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Position(line, column, offset)
