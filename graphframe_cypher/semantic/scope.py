"""Variables, their kinds, and scopes.

A :class:`Scope` is the immutable set of variables visible after a clause: name ->
:class:`VarInfo` (kind, variable-length flag, static type). During a clause walk the
analyzer grows a :class:`ScopeBuilder` and freezes it into a Scope after each clause.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .. import types as T


class Kind(StrEnum):
    NODE = "node"
    RELATIONSHIP = "relationship"
    PATH = "path"
    VALUE = "value"


@dataclass(frozen=True, slots=True)
class VarInfo:
    """What a variable holds.

    ``var_length`` is True for a relationship variable bound by a variable-length pattern
    (``-[r*]->``): at runtime it is a *list* of relationships and its type is
    LIST<RELATIONSHIP>."""

    kind: Kind
    type: T.CypherType = T.ANY
    var_length: bool = False


NODE_VAR = VarInfo(Kind.NODE, T.NODE)
RELATIONSHIP_VAR = VarInfo(Kind.RELATIONSHIP, T.RELATIONSHIP)
VAR_LENGTH_RELATIONSHIP_VAR = VarInfo(Kind.RELATIONSHIP, T.ListType(T.RELATIONSHIP), True)
PATH_VAR = VarInfo(Kind.PATH, T.PATH)


def info_for_type(type_: T.CypherType) -> VarInfo:
    """The VarInfo of a variable projected from an expression of static type ``type_``.

    A value statically known to be a node stays usable as a node (``WITH head(collect(n))
    AS m MATCH (m)-->()``), so the kind follows the type."""
    if type_.name == "NODE":
        return VarInfo(Kind.NODE, type_)
    if type_.name == "RELATIONSHIP":
        return VarInfo(Kind.RELATIONSHIP, type_)
    if type_.name == "PATH":
        return VarInfo(Kind.PATH, type_)
    return VarInfo(Kind.VALUE, type_)


@dataclass(frozen=True)
class Scope(Mapping):
    """An immutable mapping of variable name -> VarInfo, in binding order."""

    items_: tuple[tuple[str, VarInfo], ...] = ()
    _index: dict = field(default=None, init=False, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self):
        object.__setattr__(self, "_index", dict(self.items_))

    def __getitem__(self, name: str) -> VarInfo:
        return self._index[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __hash__(self) -> int:
        return hash(self.items_)

    def kinds(self) -> dict[str, Kind]:
        return {name: info.kind for name, info in self.items_}

    def names(self) -> tuple[str, ...]:
        return tuple(self._index)


EMPTY_SCOPE = Scope()


class ScopeBuilder:
    """A mutable scope used while walking one clause."""

    def __init__(self, base: Mapping[str, VarInfo] | None = None):
        self._vars: dict[str, VarInfo] = dict(base or {})

    def __contains__(self, name: str) -> bool:
        return name in self._vars

    def get(self, name: str) -> VarInfo | None:
        return self._vars.get(name)

    def bind(self, name: str, info: VarInfo) -> None:
        self._vars[name] = info

    def names(self) -> list[str]:
        return list(self._vars)

    def freeze(self) -> Scope:
        return Scope(tuple(self._vars.items()))
