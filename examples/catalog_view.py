"""A catalog view over two graphs (run: .venv/bin/python examples/catalog_view.py).

Two offices keep their staff as separate graphs. A parameterised view defines, once, how
to combine any two such graphs: people of both who share a skill get a CAN_HELP link.
The view is expanded wherever it is used with graph arguments; its result can be queried,
stored in the catalog like any graph, and dropped again.
"""

from __future__ import annotations

import sys

from example_support import show, start_session

from graphframe_cypher import CypherSession

BERLIN = """
CREATE (b:Employee {name: 'Ben', skill: 'cypher'}),
       (:Employee {name: 'Anna', skill: 'spark'})-[:REPORTS_TO]->(b),
       (:Employee {name: 'Clara', skill: 'python'})-[:REPORTS_TO]->(b)
"""
LISBON = """
CREATE (e:Employee {name: 'Eva', skill: 'spark'}),
       (:Employee {name: 'Diogo', skill: 'cypher'})-[:REPORTS_TO]->(e),
       (:Employee {name: 'Filipa', skill: 'scala'})-[:REPORTS_TO]->(e)
"""


def main(session: CypherSession | None = None) -> int:
    session = start_session(session)
    session.catalog.store("berlin", session.create_graph(BERLIN))
    session.catalog.store("lisbon", session.create_graph(LISBON))

    session.cypher(
        """
        CATALOG CREATE VIEW helpers($left, $right) {
          FROM GRAPH $left MATCH (a:Employee)
          FROM GRAPH $right MATCH (b:Employee)
          WHERE a.skill = b.skill
          CONSTRUCT ON $left, $right
            CREATE (a)-[:CAN_HELP {skill: a.skill}]->(b)
            CREATE (b)-[:CAN_HELP {skill: b.skill}]->(a)
          RETURN GRAPH
        }
        """
    )
    print(f"Catalog: graphs {session.catalog.names()}, views {session.catalog.view_names()}\n")

    show(
        "Who can help whom across the offices (the view, expanded)",
        session,
        """
        FROM GRAPH helpers(session.berlin, session.lisbon)
        MATCH (a:Employee)-[h:CAN_HELP]->(b:Employee)
        RETURN a.name AS employee, b.name AS can_help, h.skill AS skill
        ORDER BY employee
        """,
    )
    session.cypher(
        "CATALOG CREATE GRAPH session.office_help "
        "{ FROM GRAPH helpers(berlin, lisbon) RETURN GRAPH }"
    )
    show(
        "Managers whose team can get help from the other office (the stored graph)",
        session,
        """
        FROM GRAPH session.office_help
        MATCH (boss:Employee)<-[:REPORTS_TO]-(member:Employee)<-[:CAN_HELP]-(helper:Employee)
        RETURN boss.name AS manager, count(DISTINCT helper) AS helpers, collect(member.name) AS team
        ORDER BY manager
        """,
    )
    show("The stored graph's schema", session, "FROM GRAPH session.office_help RETURN GRAPH")
    session.cypher("CATALOG DROP GRAPH session.office_help")
    session.cypher("CATALOG DROP VIEW helpers")
    print(f"After dropping: graphs {session.catalog.names()}, views {session.catalog.view_names()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
