"""Mutated Graph DDL never escapes as anything but a GraphDdlError with a position: the
parser and resolver meet deleted, duplicated and foreign tokens in every place of real
DDL files. ``GRAPHFRAME_CYPHER_FUZZ=N`` runs N mutations instead of the default."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
from ddl_samples import ISSUE_EXAMPLE

from graphframe_cypher.ddl import parse_ddl, resolve_ddl
from graphframe_cypher.errors import GraphDdlError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SOURCES = [ISSUE_EXAMPLE] + [p.read_text() for p in sorted(EXAMPLES.glob("*.ddl"))]
FOREIGN = ["(", ")", ",", "-[", "]->", "FROM", "KEY", "EXTENDS", "OF", "--", "`", "'", "?", "x y"]
RUNS = int(os.environ.get("GRAPHFRAME_CYPHER_FUZZ", "400"))


def mutate(text: str, rng: random.Random) -> str:
    tokens = re.findall(r"\s+|\w+|[^\w\s]", text)
    i = rng.randrange(len(tokens))
    action = rng.choice(("delete", "duplicate", "insert", "swap"))
    if action == "delete":
        del tokens[i]
    elif action == "duplicate":
        tokens.insert(i, tokens[i])
    elif action == "insert":
        tokens.insert(i, rng.choice(FOREIGN))
    else:
        j = rng.randrange(len(tokens))
        tokens[i], tokens[j] = tokens[j], tokens[i]
    return "".join(tokens)


@pytest.mark.parametrize("source_index", range(len(SOURCES)))
def test_mutated_ddl_fails_only_with_positioned_ddl_errors(source_index):
    rng = random.Random(source_index)
    errors = 0
    for _ in range(RUNS):
        text = mutate(SOURCES[source_index], rng)
        try:
            resolve_ddl(parse_ddl(text))
        except GraphDdlError as error:
            errors += 1
            assert error.line is not None and error.line >= 1, (text, error)
            assert error.column is not None and error.column >= 1, (text, error)
    assert errors > RUNS // 4  # the mutations do break the DDL
