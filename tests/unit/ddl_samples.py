"""Graph DDL texts shared by the DDL parser and resolver tests."""

ISSUE_EXAMPLE = """\
SET SCHEMA hive.customers;
CREATE GRAPH TYPE crm (
  Customer (customerIdx INTEGER, name STRING) KEY ck (customerIdx),
  Rep (empNo INTEGER, empName STRING),
  Interaction (interactionId INTEGER, type STRING),
  SERVED_BY,
  (Customer), (Rep), (Interaction),
  (Interaction)-[SERVED_BY]->(Rep)
)
CREATE GRAPH crm_now OF crm (
  (Customer) FROM customers,
  (Rep) FROM reps,
  (Interaction) FROM interactions,
  (Interaction)-[SERVED_BY]->(Rep) FROM served_by edge
    START NODES (Interaction) FROM interactions i JOIN ON i.interactionId = edge.interactionId
    END NODES (Rep) FROM reps r JOIN ON r.empNo = edge.empNo
)
"""
