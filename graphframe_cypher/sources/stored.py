"""What the file and Hive graph sources share: versioned, atomic stores of graphs laid out
as tables (``layout.py``), over a *storage* that knows where tables and pointers live.

A store writes every table of a new version aside, then its schema file, then switches
the graph's pointer to it in one atomic step (``Storage.switch``), and only then deletes
versions the pointer no longer keeps. A failure before the switch leaves the previous
version current and untouched; the aside version is deleted (or, after a crash, ignored
by readers and deleted by the next store of the graph). The same PropertyGraph object is
returned for a name until the graph is stored again or dropped (element identity across
queries rests on it); after a store it is read afresh from the new version.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import CypherError, GraphError
from .layout import GraphLayout, Pointer, first_pointer, garbage_versions, new_version

if TYPE_CHECKING:
    from ..api.graph import PropertyGraph
    from ..api.session import CypherSession


class Storage(Protocol):
    """Where one source keeps its graphs' versions, tables, schema files and pointers."""

    native_nested: bool  # tables hold structs and arrays (else JSON text for those)

    def attach(self, spark: Any) -> None: ...  # the SparkSession to read and write with

    def describe(self) -> str: ...  # "the directory /x", "the Hive database g"

    def graph_names(self) -> list[str]: ...

    def pointer(self, name: str) -> Pointer | None: ...

    def versions(self, name: str) -> list[str]: ...  # every version present, complete or not

    def bucket_count(self) -> int: ...  # buckets of the tables a store writes now (0: none)

    # bucket_by: the column to bucket the table by, if the storage buckets
    def write_table(
        self, name: str, version: str, table: str, df: Any, bucket_by: str | None = None
    ) -> None: ...

    def read_table(self, name: str, version: str, table: str, schema: Any) -> Any: ...

    def write_layout(self, name: str, version: str, text: str) -> None: ...

    def read_layout(self, name: str, version: str) -> str: ...

    def switch(self, name: str, old: Pointer | None, new: Pointer) -> None: ...

    def delete_version(self, name: str, version: str) -> None: ...

    def remove_graph(self, name: str) -> None: ...


class StoredGraphSource:
    """A graph source over a :class:`Storage` (see the module docstring).
    ``keep_previous``: how many older versions of a graph are kept after a store, so that
    graphs derived from them, which Spark still reads lazily, keep working (0 deletes
    every older version at once)."""

    def __init__(self, storage: Storage, keep_previous: int = 1):
        self._storage = storage
        self._keep_previous = keep_previous
        self._session: CypherSession | None = None
        self._graphs: dict[str, tuple[str, PropertyGraph]] = {}  # name -> (version, graph)

    def attach(self, session: CypherSession) -> None:
        """Called by ``CypherSession.register_source``: graphs are read on this session."""
        self._session = session
        self._storage.attach(session.spark)

    # -- GraphSource ----------------------------------------------------------------------

    def describe_location(self) -> str:
        """Where the graphs are: "the directory /data/graphs", "the Hive database g"."""
        return self._storage.describe()

    def graph_names(self) -> list[str]:
        self._require_session()
        return sorted(self._storage.graph_names())

    def has_graph(self, name: str) -> bool:
        self._require_session()
        return self._storage.pointer(name) is not None

    def graph(self, name: str) -> PropertyGraph:
        self._require_session()
        pointer = self._storage.pointer(name)
        if pointer is None:
            raise GraphError(self._unknown(name))
        cached = self._graphs.get(name)
        if cached is not None and cached[0] == pointer.current:
            return cached[1]
        graph = self._read(name, pointer.current)
        self._graphs[name] = (pointer.current, graph)
        return graph

    def store(self, name: str, graph: PropertyGraph) -> None:
        self._require_session()
        old = self._storage.pointer(name)
        version = new_version()
        try:
            self._write_version(name, version, graph)
        except BaseException as error:
            self._discard(name, version)
            if isinstance(error, Exception):
                raise GraphError(
                    f"storing graph {name!r} in {self._storage.describe()} failed "
                    f"(the previous version is unchanged): {_first_line(error)}"
                ) from None
            raise
        new = old.advance(version, self._keep_previous) if old else first_pointer(version)
        self._storage.switch(name, old, new)
        # Read the graph back from the new version before deleting anything: the cached
        # graph (and a graph derived from the old version being stored over it) must not
        # read files that are about to go.
        self._graphs.pop(name, None)
        self.graph(name)
        self._collect_garbage(name, new)

    def drop(self, name: str) -> None:
        self._require_session()
        if self._storage.pointer(name) is None:
            raise GraphError(self._unknown(name))
        self._graphs.pop(name, None)
        self._storage.remove_graph(name)

    # -- internals ------------------------------------------------------------------------

    def _require_session(self) -> CypherSession:
        if self._session is None:
            raise GraphError(
                f"{type(self).__name__} is not attached to a session: register it first "
                "with session.register_source(namespace, source)"
            )
        return self._session

    def _write_version(self, name: str, version: str, graph: PropertyGraph) -> None:
        from ..backends.spark.graph_tables import write_graph

        def write_table(table: str, df, bucket_by: str) -> None:
            self._storage.write_table(name, version, table, df, bucket_by=bucket_by)

        buckets = self._storage.bucket_count()
        nested = self._storage.native_nested
        # bucketed by source, relationships are stored a second time bucketed by target
        layout = _translated(lambda: write_graph(graph, write_table, nested, buckets > 0))
        layout = replace(layout, buckets=buckets)
        # The schema file last: a version without one is incomplete.
        self._storage.write_layout(name, version, layout.to_text())

    def _read(self, name: str, version: str) -> PropertyGraph:
        from ..backends.spark.graph_tables import read_graph

        session = self._require_session()
        where = f"the schema file of graph {name!r} in {self._storage.describe()}"
        layout = GraphLayout.from_text(self._storage.read_layout(name, version), where)

        def read_table(table: str, schema):
            return self._storage.read_table(name, version, table, schema)

        return _translated(lambda: read_graph(session, layout, read_table, name))

    def _discard(self, name: str, version: str) -> None:
        try:
            self._storage.delete_version(name, version)
        except Exception:  # noqa: BLE001 - best effort: the next store deletes it
            pass

    def _collect_garbage(self, name: str, pointer: Pointer) -> None:
        for version in garbage_versions(self._storage.versions(name), pointer):
            self._discard(name, version)

    def _unknown(self, name: str) -> str:
        names = self.graph_names()
        known = f"it holds {', '.join(names)}" if names else "it holds no graphs"
        return f"unknown graph {name!r} in {self._storage.describe()} ({known})"


def _translated(action):
    """Runs ``action``, turning Spark's errors into GraphErrors (no JVM traces)."""
    try:
        return action()
    except CypherError:
        raise
    except Exception as error:  # noqa: BLE001 - Spark raises many unrelated types
        from ..backends.spark.column_utils import translate_spark_error

        translated = translate_spark_error(error)  # a Cypher runtime error (e.g. / by zero)
        if translated is not None:
            raise translated from None
        name = type(error).__name__
        if name in ("AnalysisException", "Py4JJavaError", "IllegalArgumentException") or (
            "Spark" in name
        ):
            raise GraphError(f"Spark failed: {_first_line(error)}") from None
        raise


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return (text.splitlines()[0] if text else type(error).__name__)[:500]
