"""Running queries under control: what an interactive client (the shell) needs from a
CypherSession beyond ``cypher()``: cancel a running query, watch its progress, see how the
backend will execute it. CypherSession inherits these methods; they delegate to the Spark
backend (backends/spark/jobs.py), so clients never import pyspark."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


class QueryControl:
    spark: Any  # the SparkSession, set by CypherSession

    @contextlib.contextmanager
    def job_group(self, group_id: str, description: str = "") -> Iterator[None]:
        """Backend jobs started by this thread inside the block form one cancellable group."""
        from ..backends.spark.jobs import job_group

        with job_group(self.spark, group_id, description):
            yield

    def cancel_job_group(self, group_id: str) -> None:
        from ..backends.spark.jobs import cancel_job_group

        cancel_job_group(self.spark, group_id)

    def cancel_all_jobs(self) -> None:
        from ..backends.spark.jobs import cancel_all_jobs

        cancel_all_jobs(self.spark)

    def job_progress(self, group_id: str) -> Any:
        """A ``JobProgress`` (jobs, stages and tasks done / known) of the group's jobs."""
        from ..backends.spark.jobs import job_progress

        return job_progress(self.spark, group_id)

    def explain(self, query: str, parameters: dict[str, Any] | None = None, graph=None) -> str:
        """The query's logical and relational plans and Spark's physical plan (nothing runs
        except constant folding)."""
        from ..backends.spark.jobs import physical_plan

        result = self.cypher(query, parameters, graph=graph)  # type: ignore[attr-defined]
        spark_plan = result.records._run(lambda: physical_plan(result.records.frame))
        return f"{result.explain()}\nSpark physical plan:\n{spark_plan.rstrip()}"

    def profile(self, result) -> str:
        """The plan ``result`` ran with, each operator's rows and timings (Spark's SQL
        metrics); call after reading the result's records."""
        from ..backends.spark.jobs import executed_plan_profile

        records = result.records
        return f"{result.explain()}\nSpark executed plan (rows and times as it ran):\n" + (
            records._run(lambda: executed_plan_profile(records.frame))
        )

    def engine_description(self) -> str:
        """One line naming the backend, e.g. ``Spark 4.0.1 (local[*])``."""
        sc = self.spark.sparkContext
        return f"Spark {self.spark.version} ({sc.master})"
