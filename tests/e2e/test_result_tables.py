"""Results as ordinary tables: every Cypher type in Spark's native types, written to
Parquet, CSV, JSON and a Hive table and read back; pandas dtypes; row-limited fetching."""

from __future__ import annotations

import pandas as pd
import pytest

from graphframe_cypher.errors import CypherArgumentError
from graphframe_cypher.portable import TEXT_FORMAT_OPTIONS

# Two rows: every type with a value, then (mostly) nulls.
EVERY_TYPE = """
MATCH p = (a:Person)-[k:KNOWS]->(b:Person)
WITH a, k, p ORDER BY a.name, b.name LIMIT 1
UNWIND [1, 2] AS row
WITH row, a, k, p, row = 1 AS v
RETURN row,
  CASE WHEN v THEN 2.5 END AS f,
  CASE WHEN v THEN 'text, "quoted"' END AS s,
  CASE WHEN v THEN true END AS b,
  null AS nothing,
  CASE WHEN v THEN date('2020-03-04') ELSE date('1999-12-31') END AS d,
  CASE WHEN v THEN localdatetime('2020-03-04T05:06:07.123456789') END AS ldt,
  CASE WHEN v THEN datetime('2020-03-04T05:06:07+01:00') END AS dt,
  CASE WHEN v THEN datetime('2020-07-04T05:06:07[Europe/Stockholm]')
       ELSE datetime('2020-07-04T05:06:07Z') END AS dtz,
  CASE WHEN v THEN time('12:30:00+01:00') END AS t,
  CASE WHEN v THEN localtime('12:30:00.5') END AS lt,
  CASE WHEN v THEN duration('P1Y2M3DT4H') END AS dur,
  CASE WHEN v THEN [1, 2, null] END AS ints,
  CASE WHEN v THEN [date('2020-01-01')] END AS dates,
  CASE WHEN v THEN {a: 1, b: 'x', c: datetime('2020-03-04T05:06:07+01:00')} END AS m,
  CASE WHEN v THEN [1, 'a', [true]] END AS mixed,
  CASE WHEN v THEN a END AS node,
  CASE WHEN v THEN k END AS rel,
  CASE WHEN v THEN p END AS path,
  a.name AS `a.name`
"""

EXPECTED_COLUMNS = [
    ("row", "bigint"),
    ("f", "double"),
    ("s", "string"),
    ("b", "boolean"),
    ("nothing", "string"),
    ("d", "date"),
    ("ldt", "timestamp_ntz"),
    ("dt", "timestamp"),
    ("dt_zone", "string"),
    ("dtz", "timestamp"),
    ("dtz_zone", "string"),
    ("t", "string"),
    ("lt", "string"),
    ("dur", "string"),
    ("ints", "array<bigint>"),
    ("dates", "array<date>"),
    ("m", "struct<a:bigint,b:string,c:timestamp,c_zone:string>"),
    ("mixed", "array<string>"),
    (
        "node",
        "struct<id:bigint,labels:array<string>,"
        "properties:struct<age:bigint,city:string,id:bigint,name:string>>",
    ),
    (
        "rel",
        "struct<id:bigint,type:string,start:bigint,end:bigint,properties:struct<id:bigint,since:bigint>>",
    ),
    ("path", None),  # nodes and relationships as above
    ("a.name", "string"),
]


@pytest.fixture(scope="module")
def every_type(sample_graph):
    return sample_graph.cypher(EVERY_TYPE).records


def test_columns_are_named_as_the_query_names_them_in_native_types(every_type):
    df = every_type.to_spark()
    assert df is every_type.df
    got = [(f.name, f.dataType.simpleString()) for f in df.schema.fields]
    assert [name for name, _ in got] == [name for name, _ in EXPECTED_COLUMNS]
    for (name, type_text), (_, expected) in zip(got, EXPECTED_COLUMNS):
        if expected is not None:
            assert type_text == expected, name


def test_values_in_native_types(every_type):
    import datetime as dt

    first, second = every_type.to_spark().orderBy("row").collect()
    assert first["d"] == dt.date(2020, 3, 4)
    assert first["ldt"] == dt.datetime(2020, 3, 4, 5, 6, 7, 123456)  # microseconds kept
    utc = dt.timezone.utc
    # the session's time zone is UTC: Spark gives the instant as a naive UTC datetime
    assert first["dt"].replace(tzinfo=utc) == dt.datetime(2020, 3, 4, 4, 6, 7, tzinfo=utc)
    assert (first["dt_zone"], first["dtz_zone"], second["dtz_zone"]) == (
        "+01:00",
        "Europe/Stockholm",
        None,
    )
    assert (first["t"], first["lt"], first["dur"]) == ("12:30+01:00", "12:30:00.500", "P1Y2M3DT4H")
    assert first["mixed"] == ["1", '"a"', "[true]"]
    assert first["node"].asDict(recursive=True) == {
        "id": 1,
        "labels": ["Person"],
        "properties": {"age": 34, "city": "Berlin", "id": 1, "name": "Alice"},
    }
    assert first["rel"]["start"] == 1 and first["rel"]["type"] == "KNOWS"
    assert [n["id"] for n in first["path"]["nodes"]] == [1, 2]
    assert second["node"] is None and second["ints"] is None and second["nothing"] is None


def _rows(df):
    return sorted(df.collect(), key=lambda r: r["row"])


@pytest.mark.parametrize("fmt", ["parquet", "json", "orc"])
def test_written_to_a_file_format_and_read_back(spark, every_type, tmp_path, fmt):
    df = every_type.to_spark()
    path = str(tmp_path / fmt)
    df.write.format(fmt).options(**TEXT_FORMAT_OPTIONS).save(path)
    back = spark.read.schema(df.schema).format(fmt).options(**TEXT_FORMAT_OPTIONS).load(path)
    assert _rows(back) == _rows(df)


def test_written_to_csv_flat_and_read_back(spark, every_type, tmp_path):
    flat = every_type.to_spark(flat=True)
    assert {f.dataType.typeName() for f in flat.schema.fields} <= {
        "long",
        "double",
        "string",
        "boolean",
        "date",
        "timestamp_ntz",
        "timestamp",
    }
    path = str(tmp_path / "csv")
    flat.write.options(header=True, **TEXT_FORMAT_OPTIONS).csv(path)
    back = spark.read.options(header=True, **TEXT_FORMAT_OPTIONS).schema(flat.schema).csv(path)
    assert back.columns == flat.columns
    assert _rows(back) == _rows(flat)


def test_written_to_a_hive_table_and_read_back(spark, every_type):
    df = every_type.to_spark()
    spark.sql("CREATE DATABASE IF NOT EXISTS result_tables")
    df.write.mode("overwrite").saveAsTable("result_tables.every_type")
    back = spark.table("result_tables.every_type")
    assert back.schema == df.schema
    assert _rows(back) == _rows(df)


def test_to_pandas_dtypes(every_type):
    pdf = every_type.to_pandas()
    dtypes = {name: str(dtype) for name, dtype in pdf.dtypes.items()}
    assert dtypes["row"] == "Int64" and dtypes["f"] == "float64" and dtypes["b"] == "boolean"
    assert dtypes["s"] == "string" and dtypes["dur"] == "string"
    assert dtypes["d"] == "datetime64[us]" and dtypes["ldt"] == "datetime64[us]"
    assert dtypes["dt"] == "datetime64[us, UTC]"
    assert {dtypes[c] for c in ("ints", "dates", "m", "mixed", "node", "rel", "path")} == {
        "object"
    }
    pdf = pdf.sort_values("row")
    assert pdf["b"].isna().tolist() == [False, True]
    dates = pdf["d"].sort_values().tolist()
    assert dates == [pd.Timestamp("1999-12-31"), pd.Timestamp("2020-03-04")]
    assert pdf["dt"].iloc[0] == pd.Timestamp("2020-03-04T04:06:07Z")
    assert pdf["ints"].iloc[0] == [1, 2, None]
    assert pdf["node"].iloc[0]["properties"]["name"] == "Alice"


def test_integers_with_nulls_stay_exact_in_pandas(sample_graph):
    big = 2**53 + 1
    pdf = sample_graph.cypher(f"UNWIND [{big}, null] AS x RETURN x").records.to_pandas()
    assert str(pdf["x"].dtype) == "Int64"
    assert pdf["x"].iloc[0] == big and pdf["x"].isna().iloc[1]


def test_dates_spark_cannot_hold_are_an_error(sample_graph):
    records = sample_graph.cypher("RETURN date('+10000-01-01') AS d").records
    with pytest.raises(CypherArgumentError, match="outside the years Spark can hold"):
        records.to_pandas()
    nested = sample_graph.cypher("RETURN [date('-0001-01-01')] AS d").records
    with pytest.raises(CypherArgumentError, match="outside the dates Spark can hold"):
        nested.to_pandas()


def test_node_and_relationship_frames_write_to_csv(spark, sample_graph, tmp_path):
    nodes = sample_graph.node_frame("Person")
    assert nodes.schema["_labels"].dataType.simpleString() == "string"
    nodes.write.option("header", True).csv(str(tmp_path / "nodes"))
    rels = sample_graph.relationship_frame("KNOWS")
    rels.write.option("header", True).csv(str(tmp_path / "rels"))
    back = spark.read.option("header", True).schema(nodes.schema).csv(str(tmp_path / "nodes"))
    assert sorted(back.collect()) == sorted(nodes.collect())
    assert {r["_labels"] for r in back.collect()} == {":Person"}


class _NoCollect:
    """A result table that refuses to be fetched whole (shows what an accessor fetches)."""

    def __init__(self, df):
        self._df = df

    def collect(self):
        raise AssertionError("fetched every row")

    def __getattr__(self, name):
        return getattr(self._df, name)


QUERY_OF_MANY_ROWS = "UNWIND range(1, 5000) AS x RETURN x, x * 2 AS y"


@pytest.fixture
def unfetchable(sample_graph):
    records = sample_graph.cypher(QUERY_OF_MANY_ROWS).records
    records.frame = _NoCollect(records.frame)
    return records


def test_head_and_show_fetch_only_their_rows(unfetchable, capsys):
    assert unfetchable.head(2) == [{"x": 1, "y": 2}, {"x": 2, "y": 4}]
    unfetchable.show(3)
    out = capsys.readouterr().out
    assert "(3 rows, 4997 more not shown)" in out


def test_len_counts_in_spark_and_iteration_streams(unfetchable):
    assert len(unfetchable) == 5000
    rows = iter(unfetchable)
    assert next(rows) == {"x": 1, "y": 2}
    assert sum(1 for _ in rows) == 4999
