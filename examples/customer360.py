"""A customer-360 graph from Hive views and a Graph DDL file
(run: .venv/bin/python examples/customer360.py).

The insurer's interaction log (../shared/data/customer-interactions, one flat CSV) is loaded
into a Hive table of the database `customers`; Hive views then give one table per node type
(Interaction, Customer, CustomerRep, Policy, AccountHolder) and per relationship type.
customer360.ddl maps those views to a graph, which Cypher queries: the customers and the reps
with the most cancellations and complaints. A CONSTRUCT builds a graph of only the problematic
interactions; it is stored as Parquet files, read back and queried in turn.

Run on its own, the example starts a Hive-enabled local session whose metastore and warehouse
live in a temporary folder (see example_support.hive_directory); re-runs replace the table and
the views.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from example_support import print_hive_tables, shared_data, show, start_session

from graphframe_cypher import CypherSession

DATABASE = "customers"
CSV_SCHEMA = (
    "interactionId INT, date STRING, customerIdx INT, empNo INT, empName STRING, "
    "type STRING, outcomeScore STRING, accountHolderId STRING, policyAccountNumber STRING, "
    "customerId STRING, customerName STRING"
)
# One view per node type and per relationship type, over the loaded CSV (`interactions_csv`).
VIEWS = {
    "interactions": "SELECT interactionId, date, type, outcomeScore",
    "customers": "SELECT DISTINCT customerId, customerName",
    "customer_reps": "SELECT DISTINCT empNo, empName",
    "policies": "SELECT DISTINCT policyAccountNumber",
    "account_holders": "SELECT DISTINCT accountHolderId",
    "has_customer": "SELECT interactionId, customerId",
    "has_customer_rep": "SELECT interactionId, empNo",
    "has_policy": "SELECT interactionId, policyAccountNumber",
    "has_account_holder": "SELECT interactionId, accountHolderId",
}
PROBLEMS = ["cancel", "complaint"]


def load_into_hive(session: CypherSession) -> None:
    """The CSV as the Hive table customers.interactions_csv, and the views over it."""
    spark = session.spark
    path = shared_data("customer-interactions", "customer-interactions.csv")
    # (IF NOT EXISTS alone would still make the metastore log an error with its trace.)
    if not spark.catalog.databaseExists(DATABASE):
        spark.sql(f"CREATE DATABASE IF NOT EXISTS {DATABASE}")
    rows = spark.read.csv(str(path), header=True, schema=CSV_SCHEMA)
    rows.write.mode("overwrite").saveAsTable(f"{DATABASE}.interactions_csv")
    for view, select in VIEWS.items():
        spark.sql(
            f"CREATE OR REPLACE VIEW {DATABASE}.{view} AS {select} FROM {DATABASE}.interactions_csv"
        )


def main(session: CypherSession | None = None) -> int:
    session = start_session(session, hive=True)
    load_into_hive(session)
    print_hive_tables(session, DATABASE)
    register_crm(session)
    graph = session.catalog.graph("crm.interactions")
    print(graph.schema, end="\n\n")

    show(
        "Interactions by type",
        session,
        """
        FROM GRAPH crm.interactions
        MATCH (i:Interaction)
        RETURN i.type AS type, count(*) AS interactions
        ORDER BY interactions DESC, type
        """,
    )
    top_customers = show(
        "The customers with the most cancellations and complaints",
        session,
        """
        FROM GRAPH crm.interactions
        MATCH (c:Customer)<-[:HAS_CUSTOMER]-(i:Interaction)
        WHERE i.type IN $problems
        RETURN c.name AS customer, c.customerId AS id,
               count(CASE WHEN i.type = 'cancel' THEN 1 END) AS cancellations,
               count(CASE WHEN i.type = 'complaint' THEN 1 END) AS complaints,
               count(*) AS problems
        ORDER BY problems DESC, customer
        LIMIT 10
        """,
        {"problems": PROBLEMS},
    )
    show(
        "The reps with the most cancellations and complaints",
        session,
        """
        FROM GRAPH crm.interactions
        MATCH (r:CustomerRep)<-[:HAS_CUSTOMER_REP]-(i:Interaction)
        WHERE i.type IN $problems
        RETURN r.name AS rep, r.empNo AS empNo,
               count(CASE WHEN i.type = 'cancel' THEN 1 END) AS cancellations,
               count(CASE WHEN i.type = 'complaint' THEN 1 END) AS complaints,
               count(*) AS problems
        ORDER BY problems DESC, rep
        LIMIT 10
        """,
        {"problems": PROBLEMS},
    )
    save_result_to_hive(session, top_customers)

    problems = show(
        "A graph of only the problematic interactions",
        session,
        """
        FROM GRAPH crm.interactions
        MATCH (c:Customer)<-[hc:HAS_CUSTOMER]-(i:Interaction),
              (i)-[hr:HAS_CUSTOMER_REP]->(r:CustomerRep),
              (i)-[hp:HAS_POLICY]->(p:Policy)
        WHERE i.type IN $problems
        CONSTRUCT
          CLONE c, i, r, p, hc, hr, hp
        RETURN GRAPH
        """,
        {"problems": PROBLEMS},
    )
    with tempfile.TemporaryDirectory(prefix="customer360-") as root:
        store_and_query(session, problems.graph, root)
    return 0


def register_crm(session: CypherSession) -> None:
    """The graphs of customer360.ddl under the namespace `crm`."""
    from graphframe_cypher.sources import SqlGraphSource

    ddl = Path(__file__).with_suffix(".ddl")
    source = SqlGraphSource(ddl)
    session.register_source("crm", source)
    print(f"Graph DDL {ddl.name} registered as `crm`: graphs {', '.join(source.graph_names())}")


def save_result_to_hive(session: CypherSession, result) -> None:
    """Query results are DataFrames: they go back to Hive with the usual writer."""
    table = f"{DATABASE}.top_problem_customers"
    result.records.df.write.mode("overwrite").saveAsTable(table)
    count = session.spark.table(table).count()
    print(f"Saved the table above to the Hive table {table} ({count} rows).\n")


def store_and_query(session: CypherSession, problems, root: str) -> None:
    """Stores the graph of problems as Parquet files under ``root``, reads it back and asks
    which reps had problems with the same customer more than once."""
    from graphframe_cypher.sources import FileGraphSource

    session.register_source("fs", FileGraphSource(root, format="parquet"))
    session.catalog.store("fs.problems", problems)
    print(f"Stored the graph as fs.problems under {root}; read back:")
    print(session.catalog.graph("fs.problems").schema, end="\n\n")
    show(
        "The stored graph's interactions",
        session,
        """
        FROM GRAPH fs.problems
        MATCH (i:Interaction)
        OPTIONAL MATCH (i)-[:HAS_CUSTOMER]->(c:Customer)
        OPTIONAL MATCH (i)-[:HAS_CUSTOMER_REP]->(r:CustomerRep)
        OPTIONAL MATCH (i)-[:HAS_POLICY]->(p:Policy)
        RETURN i.type AS type, count(i) AS interactions, count(c) AS withCustomer,
               count(r) AS withRep, count(p) AS withPolicy
        ORDER BY type
        """,
    )
    show(
        "Reps who had problems with the same customer more than once",
        session,
        """
        FROM GRAPH fs.problems
        MATCH (r:CustomerRep)<-[:HAS_CUSTOMER_REP]-(i:Interaction)-[:HAS_CUSTOMER]->(c:Customer)
        WITH r, c, count(i) AS problems,
             count(CASE WHEN i.type = 'cancel' THEN 1 END) AS cancellations
        WHERE problems > 1
        RETURN r.name AS rep, c.name AS customer, problems, cancellations
        ORDER BY problems DESC, rep, customer
        LIMIT 10
        """,
    )
    show(
        "Policies with more than one problem",
        session,
        """
        FROM GRAPH fs.problems
        MATCH (p:Policy)<-[:HAS_POLICY]-(i:Interaction)-[:HAS_CUSTOMER]->(c:Customer)
        WITH p, c, count(i) AS problems
        WHERE problems > 1
        RETURN p.policyAccountNumber AS policy, c.name AS customer, problems
        ORDER BY problems DESC, policy
        LIMIT 5
        """,
    )
    session.catalog.deregister_source("fs")


if __name__ == "__main__":
    sys.exit(main())
