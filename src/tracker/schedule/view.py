"""Schedule labels and tables in a language: slip labels, dates, groups, the milestone table."""

from __future__ import annotations

import pandas as pd

from .. import frames, i18n
from ..dates import format_date
from .metrics import UPCOMING_DAYS, ScheduleSummary, Slip, missing, slip_of


def slip_label(slip: Slip, lang: str) -> str:
    """``+11개월 지연`` / ``+11 mo late``; ``계획대로`` for a month-precision plan met in its month."""
    if slip.basis is None:
        return ""
    use_months = slip.unit in ("month", "year") and abs(slip.months or 0) >= 1
    if slip.unit == "year" and abs(slip.months or 0) >= 12 and slip.basis != "overdue":
        amount = i18n.t("schedule.unit.years", lang, n=abs(slip.months) // 12)
    elif use_months:
        amount = i18n.t("schedule.unit.months", lang, n=abs(slip.months))
    else:
        amount = i18n.t("schedule.unit.days", lang, n=f"{abs(slip.days):,}")
    if slip.basis == "overdue":
        return i18n.t("schedule.slip.overdue", lang, amount=amount)
    suffix = "_forecast" if slip.basis == "forecast" else ""
    if slip.is_late:
        return i18n.t(f"schedule.slip.late{suffix}", lang, amount=amount)
    if slip.is_early:
        return i18n.t(f"schedule.slip.early{suffix}", lang, amount=amount)
    return i18n.t(f"schedule.slip.on_time{suffix}", lang)


# One formatter for every date on screen and in exports (see tracker.dates).
format_day = format_date


def project_options(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    """Project key -> display name, in schedule order (``""``: the initiative as a whole)."""
    options: dict[str, str] = {}
    for r in frames.records(frame):
        key = "" if missing(r["project_key"]) else r["project_key"]
        if key not in options:
            options[key] = group_label(r, "project", lang)
    return options


def group_label(row: dict, group_by: str, lang: str) -> str:
    if group_by == "category":
        if missing(row.get("category")):
            return i18n.t("schedule.group.whole_initiative", lang)
        return i18n.label("category", row["category"], lang)
    if missing(row.get("project_key")):
        return i18n.t("schedule.group.whole_initiative", lang)
    return i18n.pick(row, "project", lang)


def _actual_text(row: dict, lang: str) -> str:
    """The actual date as precisely as it is known, marked when the source grades it an estimate
    ("2023년 11월 (추정)")."""
    text = format_day(row["actual_date"], row["actual_precision"], lang)
    if text != "—" and bool(row.get("is_estimate")):
        text += f" ({i18n.t('common.estimate', lang)})"
    return text


def milestone_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Milestones as people read them: planned, forecast, actual, slip, status and source."""

    def col(name: str) -> str:
        return i18n.t(f"schedule.column.{name}", lang)

    rows = []
    for r in frames.records(frame):
        progress = r.get("progress_pct")
        state = i18n.label("milestone_state", r["state"], lang)
        if not missing(progress) and r["state"] != "done":
            state = f"{state} ({progress:.0f}%)"
        events = r.get("status_events") or []
        history = "; ".join(
            i18n.t(
                "schedule.event.change",
                lang,
                date=format_day(e["changed_on"], "day", lang),
                status=i18n.t(f"schedule.status.{e['status_to']}", lang),
            )
            for e in events
        )
        rows.append(
            {
                col("project"): group_label(r, "project", lang),
                col("milestone"): i18n.pick(r, "name", lang),
                col("planned"): format_day(r["baseline_date"], r["baseline_precision"], lang),
                col("forecast"): format_day(r["forecast_date"], r.get("forecast_precision"), lang),
                col("actual"): _actual_text(r, lang),
                col("slip"): slip_label(slip_of(r), lang) or "—",
                col("slip_days"): None if missing(r["slip_days"]) else int(r["slip_days"]),
                col("state"): state,
                col("history"): history,
                col("source"): r.get("source_outlet") or "",
                col("link"): r.get("source_url") or "",
            }
        )
    columns = [
        col(c)
        for c in (
            "project",
            "milestone",
            "planned",
            "forecast",
            "actual",
            "slip",
            "slip_days",
            "state",
            "history",
            "source",
            "link",
        )
    ]
    table = pd.DataFrame(rows, columns=columns)
    table[col("slip_days")] = table[col("slip_days")].astype("Int64")
    return table


def takeaway(summary: ScheduleSummary, lang: str) -> str:
    """One line for a committee: the biggest slip, what is late now, and what is due next."""
    parts = []
    if summary.worst is not None:
        parts.append(
            i18n.t(
                "schedule.takeaway.worst",
                lang,
                name=i18n.pick(summary.worst, "name", lang),
                slip=slip_label(slip_of(summary.worst), lang),
            )
        )
    if summary.overdue:
        parts.append(
            i18n.t(
                "schedule.takeaway.overdue",
                lang,
                count=len(summary.overdue),
                name=i18n.pick(summary.overdue[0], "name", lang),
            )
        )
    parts.append(
        i18n.t(
            "schedule.takeaway.counts",
            lang,
            done=summary.done,
            total=summary.total,
            late=summary.late,
            not_recorded=summary.not_recorded,
            stopped=summary.stopped,
            upcoming=summary.upcoming,
            days=UPCOMING_DAYS,
        )
    )
    return " · ".join(parts)
