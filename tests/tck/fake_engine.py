"""A scripted stand-in for the engine's public API, for testing the harness without Spark.

``FakeSession(responses)`` answers ``graph.cypher(query)`` from ``responses``, a dict from
query text (stripped) to a :class:`Response`. Graphs remember the scripts that built them
(``graph.scripts``) so tests can check which graph a query ran on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from graphframe_cypher.errors import CypherError
from graphframe_cypher.values import Node, Relationship

COUNTER_NAMES = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "labels_added",
    "labels_removed",
    "properties_set",
    "properties_removed",
)


@dataclass
class Response:
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    counters: dict[str, int] | None = None  # None: a read query (all counters 0)
    updates: bool = False  # an updating query returns a new graph
    error: BaseException | None = None  # raised by graph.cypher (compile time)
    collect_error: BaseException | None = None  # raised by collect() (lazy runtime)
    counters_error: BaseException | None = None  # raised by reading result.counters
    # For updating queries: the content of the new graph (what graph-state reads see).
    new_elements: tuple[Any, ...] = ()
    deleted_ids: frozenset[Any] = frozenset()


class FakeResult:
    def __init__(self, response: Response, graph: FakeGraph | None):
        self.response = response
        self.records = FakeRecords(response)
        self.graph = graph

    @property
    def counters(self) -> SimpleNamespace:
        # Like the engine, counters are computed (and may fail) only when read.
        if self.response.counters_error is not None:
            raise self.response.counters_error
        counts = dict.fromkeys(COUNTER_NAMES, 0)
        counts.update(self.response.counters or {})
        return SimpleNamespace(**counts)


class FakeRecords:
    def __init__(self, response: Response):
        self.response = response
        self.columns = list(response.columns)

    def collect(self) -> list[dict[str, Any]]:
        if self.response.collect_error is not None:
            raise self.response.collect_error
        return [dict(r) for r in self.response.rows]


STATE_QUERIES = {"MATCH (n) RETURN n": Node, "MATCH ()-[r]->() RETURN r": Relationship}


class FakeGraph:
    def __init__(
        self,
        session: FakeSessionWithoutProcedures,
        scripts: tuple[str, ...] = (),
        elements: tuple[Any, ...] = (),
    ):
        self.session = session
        self.scripts = scripts
        self.elements = elements  # Node and Relationship values, for state queries

    def cypher(self, query: str, parameters: dict[str, Any] | None = None):
        self.session.calls.append((query.strip(), parameters, self.scripts))
        response = self.session.responses.get(query.strip())
        if response is None and query.strip() in STATE_QUERIES:
            return self._state(query.strip())
        if response is None:
            raise KeyError(f"fake engine has no response for {query!r}")
        if response.error is not None:
            raise response.error
        kept = tuple(e for e in self.elements if e.id not in response.deleted_ids)
        graph = FakeGraph(
            self.session, self.scripts + (query.strip(),), kept + tuple(response.new_elements)
        )
        return FakeResult(response, graph if response.updates else None)

    def _state(self, query: str) -> FakeResult:
        kind = STATE_QUERIES[query]
        column = "n" if kind is Node else "r"
        rows = [{column: e} for e in self.elements if isinstance(e, kind)]
        return FakeResult(Response([column], rows), None)


class FakeSessionWithoutProcedures:
    """An engine session without procedure support."""

    def __init__(self, responses: dict[str, Response] | None = None):
        self.responses = responses or {}
        self.calls: list[tuple[str, Any, tuple[str, ...]]] = []
        self.setup_errors: dict[str, CypherError] = {}
        self.setup_elements: dict[str, tuple[Any, ...]] = {}  # script -> what it creates

    def empty_graph(self) -> FakeGraph:
        return FakeGraph(self)

    def create_graph(self, script: str, parameters=None, base: FakeGraph | None = None):
        if script.strip() in self.setup_errors:
            raise self.setup_errors[script.strip()]
        scripts = base.scripts if base is not None else ()
        elements = base.elements if base is not None else ()
        added = self.setup_elements.get(script.strip(), ())
        return FakeGraph(self, scripts + (script.strip(),), elements + tuple(added))


class FakeSession(FakeSessionWithoutProcedures):
    def __init__(self, responses: dict[str, Response] | None = None):
        super().__init__(responses)
        self.procedures: dict[str, tuple[str, list[dict[str, Any]]]] = {}

    def register_procedure(self, signature: str, rows: list[dict[str, Any]]) -> None:
        self.procedures[signature.split("(", 1)[0].strip()] = (signature, rows)

    def unregister_procedure(self, name: str) -> None:
        self.procedures.pop(name, None)
