"""Edges of small metric helpers the mutation run (tests/mutation/run.py metrics) found unchecked:
the envelope history's columns and types, the schedule chart's year span and status filter."""

import datetime as dt

import pandas as pd

from tracker.budget import metrics as budget_metrics
from tracker.schedule import metrics as schedule_metrics


def test_envelope_steps_keep_the_columns_as_whole_won_and_number_rows_from_zero():
    versions = pd.DataFrame(
        {
            "key": ["v2", "v1", "v3"],
            "announced_on": [dt.date(2021, 5, 1), dt.date(2020, 1, 15), dt.date(2022, 2, 3)],
            "total_won": [120_000_000.0, 100_000_000.0, None],  # a gap makes the column float
            "reason": [None, "first plan", "no total"],  # a missing reason keeps the row
        },
        index=[7, 8, 9],
    )
    steps = budget_metrics.envelope_steps(versions)
    assert list(steps.columns) == ["key", "announced_on", "total_won", "reason", "change_won"]
    assert steps.index.tolist() == [0, 1]
    assert steps["key"].tolist() == ["v1", "v2"]
    assert str(steps["total_won"].dtype) == "int64" and str(steps["change_won"].dtype) == "int64"
    # 100,000,000 first (its change is its total), then 120,000,000 - 100,000,000
    assert steps["total_won"].tolist() == [100_000_000, 120_000_000]
    assert steps["change_won"].tolist() == [100_000_000, 20_000_000]


def test_envelope_steps_of_no_versions_is_an_empty_whole_won_column():
    versions = pd.DataFrame({"key": [], "announced_on": [], "total_won": []})
    steps = budget_metrics.envelope_steps(versions)
    assert list(steps.columns) == ["key", "announced_on", "total_won", "change_won"]
    assert steps.empty and str(steps["change_won"].dtype) == "int64"


def _milestones(rows):
    columns = ["baseline_date", "forecast_date", "actual_date", "status_events"]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows], columns=columns)


def test_year_bounds_take_every_date_column_and_status_change():
    as_of = dt.date(2026, 12, 1)
    planned_first_done_last = _milestones(
        [
            (dt.date(2019, 1, 1), None, None, []),
            (None, None, dt.date(2029, 12, 31), None),
        ]
    )
    assert schedule_metrics.year_bounds(planned_first_done_last, as_of) == (2019, 2029)
    forecast_first_change_last = _milestones(
        [(None, dt.date(2018, 5, 1), None, [{"changed_on": "2031-01-01"}])]
    )
    assert schedule_metrics.year_bounds(forecast_first_change_last, as_of) == (2018, 2031)
    change_first_forecast_last = _milestones(
        [(None, dt.date(2030, 6, 30), None, [{"changed_on": dt.date(2017, 3, 2)}])]
    )
    assert schedule_metrics.year_bounds(change_first_forecast_last, as_of) == (2017, 2030)
    # every date before the as-of year: the as-of year still closes the span
    earlier = _milestones([(dt.date(2024, 2, 1), dt.date(2025, 3, 1), None, [])])
    assert schedule_metrics.year_bounds(earlier, as_of) == (2024, 2026)
    assert schedule_metrics.year_bounds(_milestones([]), as_of) == (2026, 2026)


def test_state_options_are_the_states_present_in_legend_order():
    frame = pd.DataFrame({"state": ["late", "done", "late", "unscheduled", "on_track"]})
    assert schedule_metrics.state_options(frame) == ["done", "on_track", "late", "unscheduled"]
    everything = pd.DataFrame({"state": list(reversed(schedule_metrics.STATE_ORDER))})
    assert schedule_metrics.state_options(everything) == [
        "done",
        "done_undated",
        "on_track",
        "at_risk",
        "late",
        "not_recorded",
        "stopped",
        "cancelled",
        "unscheduled",
    ]
    assert schedule_metrics.state_options(pd.DataFrame({"state": []})) == []
    assert schedule_metrics.state_options(pd.DataFrame()) == []  # no milestones, no columns
