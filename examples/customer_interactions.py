"""Customers, their interactions and the reps who handled them
(run: .venv/bin/python examples/customer_interactions.py).

The data is one flat CSV of 2,001 logged interactions between an insurer's customers and
its customer representatives (../shared/data/customer-interactions). Three node tables
(Interaction, Customer, CustomerRep) and two relationship tables are defined over it with
DataFrame operations; Cypher then finds the customers with the most cancellations, and a
CONSTRUCT builds a smaller graph of which rep lost which customer, queried in turn.
"""

from __future__ import annotations

import sys

from example_support import shared_data, show, start_session

from graphframe_cypher import CypherSession, NodeTable, RelationshipTable

SCHEMA = (
    "interactionId long, date string, customerIdx long, empNo long, empName string, "
    "type string, outcomeScore string, accountHolderId string, policyAccountNumber string, "
    "customerId string, customerName string"
)
# Node ids are global in a graph: each node table gets its own range.
CUSTOMER_IDS = 1_000_000
REP_IDS = 2_000_000


def interaction_graph(session: CypherSession):
    from pyspark.sql import functions as F

    path = shared_data("customer-interactions", "customer-interactions.csv")
    rows = session.spark.read.csv(str(path), header=True, schema=SCHEMA)
    interactions = rows.select(F.col("interactionId").alias("id"), "date", "type", "outcomeScore")
    customers = rows.select(
        (F.col("customerIdx") + CUSTOMER_IDS).alias("id"),
        "customerId",
        F.col("customerName").alias("name"),
    ).dropDuplicates(["id"])
    reps = rows.select(
        (F.col("empNo") + REP_IDS).alias("id"), "empNo", F.col("empName").alias("name")
    ).dropDuplicates(["id"])
    has_customer = rows.select(
        F.col("interactionId").alias("id"),
        F.col("interactionId").alias("src"),
        (F.col("customerIdx") + CUSTOMER_IDS).alias("dst"),
    )
    has_rep = rows.select(
        (F.col("interactionId") + REP_IDS).alias("id"),
        F.col("interactionId").alias("src"),
        (F.col("empNo") + REP_IDS).alias("dst"),
    )
    return session.read_from(
        NodeTable(interactions, labels="Interaction"),
        NodeTable(customers, labels="Customer"),
        NodeTable(reps, labels="CustomerRep"),
        RelationshipTable(has_customer, type="HAS_CUSTOMER", source="src", target="dst"),
        RelationshipTable(has_rep, type="HAS_CUSTOMER_REP", source="src", target="dst"),
    )


def main(session: CypherSession | None = None) -> int:
    session = start_session(session)
    session.catalog.store("interactions", interaction_graph(session))
    print(session.catalog.graph("interactions").schema, end="\n\n")

    show(
        "Interactions by type",
        session,
        """
        FROM GRAPH session.interactions
        MATCH (i:Interaction)
        RETURN i.type AS type, count(*) AS interactions
        ORDER BY interactions DESC, type
        """,
    )
    show(
        "The customers with the most cancellations",
        session,
        """
        FROM GRAPH session.interactions
        MATCH (c:Customer)<-[:HAS_CUSTOMER]-(i:Interaction)
        WHERE i.type = 'cancel'
        RETURN c.name AS customer, c.customerId AS id, count(i) AS cancellations
        ORDER BY cancellations DESC, customer
        LIMIT 5
        """,
    )
    lost = show(
        "A graph of the customers each rep saw cancel",
        session,
        """
        FROM GRAPH session.interactions
        MATCH (c:Customer)<-[:HAS_CUSTOMER]-(i:Interaction)-[:HAS_CUSTOMER_REP]->(r:CustomerRep)
        WHERE i.type = 'cancel'
        CONSTRUCT
          CLONE c, r
          CREATE (r)-[:LOST {date: i.date, outcome: i.outcomeScore}]->(c)
        RETURN GRAPH
        """,
    )
    show(
        "Reps who lost the most customers",
        lost.graph,
        """
        MATCH (r:CustomerRep)-[l:LOST]->(c:Customer)
        RETURN r.name AS rep, count(DISTINCT c) AS customers, count(l) AS cancellations
        ORDER BY cancellations DESC, rep
        LIMIT 5
        """,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
