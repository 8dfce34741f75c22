"""The Overview's figures, computed once and shared by the page, the CLI and reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from . import queries


@dataclass(frozen=True)
class Tally:
    """A count that is either recorded fact by fact or taken from a sourced cumulative figure."""

    value: int | None
    recorded: int
    counted_on: dt.date | None = None
    is_estimate: bool = False
    source_key: str | None = None

    @property
    def from_tally(self) -> bool:
        return self.counted_on is not None


@dataclass(frozen=True)
class OverviewKpis:
    as_of: dt.date
    baseline_envelope_won: int | None
    latest_total: (
        dict | None
    )  # plan_versions row: total_won, announced_on, label_*, is_estimate, ...
    executed_won: int | None  # None when no expenditure is recorded
    execution_rate: float | None
    milestones: dict[str, int]
    mous: Tally
    centres: Tally

    @property
    def envelope_won(self) -> int | None:
        """The envelope execution is measured against: the latest total, else the baseline."""
        if self.latest_total and self.latest_total.get("total_won") is not None:
            return int(self.latest_total["total_won"])
        return self.baseline_envelope_won

    def source_keys(self) -> list[str]:
        keys = []
        if self.latest_total and self.latest_total.get("source_key"):
            keys.append(self.latest_total["source_key"])
        for tally in (self.mous, self.centres):
            if tally.source_key:
                keys.append(tally.source_key)
        return keys


def _tally(recorded: int, latest: dict | None, column: str) -> Tally:
    if latest and latest.get(column) is not None and int(latest[column]) >= recorded:
        return Tally(
            value=int(latest[column]),
            recorded=recorded,
            counted_on=latest["counted_on"],
            is_estimate=bool(latest["is_estimate"]),
            source_key=latest["source_key"],
        )
    return Tally(value=recorded, recorded=recorded)


def overview_kpis(engine: Engine, initiative_key: str, as_of: dt.date) -> OverviewKpis:
    frame = queries.initiatives(engine, as_of)
    row = frame[frame["key"] == initiative_key]
    baseline = None
    if not row.empty and row.iloc[0]["envelope_won"] is not None:
        baseline = int(row.iloc[0]["envelope_won"])
    latest = queries.latest_plan_total(engine, initiative_key, as_of)
    executed = queries.executed_total(engine, initiative_key, as_of)
    counts = queries.agreement_counts(engine, initiative_key, as_of)
    executed_won = executed["won"] if executed["records"] else None
    kpis = OverviewKpis(
        as_of=as_of,
        baseline_envelope_won=baseline,
        latest_total=latest,
        executed_won=executed_won,
        execution_rate=None,
        milestones=queries.milestone_counts(engine, initiative_key, as_of),
        mous=_tally(counts["mous_recorded"], counts["mou_tally"], "cumulative_agreements"),
        centres=_tally(counts["centres_recorded"], counts["office_tally"], "offices_cumulative"),
    )
    envelope = kpis.envelope_won
    if executed_won is not None and envelope:
        kpis = OverviewKpis(**{**kpis.__dict__, "execution_rate": executed_won / envelope})
    return kpis


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None = None
    help: str | None = None


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def kpi_cards(kpis: OverviewKpis, lang: str, unit: str) -> list[Card]:
    """The KPI cards as people read them; the page and the briefing pack both draw these."""
    from . import i18n, money

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    cards = [
        Card(
            t("overview.kpi.baseline"),
            money.format_krw(kpis.baseline_envelope_won, unit, lang),
            help=t("overview.kpi.baseline_help"),
        )
    ]
    latest = kpis.latest_total
    if latest:
        delta = None
        if kpis.baseline_envelope_won is not None:
            change = int(latest["total_won"]) - kpis.baseline_envelope_won
            delta = (
                (("+" if change > 0 else "") + money.format_krw(change, unit, lang))
                if change
                else None
            )
        cards.append(
            Card(
                t("overview.kpi.latest_total"),
                money.format_krw(
                    latest["total_won"], unit, lang, approximate=bool(latest["is_estimate"])
                ),
                delta,
                t(
                    "overview.kpi.latest_total_help",
                    label=i18n.pick(latest, "label", lang),
                    date=_date(latest["announced_on"]),
                ),
            )
        )
    if kpis.executed_won is None:
        cards.append(
            Card(
                t("overview.kpi.executed"),
                t("common.not_recorded"),
                help=t("overview.kpi.executed_missing"),
            )
        )
    else:
        cards.append(
            Card(
                t("overview.kpi.executed"),
                money.format_krw(kpis.executed_won, unit, lang),
                money.format_percent(kpis.execution_rate, lang),
                t("overview.kpi.executed_help"),
            )
        )
    m = kpis.milestones
    cards.append(
        Card(
            t("overview.kpi.milestones"),
            t("overview.kpi.milestones_value", done=m["done"], total=m["total"]),
            t("overview.kpi.milestones_delta", late=m["late"], upcoming=m["upcoming"]),
            t("overview.kpi.milestones_help", days=90),
        )
    )
    for tally, name in ((kpis.mous, "mous"), (kpis.centres, "centres")):
        value = f"{tally.value:,}" if tally.value is not None else "—"
        if tally.is_estimate:
            value = t("overview.kpi.about", value=value)
        if tally.from_tally:
            help_text = t(
                "overview.kpi.tally_help", date=_date(tally.counted_on), recorded=tally.recorded
            )
        else:
            help_text = t("overview.kpi.recorded_help")
        cards.append(Card(t(f"overview.kpi.{name}"), value, help=help_text))
    return cards


def _format_day(day, precision: str | None) -> str:
    if day is None or (isinstance(day, float)) or day != day:  # None or NaN/NaT
        return "—"
    if precision == "month":
        return day.strftime("%Y-%m")
    if precision == "year":
        return day.strftime("%Y")
    return day.isoformat()


def milestone_table(frame, lang: str):
    """Milestones for display: name, project, due date, state (localised column names)."""
    import pandas as pd

    from . import i18n

    rows = [
        {
            i18n.t("common.column.name", lang): i18n.pick(r, "name", lang),
            i18n.t("common.column.project", lang): i18n.pick(r, "project", lang) or "—",
            i18n.t("common.column.due", lang): _format_day(
                r["due_date"], None if r["forecast_date"] else r["baseline_precision"]
            ),
            i18n.t("common.column.state", lang): i18n.label("milestone_state", r["state"], lang),
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows)


def event_table(frame, lang: str):
    import pandas as pd

    from . import i18n

    rows = [
        {
            i18n.t("common.column.date", lang): _format_day(r["event_date"], None),
            i18n.t("common.column.kind", lang): i18n.label("event_kind", r["kind"], lang),
            i18n.t("common.column.name", lang): i18n.pick(r, "name", lang),
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows)


def source_table(frame, lang: str):
    import pandas as pd

    from . import i18n

    rows = [
        {
            i18n.t("common.column.outlet", lang): r["outlet"],
            i18n.t("common.column.date", lang): _format_day(r["published_on"], None),
            i18n.t("common.column.title", lang): r["title"] or "",
            i18n.t("common.column.confidence", lang): r["confidence"] or "",
            i18n.t("common.column.url", lang): r["url"] or "",
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows)
