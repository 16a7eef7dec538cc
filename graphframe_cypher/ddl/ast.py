"""The Graph DDL syntax tree: immutable nodes, each with its position in the DDL text.

Names are as written (backtick quotes removed); element type names are labels and
relationship types, so they are case-sensitive. ``PropertyType.name`` is upper-case.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Position


@dataclass(frozen=True)
class PropertyType:
    """A property's declared type: ``INTEGER``, ``STRING?`` (nullable), ``LIST(STRING)``."""

    name: str
    nullable: bool = False
    element: PropertyType | None = None

    def __str__(self) -> str:
        text = self.name if self.element is None else f"{self.name}({self.element})"
        return text + ("?" if self.nullable else "")


@dataclass(frozen=True)
class Property:
    name: str
    type: PropertyType
    position: Position


@dataclass(frozen=True)
class KeyDefinition:
    """``KEY name (property, ...)``."""

    name: str
    properties: tuple[str, ...]
    position: Position


@dataclass(frozen=True)
class ElementTypeDefinition:
    """``Name [EXTENDS Parent, ...] [(property TYPE, ...)] [KEY k (property, ...)]``."""

    name: str
    parents: tuple[str, ...]
    properties: tuple[Property, ...]
    key: KeyDefinition | None
    position: Position


@dataclass(frozen=True)
class NodeTypeReference:
    """``(A, B)``: the node type made of element types A and B."""

    element_types: tuple[str, ...]
    position: Position

    def __str__(self) -> str:
        return f"({', '.join(self.element_types)})"


@dataclass(frozen=True)
class RelationshipTypeReference:
    """``(A)-[R]->(B)``."""

    start: NodeTypeReference
    element_type: str
    end: NodeTypeReference
    position: Position

    def __str__(self) -> str:
        return f"{self.start}-[{self.element_type}]->{self.end}"


@dataclass(frozen=True)
class ViewId:
    """``view``, ``schema.view`` or ``datasource.schema.view``."""

    parts: tuple[str, ...]
    position: Position

    def __str__(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True)
class ColumnMapping:
    """``column AS property``."""

    column: str
    property: str
    position: Position


@dataclass(frozen=True)
class NodeView:
    """``FROM view [(column AS property, ...)]`` of a node mapping."""

    view: ViewId
    columns: tuple[ColumnMapping, ...]
    position: Position


@dataclass(frozen=True)
class NodeMapping:
    """``(A, B) FROM view1, FROM view2 ...``."""

    node_type: NodeTypeReference
    views: tuple[NodeView, ...]
    position: Position


@dataclass(frozen=True)
class ColumnReference:
    """``alias.column`` in a JOIN ON condition."""

    alias: str
    column: str
    position: Position

    def __str__(self) -> str:
        return f"{self.alias}.{self.column}"


@dataclass(frozen=True)
class JoinCondition:
    left: ColumnReference
    right: ColumnReference
    position: Position


@dataclass(frozen=True)
class Endpoint:
    """``START NODES (A) FROM view alias JOIN ON alias.c = edge.c [AND ...]``."""

    node_type: NodeTypeReference
    view: ViewId
    alias: str
    join: tuple[JoinCondition, ...]
    position: Position


@dataclass(frozen=True)
class RelationshipView:
    """``FROM view alias [(column AS property, ...)] START NODES ... END NODES ...``."""

    view: ViewId
    alias: str
    columns: tuple[ColumnMapping, ...]
    start: Endpoint
    end: Endpoint
    position: Position


@dataclass(frozen=True)
class RelationshipMapping:
    relationship_type: RelationshipTypeReference
    views: tuple[RelationshipView, ...]
    position: Position


@dataclass(frozen=True)
class SetSchema:
    """``SET SCHEMA datasource.schema``: where unqualified views are, for what follows."""

    data_source: str
    schema: str
    position: Position


@dataclass(frozen=True)
class GraphBody:
    """What the parentheses of ``CREATE GRAPH TYPE`` and ``CREATE GRAPH`` hold."""

    element_types: tuple[ElementTypeDefinition, ...] = ()
    node_types: tuple[NodeTypeReference, ...] = ()
    relationship_types: tuple[RelationshipTypeReference, ...] = ()
    node_mappings: tuple[NodeMapping, ...] = ()
    relationship_mappings: tuple[RelationshipMapping, ...] = ()


@dataclass(frozen=True)
class GraphTypeDefinition:
    """``CREATE GRAPH TYPE name (...)`` (mappings are not allowed in a graph type)."""

    name: str
    body: GraphBody
    position: Position


@dataclass(frozen=True)
class GraphDefinition:
    """``CREATE GRAPH name [OF graph_type] (...)``."""

    name: str
    graph_type: str | None
    body: GraphBody
    position: Position
    graph_type_position: Position | None = None


Statement = SetSchema | ElementTypeDefinition | GraphTypeDefinition | GraphDefinition


@dataclass(frozen=True)
class DdlDocument:
    """A whole DDL text: its statements in order (``source`` names the file, if any)."""

    statements: tuple[Statement, ...]
    text: str = ""
    source: str = ""
