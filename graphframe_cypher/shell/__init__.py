"""The interactive Cypher shell (``graphframe-cypher`` without -e/-f).

Modules: ``statements`` (the input scanner: statement ends, scripts), ``highlight`` (syntax
colours), ``completion`` (Tab completion from the schema), ``commands`` (``:help``, ``:use``,
...), ``rendering`` (tables, CSV, JSON, errors, progress), ``runner`` (one query in a
cancellable job group), ``graphs`` (named graphs), ``app`` (the loop). Nothing here imports
pyspark: Spark-specific work goes through CypherSession (api/control.py).
"""
