"""Slip, status rules and the schedule Gantt (pure functions, then the bundled Gwangju data)."""

import datetime as dt

import pandas as pd
import pytest

from tracker import catalog
from tracker.access import roles
from tracker.db import store
from tracker.db.store import Write
from tracker.schedule import charts as schedule_charts
from tracker.schedule import metrics as schedule_metrics
from tracker.schedule import reads as schedule_reads
from tracker.schedule import view as schedule_view
from tracker.schedule.metrics import compute_slip, whole_months
from tracker.schedule.view import slip_label

D = dt.date
KEY = "gj-ai-cluster-phase1"


# --- slip ---------------------------------------------------------------------------------------


def test_a_month_precision_plan_counts_calendar_months_and_days_from_the_month_end():
    slip = compute_slip(D(2020, 12, 31), "month", actual=D(2021, 11, 22), as_of=D(2025, 1, 1))
    assert (slip.days, slip.months, slip.unit, slip.basis) == (326, 11, "month", "actual")
    assert slip_label(slip, "ko") == "+11개월 지연"
    assert slip_label(slip, "en") == "+11 mo late"


def test_done_within_the_planned_month_is_on_time():
    slip = compute_slip(D(2020, 6, 30), "month", actual=D(2020, 6, 18), as_of=D(2021, 1, 1))
    assert (slip.days, slip.months) == (-12, 0)
    assert not slip.is_late and not slip.is_early
    assert slip_label(slip, "ko") == "계획대로"


def test_a_forecast_earlier_than_plan_is_early():
    slip = compute_slip(D(2024, 6, 30), "day", forecast=D(2024, 6, 18), as_of=D(2024, 1, 1))
    assert (slip.days, slip.basis) == (-12, "forecast")
    assert slip.is_early and not slip.is_late
    assert slip_label(slip, "ko") == "12일 조기 전망"
    assert slip_label(slip, "en") == "12 d early (forecast)"


def test_a_forecast_later_than_plan_is_a_forecast_slip():
    slip = compute_slip(D(2024, 3, 31), "month", forecast=D(2024, 9, 30), as_of=D(2024, 1, 1))
    assert (slip.months, slip.basis) == (6, "forecast")
    assert slip_label(slip, "ko") == "+6개월 지연 전망"


def test_no_actual_yet_before_the_plan_has_no_slip():
    slip = compute_slip(D(2030, 1, 31), "day", as_of=D(2029, 1, 1))
    assert slip.basis is None and slip.days is None
    assert slip_label(slip, "ko") == ""


def test_no_actual_after_the_plan_is_overdue_so_far():
    slip = compute_slip(D(2020, 5, 31), "month", as_of=D(2020, 8, 15))
    assert (slip.days, slip.months, slip.basis) == (76, 2, "overdue")
    assert slip_label(slip, "ko") == "+2개월 경과 (실적 미등록)"
    # under a month overdue, days are said rather than "+0 months"
    short = compute_slip(D(2020, 12, 31), "month", as_of=D(2021, 1, 5))
    assert (short.days, short.months) == (5, 0)
    assert slip_label(short, "en") == "+5 d past plan (no actual recorded)"


def test_an_actual_date_after_the_as_of_date_is_not_known_yet():
    slip = compute_slip(D(2020, 12, 31), "month", actual=D(2021, 11, 22), as_of=D(2021, 6, 1))
    assert slip.basis == "overdue" and slip.reference == D(2021, 6, 1)


def test_missing_baseline_or_cancelled_has_no_slip():
    assert compute_slip(None, None, actual=D(2021, 1, 1), as_of=D(2022, 1, 1)).basis is None
    cancelled = compute_slip(D(2020, 1, 1), "day", as_of=D(2022, 1, 1), cancelled=True)
    assert cancelled.basis is None


def test_year_precision_compares_years():
    slip = compute_slip(D(2022, 12, 31), "year", actual=D(2024, 3, 1), as_of=D(2025, 1, 1))
    assert (slip.months, slip.unit) == (24, "year")
    assert slip_label(slip, "ko") == "+2년 지연"


def test_day_precision_actual_against_a_day_plan_counts_days():
    slip = compute_slip(D(2021, 3, 1), "day", actual=D(2021, 3, 11), as_of=D(2022, 1, 1))
    assert (slip.days, slip.unit) == (10, "day")
    assert slip_label(slip, "en") == "+10 d late"


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2020, 1, 15), D(2020, 3, 14), 1),
        (D(2020, 1, 15), D(2020, 3, 15), 2),
        (D(2020, 12, 31), D(2021, 2, 28), 2),  # a month end to a month end is whole months
        (D(2020, 3, 15), D(2020, 1, 15), -2),
    ],
)
def test_whole_months(start, end, months):
    assert whole_months(start, end) == months


# --- status history and lists --------------------------------------------------------------------


def versions(*rows):
    return pd.DataFrame(
        [
            {
                "key": k,
                "valid_from": d,
                "status": s,
                "progress_pct": p,
                "is_deleted": False,
                "source_key": None,
            }
            for k, d, s, p in rows
        ]
    )


def test_status_changes_keep_a_first_reported_stop_and_the_resumption():
    changes = schedule_metrics.status_changes(
        versions(
            ("w", D(2024, 5, 1), "stopped", 60.0),
            ("w", D(2024, 9, 1), "in_progress", 60.0),
            ("p", D(2020, 1, 1), "planned", None),
            ("p", D(2020, 2, 1), "planned", None),
        )
    )
    assert list(changes["status_to"]) == ["stopped", "in_progress"]
    assert list(changes["changed_on"]) == [D(2024, 5, 1), D(2024, 9, 1)]
    assert (
        schedule_metrics.missing(changes["status_from"][0])
        and changes["status_from"][1] == "stopped"
    )


def test_bundled_gwangju_slips_and_stoppage(bundled_engine):
    frame = schedule_reads.schedule_frame(bundled_engine, KEY, D(2026, 1, 1)).set_index("key")
    start = frame.loc["gj1-construction-start"]
    assert (start["slip_days"], start["slip_months"], start["slip_basis"]) == (326, 11, "actual")
    works = frame.loc["gj1-startup-building-works"]
    assert works["state"] == "unscheduled"
    # The halt (May 2024) and the resumption (about Sep 2024) were both first reported on
    # 2024-09-23 (kbc): one version, so no stop period can be drawn from the history.
    assert list(works["status_events"]) == []
    assert works["valid_from"] == D(2024, 9, 23)
    before = schedule_reads.schedule_frame(bundled_engine, KEY, D(2024, 9, 22))
    assert "gj1-startup-building-works" not in set(before["key"])


def add_milestones(engine, rows):
    base = [
        Write("sources", "s", {"outlet": "Test"}, D(2020, 1, 1)),
        Write(
            "regions",
            "r",
            {"kostat_code": "1", "name_ko": "가", "name_en": "A", "level": "province"},
            D(2020, 1, 1),
        ),
        Write(
            "initiatives",
            "i",
            {"region_key": "r", "name_ko": "사업", "name_en": "P"},
            D(2020, 1, 1),
        ),
    ]
    for key, values in rows:
        base.append(
            Write(
                "milestones",
                key,
                {
                    "initiative_key": "i",
                    "name_ko": key,
                    "name_en": key,
                    "status": "planned",
                    **values,
                },
                D(2020, 1, 1),
            )
        )
    store.apply(engine, base, by="test", actor=roles.operator("test"), reason="test")


def test_late_and_upcoming_lists_late_stopped_and_due_within_90_days(engine):
    add_milestones(
        engine,
        [
            # past its date and recorded as under way: late; past its date with nothing
            # recorded: "actual not recorded", listed apart, never as late
            ("late", {"baseline_date": D(2024, 12, 1), "status": "in_progress"}),
            ("unrecorded", {"baseline_date": D(2024, 11, 1)}),
            ("soon", {"baseline_date": D(2025, 3, 1)}),
            ("later", {"baseline_date": D(2025, 6, 1)}),
            ("done", {"baseline_date": D(2025, 2, 1), "actual_date": D(2024, 12, 20)}),
            ("halted", {"status": "stopped", "progress_pct": 40}),
            ("moved", {"baseline_date": D(2025, 1, 31), "forecast_date": D(2025, 3, 15)}),
        ],
    )
    as_of = D(2025, 1, 1)
    frame = schedule_reads.schedule_frame(engine, "i", as_of)
    attention = schedule_metrics.late_and_upcoming(frame, as_of)
    assert list(attention["key"]) == ["late", "soon", "moved", "halted"]
    assert dict(zip(attention["key"], attention["state"], strict=True))["moved"] == "at_risk"
    summary = schedule_metrics.summarise(frame, as_of)
    assert (
        summary.late,
        summary.not_recorded,
        summary.stopped,
        summary.upcoming,
        summary.done,
    ) == (
        1,
        1,
        1,
        2,
        1,
    )
    assert summary.worst["key"] == "moved"  # +43 days forecast; "late" is overdue, listed apart
    assert [r["key"] for r in summary.overdue] == ["unrecorded"]
    by_key = frame.set_index("key")
    assert by_key.loc["late", "slip_basis"] == "overdue"  # 31 days past, and counting
    assert schedule_metrics.missing(by_key.loc["unrecorded", "slip_basis"])  # no delay claimed


def test_filters_by_project_and_state(bundled_engine):
    frame = schedule_reads.schedule_frame(bundled_engine, KEY, D(2026, 1, 1))
    infra = schedule_metrics.filter_milestones(frame, projects=["gj1-core-infrastructure"])
    assert set(infra["key"]) == {
        "gj1-design-start",
        "gj1-implementation-plan",
        "gj1-construction-start",
    }
    whole = schedule_metrics.filter_milestones(frame, projects=[""])
    assert list(whole["key"]) == ["gj1-committee-formed"]
    assert schedule_metrics.filter_milestones(frame, states=["late"]).empty
    # no sourced start date, but construction (which depends on it) began 2021-11-22
    undated = schedule_metrics.filter_milestones(frame, states=["done_undated"])
    # and the vision declaration: the 2020-04-28 article reports it held, its date comes from an
    # undated report (known from 2026-11-25)
    assert set(undated["key"]) == {"gj1-design-start", "gj1-vision-declaration"}


def test_milestone_table_shows_planned_actual_slip_and_source(bundled_engine):
    frame = schedule_reads.schedule_frame(bundled_engine, KEY, D(2026, 1, 1))
    table = schedule_view.milestone_table(frame, "ko").set_index("이정표")
    row = table.loc["집적단지 건축 착공"]
    assert (row["계획(기준)"], row["실적"], row["지연"], row["지연 일수"]) == (
        "2020년 12월",
        "2021-11-22",
        "+11개월 지연",
        326,
    )
    assert row["출처"] == "Yonhap News Agency"
    works = table.loc["창업·실증동 건축 공사"]
    assert works["상태"] == "일정 미정 (60%)"
    assert works["상태 변경 이력"] == ""  # halt and resumption first reported together


# --- Gantt ----------------------------------------------------------------------------------------


def traces(fig, name):
    return [t for t in fig.data if t.name == name]


def test_gantt_draws_baseline_actual_slip_and_stoppage(bundled_engine):
    as_of = D(2026, 1, 1)
    frame = schedule_reads.schedule_frame(bundled_engine, KEY, as_of)
    fig = schedule_charts.gantt_figure(frame, lang="ko", as_of=as_of)
    (band,) = traces(fig, "계획(기준)")[:1]
    rows = list(band.y)
    start_row = next(i for i, y in enumerate(rows) if "집적단지 건축 착공" in y)
    assert band.base[start_row] == "2020-12-01"  # December 2020, the whole month
    assert band.x[start_row] == 31 * schedule_charts.DAY_MS
    (done,) = traces(fig, "완료")
    assert "2021-11-22" in list(done.x)
    labels = [t for t in fig.data if t.name == "slip-label"][0]
    assert "  +11개월 지연" in list(labels.text)
    assert traces(fig, "공사 중단 기간") == []  # the halt is known only from one later report
    assert [s.x0 for s in fig.layout.shapes if s.name == "as_of_line"] == ["2026-01-01"]
    assert fig.layout.title.text.startswith("<b>일정: 계획 대비 실적</b>")
    footer = [a.text for a in fig.layout.annotations if a.name == "footer"][0]
    assert "기준일 2026-01-01" in footer and "출처" in footer
    ticks = list(fig.layout.yaxis.categoryarray)
    assert ticks.index("<b>핵심 인프라 구축</b>") < ticks.index("  집적단지 건축 착공")


def test_gantt_in_english_groups_by_component_and_zooms(bundled_engine):
    as_of = D(2026, 1, 1)
    frame = schedule_reads.schedule_frame(bundled_engine, KEY, as_of)
    fig = schedule_charts.gantt_figure(
        frame, lang="en", as_of=as_of, group_by="category", year_range=(2021, 2022)
    )
    ticks = list(fig.layout.yaxis.categoryarray)
    assert "<b>Data centre</b>" in ticks and "<b>Infrastructure</b>" in ticks
    assert not any("Green-belt" in t for t in ticks)  # 2019 only: outside the zoom
    # undated rows (no plan, no actual, no recorded change) stay in every zoom
    assert any("Startup and testbed" in t for t in ticks)
    assert list(fig.layout.xaxis.range) == ["2021-01-01", "2022-12-31"]
    assert "  +11 mo late" in list(traces(fig, "slip-label")[0].text)


def test_gantt_without_milestones_says_why():
    frame = pd.DataFrame(columns=["key", "state"])
    result = schedule_charts.gantt_result(frame, lang="ko", as_of=D(2025, 1, 1))
    assert result.is_empty
    assert "표시할 이정표가 없습니다" in result.figure.layout.annotations[0].text


def test_catalogued_gantt_has_a_takeaway(bundled_engine):
    entry = catalog.entry("schedule.gantt")
    result = entry.build(bundled_engine, catalog.ChartContext(KEY, D(2026, 1, 1), "ko"))
    assert not result.is_empty
    assert result.takeaway.startswith("최대 지연: 집적단지 건축 착공 +11개월 지연")
    assert "src-yna-2021-11-22" in result.source_keys
    assert len(result.data) == 11  # the green-belt release is known only from 2026-11-25
