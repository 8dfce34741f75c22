"""Committee records, the overdue rule, the strategy tree and changes between two dates."""

import datetime as dt

import pytest

from tracker import catalog
from tracker.access import roles
from tracker.committee import charts as committee_charts
from tracker.committee import metrics as committee_metrics
from tracker.committee import reads as committee_reads
from tracker.committee import view as committee_view
from tracker.db import store
from tracker.db.store import Write

D = dt.date
KEY = "gj-ai-cluster-phase1"


# --- default window and overdue rule ------------------------------------------------------------


def test_default_window_is_the_last_two_meetings():
    meetings = [D(2020, 4, 27), D(2020, 9, 1), D(2021, 3, 2)]
    assert committee_metrics.default_window(meetings, D(2022, 1, 1)) == (
        D(2020, 9, 1),
        D(2021, 3, 2),
    )


def test_default_window_with_one_meeting_runs_to_the_as_of_date():
    assert committee_metrics.default_window([D(2020, 4, 27)], D(2026, 1, 1)) == (
        D(2020, 4, 27),
        D(2026, 1, 1),
    )
    assert "하나뿐" in committee_view.window_note([D(2020, 4, 27)], D(2026, 1, 1), "ko")


def test_default_window_without_meetings_and_ignoring_later_ones():
    assert committee_metrics.default_window([], D(2025, 4, 1)) == (D(2025, 1, 1), D(2025, 4, 1))
    later = [D(2020, 4, 27), D(2025, 6, 1)]  # the second is after the as-of date
    assert committee_metrics.default_window(later, D(2025, 4, 1)) == (D(2020, 4, 27), D(2025, 4, 1))


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        ("open", D(2025, 1, 1), 31),
        ("in_progress", D(2025, 1, 31), 1),
        ("open", D(2025, 2, 1), None),  # due today: not yet overdue
        ("done", D(2024, 1, 1), None),
        ("cancelled", D(2024, 1, 1), None),
        ("open", None, None),  # no due date: never overdue
    ],
)
def test_overdue_rule(status, due, expected):
    assert committee_metrics.overdue_days(status, due, D(2025, 2, 1)) == expected


# --- bundled records ------------------------------------------------------------------------------


def test_bundled_meeting_decisions_and_action_items(bundled_engine):
    as_of = D(2026, 1, 1)
    meetings = committee_reads.meetings(bundled_engine, KEY, as_of)
    assert list(meetings["key"]) == ["mtg-committee-3"]
    assert (int(meetings["decisions"][0]), int(meetings["action_items"][0])) == (4, 4)
    items = committee_reads.action_items(bundled_engine, KEY, as_of).set_index("key")
    assert items.loc["ai-design-start", "overdue_days"] == (as_of - D(2020, 5, 31)).days
    assert items.loc["ai-construction-start", "completed_late_days"] == 326
    assert committee_metrics.overdue_count(items.reset_index()) == 1
    table = committee_view.action_table(items.reset_index(), "en")
    assert "overdue 2,041 days" in set(table["Status"])
    assert "done · done 326 days after due" in set(table["Status"])
    styled = committee_view.highlight_overdue(table, items.reset_index()).to_html()
    assert styled.count("#fde2e1") >= 1


def test_bundled_strategies_have_no_tasks_and_the_tree_says_so(bundled_engine):
    as_of = D(2026, 1, 1)
    strategies = committee_reads.strategy_progress(bundled_engine, KEY, as_of)
    assert list(strategies["number"]) == [1, 2, 3]
    assert list(strategies["tasks"]) == [0, 0, 0]
    result = committee_charts.strategy_tree(bundled_engine, KEY, as_of, "ko")
    (tree,) = result.figure.data
    assert len(tree.ids) == 4  # root and the three strategies, no invented tasks
    assert list(tree.customdata[1:]) == ["과제 미등록"] * 3
    assert "과제 미등록" in result.figure.layout.title.text
    assert "11개 추진과제" in result.figure.layout.title.text
    assert result.takeaway == "3대 전략이 기록되어 있으나 세부 과제는 아직 등록되지 않았습니다."


def test_tasks_recorded_fill_the_tree_and_progress_is_averaged_in_sql(bundled_engine):
    writes = [
        Write(
            "tasks",
            f"task-{n}",
            {
                "strategy_key": strategy,
                "number": n,
                "name_ko": f"과제 {n}",
                "name_en": f"Task {n}",
                "progress_pct": pct,
                "status": status,
            },
            D(2021, 1, 1),
        )
        for n, strategy, pct, status in [
            (1, "strategy-1", 40, "in_progress"),
            (2, "strategy-1", 80, "in_progress"),
            (3, "strategy-2", 100, "done"),
        ]
    ]
    store.apply(
        bundled_engine, writes, by="test", actor=roles.operator("test"), reason="tasks for the tree"
    )
    strategies = committee_reads.strategy_progress(bundled_engine, KEY, D(2022, 1, 1)).set_index(
        "key"
    )
    assert strategies.loc["strategy-1", "tasks"] == 2
    assert strategies.loc["strategy-1", "progress_pct"] == pytest.approx(60.0)
    assert strategies.loc["strategy-2", "done"] == 1
    assert strategies.loc["strategy-3", "tasks"] == 0
    result = committee_charts.strategy_tree(bundled_engine, KEY, D(2022, 1, 1), "en")
    (tree,) = result.figure.data
    assert len(tree.ids) == 7
    assert list(tree.parents[4:]) == ["s:strategy-1", "s:strategy-1", "s:strategy-2"]
    assert tree.marker.colors[6] == committee_charts.TASK_COLOURS["done"]
    assert result.takeaway == "3 strategies, 1 of 3 tasks done · mean progress 73%"
    # before the tasks were recorded, the tree is back to strategies only
    before = committee_charts.strategy_tree(bundled_engine, KEY, D(2020, 12, 31), "en")
    assert len(before.figure.data[0].ids) == 4


def test_the_strategy_tree_is_catalogued(bundled_engine):
    result = catalog.entry("committee.strategy_tree").build(
        bundled_engine, catalog.ChartContext(KEY, D(2026, 1, 1), "ko")
    )
    assert not result.is_empty and result.source_keys == ["src-news21-2020-04-28"]


# --- changes between two dates --------------------------------------------------------------------


def test_bundled_changes_during_2021(bundled_engine):
    summary = committee_reads.changes_between(bundled_engine, KEY, D(2021, 1, 1), D(2021, 12, 31))
    # the early cloud use (May 2021) was only reported in May 2022: not known by the end of 2021
    assert {m["key"] for m in summary.milestones_done} == {
        "gj1-nhn-selected",
        "gj1-datacentre-launch",
        "gj1-construction-start",
    }
    start = next(m for m in summary.milestones_done if m["key"] == "gj1-construction-start")
    assert start["slip"].months == 11
    assert len([a for a in summary.agreements_added if a["kind"] == "mou"]) == 4
    assert summary.mous_added == 0  # the sourced tally stays at 50 through 2021
    assert summary.executed_records == 0
    # 2021-01-01 itself is the start of the window, so the city's split of that day is not in it
    assert {p["key"] for p in summary.plans_announced} == {
        "gj1-pv-datacentre-etnews",
        "gj1-pv-2021-11-reported",
    }


def test_bundled_stop_and_resume_show_as_changes(bundled_engine):
    # The halt (May 2024) and the resumption were first reported together on 2024-09-23: the
    # bundle holds one version, so no status change can be read from its history.
    summary = committee_reads.changes_between(bundled_engine, KEY, D(2024, 4, 1), D(2024, 10, 1))
    assert summary.milestone_status == []


def programme(engine):
    """A small programme recorded over time, for the change summary."""
    day0 = D(2023, 1, 1)
    writes = [
        Write("sources", "s", {"outlet": "Test"}, day0),
        Write(
            "regions",
            "r",
            {"kostat_code": "1", "name_ko": "가", "name_en": "A", "level": "province"},
            day0,
        ),
        Write("initiatives", "i", {"region_key": "r", "name_ko": "사업", "name_en": "P"}, day0),
        Write(
            "projects",
            "p",
            {
                "initiative_key": "i",
                "name_ko": "건물",
                "name_en": "Building",
                "category": "building",
            },
            day0,
        ),
        Write(
            "committee_bodies",
            "c",
            {
                "initiative_key": "i",
                "name_ko": "위원회",
                "name_en": "Committee",
                "kind": "committee",
            },
            day0,
        ),
        Write(
            "meetings",
            "m1",
            {"body_key": "c", "held_on": D(2024, 1, 10), "title_ko": "1차", "title_en": "1st"},
            D(2024, 1, 10),
        ),
        Write(
            "meetings",
            "m2",
            {"body_key": "c", "held_on": D(2024, 4, 10), "title_ko": "2차", "title_en": "2nd"},
            D(2024, 4, 10),
        ),
        Write(
            "strategies",
            "st",
            {"initiative_key": "i", "number": 1, "name_ko": "전략", "name_en": "Strategy"},
            day0,
        ),
        Write(
            "tasks",
            "tk",
            {
                "strategy_key": "st",
                "number": 1,
                "name_ko": "과제",
                "name_en": "Task",
                "progress_pct": 20,
                "status": "in_progress",
            },
            day0,
        ),
        Write("partners", "co", {"name_ko": "기업", "kind": "company"}, day0),
    ]
    milestone = {"initiative_key": "i", "project_key": "p", "status": "planned"}
    writes += [
        Write(
            "milestones",
            "reached",
            {**milestone, "name_ko": "착공", "name_en": "Start", "baseline_date": D(2024, 3, 31)},
            day0,
        ),
        Write(
            "milestones",
            "moved",
            {**milestone, "name_ko": "준공", "name_en": "End", "baseline_date": D(2025, 6, 30)},
            day0,
        ),
        Write(
            "milestones",
            "lapsed",
            {**milestone, "name_ko": "설계", "name_en": "Design", "baseline_date": D(2024, 2, 15)},
            day0,
        ),
        Write(
            "expenditures",
            "x0",
            {
                "project_key": "p",
                "spent_on": D(2023, 6, 1),
                "funding_source": "city",
                "amount_won": 500,
            },
            D(2023, 6, 1),
        ),
    ]
    store.apply(engine, writes, by="test", actor=roles.operator("test"), reason="programme")
    # Between the two meetings (after 2024-01-10, up to 2024-04-10):
    store.apply(
        engine,
        [
            Write(
                "milestones",
                "reached",
                {
                    **milestone,
                    "name_ko": "착공",
                    "name_en": "Start",
                    "baseline_date": D(2024, 3, 31),
                    "actual_date": D(2024, 3, 20),
                    "status": "done",
                },
                D(2024, 3, 20),
            ),
            Write(
                "milestones",
                "moved",
                {
                    **milestone,
                    "name_ko": "준공",
                    "name_en": "End",
                    "baseline_date": D(2025, 6, 30),
                    "forecast_date": D(2025, 12, 31),
                },
                D(2024, 2, 1),
            ),
            Write(
                "expenditures",
                "x1",
                {
                    "project_key": "p",
                    "spent_on": D(2024, 2, 1),
                    "funding_source": "national",
                    "amount_won": 1_000,
                },
                D(2024, 2, 1),
            ),
            Write(
                "agreements",
                "a1",
                {
                    "initiative_key": "i",
                    "partner_key": "co",
                    "kind": "mou",
                    "signed_on": D(2024, 3, 1),
                },
                D(2024, 3, 1),
            ),
            Write(
                "centres",
                "ce1",
                {
                    "initiative_key": "i",
                    "partner_key": "co",
                    "name_ko": "센터",
                    "opened_on": D(2024, 3, 5),
                },
                D(2024, 3, 5),
            ),
            Write(
                "tasks",
                "tk",
                {
                    "strategy_key": "st",
                    "number": 1,
                    "name_ko": "과제",
                    "name_en": "Task",
                    "progress_pct": 55,
                    "status": "in_progress",
                },
                D(2024, 4, 1),
            ),
            Write(
                "plan_versions",
                "pv",
                {
                    "initiative_key": "i",
                    "label_ko": "변경계획",
                    "label_en": "Revised plan",
                    "announced_on": D(2024, 3, 15),
                    "kind": "plan",
                    "total_won": 10_000,
                },
                D(2024, 3, 15),
            ),
        ],
        by="test",
        actor=roles.operator("test"),
        reason="between meetings",
    )


def test_changes_between_two_meetings_read_from_history(engine):
    programme(engine)
    meetings = committee_reads.meetings(engine, "i", D(2024, 5, 1))
    start, end = committee_metrics.default_window(meetings["held_on"], D(2024, 5, 1))
    assert (start, end) == (D(2024, 1, 10), D(2024, 4, 10))
    summary = committee_reads.changes_between(engine, "i", start, end)
    assert (summary.executed_won, summary.executed_records) == (1_000, 1)
    assert [m["key"] for m in summary.milestones_done] == ["reached"]
    assert [(m["key"], m["moved_days"]) for m in summary.milestones_slipped] == [("moved", 184)]
    assert [m["key"] for m in summary.milestones_late] == ["lapsed"]
    assert [a["key"] for a in summary.agreements_added] == ["a1"]
    assert summary.mous_added == 1 and summary.offices_added == 1
    assert [c["key"] for c in summary.centres_opened] == ["ce1"]
    assert [
        (t["key"], t["progress_before"], t["progress_pct"]) for t in summary.tasks_progressed
    ] == [("tk", 20.0, 55.0)]
    assert [p["key"] for p in summary.plans_announced] == ["pv"]
    assert [m["key"] for m in summary.meetings_held] == ["m2"]
    assert not summary.is_empty
    cards = {c.label: c.value for c in committee_view.change_cards(summary, "ko", "won")}
    assert cards["집행액 변화"] == "+1,000원"
    assert cards["이정표 달성"] == "1" and cards["이정표 지연·일정 변경"] == "2"
    assert cards["업무협약(MOU) 증가"] == "+1" and cards["과제 진척"] == "1"
    table = committee_view.change_table(summary, "en")
    assert "due 2025-06-30 → 2025-12-31 (+184 d)" in set(table["Detail"])
    assert "progress 20% → 55% · in progress" in set(table["Detail"])


def test_nothing_changed_in_a_quiet_window_and_dates_may_be_given_reversed(engine):
    programme(engine)
    quiet = committee_reads.changes_between(engine, "i", D(2024, 6, 1), D(2024, 5, 1))
    assert (quiet.start, quiet.end) == (D(2024, 5, 1), D(2024, 6, 1))
    assert quiet.is_empty
    assert committee_view.change_table(quiet, "ko").empty


def test_an_event_before_the_window_recorded_later_is_not_a_change(engine):
    programme(engine)
    store.apply(
        engine,
        [
            Write(
                "agreements",
                "old",
                {
                    "initiative_key": "i",
                    "partner_key": "co",
                    "kind": "mou",
                    "signed_on": D(2023, 5, 1),
                },
                D(2024, 3, 1),
            )
        ],
        by="test",
        actor=roles.operator("test"),
        reason="late record",
    )
    summary = committee_reads.changes_between(engine, "i", D(2024, 1, 10), D(2024, 4, 10))
    assert [a["key"] for a in summary.agreements_added] == ["a1"]
