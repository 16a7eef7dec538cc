"""CypherSession's job control for interactive clients (api/control.py over
backends/spark/jobs.py): job groups, progress from the status tracker, physical plans."""

from __future__ import annotations

QUERY = "MATCH (p:Person)-[:KNOWS]->(f) RETURN p.name AS name, count(f) AS n ORDER BY n DESC"


def test_explain_has_the_cypher_plans_and_sparks_physical_plan(cypher_session, sample_graph):
    text = cypher_session.explain(QUERY, graph=sample_graph)
    assert text.index("Logical plan:") < text.index("Relational plan:")
    assert "Spark physical plan:" in text and "== Physical Plan ==" in text


def test_explain_reports_query_errors(cypher_session, sample_graph):
    import pytest

    from graphframe_cypher.errors import CypherError

    with pytest.raises(CypherError, match="line 1"):
        cypher_session.explain("MATCH (p:Person RETURN p", graph=sample_graph)


def test_progress_of_a_job_group(cypher_session, sample_graph):
    group = "test-query-control-progress"
    assert cypher_session.job_progress(group).jobs == 0
    with cypher_session.job_group(group, "a test query"):
        rows = sample_graph.cypher(QUERY).records.collect()
    assert rows
    progress = cypher_session.job_progress(group)
    assert progress.jobs >= 1
    assert progress.tasks_total >= 1 and progress.fraction == 1.0
    assert progress.stages_done == progress.stages_total
    # The group ends with the block: later jobs of this thread are not counted in it.
    sample_graph.cypher("RETURN 1 AS one").records.collect()
    assert cypher_session.job_progress(group).jobs == progress.jobs


def test_engine_description(cypher_session):
    assert cypher_session.engine_description().startswith("Spark 4.")
