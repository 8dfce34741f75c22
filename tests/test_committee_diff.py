""" "Since the last meeting" as a pure rule: `committee.metrics.diff` of two hand-made snapshots.

The window runs from 31 March 2024 (a month end, excluded) to 30 June 2024 (included). Every
list has an item on each edge of the window, one from before it, one already known and, where
the rule allows it, an undated one; the expected keys are written out by hand.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tracker.committee import metrics

START, END = dt.date(2024, 3, 31), dt.date(2024, 6, 30)
D = dt.date

MILESTONE_COLUMNS = [
    "key", "state", "due_date", "baseline_date", "baseline_precision",
    "actual_date", "actual_precision", "forecast_date",
]  # fmt: skip


def milestones(*rows) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(MILESTONE_COLUMNS, r, strict=True)) for r in rows])


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


BEFORE_MILESTONES = milestones(
    ("reached-end", "in_progress", D(2024, 5, 31), D(2024, 5, 31), "day", None, None, None),
    ("reached-month", "in_progress", D(2024, 5, 1), D(2024, 5, 1), "month", None, None, None),
    ("reached-start", "in_progress", D(2024, 3, 1), D(2024, 3, 1), "day", None, None, None),
    ("reached-undated", "planned", D(2024, 1, 15), D(2024, 1, 15), "day", None, None, None),
    ("reached-in-june", "in_progress", D(2024, 5, 31), D(2024, 5, 31), "day", None, None, None),
    ("was-done", "done", D(2023, 1, 1), D(2023, 1, 1), "day", D(2023, 1, 2), "day", None),
    ("slipped", "in_progress", D(2024, 9, 30), D(2024, 9, 30), "day", None, None, None),
    ("earlier-and-late", "in_progress", D(2024, 9, 30), D(2024, 9, 30), "day", None, None, None),
    ("became-late", "in_progress", D(2024, 5, 15), D(2024, 5, 15), "day", None, None, None),
    ("still-late", "late", D(2024, 1, 31), D(2024, 1, 31), "day", None, None, None),
    ("not-recorded", "planned", D(2024, 4, 30), D(2024, 4, 30), "day", None, None, None),
    ("same", "in_progress", D(2024, 12, 31), D(2024, 12, 31), "day", None, None, None),
)
AFTER_MILESTONES = milestones(
    ("reached-end", "done", D(2024, 5, 31), D(2024, 5, 31), "day", D(2024, 6, 30), "day", None),
    # a month-precise baseline: the slip is counted in months (May -> June = 1)
    ("reached-month", "done", D(2024, 5, 1), D(2024, 5, 1), "month", D(2024, 6, 30), "day", None),
    ("reached-start", "done", D(2024, 3, 1), D(2024, 3, 1), "day", D(2024, 3, 31), "day", None),
    # done, the day not on record: the slip is read from its last forecast (15 Feb)
    ("reached-undated", "done", D(2024, 1, 15), D(2024, 1, 15), "day", None, None, D(2024, 2, 15)),
    # an actual known to the month only: the slip is in months (31 May -> June = 1 month)
    ("reached-in-june", "done", D(2024, 5, 31), D(2024, 5, 31), "day", D(2024, 6, 1), "month", None),
    ("new-done", "done", D(2024, 5, 1), D(2024, 5, 1), "day", D(2024, 5, 1), "day", None),
    ("was-done", "done", D(2023, 1, 1), D(2023, 1, 1), "day", D(2023, 1, 2), "day", None),
    ("slipped", "in_progress", D(2024, 10, 31), D(2024, 9, 30), "day", None, None, D(2024, 10, 31)),
    ("earlier-and-late", "late", D(2024, 6, 1), D(2024, 9, 30), "day", None, None, D(2024, 6, 1)),
    ("became-late", "late", D(2024, 5, 15), D(2024, 5, 15), "day", None, None, None),
    ("still-late", "late", D(2024, 1, 31), D(2024, 1, 31), "day", None, None, None),
    ("not-recorded", "not_recorded", D(2024, 4, 30), D(2024, 4, 30), "day", None, None, None),
    ("new-late", "late", D(2024, 4, 1), D(2024, 4, 1), "day", None, None, None),
    ("same", "in_progress", D(2024, 12, 31), D(2024, 12, 31), "day", None, None, None),
)  # fmt: skip

AG, CE, TA = ["key", "signed_on"], ["key", "opened_on"], ["key", "status", "progress_pct"]
PL, ME = ["key", "announced_on"], ["key", "held_on"]


def snapshots(**after_tallies):
    before = metrics.Snapshot(
        on=START,
        executed={"won": 1_000_000, "records": 3},
        tallies={
            "mous_recorded": 3,
            "mou_tally": {"cumulative_agreements": 2},  # below the recorded 3: 3 counts
            "centres_recorded": 1,
            "office_tally": None,
        },
        milestones=BEFORE_MILESTONES,
        agreements=frame([{"key": "a-old", "signed_on": D(2024, 5, 1)}], AG),
        centres=frame([{"key": "c-old", "opened_on": D(2024, 5, 1)}], CE),
        tasks=frame(
            [
                {"key": "t-same", "status": "open", "progress_pct": 50.0},
                {"key": "t-progress", "status": "open", "progress_pct": 50.0},
                {"key": "t-status", "status": "open", "progress_pct": None},
                {"key": "t-unknown-now", "status": "open", "progress_pct": 40.0},
            ],
            TA,
        ),
        plans=frame([{"key": "p-old", "announced_on": D(2024, 5, 1)}], PL),
        meetings=frame([{"key": "mtg-old", "held_on": D(2024, 3, 31)}], ME),
    )
    after = metrics.Snapshot(
        on=END,
        executed={"won": 1_750_000, "records": 5},
        tallies={
            "mous_recorded": 4,
            "mou_tally": {"cumulative_agreements": 4},  # equal to the recorded 4: the tally
            "centres_recorded": 2,
            "office_tally": {"offices_cumulative": 5},
            **after_tallies,
        },
        milestones=AFTER_MILESTONES,
        agreements=frame(
            [
                {"key": "a-old", "signed_on": D(2024, 5, 1)},
                {"key": "a-start", "signed_on": D(2024, 3, 31)},
                {"key": "a-next-day", "signed_on": D(2024, 4, 1)},
                {"key": "a-end", "signed_on": D(2024, 6, 30)},
                {"key": "a-after", "signed_on": D(2024, 7, 1)},
                {"key": "a-undated", "signed_on": None},
            ],
            AG,
        ),
        centres=frame(
            [
                {"key": "c-old", "opened_on": D(2024, 5, 1)},
                {"key": "c-end", "opened_on": D(2024, 6, 30)},
                {"key": "c-start", "opened_on": D(2024, 3, 31)},
                {"key": "c-undated", "opened_on": None},
            ],
            CE,
        ),
        tasks=frame(
            [
                {"key": "t-same", "status": "open", "progress_pct": 50.0},
                {"key": "t-progress", "status": "open", "progress_pct": 60.0},
                {"key": "t-status", "status": "done", "progress_pct": None},
                {"key": "t-unknown-now", "status": "open", "progress_pct": float("nan")},
                {"key": "t-new", "status": "open", "progress_pct": None},
            ],
            TA,
        ),
        plans=frame(
            [
                {"key": "p-old", "announced_on": D(2024, 5, 1)},
                {"key": "p-new", "announced_on": D(2024, 4, 15)},
                {"key": "p-undated", "announced_on": None},
                {"key": "p-after", "announced_on": D(2024, 7, 1)},
            ],
            PL,
        ),
        meetings=frame(
            [
                {"key": "mtg-old", "held_on": D(2024, 3, 31)},
                {"key": "mtg-start", "held_on": D(2024, 3, 31)},
                {"key": "mtg-end", "held_on": D(2024, 6, 30)},
            ],
            ME,
        ),
    )
    return before, after


STATUS_EVENTS = pd.DataFrame(
    [
        {"key": "slipped", "changed_on": D(2024, 6, 30), "status_to": "stopped"},  # end: in
        {"key": "slipped", "changed_on": D(2024, 3, 31), "status_to": "stopped"},  # start: out
        {"key": "became-late", "changed_on": D(2024, 5, 1), "status_to": "done"},  # done: out
        {"key": "ghost", "changed_on": D(2024, 5, 1), "status_to": "stopped"},  # unknown: out
        {"key": "same", "changed_on": D(2024, 4, 1), "status_to": "resumed"},  # in
    ]
)


def keys(rows) -> list[str]:
    return [r["key"] for r in rows]


@pytest.fixture
def summary():
    before, after = snapshots()
    return metrics.diff(before, after, STATUS_EVENTS)


def test_money_and_counts_by_the_overview_rule(summary):
    assert (summary.start, summary.end) == (START, END)
    assert (summary.executed_won, summary.executed_records) == (750_000, 2)
    # MOUs: 3 recorded before (the tally of 2 is lower), the tally of 4 after (equal counts)
    assert (summary.mous_before, summary.mous_after, summary.mous_from_tally) == (3, 4, True)
    assert summary.mous_added == 1
    # offices: 1 recorded before (no tally), the tally of 5 after
    assert (summary.offices_before, summary.offices_after, summary.offices_added) == (1, 5, 4)


def test_a_tally_below_the_recorded_count_or_without_a_figure_is_not_used():
    before, after = snapshots(mou_tally={"cumulative_agreements": 3}, office_tally={})
    summary = metrics.diff(before, after)
    assert (summary.mous_after, summary.mous_from_tally) == (4, False)
    before, after = snapshots(mou_tally={"cumulative_agreements": float("nan")})
    assert metrics.diff(before, after).mous_after == 4
    assert metrics.diff(before, after).offices_after == 5


def test_milestones_reached_in_the_window(summary):
    # reached-start was reached on the window's first day (excluded); was-done was done already
    assert keys(summary.milestones_done) == [
        "reached-end",
        "reached-month",
        "reached-undated",
        "reached-in-june",
        "new-done",
    ]
    slips = {m["key"]: m["slip"] for m in summary.milestones_done}
    assert (slips["reached-end"].days, slips["reached-end"].basis) == (30, "actual")
    assert slips["reached-end"].unit == "day"
    # 1 May (month precision) to 30 June: 60 days, one month late, counted in months
    assert (slips["reached-month"].days, slips["reached-month"].months) == (60, 1)
    assert slips["reached-month"].unit == "month"
    assert (slips["new-done"].days, slips["new-done"].basis) == (0, "actual")
    assert (slips["reached-undated"].days, slips["reached-undated"].basis) == (31, "forecast")
    # 31 May to 1 June is one day, but in months (the actual's precision) it is June - May = 1
    assert (slips["reached-in-june"].months, slips["reached-in-june"].unit) == (1, "month")


def test_milestones_moved_later_and_those_that_became_late(summary):
    assert keys(summary.milestones_slipped) == ["slipped"]
    moved = summary.milestones_slipped[0]
    assert (moved["due_before"], moved["due_after"], moved["moved_days"]) == (
        D(2024, 9, 30),
        D(2024, 10, 31),
        31,
    )
    # moved earlier and now late: listed as late, not as slipped; still-late was late before;
    # new-late is new (nothing to compare with)
    assert keys(summary.milestones_late) == ["earlier-and-late", "became-late", "not-recorded"]


def test_status_changes_inside_the_window_of_known_milestones(summary):
    assert [(m["key"], m["changed_on"]) for m in summary.milestone_status] == [
        ("slipped", D(2024, 6, 30)),
        ("same", D(2024, 4, 1)),
    ]
    assert summary.milestone_status[0]["state"] == "in_progress"  # the milestone's own fields


def test_agreements_centres_plans_and_meetings_dated_in_the_window(summary):
    assert keys(summary.agreements_added) == ["a-next-day", "a-end", "a-undated"]
    assert keys(summary.centres_opened) == ["c-end"]  # an undated centre does not count
    assert keys(summary.plans_announced) == ["p-new"]
    assert keys(summary.meetings_held) == ["mtg-end"]


def test_tasks_that_progressed_or_changed_status(summary):
    rows = {t["key"]: t for t in summary.tasks_progressed}
    # t-same: nothing changed; t-unknown-now: its progress is no longer known, the status same
    assert list(rows) == ["t-progress", "t-status", "t-new"]
    assert (rows["t-progress"]["progress_before"], rows["t-progress"]["status_before"]) == (
        50.0,
        "open",
    )
    assert (rows["t-status"]["progress_before"], rows["t-status"]["status_before"]) == (
        None,
        "open",
    )
    assert (rows["t-new"]["progress_before"], rows["t-new"]["status_before"]) == (None, None)


def test_a_window_where_nothing_happened_is_empty():
    before, _ = snapshots()
    same = metrics.diff(before, before)
    assert same.is_empty
    assert (same.mous_added, same.offices_added, same.executed_won) == (0, 0, 0)
    # one more expenditure record of 0 won is still a change
    later = metrics.Snapshot(**{**before.__dict__, "executed": {"won": 1_000_000, "records": 4}})
    assert not metrics.diff(before, later).is_empty


def test_empty_frames_before_mean_everything_after_is_new():
    before, after = snapshots()
    empty = {
        name: getattr(before, name).iloc[0:0]
        for name in ("agreements", "centres", "plans", "meetings")
    }
    summary = metrics.diff(metrics.Snapshot(**{**before.__dict__, **empty}), after)
    assert keys(summary.agreements_added) == ["a-old", "a-next-day", "a-end", "a-undated"]
    assert keys(summary.centres_opened) == ["c-old", "c-end"]
    assert keys(summary.plans_announced) == ["p-old", "p-new"]
    assert keys(summary.meetings_held) == ["mtg-end"]  # mtg-old was held on the first day
