"""PropertyGraph: an immutable graph over tables, queried with Cypher."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..graph.identity import IdSpaces, base_spaces
from ..graph.model import GraphSchema
from ..portable import PROPERTY_PREFIX

if TYPE_CHECKING:
    import networkx as nx

    from ..notebook import GraphView
    from .result import CypherResult
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

    def validate(self) -> Any:
        """Check the tables: null or duplicate node and relationship ids, relationships
        whose source or target is not a node of the graph. Returns a ValidationReport
        (``report.ok``, ``print(report)``: each problem with its count and examples)."""
        from ..backends.spark.validation import validate_schema

        return validate_schema(self._schema)

    def cypher(
        self, query: str, parameters: dict[str, Any] | None = None, **keyword_parameters: Any
    ) -> CypherResult:
        """Runs ``query`` on this graph; parameters as a dict or as keywords
        (``graph.cypher("MATCH (p {name: $name}) RETURN p", name="Bob")``)."""
        return self.session.cypher(query, parameters, graph=self, **keyword_parameters)

    def union(self, *others: PropertyGraph) -> PropertyGraph:
        """The graph of this graph's elements and those of ``others``. Elements the graphs
        share (clones of the same element) are in it once; other elements never collide."""
        from .multigraph import union_graphs

        return union_graphs(self.session, [self, *others])

    def node_frame(self, label: str, flat: bool = False) -> Any:
        """The nodes carrying ``label`` as a Spark DataFrame: ``_id``, ``_labels`` (as in
        APOC's CSV exports: ':Admin:Person', sorted) and one column per property key nodes
        with the label have, in the portable types of ``records.to_spark()``; ``flat=True``
        turns list properties into their JSON text, for CSV."""
        keys = self._schema.node_type(frozenset([label])).properties
        labels = "reduce(s = '', l IN labels(n) | s + ':' + l)"
        meta = {"_id": "id(n)", "_labels": labels}
        items = _meta_items(meta) + _property_items("n", keys, meta)
        query = f"MATCH (n:{_quoted(label)}) RETURN {', '.join(items)}"
        return self.cypher(query).records.to_spark(flat=flat)

    def relationship_frame(self, rel_type: str, flat: bool = False) -> Any:
        """The relationships of ``rel_type`` as a Spark DataFrame: ``_id``, ``_type``,
        ``_start``, ``_end`` (the endpoints' ids) and one column per property key
        (``flat`` as in :meth:`node_frame`)."""
        keys = self._schema.relationship_type(frozenset([rel_type])).properties
        meta = {"_id": "id(r)", "_type": "type(r)", "_start": "id(a)", "_end": "id(b)"}
        items = _meta_items(meta) + _property_items("r", keys, meta)
        query = f"MATCH (a)-[r:{_quoted(rel_type)}]->(b) RETURN {', '.join(items)}"
        return self.cypher(query).records.to_spark(flat=flat)

    def to_graphframe(self, label_column: str = "labels", type_column: str = "type"):
        """The (vertices, edges) pair of Spark DataFrames a GraphFrames user expects:
        vertices with ``id``, ``label_column`` (an array of labels) and one column per
        property key; edges with ``src``, ``dst``, ``id``, ``type_column`` and one column per
        property key, in the portable types of ``records.to_spark()`` (a key whose values
        differ in type between tables is a JSON text). ``session.from_graphframe(vertices,
        edges, label_column=..., type_column=..., edge_id="id")`` reads them back."""
        node_keys = self._schema.node_type().properties
        vertex_meta = {"id": "id(n)", label_column: "labels(n)"}
        vertex_items = _meta_items(vertex_meta) + _property_items("n", node_keys, vertex_meta)
        vertices = self.cypher(f"MATCH (n) RETURN {', '.join(vertex_items)}")
        rel_keys = self._schema.relationship_type().properties
        edge_meta = {"src": "id(a)", "dst": "id(b)", "id": "id(r)", type_column: "type(r)"}
        edge_items = _meta_items(edge_meta) + _property_items("r", rel_keys, edge_meta)
        edges = self.cypher(f"MATCH (a)-[r]->(b) RETURN {', '.join(edge_items)}")
        return vertices.records.to_spark(), edges.records.to_spark()

    def to_networkx(
        self,
        *,
        label_attribute: str = "labels",
        type_attribute: str = "type",
        max_elements: int | None = None,
    ) -> nx.MultiDiGraph:
        """The graph as a networkx ``MultiDiGraph`` (collected into this process: for small
        graphs). Nodes are keyed by id with a ``labels`` attribute, edges keyed by id with a
        ``type`` attribute; properties are the other attributes."""
        from .interop import DEFAULT_MAX_ELEMENTS, graph_to_networkx

        return graph_to_networkx(
            self,
            label_attribute=label_attribute,
            type_attribute=type_attribute,
            max_elements=max_elements or DEFAULT_MAX_ELEMENTS,
        )

    def visualize(self, **options: Any) -> GraphView:
        """An interactive picture of the whole graph (small graphs: it is capped at
        ``max_elements``; ``graphframe_cypher.notebook.visualize``)."""
        from ..notebook import visualize

        return visualize(self, **options)

    def _repr_html_(self) -> str:
        from ..notebook.html import graph_html

        return graph_html(self)

    def __repr__(self) -> str:
        nodes, rels = len(self._schema.node_tables), len(self._schema.relationship_tables)
        return f"PropertyGraph({nodes} node tables, {rels} relationship tables)"


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _meta_items(meta: dict[str, str]) -> list[str]:
    return [f"{expr} AS {_quoted(column)}" for column, expr in meta.items()]


def _property_items(variable: str, keys, meta) -> list[str]:
    """One column per property, named by its key; a key that is also the name of one of
    the frame's own columns (a property ``_id``) is named ``property.<key>`` instead."""
    return [
        f"{variable}.{_quoted(key)} AS {_quoted(key if key not in meta else PROPERTY_PREFIX + key)}"
        for key, _ in keys
    ]
