"""LDBC-style questions on a social network loaded through Hive and a Graph DDL file
(run: .venv/bin/python examples/ldbc_social.py).

The LDBC Social Network Benchmark's tiny data set (../shared/data/ldbc-sf-tiny: one gzipped,
pipe-separated CSV per node type and per relationship type) is loaded into Hive tables of the
database `ldbc`, only the files the questions need; a view picks the cities out of the places.
ldbc_social.ddl maps tables and views to a graph in which posts and comments are both
messages, and Cypher answers a few questions in the spirit of LDBC's Interactive workload
about one person: their friends of friends, the tags of those people's posts, and the latest
replies to the person's messages.

Run on its own, the example starts a Hive-enabled local session whose metastore and warehouse
live in a temporary folder (see example_support.hive_directory); re-runs replace the tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

from example_support import print_hive_tables, shared_data, show, start_session

from graphframe_cypher import CypherSession

DATABASE = "ldbc"
# The files loaded, by Hive table, with their columns (the files' headers, such as
# `Person.id|Person.id|creationDate`, are not usable column names).
TABLES = {
    "person": (
        "id BIGINT, firstName STRING, lastName STRING, gender STRING, birthday STRING, "
        "creationDate STRING, locationIP STRING, browserUsed STRING"
    ),
    "person_knows_person": "person1Id BIGINT, person2Id BIGINT, creationDate STRING",
    "place": "id BIGINT, name STRING, url STRING, type STRING",
    "person_isLocatedIn_place": "personId BIGINT, placeId BIGINT",
    "tag": "id BIGINT, name STRING, url STRING",
    "post": (
        "id BIGINT, imageFile STRING, creationDate STRING, locationIP STRING, "
        "browserUsed STRING, language STRING, content STRING, length INT"
    ),
    "post_hasCreator_person": "postId BIGINT, personId BIGINT",
    "post_hasTag_tag": "postId BIGINT, tagId BIGINT",
    "comment": (
        "id BIGINT, creationDate STRING, locationIP STRING, browserUsed STRING, "
        "content STRING, length INT"
    ),
    "comment_hasCreator_person": "commentId BIGINT, personId BIGINT",
    "comment_replyOf_post": "commentId BIGINT, postId BIGINT",
    "comment_replyOf_comment": "commentId BIGINT, parentId BIGINT",
}
VIEWS = {"city": "SELECT id, name, url FROM {db}.place WHERE type = 'city'"}
PERSON = {"firstName": "Karl", "lastName": "Fischer"}


def load_into_hive(session: CypherSession) -> None:
    """One Hive table per file of TABLES, and the VIEWS over them."""
    spark = session.spark
    # (IF NOT EXISTS alone would still make the metastore log an error with its trace.)
    if not spark.catalog.databaseExists(DATABASE):
        spark.sql(f"CREATE DATABASE IF NOT EXISTS {DATABASE}")
    for table, schema in TABLES.items():
        path = shared_data("ldbc-sf-tiny", f"{table}_0_0.csv.gz")
        rows = spark.read.csv(str(path), sep="|", header=True, schema=schema)
        rows.write.mode("overwrite").saveAsTable(f"{DATABASE}.{table.lower()}")
    for view, select in VIEWS.items():
        spark.sql(f"CREATE OR REPLACE VIEW {DATABASE}.{view} AS {select.format(db=DATABASE)}")


def register_ldbc(session: CypherSession) -> None:
    """The graphs of ldbc_social.ddl under the namespace `ldbc`."""
    from graphframe_cypher.sources import SqlGraphSource

    ddl = Path(__file__).with_suffix(".ddl")
    source = SqlGraphSource(ddl)
    session.register_source("ldbc", source)
    print(f"Graph DDL {ddl.name} registered as `ldbc`: graphs {', '.join(source.graph_names())}")


def main(session: CypherSession | None = None) -> int:
    session = start_session(session, hive=True)
    load_into_hive(session)
    print_hive_tables(session, DATABASE)
    register_ldbc(session)
    graph = session.catalog.graph("ldbc.social")
    print(graph.schema, end="\n\n")

    show(
        "The person, their city and friends",
        session,
        """
        FROM GRAPH ldbc.social
        MATCH (p:Person {firstName: $firstName, lastName: $lastName})-[:IS_LOCATED_IN]->(c:City)
        OPTIONAL MATCH (p)-[:KNOWS]-(friend:Person)
        RETURN p.id AS id, p.firstName + ' ' + p.lastName AS person, c.name AS city,
               count(friend) AS friends
        """,
        PERSON,
    )
    show(
        "Friends of friends (neither the person nor a friend), by mutual friends",
        session,
        """
        FROM GRAPH ldbc.social
        MATCH (p:Person {firstName: $firstName, lastName: $lastName})
              -[:KNOWS]-(friend:Person)-[:KNOWS]-(fof:Person)
        WHERE fof <> p AND NOT (p)-[:KNOWS]-(fof)
        MATCH (fof)-[:IS_LOCATED_IN]->(c:City)
        RETURN fof.firstName + ' ' + fof.lastName AS person, c.name AS city,
               count(DISTINCT friend) AS mutualFriends
        ORDER BY mutualFriends DESC, person
        LIMIT 10
        """,
        PERSON,
    )
    show(
        "The tags of the friends of friends' posts",
        session,
        """
        FROM GRAPH ldbc.social
        MATCH (p:Person {firstName: $firstName, lastName: $lastName})
              -[:KNOWS]-(:Person)-[:KNOWS]-(fof:Person)
        WHERE fof <> p AND NOT (p)-[:KNOWS]-(fof)
        WITH DISTINCT fof
        MATCH (fof)<-[:HAS_CREATOR]-(post:Post)-[:HAS_TAG]->(tag:Tag)
        RETURN tag.name AS tag, count(DISTINCT post) AS posts, count(DISTINCT fof) AS authors
        ORDER BY posts DESC, tag
        LIMIT 10
        """,
        PERSON,
    )
    show(
        "The latest replies to the person's messages (posts and comments)",
        session,
        """
        FROM GRAPH ldbc.social
        MATCH (p:Person {firstName: $firstName, lastName: $lastName})
              <-[:HAS_CREATOR]-(m:Message)<-[:REPLY_OF]-(reply:Comment)
              -[:HAS_CREATOR]->(author:Person)
        RETURN reply.creationDate AS date, author.firstName + ' ' + author.lastName AS author,
               CASE WHEN m:Post THEN 'post' ELSE 'comment' END AS repliedTo,
               substring(reply.content, 0, 40) AS reply
        ORDER BY date DESC
        LIMIT 5
        """,
        PERSON,
    )
    show(
        "The longest reply chains (comments replying to comments, down to a post)",
        graph,
        """
        MATCH chain = (c:Comment)-[:REPLY_OF*]->(post:Post)
        MATCH (post)-[:HAS_CREATOR]->(author:Person)
        RETURN post.id AS post, author.firstName + ' ' + author.lastName AS author,
               max(length(chain)) AS depth, count(DISTINCT c) AS comments
        ORDER BY depth DESC, comments DESC, post
        LIMIT 5
        """,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
