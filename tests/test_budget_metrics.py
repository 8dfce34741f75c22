"""Budget metrics (tracker.spending) with hand-computed expected values, and the reads behind them."""

import dataclasses
import datetime as dt
import math

import pandas as pd
import pytest
from fixtures import build_demo

from tracker.budget import metrics as budget_metrics
from tracker.budget import reads as budget_reads
from tracker.budget import view as budget_view
from tracker.db import queries

EOK = 100_000_000


def plan_frame(rows):
    return pd.DataFrame(rows, columns=budget_metrics.PLAN_COLUMNS)


def executed_frame(rows):
    return pd.DataFrame(rows, columns=budget_metrics.EXECUTED_COLUMNS)


PLAN = plan_frame(
    [
        (2021, "national", "p1", "rnd", 100),
        (2021, "city", "p2", "talent", 50),
        (2022, "national", "p1", "rnd", 200),
    ]
)
SPENT = executed_frame(
    [
        (2021, 3, "national", "p1", "rnd", 80),
        (2022, 1, "private", "p2", "talent", 10),
    ]
)


def test_execution_rate_is_executed_over_plan_and_none_without_a_base():
    assert budget_metrics.execution_rate(400, 100) == 0.25
    assert budget_metrics.execution_rate(0, 100) is None
    assert budget_metrics.execution_rate(None, 100) is None
    assert budget_metrics.execution_rate(100, None) is None


def test_execution_by_year_sums_plan_and_spending_per_year():
    table = budget_metrics.execution_by(PLAN, SPENT, ["year"])
    assert table["year"].tolist() == [2021, 2022]
    assert table["plan_won"].tolist() == [150, 200]
    assert table["executed_won"].tolist() == [80, 10]
    assert table["rate"].tolist() == pytest.approx([80 / 150, 10 / 200])
    assert table["variance_won"].tolist() == [70, 190]


def test_execution_by_source_shows_unplanned_spending_with_plan_zero():
    table = budget_metrics.execution_by(PLAN, SPENT, ["funding_source"]).set_index("funding_source")
    assert table.loc["national", ["plan_won", "executed_won"]].tolist() == [300, 80]
    assert table.loc["city", ["plan_won", "executed_won"]].tolist() == [50, 0]
    assert table.loc["private", "plan_won"] == 0
    assert pd.isna(table.loc["private", "rate"])
    assert table.loc["private", "variance_won"] == -10  # spent over plan


def test_execution_by_component_groups_by_category():
    table = budget_metrics.execution_by(PLAN, SPENT, ["category"]).set_index("category")
    assert table.loc["rnd", "plan_won"] == 300
    assert table.loc["rnd", "rate"] == pytest.approx(80 / 300)
    assert table.loc["talent", "variance_won"] == 40


def test_execution_by_on_empty_frames_is_empty_with_columns():
    table = budget_metrics.execution_by(
        budget_metrics.empty_plan(), budget_metrics.empty_executed(), ["year"]
    )
    assert table.empty
    assert list(table.columns) == ["year", "plan_won", "executed_won", "rate", "variance_won"]


def test_totals_and_remaining_envelope():
    totals = budget_metrics.totals(PLAN, SPENT, 1_000)
    assert (totals.plan_won, totals.executed_won) == (350, 90)
    assert totals.rate == pytest.approx(90 / 350)
    assert totals.remaining_won == 910
    assert totals.envelope_rate == pytest.approx(0.09)
    assert totals.variance_won == 260


def test_totals_without_spending_leave_executed_and_remaining_unknown():
    totals = budget_metrics.totals(PLAN, budget_metrics.empty_executed(), 1_000)
    assert totals.executed_won is None
    assert totals.rate is None
    assert totals.remaining_won is None  # not "all of it": nothing is known
    empty = budget_metrics.totals(
        budget_metrics.empty_plan(), budget_metrics.empty_executed(), None
    )
    assert (empty.plan_won, empty.executed_won, empty.remaining_won) == (0, None, None)


def test_largest_gaps_rank_by_absolute_variance():
    table = budget_metrics.execution_by(PLAN, SPENT, ["funding_source"])
    ranked = budget_metrics.largest_gaps(table, n=2)
    assert ranked["funding_source"].tolist() == ["national", "city"]  # 220, 50 (private is -10)
    assert budget_metrics.largest_gaps(table.iloc[0:0]).empty


def test_filters_narrow_and_drop_rows_of_unknown_value():
    plan = pd.concat(
        [PLAN, plan_frame([(None, "national", None, "unassigned", 999)])], ignore_index=True
    )
    by_year = budget_metrics.Filters(years=(2021,)).narrow(plan)
    assert by_year["amount_won"].sum() == 150  # the programme-level line has no year
    both = budget_metrics.Filters(years=(2021, 2022), sources=("national",)).narrow(plan)
    assert both["amount_won"].tolist() == [100, 200]
    only_year = budget_metrics.Filters(years=(2021,), sources=("city",)).narrow(plan, ("year",))
    assert only_year["amount_won"].sum() == 150  # sources not honoured here
    assert not budget_metrics.Filters().active
    assert budget_metrics.Filters(components=("rnd",)).active


# --- run rate and forecast ---------------------------------------------------------------------

RUN = executed_frame(
    [
        (2021, 1, "national", "p1", "rnd", 10),
        (2021, 3, "national", "p1", "rnd", 20),  # February had no spending: it counts as zero
    ]
)


def test_run_rate_over_complete_months_since_the_first_expense():
    mean, sigma, used = budget_metrics.run_rate(RUN, as_of=dt.date(2021, 4, 10))
    # months Jan..Mar (April is not complete): 10, 0, 20
    assert used == 3
    assert mean == pytest.approx(10)
    assert sigma == pytest.approx(math.sqrt((0 + 100 + 100) / 3))


def test_run_rate_window_keeps_only_the_latest_months():
    mean, sigma, used = budget_metrics.run_rate(RUN, as_of=dt.date(2021, 4, 10), window=2)
    assert (mean, sigma, used) == (10, 10, 2)  # Feb 0, Mar 20


def test_run_rate_needs_a_complete_month():
    assert budget_metrics.run_rate(RUN, as_of=dt.date(2021, 1, 31)) is None
    assert (
        budget_metrics.run_rate(budget_metrics.empty_executed(), as_of=dt.date(2021, 6, 1)) is None
    )


def test_months_remaining_counts_the_rest_of_the_as_of_month():
    assert budget_metrics.months_remaining(
        dt.date(2021, 4, 10), dt.date(2021, 12, 31)
    ) == pytest.approx(8 + 20 / 30)
    assert budget_metrics.months_remaining(dt.date(2021, 6, 30), dt.date(2021, 12, 31)) == 6
    assert budget_metrics.months_remaining(dt.date(2022, 1, 1), dt.date(2021, 12, 31)) == 0


def test_forecast_continues_the_run_rate_to_year_end_and_programme_end():
    f = budget_metrics.forecast(RUN, as_of=dt.date(2021, 4, 10), end=dt.date(2022, 12, 31))
    sigma = math.sqrt(200 / 3)
    year_k = 8 + 20 / 30
    end_k = 20 + 20 / 30
    assert f.executed_to_date == 30
    assert f.year_executed == 30
    assert f.year_end_won == pytest.approx(30 + 10 * year_k)
    assert f.year_end_sigma == pytest.approx(sigma * math.sqrt(year_k))
    assert f.end_won == pytest.approx(30 + 10 * end_k)
    assert f.end_high - f.end_won == pytest.approx(sigma * math.sqrt(end_k))
    path = f.path()
    assert path.iloc[0]["date"] == dt.date(2021, 4, 10)
    assert path.iloc[0]["forecast"] == 30
    assert path.iloc[-1]["date"] == dt.date(2022, 12, 31)
    assert path.iloc[-1]["forecast"] == pytest.approx(f.end_won)
    assert (path["low"] <= path["forecast"]).all() and (path["forecast"] <= path["high"]).all()


def test_forecast_without_spending_is_none():
    assert (
        budget_metrics.forecast(
            budget_metrics.empty_executed(), as_of=dt.date(2021, 6, 1), end=dt.date(2024, 12, 31)
        )
        is None
    )


# --- cumulative curve --------------------------------------------------------------------------


def test_cumulative_curve_spreads_yearly_plans_and_stops_actuals_at_as_of():
    plan = plan_frame([(2021, "national", None, "unassigned", 120), (2022, "city", None, "x", 240)])
    spent = executed_frame(
        [(2021, 1, "national", "p", "rnd", 5), (2021, 2, "national", "p", "rnd", 7)]
    )
    curve = budget_metrics.cumulative_curve(
        plan, spent, as_of=dt.date(2021, 2, 15), start_year=2021, end_year=2022
    )
    assert len(curve) == 24 + 1  # month ends plus the as-of day
    jan, as_of_row, feb = (curve.iloc[i].to_dict() for i in range(3))
    assert (jan["date"], jan["planned_cum"], jan["actual_cum"]) == (dt.date(2021, 1, 31), 10, 5)
    assert as_of_row["date"] == dt.date(2021, 2, 15)
    assert as_of_row["planned_cum"] == pytest.approx(10 + 10 * 15 / 28)
    assert as_of_row["actual_cum"] == 12
    assert feb["date"] == dt.date(2021, 2, 28) and pd.isna(feb["actual_cum"])
    last = curve.iloc[-1]
    assert last["date"] == dt.date(2022, 12, 31)
    assert last["planned_cum"] == pytest.approx(360)


def test_cumulative_curve_single_year_and_no_spending():
    plan = plan_frame([(2021, "national", None, "unassigned", 120)])
    curve = budget_metrics.cumulative_curve(
        plan,
        budget_metrics.empty_executed(),
        as_of=dt.date(2021, 12, 31),
        start_year=2021,
        end_year=2021,
    )
    assert len(curve) == 12
    assert curve["planned_cum"].iloc[-1] == pytest.approx(120)
    assert curve["actual_cum"].isna().all()


# --- carry-over / lapse risk ----------------------------------------------------------------------

YEARS_PLAN = plan_frame(
    [
        (2020, "national", "p", "rnd", 100),
        (2021, "national", "p", "rnd", 100),
        (2022, "national", "p", "rnd", 100),
    ]
)
YEARS_SPENT = executed_frame(
    [(2020, 12, "national", "p", "rnd", 80)]
    + [(2021, m, "national", "p", "rnd", 10) for m in range(1, 7)]
)
AS_OF = dt.date(2021, 6, 30)


def _status(plan=YEARS_PLAN, threshold=0.10):
    f = budget_metrics.forecast(YEARS_SPENT, as_of=AS_OF, end=dt.date(2022, 12, 31), window=3)
    # window Mar..May 2021: 10 a month, σ 0; 2021 so far 60; 6 months left -> 120 by year end
    assert f.year_end_won == pytest.approx(120)
    return budget_metrics.year_status(
        plan, YEARS_SPENT, as_of=AS_OF, threshold=threshold, forecast_=f
    ).set_index("year")


def test_year_status_flags_a_past_shortfall_as_lapsed():
    table = _status()
    assert table.loc[2020, "expected_won"] == 80
    assert table.loc[2020, "shortfall_ratio"] == pytest.approx(0.2)
    assert table.loc[2020, "state"] == "lapsed"
    assert table.loc[2021, "state"] == "on_track"  # forecast 120 >= plan 100
    assert table.loc[2022, "state"] == "future"
    assert _status(threshold=0.25).loc[2020, "state"] == "on_track"


def test_year_status_flags_the_current_year_at_risk_when_the_forecast_falls_short():
    plan = YEARS_PLAN.copy()
    plan.loc[plan["year"] == 2021, "amount_won"] = 200
    table = _status(plan)
    assert table.loc[2021, "shortfall_won"] == pytest.approx(80)
    assert table.loc[2021, "shortfall_ratio"] == pytest.approx(0.4)
    assert table.loc[2021, "state"] == "at_risk"
    assert _status(plan, threshold=0.5).loc[2021, "state"] == "on_track"


def test_year_status_without_any_spending_says_not_recorded_not_lapsed():
    table = budget_metrics.year_status(
        YEARS_PLAN, budget_metrics.empty_executed(), as_of=AS_OF, threshold=0.1
    ).set_index("year")
    assert table["state"].tolist() == ["not_recorded", "not_recorded", "future"]
    assert table["executed_won"].isna().all()
    assert budget_metrics.year_status(
        budget_metrics.empty_plan(), budget_metrics.empty_executed(), as_of=AS_OF
    ).empty


# --- envelope history ------------------------------------------------------------------------------


def test_envelope_steps_are_changes_between_versions_in_announcement_order():
    versions = pd.DataFrame(
        {
            "key": ["b", "a", "c", "d"],
            "announced_on": [
                dt.date(2020, 4, 28),
                dt.date(2019, 11, 11),
                dt.date(2021, 11, 22),
                dt.date(2021, 12, 1),
            ],
            "total_won": [411_600_000_000, 406_100_000_000, 393_900_000_000, None],
        }
    )
    steps = budget_metrics.envelope_steps(versions)
    assert steps["key"].tolist() == ["a", "b", "c"]  # no total: not a step
    assert steps["change_won"].tolist() == [406_100_000_000, 5_500_000_000, -17_700_000_000]


# --- the reads, with the bundled data and the synthetic demo ---------------------------------------


def test_bundled_data_uses_the_yearly_version_and_never_mixes_versions(bundled_engine):
    data = budget_reads.load(bundled_engine, "gj-ai-cluster-phase1", dt.date(2026, 11, 30))
    assert data.yearly_key == "gj1-pv-annual"
    assert data.yearly_plan.groupby("year")["amount_won"].sum().to_dict() == {
        2020: 626 * EOK,
        2021: 645 * EOK,
        2022: 1_076 * EOK,
    }
    assert data.executed.empty  # no sourced expenditure
    assert data.envelope["total_won"] == 4_300 * EOK and data.envelope["is_estimate"]
    split = data.source_split.groupby("plan_version_key")["amount_won"].sum().to_dict()
    assert split == {"gj1-pv-2019-11-plan": 4_061 * EOK, "gj1-pv-2021-city-split": 4_116 * EOK}
    assert data.component_key == "gj1-pv-msit-by-area"
    components = data.components.set_index("key")["amount_won"].to_dict()
    assert components["gj1-core-infrastructure"] == 2_549 * EOK
    # AI Times' 90.2bn has no publication date: it is known from the compile date (2026-11-25),
    # the latest announcement on record, ahead of etnews' 92.3bn (2021-01-03)
    assert components["gj1-datacentre"] == 902 * EOK
    view = budget_view.compute(data)
    assert view.totals.plan_won == 1_271 * EOK  # 626 + 645; the 2022 total is not added
    assert view.forecast is None


def test_an_earlier_as_of_date_shows_what_was_known_then(bundled_engine):
    data = budget_reads.load(bundled_engine, "gj-ai-cluster-phase1", dt.date(2020, 6, 1))
    # The 2020 figure comes from a report dated only to the year: visible from 31 December 2020
    assert data.yearly_plan.empty
    year_end = budget_reads.load(bundled_engine, "gj-ai-cluster-phase1", dt.date(2020, 12, 31))
    assert year_end.yearly_plan["year"].tolist() == [2020, 2021]  # 2021 reported 2020-12-08
    day_before = budget_reads.load(bundled_engine, "gj-ai-cluster-phase1", dt.date(2020, 12, 30))
    # the yearly version itself comes from that 2020 report, so none of its lines shows earlier
    assert day_before.yearly_plan.empty
    assert data.envelope["total_won"] == 4_116 * EOK
    assert data.component_key is None  # MSIT's breakdown came in 2022
    assert list(data.versions["key"])[:1] == ["gj1-pv-2019-11-plan"]
    assert set(data.source_split["plan_version_key"]) == {"gj1-pv-2019-11-plan"}


def test_envelopes_of_every_initiative_take_the_latest_total(bundled_engine):
    frame = budget_reads.envelopes(bundled_engine, dt.date(2026, 11, 30)).set_index("key")
    assert frame.loc["gj-ai-cluster-phase1", "envelope_won"] == 4_300 * EOK
    assert bool(frame.loc["gj-ai-cluster-phase1", "is_estimate"])
    assert frame.loc["busan-ai-strategy", "basis"] == "baseline"  # its plan gives no total
    assert frame.loc["ulsan-ai-datacentre", "region_ko"] == "울산광역시"
    early = budget_reads.envelopes(bundled_engine, dt.date(2020, 6, 1))
    # Ulsan's source is undated: it is not shown before the bundle was compiled (2026-11-25)
    assert set(early["key"]) == {"gj-ai-cluster-phase1"}


def test_demo_spending_matches_the_sql_totals(engine):
    demo = build_demo(engine)
    as_of = dt.date(2030, 1, 1)
    data = budget_reads.load(engine, "demo", as_of)
    view = budget_view.compute(data)
    assert view.totals.plan_won == demo["plan_won"]
    assert view.totals.executed_won == demo["spent_won"]
    assert view.totals.executed_won == queries.executed_total(engine, "demo", as_of)["won"]
    by_year = budget_metrics.execution_by(data.yearly_plan, data.executed, ["year"])
    assert by_year["plan_won"].tolist() == [5 * 3 * (4_000_000_000 // 3)] * 5
    assert by_year["executed_won"].sum() == demo["spent_won"]


def test_demo_mid_programme_forecast_and_lapse_flags(engine):
    build_demo(engine)
    as_of = dt.date(2022, 6, 15)
    data = budget_reads.load(engine, "demo", as_of)
    view = budget_view.compute(data, threshold=0.10)
    monthly = budget_metrics.monthly_executed(data.executed)
    window = [int(monthly.get(2021 * 12 + m, 0)) for m in range(5, 17)]  # Jun 2021 .. May 2022
    assert view.forecast.monthly_rate == pytest.approx(sum(window) / 12)
    state = view.year_state
    assert state["year"] == 2022
    expected_gap = (state["plan_won"] - view.forecast.year_end_won) / state["plan_won"]
    assert state["shortfall_ratio"] == pytest.approx(expected_gap)
    assert state["state"] == ("at_risk" if expected_gap > 0.10 else "on_track")
    narrowed = budget_view.compute(data, budget_metrics.Filters(years=(2021,), sources=("city",)))
    city_2021 = data.executed[
        (data.executed["year"] == 2021) & (data.executed["funding_source"] == "city")
    ]
    assert narrowed.totals.executed_won == int(city_2021["amount_won"].sum())
    assert narrowed.totals.envelope_won is None  # a narrowed view has no envelope of its own


def test_a_year_not_yet_begun_has_no_spending_and_no_gap(engine):
    build_demo(engine)
    view = budget_view.compute(budget_reads.load(engine, "demo", dt.date(2022, 6, 15)))
    future = view.years.set_index("year").loc[[2023, 2024]]
    assert future["executed_won"].isna().all() and (future["state"] == "future").all()
    assert sorted(view.variance["year"].unique()) == [2020, 2021, 2022]


def _gap_rows(view, threshold):
    """The demo's view (as of 2022-06-15, with spending) over hand-made gap rows: plan and
    executed chosen so that every branch of the flag rule gives its own answer."""
    rows = [  # year, plan, executed (in EOK); largest |gap| first after sorting
        (2021, 100, 125),  # gap -25: spent over plan
        (2021, 100, 80),  # gap 20 = 20 % of plan: exactly at the threshold, not over it
        (2023, 100, 0),  # gap 100 in a year not begun (after the as-of year): not flagged
        (2022, 100, 50),  # gap 50 in the as-of year: 50 % short
        (2021, 100, 79),  # gap 21: 21 % short, over the 20 % threshold
        (2020, 0, 0),  # nothing planned, nothing spent: gap 0 is not "over"
    ]
    variance = pd.DataFrame(
        [
            {
                "year": year,
                "funding_source": "national",
                "category": "rnd",
                "plan_won": plan * EOK,
                "executed_won": spent * EOK,
                "rate": spent / plan if plan else None,
                "variance_won": (plan - spent) * EOK,
            }
            for year, plan, spent in rows
        ]
    )
    return dataclasses.replace(view, variance=variance, threshold=threshold)


def test_gap_flags_mark_over_plan_and_shortfalls_past_the_threshold_in_words(engine):
    build_demo(engine)
    demo = budget_view.compute(budget_reads.load(engine, "demo", dt.date(2022, 6, 15)))
    view = _gap_rows(demo, 0.20)
    # sorted by |gap|: 100 (2023), 50 (2022), -25, 21, 20, 0
    assert budget_view.variance_flags(view) == ["", "under", "over", "under", "", ""]
    table = budget_view.variance_table(view, "ko", "eok")
    assert table["차이 (억원)"].tolist() == [100, 50, -25, 21, 20, 0]
    assert table["차이 판정"].tolist() == [
        "",
        "계획 대비 부족 (기준 초과)",
        "계획 초과 집행",
        "계획 대비 부족 (기준 초과)",
        "",
        "",
    ]
    english = budget_view.variance_table(view, "en", "eok")
    assert english["Gap flag"].tolist()[1:3] == [
        "Short of plan (over threshold)",
        "Spent over plan",
    ]
    # a threshold of 21 %: the 21 % shortfall is exactly at it and no longer flagged
    assert budget_view.variance_flags(_gap_rows(demo, 0.21)) == ["", "under", "over", "", "", ""]


def test_gap_flags_are_left_out_without_any_spending(bundled_engine):
    data = budget_reads.load(bundled_engine, "gj-ai-cluster-phase1", dt.date(2026, 11, 30))
    view = budget_view.compute(data)  # the bundle records no expenditure
    assert budget_view.variance_flags(view) == ["", "", ""]
    assert list(budget_view.variance_table(view, "ko", "eok").columns) == [
        "연도",
        "재원",
        "분야",
        "계획 (억원)",
    ]
