"""Spark job control for interactive use: job groups (so one query's jobs can be cancelled
without touching anything else), progress from Spark's status tracker, and the physical plan
of a result's DataFrame.

The interactive shell reaches these only through :class:`graphframe_cypher.api.control`
(CypherSession methods), so it never imports pyspark itself.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass

# Local properties Spark keeps per thread for the job group (SparkContext.setJobGroup).
_JOB_GROUP_PROPERTIES = (
    "spark.jobGroup.id",
    "spark.job.description",
    "spark.job.interruptOnCancel",
)


@dataclass(frozen=True)
class JobProgress:
    """How far the jobs of one group have got: stages and tasks done out of those known.

    Totals grow while a query runs (later jobs are submitted as earlier ones finish), so the
    fraction is an estimate for the jobs submitted so far."""

    jobs: int = 0
    stages_done: int = 0
    stages_total: int = 0
    tasks_done: int = 0
    tasks_total: int = 0

    @property
    def fraction(self) -> float:
        return self.tasks_done / self.tasks_total if self.tasks_total else 0.0


@contextlib.contextmanager
def job_group(spark, group_id: str, description: str = "") -> Iterator[None]:
    """Jobs that this thread starts inside the block belong to ``group_id``; cancelling the
    group interrupts their running tasks. Spark keeps the group per thread, so it must be set
    in the thread that runs the query (pyspark's default pinned-thread mode)."""
    sc = spark.sparkContext
    sc.setJobGroup(group_id, description, interruptOnCancel=True)
    try:
        yield
    finally:
        for key in _JOB_GROUP_PROPERTIES:
            with contextlib.suppress(Exception):  # the JVM may be gone after a failure
                sc.setLocalProperty(key, None)  # type: ignore[arg-type]


def cancel_job_group(spark, group_id: str) -> None:
    spark.sparkContext.cancelJobGroup(group_id)


def cancel_all_jobs(spark) -> None:
    spark.sparkContext.cancelAllJobs()


def job_progress(spark, group_id: str) -> JobProgress:
    """Stages and tasks of the group's jobs, from the status tracker (driver-side counters;
    no job is started to compute them). Stages of finished jobs count as done: a stage whose
    output an earlier job already computed is skipped and never reports its tasks."""
    tracker = spark.sparkContext.statusTracker()
    job_ids = tracker.getJobIdsForGroup(group_id)
    stages_done = stages_total = tasks_done = tasks_total = 0
    for job_id in job_ids:
        job = tracker.getJobInfo(job_id)
        if job is None:
            continue
        finished = str(job.status) != "RUNNING"
        for stage_id in job.stageIds:
            stage = tracker.getStageInfo(stage_id)
            stages_total += 1
            if stage is None:  # forgotten by the tracker: long done
                stages_done += 1
                continue
            done = stage.numTasks if finished else stage.numCompletedTasks
            tasks_total += stage.numTasks
            tasks_done += done
            stages_done += done >= stage.numTasks
    return JobProgress(len(job_ids), stages_done, stages_total, tasks_done, tasks_total)


def physical_plan(df) -> str:
    """Spark's physical plan of ``df`` (the ``formatted`` explain mode), as text."""
    try:
        jvm = df.sparkSession.sparkContext._jvm
        return str(jvm.PythonSQLUtils.explainString(df._jdf.queryExecution(), "formatted"))
    except Exception:  # noqa: BLE001 - private API moved: fall back to what explain() prints
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            df.explain(mode="formatted")
        return buffer.getvalue()


# Wrappers of the plan that ran: the operators inside them are what a profile shows.
# Query stages (ShuffleQueryStageExec, ResultQueryStageExec, ...) all hold theirs in plan().
_PLAN_WRAPPERS = {"AdaptiveSparkPlanExec": "executedPlan", "ReusedExchangeExec": "child"}
# Operators that only glue generated code together.
_SILENT_OPERATORS = {"InputAdapter"}


def executed_plan_profile(df) -> str:
    """Spark's executed plan of ``df`` with each operator's rows and timings (its SQL
    metrics), after ``df`` has run (``collect()``); one operator a line, indented by depth."""
    jvm = df.sparkSession.sparkContext._jvm
    convert = jvm.scala.jdk.javaapi.CollectionConverters
    lines: list[str] = []

    def visit(node, depth: int) -> None:
        kind = node.getClass().getSimpleName()
        unwrap = "plan" if kind.endswith("QueryStageExec") else _PLAN_WRAPPERS.get(kind)
        if unwrap is not None:
            visit(getattr(node, unwrap)(), depth)
            return
        if node.nodeName() not in _SILENT_OPERATORS:
            lines.append("  " * depth + node.nodeName() + _metrics_text(node, convert))
            depth += 1
        for child in convert.asJava(node.children()):
            visit(child, depth)

    visit(df._jdf.queryExecution().executedPlan(), 0)
    return "\n".join(lines)


def _metrics_text(node, convert) -> str:
    metrics = convert.asJava(node.metrics())
    values = {str(key): metrics.get(key).value() for key in metrics.keySet()}
    shown = []
    if "numOutputRows" in values:
        shown.append(f"rows={values['numOutputRows']}")
    for key, value in sorted(values.items()):
        if value and key.endswith("Time") and key != "shuffleWriteTime":  # milliseconds
            shown.append(f"{key}={value} ms")
    return ("  (" + ", ".join(shown) + ")") if shown else ""


def count_jobs(spark, action, group_id: str) -> tuple[object, int]:
    """``action()``'s result and the number of Spark jobs it started (those of a job group
    set for the duration, read from the status tracker: no listener needed)."""
    with job_group(spark, group_id, "counting jobs"):
        result = action()
    return result, len(spark.sparkContext.statusTracker().getJobIdsForGroup(group_id))
