"""Python implementations called from DuckDB SQL: what DuckDB cannot compute natively.

Temporal functions and operators on columns (constructors, truncation, arithmetic with
durations, components, ``toString``) run the pure-Python ``graphframe_cypher.temporal``
package, the same code the compiler folds constants with and the Spark backend runs in its
UDFs. Each (function, argument types, result type) is registered once per connection as a
DuckDB scalar function; values cross as DuckDB's Python values (structs as dicts) and are
converted with the representation's rules both ways. A CypherError raised by the Python
code fails the query with that error (``errors.py`` reads the marker back).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

from ... import types as T
from ...errors import CypherError
from .expressions import ERROR_MARKER
from .representation import duck_type, to_python, to_stored


class PythonFunctions:
    """The Python functions registered on one DuckDB connection."""

    def __init__(self, connection):
        self._connection = connection
        self._names: dict[tuple, str] = {}
        self._numbers = itertools.count()
        self._lock = threading.Lock()

    def call(
        self,
        label: str,
        impl: Callable,
        arguments: list[str],
        types: list[T.CypherType],
        result: T.CypherType,
        id_type: T.CypherType,
    ) -> str:
        """SQL calling ``impl`` on the SQL ``arguments`` of Cypher ``types``."""
        key = (label, tuple(types), result, id_type)
        with self._lock:
            name = self._names.get(key)
            if name is None:
                name = f"cypher_py_{next(self._numbers)}"
                self._register(name, impl, types, result, id_type)
                self._names[key] = name
        return f"{name}({', '.join(arguments)})"

    def _register(self, name, impl, types, result, id_type) -> None:
        sql_type = getattr(self._connection, "sqltype", None) or self._connection.type

        def run(*values):
            try:
                cypher_values = [to_python(v, t) for v, t in zip(values, types, strict=True)]
                return to_stored(impl(*cypher_values), result)
            except CypherError as error:
                text = f"{ERROR_MARKER}:{error.error_type}:{error.code}:{error.message}"
                raise ValueError(text) from None

        self._connection.create_function(
            name,
            _with_arity(run, len(types)),
            [sql_type(duck_type(t, id_type)) for t in types],
            sql_type(duck_type(result, id_type)),
            null_handling="special",
            side_effects=False,
        )


def _with_arity(fn: Callable, arity: int) -> Callable:
    """``fn`` with exactly ``arity`` positional parameters: DuckDB reads the number of
    arguments from the Python signature, and ``*args`` counts as one."""
    fixed = {
        0: lambda: fn(),
        1: lambda a: fn(a),
        2: lambda a, b: fn(a, b),
        3: lambda a, b, c: fn(a, b, c),
        4: lambda a, b, c, d: fn(a, b, c, d),
    }
    if arity not in fixed:
        from .expressions import unsupported

        raise unsupported(f"a Python function of {arity} arguments")
    return fixed[arity]
