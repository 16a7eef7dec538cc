"""Which Spark settings the CLI and ``local_spark`` give the sessions they create: local
defaults only for ``local*`` masters, ``--conf`` on top (no Spark started here)."""

from __future__ import annotations

import pytest

from graphframe_cypher import cli
from graphframe_cypher.api.session import is_local_master, session_settings

LOCAL_ONLY = ("spark.driver.host", "spark.driver.bindAddress", "spark.ui.enabled")


@pytest.mark.parametrize("master", ["local", "local[*]", "local[2]", "local[4,3]"])
def test_local_masters_get_loopback_settings(master):
    settings = session_settings(master)
    assert is_local_master(master)
    assert settings["spark.driver.host"] == "127.0.0.1"
    assert settings["spark.sql.shuffle.partitions"] == "4"
    assert settings["spark.ui.enabled"] == "false"


@pytest.mark.parametrize(
    "master", ["spark://10.0.0.5:7077", "yarn", "k8s://https://api:6443", "mesos://m:5050"]
)
def test_cluster_masters_keep_their_own_settings(master):
    settings = session_settings(master)
    assert not is_local_master(master)
    assert not set(LOCAL_ONLY) & set(settings)
    assert "spark.sql.shuffle.partitions" not in settings


def test_conf_overrides_defaults():
    settings = session_settings("local[2]", {"spark.sql.shuffle.partitions": "16", "a.b": "c"})
    assert settings["spark.sql.shuffle.partitions"] == "16"
    assert settings["a.b"] == "c"


def test_conf_option_is_repeatable_and_splits_at_the_first_equals():
    args = cli.build_parser().parse_args(
        ["-e", "RETURN 1", "--conf", "spark.executor.memory=2g", "--conf", "x.opts=-Da=b"]
    )
    assert args.conf == [("spark.executor.memory", "2g"), ("x.opts", "-Da=b")]


@pytest.mark.parametrize("bad", ["novalue", "=1"])
def test_malformed_conf_is_a_usage_error(bad, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.build_parser().parse_args(["-e", "RETURN 1", "--conf", bad])
    assert exit_info.value.code == 2
    assert "KEY=VALUE" in capsys.readouterr().err


def test_start_passes_master_and_conf_to_the_session(monkeypatch):
    from graphframe_cypher import CypherSession, sample

    seen = {}

    def fake_local(**conf):
        seen.update(conf)
        return object()

    monkeypatch.setattr(CypherSession, "local", staticmethod(fake_local))
    monkeypatch.setattr(sample, "load_sample_graph", lambda session: "graph")
    args = cli.build_parser().parse_args(
        ["-e", "RETURN 1", "--master", "spark://h:7077", "--conf", "spark.cores.max=4", "--debug"]
    )
    cli._start(args, hive=True)
    assert seen == {
        "master": "spark://h:7077",
        "spark.sql.catalogImplementation": "hive",
        "spark.cores.max": "4",
    }
