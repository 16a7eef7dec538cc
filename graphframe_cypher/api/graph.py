"""PropertyGraph: an immutable graph over tables, queried with Cypher."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..graph.identity import IdSpaces, base_spaces
from ..graph.model import GraphSchema

if TYPE_CHECKING:
    from .session import CypherSession


class PropertyGraph:
    def __init__(
        self,
        session: CypherSession,
        schema: GraphSchema,
        next_id: int = 0,
        id_spaces: IdSpaces | None = None,
    ):
        self.session = session
        self._schema = schema
        # The first id free for elements a query creates in this graph.
        self.next_id = next_id
        # Which id space each tag of this graph's ids stands for (graph/identity.py).
        self.id_spaces = dict(id_spaces) if id_spaces is not None else base_spaces()

    @property
    def schema(self) -> GraphSchema:
        """Label combinations and relationship types with their property keys and types;
        ``print(graph.schema)`` shows them."""
        return self._schema

    def cypher(self, query: str, parameters: dict[str, Any] | None = None):
        return self.session.cypher(query, parameters, graph=self)

    def union(self, *others: PropertyGraph) -> PropertyGraph:
        """The graph of this graph's elements and those of ``others``. Elements the graphs
        share (clones of the same element) are in it once; other elements never collide."""
        from .multigraph import union_graphs

        return union_graphs(self.session, [self, *others])

    def node_frame(self, label: str):
        """The nodes carrying ``label`` as a DataFrame (id, labels, properties)."""
        return self.cypher(f"MATCH (n:`{label}`) RETURN n").records.df

    def relationship_frame(self, rel_type: str):
        return self.cypher(f"MATCH ()-[r:`{rel_type}`]->() RETURN r").records.df

    def __repr__(self) -> str:
        nodes, rels = len(self._schema.node_tables), len(self._schema.relationship_tables)
        return f"PropertyGraph({nodes} node tables, {rels} relationship tables)"
