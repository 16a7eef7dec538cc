"""The nodes and relationships a picture shows: gathered from a query result, a graph or
values, capped at a size a picture can still show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import GraphError
from ..values import Node, Path, Relationship

# More elements than this make a hairball, and a slow page: ask for a smaller query.
DEFAULT_MAX_ELEMENTS = 500


@dataclass
class Picture:
    """Nodes and relationships by id. ``missing`` nodes are endpoints of relationships whose
    node the source did not hold (drawn as bare ids)."""

    nodes: dict[Any, Node] = field(default_factory=dict)
    relationships: dict[Any, Relationship] = field(default_factory=dict)

    @property
    def missing(self) -> list[Any]:
        rels = self.relationships.values()
        ends = (end for r in rels for end in (r.start_node_id, r.end_node_id))
        return list(dict.fromkeys(e for e in ends if e not in self.nodes))

    @property
    def size(self) -> int:
        return len(self.nodes) + len(self.relationships)

    def add(self, value: Any) -> None:
        """Every node, relationship and path in ``value`` (also in lists and maps)."""
        if isinstance(value, Node):
            self.nodes.setdefault(value.id, value)
        elif isinstance(value, Relationship):
            self.relationships.setdefault(value.id, value)
            for end in (value.start_node, value.end_node):
                if end is not None:
                    self.add(end)
        elif isinstance(value, Path):
            for element in (*value.nodes, *value.relationships):
                self.add(element)
        elif isinstance(value, Mapping):
            for item in value.values():
                self.add(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                self.add(item)


def gather(source: Any, max_elements: int = DEFAULT_MAX_ELEMENTS) -> Picture:
    """The picture of ``source``: a CypherResult or Records (the elements its rows hold), a
    PropertyGraph (all of it), or values. Past ``max_elements`` a GraphError says so."""
    picture = Picture()
    values = _values(source, max_elements)
    if len(values) > max_elements:
        _too_many(f"more than {max_elements} rows")
    for value in values:
        picture.add(value)
        if picture.size > max_elements:
            _too_many(f"more than {max_elements} nodes and relationships")
    return picture


def _too_many(what: str) -> None:
    raise GraphError(
        f"too much to draw: {what}. Draw a smaller result (LIMIT, a narrower MATCH), or "
        "pass a larger max_elements= if the picture should show it all"
    )


def _values(source: Any, max_elements: int) -> list[Any]:
    from ..api.graph import PropertyGraph

    if isinstance(source, PropertyGraph):
        # One more than the cap of each, so that a graph past it is noticed without
        # bringing all of it into this process.
        limit = max_elements + 1
        nodes = source.cypher(f"MATCH (n) RETURN n LIMIT {limit}").records.collect()
        rels = source.cypher(f"MATCH ()-[r]->() RETURN r LIMIT {limit}").records.collect()
        if len(nodes) > max_elements or len(rels) > max_elements:
            _too_many(f"more than {max_elements} nodes or relationships in the graph")
        return [*nodes, *rels]
    records = getattr(source, "records", source)
    if hasattr(records, "df") and hasattr(records, "collect"):
        return _limited_rows(records, max_elements + 1)
    return [source]


def _limited_rows(records: Any, limit: int) -> list[dict[str, Any]]:
    return records.head(limit)
