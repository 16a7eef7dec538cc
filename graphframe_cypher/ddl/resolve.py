"""Graph DDL syntax tree -> resolved graph definitions (backend-neutral, no Spark).

For every ``CREATE GRAPH`` this works out its node types (full label sets including the
labels inherited through ``EXTENDS``, properties and key), its relationship types (with start
and end node types), and each mapping: the view (qualified with the ``SET SCHEMA`` in force),
the column of each property and, for relationships, the join columns of the START and END
NODES. Definitions that do not fit raise :class:`GraphDdlError` at the DDL position.

Semantics (Morpheus's):
- An element type's labels are its name and its ancestors' names; its properties are its
  ancestors' and its own; its key properties are those of every KEY of it and its ancestors.
- A node type ``(A, B)`` has the union of A's and B's labels, properties and keys. Node
  types are identified by their label sets: ``(Manager)`` and ``(Person, Manager)`` are
  the same type when Manager EXTENDS Person.
- A node's identity is its node type and its key values; a node type without KEY uses all
  its properties as key.
- A property maps to the column of the same name unless ``(column AS property)`` says
  otherwise.
- Views: ``v`` is in the schema of the SET SCHEMA in force, ``s.v`` is in schema ``s`` of the
  same data source, ``ds.s.v`` is fully qualified. Without SET SCHEMA, ``v`` and ``s.v``
  have no data source (the SQL engine's current catalog).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import GraphDdlError, Position
from . import ast as A
from .parser import ddl_error

# -- the resolved model -----------------------------------------------------------------------


@dataclass(frozen=True)
class NodeType:
    labels: frozenset[str]
    properties: tuple[tuple[str, A.PropertyType], ...]
    key: tuple[str, ...]  # key property names; all properties when the type has no KEY

    @property
    def name(self) -> str:
        """The type's name in element ids and messages (its sorted labels)."""
        return ":".join(sorted(self.labels))

    def __str__(self) -> str:
        return f"({', '.join(sorted(self.labels))})"


@dataclass(frozen=True)
class RelationshipType:
    rel_type: str
    start: NodeType
    end: NodeType
    properties: tuple[tuple[str, A.PropertyType], ...]

    def __str__(self) -> str:
        return f"{self.start}-[{self.rel_type}]->{self.end}"


@dataclass(frozen=True)
class ViewRef:
    """A view or table: ``data_source`` None means the SQL engine's current catalog,
    ``schema`` None its current schema (database)."""

    data_source: str | None
    schema: str | None
    name: str
    position: Position

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in (self.data_source, self.schema, self.name) if p is not None)

    def __str__(self) -> str:
        return ".".join(self.parts)

    def same_view(self, other: ViewRef) -> bool:
        return self.parts == other.parts


@dataclass(frozen=True)
class PropertyMapping:
    """Property ``key`` of declared ``type`` read from ``column`` (referenced at
    ``position``)."""

    key: str
    column: str
    type: A.PropertyType
    position: Position


@dataclass(frozen=True)
class NodeMapping:
    node_type: NodeType
    view: ViewRef
    properties: tuple[PropertyMapping, ...]
    position: Position

    @property
    def key_columns(self) -> tuple[PropertyMapping, ...]:
        """The mappings of the key properties, in key order."""
        by_key = {p.key: p for p in self.properties}
        return tuple(by_key[k] for k in self.node_type.key)


@dataclass(frozen=True)
class JoinColumns:
    node_column: str
    edge_column: str
    position: Position


@dataclass(frozen=True)
class EndpointMapping:
    """START or END NODES: the node mapping whose view the edge view joins with."""

    node_mapping: NodeMapping
    alias: str
    join: tuple[JoinColumns, ...]
    position: Position


@dataclass(frozen=True)
class RelationshipMapping:
    relationship_type: RelationshipType
    view: ViewRef
    alias: str
    properties: tuple[PropertyMapping, ...]
    start: EndpointMapping
    end: EndpointMapping
    position: Position


@dataclass(frozen=True)
class GraphDefinition:
    name: str
    node_types: tuple[NodeType, ...]
    relationship_types: tuple[RelationshipType, ...]
    node_mappings: tuple[NodeMapping, ...]
    relationship_mappings: tuple[RelationshipMapping, ...]
    position: Position


@dataclass(frozen=True)
class ResolvedDdl:
    graphs: tuple[GraphDefinition, ...]
    text: str = ""
    source: str = ""

    def graph(self, name: str) -> GraphDefinition:
        for graph in self.graphs:
            if graph.name == name:
                return graph
        raise KeyError(name)

    def error(self, message: str, position: Position | None) -> GraphDdlError:
        """A GraphDdlError pointing into this DDL's text."""
        return ddl_error(message, position, self.text, self.source)


# -- resolution ---------------------------------------------------------------------------------


def resolve_ddl(document: A.DdlDocument) -> ResolvedDdl:
    """The graphs a parsed DDL document defines; GraphDdlError for definitions that do not
    fit together."""
    return _Resolver(document).run()


@dataclass(frozen=True)
class _Element:
    """An element type with its inheritance worked out."""

    name: str
    labels: frozenset[str]
    properties: tuple[tuple[str, A.PropertyType], ...]
    key: tuple[str, ...]


class _Resolver:
    def __init__(self, document: A.DdlDocument):
        self.document = document
        self.global_elements: dict[str, A.ElementTypeDefinition] = {}
        self.graph_types: dict[str, A.GraphTypeDefinition] = {}
        self.schema: A.SetSchema | None = None

    def error(self, message: str, position: Position | None) -> GraphDdlError:
        return ddl_error(message, position, self.document.text, self.document.source)

    def run(self) -> ResolvedDdl:
        graphs: dict[str, GraphDefinition] = {}
        for statement in self.document.statements:
            if isinstance(statement, A.SetSchema):
                self.schema = statement
            elif isinstance(statement, A.ElementTypeDefinition):
                self._unique(self.global_elements, statement.name, statement, "element type")
                self.global_elements[statement.name] = statement
            elif isinstance(statement, A.GraphTypeDefinition):
                self._unique(self.graph_types, statement.name, statement, "graph type")
                self._elements(self._element_definitions(statement.body))  # check it
                self.graph_types[statement.name] = statement
            else:
                self._unique(graphs, statement.name, statement, "graph")
                graphs[statement.name] = self._graph(statement)
        return ResolvedDdl(tuple(graphs.values()), self.document.text, self.document.source)

    def _unique(self, seen: dict, name: str, item, what: str) -> None:
        if name in seen:
            first = seen[name].position
            raise self.error(
                f"duplicate {what} {name!r} (first defined at line {first.line})",
                item.position,
            )

    # -- element types ------------------------------------------------------------------

    def _element_definitions(self, *bodies: A.GraphBody) -> dict[str, A.ElementTypeDefinition]:
        """Global element types plus those of ``bodies`` (names must be unique)."""
        definitions = dict(self.global_elements)
        for body in bodies:
            for element in body.element_types:
                self._unique(definitions, element.name, element, "element type")
                definitions[element.name] = element
        return definitions

    def _elements(self, definitions: dict[str, A.ElementTypeDefinition]) -> dict[str, _Element]:
        resolved: dict[str, _Element] = {}
        for name in definitions:
            self._element(name, definitions, resolved, ())
        return resolved

    def _element(self, name, definitions, resolved, path: tuple[str, ...]) -> _Element:
        if name in resolved:
            return resolved[name]
        definition = definitions[name]
        if name in path:
            cycle = " EXTENDS ".join((*path[path.index(name) :], name))
            raise self.error(
                f"element types extend each other in a cycle: {cycle}", definition.position
            )
        labels: set[str] = {name}
        properties: dict[str, A.PropertyType] = {}
        key: list[str] = []
        for parent in definition.parents:
            if parent not in definitions:
                raise self.error(
                    f"element type {name!r} extends {parent!r}, which is not defined"
                    + _known(definitions),
                    definition.position,
                )
            inherited = self._element(parent, definitions, resolved, (*path, name))
            labels |= inherited.labels
            self._merge_properties(properties, inherited.properties, definition, name)
            key += [k for k in inherited.key if k not in key]
        own = [(p.name, p.type) for p in definition.properties]
        seen: set[str] = set()
        for prop in definition.properties:
            if prop.name in seen:
                raise self.error(
                    f"duplicate property {prop.name!r} in element type {name!r}", prop.position
                )
            seen.add(prop.name)
        self._merge_properties(properties, own, definition, name)
        if definition.key is not None:
            for key_property in definition.key.properties:
                if key_property not in properties:
                    raise self.error(
                        f"key {definition.key.name!r} of element type {name!r} names "
                        f"{key_property!r}, which is not one of its properties",
                        definition.key.position,
                    )
                if key_property not in key:
                    key.append(key_property)
        element = _Element(name, frozenset(labels), tuple(properties.items()), tuple(key))
        resolved[name] = element
        return element

    def _merge_properties(self, into: dict, properties: Iterable, definition, owner: str) -> None:
        for key, ptype in properties:
            if key in into and into[key].name != ptype.name:
                raise self.error(
                    f"property {key!r} of {owner!r} is declared both {into[key]} and {ptype}",
                    definition.position,
                )
            into[key] = ptype

    # -- node and relationship types ------------------------------------------------------

    def _node_type(self, ref: A.NodeTypeReference, elements: dict[str, _Element]) -> NodeType:
        labels: set[str] = set()
        properties: dict[str, A.PropertyType] = {}
        key: list[str] = []
        for name in ref.element_types:
            element = self._known_element(name, elements, ref.position)
            labels |= element.labels
            self._merge_properties(properties, element.properties, ref, str(ref))
            key += [k for k in element.key if k not in key]
        return NodeType(frozenset(labels), tuple(properties.items()), tuple(key or properties))

    def _known_element(self, name: str, elements: dict[str, _Element], position) -> _Element:
        if name not in elements:
            raise self.error(f"unknown element type {name!r}" + _known(elements), position)
        return elements[name]

    def _relationship_type(self, ref: A.RelationshipTypeReference, elements) -> RelationshipType:
        element = self._known_element(ref.element_type, elements, ref.position)
        return RelationshipType(
            ref.element_type,
            self._node_type(ref.start, elements),
            self._node_type(ref.end, elements),
            element.properties,
        )

    # -- graphs -------------------------------------------------------------------------

    def _graph(self, graph: A.GraphDefinition) -> GraphDefinition:
        bodies = [graph.body]
        if graph.graph_type is not None:
            if graph.graph_type not in self.graph_types:
                raise self.error(
                    f"graph {graph.name!r} is OF unknown graph type {graph.graph_type!r}"
                    + _known(self.graph_types),
                    graph.graph_type_position or graph.position,
                )
            bodies.insert(0, self.graph_types[graph.graph_type].body)
        elements = self._elements(self._element_definitions(*bodies))
        node_types: dict[frozenset[str], NodeType] = {}
        rel_types: dict[tuple, RelationshipType] = {}

        def add_node_type(ref: A.NodeTypeReference) -> NodeType:
            node_type = self._node_type(ref, elements)
            return node_types.setdefault(node_type.labels, node_type)

        def add_rel_type(ref: A.RelationshipTypeReference) -> RelationshipType:
            rel = self._relationship_type(ref, elements)
            key = (rel.rel_type, rel.start.labels, rel.end.labels)
            add_node_type(ref.start), add_node_type(ref.end)
            return rel_types.setdefault(key, rel)

        for body in bodies:
            for ref in body.node_types:
                add_node_type(ref)
            for rel_ref in body.relationship_types:
                add_rel_type(rel_ref)
        node_mappings = [
            self._node_mapping(add_node_type(m.node_type), view)
            for m in graph.body.node_mappings
            for view in m.views
        ]
        self._no_repeated_views(node_mappings)
        rel_mappings = [
            self._relationship_mapping(
                add_rel_type(m.relationship_type), view, node_mappings, elements
            )
            for m in graph.body.relationship_mappings
            for view in m.views
        ]
        return GraphDefinition(
            graph.name,
            tuple(node_types.values()),
            tuple(rel_types.values()),
            tuple(node_mappings),
            tuple(rel_mappings),
            graph.position,
        )

    def _no_repeated_views(self, mappings: list[NodeMapping]) -> None:
        for index, mapping in enumerate(mappings):
            for earlier in mappings[:index]:
                if earlier.node_type.labels == mapping.node_type.labels and earlier.view.same_view(
                    mapping.view
                ):
                    raise self.error(
                        f"node type {mapping.node_type} is mapped from view {mapping.view} twice "
                        f"(first at line {earlier.position.line})",
                        mapping.position,
                    )

    def _view(self, view: A.ViewId) -> ViewRef:
        parts = view.parts
        data_source = self.schema.data_source if self.schema else None
        if len(parts) == 1:
            schema = self.schema.schema if self.schema else None
            return ViewRef(data_source, schema, parts[0], view.position)
        if len(parts) == 2:
            return ViewRef(data_source, parts[0], parts[1], view.position)
        return ViewRef(parts[0], parts[1], parts[2], view.position)

    def _property_mappings(
        self, properties, columns: tuple[A.ColumnMapping, ...], owner: str, position: Position
    ) -> tuple[PropertyMapping, ...]:
        declared = dict(properties)
        explicit: dict[str, A.ColumnMapping] = {}
        for mapping in columns:
            if mapping.property not in declared:
                raise self.error(
                    f"{owner} has no property {mapping.property!r} to map column "
                    f"{mapping.column!r} to" + _known(declared, "its properties are"),
                    mapping.position,
                )
            if mapping.property in explicit:
                raise self.error(f"property {mapping.property!r} is mapped twice", mapping.position)
            explicit[mapping.property] = mapping
        out = []
        for key, ptype in properties:
            if key in explicit:
                out.append(
                    PropertyMapping(key, explicit[key].column, ptype, explicit[key].position)
                )
            else:
                out.append(PropertyMapping(key, key, ptype, position))
        return tuple(out)

    def _node_mapping(self, node_type: NodeType, view: A.NodeView) -> NodeMapping:
        if not node_type.key:
            raise self.error(
                f"node type {node_type} has neither a KEY nor properties: its nodes could not "
                "be told apart (give its element type a KEY)",
                view.position,
            )
        properties = self._property_mappings(
            node_type.properties, view.columns, f"node type {node_type}", view.view.position
        )
        return NodeMapping(node_type, self._view(view.view), properties, view.position)

    def _relationship_mapping(
        self,
        rel_type: RelationshipType,
        view: A.RelationshipView,
        node_mappings: list[NodeMapping],
        elements: dict[str, _Element],
    ) -> RelationshipMapping:
        properties = self._property_mappings(
            rel_type.properties, view.columns, f"relationship type {rel_type}", view.view.position
        )
        start = self._endpoint(view.start, rel_type.start, view, node_mappings, elements, "START")
        end = self._endpoint(view.end, rel_type.end, view, node_mappings, elements, "END")
        return RelationshipMapping(
            rel_type, self._view(view.view), view.alias, properties, start, end, view.position
        )

    def _endpoint(
        self, endpoint: A.Endpoint, expected: NodeType, view, node_mappings, elements, which
    ):
        node_type = self._node_type(endpoint.node_type, elements)
        if node_type.labels != expected.labels:
            raise self.error(
                f"{which} NODES are {endpoint.node_type}, but the relationship type's "
                f"{which.lower()} node type is {expected}",
                endpoint.node_type.position,
            )
        node_view = self._view(endpoint.view)
        candidates = [m for m in node_mappings if m.node_type.labels == expected.labels]
        if not candidates:
            raise self.error(
                f"{which} NODES {endpoint.node_type}: the graph maps no view to node type "
                f"{expected} (add a mapping `{endpoint.node_type} FROM <view>`)",
                endpoint.position,
            )
        matching = [m for m in candidates if m.view.same_view(node_view)]
        if not matching:
            views = ", ".join(str(m.view) for m in candidates)
            raise self.error(
                f"{which} NODES {endpoint.node_type} FROM {node_view}: node type {expected} is "
                f"not mapped from view {node_view} (it is mapped from {views})",
                endpoint.view.position,
            )
        if endpoint.alias == view.alias:
            raise self.error(
                f"{which} NODES view alias {endpoint.alias!r} is also the relationship view's "
                "alias: give them different aliases",
                endpoint.position,
            )
        join = tuple(self._join(c, endpoint.alias, view.alias) for c in endpoint.join)
        return EndpointMapping(matching[0], endpoint.alias, join, endpoint.position)

    def _join(self, condition: A.JoinCondition, node_alias: str, edge_alias: str) -> JoinColumns:
        sides = {condition.left.alias: condition.left, condition.right.alias: condition.right}
        for ref in (condition.left, condition.right):
            if ref.alias not in (node_alias, edge_alias):
                raise self.error(
                    f"JOIN ON refers to {ref.alias!r}, which is neither the node view "
                    f"({node_alias!r}) nor the relationship view ({edge_alias!r})",
                    ref.position,
                )
        if set(sides) != {node_alias, edge_alias}:
            raise self.error(
                f"JOIN ON must compare a column of {node_alias!r} with one of {edge_alias!r}",
                condition.position,
            )
        return JoinColumns(sides[node_alias].column, sides[edge_alias].column, condition.position)


def _known(names, what: str = "known:") -> str:
    listed = ", ".join(sorted(names))
    return f" ({what} {listed})" if listed else ""
