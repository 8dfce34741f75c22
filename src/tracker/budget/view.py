"""The budget page's numbers for one selection, computed once from :mod:`tracker.spending`.

``compute(data, filters, threshold)`` narrows the aggregates to the user's filters and derives
every figure the page shows (KPI cards, the variance and year tables) and the charts draw; the page
only lays them out. Display helpers turn them into localised cards and tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .. import frames, i18n, money
from . import metrics
from .reads import BudgetData


@dataclass(frozen=True)
class BudgetView:
    data: BudgetData
    filters: metrics.Filters
    threshold: float
    plan: pd.DataFrame  # yearly plan lines, narrowed
    executed: pd.DataFrame  # expenditures, narrowed
    totals: metrics.Totals
    forecast: metrics.Forecast | None
    years: pd.DataFrame  # spending.year_status
    variance: pd.DataFrame  # execution_by year × source × component, years up to the as-of year

    @property
    def as_of(self) -> dt.date:
        return self.data.as_of

    @property
    def has_expenditure(self) -> bool:
        return not self.data.executed.empty

    @property
    def year_state(self) -> dict | None:
        """The as-of year's row of the year table (its lapse-risk state), if it has a plan."""
        rows = self.years[self.years["year"] == self.as_of.year] if not self.years.empty else None
        return None if rows is None or rows.empty else rows.iloc[0].to_dict()


def programme_end(data: BudgetData) -> dt.date | None:
    end_year = data.end_year
    return dt.date(end_year, 12, 31) if end_year else None


def compute(
    data: BudgetData,
    filters: metrics.Filters | None = None,
    threshold: float = metrics.DEFAULT_LAPSE_THRESHOLD,
    window: int = metrics.DEFAULT_WINDOW_MONTHS,
) -> BudgetView:
    filters = filters or metrics.Filters()
    plan = filters.narrow(data.yearly_plan)
    executed = filters.narrow(data.executed)
    end = programme_end(data)
    forecast = (
        metrics.forecast(executed, as_of=data.as_of, end=max(end, data.as_of), window=window)
        if end is not None and not executed.empty
        else None
    )
    envelope = data.envelope["total_won"] if data.envelope else None
    # the envelope is the whole programme's: a narrowed view has no envelope of its own
    # like figures only: years reported as another measure (a total beside national shares)
    # are not added into the yearly sum
    like = metrics.like_years(plan)
    like_plan = plan[plan["year"].isna() | plan["year"].isin(like.kept)]
    totals = metrics.totals(like_plan, executed, None if filters.active else envelope)
    return BudgetView(
        data=data,
        filters=filters,
        threshold=threshold,
        plan=plan,
        executed=executed,
        totals=totals,
        forecast=forecast,
        years=metrics.year_status(
            plan, executed, as_of=data.as_of, threshold=threshold, forecast_=forecast
        ),
        variance=_up_to_year(
            metrics.execution_by(plan, executed, ["year", "funding_source", "category"]),
            data.as_of.year,
        ),
    )


def _up_to_year(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """A gap only means something for a year that has begun: later years are left out."""
    if table.empty:
        return table
    return table[table["year"].astype(int) <= year].reset_index(drop=True)


# --- display -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None = None
    help: str | None = None


def version_label(data: BudgetData, key: str | None, lang: str) -> str:
    row = data.version(key)
    return i18n.pick(row, "label", lang) if row else "—"


def kpi_cards(view: BudgetView, lang: str, unit: str) -> list[Card]:
    """How much (envelope, plan), how much spent, what is left, and whether the year is on track."""

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    def fmt(won, **kw) -> str:
        return money.format_krw(won, unit, lang, **kw)

    data, totals = view.data, view.totals
    envelope = data.envelope
    cards = []
    if envelope and not view.filters.active:
        cards.append(
            Card(
                t("budget.kpi.envelope"),
                fmt(envelope["total_won"], approximate=bool(envelope.get("is_estimate"))),
                help=t("budget.kpi.envelope_help", label=i18n.pick(envelope, "label", lang)),
            )
        )
    yearly = version_label(data, data.yearly_key, lang)
    cards.append(
        Card(
            t("budget.kpi.yearly_plan"),
            fmt(totals.plan_won) if data.yearly_key else t("common.not_recorded"),
            help=" ".join(
                p
                for p in (
                    t("budget.kpi.yearly_plan_help", label=yearly),
                    unlike_note(metrics.like_years(view.plan), lang=lang, unit=unit),
                )
                if p
            ),
        )
    )
    if totals.executed_won is None:
        cards.append(
            Card(
                t("budget.kpi.executed"),
                t("common.not_recorded"),
                help=t("budget.empty.no_expenditure"),
            )
        )
    else:
        cards.append(
            Card(
                t("budget.kpi.executed"),
                fmt(totals.executed_won),
                t("budget.kpi.rate_delta", rate=money.format_percent(totals.rate, lang)),
                t("budget.kpi.executed_help", label=yearly),
            )
        )
    if totals.envelope_won is not None:
        known = totals.remaining_won is not None
        cards.append(
            Card(
                t("budget.kpi.remaining"),
                fmt(totals.remaining_won) if known else t("common.not_recorded"),
                t(
                    "budget.kpi.remaining_delta",
                    rate=money.format_percent(totals.envelope_rate, lang),
                )
                if known
                else None,
                t("budget.kpi.remaining_help"),
            )
        )
    state = view.year_state
    if view.forecast is None:
        cards.append(
            Card(
                t("budget.kpi.year_end", year=view.as_of.year),
                t("budget.kpi.no_forecast"),
                help=t("budget.kpi.no_forecast_help"),
            )
        )
    else:
        f = view.forecast
        delta = None
        if state is not None and state["state"] in ("at_risk", "on_track"):
            delta = t(
                f"budget.kpi.state_{state['state']}",
                gap=money.format_percent(state["shortfall_ratio"], lang),
            )
        cards.append(
            Card(
                t("budget.kpi.year_end", year=f.year),
                fmt(f.year_end_won),
                delta,
                method_text(view, lang, unit),
            )
        )
    return cards


def method_text(view: BudgetView, lang: str, unit: str) -> str:
    f = view.forecast
    if f is None:
        return i18n.t("budget.kpi.no_forecast_help", lang)
    return i18n.t(
        "budget.method",
        lang,
        window=f.window_months,
        used=f.months_used,
        rate=money.format_krw(f.monthly_rate, unit, lang),
        sigma=money.format_krw(f.monthly_sigma, unit, lang),
    )


def _won(value, unit: str, lang: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    return money.format_krw(value, unit, lang)


def variance_table(
    view: BudgetView, lang: str, unit: str, flags: list[str] | None = None
) -> pd.DataFrame:
    """Plan, executed, rate, gap and the gap's flag (:func:`variance_flags`, in words) by year ×
    funding source × component, largest gap first.

    Numbers stay numbers (in the display unit) so that the table sorts. With no expenditure
    recorded at all the execution columns are left out rather than shown as zero.
    """
    divisor = money.chart_divisor(unit, lang)
    table = metrics.largest_gaps(view.variance, n=len(view.variance))
    unit_name = money.unit_label(unit, lang)

    def col(key: str, with_unit: bool = False) -> str:
        name = i18n.t(f"budget.column.{key}", lang)
        return f"{name} ({unit_name})" if with_unit else name

    flags = variance_flags(view) if flags is None else flags
    rows = []
    for r, flag in zip(frames.records(table), flags, strict=True):
        row = {
            col("year"): int(r["year"]),
            col("source"): i18n.label("funding_source", r["funding_source"], lang),
            col("component"): i18n.label("category", r["category"], lang),
            col("plan", True): r["plan_won"] / divisor,
        }
        if view.has_expenditure:
            row[col("executed", True)] = r["executed_won"] / divisor
            row[col("rate")] = None if r["rate"] is None else round(r["rate"] * 100, 1)
            row[col("variance", True)] = r["variance_won"] / divisor
            # the row's colour in words (WCAG 1.4.1: not by colour alone)
            row[col("gap_flag")] = i18n.t(f"budget.flag.{flag}", lang) if flag else ""
        rows.append(row)
    return pd.DataFrame(rows)


def year_table(view: BudgetView, lang: str, unit: str) -> pd.DataFrame:
    col = lambda key: i18n.t(f"budget.column.{key}", lang)  # noqa: E731
    rows = []
    for r in frames.records(view.years):
        rows.append(
            {
                col("year"): int(r["year"]),
                col("plan"): _won(r["plan_won"], unit, lang),
                col("executed"): _won(r["executed_won"], unit, lang),
                col("rate"): money.format_percent(r["rate"], lang),
                col("expected"): _won(r["expected_won"], unit, lang),
                col("shortfall"): money.format_percent(r["shortfall_ratio"], lang),
                col("state"): i18n.label("budget_year_state", r["state"], lang),
            }
        )
    return pd.DataFrame(rows)


OVER_PLAN_CSS = "background-color: #fde2e1"

UNDER_PLAN_CSS = "background-color: #fff4d6"


def variance_flags(view: BudgetView) -> list[str]:
    """Per row of :func:`variance_table`: ``over`` (spent more than planned), ``under`` (short of
    plan by more than the threshold; only for years already past or under way) or ``""``."""
    if not view.has_expenditure:
        return [""] * len(view.variance)
    flags = []
    table = metrics.largest_gaps(view.variance, n=len(view.variance))
    for r in frames.records(table):
        if r["variance_won"] < 0:
            flags.append("over")
        elif (
            r["plan_won"]
            and int(r["year"]) <= view.as_of.year
            and r["variance_won"] / r["plan_won"] > view.threshold
        ):
            flags.append("under")
        else:
            flags.append("")
    return flags


def variance_styler(view: BudgetView, lang: str, unit: str):
    """The variance table with over/under-plan rows highlighted (a pandas Styler)."""
    flags = variance_flags(view)  # worked out once for the words and the colours
    table = variance_table(view, lang, unit, flags)
    css = {"over": OVER_PLAN_CSS, "under": UNDER_PLAN_CSS, "": ""}
    styler = table.style.apply(lambda row: [css[flags[row.name]]] * len(row), axis=1)
    amounts = [c for c in table.columns[3:] if pd.api.types.is_numeric_dtype(table[c])]
    return styler.format(precision=1, na_rep="—", thousands=",", subset=amounts)


def unlike_note(like: metrics.LikeYears, *, lang: str, unit: str) -> str:
    """'국비 기준 합계 · 기준이 달라 제외: 2022년 1,076억원 (재원 미구분)'; empty when all alike."""
    return " · ".join(unlike_parts(like, lang=lang, unit=unit))


def unlike_parts(like: metrics.LikeYears, *, lang: str, unit: str) -> tuple[str, ...]:
    if not like.left_out:
        return ()

    def sources(names) -> str:
        return ", ".join(i18n.label("funding_source", s, lang) for s in names)

    items = ", ".join(
        i18n.t(
            "budget.unlike.item",
            lang,
            year=year,
            amount=money.format_krw(amount, unit, lang),
            sources=sources(names),
        )
        for year, names, amount in like.left_out
    )
    return (
        i18n.t("budget.unlike.measure", lang, measure=sources(like.sources)),
        i18n.t("budget.unlike.items", lang, items=items),
    )
