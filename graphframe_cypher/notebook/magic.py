"""The ``%cypher`` / ``%%cypher`` IPython magics (``%load_ext graphframe_cypher``).

    %cypher_graph graph              # once: the PropertyGraph (or CypherSession) to query
    %%cypher
    MATCH (p:Person) WHERE p.age > $min_age RETURN p.name

``$name`` parameters are the notebook's variables of those names. The magic returns the
CypherResult (shown as a table); ``%%cypher result_name`` also stores it in that variable.
"""

from __future__ import annotations

from typing import Any

from ..errors import CypherError
from ..shell.statements import tokenize


class CypherMagics:
    """The magics of one IPython shell: the graph chosen for it, and its namespace."""

    def __init__(self, ipython: Any):
        self.ipython = ipython
        self.target: Any = None  # a PropertyGraph or a CypherSession

    def choose(self, line: str) -> str:
        name = line.strip()
        if not name:
            return f"queries run on {self._target_name()}"
        if name not in self.ipython.user_ns:
            raise CypherError(f"%cypher_graph: no variable named {name!r} in the notebook")
        value = self.ipython.user_ns[name]
        if not hasattr(value, "cypher"):
            raise CypherError(
                f"%cypher_graph: {name} is a {type(value).__name__}, not a PropertyGraph "
                "or CypherSession"
            )
        self.target = value
        return f"queries run on {name}"

    def run(self, line: str, cell: str | None = None) -> Any:
        """``%cypher QUERY`` or ``%%cypher [NAME]`` over a cell holding the query."""
        if cell is None:
            query, store_as = line, None
        else:
            query, store_as = cell, line.strip() or None
        target = self._target()
        result = target.cypher(query, self._parameters(query))
        if store_as:
            self.ipython.user_ns[store_as] = result
        return result

    def _target(self) -> Any:
        if self.target is not None:
            return self.target
        # Not chosen yet: the one graph or session the notebook holds, if it is one.
        from ..api.graph import PropertyGraph
        from ..api.session import CypherSession

        found = [
            v
            for k, v in self.ipython.user_ns.items()
            if not k.startswith("_") and isinstance(v, (PropertyGraph, CypherSession))
        ]
        kinds = {id(v): v for v in found}
        graphs = [v for v in kinds.values() if isinstance(v, PropertyGraph)]
        candidates = graphs or list(kinds.values())
        if len(candidates) != 1:
            raise CypherError(
                "%%cypher: choose the graph to query first, e.g. `%cypher_graph graph` "
                f"(the notebook holds {len(candidates)} graphs or sessions)"
            )
        return candidates[0]

    def _target_name(self) -> str:
        if self.target is None:
            return "(not chosen: %cypher_graph NAME)"
        names = [k for k, v in self.ipython.user_ns.items() if v is self.target]
        return names[0] if names else repr(self.target)

    def _parameters(self, query: str) -> dict[str, Any]:
        """The notebook variables the query names as ``$name``."""
        names = {
            t.text[1:].strip("`") for t in tokenize(query) if t.kind == "param" and len(t.text) > 1
        }
        missing = sorted(n for n in names if n not in self.ipython.user_ns)
        if missing:
            listed = ", ".join(f"${n}" for n in missing)
            raise CypherError(f"%%cypher: no notebook variable for the parameters {listed}")
        return {n: self.ipython.user_ns[n] for n in names}


def load_ipython_extension(ipython: Any) -> None:
    magics = CypherMagics(ipython)
    ipython.register_magic_function(magics.run, "line_cell", "cypher")
    ipython.register_magic_function(magics.choose, "line", "cypher_graph")
