"""Python values returned to users for Cypher values.

Cypher scalars map onto plain Python types (INTEGER -> int, FLOAT -> float, STRING -> str,
BOOLEAN -> bool, LIST -> list, MAP -> dict, null -> None). Graph entities are the classes
below, modelled on the Neo4j Python driver so that code written against it reads the same:

* :class:`Node` - ``id``, ``labels`` (frozenset), read-only mapping access to properties;
* :class:`Relationship` - ``id``, ``type``, ``start_node_id``/``end_node_id``, properties;
* :class:`Path` - alternating nodes and relationships.

Entities compare by identity (their ids), as in the driver: two values of one node read in
different rows are equal even if one of them was read before a property changed.
:func:`format_value` renders any of these values the way Cypher writes them.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any

__all__ = ["Node", "Relationship", "Path", "format_value"]


class _Entity:
    """Shared read-only mapping behaviour of nodes and relationships."""

    __slots__ = ("_id", "_properties")

    def __init__(self, id: Any, properties: Mapping[str, Any] | None):
        self._id = id
        # Copied so that a caller mutating its dict cannot change a returned value.
        self._properties = dict(properties or {})

    @property
    def id(self) -> Any:
        return self._id

    @property
    def element_id(self) -> str:
        """The id as text, as the Neo4j driver's ``element_id`` (ids here are integers or
        strings: ``str(id)`` names the element within its graph)."""
        return str(self._id)

    @property
    def properties(self) -> dict[str, Any]:
        """A fresh dict of the properties (mutating it does not change the entity)."""
        return dict(self._properties)

    def __getitem__(self, key: str) -> Any:
        return self._properties[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._properties.get(key, default)

    def keys(self) -> KeysView[str]:
        return self._properties.keys()

    def values(self) -> ValuesView[Any]:
        return self._properties.values()

    def items(self) -> ItemsView[str, Any]:
        return self._properties.items()

    def __contains__(self, key: object) -> bool:
        return key in self._properties

    def __iter__(self) -> Iterator[str]:
        return iter(self._properties)

    def __len__(self) -> int:
        return len(self._properties)

    # Equality by id only, and only between entities of the same kind: a node and a
    # relationship that happen to share an id are different values.
    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._id == other._id  # type: ignore[attr-defined]

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._id))

    def __repr__(self) -> str:
        return format_value(self)


class Node(_Entity):
    """A node: an id, a set of labels and a property map."""

    __slots__ = ("_labels",)

    def __init__(
        self,
        id: Any,
        labels: Iterable[str] = (),
        properties: Mapping[str, Any] | None = None,
    ):
        super().__init__(id, properties)
        self._labels = frozenset(labels)

    @property
    def labels(self) -> frozenset[str]:
        return self._labels


class Relationship(_Entity):
    """A relationship: an id, a type, the ids of its start and end nodes and properties.

    ``start_node``/``end_node`` are the endpoint Nodes where the result holds them (in a
    path), else None: a relationship read on its own carries only its endpoints' ids."""

    __slots__ = ("_type", "_start", "_end", "_start_node", "_end_node")

    def __init__(
        self,
        id: Any,
        type: str,
        start_node_id: Any,
        end_node_id: Any,
        properties: Mapping[str, Any] | None = None,
        *,
        start_node: Node | None = None,
        end_node: Node | None = None,
    ):
        super().__init__(id, properties)
        self._type = type
        self._start = start_node_id
        self._end = end_node_id
        self._start_node = _endpoint(start_node, start_node_id, "start")
        self._end_node = _endpoint(end_node, end_node_id, "end")

    def with_endpoints(self, start_node: Node, end_node: Node) -> Relationship:
        """This relationship holding its endpoint Nodes (which must have its endpoint ids)."""
        return Relationship(
            self._id,
            self._type,
            self._start,
            self._end,
            self._properties,
            start_node=start_node,
            end_node=end_node,
        )

    @property
    def start_node(self) -> Node | None:
        return self._start_node

    @property
    def end_node(self) -> Node | None:
        return self._end_node

    @property
    def nodes(self) -> tuple[Node | None, Node | None]:
        return self._start_node, self._end_node

    @property
    def type(self) -> str:
        return self._type

    @property
    def start_node_id(self) -> Any:
        return self._start

    @property
    def end_node_id(self) -> Any:
        return self._end

    # Short aliases: the ids of the endpoint nodes (not Node objects, which a relationship
    # value does not carry).
    start = start_node_id
    end = end_node_id


def _endpoint(node: Node | None, node_id: Any, which: str) -> Node | None:
    if node is not None and node.id != node_id:
        raise ValueError(f"the {which} node has id {node.id!r}, the relationship {node_id!r}")
    return node


class Path:
    """A path: ``nodes[0], relationships[0], nodes[1], ...``.

    ``len(path)`` is the number of relationships (the path's length in Cypher) and
    iterating a path yields its relationships, as in the Neo4j driver.
    """

    __slots__ = ("_nodes", "_relationships")

    def __init__(self, nodes: Iterable[Node], relationships: Iterable[Relationship] = ()):
        self._nodes = tuple(nodes)
        self._relationships = tuple(relationships)
        self._check_lengths()
        self._relationships = tuple(self._with_endpoints())

    def _with_endpoints(self) -> Iterator[Relationship]:
        # A path holds every endpoint of its relationships: give them their Nodes.
        for i, rel in enumerate(self._relationships):
            a, b = self._nodes[i], self._nodes[i + 1]
            start, end = (a, b) if rel.start_node_id == a.id else (b, a)
            if (start.id, end.id) == (rel.start_node_id, rel.end_node_id):
                yield rel.with_endpoints(start, end)
            else:  # not a path's relationship between these nodes: leave it as given
                yield rel

    def _check_lengths(self) -> None:
        if not self._nodes:
            raise ValueError("a path has at least one node")
        if len(self._nodes) != len(self._relationships) + 1:
            raise ValueError(
                f"a path with {len(self._relationships)} relationships needs "
                f"{len(self._relationships) + 1} nodes, got {len(self._nodes)}"
            )

    @property
    def nodes(self) -> tuple[Node, ...]:
        return self._nodes

    @property
    def relationships(self) -> tuple[Relationship, ...]:
        return self._relationships

    @property
    def start_node(self) -> Node:
        return self._nodes[0]

    @property
    def end_node(self) -> Node:
        return self._nodes[-1]

    def __len__(self) -> int:
        return len(self._relationships)

    def __iter__(self) -> Iterator[Relationship]:
        return iter(self._relationships)

    def _ids(self) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        return tuple(n.id for n in self._nodes), tuple(r.id for r in self._relationships)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Path):
            return NotImplemented
        return self._ids() == other._ids()

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash(("Path", self._ids()))

    def __repr__(self) -> str:
        return format_value(self)

    def steps(self) -> Iterator[tuple[Node, Relationship, Node, bool]]:
        """Yield ``(from_node, relationship, to_node, forward)`` for each hop, where
        ``forward`` tells whether the relationship points along the path."""
        for i, rel in enumerate(self._relationships):
            a, b = self._nodes[i], self._nodes[i + 1]
            # A self-loop is forward either way; otherwise the start id decides.
            forward = rel.start_node_id == a.id
            yield a, rel, b, forward


# ---------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_STRING_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def format_value(value: Any) -> str:
    """Render a Cypher value as Cypher writes it: ``'text'``, ``null``, ``true``,
    ``1.0``, ``NaN``, ``[1, 2]``, ``{k: 'v'}``, ``(:A {p: 1})``, ``[:T]``,
    ``<(:A)-[:T]->(:B)>``."""
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, str):
        return format_string(value)
    if isinstance(value, Node):
        return _format_node(value)
    if isinstance(value, Relationship):
        return _format_relationship(value)
    if isinstance(value, Path):
        return _format_path(value)
    if isinstance(value, Mapping):
        return _format_map(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, (_dt.date, _dt.time)):
        return format_string(format_temporal(value))
    if hasattr(value, "KIND"):  # temporal values print as their Cypher string
        return format_string(str(value))
    return str(value)


def format_float(value: float) -> str:
    """Floats always show as floats (``1.0``, never ``1``), with Cypher's names for the
    non-finite values and exponents in Cypher literal syntax (``1e16``, ``1.5e-7``)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}e{int(exponent)}"
    return text if "." in text else text + ".0"


def format_string(value: str) -> str:
    return "'" + "".join(_STRING_ESCAPES.get(c, c) for c in value) + "'"


def format_key(key: str) -> str:
    """Map keys and property names: bare when a plain identifier, else backticked."""
    if _IDENTIFIER.match(key):
        return key
    return "`" + key.replace("`", "``") + "`"


def _format_map(value: Mapping[str, Any]) -> str:
    body = ", ".join(f"{format_key(str(k))}: {format_value(v)}" for k, v in value.items())
    return "{" + body + "}"


def _format_properties(entity: _Entity) -> str:
    return (" " + _format_map(entity._properties)) if len(entity) else ""


def _format_node(node: Node) -> str:
    # Labels are a set; sorted so the rendering is deterministic.
    labels = "".join(":" + format_key(label) for label in sorted(node.labels))
    props = _format_properties(node)
    if not labels:
        props = props.lstrip()
    return f"({labels}{props})"


def _format_relationship(rel: Relationship) -> str:
    return f"[:{format_key(rel.type)}{_format_properties(rel)}]"


def _format_path(path: Path) -> str:
    parts = [_format_node(path.start_node)]
    for _a, rel, b, forward in path.steps():
        left, right = ("-", "->") if forward else ("<-", "-")
        parts.append(f"{left}{_format_relationship(rel)}{right}{_format_node(b)}")
    return "<" + "".join(parts) + ">"


def format_temporal(value: _dt.date | _dt.time) -> str:
    """ISO text as Cypher's temporal ``toString`` writes it: seconds and fractions only
    when non-zero (``12:00``, ``12:00:01.500``), offsets as ``Z`` or ``+01:00``, then a
    named zone in brackets."""
    if isinstance(value, _dt.datetime):
        # The offset comes from the datetime: a named zone's offset depends on the date.
        text = value.date().isoformat() + "T" + _format_time(value.time(), value.utcoffset())
        # A named zone follows the offset, as in '...+01:00[Europe/Stockholm]'.
        zone = getattr(value.tzinfo, "key", None)
        return text + f"[{zone}]" if zone else text
    if isinstance(value, _dt.date):
        return value.isoformat()
    return _format_time(value, value.utcoffset())


def _format_time(value: _dt.time, offset: _dt.timedelta | None) -> str:
    text = f"{value.hour:02d}:{value.minute:02d}"
    if value.second or value.microsecond:
        text += f":{value.second:02d}"
    if value.microsecond:
        # Java-style fraction: 3 digits for milliseconds, else 6.
        frac = f"{value.microsecond:06d}"
        text += "." + (frac[:3] if frac.endswith("000") else frac)
    if offset is not None:
        text += _format_offset(offset)
    return text


def _format_offset(offset: _dt.timedelta) -> str:
    from .temporal.values import format_offset

    return format_offset(int(offset.total_seconds()))
