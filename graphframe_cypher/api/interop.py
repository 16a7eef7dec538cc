"""Small graphs in and out of Python: pandas frames and networkx graphs.

These are conversions of data that already lives in (or is meant for) the driver's memory:
a user's pandas frames or networkx graph become the tables of a PropertyGraph, and a graph
becomes a networkx ``MultiDiGraph`` for networkx's algorithms. Everything else in the engine
stays distributed; these are for graphs that fit in one process.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import types as T
from ..errors import GraphError
from ..graph.identity import IdSpace, first_id
from ..temporal.interop import from_python

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from .graph import PropertyGraph
    from .session import CypherSession

# to_networkx collects the whole graph: past this many elements it asks to be told so.
DEFAULT_MAX_ELEMENTS = 1_000_000


@dataclass(frozen=True)
class ElementRows:
    """The elements of one table: ``rows`` hold (id, [source, target,] properties...)
    in the order of ``keys``, already Cypher values."""

    labels_or_type: frozenset[str] | str
    keys: tuple[str, ...]
    types: tuple[T.CypherType, ...]
    rows: list[tuple]


# -- pandas -> graph ------------------------------------------------------------------------


def graph_from_pandas(
    session: CypherSession,
    nodes: pd.DataFrame,
    relationships: pd.DataFrame | None = None,
    *,
    id: str = "id",  # noqa: A002 - the column is called id
    labels: str | None = "labels",
    source: str = "source",
    target: str = "target",
    type: str = "type",  # noqa: A002 - the column is called type
    relationship_id: str | None = None,
) -> PropertyGraph:
    """A graph of ``nodes`` (one row per node: ``id``, a ``labels`` column of a label or a
    list of labels, the other columns are properties) and ``relationships`` (one row per
    relationship: ``source``, ``target``, ``type``, optionally ``relationship_id``; the
    other columns are properties). Missing values (None, NaN) are absent properties."""
    _require_columns(nodes, "nodes", [id] + ([labels] if labels else []))
    node_records = [
        (
            row[id],
            _labels_of(row.get(labels) if labels else None, index),
            _properties(row, (id, labels)),
        )
        for index, row in enumerate(_records(nodes))
    ]
    rel_records = []
    if relationships is not None:
        required = [source, target, type] + ([relationship_id] if relationship_id else [])
        _require_columns(relationships, "relationships", required)
        reserved = (source, target, type, relationship_id)
        for index, row in enumerate(_records(relationships)):
            rel_id = row[relationship_id] if relationship_id else index
            rel_type = row[type]
            if not isinstance(rel_type, str) or not rel_type:
                raise GraphError(f"relationships row {index}: the type must be a non-empty string")
            rel_records.append(
                (rel_id, row[source], row[target], rel_type, _properties(row, reserved))
            )
    return build_graph(session, node_records, rel_records, origin="pandas")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict(orient="records")


def _require_columns(frame, what: str, columns: Iterable[str]) -> None:
    present = [str(c) for c in frame.columns]
    missing = [c for c in columns if c not in present]
    if missing:
        raise GraphError(
            f"{what}: no column {', '.join(repr(c) for c in missing)} "
            f"(the frame has {', '.join(present) or 'no columns'})"
        )


def _labels_of(value: Any, index: int) -> frozenset[str]:
    value = _python_value(value)
    if value is None or value == "":
        return frozenset()
    if isinstance(value, str):
        return frozenset([value])
    if isinstance(value, (list, tuple, set, frozenset)) and all(
        isinstance(v, str) and v for v in value
    ):
        return frozenset(value)
    raise GraphError(f"node {index}: labels must be a label or a list of labels, not {value!r}")


def _properties(row: Mapping[str, Any], reserved: Iterable[str | None]) -> dict[str, Any]:
    skip = {r for r in reserved if r}
    props = {}
    for key, value in row.items():
        if str(key) in skip:
            continue
        value = _python_value(value)
        if value is not None:
            props[str(key)] = value
    return props


def _python_value(value: Any) -> Any:
    """A Cypher value from what pandas/numpy hold: numpy scalars as Python numbers, NaN
    and NaT as missing, dates and times as temporal values."""
    if value is None:
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()  # numpy scalars and arrays
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()  # pandas Timestamp
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(value, (list, tuple)):
        return [_python_value(v) for v in value]
    return from_python(value)


# -- networkx -> graph ----------------------------------------------------------------------


def graph_from_networkx(
    session: CypherSession,
    graph: nx.Graph,
    *,
    label_attribute: str = "labels",
    type_attribute: str = "type",
    default_type: str = "RELATED_TO",
) -> PropertyGraph:
    """A property graph of a networkx graph: node attribute ``label_attribute`` (a label or
    a list of labels) gives the labels, edge attribute ``type_attribute`` the type
    (``default_type`` when missing); other attributes are properties. Node keys become ids
    (integers stay integers; other keys become strings). Undirected edges keep the
    direction networkx lists them in."""
    keys = list(graph.nodes)
    ids = _node_ids(keys)
    node_records = [
        (
            ids[key],
            _labels_of(attrs.get(label_attribute), index),
            _properties(attrs, (label_attribute,)),
        )
        for index, (key, attrs) in enumerate(graph.nodes(data=True))
    ]
    edges = graph.edges(data=True, keys=True) if graph.is_multigraph() else graph.edges(data=True)
    rel_records = []
    for index, edge in enumerate(edges):
        source, target, attrs = edge[0], edge[1], edge[-1]
        rel_type = attrs.get(type_attribute, default_type)
        if not isinstance(rel_type, str) or not rel_type:
            raise GraphError(f"edge {source!r} -> {target!r}: the type must be a non-empty string")
        props = _properties(attrs, (type_attribute,))
        rel_records.append((index, ids[source], ids[target], rel_type, props))
    return build_graph(session, node_records, rel_records, origin="networkx")


def _node_ids(keys: list[Hashable]) -> dict[Hashable, int | str]:
    if all(isinstance(k, int) and not isinstance(k, bool) for k in keys):
        return {k: k for k in keys}
    ids = {k: str(k) for k in keys}
    if len(set(ids.values())) < len(ids):
        seen: dict[str, Hashable] = {}
        for key, text in ids.items():
            if text in seen:
                raise GraphError(
                    f"nodes {seen[text]!r} and {key!r} would both get the id {text!r}: "
                    "give the nodes keys that are all integers or distinct as strings"
                )
            seen[text] = key
    return ids


# -- records -> graph -----------------------------------------------------------------------


def build_graph(session, node_records, rel_records, origin: str) -> PropertyGraph:
    """The graph of (id, labels, properties) nodes and (id, source, target, type,
    properties) relationships."""
    from ..backends.spark.frames import element_tables
    from ..graph.model import GraphSchema
    from .graph import PropertyGraph

    node_ids = [n[0] for n in node_records]
    string_ids = any(isinstance(i, str) for i in node_ids) or any(
        isinstance(i, str) for r in rel_records for i in r[:3]
    )
    id_type = T.STRING if string_ids else T.INTEGER
    _check_ids(node_ids, "node")
    _check_ids([r[0] for r in rel_records], "relationship")
    known = set(map(str, node_ids))
    for rel_id, source, target, _, _ in rel_records:
        for end in (source, target):
            if str(end) not in known:
                raise GraphError(
                    f"relationship {rel_id!r} points at node {end!r}, which is not a node"
                )
    nodes = _group(node_records, lambda n: n[1], lambda n: (n[0],), lambda n: n[2])
    rels = _group(rel_records, lambda r: r[3], lambda r: (r[0], r[1], r[2]), lambda r: r[4])
    node_specs, rel_specs = element_tables(session.spark, nodes, rels, string_ids)
    spaces = {0: IdSpace(origin), 1: IdSpace("created")}
    schema = GraphSchema(node_specs, rel_specs, id_type)
    return PropertyGraph(session, schema, first_id(1), spaces)


def _check_ids(ids: list, what: str) -> None:
    for value in ids:
        if not (isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))):
            raise GraphError(f"{what} ids must be integers or strings, not {value!r}")
    if len(set(map(str, ids))) < len(ids):
        seen = set()
        for value in ids:
            if str(value) in seen:
                raise GraphError(f"two {what}s have the id {value!r}: ids must be unique")
            seen.add(str(value))


def _group(records, group_key, fixed, properties) -> list[ElementRows]:
    """One ElementRows per label set (nodes) or type (relationships), with one column
    per property key its elements have, typed by the join of the values' types."""
    groups: dict[Any, list] = {}
    for record in records:
        groups.setdefault(group_key(record), []).append(record)
    out = []
    for key, members in groups.items():
        keys = sorted({k for m in members for k in properties(m)})
        types = tuple(_column_type([properties(m).get(k) for m in members], key, k) for k in keys)
        rows = [fixed(m) + tuple(properties(m).get(k) for k in keys) for m in members]
        out.append(ElementRows(key, tuple(keys), types, rows))
    return out


def _column_type(values: list, owner, key: str) -> T.CypherType:
    ctype = T.join_all(T.type_of_value(v) for v in values if v is not None)
    if isinstance(ctype, T.MapType) or ctype in (T.NODE, T.RELATIONSHIP, T.PATH):
        where = f":{':'.join(sorted(owner))}" if isinstance(owner, frozenset) else f":{owner}"
        raise GraphError(f"{where} property {key!r}: maps and graph elements cannot be properties")
    return ctype


# -- graph -> networkx ----------------------------------------------------------------------


def graph_to_networkx(
    graph: PropertyGraph,
    *,
    label_attribute: str = "labels",
    type_attribute: str = "type",
    max_elements: int = DEFAULT_MAX_ELEMENTS,
) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph: node keys are node ids, with attribute
    ``label_attribute`` (the sorted list of labels) and the properties; edge keys are
    relationship ids, with attribute ``type_attribute`` and the properties."""
    import networkx as nx

    nodes = graph.cypher("MATCH (n) RETURN id(n) AS id, labels(n) AS labels, properties(n) AS p")
    rels = graph.cypher(
        "MATCH (a)-[r]->(b) RETURN id(r) AS id, id(a) AS source, id(b) AS target, "
        "type(r) AS type, properties(r) AS p"
    )
    _require_at_most(graph, nodes.records, rels.records, max_elements)
    out = nx.MultiDiGraph()
    for row in nodes.records.collect():
        out.add_node(row["id"], **_attributes(row["p"], label_attribute, sorted(row["labels"])))
    for row in rels.records.collect():
        attrs = _attributes(row["p"], type_attribute, row["type"])
        out.add_edge(row["source"], row["target"], key=row["id"], **attrs)
    return out


def _require_at_most(graph, nodes, rels, max_elements: int) -> None:
    count = sum(
        records._run(records.frame.limit(max_elements + 1).count) for records in (nodes, rels)
    )
    if count > max_elements:
        raise GraphError(
            f"the graph has more than {max_elements:,} elements: to_networkx brings it all "
            "into this process; pass a larger max_elements if that is what you want"
        )


def _attributes(properties: dict[str, Any], name: str, value: Any) -> dict[str, Any]:
    if name in properties:
        raise GraphError(
            f"a property is called {name!r}, like the attribute that holds labels or types: "
            "pass another label_attribute / type_attribute"
        )
    return {name: value, **properties}
