"""The graphs one multiple-graph query reads, as the compiler sees them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .identity import IdSpaces
from .model import GraphSchema


@dataclass(frozen=True)
class QueryGraphs:
    """Each graph the query names (by its GraphRef; None is the graph the query runs on),
    with its schema already retagged into the query's tags (see ``identity``), the id
    spaces of those tags, and ``new_tag``: the tag of the elements the query creates."""

    default: GraphSchema
    default_spaces: IdSpaces
    by_ref: Mapping[Any, GraphSchema] = field(default_factory=dict)
    spaces_by_ref: Mapping[Any, IdSpaces] = field(default_factory=dict)
    new_tag: int = 1

    def schema(self, ref) -> GraphSchema:
        return self.default if ref is None else self.by_ref[ref]

    def spaces(self, ref) -> IdSpaces:
        return self.default_spaces if ref is None else self.spaces_by_ref[ref]

    def all_schemas(self) -> list[GraphSchema]:
        return [self.default, *self.by_ref.values()]
