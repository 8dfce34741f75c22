"""The committee page's tables, cards and texts in a language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .. import frames, i18n, money
from ..db import kinds
from ..schedule import view as schedule_view
from ..schedule.metrics import as_date, missing
from .metrics import DEFAULT_WINDOW_DAYS, ChangeSummary, default_window, overdue_count


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

    def add(day, kind: str, name: str, detail: str = "", precision: str | None = "day"):
        rows.append(
            {
                "_day": as_date(day) or summary.end,
                t("committee.column.date"): schedule_view.format_day(day, precision, lang),
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
            schedule_view.slip_label(m["slip"], lang),
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
        name = i18n.pick(a, "name", lang) or a["key"]
        add(a["signed_on"], "agreement", name, precision=a.get("signed_precision"))
    for c in summary.centres_opened:
        add(
            c["opened_on"],
            "centre",
            i18n.pick(c, "name", lang),
            precision=c.get("opened_precision"),
        )
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
        add(
            p["announced_on"],
            "plan",
            i18n.pick(p, "name", lang),
            total,
            precision=p.get("announced_precision"),
        )
    for m in summary.meetings_held:
        add(m["held_on"], "meeting", i18n.pick(m, "title", lang))
    for c in summary.corrections:
        action = "withdrawn" if c["is_deleted"] else ("replaced" if c["replaces"] else "added")
        detail = t(
            f"committee.changes.correction_{action}",
            valid_from=str(c["valid_from"])[:10],
            recorded=str(c["recorded_at"])[:10],
            by=c["recorded_by"],
            reason=c["reason"],
        )
        item = f"{kinds.kind_label(c['record_kind'], lang)} · {c['key']}"
        add(c["valid_from"], "correction", item, detail)
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
            t("committee.column.date"): schedule_view.format_day(r["held_on"]),
            t("committee.column.body"): i18n.pick(r, "body", lang),
            t("committee.column.meeting"): i18n.pick(r, "title", lang),
            t("committee.column.agenda"): i18n.pick(r, "agenda", lang),
            t("committee.column.decisions"): int(r["decisions"]),
            t("committee.column.action_items"): int(r["action_items"]),
        }
        for r in frames.records(frame)
    ]
    return pd.DataFrame(rows)


def decision_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = [
        {
            i18n.t("committee.column.date", lang): schedule_view.format_day(r["held_on"]),
            i18n.t("committee.column.meeting", lang): i18n.pick(r, "meeting", lang),
            i18n.t("committee.column.decision", lang): i18n.pick(r, "text", lang),
        }
        for r in frames.records(frame)
    ]
    return pd.DataFrame(rows)


def action_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Action items; the status says "overdue N days" so it survives export without colours."""

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    rows = []
    for r in frames.records(frame):
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
                t("committee.column.due"): schedule_view.format_day(r["due_on"]),
                t("committee.column.status"): status,
                t("committee.column.completed"): schedule_view.format_day(r["completed_on"]),
                t("committee.column.meeting"): i18n.pick(r, "meeting", lang),
            }
        )
    return pd.DataFrame(rows)


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
        for r in frames.records(strategies)
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
        for r in frames.records(frame)
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
            t("committee.column.formed"): schedule_view.format_day(
                r["formed_on"],
                None if missing(r["formed_precision"]) else r["formed_precision"],
                lang,
            ),
        }
        for r in frames.records(frame)
    ]
    return pd.DataFrame(rows)
