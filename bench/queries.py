"""The benchmark's queries: each one as Cypher and as hand-written DataFrame code that
answers exactly the same question, with the same columns in the same order.

The baselines are what a competent engineer would write by hand with the DataFrame API
(joins on the edge table, no node joins where no node property is needed), but they follow
Cypher's semantics exactly:

* the graph is a multigraph: each relationship is a separate match (parallel KNOWS
  relationships between the same two persons count twice, as in Cypher);
* relationship uniqueness: within one MATCH pattern the relationships bound to different
  pattern positions are pairwise distinct (``r1.id != r2.id`` ...), even where the data
  makes it redundant (the generator makes no self-loops);
* ``RETURN key, agg(...)`` groups by the returned key (``a.name``), not by the node; names are
  unique in the generated data (they end with the id), so grouping by name, or by id and
  joining the name afterwards, gives the same groups;
* ``avg`` of integers is a float; ``count(x)`` counts non-null x.

``tests/e2e/test_bench_smoke.py`` checks every pair gives identical rows on a small graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyspark.sql import DataFrame
from pyspark.sql import functions as F


@dataclass(frozen=True)
class BenchQuery:
    name: str
    description: str
    cypher: str
    #: baseline(persons, knows, parameters) -> DataFrame with the Cypher result's columns
    baseline: Callable[[DataFrame, DataFrame, dict[str, Any]], DataFrame]
    #: the result has an ORDER BY: rows must also come back in the same order
    ordered: bool = False
    #: only run with --include-varlength
    optional: bool = False
    tags: tuple[str, ...] = field(default=())


# -- (1) 1-hop ---------------------------------------------------------------------------

ONE_HOP = """
MATCH (a:Person {city: $city})-[:KNOWS]->(b:Person)
RETURN a.name AS person, b.name AS friend
"""


def one_hop_baseline(persons: DataFrame, knows: DataFrame, p: dict[str, Any]) -> DataFrame:
    a = persons.filter(F.col("city") == F.lit(p["city"])).select(
        F.col("id").alias("a_id"), F.col("name").alias("person"))
    b = persons.select(F.col("id").alias("b_id"), F.col("name").alias("friend"))
    r = knows.select(F.col("src").alias("a_id"), F.col("dst").alias("b_id"))
    return a.join(r, "a_id").join(b, "b_id").select("person", "friend")


# -- (2) 2-hop with a filter ---------------------------------------------------------------

TWO_HOP = """
MATCH (a:Person)-[:KNOWS]->(b)-[:KNOWS]->(c:Person)
WHERE a.age < $maxStartAge AND c.age > $minAge AND c <> a
RETURN a.name AS person, count(DISTINCT c) AS fof
"""


def two_hop_baseline(persons: DataFrame, knows: DataFrame, p: dict[str, Any]) -> DataFrame:
    a = persons.filter(F.col("age") < F.lit(p["maxStartAge"])).select(
        F.col("id").alias("a_id"), F.col("name").alias("person"))
    r1 = knows.select(F.col("id").alias("r1"), F.col("src").alias("a_id"),
                      F.col("dst").alias("b_id"))
    r2 = knows.select(F.col("id").alias("r2"), F.col("src").alias("b_id"),
                      F.col("dst").alias("c_id"))
    c = persons.filter(F.col("age") > F.lit(p["minAge"])).select(F.col("id").alias("c_id"))
    paths = (
        a.join(r1, "a_id")
        .join(r2, "b_id")
        .filter(F.col("r1") != F.col("r2"))  # relationship uniqueness
        .join(c, "c_id")
        .filter(F.col("c_id") != F.col("a_id"))  # c <> a
    )
    return paths.groupBy("person").agg(F.countDistinct("c_id").alias("fof"))


# -- (3) triangles ---------------------------------------------------------------------------

TRIANGLES = """
MATCH (a)-[:KNOWS]->(b)-[:KNOWS]->(c)-[:KNOWS]->(a)
RETURN count(*) AS triangles
"""


def triangles_baseline(persons: DataFrame, knows: DataFrame, p: dict[str, Any]) -> DataFrame:
    # Every directed 3-cycle is matched once per rotation (a, b, c bind differently), and
    # once per choice among parallel relationships: count(*) counts matches, as here.
    r1 = knows.select(F.col("id").alias("r1"), F.col("src").alias("a"), F.col("dst").alias("b"))
    r2 = knows.select(F.col("id").alias("r2"), F.col("src").alias("b"), F.col("dst").alias("c"))
    r3 = knows.select(F.col("id").alias("r3"), F.col("src").alias("c"), F.col("dst").alias("a"))
    cycles = (
        r1.join(r2, "b")
        .join(r3, ["c", "a"])
        .filter((F.col("r1") != F.col("r2")) & (F.col("r2") != F.col("r3"))
                & (F.col("r1") != F.col("r3")))
    )
    return cycles.agg(F.count(F.lit(1)).alias("triangles"))


# -- (4) aggregation by property -------------------------------------------------------------

BY_CITY = """
MATCH (p:Person)-[:KNOWS]->(f:Person)
RETURN p.city AS city, count(f) AS friends, avg(f.age) AS avgFriendAge
ORDER BY city
"""


def by_city_baseline(persons: DataFrame, knows: DataFrame, p: dict[str, Any]) -> DataFrame:
    src = persons.select(F.col("id").alias("src"), "city")
    dst = persons.select(F.col("id").alias("dst"), "age")
    return (
        knows.select("src", "dst")
        .join(src, "src")
        .join(dst, "dst")
        .groupBy("city")
        .agg(F.count(F.col("dst")).alias("friends"), F.avg("age").alias("avgFriendAge"))
        .orderBy("city")
    )


# -- (5) top-k ----------------------------------------------------------------------------------

TOP_K = """
MATCH ()-[:KNOWS]->(p:Person)
RETURN p.name AS name, count(*) AS followers
ORDER BY followers DESC, name ASC
LIMIT $k
"""


def top_k_baseline(persons: DataFrame, knows: DataFrame, p: dict[str, Any]) -> DataFrame:
    # Aggregating by id before joining the name is the natural hand-written plan; names are
    # unique, so the groups are those of Cypher's grouping by p.name.
    incoming = knows.groupBy(F.col("dst").alias("id")).agg(F.count(F.lit(1)).alias("followers"))
    return (
        incoming.join(persons.select("id", "name"), "id")
        .select("name", "followers")
        .orderBy(F.col("followers").desc(), F.col("name").asc())
        .limit(int(p["k"]))
    )


# -- (6) variable length --------------------------------------------------------------------------

VARLENGTH = """
MATCH (a:Person {id: $x})-[:KNOWS*1..3]->(b)
RETURN count(DISTINCT b) AS reachable
"""

VARLENGTH_6 = VARLENGTH.replace("*1..3", "*1..6")

REACHABLE = VARLENGTH.replace("*1..3", "*")


def bfs_baseline(hops: int | None) -> Callable[[DataFrame, DataFrame, dict[str, Any]], DataFrame]:
    """Breadth-first search with joins over ``hops`` levels (None: until no node is new).

    Cypher's var-length patterns match trails (no relationship twice), but a node reachable
    by a walk of length 1..n is reachable by a trail of length 1..n too (a shortest such
    walk, or a shortest closed walk back to the start, repeats no relationship), so the set
    of distinct end nodes is that of plain BFS. A bounded search is one lazy plan of
    ``distinct`` frontier joins of node ids; an unbounded one must look at each level to
    know when to stop, so it materializes the levels (``localCheckpoint``) and drops the
    nodes reached before."""

    def baseline(persons: DataFrame, knows: DataFrame, p: dict[str, Any]) -> DataFrame:
        edges = knows.select(F.col("src").alias("node"), F.col("dst").alias("next"))
        frontier = persons.filter(F.col("id") == F.lit(p["x"])).select(F.col("id").alias("node"))
        reached = None
        level = 0
        while hops is None or level < hops:
            level += 1
            frontier = frontier.join(edges, "node").select(F.col("next").alias("node")).distinct()
            if hops is None:
                if reached is not None:
                    frontier = frontier.join(reached, "node", "left_anti")
                frontier = frontier.localCheckpoint()
                if frontier.isEmpty():
                    break
            reached = frontier if reached is None else reached.union(frontier)
        return reached.agg(F.countDistinct("node").alias("reachable"))

    return baseline


varlength_baseline = bfs_baseline(3)


QUERIES: list[BenchQuery] = [
    BenchQuery("1-hop", "friends of the persons of one city (list of pairs)", ONE_HOP,
               one_hop_baseline),
    BenchQuery("2-hop", "per young person: distinct friends-of-friends older than X",
               TWO_HOP, two_hop_baseline),
    BenchQuery("triangles", "count of directed 3-cycles a->b->c->a", TRIANGLES,
               triangles_baseline),
    BenchQuery("by-city", "per city: friendships and average friend age, ordered", BY_CITY,
               by_city_baseline, ordered=True),
    BenchQuery("top-k", "the k persons with most incoming KNOWS, ties by name", TOP_K,
               top_k_baseline, ordered=True),
    BenchQuery("varlength", "distinct persons reachable in 1..3 KNOWS hops (BFS)", VARLENGTH,
               varlength_baseline, optional=True),
    BenchQuery("varlength-6", "distinct persons reachable in 1..6 KNOWS hops (BFS)",
               VARLENGTH_6, bfs_baseline(6), optional=True),
    BenchQuery("reachable", "distinct persons reachable in any number of KNOWS hops (BFS)",
               REACHABLE, bfs_baseline(None), optional=True),
]


def select_queries(include_varlength: bool = False,
                   names: list[str] | None = None) -> list[BenchQuery]:
    chosen = [q for q in QUERIES if include_varlength or not q.optional]
    if names:
        chosen = [q for q in chosen if q.name in names]
    return chosen


def choose_parameters(persons: DataFrame, knows: DataFrame) -> dict[str, Any]:
    """Query parameters picked from the data (deterministically), so that small graphs give
    non-empty answers too: the most populous city, the source with most relationships.
    ``maxStartAge`` 25 keeps ~10% of the persons (ages 18-24) as 2-hop starting points."""
    city = (
        persons.groupBy("city").count()
        .orderBy(F.col("count").desc(), F.col("city").asc())
        .first()["city"]
    )
    x = (
        knows.groupBy("src").count()
        .orderBy(F.col("count").desc(), F.col("src").asc())
        .first()["src"]
    )
    return {"city": city, "maxStartAge": 25, "minAge": 40, "k": 10, "x": int(x)}
