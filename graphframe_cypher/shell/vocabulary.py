"""The words the shell highlights and completes: Cypher's keywords (read from the grammar, so
they never drift from what the parser accepts) and the known function names."""

from __future__ import annotations

import re
from functools import cache

_KEYWORD_TERMINAL = re.compile(r'^[A-Z_]+:\s*"([A-Za-z]+)"i\s*$', re.MULTILINE)


@cache
def keywords() -> frozenset[str]:
    """Upper-case keywords of the grammar (MATCH, RETURN, ...)."""
    from ..parser.grammar_loader import grammar_text

    return frozenset(word.upper() for word in _KEYWORD_TERMINAL.findall(grammar_text()))


@cache
def function_names() -> tuple[str, ...]:
    """Function names as Cypher spells them (``toUpper``, ``percentileCont``, ...), sorted."""
    from ..semantic.functions import FUNCTIONS

    return tuple(sorted({spec.name for spec in FUNCTIONS.values()}, key=str.lower))
