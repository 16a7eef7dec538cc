"""Relational plans compiled to DuckDB SQL directly (operators the Cypher tests reach only
in some shapes)."""

from __future__ import annotations

import duckdb

from graphframe_cypher import types as T
from graphframe_cypher.backends.duckdb.executor import DuckTable, SqlPlanCompiler
from graphframe_cypher.ir.expr import Col, Lit
from graphframe_cypher.relational import operators as R


def test_constants_of_a_left_joins_right_side_are_null_without_a_match():
    connection = duckdb.connect()
    connection.execute("CREATE TABLE l AS SELECT * FROM (VALUES (1), (2)) AS v(id)")
    connection.execute("CREATE TABLE r AS SELECT * FROM (VALUES (1)) AS v(id)")
    left = R.TableScan(
        source=DuckTable("l"),
        items=(("a", Col("id", type=T.INTEGER)),),
        columns=(("a", T.INTEGER),),
    )
    right = R.TableScan(
        source=DuckTable("r"),
        items=(("b", Col("id", type=T.INTEGER)), ("flag", Lit(True, type=T.BOOLEAN))),
        columns=(("b", T.INTEGER), ("flag", T.BOOLEAN)),
    )
    join = R.Join(
        left=left,
        right=right,
        on=(("a", "b"),),
        kind="left",
        columns=(("a", T.INTEGER), ("b", T.INTEGER), ("flag", T.BOOLEAN)),
    )
    sql = SqlPlanCompiler().query(join)
    assert sorted(connection.execute(sql).fetchall()) == [(1, 1, True), (2, None, None)]
