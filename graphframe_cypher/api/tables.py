"""How users describe graph data held in tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False)
class NodeTable:
    """Nodes from a table: one node per row, all carrying ``labels``.

    ``properties``: None makes every column a property, the id column included unless
    ``id_property`` is False (as neo4j-admin import keeps an ``:ID`` column, so that
    ``n.id`` reads it); a list names the columns to use; a mapping renames
    ``{column: property_key}``."""

    df: Any
    labels: Sequence[str] | str = ()
    id: str = "id"
    properties: Sequence[str] | Mapping[str, str] | None = None
    id_property: bool = True

    @property
    def reserved_columns(self) -> list[str]:
        """The columns that are not properties by default."""
        return [] if self.id_property else [self.id]

    @property
    def label_set(self) -> frozenset[str]:
        return frozenset([self.labels] if isinstance(self.labels, str) else self.labels)


@dataclass(frozen=True, eq=False)
class RelationshipTable:
    """Relationships from a table: one per row, of ``type``, from ``source`` to ``target``
    (columns holding node ids). ``properties`` as for :class:`NodeTable`: by default every
    column but the source and target (they are the endpoints, ``startNode(r).id``), the id
    included unless ``id_property`` is False."""

    df: Any
    type: str = ""
    id: str = "id"
    source: str = "source"
    target: str = "target"
    properties: Sequence[str] | Mapping[str, str] | None = None
    id_property: bool = True

    @property
    def reserved_columns(self) -> list[str]:
        """The columns that are not properties by default."""
        return [self.source, self.target] + ([] if self.id_property else [self.id])


def property_columns(
    columns: Sequence[str], reserved: Sequence[str], properties
) -> list[tuple[str, str]]:
    """(column, property key) pairs for a table's properties."""
    if properties is None:
        return [(c, c) for c in columns if c not in reserved]
    if isinstance(properties, Mapping):
        return [(c, k) for c, k in properties.items()]
    return [(c, c) for c in properties]
