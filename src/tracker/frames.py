"""Frames into plain Python: what the charts, tables and messages iterate over."""

from __future__ import annotations

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, three times faster: each column converted whole
    (``tolist``) rather than cell by cell (8.8 against 2.6 ms for the portfolio's 80 rows of
    45 columns). A missing value of a nullable column (``Int64``, ``boolean``) is None, as
    ``to_dict`` gives it; NaN and NaT stay as they are, as there."""
    columns = []
    unique = frame.columns.is_unique  # by name: iloc takes 0.2 ms a column
    for index, name in enumerate(frame.columns):
        series = frame[name] if unique else frame.iloc[:, index]
        values = series.tolist()
        if isinstance(series.dtype, pd.api.extensions.ExtensionDtype) and series.hasnans:
            values = [None if value is pd.NA else value for value in values]
        columns.append(values)
    if not columns:
        return [{} for _ in range(len(frame))]
    names = list(frame.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
