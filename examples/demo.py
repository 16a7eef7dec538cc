"""A tour of graphframe-cypher on the bundled sample social graph (run: make demo).

Starts Spark locally, loads the sample graph (people who KNOW each other and WORK_AT
companies) and prints a few Cypher queries with their results. ``--embedded`` runs them on
the embedded DuckDB engine instead (no Java, no Spark; needs the ``duckdb`` extra).
"""

from __future__ import annotations

import sys
import time

from graphframe_cypher import CypherSession
from graphframe_cypher.cli import filtered_child_stderr, quiet_spark_logging
from graphframe_cypher.sample import DESCRIPTION, load_sample_graph

QUERIES = [
    (
        "Who knows whom (1 hop)",
        """
        MATCH (a:Person)-[k:KNOWS]->(b:Person)
        RETURN a.name AS person, b.name AS knows, k.since AS since
        ORDER BY person, knows
        LIMIT 6
        """,
    ),
    (
        "A filter: people over 35 outside Paris",
        """
        MATCH (p:Person)
        WHERE p.age > 35 AND p.city <> 'Paris'
        RETURN p.name AS name, p.age AS age, p.city AS city
        ORDER BY age DESC
        """,
    ),
    (
        "Aggregation: the biggest employers",
        """
        MATCH (p:Person)-[:WORKS_AT]->(c:Company)
        RETURN c.name AS company, count(p) AS employees, avg(p.age) AS average_age
        ORDER BY employees DESC, company
        LIMIT 3
        """,
    ),
    (
        "Friends of friends of Alice (2 hops)",
        """
        MATCH (me:Person {name: 'Alice'})-[:KNOWS]->(friend:Person)-[:KNOWS]->(fof:Person)
        WHERE fof <> me
        RETURN fof.name AS friend_of_friend, collect(friend.name) AS via
        ORDER BY friend_of_friend
        """,
    ),
    (
        "People per city",
        """
        MATCH (p:Person)
        RETURN p.city AS city, count(*) AS people, collect(p.name) AS names
        ORDER BY people DESC, city
        """,
    ),
]


def main(session: CypherSession | None = None, embedded: bool = False) -> int:
    started = time.perf_counter()
    engine = "DuckDB" if embedded else "Spark"
    if session is None and embedded:
        session = CypherSession.embedded()
    elif session is None:
        quiet_spark_logging()  # keep Spark's start-up chatter off the console
        with filtered_child_stderr():
            session = CypherSession.local()
    graph = load_sample_graph(session)
    print(f"{engine} started and the sample graph loaded in {time.perf_counter() - started:.1f}s")
    print(f"The {DESCRIPTION}\n")

    for title, query in QUERIES:
        text = "\n".join(line.strip() for line in query.strip().splitlines())
        print(f"== {title}")
        print(text)
        result = graph.cypher(text)
        result.records.show()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(embedded="--embedded" in sys.argv[1:]))
