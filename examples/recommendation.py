"""Product recommendations from two graphs (run: .venv/bin/python examples/recommendation.py).

A social graph (people who are friends) and a purchases graph (customers who bought
products) come from different tables and know nothing of each other. One CONSTRUCT query
matches people and customers with the same name across both graphs and builds a new graph
holding both, linked by IS relationships. Queries on that graph then recommend to each
person the products their friends bought.
"""

from __future__ import annotations

import sys

from example_support import show, start_session

from graphframe_cypher import CypherSession, NodeTable, RelationshipTable


def social_graph(session: CypherSession):
    spark = session.spark
    people = spark.createDataFrame(
        [(0, "Alice", 42), (1, "Bob", 23), (2, "Carol", 35), (3, "Eve", 31)],
        "id long, name string, age long",
    )
    friends = spark.createDataFrame(
        [(0, 0, 1, 2013), (1, 1, 2, 2016), (2, 2, 3, 2018)],
        "id long, src long, dst long, since long",
    )
    return session.read_from(
        NodeTable(people, labels="Person"),
        RelationshipTable(friends, type="FRIEND_OF", source="src", target="dst"),
    )


def purchases_graph(session: CypherSession):
    spark = session.spark
    # Ids 0, 1, ... again: the graphs' elements must still never be confused.
    customers = spark.createDataFrame(
        [(0, "Alice"), (1, "Bob"), (2, "Carol"), (3, "Dave")], "id long, name string"
    )
    products = spark.createDataFrame(
        [
            (10, "Dune", "book"),
            (11, "Matrix", "film"),
            (12, "Chess set", "game"),
            (13, "Dune", "film"),
        ],
        "id long, title string, category string",
    )
    bought = spark.createDataFrame(
        [(0, 0, 12, 5), (1, 1, 10, 4), (2, 2, 11, 5), (3, 2, 13, 3), (4, 3, 10, 5)],
        "id long, customer long, product long, rating long",
    )
    return session.read_from(
        NodeTable(customers, labels="Customer"),
        NodeTable(products, labels="Product"),
        RelationshipTable(bought, type="BOUGHT", source="customer", target="product"),
    )


def main(session: CypherSession | None = None) -> int:
    session = start_session(session)
    session.catalog.store("social", social_graph(session))
    session.catalog.store("purchases", purchases_graph(session))
    print(f"Catalog: {', '.join(session.catalog.names())}\n")

    result = show(
        "Link people to the customers of the same name, in a new graph",
        session,
        """
        FROM GRAPH session.social
        MATCH (p:Person)
        FROM GRAPH session.purchases
        MATCH (c:Customer)
        WHERE p.name = c.name
        CONSTRUCT ON session.social, session.purchases
          CREATE (c)-[:IS]->(p)
        RETURN GRAPH
        """,
    )
    session.catalog.store("recommendations", result.graph)

    show(
        "Who is who in both graphs",
        session,
        """
        FROM GRAPH session.recommendations
        MATCH (c:Customer)-[:IS]->(p:Person)
        RETURN p.name AS person, p.age AS age, id(c) <> id(p) AS different_elements
        ORDER BY person
        """,
    )
    show(
        "Products friends bought and liked",
        session.catalog.graph("recommendations"),
        """
        MATCH (person:Person)-[:FRIEND_OF]-(friend:Person)<-[:IS]-(:Customer)
              -[b:BOUGHT]->(product:Product)
        WHERE b.rating >= 4
        RETURN person.name AS person, product.title AS recommendation,
               product.category AS category, collect(friend.name) AS bought_by
        ORDER BY person, recommendation
        """,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
