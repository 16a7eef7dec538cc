"""SqlGraphSource: graphs mapped onto SQL tables and views (Hive, the Spark catalog) by a
Graph DDL file in Morpheus's syntax (see ``grammar/graph_ddl.lark`` and ``ddl/``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..ddl import parse_ddl, resolve_ddl
from ..ddl.resolve import ResolvedDdl
from ..errors import GraphError
from ..graph.identity import IdSpace, first_id

if TYPE_CHECKING:
    from ..api.graph import PropertyGraph
    from ..api.session import CypherSession


class SqlGraphSource:
    """The graphs a Graph DDL defines over SQL views, served read-only under a namespace::

        session.register_source("crm", SqlGraphSource("crm.ddl"))
        session.cypher("FROM GRAPH crm.crm_now MATCH (c:Customer) RETURN c.name")

    ``ddl`` is the path of a DDL file when a file of that name exists, and DDL text
    otherwise. Registering the source parses the DDL and checks it against the Spark
    catalog: a syntax error, an unknown element type, a view or column that does not
    exist or a column whose type does not fit its declared property type raises
    :class:`~graphframe_cypher.errors.GraphDdlError` naming the DDL line.

    Views: ``SET SCHEMA hive.customers`` makes unqualified views those of database
    ``customers``. The data source name (``hive``) means the Spark session catalog unless
    ``data_sources`` maps it to another Spark catalog (``{"warehouse": "my_catalog"}``
    reads ``warehouse.db.view`` as ``my_catalog.db.view``).

    Property types: integers of any width (and decimals without fraction digits) fit
    INTEGER, FLOAT takes integers, floats and decimals, a Spark TIMESTAMP is a DATETIME or
    (declared so) a LOCALDATETIME, TIMESTAMP_NTZ a LOCALDATETIME. Column names are matched
    exactly, else ignoring case (Hive keeps them in lower case). The nullable mark ``?`` is
    accepted and not enforced.

    Ids are strings derived from node keys (see ``backends/spark/sql_graph.py``): the same
    data gives the same ids in every run and every source instance. A graph is built on
    first use and the same PropertyGraph is returned afterwards; building it checks that
    no two views (and no two rows of a view) yield the same key for one node type.

    The source is read-only: to write graphs use ``FileGraphSource`` or
    ``HiveGraphSource``.
    """

    def __init__(self, ddl: str | os.PathLike, data_sources: Mapping[str, str] | None = None):
        self._text, self._source_name = _ddl_text(ddl)
        self._data_sources = dict(data_sources or {})
        self._session: CypherSession | None = None
        self._resolved: ResolvedDdl | None = None
        self._schemas: dict = {}
        self._graphs: dict[str, PropertyGraph] = {}

    # -- set-up -------------------------------------------------------------------------

    def attach(self, session: CypherSession) -> None:
        """Parse and resolve the DDL and check its views and columns (called by
        ``CypherSession.register_source``)."""
        from ..backends.spark.sql_graph import graph_tables

        resolved = self._definitions()
        schemas = {
            graph.name: graph_tables(session.spark, resolved, graph, self._data_sources)
            for graph in resolved.graphs
        }
        self._session, self._schemas, self._graphs = session, schemas, {}

    def _definitions(self) -> ResolvedDdl:
        if self._resolved is None:
            from ..api.catalog import split_name

            resolved = resolve_ddl(parse_ddl(self._text, self._source_name))
            for graph in resolved.graphs:
                try:
                    split_name(graph.name)
                except GraphError as error:
                    raise resolved.error(error.message, graph.position) from None
            self._resolved = resolved
        return self._resolved

    # -- GraphSource --------------------------------------------------------------------

    def graph_names(self) -> list[str]:
        return sorted(graph.name for graph in self._definitions().graphs)

    def has_graph(self, name: str) -> bool:
        return name in self.graph_names()

    def graph(self, name: str) -> PropertyGraph:
        if name in self._graphs:
            return self._graphs[name]
        if self._session is None:
            raise GraphError(
                "SqlGraphSource: register the source with a session first "
                "(session.register_source(namespace, source))"
            )
        if not self.has_graph(name):
            raise GraphError(
                f"the Graph DDL defines no graph {name!r} (it defines "
                f"{', '.join(self.graph_names()) or 'none'})"
            )
        from ..api.graph import PropertyGraph
        from ..backends.spark.sql_graph import check_unique_node_keys

        resolved = self._definitions()
        definition = resolved.graph(name)
        schema = self._schemas[name]
        check_unique_node_keys(resolved, definition, schema.node_tables)
        # Tag 0: the DDL's ids; elements queries create take integer ids of tag 1 (as
        # strings: decimal numbers, never the JSON text of a DDL id).
        spaces = {0: IdSpace(f"ddl graph {name}"), 1: IdSpace("created")}
        graph = PropertyGraph(self._session, schema, first_id(1), spaces)
        self._graphs[name] = graph
        return graph

    def store(self, name: str, graph: PropertyGraph) -> None:
        raise GraphError(
            f"cannot store graph {name!r}: a SqlGraphSource is read-only (its graphs are "
            "defined by the Graph DDL); store graphs with a FileGraphSource or HiveGraphSource"
        )

    def drop(self, name: str) -> None:
        raise GraphError(
            f"cannot drop graph {name!r}: a SqlGraphSource is read-only (its graphs are "
            "defined by the Graph DDL)"
        )

    def __repr__(self) -> str:
        return f"SqlGraphSource({self._source_name or '<DDL text>'})"


def _ddl_text(ddl: str | os.PathLike) -> tuple[str, str]:
    """(DDL text, file name for messages): ``ddl`` is a path when such a file exists."""
    if isinstance(ddl, os.PathLike) or (
        isinstance(ddl, str) and "\n" not in ddl and len(ddl) < 4096 and os.path.isfile(ddl)
    ):
        path = os.fspath(ddl)
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read(), path
        except OSError as error:
            raise GraphError(f"cannot read the Graph DDL file {path}: {error}") from None
    if not isinstance(ddl, str):
        raise GraphError(f"SqlGraphSource expects a DDL path or text, not {type(ddl).__name__}")
    if "\n" not in ddl and ddl.strip().lower().endswith(".ddl"):
        # a file name, not DDL text: say the file is missing rather than fail to parse it
        raise GraphError(f"no Graph DDL file {ddl.strip()} (from {os.getcwd()})")
    return ddl, ""
