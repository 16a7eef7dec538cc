"""Exceptions meaning "the engine did not do what the scenario expects".

They are AssertionErrors, reported as plain messages. Any other exception escaping a
scenario is an engine (or harness) bug and is reported with its traceback.
"""


class TckFailure(AssertionError):
    """The engine did not do what the scenario expects."""


class TckUnsupported(TckFailure):
    """The engine reported (or lacks) a feature the scenario needs."""
