"""The engine never uses a row-at-a-time Python UDF: only vectorized (pandas / Arrow) UDFs
where Spark has no native function. This test reads the code; tests/e2e/test_vectorized_plans.py
reads the physical plans of real queries."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "graphframe_cypher"

# Ways to make a row-at-a-time Python UDF in PySpark (pandas_udf, mapInPandas and
# mapInArrow are vectorized and allowed).
ROW_UDF = re.compile(
    r"(?<![A-Za-z_])(F\.udf|functions\.udf|udf\(|@udf\b|\.udf\.register|\.rdd\.map|\.rdd\.flatMap"
    r"|\.foreach\(|\.mapPartitions\()"
)


def test_no_row_at_a_time_udf_in_the_package():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if ROW_UDF.search(code) and "pandas_udf" not in code:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_pattern_finds_row_udfs():
    assert ROW_UDF.search("f = F.udf(lambda x: x)")
    assert ROW_UDF.search("@udf(returnType='int')")
    assert not ROW_UDF.search("f = F.pandas_udf(fn, 'long')")
