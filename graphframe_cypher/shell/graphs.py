"""The shell's named graphs: the session's graph catalog when it has one
(``session.catalog``: store / graph / drop / names / ``in``), otherwise a dictionary the shell
keeps itself with the same naming (``session.<name>``).

Users may type a name with or without its namespace: ``:use sample`` and
``:use session.sample`` open the same graph.
"""

from __future__ import annotations

from typing import Any

DEFAULT_NAMESPACE = "session"


class UnknownGraph(LookupError):
    def __init__(self, name: str, known: list[str]):
        listing = ", ".join(known) or "none"
        super().__init__(f"no graph named '{name}' (graphs: {listing})")


class GraphRegistry:
    def __init__(self, session: Any):
        self._catalog = getattr(session, "catalog", None)
        self._own: dict[str, Any] = {}  # qualified name -> graph, when there is no catalog

    def names(self) -> list[str]:
        """Qualified names, sorted."""
        if self._catalog is not None:
            return list(self._catalog.names())
        return sorted(self._own)

    def resolve(self, name: str) -> str | None:
        """The qualified name ``name`` stands for, or None when there is no such graph: the
        name itself, the name in the session's namespace, or the one graph of that name in
        any namespace."""
        names = self.names()
        for candidate in (name, qualified(name)):
            if candidate in names:
                return candidate
        matches = [n for n in names if n.partition(".")[2] == name]
        return matches[0] if len(matches) == 1 else None

    def graph(self, name: str) -> Any:
        found = self.resolve(name)
        if found is None:
            raise UnknownGraph(name, self.names())
        return self._catalog.graph(found) if self._catalog is not None else self._own[found]

    def store(self, name: str, graph: Any) -> str:
        """Store ``graph`` under ``name``, replacing a graph of that name. Returns the
        qualified name."""
        full = self.resolve(name) or qualified(name)
        if self._catalog is None:
            self._own[full] = graph
            return full
        if full in self._catalog:
            self._catalog.drop(full)
        self._catalog.store(full, graph)
        return full


def qualified(name: str) -> str:
    return name if "." in name else f"{DEFAULT_NAMESPACE}.{name}"


def short_name(name: str) -> str:
    """``session.sample`` -> ``sample``; names in other namespaces stay qualified."""
    prefix = DEFAULT_NAMESPACE + "."
    return name[len(prefix) :] if name.startswith(prefix) else name


def graph_after(result: Any, graph: Any) -> Any:
    """The graph the next query should see after ``result``: the updated graph when the
    query changed something (CREATE, ...), else ``graph`` (a query that returns a new graph
    without updating, such as CONSTRUCT, leaves the working graph alone)."""
    if result.graph is not None and result.counters.contains_updates:
        return result.graph
    return graph
