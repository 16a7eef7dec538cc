"""The encoding of user names into column names (graphframe_cypher/names.py) and the
planner's pass that applies it (logical/user_names.py)."""

from __future__ import annotations

import pytest

from graphframe_cypher import ast
from graphframe_cypher.compiler import parse
from graphframe_cypher.logical.user_names import encode_user_names
from graphframe_cypher.names import decode, encode, is_engine_name

HOSTILE = [
    "a", "A", "name", "Name", "NAME", "nAmE", "first_name", "FIRST_NAME", "  agg#0",
    "__vx_start", "  vx#start", "n#p.name", "x` + `y", "a`b", "a.b", "a b", " lead",
    "#", "^", "^a", "^{41}", "Malmö", "MALMÖ", "ǅ", "ß", "ẞ", "İ", "i", "K", "\u212a",
    "€", "\t", "", "count(x)", "n.Name",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_round_trip(name):
    assert decode(encode(name)) == name


def test_injective_even_when_case_folded():
    encoded = [encode(n) for n in HOSTILE]
    assert len({e.casefold() for e in encoded}) == len(set(HOSTILE))
    assert len({e.upper() for e in encoded}) == len(set(HOSTILE))


@pytest.mark.parametrize("name", HOSTILE)
def test_never_an_engine_name_and_case_stable(name):
    column = encode(name)
    assert not is_engine_name(column)
    assert column.lower() == column
    assert column.isascii()


@pytest.mark.parametrize("name", ["a", "first_name", "n.name", "count(x)", "x_1"])
def test_plain_names_are_unchanged(name):
    assert encode(name) == name


def test_examples():
    assert encode("Name") == "^name"
    assert encode("  agg#0") == "^{20}^{20}agg^{23}0"
    assert encode("a^b") == "a^{5e}b"


def test_pass_encodes_variables_and_columns_but_not_keys_labels_or_parameters():
    query = parse(
        "MATCH (A:Person {Name: $Param})-[R:KNOWS]->(b) "
        "WITH A, [X IN b.List | X] AS L UNWIND L AS `  agg#0` "
        "RETURN A.Name, `  agg#0` AS Out ORDER BY Out"
    )
    nodes = list(encode_user_names(query).walk())
    variables = {n.name for n in nodes if isinstance(n, ast.Variable)}
    assert {"^a", "^x", "^l", "^{20}^{20}agg^{23}0", "^out"} <= variables
    assert not {"A", "X", "L", "Out"} & variables
    assert {n.key for n in nodes if isinstance(n, ast.Property)} == {"List", "Name"}
    assert {n.name for n in nodes if isinstance(n, ast.Parameter)} == {"Param"}
    patterns = [n for n in nodes if isinstance(n, ast.NodePattern)]
    assert patterns[0].variable == "^a" and patterns[0].labels == ("Person",)
    rels = [n for n in nodes if isinstance(n, ast.RelationshipPattern)]
    assert rels[0].variable == "^r" and rels[0].types == ("KNOWS",)
    items = [n for n in nodes if isinstance(n, ast.ReturnItem)]
    assert [i.name for i in items][-2:] == ["^a.^name", "^out"]
