"""The committee's own record: meetings, decisions, action items, strategies and tasks, and
"since the last meeting" — what changed between two dates, read from the versioned tables.

:func:`changes_between` compares what was known and in force on the first date with what was known
and in force on the second (both through :func:`tracker.queries.facts_as_of`), so a correction
recorded after a meeting shows up as a change, and nothing is copied aside.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, and_, case, func, or_, select

from . import i18n, money, queries, schedule
from .queries import facts_as_of, read
from .schedule import as_date, missing

OPEN_ACTION_STATUSES = ("open", "in_progress")
DEFAULT_WINDOW_DAYS = 90


# --- meetings, decisions, action items -----------------------------------------------------------


def _bodies(initiative_key: str, as_of: dt.date):
    cb = facts_as_of("committee_bodies", as_of)
    return cb, cb.c.initiative_key == initiative_key


def meetings(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Meetings of the initiative's committee and subcommittees, newest first, with counts."""
    cb, of_initiative = _bodies(initiative_key, as_of)
    mt = facts_as_of("meetings", as_of)
    de = facts_as_of("decisions", as_of)
    ai = facts_as_of("action_items", as_of)
    decisions_count = select(func.count()).where(de.c.meeting_key == mt.c.key).scalar_subquery()
    actions_count = select(func.count()).where(ai.c.meeting_key == mt.c.key).scalar_subquery()
    stmt = (
        select(
            mt.c.key,
            mt.c.held_on,
            mt.c.number,
            mt.c.title_ko,
            mt.c.title_en,
            mt.c.location_ko,
            mt.c.agenda_ko,
            mt.c.agenda_en,
            mt.c.source_key,
            cb.c.key.label("body_key"),
            cb.c.name_ko.label("body_ko"),
            cb.c.name_en.label("body_en"),
            cb.c.kind.label("body_kind"),
            decisions_count.label("decisions"),
            actions_count.label("action_items"),
        )
        .join(cb, cb.c.key == mt.c.body_key)
        .where(of_initiative)
        .order_by(mt.c.held_on.desc(), mt.c.key)
    )
    return read(engine, stmt)


def committee_bodies(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    cb, of_initiative = _bodies(initiative_key, as_of)
    stmt = (
        select(
            cb.c.key,
            cb.c.parent_key,
            cb.c.name_ko,
            cb.c.name_en,
            cb.c.kind,
            cb.c.formed_on,
            cb.c.formed_precision,
            cb.c.note,
        )
        .where(of_initiative)
        .order_by(cb.c.parent_key.is_not(None), cb.c.kind, cb.c.key)
    )
    return read(engine, stmt)


def decisions(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    cb, of_initiative = _bodies(initiative_key, as_of)
    mt = facts_as_of("meetings", as_of)
    de = facts_as_of("decisions", as_of)
    stmt = (
        select(
            de.c.key,
            de.c.text_ko,
            de.c.text_en,
            de.c.source_key,
            mt.c.key.label("meeting_key"),
            mt.c.held_on,
            mt.c.title_ko.label("meeting_ko"),
            mt.c.title_en.label("meeting_en"),
        )
        .join(mt, mt.c.key == de.c.meeting_key)
        .join(cb, cb.c.key == mt.c.body_key)
        .where(of_initiative)
        .order_by(mt.c.held_on.desc(), de.c.key)
    )
    return read(engine, stmt)


def overdue_days(status: str, due_on, as_of: dt.date) -> int | None:
    """Days an action item is past its due date on ``as_of``; None when it is not overdue.

    Overdue: still open or in progress, with a due date before ``as_of``. Done, cancelled and
    undated items are never overdue.
    """
    due = as_date(due_on)
    if status not in OPEN_ACTION_STATUSES or due is None or due >= as_of:
        return None
    return (as_of - due).days


def action_items(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Action items with their meeting, ``overdue_days`` and ``completed_late_days``."""
    cb, of_initiative = _bodies(initiative_key, as_of)
    mt = facts_as_of("meetings", as_of)
    ai = facts_as_of("action_items", as_of)
    stmt = (
        select(
            ai.c.key,
            ai.c.text_ko,
            ai.c.text_en,
            ai.c.owner,
            ai.c.due_on,
            ai.c.status,
            ai.c.completed_on,
            ai.c.source_key,
            ai.c.note,
            mt.c.key.label("meeting_key"),
            mt.c.held_on,
            mt.c.title_ko.label("meeting_ko"),
            mt.c.title_en.label("meeting_en"),
        )
        .join(mt, mt.c.key == ai.c.meeting_key)
        .join(cb, cb.c.key == mt.c.body_key)
        .where(of_initiative)
        .order_by(mt.c.held_on.desc(), ai.c.due_on, ai.c.key)
    )
    frame = read(engine, stmt)
    frame["overdue_days"] = pd.array(
        [overdue_days(r["status"], r["due_on"], as_of) for r in frame.to_dict("records")],
        dtype="Int64",
    )
    late = []
    for r in frame.to_dict("records"):
        due, done = as_date(r["due_on"]), as_date(r["completed_on"])
        late.append((done - due).days if due and done and done > due else None)
    frame["completed_late_days"] = pd.array(late, dtype="Int64")
    return frame


# --- strategies and tasks ------------------------------------------------------------------------


def strategy_progress(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Strategies with their recorded tasks: count, done, stopped and mean progress (in SQL)."""
    st = facts_as_of("strategies", as_of)
    tk = facts_as_of("tasks", as_of)
    stmt = (
        select(
            st.c.key,
            st.c.number,
            st.c.name_ko,
            st.c.name_en,
            st.c.note,
            st.c.source_key,
            func.count(tk.c.key).label("tasks"),
            func.coalesce(func.sum(case_when(tk.c.status == "done")), 0).label("done"),
            func.coalesce(func.sum(case_when(tk.c.status == "stopped")), 0).label("stopped"),
            func.avg(tk.c.progress_pct).label("progress_pct"),
        )
        .join(tk, tk.c.strategy_key == st.c.key, isouter=True)
        .where(st.c.initiative_key == initiative_key)
        .group_by(st.c.key, st.c.number, st.c.name_ko, st.c.name_en, st.c.note, st.c.source_key)
        .order_by(st.c.number, st.c.key)
    )
    return read(engine, stmt)


def case_when(condition):
    return case((condition, 1), else_=0)


def tasks(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    st = facts_as_of("strategies", as_of)
    tk = facts_as_of("tasks", as_of)
    stmt = (
        select(
            tk.c.key,
            tk.c.number,
            tk.c.name_ko,
            tk.c.name_en,
            tk.c.progress_pct,
            tk.c.status,
            tk.c.source_key,
            st.c.key.label("strategy_key"),
            st.c.number.label("strategy_number"),
            st.c.name_ko.label("strategy_ko"),
            st.c.name_en.label("strategy_en"),
        )
        .join(st, st.c.key == tk.c.strategy_key)
        .where(st.c.initiative_key == initiative_key)
        .order_by(st.c.number, tk.c.number, tk.c.key)
    )
    return read(engine, stmt)


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


def _agreements(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    ag = facts_as_of("agreements", as_of)
    pa = facts_as_of("partners", as_of)
    stmt = (
        select(
            ag.c.key,
            ag.c.kind,
            ag.c.signed_on,
            ag.c.seq_no,
            pa.c.name_ko,
            func.coalesce(pa.c.name_en, pa.c.name_ko).label("name_en"),
        )
        .join(pa, pa.c.key == ag.c.partner_key, isouter=True)
        .where(
            ag.c.initiative_key == initiative_key,
            or_(ag.c.signed_on.is_(None), ag.c.signed_on <= as_of),
        )
    )
    return read(engine, stmt)


def _centres(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    ce = facts_as_of("centres", as_of)
    stmt = select(
        ce.c.key,
        ce.c.name_ko,
        func.coalesce(ce.c.name_en, ce.c.name_ko).label("name_en"),
        ce.c.opened_on,
    ).where(
        ce.c.initiative_key == initiative_key,
        and_(ce.c.opened_on.is_not(None), ce.c.opened_on <= as_of),
    )
    return read(engine, stmt)


def _plans(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    pv = facts_as_of("plan_versions", as_of)
    stmt = select(
        pv.c.key,
        pv.c.label_ko.label("name_ko"),
        pv.c.label_en.label("name_en"),
        pv.c.announced_on,
        pv.c.kind,
        pv.c.total_won,
        pv.c.is_estimate,
    ).where(pv.c.initiative_key == initiative_key, pv.c.announced_on <= as_of)
    return read(engine, stmt)


def _meetings_held(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    frame = meetings(engine, initiative_key, as_of)
    return frame[[as_date(d) <= as_of for d in frame["held_on"]]]


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


def snapshot(engine: Engine, initiative_key: str, on: dt.date) -> Snapshot:
    return Snapshot(
        on=on,
        executed=queries.executed_total(engine, initiative_key, on),
        tallies=queries.agreement_counts(engine, initiative_key, on),
        milestones=queries.milestones(engine, initiative_key, on),
        agreements=_agreements(engine, initiative_key, on),
        centres=_centres(engine, initiative_key, on),
        tasks=tasks(engine, initiative_key, on),
        plans=_plans(engine, initiative_key, on),
        meetings=_meetings_held(engine, initiative_key, on),
    )


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
        )
        return (
            not any(lists)
            and self.executed_won == 0
            and self.executed_records == 0
            and self.mous_added == 0
            and self.offices_added == 0
        )


def _by_key(frame: pd.DataFrame) -> dict[str, dict]:
    return {r["key"]: r for r in frame.to_dict("records")}


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
            slip = schedule.compute_slip(
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
        elif m["state"] == "late" and prior_state != "late":
            summary.milestones_late.append(m)
    if status_events is not None and not status_events.empty:
        for event in status_events.to_dict("records"):
            day = as_date(event["changed_on"])
            if before.on < day <= after.on and event["status_to"] != "done" and event["key"] in new:
                summary.milestone_status.append({**new[event["key"]], **event})
    old_ag = set(before.agreements["key"]) if not before.agreements.empty else set()
    summary.agreements_added = [
        r
        for r in after.agreements.to_dict("records")
        if r["key"] not in old_ag and _in_window(r["signed_on"], start, end, undated=True)
    ]
    old_ce = set(before.centres["key"]) if not before.centres.empty else set()
    summary.centres_opened = [
        r
        for r in after.centres.to_dict("records")
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
        for r in after.plans.to_dict("records")
        if r["key"] not in old_plans and _in_window(r["announced_on"], start, end)
    ]
    old_meetings = set(before.meetings["key"]) if not before.meetings.empty else set()
    summary.meetings_held = [
        r
        for r in after.meetings.to_dict("records")
        if r["key"] not in old_meetings and _in_window(r["held_on"], start, end)
    ]
    return summary


def changes_between(
    engine: Engine, initiative_key: str, start: dt.date, end: dt.date
) -> ChangeSummary:
    """What changed after ``start`` up to and including ``end`` (dates swapped if reversed)."""
    if end < start:
        start, end = end, start
    before = snapshot(engine, initiative_key, start)
    after = snapshot(engine, initiative_key, end)
    events = schedule.status_changes(queries.milestone_versions(engine, initiative_key, end))
    return diff(before, after, events)


def note_in(note, lang: str) -> str:
    """The ``lang`` half of a bundled ``한국어 / English`` note (the whole note if not split)."""
    if missing(note):
        return ""
    parts = str(note).split(" / ", 1)
    return parts[1] if lang == "en" and len(parts) == 2 else parts[0]


# --- display ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeCard:
    label: str
    value: str
    help: str | None = None


def change_cards(summary: ChangeSummary, lang: str, unit: str) -> list[ChangeCard]:
    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    if summary.executed_records == 0 and summary.executed_won == 0:
        executed = ChangeCard(
            t("committee.changes.executed"),
            t("committee.changes.none_recorded"),
            t("committee.changes.executed_missing"),
        )
    else:
        sign = "+" if summary.executed_won > 0 else ""
        executed = ChangeCard(
            t("committee.changes.executed"),
            sign + money.format_krw(summary.executed_won, unit, lang),
            t("committee.changes.executed_help", records=summary.executed_records),
        )
    mou_help = t(
        "committee.changes.mous_tally_help"
        if summary.mous_from_tally
        else "committee.changes.mous_recorded_help",
        before=f"{summary.mous_before:,}",
        after=f"{summary.mous_after:,}",
    )
    return [
        executed,
        ChangeCard(
            t("committee.changes.milestones_done"),
            f"{len(summary.milestones_done)}",
        ),
        ChangeCard(
            t("committee.changes.milestones_slipped"),
            f"{len(summary.milestones_slipped) + len(summary.milestones_late)}",
            t("committee.changes.milestones_slipped_help"),
        ),
        ChangeCard(t("committee.changes.mous"), f"{summary.mous_added:+,}", mou_help),
        ChangeCard(
            t("committee.changes.centres"),
            f"{summary.offices_added:+,}",
            t(
                "committee.changes.centres_help",
                before=f"{summary.offices_before:,}",
                after=f"{summary.offices_after:,}",
            ),
        ),
        ChangeCard(t("committee.changes.tasks"), f"{len(summary.tasks_progressed)}"),
    ]


def change_table(summary: ChangeSummary, lang: str) -> pd.DataFrame:
    """Every change in the window as one readable list: date, kind, item, detail."""

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    rows = []

    def add(day, kind: str, name: str, detail: str = ""):
        rows.append(
            {
                "_day": as_date(day) or summary.end,
                t("committee.column.date"): schedule.format_day(day) if day else "—",
                t("committee.column.kind"): t(f"committee.change_kind.{kind}"),
                t("committee.column.item"): name,
                t("committee.column.detail"): detail,
            }
        )

    for m in summary.milestones_done:
        add(
            m["actual_date"],
            "milestone_done",
            i18n.pick(m, "name", lang),
            schedule.slip_label(m["slip"], lang),
        )
    for m in summary.milestones_slipped:
        add(
            None,
            "milestone_slipped",
            i18n.pick(m, "name", lang),
            t(
                "committee.changes.moved",
                before=m["due_before"].isoformat(),
                after=m["due_after"].isoformat(),
                days=m["moved_days"],
            ),
        )
    for m in summary.milestones_late:
        add(
            m["due_date"],
            "milestone_late",
            i18n.pick(m, "name", lang),
            t("committee.changes.due_passed"),
        )
    for m in summary.milestone_status:
        pct = "" if missing(m.get("progress_pct")) else f" ({m['progress_pct']:.0f}%)"
        add(
            m["changed_on"],
            "milestone_status",
            i18n.pick(m, "name", lang),
            t(f"schedule.status.{m['status_to']}") + pct,
        )
    for a in summary.agreements_added:
        add(a["signed_on"], "agreement", i18n.pick(a, "name", lang) or a["key"])
    for c in summary.centres_opened:
        add(c["opened_on"], "centre", i18n.pick(c, "name", lang))
    for task in summary.tasks_progressed:
        before = task["progress_before"]
        after = task["progress_pct"]
        detail = t(
            "committee.changes.task_progress",
            before="—" if before is None else f"{before:.0f}%",
            after="—" if missing(after) else f"{after:.0f}%",
            status=t(f"committee.task_status.{task['status']}"),
        )
        add(None, "task", i18n.pick(task, "name", lang), detail)
    for p in summary.plans_announced:
        total = money.format_krw(
            None if missing(p["total_won"]) else int(p["total_won"]),
            "eok",
            lang,
            approximate=bool(p["is_estimate"]),
            missing="",
        )
        add(p["announced_on"], "plan", i18n.pick(p, "name", lang), total)
    for m in summary.meetings_held:
        add(m["held_on"], "meeting", i18n.pick(m, "title", lang))
    columns = [
        t("committee.column.date"),
        t("committee.column.kind"),
        t("committee.column.item"),
        t("committee.column.detail"),
    ]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows).sort_values("_day", kind="stable")
    return frame[columns].reset_index(drop=True)


def meeting_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    def t(key: str) -> str:
        return i18n.t(key, lang)

    rows = [
        {
            t("committee.column.date"): schedule.format_day(r["held_on"]),
            t("committee.column.body"): i18n.pick(r, "body", lang),
            t("committee.column.meeting"): i18n.pick(r, "title", lang),
            t("committee.column.agenda"): i18n.pick(r, "agenda", lang),
            t("committee.column.decisions"): int(r["decisions"]),
            t("committee.column.action_items"): int(r["action_items"]),
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows)


def decision_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = [
        {
            i18n.t("committee.column.date", lang): schedule.format_day(r["held_on"]),
            i18n.t("committee.column.meeting", lang): i18n.pick(r, "meeting", lang),
            i18n.t("committee.column.decision", lang): i18n.pick(r, "text", lang),
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows)


def action_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Action items; the status says "overdue N days" so it survives export without colours."""

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    rows = []
    for r in frame.to_dict("records"):
        status = t(f"committee.action_status.{r['status']}")
        if not missing(r["overdue_days"]):
            status = t("committee.overdue", days=f"{int(r['overdue_days']):,}")
        elif not missing(r["completed_late_days"]):
            status += " · " + t(
                "committee.completed_late", days=f"{int(r['completed_late_days']):,}"
            )
        rows.append(
            {
                t("committee.column.action"): i18n.pick(r, "text", lang),
                t("committee.column.owner"): "" if missing(r["owner"]) else r["owner"],
                t("committee.column.due"): schedule.format_day(r["due_on"]),
                t("committee.column.status"): status,
                t("committee.column.completed"): schedule.format_day(r["completed_on"]),
                t("committee.column.meeting"): i18n.pick(r, "meeting", lang),
            }
        )
    return pd.DataFrame(rows)


def overdue_count(frame: pd.DataFrame) -> int:
    return 0 if frame.empty else int(frame["overdue_days"].notna().sum())


def strategy_table(strategies: pd.DataFrame, lang: str) -> pd.DataFrame:
    def t(key: str) -> str:
        return i18n.t(key, lang)

    rows = [
        {
            t("committee.column.number"): int(r["number"]),
            t("committee.column.strategy"): i18n.pick(r, "name", lang),
            t("committee.column.tasks"): int(r["tasks"]),
            t("committee.column.tasks_done"): int(r["done"]),
            t("committee.column.progress"): None
            if missing(r["progress_pct"])
            else round(float(r["progress_pct"]), 1),
        }
        for r in strategies.to_dict("records")
    ]
    return pd.DataFrame(rows)


def task_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    def t(key: str) -> str:
        return i18n.t(key, lang)

    rows = [
        {
            t("committee.column.strategy"): f"{int(r['strategy_number'])}. "
            + i18n.pick(r, "strategy", lang),
            t("committee.column.number"): int(r["number"]),
            t("committee.column.task"): i18n.pick(r, "name", lang),
            t("committee.column.status"): t(f"committee.task_status.{r['status']}"),
            t("committee.column.progress"): None
            if missing(r["progress_pct"])
            else float(r["progress_pct"]),
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows)


def window_note(meeting_dates, as_of: dt.date, lang: str) -> str:
    """Says which default :func:`default_window` chose, so the reader knows what is compared."""
    held = sorted({d for d in (as_date(x) for x in meeting_dates) if d and d <= as_of})
    start, end = default_window(held, as_of)
    if len(held) >= 2:
        key = "committee.changes.default_two"
    elif len(held) == 1:
        key = "committee.changes.default_one"
    else:
        key = "committee.changes.default_none"
    return i18n.t(key, lang, start=start.isoformat(), end=end.isoformat(), days=DEFAULT_WINDOW_DAYS)


OVERDUE_STYLE = "background-color: #fde2e1; color: #7f1d1d; font-weight: 600"


def highlight_overdue(table: pd.DataFrame, items: pd.DataFrame):
    """A Styler of :func:`action_table` with overdue rows highlighted (``items`` in the same order)."""
    overdue = list(items["overdue_days"].notna()) if not items.empty else []

    def row_style(row):
        return [OVERDUE_STYLE if overdue[row.name] else ""] * len(row)

    return table.style.apply(row_style, axis=1)


def action_summary(items: pd.DataFrame, lang: str) -> str:
    return i18n.t(
        "committee.actions.summary",
        lang,
        total=len(items),
        overdue=overdue_count(items),
        done=int((items["status"] == "done").sum()) if not items.empty else 0,
    )


def body_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    def t(key: str) -> str:
        return i18n.t(key, lang)

    rows = [
        {
            t("committee.column.name"): i18n.pick(r, "name", lang),
            t("committee.column.kind_body"): t(f"committee.body_kind.{r['kind']}"),
            t("committee.column.formed"): schedule.format_day(
                r["formed_on"], None if missing(r["formed_precision"]) else r["formed_precision"]
            ),
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows)
