"""The command line's --graph, --source and --ddl values, checked before Spark starts."""

from __future__ import annotations

import pytest

from graphframe_cypher.shell.catalog_options import OptionError, parse_options


def test_values_become_graphs_sources_and_ddl_files(tmp_path):
    stored = tmp_path / "social"
    stored.mkdir()
    ddl = tmp_path / "crm.ddl"
    ddl.write_text("SET SCHEMA hive.crm;")
    options = parse_options(
        graphs=[f"social={stored}"], sources=[f"fs={tmp_path}:orc"], ddl_files=[str(ddl)]
    )
    assert [(g.name, g.path) for g in options.graphs] == [("social", stored)]
    assert [(s.namespace, s.root, s.format) for s in options.sources] == [("fs", tmp_path, "orc")]
    assert [(d.namespace, d.path) for d in options.ddl_files] == [("crm", ddl)]
    assert options.needs_hive


def test_source_format_defaults_to_parquet_and_colons_stay_in_paths(tmp_path):
    [source] = parse_options(sources=[f"fs={tmp_path}/a:b"]).sources
    assert (source.root.name, source.format) == ("a:b", "parquet")
    assert not parse_options(sources=[f"fs={tmp_path}"]).needs_hive


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"graphs": ["social"]}, "--graph 'social': expected NAME=PATH"),
        ({"graphs": ["social=/no/such/dir"]}, "--graph: no such directory: /no/such/dir"),
        ({"graphs": ["a.b=/tmp"]}, "must be a plain name"),
        ({"sources": ["../x=/tmp"]}, "--source: invalid graph name"),
        ({"sources": ["session=/tmp"]}, "the namespace 'session' is the session's own"),
        ({"sources": ["fs=/tmp", "fs=/var"]}, "the namespace 'fs' is given twice"),
        ({"ddl_files": ["crm=/no/such.ddl"]}, "--ddl: no such file: /no/such.ddl"),
        ({"graphs": ["g=/tmp", "g=/var"]}, "two --graph options give the same name"),
    ],
)
def test_bad_values_are_named(kwargs, message):
    with pytest.raises(OptionError, match=message.replace(".", r"\.").replace("(", r"\(")):
        parse_options(**kwargs)
