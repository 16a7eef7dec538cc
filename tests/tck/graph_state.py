"""Side effects measured the way the TCK defines them: as a diff of graph states.

The TCK's reference runner measures the graph before and after a query: the sets of node
ids, relationship ids, label names in use and (entity, key, value) property entries, and
reports ``+x``/``-x`` as the sizes of the set differences. So ``+labels`` counts label
*names* new to the graph (three nodes labelled ``:A`` add one label), and overwriting a
property is ``+properties 1`` and ``-properties 1``.

Engines usually count differently (the Neo4j driver's ``labels_added`` counts per node),
so the harness compares the engine's counters first and, when they disagree with the
scenario, falls back to this measurement before failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .comparison import value_key

NODES_QUERY = "MATCH (n) RETURN n"
RELATIONSHIPS_QUERY = "MATCH ()-[r]->() RETURN r"


@dataclass(frozen=True)
class GraphState:
    nodes: frozenset[Any]
    relationships: frozenset[Any]
    labels: frozenset[str]
    properties: frozenset[tuple[str, Any, str, Any]]


def measure(graph: Any) -> GraphState:
    """Read a graph's state with two queries (errors propagate to the caller)."""
    nodes = _column(graph, NODES_QUERY)
    rels = _column(graph, RELATIONSHIPS_QUERY)
    props = {("node", n.id, k, value_key(v)) for n in nodes for k, v in n.items()}
    props |= {("rel", r.id, k, value_key(v)) for r in rels for k, v in r.items()}
    return GraphState(
        nodes=frozenset(n.id for n in nodes),
        relationships=frozenset(r.id for r in rels),
        labels=frozenset(label for n in nodes for label in n.labels),
        properties=frozenset(props),
    )


def _column(graph: Any, query: str) -> list[Any]:
    records = graph.cypher(query, None).records.collect()
    return [next(iter(record.values())) for record in records]


def diff(before: GraphState, after: GraphState) -> dict[str, int]:
    """The TCK side-effect counts between two states, keyed ``+nodes``, ``-labels``..."""
    counts = {}
    for field in ("nodes", "relationships", "labels", "properties"):
        old, new = getattr(before, field), getattr(after, field)
        counts["+" + field] = len(new - old)
        counts["-" + field] = len(old - new)
    return counts
