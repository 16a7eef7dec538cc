"""How user-chosen names become the engine's column names.

Cypher names (variables, aliases, property keys, labels...) may be any string: `a` and `A`
are different variables, `` `  agg#0` `` and `` `n.x` `` are legal ones. The engine's own
columns are derived names (``n#p.name``, ``  agg#0``), and Spark may resolve column and
field names case-insensitively (``spark.sql.caseSensitive=false``, its default). One
encoding therefore turns every user name into a column name that

* never contains ``#`` and never starts with a space, so it is never one of the engine's
  names (they all contain ``#`` or start with two spaces), nor a prefix of one;
* holds no upper-case or non-ASCII letter, so two names that differ only in case stay two
  names when Spark folds case (``A`` -> ``^a``; ``a`` stays ``a``);
* is injective and reversible (:func:`decode`), and leaves the common plain names
  (lower-case letters, digits, ``_`` and simple punctuation) unchanged.

Escapes: an ASCII upper-case letter ``X`` becomes ``^x``; any other character outside the
plain set becomes ``^{hex code point}`` (``#`` -> ``^{23}``, space -> ``^{20}``,
``^`` -> ``^{5e}``).
"""

from __future__ import annotations

import re
import string

ESCAPE = "^"
_PLAIN = frozenset(string.ascii_lowercase + string.digits + "_.,:;()[]{}<>=+-*/%&|!?@$'\"~")
_ESCAPED = re.compile(r"\^(?:([a-z])|\{([0-9a-f]+)\})")


def encode(name: str) -> str:
    """The column name of user name ``name`` (see the module docstring)."""
    if all(c in _PLAIN for c in name):
        return name
    return "".join(_encode_char(c) for c in name)


def _encode_char(c: str) -> str:
    if c in _PLAIN:
        return c
    if "A" <= c <= "Z":
        return ESCAPE + c.lower()
    return f"{ESCAPE}{{{ord(c):x}}}"


def decode(column: str) -> str:
    """The user name ``column`` encodes (the inverse of :func:`encode`)."""
    if ESCAPE not in column:
        return column

    def one(match: re.Match) -> str:
        letter, code = match.groups()
        return letter.upper() if letter else chr(int(code, 16))

    return _ESCAPED.sub(one, column)


def is_engine_name(column: str) -> bool:
    """Whether ``column`` is one of the engine's own names (never an encoded user name)."""
    return column.startswith(" ") or "#" in column
