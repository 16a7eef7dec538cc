"""pytest plumbing of the openCypher TCK harness.

Run: ``pytest tests/tck`` (options: ``--tck-filter REGEX`` selects scenarios whose id
matches, ``--tck-strict-xpass`` fails listed scenarios that now pass). The options are
only registered when pytest is pointed at tests/tck itself; otherwise use the environment
variables ``CYPHER_TCK_FILTER`` and ``CYPHER_TCK_STRICT_XPASS=1``. ``CYPHER_TCK_DIR``
overrides where the TCK lives (default ``<repo>/../shared/tck``); ``CYPHER_TCK_REPORT_DIR``
where the reports go (default ``<rootdir>/reports``; ``<rootdir>/reports/<engine>`` for an
engine other than Spark). ``--tck-engine duckdb`` (or ``CYPHER_TCK_ENGINE=duckdb``) runs the
scenarios on the embedded DuckDB engine, a fresh in-memory session per scenario, against
its own list ``expected_failures_duckdb.txt``.

Every scenario is one test, id'd by its scenario id, marked ``tck``. It runs on the shared
``cypher_session`` fixture (defined by tests/conftest.py) so no Spark session is started
per scenario; each scenario starts from its own graphs, so scenarios cannot see each other.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .expectations import ENGINES, expected_failures_file, load_expected_failures
from .features import ENV_TCK_DIR, Scenario, load_scenarios, tck_dir
from .report import Recorder, render_summary

ENV_FILTER = "CYPHER_TCK_FILTER"
ENV_STRICT_XPASS = "CYPHER_TCK_STRICT_XPASS"
ENV_REPORT_DIR = "CYPHER_TCK_REPORT_DIR"
ENV_ENGINE = "CYPHER_TCK_ENGINE"
_SCENARIOS = pytest.StashKey[list[Scenario]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Registers the options. pytest calls this only for conftests of the paths it is
    given, so tests/conftest.py may call it too (``from tck.conftest import
    pytest_addoption``) to make the options work for ``pytest tests``; a second call is a
    no-op."""
    group = parser.getgroup("tck", "openCypher TCK")
    if any("--tck-filter" in opt.names() for opt in group.options):
        return
    group.addoption(
        "--tck-filter",
        default=None,
        metavar="REGEX",
        help="run only TCK scenarios whose id matches REGEX (re.search)",
    )
    group.addoption(
        "--tck-engine",
        default=None,
        choices=ENGINES,
        help="the engine the scenarios run on (default spark; env CYPHER_TCK_ENGINE)",
    )
    group.addoption(
        "--tck-strict-xpass",
        action="store_true",
        default=False,
        help="fail scenarios listed as expected failures that now pass",
    )


def _option(config: pytest.Config, name: str, env: str) -> str | None:
    try:
        value = config.getoption(name)
    except ValueError:  # option not registered: this conftest was not an initial one
        value = None
    return value or os.environ.get(env) or None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "tck: openCypher TCK scenarios (tests/tck)")
    if not config.pluginmanager.has_plugin("tck-harness"):
        config.pluginmanager.register(TckPlugin(config), "tck-harness")


def _scenarios(config: pytest.Config) -> list[Scenario]:
    """Parsed once per run, then filtered by --tck-filter."""
    if _SCENARIOS not in config.stash:
        features = tck_dir() / "features"
        config.stash[_SCENARIOS] = load_scenarios(features) if features.is_dir() else []
    scenarios = config.stash[_SCENARIOS]
    pattern = _option(config, "tck_filter", ENV_FILTER)
    if pattern:
        regex = re.compile(pattern)
        scenarios = [s for s in scenarios if regex.search(s.id)]
    return scenarios


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "tck_scenario" not in metafunc.fixturenames:
        return
    features = tck_dir() / "features"
    if not features.is_dir():
        reason = f"TCK features not found at {features} (set {ENV_TCK_DIR})"
        params = [pytest.param(None, id="tck-missing", marks=pytest.mark.skip(reason=reason))]
    else:
        params = [
            pytest.param(
                s,
                id=s.id,
                marks=[pytest.mark.skip(reason="@ignore in the TCK")] if "ignore" in s.tags else [],
            )
            for s in _scenarios(metafunc.config)
        ]
    metafunc.parametrize("tck_scenario", params)


@pytest.fixture(scope="session")
def tck_graphs_dir() -> Path:
    return tck_dir() / "graphs"


def tck_engine_of(config: pytest.Config) -> str:
    engine = _option(config, "tck_engine", ENV_ENGINE) or "spark"
    if engine not in ENGINES:
        raise pytest.UsageError(f"{ENV_ENGINE}={engine!r}: expected one of {', '.join(ENGINES)}")
    return engine


@pytest.fixture(scope="session")
def tck_engine(pytestconfig: pytest.Config) -> str:
    return tck_engine_of(pytestconfig)


@pytest.fixture
def tck_session(tck_engine: str, request: pytest.FixtureRequest):
    """The session a scenario runs on: the shared Spark ``cypher_session``, or a fresh
    embedded DuckDB session (cheap to make, and nothing leaks between scenarios)."""
    if tck_engine == "duckdb":
        from graphframe_cypher.backends.duckdb import EmbeddedSession

        return EmbeddedSession()
    return request.getfixturevalue("cypher_session")


@pytest.fixture(scope="session")
def tck_list_file(tck_engine: str) -> str:
    return f"tests/tck/{expected_failures_file(tck_engine).name}"


@pytest.fixture(scope="session")
def tck_expected_failures(tck_engine: str) -> dict[str, str]:
    return load_expected_failures(expected_failures_file(tck_engine))


@pytest.fixture(scope="session")
def tck_strict_xpass(pytestconfig: pytest.Config) -> bool:
    return bool(_option(pytestconfig, "tck_strict_xpass", ENV_STRICT_XPASS))


class TckPlugin:
    """Records each scenario's outcome, writes the JSON reports and prints the summary."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.recorder = Recorder(str(tck_dir()), _option(config, "tck_filter", ENV_FILTER))

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        # Carried in user_properties, which reach every report (also through pytest-xdist,
        # whose controller never sees the items themselves).
        for item in items:
            scenario = getattr(item, "callspec", None) and item.callspec.params.get("tck_scenario")
            if isinstance(scenario, Scenario):
                item.user_properties += [("tck_scenario", scenario.id), ("tck_area", scenario.area)]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        props = dict(report.user_properties)
        if "tck_scenario" not in props:
            return
        outcome = _outcome(report)
        if outcome is not None:
            self.recorder.record(
                props["tck_scenario"], props["tck_area"], outcome, _message(report)
            )

    def _report_dir(self) -> Path:
        env = os.environ.get(ENV_REPORT_DIR)
        if env:
            return Path(env)
        engine = tck_engine_of(self.config)
        reports = self.config.rootpath / "reports"
        return reports if engine == "spark" else reports / engine

    def _list_file(self) -> str:
        return f"tests/tck/{expected_failures_file(tck_engine_of(self.config)).name}"

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        # Under pytest-xdist only the controller writes (it sees every worker's reports).
        if self.recorder.results and not hasattr(self.config, "workerinput"):
            self.recorder.write(self._report_dir())

    def pytest_terminal_summary(self, terminalreporter, exitstatus, config) -> None:
        if not self.recorder.results:
            return
        tr = terminalreporter
        tr.write_sep("=", "openCypher TCK summary")
        for line in render_summary(self.recorder.summary()):
            tr.write_line(line)
        stale = self.recorder.now_passing()
        if stale:
            tr.write_sep(
                "-",
                f"{len(stale)} expected failures now pass: remove them from "
                f"{self._list_file()}",
            )
            for scenario_id in stale[:100]:
                tr.write_line(f"  {scenario_id}")
            if len(stale) > 100:
                tr.write_line(f"  ... and {len(stale) - 100} more (see reports)")
        unknown = self._unknown_listed_ids()
        if unknown:
            tr.write_sep(
                "-",
                f"{len(unknown)} ids in {self._list_file()} name no "
                "TCK scenario: remove them",
            )
            for scenario_id in unknown[:20]:
                tr.write_line(f"  {scenario_id}")
        tr.write_line(f"TCK reports written to {self._report_dir()}")

    def _unknown_listed_ids(self) -> list[str]:
        """Listed ids of scenarios that do not exist (renamed or removed from the TCK)."""
        if _SCENARIOS not in self.config.stash or not self.config.stash[_SCENARIOS]:
            return []
        known = {s.id for s in self.config.stash[_SCENARIOS]}
        listed = load_expected_failures(expected_failures_file(tck_engine_of(self.config)))
        return sorted(set(listed) - known)


def _outcome(report: pytest.TestReport) -> str | None:
    if ("tck_xpass", True) in report.user_properties:
        return "xpassed"
    if report.skipped:
        return "xfailed" if hasattr(report, "wasxfail") else "skipped"
    if report.failed:
        return "failed"
    return "passed" if report.when == "call" else None


def _message(report: pytest.TestReport) -> str:
    if hasattr(report, "wasxfail"):
        return str(report.wasxfail)
    longrepr = report.longrepr
    if longrepr is None:
        return ""
    if isinstance(longrepr, tuple):  # skips: (path, line, reason)
        return str(longrepr[2])
    crash = getattr(longrepr, "reprcrash", None)
    message = crash.message if crash is not None else str(longrepr)
    return message.removeprefix("Failed: ")  # pytest.fail()'s prefix says nothing
