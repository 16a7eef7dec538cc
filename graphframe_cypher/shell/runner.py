"""Running one query from the shell: in a worker thread under its own job group, with a
progress line while it takes longer than a second, and Ctrl-C cancelling just that query.

The main thread only waits: Python delivers SIGINT (Ctrl-C) to the main thread, which then
cancels the query's job group. The session's job-control methods
(:class:`graphframe_cypher.api.control.QueryControl`) do the backend work.
"""

from __future__ import annotations

import itertools
import shutil
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from .rendering import elapsed_text, progress_text

# How long to wait for a cancelled query's jobs to stop before cancelling every job, and
# before giving up on the worker thread altogether (it then finishes in the background and
# its result is dropped).
_CANCEL_GRACE_SECONDS = 5.0
_ABANDON_AFTER_SECONDS = 10.0

_group_numbers = itertools.count(1)


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None
    cancelled: bool = False
    seconds: float = 0.0


class QueryRunner:
    def __init__(
        self, session: Any, out: TextIO, progress_after: float = 1.0, poll_seconds: float = 0.2
    ):
        self._session = session
        self._out = out
        self._progress_after = progress_after
        self._poll_seconds = poll_seconds

    def run(self, work: Callable[[], Any], description: str = "") -> Outcome:
        """Run ``work`` (which starts the backend jobs) and wait for it; Ctrl-C cancels."""
        group = f"graphframe-cypher-shell-{next(_group_numbers)}"
        outcome = Outcome()

        def target() -> None:
            try:
                with self._session.job_group(group, description[:200]):
                    outcome.value = work()
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                outcome.error = exc

        worker = threading.Thread(target=target, name="cypher-query", daemon=True)
        started = time.monotonic()
        with _CtrlCInterrupts(), _ProgressLine(self._out) as line:
            try:
                worker.start()
                while worker.is_alive():
                    worker.join(self._poll_seconds)
                    elapsed = time.monotonic() - started
                    if worker.is_alive() and elapsed >= self._progress_after:
                        line.show(self._progress(group, elapsed))
            except KeyboardInterrupt:
                outcome.cancelled = True
                line.show("cancelling ...")
                self._cancel(group, worker)
        outcome.seconds = time.monotonic() - started
        if outcome.cancelled:
            outcome.value = outcome.error = None
        return outcome

    def _progress(self, group: str, elapsed: float) -> str:
        try:
            return progress_text(self._session.job_progress(group), elapsed)
        except Exception:  # noqa: BLE001 - the status tracker is best effort
            return f"running ... {elapsed_text(elapsed)}  (Ctrl-C cancels)"

    def _cancel(self, group: str, worker: threading.Thread) -> None:
        try:
            self._session.cancel_job_group(group)
            worker.join(_CANCEL_GRACE_SECONDS)
            if worker.is_alive():  # jobs outside the group (e.g. pyspark without pinned threads)
                self._session.cancel_all_jobs()
                worker.join(_ABANDON_AFTER_SECONDS)
        except KeyboardInterrupt:  # a second Ctrl-C: stop waiting
            pass


class _CtrlCInterrupts:
    """Ctrl-C raises KeyboardInterrupt in the main thread while a query runs (pyspark
    installs a handler that cancels every job; the shell cancels only its query's group)."""

    def __enter__(self):
        self._previous = None
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


class _ProgressLine:
    """A status line rewritten in place (carriage return) and blanked before results print;
    only on terminals."""

    def __init__(self, out: TextIO):
        self._out = out
        self._enabled = bool(getattr(out, "isatty", lambda: False)())
        self._width = 0
        # Never wider than the terminal: a wrapped line could not be rewritten in place.
        self._columns = shutil.get_terminal_size().columns

    def __enter__(self) -> _ProgressLine:
        return self

    def show(self, text: str) -> None:
        if not self._enabled:
            return
        text = text[: self._columns - 1]
        padding = " " * max(0, self._width - len(text))
        self._out.write("\r" + text + padding)
        self._out.flush()
        self._width = len(text)

    def __exit__(self, *exc_info) -> None:
        if self._enabled and self._width:
            self._out.write("\r" + " " * self._width + "\r")
            self._out.flush()
