"""Result tables in pandas: the portable table's Arrow batches in the dtypes of
``portable.pandas_dtype`` (nullable Int64/boolean/string, datetime64, object only for
nested values)."""

from __future__ import annotations

from ..portable import output_columns, pandas_dtype


def arrow_to_pandas(table, columns, types):
    """A pandas DataFrame of ``table`` (a pyarrow Table of the portable result columns)."""
    import pandas as pd

    data = {}
    for index, (name, ct) in enumerate(output_columns(columns, types)):
        column = table.column(index)
        dtype = "string" if ct is None else pandas_dtype(ct)
        data[name] = _series(column, dtype)
    return pd.DataFrame(data, columns=[name for name, _ in output_columns(columns, types)])


def _series(column, dtype: str):
    import pandas as pd
    import pyarrow as pa

    if dtype == "object":
        # nested values as Python lists and dicts (Arrow's default would give numpy arrays)
        return pd.Series(column.to_pylist(), dtype=object)
    if dtype.startswith("datetime64"):
        column = column.cast(pa.timestamp("us", tz="UTC" if "UTC" in dtype else None))
        return column.to_pandas(coerce_temporal_nanoseconds=False).astype(dtype)
    nullable = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return column.to_pandas(types_mapper=nullable.get).astype(dtype)
