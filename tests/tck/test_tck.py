"""One test per openCypher TCK scenario (parametrized in conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .failures import TckFailure
from .features import Scenario
from .steps import ScenarioRunner

pytestmark = pytest.mark.tck


def test_scenario(
    tck_scenario: Scenario,
    tck_session,
    tck_graphs_dir: Path,
    tck_expected_failures: dict[str, str],
    tck_list_file: str,
    tck_strict_xpass: bool,
    request: pytest.FixtureRequest,
) -> None:
    runner = ScenarioRunner(tck_session, tck_graphs_dir)
    listed = tck_scenario.id in tck_expected_failures
    failure: TckFailure | None = None
    try:
        runner.run(tck_scenario)
    except TckFailure as exc:
        failure = exc
    except Exception as error:  # an engine bug: fail this scenario, with its traceback
        if listed:
            pytest.xfail(_xfail_reason(tck_expected_failures[tck_scenario.id], error))
        raise
    if failure is not None:
        if listed:
            pytest.xfail(_xfail_reason(tck_expected_failures[tck_scenario.id], failure))
        # Outside the except block so pytest does not print the failure twice (as context);
        # the message says it all, the harness's own stack would only add noise.
        pytest.fail(f"{failure}\n\n{runner.context()}", pytrace=False)
    if listed:
        request.node.user_properties.append(("tck_xpass", True))
        if tck_strict_xpass:
            pytest.fail(f"now passes, remove it from {tck_list_file}", pytrace=False)


def _xfail_reason(listed_reason: str, error: BaseException) -> str:
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    if not isinstance(error, TckFailure):
        detail = f"{type(error).__name__}: {detail}"
    return f"{listed_reason}: {detail}" if listed_reason else detail
