"""The graph catalog: graphs (and views) by qualified name ``namespace.name``.

Each namespace is served by a *graph source*. The built-in namespace ``session`` holds the
graphs stored during the session (in memory: a PropertyGraph is a description over lazy
tables); other sources (files, Hive) register under their own namespace with
``CypherSession.register_source``. A bare name means ``session.<name>`` when storing and
the one namespace holding it when reading.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..errors import GraphError

if TYPE_CHECKING:
    from .. import ast
    from .graph import PropertyGraph

SESSION_NAMESPACE = "session"
# One part of a graph name: no path separators, no '..', nothing a source could use to
# reach outside its root.
_NAME_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]*")


@runtime_checkable
class GraphSource(Protocol):
    """What a namespace's source provides. ``name`` is the part after the namespace,
    already validated (parts of letters, digits, ``_`` and ``-`` joined by ``.``).

    A source should return the same PropertyGraph object for a name until it is stored
    again or dropped: element identity across queries rests on it."""

    def graph_names(self) -> list[str]: ...

    def has_graph(self, name: str) -> bool: ...

    def graph(self, name: str) -> PropertyGraph: ...

    def store(self, name: str, graph: PropertyGraph) -> None: ...

    def drop(self, name: str) -> None: ...


class SessionGraphSource:
    """Graphs held in memory for the session.

    Copy-on-write: writers replace the whole dict under a lock, readers read whichever dict
    is current without locking, so queries on other threads never see one half-changed."""

    def __init__(self) -> None:
        self._graphs: dict[str, PropertyGraph] = {}
        self._lock = threading.Lock()

    def graph_names(self) -> list[str]:
        return sorted(self._graphs)

    def has_graph(self, name: str) -> bool:
        return name in self._graphs

    def graph(self, name: str) -> PropertyGraph:
        return self._graphs[name]

    def store(self, name: str, graph: PropertyGraph) -> None:
        with self._lock:
            self._graphs = {**self._graphs, name: graph}

    def drop(self, name: str) -> None:
        with self._lock:
            graphs = dict(self._graphs)
            del graphs[name]
            self._graphs = graphs


@dataclass(frozen=True)
class ViewDefinition:
    """``CATALOG CREATE VIEW name($g1, ...) { query }``: expanded (run) where it is used."""

    name: str
    parameters: tuple[str, ...]
    query: ast.Query


@dataclass(frozen=True)
class QualifiedName:
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.namespace}.{self.name}"


def split_name(name: str) -> tuple[str | None, str]:
    """``ns.a.b`` -> ("ns", "a.b"); ``a`` -> (None, "a"). Raises on a malformed name."""
    if not isinstance(name, str):
        raise GraphError(f"a graph name must be a string, not {type(name).__name__}")
    parts = name.split(".")
    bad = [p for p in parts if not _NAME_PART.fullmatch(p)]
    if bad:
        raise GraphError(
            f"invalid graph name {name!r}: each part of a qualified name is made of letters, "
            "digits, '_' and '-' (no path separators or empty parts)"
        )
    if len(parts) == 1:
        return None, parts[0]
    return parts[0], ".".join(parts[1:])


class Catalog:
    """Sources and views by name. Safe to use from many threads: the dicts are replaced
    whole under a lock (copy-on-write), never changed in place, so a reader iterates a
    consistent snapshot without locking."""

    def __init__(self) -> None:
        self._sources: dict[str, GraphSource] = {SESSION_NAMESPACE: SessionGraphSource()}
        self._views: dict[str, ViewDefinition] = {}
        self._lock = threading.Lock()

    # -- sources --------------------------------------------------------------------------

    def register_source(self, namespace: str, source: GraphSource) -> None:
        if not _NAME_PART.fullmatch(namespace or ""):
            raise GraphError(f"invalid namespace {namespace!r}")
        if namespace == SESSION_NAMESPACE:
            raise GraphError(f"the namespace {SESSION_NAMESPACE!r} is the session's own")
        missing = [
            m
            for m in ("graph_names", "has_graph", "graph", "store", "drop")
            if not callable(getattr(source, m, None))
        ]
        if missing:
            raise GraphError(f"a graph source needs the methods {', '.join(missing)}")
        with self._lock:
            self._sources = {**self._sources, namespace: source}

    def deregister_source(self, namespace: str) -> None:
        with self._lock:
            if namespace == SESSION_NAMESPACE or namespace not in self._sources:
                raise GraphError(f"no registered source {namespace!r}")
            self._sources = {k: v for k, v in self._sources.items() if k != namespace}

    @property
    def namespaces(self) -> list[str]:
        return sorted(self._sources)

    def source(self, namespace: str) -> GraphSource:
        source = self._sources.get(namespace)
        if source is None:
            known = ", ".join(self.namespaces)
            raise GraphError(f"unknown namespace {namespace!r} (known: {known})")
        return source

    # -- graphs ---------------------------------------------------------------------------

    def store(self, name: str, graph: PropertyGraph) -> None:
        from .graph import PropertyGraph

        if not isinstance(graph, PropertyGraph):
            raise GraphError(f"only PropertyGraphs can be stored, not {type(graph).__name__}")
        qualified = self._for_writing(name)
        self.source(qualified.namespace).store(qualified.name, graph)

    def graph(self, name: str) -> PropertyGraph:
        qualified = self.resolve(name)
        return self.source(qualified.namespace).graph(qualified.name)

    def drop(self, name: str) -> None:
        qualified = self.resolve(name)
        self.source(qualified.namespace).drop(qualified.name)

    def names(self) -> list[str]:
        return sorted(
            f"{ns}.{name}" for ns, source in self._sources.items() for name in source.graph_names()
        )

    def __contains__(self, name: object) -> bool:
        try:
            self.resolve(name)  # type: ignore[arg-type]
        except GraphError:
            return False
        return True

    def resolve(self, name: str) -> QualifiedName:
        """The graph ``name`` stands for; a GraphError naming it when there is none."""
        namespace, local = split_name(name)
        if namespace is not None:
            source = self.source(namespace)
            if source.has_graph(local):
                return QualifiedName(namespace, local)
            # a source may say where it looked ("in the directory /data/graphs")
            located = getattr(source, "describe_location", None)
            where = f" in {located()}" if callable(located) else ""
            raise GraphError(f"unknown graph {name!r}{where}{self._known_text()}")
        holders = [ns for ns, source in self._sources.items() if source.has_graph(local)]
        if len(holders) == 1:
            return QualifiedName(holders[0], local)
        if holders:
            options = ", ".join(f"{ns}.{local}" for ns in sorted(holders))
            raise GraphError(f"graph name {name!r} is ambiguous: qualify it ({options})")
        raise GraphError(f"unknown graph {name!r}{self._known_text()}")

    def _for_writing(self, name: str) -> QualifiedName:
        namespace, local = split_name(name)
        return QualifiedName(namespace or SESSION_NAMESPACE, local)

    def _known_text(self) -> str:
        names = self.names()
        return f" (the catalog holds {', '.join(names)})" if names else " (the catalog is empty)"

    # -- views ----------------------------------------------------------------------------

    def store_view(self, view: ViewDefinition) -> None:
        qualified = self._for_writing(view.name)
        if qualified.namespace != SESSION_NAMESPACE:
            raise GraphError(
                f"views live in the {SESSION_NAMESPACE!r} namespace, not {view.name!r}"
            )
        with self._lock:
            self._views = {**self._views, qualified.name: view}

    def view(self, name: str) -> ViewDefinition | None:
        namespace, local = split_name(name)
        if namespace not in (None, SESSION_NAMESPACE):
            return None
        return self._views.get(local)

    def drop_view(self, name: str) -> None:
        namespace, local = split_name(name)
        with self._lock:
            if namespace not in (None, SESSION_NAMESPACE) or local not in self._views:
                raise GraphError(f"unknown view {name!r}")
            self._views = {k: v for k, v in self._views.items() if k != local}

    def view_names(self) -> list[str]:
        return sorted(f"{SESSION_NAMESPACE}.{name}" for name in self._views)
