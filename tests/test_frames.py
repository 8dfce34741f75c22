"""``frames.records``: a frame's rows as dicts, the same values (and types) as pandas'
``to_dict("records")`` gives, which the charts, tables and messages used before."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from tracker import frames


def test_rows_as_dicts_with_missing_values_as_pandas_gives_them():
    frame = pd.DataFrame(
        {
            "n": [7, 8],
            "won": pd.array([406_100_000_000, None], dtype="Int64"),
            "rate": [0.5, float("nan")],
            "name": pd.Series(["광주", None], dtype=object),
            "text": ["a", None],  # pandas 3 infers its str dtype: missing is NaN
            "on": pd.to_datetime(["2026-12-07", None]),
            "flag": pd.array([True, None], dtype="boolean"),
            "day": [dt.date(2026, 2, 28), None],
        }
    )
    first, second = frames.records(frame)
    assert first == {
        "n": 7,
        "won": 406_100_000_000,
        "rate": 0.5,
        "name": "광주",
        "text": "a",
        "on": pd.Timestamp("2026-12-07"),
        "flag": True,
        "day": dt.date(2026, 2, 28),
    }
    assert type(first["n"]) is int and type(first["won"]) is int  # not numpy scalars
    # a nullable column's missing value is None (not pd.NA, which raises in `if`); NaN and NaT
    # stay as they are
    assert second["won"] is None and second["flag"] is None
    assert math.isnan(second["rate"]) and math.isnan(second["text"]) and second["on"] is pd.NaT
    assert second["name"] is None and second["day"] is None


def test_a_frame_with_no_rows_or_no_columns():
    assert frames.records(pd.DataFrame({"a": []})) == []
    assert frames.records(pd.DataFrame(index=[0, 1])) == [{}, {}]
