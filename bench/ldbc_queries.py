"""LDBC SNB Interactive reads in Cypher: short reads IS1-IS7 and complex reads IC1-IC14.

Written from the LDBC SNB specification's query descriptions, with the semantics of LDBC's
official Cypher implementation (ldbc_snb_interactive_v1_impls, cypher/queries): the same
result columns, orderings, limits and tie-breakers, and dates as epoch milliseconds.

Where the engine refuses the specification's natural formulation, the query keeps it (it is
run and its error reported) and ``alternative`` gives an equivalent formulation the engine
supports, run as well (shown as ``<name>-alt``); ``note`` says why.

Parameters: complex reads take the first row of the data set's substitution parameters
(``substitution_parameters/interactive_<n>_param.txt``; IC3 and IC4 get ``endDate`` =
``startDate`` + ``durationDays``). Short reads take a person and messages picked from the data
deterministically (``short_read_parameters``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from bench.ldbc_load import LdbcData, read_parameters

DAY_MS = 86_400_000


@dataclass(frozen=True)
class LdbcQuery:
    name: str
    description: str
    cypher: str
    alternative: str | None = None
    note: str = ""


# -- short reads ------------------------------------------------------------------------------

IS1 = LdbcQuery("IS1", "profile of a person", """
MATCH (n:Person {id: $personId})-[:IS_LOCATED_IN]->(city:City)
RETURN n.firstName AS firstName, n.lastName AS lastName, n.birthday AS birthday,
       n.locationIP AS locationIP, n.browserUsed AS browserUsed, city.id AS cityId,
       n.gender AS gender, n.creationDate AS creationDate
""")

IS2 = LdbcQuery("IS2", "the person's 10 latest messages, each with its thread's post and author", """
MATCH (:Person {id: $personId})<-[:HAS_CREATOR]-(message:Message)
WITH message, message.id AS messageId, message.creationDate AS messageCreationDate
ORDER BY messageCreationDate DESC, messageId ASC
LIMIT 10
MATCH (message)-[:REPLY_OF*0..]->(post:Post)-[:HAS_CREATOR]->(author:Person)
RETURN messageId, coalesce(message.imageFile, message.content) AS messageContent,
       messageCreationDate, post.id AS postId, author.id AS personId,
       author.firstName AS personFirstName, author.lastName AS personLastName
ORDER BY messageCreationDate DESC, messageId ASC
""")

IS3 = LdbcQuery("IS3", "friends of a person, newest friendship first", """
MATCH (n:Person {id: $personId})-[r:KNOWS]-(friend:Person)
RETURN friend.id AS personId, friend.firstName AS firstName, friend.lastName AS lastName,
       r.creationDate AS friendshipCreationDate
ORDER BY friendshipCreationDate DESC, personId ASC
""")

IS4 = LdbcQuery("IS4", "content of a message", """
MATCH (m:Message {id: $messageId})
RETURN m.creationDate AS messageCreationDate,
       coalesce(m.content, m.imageFile) AS messageContent
""")

IS5 = LdbcQuery("IS5", "creator of a message", """
MATCH (m:Message {id: $messageId})-[:HAS_CREATOR]->(p:Person)
RETURN p.id AS personId, p.firstName AS firstName, p.lastName AS lastName
""")

IS6 = LdbcQuery("IS6", "forum of a message's thread and its moderator", """
MATCH (m:Message {id: $messageId})-[:REPLY_OF*0..]->(:Post)<-[:CONTAINER_OF]-(f:Forum),
      (f)-[:HAS_MODERATOR]->(mod:Person)
RETURN f.id AS forumId, f.title AS forumTitle, mod.id AS moderatorId,
       mod.firstName AS moderatorFirstName, mod.lastName AS moderatorLastName
""")

IS7 = LdbcQuery("IS7", "replies to a message, and whether their authors know its author", """
MATCH (m:Message {id: $messageId})<-[:REPLY_OF]-(c:Comment)-[:HAS_CREATOR]->(p:Person)
OPTIONAL MATCH (m)-[:HAS_CREATOR]->(a:Person)-[r:KNOWS]-(p)
RETURN c.id AS commentId, c.content AS commentContent, c.creationDate AS commentCreationDate,
       p.id AS replyAuthorId, p.firstName AS replyAuthorFirstName,
       p.lastName AS replyAuthorLastName,
       r IS NOT NULL AS replyAuthorKnowsOriginalMessageAuthor
ORDER BY commentCreationDate DESC, replyAuthorId ASC
""")

# -- complex reads ----------------------------------------------------------------------------

IC1 = LdbcQuery("IC1", "persons with a first name within 3 KNOWS hops, with distance, "
                "universities and companies", """
MATCH (p:Person {id: $personId}), (friend:Person {firstName: $firstName})
WHERE p <> friend
MATCH path = shortestPath((p)-[:KNOWS*1..3]-(friend))
WITH friend, min(length(path)) AS distance
ORDER BY distance ASC, friend.lastName ASC, friend.id ASC
LIMIT 20
MATCH (friend)-[:IS_LOCATED_IN]->(friendCity:City)
OPTIONAL MATCH (friend)-[studyAt:STUDY_AT]->(uni:University)-[:IS_LOCATED_IN]->(uniCity:City)
WITH friend, friendCity, distance,
     collect(CASE WHEN uni IS NULL THEN null
                  ELSE [uni.name, studyAt.classYear, uniCity.name] END) AS unis
OPTIONAL MATCH (friend)-[workAt:WORK_AT]->(company:Company)-[:IS_LOCATED_IN]->(country:Country)
WITH friend, friendCity, distance, unis,
     collect(CASE WHEN company IS NULL THEN null
                  ELSE [company.name, workAt.workFrom, country.name] END) AS companies
RETURN friend.id AS friendId, friend.lastName AS friendLastName,
       distance AS distanceFromPerson, friend.birthday AS friendBirthday,
       friend.creationDate AS friendCreationDate, friend.gender AS friendGender,
       friend.browserUsed AS friendBrowserUsed, friend.locationIP AS friendLocationIp,
       friend.email AS friendEmails, friend.speaks AS friendLanguages,
       friendCity.name AS friendCityName, unis AS friendUniversities,
       companies AS friendCompanies
ORDER BY distanceFromPerson ASC, friendLastName ASC, friendId ASC
LIMIT 20
""")

IC2 = LdbcQuery("IC2", "20 latest messages of friends before a date", """
MATCH (:Person {id: $personId})-[:KNOWS]-(friend:Person)<-[:HAS_CREATOR]-(message:Message)
WHERE message.creationDate <= $maxDate
RETURN friend.id AS personId, friend.firstName AS personFirstName,
       friend.lastName AS personLastName, message.id AS postOrCommentId,
       coalesce(message.content, message.imageFile) AS postOrCommentContent,
       message.creationDate AS postOrCommentCreationDate
ORDER BY postOrCommentCreationDate DESC, postOrCommentId ASC
LIMIT 20
""")

IC3 = LdbcQuery("IC3", "friends and friends of friends abroad with messages in countries X and Y",
                """
MATCH (countryX:Country {name: $countryXName}), (countryY:Country {name: $countryYName}),
      (person:Person {id: $personId})
WITH person, countryX, countryY
LIMIT 1
MATCH (city:City)-[:IS_PART_OF]->(country:Country)
WHERE country IN [countryX, countryY]
WITH person, countryX, countryY, collect(city) AS cities
MATCH (person)-[:KNOWS*1..2]-(friend)-[:IS_LOCATED_IN]->(city)
WHERE person <> friend AND NOT city IN cities
WITH DISTINCT friend, countryX, countryY
MATCH (friend)<-[:HAS_CREATOR]-(message),
      (message)-[:IS_LOCATED_IN]->(country)
WHERE $endDate > message.creationDate >= $startDate AND country IN [countryX, countryY]
WITH friend,
     CASE WHEN country = countryX THEN 1 ELSE 0 END AS messageX,
     CASE WHEN country = countryY THEN 1 ELSE 0 END AS messageY
WITH friend, sum(messageX) AS xCount, sum(messageY) AS yCount
WHERE xCount > 0 AND yCount > 0
RETURN friend.id AS friendId, friend.firstName AS friendFirstName,
       friend.lastName AS friendLastName, xCount, yCount, xCount + yCount AS xyCount
ORDER BY xyCount DESC, friendId ASC
LIMIT 20
""")

IC4 = LdbcQuery("IC4", "new topics: tags of friends' posts in a window and never before", """
MATCH (person:Person {id: $personId})-[:KNOWS]-(friend:Person),
      (friend)<-[:HAS_CREATOR]-(post:Post)-[:HAS_TAG]->(tag)
WITH DISTINCT tag, post
WITH tag,
     CASE WHEN $startDate <= post.creationDate < $endDate THEN 1 ELSE 0 END AS valid,
     CASE WHEN post.creationDate < $startDate THEN 1 ELSE 0 END AS inValid
WITH tag, sum(valid) AS postCount, sum(inValid) AS inValidPostCount
WHERE postCount > 0 AND inValidPostCount = 0
RETURN tag.name AS tagName, postCount
ORDER BY postCount DESC, tagName ASC
LIMIT 10
""")

IC5 = LdbcQuery("IC5", "new groups: forums friends joined after a date, by their posts there", """
MATCH (person:Person {id: $personId})-[:KNOWS*1..2]-(friend)
WHERE person <> friend
WITH DISTINCT friend
MATCH (friend)<-[membership:HAS_MEMBER]-(forum)
WHERE membership.joinDate > $minDate
WITH forum, collect(friend) AS friends
OPTIONAL MATCH (friend)<-[:HAS_CREATOR]-(post)<-[:CONTAINER_OF]-(forum)
WHERE friend IN friends
WITH forum, count(post) AS postCount
RETURN forum.title AS forumName, postCount
ORDER BY postCount DESC, forum.id ASC
LIMIT 20
""")

IC6 = LdbcQuery("IC6", "tags that co-occur with a tag on friends' posts", """
MATCH (knownTag:Tag {name: $tagName})
WITH knownTag.id AS knownTagId
MATCH (person:Person {id: $personId})-[:KNOWS*1..2]-(friend)
WHERE person <> friend
WITH knownTagId, collect(DISTINCT friend) AS friends
UNWIND friends AS f
MATCH (f)<-[:HAS_CREATOR]-(post:Post),
      (post)-[:HAS_TAG]->(t:Tag {id: knownTagId}),
      (post)-[:HAS_TAG]->(tag:Tag)
WHERE t <> tag
WITH tag.name AS tagName, count(post) AS postCount
RETURN tagName, postCount
ORDER BY postCount DESC, tagName ASC
LIMIT 10
""")

IC7 = LdbcQuery("IC7", "recent likers of the person's messages", """
MATCH (person:Person {id: $personId})<-[:HAS_CREATOR]-(message:Message)<-[like:LIKES]-(liker:Person)
WITH liker, message, like.creationDate AS likeTime, person
ORDER BY likeTime DESC, message.id ASC
WITH liker, head(collect({msg: message, likeTime: likeTime})) AS latestLike, person
RETURN liker.id AS personId, liker.firstName AS personFirstName,
       liker.lastName AS personLastName, latestLike.likeTime AS likeCreationDate,
       latestLike.msg.id AS commentOrPostId,
       coalesce(latestLike.msg.content, latestLike.msg.imageFile) AS commentOrPostContent,
       toInteger(floor(toFloat(latestLike.likeTime - latestLike.msg.creationDate) / 1000.0) / 60.0)
         AS minutesLatency,
       NOT (liker)-[:KNOWS]-(person) AS isNew
ORDER BY likeCreationDate DESC, personId ASC
LIMIT 20
""")

IC8 = LdbcQuery("IC8", "recent replies to the person's messages", """
MATCH (start:Person {id: $personId})<-[:HAS_CREATOR]-(:Message)<-[:REPLY_OF]-(comment:Comment),
      (comment)-[:HAS_CREATOR]->(person:Person)
RETURN person.id AS personId, person.firstName AS personFirstName,
       person.lastName AS personLastName, comment.creationDate AS commentCreationDate,
       comment.id AS commentId, comment.content AS commentContent
ORDER BY commentCreationDate DESC, commentId ASC
LIMIT 20
""")

IC9 = LdbcQuery("IC9", "20 latest messages of friends and friends of friends before a date", """
MATCH (root:Person {id: $personId})-[:KNOWS*1..2]-(friend:Person)
WHERE friend <> root
WITH collect(DISTINCT friend) AS friends
UNWIND friends AS friend
MATCH (friend)<-[:HAS_CREATOR]-(message:Message)
WHERE message.creationDate < $maxDate
RETURN friend.id AS personId, friend.firstName AS personFirstName,
       friend.lastName AS personLastName, message.id AS commentOrPostId,
       coalesce(message.content, message.imageFile) AS commentOrPostContent,
       message.creationDate AS commentOrPostCreationDate
ORDER BY commentOrPostCreationDate DESC, commentOrPostId ASC
LIMIT 20
""")

# IC10's candidates: friends of friends (not friends) born from the 21st of the month to the
# 21st of the next; the two formulations differ in the date function and the common-post count.
IC10_CANDIDATES = """
MATCH (person:Person {{id: $personId}})-[:KNOWS*2..2]-(friend),
      (friend)-[:IS_LOCATED_IN]->(city:City)
WHERE friend <> person AND NOT (friend)-[:KNOWS]-(person)
WITH person, city, friend, {birthday} AS birthday
WHERE (birthday.month = $month AND birthday.day >= 21)
   OR (birthday.month = ($month % 12) + 1 AND birthday.day < 22)
WITH DISTINCT friend, city, person
OPTIONAL MATCH (friend)<-[:HAS_CREATOR]-(post:Post)
"""
IC10_RESULT = """
RETURN friend.id AS personId, friend.firstName AS personFirstName,
       friend.lastName AS personLastName,
       commonPostCount - (postCount - commonPostCount) AS commonInterestScore,
       friend.gender AS personGender, city.name AS personCityName
ORDER BY commonInterestScore DESC, personId ASC
LIMIT 10
"""

IC10 = LdbcQuery("IC10", "friend recommendation: friends of friends born around a month, "
                 "by common interests",
                 IC10_CANDIDATES.format(birthday="datetime({epochMillis: friend.birthday})") + """
WITH friend, city, collect(post) AS posts, person
WITH friend, city, size(posts) AS postCount,
     size([p IN posts WHERE (p)-[:HAS_TAG]->()<-[:HAS_INTEREST]-(person)]) AS commonPostCount
""" + IC10_RESULT,
                 alternative=IC10_CANDIDATES.format(
                     birthday="datetime.fromepochmillis(friend.birthday)") + """
WITH friend, city, person, post,
     CASE WHEN post IS NOT NULL AND (post)-[:HAS_TAG]->()<-[:HAS_INTEREST]-(person)
          THEN 1 ELSE 0 END AS common
WITH friend, city, count(post) AS postCount, sum(common) AS commonPostCount
""" + IC10_RESULT,
                 note="datetime({epochMillis}) and a pattern predicate over a list "
                      "comprehension's variable (issue 15 item 3); the alternative uses "
                      "datetime.fromepochmillis and tests the pattern per post row before "
                      "aggregating")

IC11 = LdbcQuery("IC11", "friends and friends of friends who started work in a country early", """
MATCH (person:Person {id: $personId})-[:KNOWS*1..2]-(friend:Person)
WHERE person <> friend
WITH DISTINCT friend
MATCH (friend)-[workAt:WORK_AT]->(company:Company)-[:IS_LOCATED_IN]->(:Country {name: $countryName})
WHERE workAt.workFrom < $workFromYear
RETURN friend.id AS personId, friend.firstName AS personFirstName,
       friend.lastName AS personLastName, company.name AS organizationName,
       workAt.workFrom AS organizationWorkFromYear
ORDER BY organizationWorkFromYear ASC, personId ASC, organizationName DESC
LIMIT 10
""")

IC12 = LdbcQuery("IC12", "expert search: friends' replies to posts with tags of a tag class", """
MATCH (tag:Tag)-[:HAS_TYPE|IS_SUBCLASS_OF*0..]->(baseTagClass:TagClass)
WHERE tag.name = $tagClassName OR baseTagClass.name = $tagClassName
WITH collect(tag.id) AS tags
MATCH (:Person {id: $personId})-[:KNOWS]-(friend:Person)<-[:HAS_CREATOR]-(comment:Comment),
      (comment)-[:REPLY_OF]->(:Post)-[:HAS_TAG]->(tag:Tag)
WHERE tag.id IN tags
RETURN friend.id AS personId, friend.firstName AS personFirstName,
       friend.lastName AS personLastName, collect(DISTINCT tag.name) AS tagNames,
       count(DISTINCT comment) AS replyCount
ORDER BY replyCount DESC, personId ASC
LIMIT 20
""")

IC13 = LdbcQuery("IC13", "length of the shortest KNOWS path between two persons (-1: none)", """
MATCH (person1:Person {id: $person1Id}), (person2:Person {id: $person2Id})
OPTIONAL MATCH path = shortestPath((person1)-[:KNOWS*]-(person2))
RETURN CASE WHEN path IS NULL THEN -1 ELSE length(path) END AS shortestPathLength
""")

IC14 = LdbcQuery("IC14", "all shortest KNOWS paths between two persons, weighted by their "
                 "replies to each other", """
MATCH path = allShortestPaths((person1:Person {id: $person1Id})-[:KNOWS*0..]-(person2:Person {id: $person2Id}))
WITH path, relationships(path) AS rels
WITH [n IN nodes(path) | n.id] AS personIdsInPath,
     [r IN rels |
        reduce(w = 0.0, v IN [(a:Person)<-[:HAS_CREATOR]-(:Comment)-[:REPLY_OF]->(:Post)-[:HAS_CREATOR]->(b:Person)
                              WHERE (a = startNode(r) AND b = endNode(r))
                                 OR (a = endNode(r) AND b = startNode(r)) | 1.0] | w + v)
     ] AS weight1,
     [r IN rels |
        reduce(w = 0.0, v IN [(a:Person)<-[:HAS_CREATOR]-(:Comment)-[:REPLY_OF]->(:Comment)-[:HAS_CREATOR]->(b:Person)
                              WHERE (a = startNode(r) AND b = endNode(r))
                                 OR (a = endNode(r) AND b = startNode(r)) | 0.5] | w + v)
     ] AS weight2
WITH personIdsInPath, reduce(w = 0.0, v IN weight1 | w + v) AS w1,
     reduce(w = 0.0, v IN weight2 | w + v) AS w2
RETURN personIdsInPath, w1 + w2 AS pathWeight
ORDER BY pathWeight DESC, personIdsInPath ASC
""", alternative="""
MATCH path = allShortestPaths((person1:Person {id: $person1Id})-[:KNOWS*0..]-(person2:Person {id: $person2Id}))
WITH path, [n IN nodes(path) | n.id] AS personIdsInPath
UNWIND CASE WHEN length(path) = 0 THEN [null] ELSE range(0, length(path) - 1) END AS i
WITH path, personIdsInPath, nodes(path)[i] AS x, nodes(path)[i + 1] AS y
OPTIONAL MATCH (x)<-[:HAS_CREATOR]-(c1:Comment)-[:REPLY_OF]->(m1:Message)-[:HAS_CREATOR]->(y)
WITH path, personIdsInPath, x, y,
     sum(CASE WHEN m1:Post THEN 1.0 WHEN m1:Comment THEN 0.5 ELSE 0.0 END) AS xToY
OPTIONAL MATCH (y)<-[:HAS_CREATOR]-(c2:Comment)-[:REPLY_OF]->(m2:Message)-[:HAS_CREATOR]->(x)
WITH path, personIdsInPath, x, y, xToY,
     sum(CASE WHEN m2:Post THEN 1.0 WHEN m2:Comment THEN 0.5 ELSE 0.0 END) AS yToX
WITH path, personIdsInPath, sum(xToY + yToX) AS pathWeight
RETURN personIdsInPath, pathWeight
ORDER BY pathWeight DESC, personIdsInPath ASC
""", note="pattern comprehension with startNode()/endNode() over a list comprehension's "
          "variable (issue 15 item 3); the alternative unwinds the path's hops and matches the "
          "replies between the two persons of each hop")

SHORT_READS = (IS1, IS2, IS3, IS4, IS5, IS6, IS7)
COMPLEX_READS = (IC1, IC2, IC3, IC4, IC5, IC6, IC7, IC8, IC9, IC10, IC11, IC12, IC13, IC14)
QUERIES = {q.name: q for q in (*SHORT_READS, *COMPLEX_READS)}


# -- parameters -------------------------------------------------------------------------------


def complex_read_parameters(directory: Path, number: int, row: int = 0) -> dict[str, Any]:
    """Row ``row`` of the substitution parameters of IC<number>, with the derived endDate."""
    parameters = dict(read_parameters(directory, number)[row])
    if "durationDays" in parameters:
        parameters["endDate"] = parameters["startDate"] + parameters.pop("durationDays") * DAY_MS
    return parameters


def short_read_parameters(data: LdbcData) -> dict[str, dict[str, Any]]:
    """Deterministic picks for the short reads: the person who created most messages (IS1-3),
    their latest comment (IS4-6: it has a thread to climb to its post) and the message with
    most replies (IS7); ties go to the smallest id."""
    person = _most_frequent(_edges(data, "HAS_CREATOR")["_dst"])
    person_id = _ldbc_id(data, person)
    comments = _node_table(data, "Comment")
    created = _edges(data, "HAS_CREATOR")
    by_person = pc.is_in(comments["_eid"], created.filter(pc.equal(created["_dst"], person))["_src"])
    own = comments.filter(by_person).sort_by([("creationDate", "descending"), ("id", "ascending")])
    comment_id = own["id"][0].as_py()
    replied = _most_frequent(_edges(data, "REPLY_OF")["_dst"])
    return {
        "IS1": {"personId": person_id}, "IS2": {"personId": person_id},
        "IS3": {"personId": person_id}, "IS4": {"messageId": comment_id},
        "IS5": {"messageId": comment_id}, "IS6": {"messageId": comment_id},
        "IS7": {"messageId": _ldbc_id(data, replied)},
    }


def parameters_for(query: LdbcQuery, directory: Path, data: LdbcData) -> dict[str, Any]:
    if query.name.startswith("IS"):
        return short_read_parameters(data)[query.name]
    return complex_read_parameters(directory, int(query.name[2:]))


def _edges(data: LdbcData, rel_type: str) -> pa.Table:
    return pa.concat_tables(r.table.select(["_src", "_dst"])
                            for r in data.relationships if r.rel_type == rel_type)


def _node_table(data: LdbcData, label: str) -> pa.Table:
    return pa.concat_tables(n.table.select(["_eid", "id", "creationDate"])
                            for n in data.nodes if label in n.labels)


def _most_frequent(element_ids: pa.ChunkedArray) -> int:
    counts = pa.table({"v": element_ids}).group_by("v").aggregate([("v", "count")])
    ranked = counts.sort_by([("v_count", "descending"), ("v", "ascending")])
    return ranked["v"][0].as_py()


def _ldbc_id(data: LdbcData, element_id: int) -> int:
    for node_set in data.nodes:
        match = node_set.table.filter(pc.equal(node_set.table["_eid"], element_id))
        if match.num_rows:
            return match["id"][0].as_py()
    raise KeyError(element_id)
