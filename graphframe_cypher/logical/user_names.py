"""The planner's view of a checked query: every name the user chose for a variable or a
column (pattern variables, aliases, unaliased RETURN texts, UNWIND/comprehension/reduce
variables) replaced by its encoding (``graphframe_cypher.names``), so that the fields of
the plans, and the Spark columns they become, can never be the engine's own names nor
collide when Spark folds case. Property keys, labels, types and parameters stay as they
are (they are values or schema names, not fields); the compiler encodes them where they
become column names.

Semantic analysis runs before this pass, so its errors name the user's names; results
decode the column names back (``api.result.Records``).
"""

from __future__ import annotations

import dataclasses

from .. import ast
from ..names import encode

# The fields of each AST node class that hold a variable or column name.
_NAME_FIELDS: dict[type, tuple[str, ...]] = {
    ast.Variable: ("name",),
    ast.ListComprehension: ("variable",),
    ast.Quantifier: ("variable",),
    ast.Reduce: ("accumulator", "variable"),
    ast.MapProjection: ("subject",),
    ast.NodePattern: ("variable",),
    ast.RelationshipPattern: ("variable",),
    ast.PatternPart: ("variable",),
    ast.ReturnItem: ("alias", "text"),
    ast.Unwind: ("variable",),
    ast.SetItem: ("variable",),
    ast.RemoveItem: ("variable",),
    ast.YieldItem: ("alias",),
    ast.CloneItem: ("alias",),
}


def encode_user_names(node):
    """``node`` (an AST node, or a tuple of them) with every user-chosen name encoded."""
    if isinstance(node, tuple):
        return tuple(encode_user_names(item) for item in node)
    if not isinstance(node, ast.Node):
        return node
    changes = {}
    for f in dataclasses.fields(node):
        if f.name == "pos":
            continue
        value = getattr(node, f.name)
        if f.name in _NAME_FIELDS.get(type(node), ()):
            new = encode(value) if isinstance(value, str) else value
        else:
            new = encode_user_names(value)
        if new is not value:
            changes[f.name] = new
    return dataclasses.replace(node, **changes) if changes else node
