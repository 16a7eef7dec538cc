"""Hand-written DataFrame answers to some LDBC reads, to check the engines' answers.

They are written with pandas on the loaded tables (``bench.ldbc_load.LdbcData``), not with an
engine's own DataFrames, so they check every engine the same way and share no code with any
of them. Each function takes the data and the query's parameters and returns the rows the
Cypher query must return (tuples, in the query's column order and row order); lists stay
lists. Semantics follow the Cypher queries of bench/ldbc_queries.py: KNOWS is matched in
both directions, ``collect`` skips nulls, ties are broken as the queries' ORDER BY says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from bench.ldbc_load import LdbcData


class Tables:
    """pandas frames of the loaded data by label and by relationship type (cached);
    relationships without their ids (``_src``, ``_dst`` and properties)."""

    def __init__(self, data: LdbcData):
        self.data = data
        self._frames: dict[tuple[str, str], pd.DataFrame] = {}

    def nodes(self, label: str) -> pd.DataFrame:
        key = ("node", label)
        if key not in self._frames:
            parts = [n.table.to_pandas() for n in self.data.nodes if label in n.labels]
            self._frames[key] = pd.concat(parts, ignore_index=True)
        return self._frames[key]

    def edges(self, rel_type: str) -> pd.DataFrame:
        key = ("rel", rel_type)
        if key not in self._frames:
            parts = [r.table.drop_columns(["_eid"]).to_pandas()
                     for r in self.data.relationships if r.rel_type == rel_type]
            self._frames[key] = pd.concat(parts, ignore_index=True)
        return self._frames[key]

    def person_eid(self, person_id: int) -> int:
        persons = self.nodes("Person")
        return int(persons.loc[persons["id"] == person_id, "_eid"].iloc[0])

    def knows_both_ways(self) -> pd.DataFrame:
        """KNOWS as undirected: one row per relationship and direction (``_src`` -> ``_dst``)."""
        knows = self.edges("KNOWS")
        reverse = knows.rename(columns={"_src": "_dst", "_dst": "_src"})
        return pd.concat([knows, reverse], ignore_index=True)

    def distances(self, start: int, max_hops: int | None) -> dict[int, int]:
        """Breadth-first KNOWS distances from ``start`` (element ids; ``start`` excluded)."""
        knows = self.knows_both_ways()
        neighbours = knows.groupby("_src")["_dst"].apply(set).to_dict()
        seen, frontier, level, found = {start}, {start}, 0, {}
        while frontier and (max_hops is None or level < max_hops):
            level += 1
            frontier = {n for f in frontier for n in neighbours.get(f, ())} - seen
            seen |= frontier
            found.update((n, level) for n in frontier)
        return found


def _rows(df: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return [tuple(_python(v) for v in row) for row in df[columns].itertuples(index=False)]


def _python(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value


def _coalesce(df: pd.DataFrame, *columns: str) -> pd.Series:
    result = pd.Series([None] * len(df), index=df.index, dtype=object)
    for column in reversed(columns):
        if column in df:
            result = df[column].where(df[column].notna(), result)
    return result


# -- the reads -------------------------------------------------------------------------------


def is1(t: Tables, p: dict[str, Any]) -> list[tuple]:
    person = t.nodes("Person")
    person = person[person["id"] == p["personId"]]
    located = person.merge(t.edges("IS_LOCATED_IN"), left_on="_eid", right_on="_src")
    cities = t.nodes("City")[["_eid", "id"]].rename(columns={"_eid": "_dst", "id": "cityId"})
    rows = located.merge(cities, on="_dst")
    return _rows(rows, ["firstName", "lastName", "birthday", "locationIP", "browserUsed",
                        "cityId", "gender", "creationDate"])


def is3(t: Tables, p: dict[str, Any]) -> list[tuple]:
    knows = t.knows_both_ways()
    knows = knows[knows["_src"] == t.person_eid(p["personId"])]
    friends = t.nodes("Person")[["_eid", "id", "firstName", "lastName"]]
    rows = knows.rename(columns={"creationDate": "friendshipCreationDate"}).merge(
        friends, left_on="_dst", right_on="_eid")
    rows = rows.rename(columns={"id": "personId"}).sort_values(
        ["friendshipCreationDate", "personId"], ascending=[False, True])
    return _rows(rows, ["personId", "firstName", "lastName", "friendshipCreationDate"])


def is7(t: Tables, p: dict[str, Any]) -> list[tuple]:
    messages = t.nodes("Message")
    message = int(messages.loc[messages["id"] == p["messageId"], "_eid"].iloc[0])
    created = t.edges("HAS_CREATOR")
    author = created.loc[created["_src"] == message, "_dst"].iloc[0]
    replies = t.edges("REPLY_OF")
    comments = t.nodes("Comment").merge(replies[replies["_dst"] == message][["_src"]],
                                        left_on="_eid", right_on="_src")
    comments = comments.rename(columns={"id": "commentId", "content": "commentContent",
                                        "creationDate": "commentCreationDate"})
    authors = t.nodes("Person")[["_eid", "id", "firstName", "lastName"]].rename(
        columns={"_eid": "_dst", "id": "replyAuthorId", "firstName": "replyAuthorFirstName",
                 "lastName": "replyAuthorLastName"})
    rows = comments[["_eid", "commentId", "commentContent", "commentCreationDate"]].merge(
        created.rename(columns={"_src": "_eid"}), on="_eid").merge(authors, on="_dst")
    knows = t.knows_both_ways()
    known = set(knows.loc[knows["_src"] == author, "_dst"])
    rows["knows"] = rows["_dst"].isin(known)
    rows = rows.sort_values(["commentCreationDate", "replyAuthorId"], ascending=[False, True])
    return _rows(rows, ["commentId", "commentContent", "commentCreationDate", "replyAuthorId",
                        "replyAuthorFirstName", "replyAuthorLastName", "knows"])


def ic1(t: Tables, p: dict[str, Any]) -> list[tuple]:
    distances = t.distances(t.person_eid(p["personId"]), max_hops=3)
    persons = t.nodes("Person")
    friends = persons[persons["firstName"] == p["firstName"]].copy()
    friends["distance"] = friends["_eid"].map(distances)
    friends = friends[friends["distance"].notna()].astype({"distance": "int64"})
    friends = friends.sort_values(["distance", "lastName", "id"]).head(20)
    located = t.edges("IS_LOCATED_IN")[["_src", "_dst"]]
    city = _named(t, "City", "cityName")
    friends = friends.merge(located, left_on="_eid", right_on="_src").merge(
        city, left_on="_dst", right_on="cityEid")
    unis = _affiliations(t, "STUDY_AT", "University", "classYear", "City")
    companies = _affiliations(t, "WORK_AT", "Company", "workFrom", "Country")
    friends["unis"] = friends["_eid"].map(lambda e: unis.get(e, []))
    friends["companies"] = friends["_eid"].map(lambda e: companies.get(e, []))
    friends = friends.sort_values(["distance", "lastName", "id"])
    return _rows(friends, ["id", "lastName", "distance", "birthday", "creationDate", "gender",
                           "browserUsed", "locationIP", "email", "speaks", "cityName", "unis",
                           "companies"])


def _named(t: Tables, label: str, name_column: str) -> pd.DataFrame:
    return t.nodes(label)[["_eid", "name"]].rename(
        columns={"_eid": f"{name_column[:-4]}Eid", "name": name_column})


def _affiliations(t: Tables, rel_type: str, label: str, year: str, place_label: str
                  ) -> dict[int, list[list]]:
    """person element id -> [[organisation name, year, place name], ...]."""
    rels = t.edges(rel_type)
    orgs = t.nodes(label)[["_eid", "name"]].rename(columns={"_eid": "_dst", "name": "org"})
    places = t.nodes(place_label)[["_eid", "name"]].rename(columns={"_eid": "placeEid",
                                                                   "name": "place"})
    located = t.edges("IS_LOCATED_IN")[["_src", "_dst"]].rename(
        columns={"_src": "_dst", "_dst": "placeEid"})
    rows = rels.merge(orgs, on="_dst").merge(located, on="_dst").merge(places, on="placeEid")
    return {person: [[r.org, int(getattr(r, year)), r.place] for r in group.itertuples()]
            for person, group in rows.groupby("_src")}


def _friend_messages(t: Tables, person_eids) -> pd.DataFrame:
    """Messages created by the given persons, with their creator's element id as ``creator``."""
    messages = t.nodes("Message")
    created = t.edges("HAS_CREATOR")
    created = created[created["_dst"].isin(person_eids)]
    return messages.merge(created.rename(columns={"_src": "_eid", "_dst": "creator"}), on="_eid")


def ic2(t: Tables, p: dict[str, Any]) -> list[tuple]:
    knows = t.knows_both_ways()
    friend_eids = knows.loc[knows["_src"] == t.person_eid(p["personId"]), "_dst"]
    messages = _friend_messages(t, friend_eids)
    messages = messages[messages["creationDate"] <= p["maxDate"]].copy()
    messages["content"] = _coalesce(messages, "content", "imageFile")
    friends = t.nodes("Person")[["_eid", "id", "firstName", "lastName"]].rename(
        columns={"_eid": "creator", "id": "personId"})
    # one row per KNOWS match: a friend known through two relationships repeats its messages
    per_match = friend_eids.value_counts().rename("matches").rename_axis("creator").reset_index()
    rows = messages.merge(friends, on="creator").merge(per_match, on="creator")
    rows = rows.loc[rows.index.repeat(rows["matches"])]
    rows = rows.sort_values(["creationDate", "id"], ascending=[False, True]).head(20)
    return _rows(rows, ["personId", "firstName", "lastName", "id", "content", "creationDate"])


def ic4(t: Tables, p: dict[str, Any]) -> list[tuple]:
    knows = t.knows_both_ways()
    friend_eids = knows.loc[knows["_src"] == t.person_eid(p["personId"]), "_dst"]
    posts = _friend_messages(t, friend_eids)
    posts = posts[posts["_eid"].isin(t.nodes("Post")["_eid"])]
    tagged = posts.merge(t.edges("HAS_TAG").rename(columns={"_src": "_eid", "_dst": "tag"}),
                         on="_eid")[["tag", "_eid", "creationDate"]].drop_duplicates()
    start, end = p["startDate"], p["endDate"]
    tagged["valid"] = ((tagged["creationDate"] >= start) & (tagged["creationDate"] < end)
                       ).astype(int)
    tagged["invalid"] = (tagged["creationDate"] < start).astype(int)
    counts = tagged.groupby("tag")[["valid", "invalid"]].sum().reset_index()
    counts = counts[(counts["valid"] > 0) & (counts["invalid"] == 0)]
    names = t.nodes("Tag")[["_eid", "name"]].rename(columns={"_eid": "tag", "name": "tagName"})
    rows = counts.merge(names, on="tag").rename(columns={"valid": "postCount"})
    rows = rows.sort_values(["postCount", "tagName"], ascending=[False, True]).head(10)
    return _rows(rows, ["tagName", "postCount"])


def ic6(t: Tables, p: dict[str, Any]) -> list[tuple]:
    friends = list(t.distances(t.person_eid(p["personId"]), max_hops=2))
    posts = _friend_messages(t, friends)
    posts = posts[posts["_eid"].isin(t.nodes("Post")["_eid"])][["_eid"]]
    tags = t.nodes("Tag")[["_eid", "name"]].rename(columns={"_eid": "tag", "name": "tagName"})
    tagged = t.edges("HAS_TAG").rename(columns={"_src": "_eid", "_dst": "tag"}).merge(
        tags, on="tag")
    known = tagged.loc[tagged["tagName"] == p["tagName"], ["_eid", "tag"]]
    with_known = posts.merge(known, on="_eid")
    others = with_known.merge(tagged, on="_eid", suffixes=("_known", ""))
    others = others[others["tag"] != others["tag_known"]]
    counts = others.groupby("tagName").size().rename("postCount").reset_index()
    rows = counts.sort_values(["postCount", "tagName"], ascending=[False, True]).head(10)
    return _rows(rows, ["tagName", "postCount"])


def ic8(t: Tables, p: dict[str, Any]) -> list[tuple]:
    created = t.edges("HAS_CREATOR")
    own = created.loc[created["_dst"] == t.person_eid(p["personId"]), "_src"]
    replies = t.edges("REPLY_OF")
    replies = replies[replies["_dst"].isin(own)]
    comments = t.nodes("Comment").merge(replies[["_src"]], left_on="_eid", right_on="_src")
    comments = comments.drop(columns="_src").merge(
        created.rename(columns={"_src": "_eid", "_dst": "author"}), on="_eid")
    authors = t.nodes("Person")[["_eid", "id", "firstName", "lastName"]].rename(
        columns={"_eid": "author", "id": "personId"})
    rows = comments.merge(authors, on="author")
    rows = rows.sort_values(["creationDate", "id"], ascending=[False, True]).head(20)
    return _rows(rows, ["personId", "firstName", "lastName", "creationDate", "id", "content"])


def ic9(t: Tables, p: dict[str, Any]) -> list[tuple]:
    friends = list(t.distances(t.person_eid(p["personId"]), max_hops=2))
    messages = _friend_messages(t, friends)
    messages = messages[messages["creationDate"] < p["maxDate"]].copy()
    messages["content"] = _coalesce(messages, "content", "imageFile")
    persons = t.nodes("Person")[["_eid", "id", "firstName", "lastName"]].rename(
        columns={"_eid": "creator", "id": "personId"})
    rows = messages.merge(persons, on="creator")
    rows = rows.sort_values(["creationDate", "id"], ascending=[False, True]).head(20)
    return _rows(rows, ["personId", "firstName", "lastName", "id", "content", "creationDate"])


def ic11(t: Tables, p: dict[str, Any]) -> list[tuple]:
    friends = list(t.distances(t.person_eid(p["personId"]), max_hops=2))
    work = t.edges("WORK_AT")
    work = work[work["_src"].isin(friends) & (work["workFrom"] < p["workFromYear"])]
    companies = t.nodes("Company")[["_eid", "name"]].rename(columns={"_eid": "_dst"})
    located = t.edges("IS_LOCATED_IN")[["_src", "_dst"]].rename(
        columns={"_src": "_dst", "_dst": "country"})
    countries = t.nodes("Country")
    country = countries.loc[countries["name"] == p["countryName"], "_eid"]
    rows = work.merge(companies, on="_dst").merge(located, on="_dst")
    rows = rows[rows["country"].isin(country)]
    persons = t.nodes("Person")[["_eid", "id", "firstName", "lastName"]].rename(
        columns={"_eid": "_src", "id": "personId"})
    rows = rows.merge(persons, on="_src")
    rows = rows.sort_values(["workFrom", "personId", "name"], ascending=[True, True, False])
    return _rows(rows.head(10), ["personId", "firstName", "lastName", "name", "workFrom"])


def ic13(t: Tables, p: dict[str, Any]) -> list[tuple]:
    start, end = t.person_eid(p["person1Id"]), t.person_eid(p["person2Id"])
    if start == end:
        return [(0,)]
    return [(t.distances(start, max_hops=None).get(end, -1),)]


BASELINES: dict[str, Callable[[Tables, dict[str, Any]], list[tuple]]] = {
    "IS1": is1, "IS3": is3, "IS7": is7, "IC1": ic1, "IC2": ic2, "IC4": ic4, "IC6": ic6,
    "IC8": ic8, "IC9": ic9, "IC11": ic11, "IC13": ic13,
}
