"""Every date and threshold rule at its edge: due today / yesterday / tomorrow, a threshold
exactly met, month arithmetic across month ends and leap years, the first and last day of the
as-of window. Expected values are worked out by hand in the comments."""

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Column, Date, MetaData, String, Table, create_engine, select

from tracker.budget import metrics as budget_metrics
from tracker.db import rules
from tracker.partners import metrics as partners_metrics
from tracker.schedule.metrics import compute_slip, whole_months

D = dt.date


# --- milestone state (the SQL rule every page uses) ----------------------------------------------

_META = MetaData()
_MS = Table(
    "ms",
    _META,
    Column("key", String, primary_key=True),
    Column("baseline_date", Date),
    Column("forecast_date", Date),
    Column("actual_date", Date),
    Column("actual_precision", String),
    Column("status", String),
    Column("depends_on", String),
)


def states(rows: list[dict], as_of: dt.date) -> dict[str, str]:
    """The state of each milestone on ``as_of``, through rules.milestone_state on SQLite."""
    engine = create_engine("sqlite://")
    _META.create_all(engine)
    base = {
        "baseline_date": None,
        "forecast_date": None,
        "actual_date": None,
        "actual_precision": "day",
        "status": "planned",
        "depends_on": None,
    }
    with engine.begin() as conn:
        conn.execute(_MS.insert(), [base | r for r in rows])
        ms = select(_MS).subquery("m")
        dependants = select(_MS).subquery("d")
        state = rules.milestone_state(ms, as_of, dependants=dependants)
        out = conn.execute(select(ms.c.key, state)).all()
    engine.dispose()
    return dict(out)


LEAP_DAY = D(2024, 2, 29)


def test_due_today_is_not_yet_due_yesterday_is_past_tomorrow_is_ahead():
    got = states(
        [
            {"key": "today-open", "baseline_date": LEAP_DAY},
            {"key": "today-under-way", "baseline_date": LEAP_DAY, "status": "in_progress"},
            {"key": "yesterday-open", "baseline_date": D(2024, 2, 28)},
            {
                "key": "yesterday-under-way",
                "baseline_date": D(2024, 2, 28),
                "status": "in_progress",
            },
            {"key": "tomorrow-under-way", "baseline_date": D(2024, 3, 1), "status": "in_progress"},
        ],
        LEAP_DAY,
    )
    assert got == {
        "today-open": "on_track",
        "today-under-way": "on_track",
        "yesterday-open": "not_recorded",  # past due, no source says whether it happened
        "yesterday-under-way": "late",
        "tomorrow-under-way": "on_track",
    }


def test_the_forecast_replaces_the_baseline_as_due_date():
    got = states(
        [
            # forecast today, later than the baseline: not yet due, but at risk
            {"key": "fc-today", "baseline_date": D(2024, 2, 1), "forecast_date": LEAP_DAY},
            # forecast yesterday: past due although the baseline is in the future
            {
                "key": "fc-yesterday",
                "baseline_date": D(2024, 3, 1),
                "forecast_date": D(2024, 2, 28),
                "status": "in_progress",
            },
            # forecast equal to the baseline: not later, so on track
            {"key": "fc-same", "baseline_date": D(2024, 3, 1), "forecast_date": D(2024, 3, 1)},
            # forecast one day later than the baseline, both ahead: at risk
            {"key": "fc-one-day", "baseline_date": D(2024, 3, 1), "forecast_date": D(2024, 3, 2)},
            # forecast earlier than the baseline: on track
            {"key": "fc-early", "baseline_date": D(2024, 3, 9), "forecast_date": D(2024, 3, 2)},
            {"key": "no-dates"},
        ],
        LEAP_DAY,
    )
    assert got == {
        "fc-today": "at_risk",
        "fc-yesterday": "late",
        "fc-same": "on_track",
        "fc-one-day": "at_risk",
        "fc-early": "on_track",
        "no-dates": "unscheduled",
    }


@pytest.mark.parametrize(
    ("actual", "precision", "as_of", "expected"),
    [
        (LEAP_DAY, "day", LEAP_DAY, "done"),  # done today counts
        (D(2024, 3, 1), "day", LEAP_DAY, "on_track"),  # done tomorrow is not known yet
        (D(2024, 2, 1), "month", LEAP_DAY, "done"),  # "February 2024" has passed on its last day
        (D(2024, 2, 1), "month", D(2024, 2, 28), "on_track"),  # ... not on the day before
        (D(2023, 2, 1), "month", D(2023, 2, 28), "done"),  # not a leap year: the 28th is the last
        (D(2024, 12, 1), "month", D(2024, 12, 31), "done"),  # December: the month after is January
        (D(2024, 6, 1), "year", D(2024, 12, 31), "done"),  # "2024" has passed on 31 December
        (D(2024, 6, 1), "year", D(2024, 12, 30), "on_track"),
        (D(2025, 1, 1), "year", D(2024, 12, 31), "on_track"),  # "2025" has not passed in 2024
        (D(2025, 1, 15), "year", D(2024, 12, 31), "on_track"),
        (D(2024, 1, 1), "year", D(2024, 12, 31), "done"),
    ],
)
def test_an_actual_date_counts_from_the_end_of_its_precision(actual, precision, as_of, expected):
    row = {
        "key": "m",
        "baseline_date": D(2030, 1, 1),
        "actual_date": actual,
        "actual_precision": precision,
    }
    assert states([row], as_of) == {"m": expected}


def test_done_without_a_date_stopped_cancelled_and_done_through_a_dependant():
    got = states(
        [
            {"key": "recorded-done", "baseline_date": D(2020, 1, 1), "status": "done"},
            {"key": "stopped", "baseline_date": D(2020, 1, 1), "status": "stopped"},
            {"key": "cancelled", "baseline_date": D(2030, 1, 1), "status": "cancelled"},
            # "before" has no record of its own, but "after" depends on it and is done today
            {"key": "before", "baseline_date": D(2020, 1, 1), "status": "in_progress"},
            {"key": "after", "depends_on": "before", "actual_date": LEAP_DAY},
            # the dependant of "before2" finishes tomorrow: not yet
            {"key": "before2", "baseline_date": D(2020, 1, 1), "status": "in_progress"},
            {"key": "after2", "depends_on": "before2", "actual_date": D(2024, 3, 1)},
            # a dependant recorded as done without a date also proves it
            {"key": "before3", "baseline_date": D(2020, 1, 1)},
            {"key": "after3", "depends_on": "before3", "status": "done"},
        ],
        LEAP_DAY,
    )
    assert got == {
        "recorded-done": "done_undated",
        "stopped": "stopped",
        "cancelled": "cancelled",
        "before": "done_undated",
        "after": "done",
        "before2": "late",
        "after2": "unscheduled",
        "before3": "done_undated",
        "after3": "done_undated",
    }


def test_known_by_without_a_precision_column_is_an_exact_day():
    engine = create_engine("sqlite://")
    _META.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            _MS.insert(),
            [{"key": "a", "actual_date": D(2024, 2, 28)}, {"key": "b", "actual_date": LEAP_DAY}],
        )
        cond = rules.known_by(_MS.c.actual_date, None, D(2024, 2, 28))
        assert conn.execute(select(_MS.c.key).where(cond).order_by(_MS.c.key)).scalars().all() == [
            "a"
        ]
    engine.dispose()


# --- slip ----------------------------------------------------------------------------------------


def test_slip_on_the_due_day_the_day_after_and_the_day_before():
    # due today: nothing to compare yet
    today = compute_slip(LEAP_DAY, "day", as_of=LEAP_DAY)
    assert (today.days, today.months, today.unit, today.basis) == (None, None, "day", None)
    assert not today.is_late
    # one day overdue: 1 day, 0 whole months, late
    after = compute_slip(LEAP_DAY, "day", as_of=D(2024, 3, 1))
    assert (after.days, after.months, after.basis, after.reference) == (
        1,
        0,
        "overdue",
        D(2024, 3, 1),
    )
    assert after.is_late
    before = compute_slip(LEAP_DAY, "day", as_of=D(2024, 2, 28))
    assert before.basis is None


def test_an_actual_on_the_as_of_day_counts_one_day_later_does_not():
    done = compute_slip(D(2024, 2, 27), "day", actual=LEAP_DAY, as_of=LEAP_DAY)
    assert (done.days, done.basis, done.reference) == (2, "actual", LEAP_DAY)
    assert done.is_late
    not_yet = compute_slip(D(2024, 2, 27), "day", actual=D(2024, 3, 1), as_of=LEAP_DAY)
    assert (not_yet.days, not_yet.basis) == (2, "overdue")  # the slip so far, 27 Feb -> 29 Feb


def test_done_on_the_planned_day_is_neither_late_nor_early():
    slip = compute_slip(LEAP_DAY, "day", actual=LEAP_DAY, as_of=D(2024, 3, 5))
    assert (slip.days, slip.months, slip.basis) == (0, 0, "actual")
    assert not slip.is_late and not slip.is_early


def test_a_forecast_one_day_early_is_early():
    slip = compute_slip(D(2024, 3, 1), "day", forecast=LEAP_DAY, as_of=D(2024, 1, 1))
    assert (slip.days, slip.months, slip.basis) == (-1, 0, "forecast")
    assert slip.is_early and not slip.is_late


def test_month_precision_slip_counts_calendar_months():
    # planned "January 2024", done 1 March 2024: two calendar months, 60 days from 1 Jan (leap Feb)
    slip = compute_slip(D(2024, 1, 1), "month", actual=D(2024, 3, 1), as_of=D(2024, 6, 1))
    assert (slip.days, slip.months, slip.unit) == (60, 2, "month")
    # planned "2023", done in March 2024: 12 months by year
    year = compute_slip(D(2023, 12, 31), "year", actual=D(2024, 3, 1), as_of=D(2024, 6, 1))
    assert (year.months, year.unit) == (12, "year")


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2024, 1, 31), D(2024, 2, 29), 1),  # to a month end is a whole month (leap February)
        (D(2023, 1, 31), D(2023, 2, 28), 1),  # ... and in a common year
        (D(2024, 1, 31), D(2024, 2, 28), 0),  # the 28th is not February's end in 2024
        (D(2024, 2, 29), D(2025, 2, 28), 12),  # leap day to the next year's month end
        (D(2024, 3, 15), D(2024, 4, 14), 0),  # one day short
        (D(2024, 3, 15), D(2024, 4, 15), 1),
        (D(2024, 12, 15), D(2025, 1, 15), 1),  # across the year end
        (D(2024, 4, 30), D(2024, 5, 30), 1),
        (D(2024, 5, 31), D(2024, 4, 30), -1),
        (LEAP_DAY, LEAP_DAY, 0),
    ],
)
def test_whole_months_across_month_ends_and_leap_years(start, end, months):
    assert whole_months(start, end) == months


# --- spending year status: a shortfall exactly at the threshold ----------------------------------


def _plan(rows):
    return pd.DataFrame(rows, columns=budget_metrics.PLAN_COLUMNS)


def _spent(rows):
    return pd.DataFrame(rows, columns=budget_metrics.EXECUTED_COLUMNS)


@pytest.mark.parametrize(
    ("spent", "threshold", "state"),
    [
        (90, 0.10, "on_track"),  # short by 10 of 100 = 0.10: exactly the threshold is not over it
        (89, 0.10, "lapsed"),  # 0.11 > 0.10
        (75, 0.25, "on_track"),  # 0.25 at 0.25
        (74, 0.25, "lapsed"),
        (100, 0.0, "on_track"),  # no shortfall at a zero threshold
        (99, 0.0, "lapsed"),
        (130, 0.10, "on_track"),  # overspent: the shortfall is negative
    ],
)
def test_a_past_year_short_exactly_by_the_threshold_is_on_track(spent, threshold, state):
    plan = _plan([(2020, "national", "p", "rnd", 100)])
    executed = _spent([(2020, 12, "national", "p", "rnd", spent)])
    table = budget_metrics.year_status(plan, executed, as_of=D(2021, 1, 1), threshold=threshold)
    assert table["state"].tolist() == [state]
    assert table["shortfall_won"].tolist() == [100 - spent]
    assert table["shortfall_ratio"].tolist() == [pytest.approx((100 - spent) / 100)]


def test_the_last_day_of_a_year_still_judges_it_by_the_forecast():
    plan = _plan([(2020, "national", "p", "rnd", 100)])
    executed = _spent([(2020, 12, "national", "p", "rnd", 50)])
    # 31 December: 2020 is the as-of year; without a forecast nothing can be said yet
    last_day = budget_metrics.year_status(plan, executed, as_of=D(2020, 12, 31))
    assert last_day["state"].tolist() == ["not_recorded"]
    # 1 January: 2020 is past and its 50 % shortfall makes it lapsed
    next_day = budget_metrics.year_status(plan, executed, as_of=D(2021, 1, 1))
    assert next_day["state"].tolist() == ["lapsed"]
    assert next_day["expected_won"].tolist() == [50.0]


def test_the_default_lapse_threshold_is_ten_percent():
    plan = _plan([(2020, "national", "p", "rnd", 1000)])
    at = budget_metrics.year_status(
        plan, _spent([(2020, 6, "national", "p", "rnd", 900)]), as_of=D(2021, 1, 1)
    )
    over = budget_metrics.year_status(
        plan, _spent([(2020, 6, "national", "p", "rnd", 899)]), as_of=D(2021, 1, 1)
    )
    assert (at["state"].tolist(), over["state"].tolist()) == (["on_track"], ["lapsed"])


def test_a_year_with_spending_but_no_plan_and_a_future_year():
    plan = _plan([(2021, "national", "p", "rnd", 100)])
    executed = _spent([(2020, 3, "national", "p", "rnd", 40)])
    table = budget_metrics.year_status(plan, executed, as_of=D(2020, 12, 31)).set_index("year")
    assert table.loc[2020, "state"] == "no_plan"
    assert table.loc[2021, "state"] == "future"
    assert pd.isna(table.loc[2021, "shortfall_ratio"])


# --- partners stalled: months counted to the day -------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2023, 3, 31), 1, D(2023, 2, 28)),  # clamped to February's end in a common year
        (D(2024, 3, 31), 1, D(2024, 2, 29)),  # ... and in a leap year
        (D(2024, 2, 29), 12, D(2023, 2, 28)),  # a leap day one year back
        (D(2025, 1, 31), 2, D(2024, 11, 30)),  # across the year end, to a 30-day month
        (D(2024, 1, 10), 1, D(2023, 12, 10)),  # into December
        (D(2024, 2, 10), 2, D(2023, 12, 10)),
        (D(2024, 12, 15), 12, D(2023, 12, 15)),
        (D(2024, 5, 31), 3, D(2024, 2, 29)),
        (D(2024, 7, 31), 1, D(2024, 6, 30)),
    ],
)
def test_months_before_across_month_ends_and_leap_years(day, months, expected):
    assert partners_metrics.months_before(day, months) == expected


def _summary(*rows):
    return pd.DataFrame(
        [
            {
                "partner_key": key,
                "first_signed_on": signed,
                "mous": 1,
                "centre_opened_on": opened,
            }
            for key, signed, opened in rows
        ]
    )


def test_stalled_on_a_day_other_than_the_first():
    as_of = D(2024, 3, 15)
    summary = _summary(
        ("exactly-12", D(2023, 3, 15), None),  # twelve months to the day: stalled
        ("one-day-short", D(2023, 3, 16), None),
        ("one-day-over", D(2023, 3, 14), None),
        ("almost-24", D(2022, 3, 16), None),  # 23 whole months (one day short of 24)
        ("opens-today", D(2020, 1, 1), as_of),  # a centre opened on the as-of day counts
        ("opens-tomorrow", D(2020, 1, 2), D(2024, 3, 16)),
    )
    out = partners_metrics.stalled(summary, as_of, 12)
    assert out["partner_key"].tolist() == [
        "opens-tomorrow",
        "almost-24",
        "one-day-over",
        "exactly-12",
    ]
    assert out["months_waiting"].tolist() == [50, 23, 12, 12]
    assert out.columns.tolist() == [
        "partner_key",
        "first_signed_on",
        "mous",
        "centre_opened_on",
        "months_waiting",
    ]


def test_stalled_across_a_leap_day():
    summary = _summary(("leap", D(2024, 2, 29), None))
    # on 28 Feb 2025 the cut-off is 28 Feb 2024: signed a day later, so 11 whole months
    assert partners_metrics.stalled(summary, D(2025, 2, 28), 12).empty
    out = partners_metrics.stalled(summary, D(2025, 3, 1), 12)
    assert out["months_waiting"].tolist() == [12]


YEAR_COLUMNS = [
    "year",
    "plan_won",
    "executed_won",
    "rate",
    "expected_won",
    "shortfall_won",
    "shortfall_ratio",
    "state",
]


def test_year_status_reports_spending_only_for_years_begun():
    plan = _plan([(2020, "national", "p", "rnd", 100), (2021, "national", "p", "rnd", 200)])
    executed = _spent([(2020, 6, "national", "p", "rnd", 50)])
    table = budget_metrics.year_status(plan, executed, as_of=D(2020, 12, 31))
    assert table.columns.tolist() == YEAR_COLUMNS
    first, second = table.to_dict("records")
    # 2020 is the as-of year: its spending and rate (50 of 100) are shown; no forecast given
    assert (first["year"], first["plan_won"], first["executed_won"], first["rate"]) == (
        2020,
        100,
        50,
        0.5,
    )
    assert first["state"] == "not_recorded"
    # 2021 has not begun: no spending, no rate (not zero)
    assert (second["year"], second["plan_won"], second["state"]) == (2021, 200, "future")
    assert pd.isna(second["executed_won"]) and pd.isna(second["rate"])


def test_year_status_of_nothing_has_the_columns():
    table = budget_metrics.year_status(_plan([]), _spent([]), as_of=D(2020, 12, 31))
    assert table.columns.tolist() == YEAR_COLUMNS
    assert len(table) == 0


def test_slip_unit_is_the_coarser_of_plan_and_actual():
    # planned to the day, done "in March 2024": compared by month, 2 months; 46 days from 15 Jan
    slip = compute_slip(
        D(2024, 1, 15), "day", actual=D(2024, 3, 1), actual_precision="month", as_of=D(2024, 6, 1)
    )
    assert (slip.unit, slip.months, slip.days) == ("month", 2, 46)
    # not yet due, planned to the month: the unit is still the month
    ahead = compute_slip(D(2024, 3, 1), "month", as_of=D(2024, 2, 1))
    assert (ahead.unit, ahead.basis) == ("month", None)


def test_stalled_on_an_empty_summary_keeps_the_columns():
    summary = pd.DataFrame(columns=["partner_key", "first_signed_on", "mous", "centre_opened_on"])
    out = partners_metrics.stalled(summary, D(2024, 3, 15), 12)
    assert out.columns.tolist() == [
        "partner_key",
        "first_signed_on",
        "mous",
        "centre_opened_on",
        "months_waiting",
    ]
    assert len(out) == 0


def test_a_dependant_done_in_a_month_proves_its_predecessor_from_the_month_end():
    rows = [
        {"key": "before", "baseline_date": D(2030, 1, 1)},
        {
            "key": "after",
            "depends_on": "before",
            "baseline_date": D(2030, 1, 1),
            "actual_date": D(2024, 2, 1),
            "actual_precision": "month",  # done "in February 2024"
        },
    ]
    assert states(rows, D(2024, 2, 28)) == {"before": "on_track", "after": "on_track"}
    assert states(rows, LEAP_DAY) == {"before": "done_undated", "after": "done"}


def test_recorded_as_done_with_a_later_actual_date_is_not_done_yet():
    # the record says done on 1 March; on 29 February that date has not come
    row = {
        "key": "m",
        "baseline_date": D(2024, 3, 5),
        "actual_date": D(2024, 3, 1),
        "status": "done",
    }
    assert states([row], LEAP_DAY) == {"m": "on_track"}
    assert states([row], D(2024, 3, 1)) == {"m": "done"}


def test_without_any_spending_no_year_has_a_rate_not_even_zero():
    plan = _plan([(2020, "national", "p", "rnd", 100), (2021, "national", "p", "rnd", 200)])
    table = budget_metrics.year_status(plan, _spent([]), as_of=D(2021, 1, 1))
    assert table["state"].tolist() == ["not_recorded", "not_recorded"]
    assert table["rate"].isna().all() and table["executed_won"].isna().all()
