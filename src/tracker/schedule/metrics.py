"""Schedule metrics: how far each milestone slipped against its baseline, and what is due next.

Slip is the actual date (or, while not done, the forecast) minus the baseline. A baseline known only
to the month is stored as the month's last day (``baseline_precision = "month"``); its slip is then
counted in calendar months (planned December 2020, done 22 November 2021: 11 months), and in days
from the stored month-end (326 days) for those who want the exact figure. The status of a milestone
is :func:`tracker.db.queries.milestone_state`, never re-derived here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .. import frames
from ..db import queries

UPCOMING_DAYS = queries.UPCOMING_DAYS

PRECISION_ORDER = {"day": 0, "month": 1, "year": 2}

OPEN_STATES = ("late", "not_recorded", "at_risk", "on_track", "stopped", "unscheduled")

INTERRUPTIONS = ("stopped", "cancelled")

UNRECORDED_STATES = ("not_recorded", "done_undated")

STATE_ORDER = queries.MILESTONE_STATES  # the legend order: the states as the rule lists them


def missing(value) -> bool:
    """None, NaN, NaT and pandas' NA (pandas 3 string columns hold NaN for a missing text)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_date(value) -> dt.date | None:
    if missing(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def whole_months(start: dt.date, end: dt.date) -> int:
    """Complete months from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -whole_months(end, start)
    months = month_index(end) - month_index(start)
    if end.day < start.day and not _is_month_end(end):
        months -= 1
    return months


def _is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month


def coarser(*precisions: str | None) -> str:
    known = [p for p in precisions if p in PRECISION_ORDER]
    return max(known, key=PRECISION_ORDER.get) if known else "day"


@dataclass(frozen=True)
class Slip:
    """How late (positive) or early (negative) a milestone is against its baseline.

    ``basis``: ``actual`` (done), ``forecast`` (a revised date), ``overdue`` (open, no forecast,
    baseline passed: the slip so far, which can only grow) or None (no baseline, nothing to compare).
    ``unit``: the coarser precision of the dates compared; labels use it.
    """

    days: int | None
    months: int | None
    unit: str
    basis: str | None
    reference: dt.date | None = None

    @property
    def is_late(self) -> bool:
        if self.basis is None:
            return False
        if self.unit == "day" or self.basis == "overdue":
            return (self.days or 0) > 0
        return (self.months or 0) > 0

    @property
    def is_early(self) -> bool:
        if self.basis is None or self.basis == "overdue":
            return False
        if self.unit == "day":
            return (self.days or 0) < 0
        return (self.months or 0) < 0


NO_SLIP = Slip(None, None, "day", None)


def compute_slip(
    baseline: dt.date | None,
    baseline_precision: str | None = "day",
    *,
    forecast: dt.date | None = None,
    actual: dt.date | None = None,
    actual_precision: str | None = "day",
    as_of: dt.date,
    cancelled: bool = False,
) -> Slip:
    """Slip of one milestone on ``as_of`` (an actual date after ``as_of`` is not known yet)."""
    baseline, forecast, actual = as_date(baseline), as_date(forecast), as_date(actual)
    if baseline is None or cancelled:
        return NO_SLIP
    if actual is not None and actual <= as_of:
        reference, basis = actual, "actual"
        unit = coarser(baseline_precision, actual_precision)
    elif forecast is not None:
        reference, basis = forecast, "forecast"
        unit = coarser(baseline_precision)
    elif baseline < as_of:
        reference, basis = as_of, "overdue"
        unit = coarser(baseline_precision)
    else:
        return Slip(None, None, coarser(baseline_precision), None)
    days = (reference - baseline).days
    if basis == "overdue":
        months = whole_months(baseline, reference)
    elif unit == "year":
        months = (reference.year - baseline.year) * 12
    elif unit == "month":
        months = month_index(reference) - month_index(baseline)
    else:
        months = whole_months(baseline, reference)
    return Slip(days, months, unit, basis, reference)


# --- the schedule frame -------------------------------------------------------------------------


def status_changes(versions: pd.DataFrame) -> pd.DataFrame:
    """Status changes from a milestone's history: one row per change (e.g. stopped, then resumed).

    ``versions``: :func:`tracker.queries.milestone_versions`. A first version is a change only when
    it records a stop or a cancellation (work first reported as halted).
    """
    # one pass over the records (not a frame per milestone: 10,000 milestones made that seconds),
    # each milestone's changes kept together in the order its first version comes
    changes: dict[str, list[dict]] = {}
    last: dict[str, dict | None] = {}
    for record in frames.records(versions):
        key = record["key"]
        rows = changes.setdefault(key, [])
        previous = last.get(key)
        if record.get("is_deleted"):
            last[key] = None
            continue
        first_stop = previous is None and record["status"] in INTERRUPTIONS
        if first_stop or (previous is not None and record["status"] != previous["status"]):
            rows.append(
                {
                    "key": key,
                    "changed_on": as_date(record["valid_from"]),
                    "status_from": None if previous is None else previous["status"],
                    "status_to": record["status"],
                    "progress_pct": None
                    if missing(record["progress_pct"])
                    else float(record["progress_pct"]),
                    "source_key": record.get("source_key"),
                }
            )
        last[key] = record
    return pd.DataFrame(
        [row for rows in changes.values() for row in rows],
        columns=["key", "changed_on", "status_from", "status_to", "progress_pct", "source_key"],
    )


def with_slip(frame: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Add ``slip_days``, ``slip_months``, ``slip_unit``, ``slip_basis`` and ``slip_reference``."""
    out = frame.copy()
    slips = [
        compute_slip(
            r["baseline_date"],
            None if missing(r["baseline_precision"]) else r["baseline_precision"],
            forecast=r["forecast_date"],
            actual=r["actual_date"],
            actual_precision=None if missing(r["actual_precision"]) else r["actual_precision"],
            as_of=as_of,
            cancelled=r["state"] == "cancelled",
        )
        # a gap in the record is not a delay: no slip for "actual not recorded" or "done, date
        # unknown" (nothing dated to compare with the plan)
        if r["state"] not in UNRECORDED_STATES
        else NO_SLIP
        for r in frames.records(frame)
    ]
    out["slip_days"] = pd.array([s.days for s in slips], dtype="Int64")
    out["slip_months"] = pd.array([s.months for s in slips], dtype="Int64")
    out["slip_unit"] = [s.unit for s in slips]
    out["slip_basis"] = [s.basis for s in slips]
    out["slip_reference"] = [s.reference for s in slips]
    out["is_slipped"] = [s.is_late for s in slips]
    return out


def slip_of(row: dict) -> Slip:
    """The :class:`Slip` stored on a row of :func:`with_slip`."""
    if missing(row.get("slip_basis")):
        return Slip(None, None, row.get("slip_unit") or "day", None)
    return Slip(
        int(row["slip_days"]),
        int(row["slip_months"]),
        row["slip_unit"],
        row["slip_basis"],
        as_date(row["slip_reference"]),
    )


def filter_milestones(
    frame: pd.DataFrame,
    *,
    projects: list[str] | tuple[str, ...] | None = None,
    states: list[str] | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Keep the given projects (``""`` = milestones of the whole initiative) and states."""
    mask = pd.Series(True, index=frame.index)
    if projects:
        keys = frame["project_key"].map(lambda k: "" if missing(k) else k)
        mask &= keys.isin(list(projects))
    if states:
        mask &= frame["state"].isin(list(states))
    return frame[mask].reset_index(drop=True)


def sort_key_date(row: dict) -> dt.date:
    """Where a milestone sits in time: actual, else forecast, else baseline, else its events."""
    for column in ("actual_date", "forecast_date", "baseline_date"):
        day = as_date(row.get(column))
        if day is not None:
            return day
    events = row.get("status_events") or []
    if events:
        return min(as_date(e["changed_on"]) for e in events)
    return dt.date.max


def late_and_upcoming(
    frame: pd.DataFrame, as_of: dt.date, days: int = UPCOMING_DAYS
) -> pd.DataFrame:
    """Open milestones that need attention: late or stopped, or due within ``days`` of ``as_of``."""
    horizon = as_of + dt.timedelta(days=days)
    due = frame["due_date"].map(as_date)
    upcoming = frame["state"].isin(["on_track", "at_risk"]) & due.map(
        lambda d: d is not None and d <= horizon
    )
    picked = frame[frame["state"].isin(["late", "stopped"]) | upcoming].copy()
    picked["_order"] = picked["due_date"].map(lambda d: as_date(d) or dt.date.max)
    return picked.sort_values(["_order", "key"]).drop(columns="_order").reset_index(drop=True)


def year_bounds(frame: pd.DataFrame, as_of: dt.date) -> tuple[int, int]:
    """First and last year with anything to draw (the as-of year included)."""
    years = [as_of.year]
    for r in frames.records(frame):
        for column in ("baseline_date", "forecast_date", "actual_date"):
            day = as_date(r[column])
            if day is not None:
                years.append(day.year)
        for event in r.get("status_events") or []:
            years.append(as_date(event["changed_on"]).year)
    return min(years), max(years)


@dataclass(frozen=True)
class ScheduleSummary:
    total: int
    done: int  # "done, date unknown" included
    late: int
    not_recorded: int
    stopped: int
    upcoming: int
    done_late: int
    worst: dict | None  # the largest measured slip (actual or forecast date against the plan)
    overdue: list[dict]  # past the plan with no actual recorded ("actual not recorded")


def summarise(frame: pd.DataFrame, as_of: dt.date) -> ScheduleSummary:
    records = frames.records(frame)
    measured = [r for r in records if r.get("is_slipped") and r["slip_basis"] != "overdue"]
    worst = max(measured, key=lambda r: int(r["slip_days"]), default=None)
    attention = late_and_upcoming(frame, as_of) if records else frame
    return ScheduleSummary(
        total=len(records),
        done=sum(r["state"] in ("done", "done_undated") for r in records),
        late=sum(r["state"] == "late" for r in records),
        not_recorded=sum(r["state"] == "not_recorded" for r in records),
        stopped=sum(r["state"] == "stopped" for r in records),
        upcoming=int(attention["state"].isin(["on_track", "at_risk"]).sum()),
        done_late=sum(r["state"] == "done" and bool(r.get("is_slipped")) for r in records),
        worst=worst,
        overdue=[r for r in records if r["state"] == "not_recorded"],
    )


def state_options(frame: pd.DataFrame) -> list[str]:
    """The states present, in the legend's order (for a status filter)."""
    present = set(frame["state"]) if not frame.empty else set()
    return [s for s in STATE_ORDER if s in present]
