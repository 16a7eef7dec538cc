"""Compiles the typed expression IR (``ir/expr.py``) to DuckDB SQL expression text.

Operators and functions dispatch through one table, :data:`CALLS` (name -> handler, in
``functions.py``); the IR node kinds dispatch through :meth:`SqlExpressionCompiler.compile`.
Column references are resolved by the caller (``columns``: name -> SQL text) so the same
expression can be compiled over a subquery alias or over either side of a join.

Cypher's semantics that SQL does not share are made explicit here: comparisons of values of
different types are null (DuckDB would cast ``'1'`` to ``1``), integer division truncates
and fails on zero, and values of a type the backend cannot represent yet fail with
:class:`~graphframe_cypher.errors.UnsupportedFeature` naming the construct.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from ... import types as T
from ...errors import UnsupportedFeature
from ...ir import expr as E
from .representation import EMPTY_MAP_FIELD, duck_type, literal, quote_name, quote_string

# Marker of errors raised by generated SQL (``error(...)``), read back by ``errors.py``.
ERROR_MARKER = "CYPHER-ERROR"


def raise_error(error_type: str, code: str, message: str) -> str:
    """SQL that fails the query with the given Cypher error when evaluated (inside a CASE
    branch, so only failing rows evaluate it)."""
    return f"error({quote_string(f'{ERROR_MARKER}:{error_type}:{code}:{message}')})"


def unsupported(construct: str) -> UnsupportedFeature:
    return UnsupportedFeature(
        f"{construct} is not supported by the DuckDB engine yet", code="DuckDbUnsupported"
    )


class SqlExpressionCompiler:
    """One per query: knows the graph's id type and numbers lambda variables.
    ``python``: the connection's ``PythonFunctions`` (None: Python cannot be called)."""

    def __init__(self, id_type: T.CypherType = T.INTEGER, python=None):
        self.id_type = id_type
        self.python = python
        self._lambda_names = itertools.count()

    def sql_type(self, ctype: T.CypherType) -> str:
        return duck_type(ctype, self.id_type)

    def literal(self, value, ctype: T.CypherType) -> str:
        return literal(value, ctype, self.id_type)

    def null(self, ctype: T.CypherType) -> str:
        return self.literal(None, ctype)

    def compile(self, expr: E.IRExpr, columns: Mapping[str, str]) -> str:
        """SQL text of ``expr``; ``columns`` maps input column names (and lambda
        variables) to SQL text."""
        _require_static(expr.type, expr)
        if isinstance(expr, E.Col):
            return columns[expr.name]
        if isinstance(expr, E.LambdaVar):
            return columns[_lambda_key(expr.name)]
        if isinstance(expr, E.Lit):
            return self.literal(expr.value, expr.type)
        if isinstance(expr, E.Call):
            from .functions import CALLS

            handler = CALLS.get(expr.fn)
            if handler is None:
                raise unsupported(f"the function or operator {expr.fn!r}")
            return handler(self, expr, columns)
        if isinstance(expr, E.CaseWhen):
            return self._case(expr, columns)
        if isinstance(expr, E.ListOf):
            items = ", ".join(self.conform(i, expr.type.element, columns) for i in expr.items)
            return f"CAST([{items}] AS {self.sql_type(expr.type)})"
        if isinstance(expr, E.MapOf):
            return self._map_of(expr, columns)
        if isinstance(expr, E.ListFn):
            from .functions import compile_list_fn

            return compile_list_fn(self, expr, columns)
        if isinstance(expr, E.ElementOf):
            return self._element_of(expr, columns)
        if isinstance(expr, E.PathOf):
            return self._path_of(expr, columns)
        raise unsupported(f"the expression {type(expr).__name__}")

    def conform(self, expr: E.IRExpr, target: T.CypherType, columns) -> str:
        """``expr`` as a value of the (wider, static) type ``target``: an integer in a
        float context, a null literal of a typed column, an element with fewer
        properties than the union type."""
        sql = self.compile(expr, columns)
        if expr.type == target:
            return sql
        if expr.type == T.NULL:
            return self.null(target)
        if isinstance(target, T.ElementType) and isinstance(expr.type, T.ElementType):
            return self._widen_element(sql, expr.type, target)
        return f"CAST({sql} AS {self.sql_type(target)})"

    def python_call(self, label: str, impl, args, result: T.CypherType, columns) -> str:
        """SQL running the Python ``impl`` on the values of ``args`` (see
        ``python_functions.py``)."""
        if self.python is None:
            raise unsupported(f"{label}() on a column here")
        sql = [
            self.compile(a, columns) if a.type != T.NULL else "CAST(NULL AS VARCHAR)" for a in args
        ]
        types = [a.type if a.type != T.NULL else T.STRING for a in args]
        return self.python.call(label, impl, sql, types, result, self.id_type)

    def lambda_binding(self, name: str) -> tuple[str, str]:
        """A fresh SQL lambda parameter for the Cypher variable ``name``: (key in the
        columns map, parameter name)."""
        return _lambda_key(name), f"lv{next(self._lambda_names)}"

    # -- node kinds -----------------------------------------------------------------------

    def _case(self, expr: E.CaseWhen, columns) -> str:
        branches = " ".join(
            f"WHEN {self.compile(c, columns)} THEN {self.conform(v, expr.type, columns)}"
            for c, v in expr.branches
        )
        default = (
            self.conform(expr.default, expr.type, columns)
            if expr.default is not None
            else self.null(expr.type)
        )
        return f"CASE {branches} ELSE {default} END"

    def _map_of(self, expr: E.MapOf, columns) -> str:
        fields = dict(expr.type.fields or ())
        values = dict(zip(expr.keys, expr.values, strict=True))
        if not values:
            return f"struct_pack({quote_name(EMPTY_MAP_FIELD)} := CAST(NULL AS BOOLEAN))"
        items = ", ".join(
            f"{quote_name(k)} := {self._field_value(values[k], fields.get(k, T.NULL), columns)}"
            for k in sorted(values)
        )
        return f"struct_pack({items})"

    def _field_value(self, expr: E.IRExpr, ctype: T.CypherType, columns) -> str:
        if ctype == T.NULL:
            return "CAST(NULL AS BOOLEAN)"
        return self.conform(expr, ctype, columns)

    def _element_of(self, expr: E.ElementOf, columns) -> str:
        ctype = expr.type
        ident = self.compile(expr.id, columns)
        fields = [f"_id := {ident}"]
        if ctype.name == "NODE":
            fields.append(f"_labels := {self._labels(expr, columns)}")
        else:
            fields += [
                f"_type := {self.compile(expr.rel_type, columns)}",
                f"_src := {self.compile(expr.source, columns)}",
                f"_dst := {self.compile(expr.target, columns)}",
            ]
        if ctype.properties:
            given = dict(expr.properties)
            props = ", ".join(
                f"{quote_name(k)} := "
                + (
                    self.conform(given[k], _concrete(t), columns)
                    if k in given and given[k].type != T.NULL
                    else self.null(_concrete(t))
                )
                for k, t in ctype.properties
            )
            fields.append(f"_props := struct_pack({props})")
        return f"CASE WHEN {ident} IS NULL THEN NULL ELSE struct_pack({', '.join(fields)}) END"

    def _labels(self, expr: E.ElementOf, columns) -> str:
        if not expr.labels:
            return "CAST([] AS VARCHAR[])"
        items = ", ".join(
            f"CASE WHEN {self.compile(flag, columns)} THEN {quote_string(label)} END"
            for label, flag in sorted(expr.labels)
        )
        return f"list_filter([{items}], lambda l: l IS NOT NULL)"

    def _widen_element(self, sql: str, have: T.ElementType, want: T.ElementType) -> str:
        """An element value of ``have``'s property schema in ``want``'s (missing properties
        null), as when a path holds nodes of several tables."""
        if have.properties == want.properties:
            return sql
        head = ["_id", "_labels"] if want.name == "NODE" else ["_id", "_type", "_src", "_dst"]
        fields = [f"{h} := v.{h}" for h in head]
        if want.properties:
            present = dict(have.properties)
            props = ", ".join(
                f"{quote_name(k)} := "
                + (
                    f"CAST(v._props.{quote_name(k)} AS {self.sql_type(_concrete(t))})"
                    if k in present
                    else self.null(_concrete(t))
                )
                for k, t in want.properties
            )
            fields.append(f"_props := struct_pack({props})")
        # A one-element list lets the struct be named once (DuckDB has no LET).
        body = f"CASE WHEN v IS NULL THEN NULL ELSE struct_pack({', '.join(fields)}) END"
        return f"list_transform([{sql}], lambda v: {body})[1]"

    def _path_of(self, expr: E.PathOf, columns) -> str:
        """Nodes and relationships are single elements or, for variable-length hops,
        lists spliced in; a null part (an unmatched OPTIONAL MATCH) makes a null path."""
        ptype: T.PathType = expr.type
        parts = [self.compile(x, columns) for x in (*expr.nodes, *expr.relationships)]
        nodes = self._items(expr.nodes, ptype.node, columns)
        rels = self._items(expr.relationships, ptype.relationship, columns)
        any_null = " OR ".join(f"({p}) IS NULL" for p in parts)
        return (
            f"CASE WHEN {any_null} THEN NULL "
            f"ELSE struct_pack(_nodes := {nodes}, _rels := {rels}) END"
        )

    def _items(self, items, element: T.ElementType, columns) -> str:
        list_type = f"{self.sql_type(element)}[]"
        parts = []
        for item in items:
            if isinstance(item.type, T.ListType):
                sql = self.compile(item, columns)
                have = item.type.element
                if isinstance(have, T.ElementType) and have.properties != element.properties:
                    _, name = self.lambda_binding("  item")
                    sql = f"list_transform({sql}, lambda {name}: " + (
                        self._widen_element(name, have, element) + ")"
                    )
                parts.append(f"CAST({sql} AS {list_type})")
            else:
                parts.append(f"CAST([{self.conform(item, element, columns)}] AS {list_type})")
        return " || ".join(parts) if parts else f"CAST([] AS {list_type})"


def _lambda_key(name: str) -> str:
    # Lambda variables share the columns map with columns; this prefix keeps them apart.
    return "\x00lambda:" + name


def _concrete(ctype: T.CypherType) -> T.CypherType:
    return T.BOOLEAN if ctype == T.NULL else ctype


def _require_static(ctype: T.CypherType, expr: E.IRExpr) -> None:
    if ctype.is_any or ctype == T.NUMBER:
        raise unsupported(f"{E.render(expr)} (a value of type {ctype})")
    if isinstance(ctype, T.ListType):
        _require_static(ctype.element, expr)
    elif isinstance(ctype, T.MapType):
        if ctype.fields is None:
            raise unsupported(f"{E.render(expr)} (a map whose keys are known only at runtime)")
        for _, field_type in ctype.fields:
            _require_static(field_type, expr)
