"""The backend-neutral description of a property graph: which tables hold its nodes and
relationships, and with which labels, types and property columns.

A graph is a set of *element tables*. Each node table holds nodes that all carry the same
label set; each relationship table holds relationships of one type. A table is referenced
through an opaque ``source`` (a Spark DataFrame for the Spark backend); this module never
looks inside it. Element ids are global within a graph: relationship endpoints refer to node
ids whatever table the node lives in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import types as T


@dataclass(frozen=True)
class PropertyColumn:
    key: str
    column: str
    type: T.CypherType


@dataclass(frozen=True, eq=False)
class NodeTableSpec:
    source: Any
    id_column: str
    labels: frozenset[str]
    properties: tuple[PropertyColumn, ...] = ()
    # Labels only some of the table's nodes carry (after SET/REMOVE of labels): (label,
    # boolean column). ``labels`` are the ones every node of the table carries.
    optional_labels: tuple[tuple[str, str], ...] = ()

    def property_types(self) -> dict[str, T.CypherType]:
        return {p.key: p.type for p in self.properties}

    @property
    def possible_labels(self) -> frozenset[str]:
        """Every label a node of this table may carry."""
        return self.labels | {label for label, _ in self.optional_labels}


@dataclass(frozen=True, eq=False)
class RelationshipTableSpec:
    source: Any
    id_column: str
    source_column: str
    target_column: str
    rel_type: str
    properties: tuple[PropertyColumn, ...] = ()
    # The same rows laid out for joins on the target (a stored copy bucketed by target):
    # scans that traverse relationships from their target read it. None: only ``source``.
    source_by_target: Any = None

    def property_types(self) -> dict[str, T.CypherType]:
        return {p.key: p.type for p in self.properties}


@dataclass(frozen=True)
class GraphSchema:
    """Label combinations and relationship types with their property keys and types."""

    node_tables: tuple[NodeTableSpec, ...] = ()
    relationship_tables: tuple[RelationshipTableSpec, ...] = ()
    id_type: T.CypherType = T.INTEGER

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(label for t in self.node_tables for label in t.possible_labels)

    @property
    def relationship_types(self) -> frozenset[str]:
        return frozenset(t.rel_type for t in self.relationship_tables)

    @property
    def property_keys(self) -> frozenset[str]:
        tables = (*self.node_tables, *self.relationship_tables)
        return frozenset(p.key for t in tables for p in t.properties)

    def node_tables_with(self, labels: frozenset[str]) -> tuple[NodeTableSpec, ...]:
        """Label pruning: only tables whose nodes may carry every required label."""
        return tuple(t for t in self.node_tables if labels <= t.possible_labels)

    def relationship_tables_of(self, types: frozenset[str]) -> tuple[RelationshipTableSpec, ...]:
        """Type pruning: tables of the given types (all tables when ``types`` is empty)."""
        if not types:
            return self.relationship_tables
        return tuple(t for t in self.relationship_tables if t.rel_type in types)

    def node_type(self, labels: frozenset[str] = frozenset()) -> T.ElementType:
        return _element_type("NODE", self.node_tables_with(labels), lambda t: t.possible_labels)

    def relationship_type(self, types: frozenset[str] = frozenset()) -> T.ElementType:
        return _element_type(
            "RELATIONSHIP", self.relationship_tables_of(types), lambda t: {t.rel_type}
        )

    def label_combinations(self) -> dict[frozenset[str], dict[str, T.CypherType]]:
        combos: dict[frozenset[str], dict[str, T.CypherType]] = {}
        for table in self.node_tables:
            merged = combos.setdefault(table.possible_labels, {})
            _merge_properties(merged, table.property_types())
        return combos

    def relationship_type_properties(self) -> dict[str, dict[str, T.CypherType]]:
        out: dict[str, dict[str, T.CypherType]] = {}
        for table in self.relationship_tables:
            _merge_properties(out.setdefault(table.rel_type, {}), table.property_types())
        return out

    def __str__(self) -> str:
        lines = ["Node labels:"]
        for labels, props in sorted(self.label_combinations().items(), key=lambda i: sorted(i[0])):
            lines.append(f"  :{':'.join(sorted(labels)) or '(no label)'} {_props_text(props)}")
        lines.append("Relationship types:")
        for rel_type, props in sorted(self.relationship_type_properties().items()):
            lines.append(f"  :{rel_type} {_props_text(props)}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from ..notebook.html import schema_html

        return schema_html(self)


def _props_text(props: dict[str, T.CypherType]) -> str:
    return "{" + ", ".join(f"{k}: {t}" for k, t in sorted(props.items())) + "}"


def _merge_properties(into: dict[str, T.CypherType], props: dict[str, T.CypherType]) -> None:
    for key, ptype in props.items():
        into[key] = T.join(into[key], ptype) if key in into else ptype


def _element_type(kind: str, tables, labels_of) -> T.ElementType:
    properties: dict[str, T.CypherType] = {}
    labels: set[str] = set()
    for table in tables:
        _merge_properties(properties, table.property_types())
        labels |= set(labels_of(table))
    return T.ElementType(kind, properties, labels)


@dataclass(frozen=True)
class GraphSpec:
    """Everything the compiler needs to know about a graph."""

    schema: GraphSchema = field(default_factory=GraphSchema)
