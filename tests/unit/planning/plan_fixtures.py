"""Shared by the planner and rewrite-rule tests: a small schema and fixture-file reading.

A fixture file holds cases separated by lines starting with ``--`` (the case's title); each
case is a Cypher query, a line ``==``, and the expected plan printout.
"""

from __future__ import annotations

from pathlib import Path

from graphframe_cypher import types as T
from graphframe_cypher.compiler import parse
from graphframe_cypher.graph.model import (
    GraphSchema,
    NodeTableSpec,
    PropertyColumn,
    RelationshipTableSpec,
)
from graphframe_cypher.logical.planner import LogicalPlanner


def _props(**types):
    return tuple(PropertyColumn(k, k, t) for k, t in types.items())


SCHEMA = GraphSchema(
    node_tables=(
        NodeTableSpec("persons", "id", frozenset({"Person"}), _props(name=T.STRING, age=T.INTEGER)),
        NodeTableSpec(
            "admins", "id", frozenset({"Person", "Admin"}), _props(name=T.STRING, level=T.INTEGER)
        ),
        NodeTableSpec("cities", "id", frozenset({"City"}), _props(name=T.STRING)),
    ),
    relationship_tables=(
        RelationshipTableSpec("knows", "id", "src", "dst", "KNOWS", _props(since=T.INTEGER)),
        RelationshipTableSpec("lives", "id", "src", "dst", "LIVES_IN", ()),
    ),
)


def logical_plan(query: str, parameters=None):
    return LogicalPlanner(SCHEMA, parameters).plan(parse(query))


def ops_of(plan, cls) -> list:
    """The operators of type ``cls`` in a (logical or relational) plan."""
    found, todo = [], [plan]
    while todo:
        op = todo.pop()
        if isinstance(op, cls):
            found.append(op)
        todo.extend(op.inputs())
    return found


def read_cases(path: Path) -> list[tuple[str, str, str]]:
    """(title, query, expected) triples of a fixture file."""
    cases = []
    for block in ("\n" + path.read_text()).split("\n-- ")[1:]:
        title, _, body = block.partition("\n")
        query, _, expected = body.partition("\n==")
        cases.append((title.strip(), query.strip(), expected.strip()))
    return cases
