"""Committee rules, pure: the overdue rule, the default "since" window, and the diff of two
snapshots that makes "since the last meeting".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from .. import frames
from ..schedule import metrics as schedule_metrics
from ..schedule.metrics import as_date, missing

DEFAULT_WINDOW_DAYS = 90


OPEN_ACTION_STATUSES = ("open", "in_progress")


def overdue_days(status: str, due_on, as_of: dt.date) -> int | None:
    """Days an action item is past its due date on ``as_of``; None when it is not overdue.

    Overdue: still open or in progress, with a due date before ``as_of``. Done, cancelled and
    undated items are never overdue.
    """
    due = as_date(due_on)
    if status not in OPEN_ACTION_STATUSES or due is None or due >= as_of:
        return None
    return (as_of - due).days


# --- since the last meeting ----------------------------------------------------------------------


def default_window(meeting_dates, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The two dates "since the last meeting" compares by default.

    Two or more meetings held by ``as_of``: the last two. One: that meeting and ``as_of``. None:
    the :data:`DEFAULT_WINDOW_DAYS` before ``as_of``.
    """
    held = sorted({d for d in (as_date(x) for x in meeting_dates) if d and d <= as_of})
    if len(held) >= 2:
        return held[-2], held[-1]
    if len(held) == 1:
        return held[0], as_of
    return as_of - dt.timedelta(days=DEFAULT_WINDOW_DAYS), as_of


PAST_DUE = ("late", "not_recorded")


@dataclass(frozen=True)
class Snapshot:
    """What was known and in force on one date (small, per-initiative lists)."""

    on: dt.date
    executed: dict
    tallies: dict
    milestones: pd.DataFrame
    agreements: pd.DataFrame
    centres: pd.DataFrame
    tasks: pd.DataFrame
    plans: pd.DataFrame
    meetings: pd.DataFrame


@dataclass
class ChangeSummary:
    start: dt.date
    end: dt.date
    executed_won: int  # change in recorded expenditure (new records and corrections)
    executed_records: int
    mous_before: int  # MOUs on each date, by the Overview's rule (sourced tally, else recorded)
    mous_after: int
    mous_from_tally: bool
    offices_before: int  # offices and centres opened, same rule
    offices_after: int
    milestones_done: list[dict] = field(default_factory=list)
    milestones_slipped: list[dict] = field(default_factory=list)  # due date moved later
    milestones_late: list[dict] = field(default_factory=list)  # became overdue in the window
    milestone_status: list[dict] = field(default_factory=list)  # stopped, resumed, cancelled
    agreements_added: list[dict] = field(default_factory=list)
    centres_opened: list[dict] = field(default_factory=list)
    tasks_progressed: list[dict] = field(default_factory=list)
    plans_announced: list[dict] = field(default_factory=list)
    meetings_held: list[dict] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)  # backdated, recorded in the window

    @property
    def mous_added(self) -> int:
        return self.mous_after - self.mous_before

    @property
    def offices_added(self) -> int:
        return self.offices_after - self.offices_before

    @property
    def is_empty(self) -> bool:
        lists = (
            self.milestones_done,
            self.milestones_slipped,
            self.milestones_late,
            self.milestone_status,
            self.agreements_added,
            self.centres_opened,
            self.tasks_progressed,
            self.plans_announced,
            self.meetings_held,
            self.corrections,
        )
        return (
            not any(lists)
            and self.executed_won == 0
            and self.executed_records == 0
            and self.mous_added == 0
            and self.offices_added == 0
        )


def _by_key(frame: pd.DataFrame) -> dict[str, dict]:
    return {r["key"]: r for r in frames.records(frame)}


def counted(counts: dict, recorded_key: str, tally_key: str, column: str) -> tuple[int, bool]:
    """A count on one date, by the Overview's rule: the latest sourced cumulative tally when it is
    at least the facts recorded one by one, else the recorded count. Returns (value, from_tally)."""
    recorded = int(counts[recorded_key])
    tally = counts.get(tally_key)
    if tally and not missing(tally.get(column)) and int(tally[column]) >= recorded:
        return int(tally[column]), True
    return recorded, False


def _in_window(day, start: dt.date, end: dt.date, *, undated: bool = False) -> bool:
    """An event dated after ``start`` up to ``end`` (undated events count only if asked)."""
    day = as_date(day)
    return undated if day is None else start < day <= end


def diff(before: Snapshot, after: Snapshot, status_events: pd.DataFrame | None = None):
    """The :class:`ChangeSummary` between two snapshots (pure).

    Events (milestones reached, agreements, centres, plans, meetings) count when they are dated
    inside the window and were known by its end: a fact recorded late still shows, a fact that
    happened before the window does not. Undated agreements count when first recorded in it.
    """
    start, end = before.on, after.on
    mous_before, _ = counted(before.tallies, "mous_recorded", "mou_tally", "cumulative_agreements")
    mous_after, from_tally = counted(
        after.tallies, "mous_recorded", "mou_tally", "cumulative_agreements"
    )

    def offices(snap: Snapshot):
        return snap.tallies, "centres_recorded", "office_tally", "offices_cumulative"

    summary = ChangeSummary(
        start=before.on,
        end=after.on,
        executed_won=after.executed["won"] - before.executed["won"],
        executed_records=after.executed["records"] - before.executed["records"],
        mous_before=mous_before,
        mous_after=mous_after,
        mous_from_tally=from_tally,
        offices_before=counted(*offices(before))[0],
        offices_after=counted(*offices(after))[0],
    )
    old, new = _by_key(before.milestones), _by_key(after.milestones)
    for key, m in new.items():
        prior = old.get(key)
        prior_state = prior["state"] if prior else None
        if m["state"] == "done" and prior_state != "done":
            if not _in_window(m["actual_date"], start, end, undated=True):
                continue  # reached before the window, only recorded since
            slip = schedule_metrics.compute_slip(
                m["baseline_date"],
                None if missing(m["baseline_precision"]) else m["baseline_precision"],
                actual=m["actual_date"],
                actual_precision=None if missing(m["actual_precision"]) else m["actual_precision"],
                forecast=m["forecast_date"],
                as_of=after.on,
            )
            summary.milestones_done.append({**m, "slip": slip})
            continue
        if m["state"] == "done" or prior is None:
            continue
        due_before, due_after = as_date(prior["due_date"]), as_date(m["due_date"])
        if due_before and due_after and due_after > due_before:
            summary.milestones_slipped.append(
                {
                    **m,
                    "due_before": due_before,
                    "due_after": due_after,
                    "moved_days": (due_after - due_before).days,
                }
            )
        elif m["state"] in PAST_DUE and prior_state not in PAST_DUE:
            # its date passed between the two days: late, or with no actual on record
            summary.milestones_late.append(m)
    if status_events is not None and not status_events.empty:
        for event in frames.records(status_events):
            day = as_date(event["changed_on"])
            if before.on < day <= after.on and event["status_to"] != "done" and event["key"] in new:
                summary.milestone_status.append({**new[event["key"]], **event})
    old_ag = set(before.agreements["key"]) if not before.agreements.empty else set()
    summary.agreements_added = [
        r
        for r in frames.records(after.agreements)
        if r["key"] not in old_ag and _in_window(r["signed_on"], start, end, undated=True)
    ]
    old_ce = set(before.centres["key"]) if not before.centres.empty else set()
    summary.centres_opened = [
        r
        for r in frames.records(after.centres)
        if r["key"] not in old_ce and _in_window(r["opened_on"], start, end)
    ]
    old_tasks = _by_key(before.tasks)
    for key, task in _by_key(after.tasks).items():
        prior = old_tasks.get(key)
        before_pct = (
            None if prior is None or missing(prior["progress_pct"]) else prior["progress_pct"]
        )
        after_pct = None if missing(task["progress_pct"]) else task["progress_pct"]
        status_changed = prior is None or prior["status"] != task["status"]
        progressed = after_pct is not None and (before_pct is None or after_pct != before_pct)
        if status_changed or progressed:
            summary.tasks_progressed.append(
                {
                    **task,
                    "progress_before": before_pct,
                    "status_before": None if prior is None else prior["status"],
                }
            )
    old_plans = set(before.plans["key"]) if not before.plans.empty else set()
    summary.plans_announced = [
        r
        for r in frames.records(after.plans)
        if r["key"] not in old_plans and _in_window(r["announced_on"], start, end)
    ]
    old_meetings = set(before.meetings["key"]) if not before.meetings.empty else set()
    summary.meetings_held = [
        r
        for r in frames.records(after.meetings)
        if r["key"] not in old_meetings and _in_window(r["held_on"], start, end)
    ]
    return summary


def overdue_count(frame: pd.DataFrame) -> int:
    return 0 if frame.empty else int(frame["overdue_days"].notna().sum())
