"""Semantic analysis driven by real query text (through graphframe_cypher.parser)."""

from __future__ import annotations

import pytest

from graphframe_cypher import errors
from graphframe_cypher.semantic import Kind, analyze

parser = pytest.importorskip("graphframe_cypher.parser")
if not hasattr(parser, "parse"):
    pytest.skip("graphframe_cypher.parser.parse not available yet", allow_module_level=True)


def analyze_text(text: str):
    return analyze(parser.parse(text))


# Valid Cypher in the style of the Neo4j manual: none of these may be rejected.
VALID = [
    "MATCH (actor:Person {name: 'Charlie Sheen'})-[:ACTED_IN]->(movie:Movie) "
    "RETURN actor{.name, .realName, movies: collect(movie{.title, .released})}",
    "MATCH (n) RETURN n.name AS name, count(*) AS c ORDER BY c DESC LIMIT 10",
    "MATCH (n) WITH n, count(*) AS c WHERE c > 1 RETURN n",
    "MATCH (n) WITH n.x AS x, collect(n) AS ns WHERE size(ns) > 1 RETURN x",
    "MATCH (a)-[r:KNOWS*1..3]->(b) "
    "RETURN a, b, size(r), length(r), last(r).since, r[0].since, [x IN r | x.since]",
    "RETURN $param.name",
    "RETURN {a: 1}.a",
    "RETURN date().year, datetime().epochMillis, duration.between(date(), date()).days",
    "RETURN [1,2,3][0], [1,2,3][1..2]",
    "UNWIND [1,2,3] AS x WITH x WHERE x > 1 RETURN x",
    "MATCH p = shortestPath((a:A)-[*]-(b:B)) RETURN p, length(p), nodes(p), relationships(p)",
    "MATCH (n) WHERE n.name STARTS WITH 'A' AND n.age > 3 OR NOT n:Foo RETURN n",
    "MATCH (n) SET n += {a: 1}, n:Label, n.x = n.x + 1",
    "MATCH (n) SET n = $props",
    "MATCH (n) DETACH DELETE n",
    "MATCH p = ()-->() DELETE p",
    "MATCH (n) WITH collect(n) AS ns UNWIND ns AS n DELETE n",
    "MATCH (n) RETURN n ORDER BY n.name SKIP 10 LIMIT 5",
    "MATCH (n) RETURN count(DISTINCT n.x)",
    "MATCH (a) OPTIONAL MATCH (a)-[r]->(b) RETURN a, collect(b) AS bs",
    "WITH 1 AS x RETURN x, x + 1",
    "RETURN CASE WHEN true THEN 1 END AS x",
    "MATCH (a:A) MERGE (a)-[:R]->(b:B {x: 1}) ON CREATE SET b.created = timestamp() RETURN b",
    "MATCH (a), (b) WHERE id(a) = 1 AND id(b) = 2 CREATE (a)-[r:KNOWS {since: 2020}]->(b) RETURN r",
    "CREATE (a:A {name: 'x'})-[:R]->(b:B), (a)-[:S]->(c:C) RETURN a, b, c",
    "MATCH (n) RETURN n.name, exists(n.age)",
    "MATCH (n) WHERE exists((n)-->()) RETURN n",
    "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) WHERE m.x > 1 } RETURN n",
    "MATCH (n) RETURN [(n)-->(m) WHERE m.x > 1 | m.name] AS names",
    "MATCH (n) RETURN size([(n)-->() | 1]) AS degree",
    "MATCH (n) WITH n ORDER BY n.name LIMIT 1 RETURN n",
    "MATCH (n) RETURN DISTINCT n.name AS name ORDER BY name",
    "MATCH (n) RETURN n.name, count(*) ORDER BY count(*) DESC",
    "MATCH (a)-->(b) WITH a, count(b) AS deg RETURN avg(deg), max(deg)",
    "MATCH (n) WITH n, [x IN range(1, 10) WHERE x % 2 = 0] AS evens RETURN n, evens",
    "MATCH (n) RETURN reduce(acc = 0, x IN [1, 2, 3] | acc + x) AS total",
    "MATCH (n) RETURN any(x IN n.list WHERE x > 1), all(x IN [1,2] WHERE x > 0)",
    "MATCH (n) RETURN n { .*, degree: size([(n)--() | 1]) }",
    "UNWIND $rows AS row MERGE (n:Person {id: row.id}) SET n += row.props",
    "MATCH (n) WITH n.age AS age, count(*) AS c RETURN age, c ORDER BY age",
    "MATCH (a)-[r]->(b) RETURN type(r), startNode(r) = a, endNode(r), properties(r), keys(a)",
    "MATCH (n) RETURN labels(n), toString(n.x), toInteger('1'), toFloat('1.5'), toBoolean('true')",
    "MATCH (n) WITH n SKIP 1 LIMIT 2 RETURN n",
    "MATCH (n) RETURN n.name AS name UNION MATCH (m) RETURN m.title AS name",
    "RETURN 1 AS a, 2 AS b UNION RETURN 2 AS b, 1 AS a",
    "MATCH (n) WITH * RETURN *",
    "MATCH (n) WITH n AS m MATCH (m)-->(o) RETURN o",
    "MATCH (n) WITH head(collect(n)) AS first MATCH (first)-->(o) RETURN o",
    "MATCH ()-[r]->() WITH collect(r) AS rs MATCH p = ()-[rs*]->() RETURN p",
    "MATCH (n) RETURN n.x + count(*) AS bad_in_neo4j_but_grouped_by_n_x, n.x",
    "MATCH (n) RETURN n, count(*) + 1 AS c",
    "MATCH (a)--(b) RETURN a.name, collect(b.name)[0..3] AS top",
    "MATCH (n) REMOVE n:Foo, n.prop RETURN n",
    "MATCH (n) WITH n WHERE n.x IS NOT NULL RETURN n.x ORDER BY n.x",
    "MATCH (n) RETURN n.x AS x ORDER BY n.y",
    "MATCH (a)-[:R]->(b) WITH a, collect(b) AS bs UNWIND bs AS b RETURN a, b",
    "MATCH (n) CALL test.doNothing() RETURN n",
    "CALL test.labels() YIELD label WHERE label <> 'x' RETURN label",
    "MATCH (n) RETURN count(*) AS c, collect(n.name) AS names, sum(n.x) / count(*) AS avg",
    "MATCH (n) RETURN percentileCont(n.x, 0.5), percentileDisc(n.x, 0.5), stDev(n.x)",
    "WITH [1, 2, 3] AS list "
    "RETURN list[1], list[-1], size(list), head(list), tail(list), last(list)",
    "WITH {a: 1, b: [1,2]} AS m RETURN m.a, m['b'], keys(m)",
    "MATCH (n) WHERE n.name =~ 'A.*' AND n.name CONTAINS 'x' AND n.name ENDS WITH 'y' RETURN n",
    "MATCH (n:Person) WHERE n.age IN [1, 2, 3] RETURN n",
    "MATCH (n) RETURN coalesce(n.a, n.b, 'default'), nullIf(n.a, 1)",
    "MATCH (n) RETURN n.x ^ 2, -n.x, +n.x, n.x % 3, n.x / 2.0",
    "MATCH (n) RETURN date(n.d) + duration('P1D'), datetime(n.d) - duration({days: 1})",
    "MATCH (a) MATCH (a)-[r]->(b) MATCH (b)-[r2]->(c) WHERE r <> r2 RETURN c",
    "MATCH (n) RETURN n ORDER BY n.x DESC, n.y ASC",
    "MATCH (n) OPTIONAL MATCH (n)-[r]->() WITH n, r WHERE r IS NULL RETURN n",
    "MATCH (n) WITH n.name AS name, n ORDER BY n.age RETURN name",
    "UNWIND range(1, 3) AS i CREATE (:N {i: i})",
    "MATCH (n) RETURN toUpper(n.name), substring(n.name, 0, 3), "
    "replace(n.name, 'a', 'b'), split(n.name, ',')",
    "MATCH (n) WITH n, rand() AS r ORDER BY r RETURN n",
    "MATCH (n) RETURN collect(DISTINCT n.label) AS labels",
    "MERGE (a:A {id: 1}) MERGE (b:B {id: 2}) MERGE (a)-[:R]->(b)",
    "MATCH (a {id: 1}), (b {id: 2}) MERGE (a)-[r:R]-(b) RETURN r",
    "MATCH (n) WITH n LIMIT 10 MATCH (n)-->(m) RETURN m",
    "MATCH (n) WHERE n.x > 1 WITH n.x AS x RETURN x, count(*) AS c",
    "MATCH (n) RETURN n.a AS a, sum(n.b) AS s ORDER BY s DESC, a",
    "MATCH (n) WITH DISTINCT n.label AS l RETURN l",
    "MATCH (n) RETURN n.x AS x, n.x * count(*) AS y",
    "MATCH (n) WITH n, n.x AS x WITH x, count(n) AS c RETURN x, c",
]


@pytest.mark.parametrize("text", VALID)
def test_valid_queries_are_accepted(text):
    analyze_text(text)


# (query, error class, code, line, column of the offending token)
INVALID = [
    ("MATCH (a)\nRETURN foo", errors.CypherSyntaxError, "UndefinedVariable", 2, 8),
    (
        "MATCH ()-[r]-()\nMATCH (r)\nRETURN r",
        errors.CypherSyntaxError,
        "VariableTypeConflict",
        2,
        8,
    ),
    (
        "MATCH (a)-[r]->()-[r]->(a) RETURN r",
        errors.CypherSyntaxError,
        "RelationshipUniquenessViolation",
        1,
        20,
    ),
    ("MATCH p = (p)-[]-() RETURN p", errors.CypherSyntaxError, "VariableAlreadyBound", 1, 7),
    ("MATCH (a)\nCREATE (a)", errors.CypherSyntaxError, "VariableAlreadyBound", 2, 9),
    (
        "MATCH ()-[r]->()\nCREATE ()-[r]->()",
        errors.CypherSyntaxError,
        "VariableAlreadyBound",
        2,
        12,
    ),
    ("MATCH (n) WHERE (n)-[r]->(a) RETURN n", errors.CypherSyntaxError, "UndefinedVariable", 1, 22),
    ("MATCH (n) RETURN n SKIP n.count", errors.CypherSyntaxError, "NonConstantExpression", 1, 25),
    ("MATCH (n) RETURN n LIMIT -1", errors.CypherSyntaxError, "NegativeIntegerArgument", 1, 26),
    ("MATCH (n) RETURN n LIMIT 1.5", errors.CypherSyntaxError, "InvalidArgumentType", 1, 26),
    ("RETURN 1 AS a, 2 AS a", errors.CypherSyntaxError, "ColumnNameConflict", 1, 16),
    ("MATCH (a) WITH a, count(*) RETURN a", errors.CypherSyntaxError, "NoExpressionAlias", 1, 19),
    ("RETURN NOT 1", errors.CypherSyntaxError, "InvalidArgumentType", 1, 12),
    ("MATCH p = (a) RETURN labels(p) AS l", errors.CypherSyntaxError, "InvalidArgumentType", 1, 29),
    (
        "MATCH (me)--(you) RETURN me.age + count(you.age)",
        errors.CypherSyntaxError,
        "AmbiguousAggregationExpression",
        1,
        26,
    ),
    ("CREATE ()-[:A|:B]->()", errors.CypherSyntaxError, "NoSingleRelationshipType", 1, 10),
    ("CREATE (a)-[:FOO]-(b)", errors.CypherSyntaxError, "RequiresDirectedRelationship", 1, 11),
    ("MATCH (n $param) RETURN n", errors.CypherSyntaxError, "InvalidParameterUse", 1, 10),
    (
        "RETURN 1 AS a UNION RETURN 2 AS b",
        errors.CypherSyntaxError,
        "DifferentColumnsInUnion",
        1,
        21,
    ),
    ("MATCH (n) DELETE n:Person", errors.CypherSyntaxError, "InvalidDelete", 1, 18),
    ("RETURN count(count(*))", errors.CypherSyntaxError, "NestedAggregation", 1, 14),
    ("RETURN count(rand())", errors.CypherSyntaxError, "NonConstantExpression", 1, 14),
    ("MATCH (a) RETURN foo(a)", errors.CypherSyntaxError, "UnknownFunction", 1, 18),
    ("MATCH () RETURN *", errors.CypherSyntaxError, "NoVariablesInScope", 1, 10),
    ("MATCH (n)", errors.CypherSyntaxError, "InvalidClauseComposition", 1, 1),
    (
        "WITH 4.7 AS list, 0 AS idx\nRETURN list[idx]",
        errors.CypherTypeError,
        "InvalidArgumentType",
        2,
        8,
    ),
]


@pytest.mark.parametrize("text, error_class, code, line, column", INVALID)
def test_invalid_queries_raise_the_tck_error_at_the_offending_token(
    text, error_class, code, line, column
):
    with pytest.raises(error_class) as info:
        analyze_text(text)
    assert info.value.code == code, str(info.value)
    assert (info.value.line, info.value.column) == (line, column), str(info.value)
    assert text.splitlines()[line - 1] in str(info.value)  # the query text is attached


def test_scopes_of_a_parsed_query():
    analysis = analyze_text(
        "MATCH p = (a)-[r:KNOWS*1..2]->(b)\n"
        "WITH a, r, p, b.name AS name\n"
        "UNWIND r AS rel\n"
        "RETURN a, name, rel, p"
    )
    assert analysis.columns == ("a", "name", "rel", "p")
    (first, after_match), (_, after_with), (_, after_unwind), _ = analysis.parts[0].clauses
    assert after_match.kinds() == {
        "a": Kind.NODE,
        "r": Kind.RELATIONSHIP,
        "b": Kind.NODE,
        "p": Kind.PATH,
    }
    assert after_match["r"].var_length
    assert after_with.names() == ("a", "r", "p", "name")
    assert after_unwind["rel"].kind is Kind.RELATIONSHIP  # element of a list of relationships


def test_union_columns_may_come_in_any_order():
    analysis = analyze_text("RETURN 1 AS a, 2 AS b UNION ALL RETURN 2 AS b, 1 AS a")
    assert analysis.columns == ("a", "b") and analysis.union_all is True
    assert analysis.parts[1].columns == ("b", "a")


def test_projection_details_for_the_planner():
    analysis = analyze_text("MATCH (a)-->(b) WITH a, count(b) AS n RETURN DISTINCT *")
    part = analysis.parts[0]
    assert part.projections[0] is None
    with_projection, return_projection = part.projections[1], part.projections[2]
    assert with_projection.aggregating and not with_projection.distinct
    assert with_projection.columns == ("a", "n")
    assert return_projection.distinct and return_projection.columns == ("a", "n")
    assert analysis.columns == ("a", "n")
