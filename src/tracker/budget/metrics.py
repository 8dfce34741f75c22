"""Budget and spending metrics: pure functions on small, already aggregated DataFrames.

Nothing here touches the database or Streamlit. ``tracker.budget`` reads the aggregates; the
page, the chart builders and reports all compute their numbers here, so a figure on the page and
the same figure in a chart always agree.

Frames
------
``plan``: one row per (year, funding_source, project_key) of ONE plan version, with
``category`` (the project's component) and ``amount_won``. ``year``/``project_key``/``category``
may be missing (a programme-level line).

``executed``: one row per (year, month, funding_source, project_key) of recorded expenditures up
to the as-of date, with ``category`` and ``amount_won``.

Plan versions are never summed together: every function takes the lines of one version.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from .. import frames

PLAN_COLUMNS = ["year", "funding_source", "project_key", "category", "amount_won"]

EXECUTED_COLUMNS = ["year", "month", "funding_source", "project_key", "category", "amount_won"]

# Dimension name -> column, as used by filters and the variance table.
DIMENSIONS = {"year": "year", "source": "funding_source", "component": "category"}

DEFAULT_WINDOW_MONTHS = 12

DEFAULT_LAPSE_THRESHOLD = 0.10


def empty_plan() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in PLAN_COLUMNS}).astype(
        {"amount_won": "int64"}
    )


def empty_executed() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in EXECUTED_COLUMNS}).astype(
        {"amount_won": "int64"}
    )


# --- filters ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the page to. An empty tuple means "all"."""

    years: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()
    components: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.years or self.sources or self.components)

    def values(self, dimension: str) -> tuple:
        return {"year": self.years, "source": self.sources, "component": self.components}[dimension]

    def narrow(
        self, frame: pd.DataFrame, dimensions: tuple[str, ...] = ("year", "source", "component")
    ) -> pd.DataFrame:
        """Rows matching every active filter among ``dimensions``.

        A row whose value is unknown (a programme-level line with no year, say) does not match an
        active filter on that dimension: it cannot be said to belong to the selected year.
        """
        mask = pd.Series(True, index=frame.index)
        for dimension in dimensions:
            wanted = self.values(dimension)
            column = DIMENSIONS[dimension]
            if wanted and column in frame.columns:
                mask &= frame[column].isin(list(wanted))
        return frame[mask]


# --- execution rates and variance ---------------------------------------------------------------


def execution_rate(plan_won: float | None, executed_won: float | None) -> float | None:
    """Executed / plan; None when there is no plan to measure against or nothing recorded."""
    if plan_won is None or executed_won is None or not plan_won or _is_nan(plan_won):
        return None
    return float(executed_won) / float(plan_won)


def _is_nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def execution_by(plan: pd.DataFrame, executed: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Plan, executed, rate and variance (plan − executed) per group of ``by`` columns.

    Groups found on either side appear (an unplanned expense shows with plan 0). Rows whose
    ``by`` value is missing are left out of that grouping.
    """
    columns = [*by, "plan_won", "executed_won", "rate", "variance_won"]
    planned = plan.dropna(subset=by).groupby(by, as_index=False)["amount_won"].sum()
    spent = executed.dropna(subset=by).groupby(by, as_index=False)["amount_won"].sum()
    planned = planned.rename(columns={"amount_won": "plan_won"})
    spent = spent.rename(columns={"amount_won": "executed_won"})
    if planned.empty and spent.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    merged = planned.merge(spent, on=by, how="outer")
    merged["plan_won"] = merged["plan_won"].fillna(0).astype("int64")
    merged["executed_won"] = merged["executed_won"].fillna(0).astype("int64")
    merged["rate"] = [
        execution_rate(p, e)
        for p, e in zip(merged["plan_won"], merged["executed_won"], strict=True)
    ]
    merged["variance_won"] = merged["plan_won"] - merged["executed_won"]
    return merged.sort_values(by).reset_index(drop=True)[columns]


@dataclass(frozen=True)
class Totals:
    plan_won: int  # the plan lines measured against (one version)
    executed_won: int | None  # None when nothing is recorded
    envelope_won: int | None  # the programme envelope (latest total), for the remaining figure

    @property
    def rate(self) -> float | None:
        return execution_rate(self.plan_won, self.executed_won)

    @property
    def envelope_rate(self) -> float | None:
        return execution_rate(self.envelope_won, self.executed_won)

    @property
    def variance_won(self) -> int | None:
        return None if self.executed_won is None else self.plan_won - self.executed_won

    @property
    def remaining_won(self) -> int | None:
        """Envelope not yet spent; None when no spending is recorded (unknown, not "all of it")."""
        if self.envelope_won is None or self.executed_won is None:
            return None
        return self.envelope_won - self.executed_won


def totals(plan: pd.DataFrame, executed: pd.DataFrame, envelope_won: int | None) -> Totals:
    return Totals(
        plan_won=int(plan["amount_won"].sum()) if not plan.empty else 0,
        executed_won=int(executed["amount_won"].sum()) if not executed.empty else None,
        envelope_won=None if envelope_won is None else int(envelope_won),
    )


def largest_gaps(table: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Rows of an :func:`execution_by` table with the largest |plan − executed|, largest first."""
    if table.empty:
        return table
    order = table["variance_won"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].head(n).reset_index(drop=True)


# --- months, cumulative curves, run rate and forecast -------------------------------------------


def _month_index(year: int, month: int) -> int:
    return year * 12 + (month - 1)


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def monthly_executed(executed: pd.DataFrame) -> pd.Series:
    """Executed won per month (index: month number ``year*12 + month-1``), months present only."""
    if executed.empty:
        return pd.Series(dtype="int64")
    index = [
        _month_index(int(y), int(m))
        for y, m in zip(executed["year"], executed["month"], strict=True)
    ]
    return executed["amount_won"].groupby(index).sum().sort_index().astype("int64")


def run_rate(
    executed: pd.DataFrame, *, as_of: dt.date, window: int = DEFAULT_WINDOW_MONTHS
) -> tuple[float, float, int] | None:
    """(mean monthly spending, its standard deviation, months used) over recent complete months.

    The window is the ``window`` complete calendar months before the as-of month, but not earlier
    than the first month with a recorded expenditure; months without spending count as zero. The
    standard deviation is the population one (ddof=0). None when no complete month is available.
    """
    monthly = monthly_executed(executed)
    if monthly.empty:
        return None
    last = _month_index(as_of.year, as_of.month) - 1  # the as-of month is not complete
    first = max(last - window + 1, int(monthly.index.min()))
    if first > last:
        return None
    values = [int(monthly.get(m, 0)) for m in range(first, last + 1)]
    mean = sum(values) / len(values)
    sigma = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return mean, sigma, len(values)


def months_remaining(as_of: dt.date, end: dt.date) -> float:
    """Calendar months from the end of ``as_of`` to the end of ``end`` (with the as-of month's
    remaining days as a fraction of that month)."""
    if end <= as_of:
        return 0.0
    days_in_month = calendar.monthrange(as_of.year, as_of.month)[1]
    fraction = (days_in_month - as_of.day) / days_in_month
    whole = _month_index(end.year, end.month) - _month_index(as_of.year, as_of.month)
    return whole + fraction


@dataclass(frozen=True)
class Forecast:
    """A linear run-rate forecast; ``method`` fields let the UI state exactly how it was made."""

    as_of: dt.date
    window_months: int  # the window asked for
    months_used: int  # complete months actually in the window
    monthly_rate: float
    monthly_sigma: float
    executed_to_date: int
    year: int
    year_executed: int  # recorded in the as-of year, up to as_of
    year_end_won: float  # forecast spending of the as-of year
    year_end_sigma: float
    end: dt.date  # programme end
    end_won: float  # forecast cumulative spending at the programme end
    end_sigma: float

    @property
    def end_low(self) -> float:
        return max(self.executed_to_date, self.end_won - self.end_sigma)

    @property
    def end_high(self) -> float:
        return self.end_won + self.end_sigma

    def path(self) -> pd.DataFrame:
        """Month-end points from as_of to the programme end: forecast, low, high (cumulative)."""
        rows = [
            {
                "date": self.as_of,
                "forecast": float(self.executed_to_date),
                "low": float(self.executed_to_date),
                "high": float(self.executed_to_date),
            }
        ]
        start = _month_index(self.as_of.year, self.as_of.month)
        stop = _month_index(self.end.year, self.end.month)
        for m in range(start, stop + 1):
            first = _month_start(m)
            last_day = dt.date(
                first.year, first.month, calendar.monthrange(first.year, first.month)[1]
            )
            if last_day <= self.as_of:
                continue
            k = months_remaining(self.as_of, last_day)
            mid = self.executed_to_date + self.monthly_rate * k
            spread = self.monthly_sigma * math.sqrt(k)
            rows.append(
                {
                    "date": last_day,
                    "forecast": mid,
                    "low": max(float(self.executed_to_date), mid - spread),
                    "high": mid + spread,
                }
            )
        return pd.DataFrame(rows)


def forecast(
    executed: pd.DataFrame,
    *,
    as_of: dt.date,
    end: dt.date,
    window: int = DEFAULT_WINDOW_MONTHS,
) -> Forecast | None:
    """Year-end and programme-end spending at the recent run rate.

    Method: mean monthly spending over the last ``window`` complete months (see :func:`run_rate`)
    continued linearly; the band is ±1σ of monthly spending scaled by √(months ahead), the spread
    of a sum of that many independent months.
    """
    rate = run_rate(executed, as_of=as_of, window=window)
    if rate is None:
        return None
    mean, sigma, used = rate
    to_date = int(executed["amount_won"].sum())
    in_year = executed[pd.to_numeric(executed["year"]) == as_of.year]
    year_executed = int(in_year["amount_won"].sum())
    year_k = months_remaining(as_of, dt.date(as_of.year, 12, 31))
    end_k = months_remaining(as_of, end)
    return Forecast(
        as_of=as_of,
        window_months=window,
        months_used=used,
        monthly_rate=mean,
        monthly_sigma=sigma,
        executed_to_date=to_date,
        year=as_of.year,
        year_executed=year_executed,
        year_end_won=year_executed + mean * year_k,
        year_end_sigma=sigma * math.sqrt(year_k),
        end=end,
        end_won=to_date + mean * end_k,
        end_sigma=sigma * math.sqrt(end_k),
    )


def cumulative_curve(
    plan: pd.DataFrame, executed: pd.DataFrame, *, as_of: dt.date, start_year: int, end_year: int
) -> pd.DataFrame:
    """Month-end cumulative plan and actual, January of ``start_year`` to December of ``end_year``.

    The plan of a year is spread evenly over its twelve months (yearly plans carry no monthly
    profile); plan lines without a year are left out. Actual is cumulative recorded spending at
    each month end on or before ``as_of``, plus a point on the as-of day itself; later months have
    no actual. With no expenditure recorded at all, actual is empty throughout.
    """
    yearly: dict[int, float] = {}
    for year, amount in zip(plan["year"], plan["amount_won"], strict=True):
        if year is not None and not _is_nan(year) and not pd.isna(year):
            yearly[int(year)] = yearly.get(int(year), 0) + float(amount)
    monthly = monthly_executed(executed)
    recorded = not executed.empty
    rows = []
    planned = 0.0
    actual = 0
    for m in range(_month_index(start_year, 1), _month_index(end_year, 12) + 1):
        first = _month_start(m)
        days = calendar.monthrange(first.year, first.month)[1]
        last_day = dt.date(first.year, first.month, days)
        month_plan = yearly.get(first.year, 0.0) / 12
        actual += int(monthly.get(m, 0))
        if first <= as_of < last_day:  # the as-of month: a point on the as-of day
            rows.append(
                {
                    "date": as_of,
                    "planned_cum": planned + month_plan * as_of.day / days,
                    "actual_cum": actual if recorded else None,
                }
            )
        planned += month_plan
        shown = actual if recorded and last_day <= as_of else None
        rows.append({"date": last_day, "planned_cum": planned, "actual_cum": shown})
    return pd.DataFrame(rows, columns=["date", "planned_cum", "actual_cum"])


# --- carry-over / lapse risk (이월 · 불용 위험) ------------------------------------------------------

YEAR_STATES = ("lapsed", "at_risk", "on_track", "future", "not_recorded", "no_plan")


def year_status(
    plan: pd.DataFrame,
    executed: pd.DataFrame,
    *,
    as_of: dt.date,
    threshold: float = DEFAULT_LAPSE_THRESHOLD,
    forecast_: Forecast | None = None,
) -> pd.DataFrame:
    """Per year: plan, executed, expected year-end spending, shortfall and a state.

    expected = recorded spending for past years, the run-rate forecast for the as-of year, nothing
    for later years. state: ``lapsed`` (a past year fell short of its plan by more than
    ``threshold``: money carried over or lapsed), ``at_risk`` (the as-of year's forecast falls
    short by more than ``threshold``), ``on_track``, ``future``, ``not_recorded`` (no expenditure
    is recorded at all, so nothing can be said), ``no_plan`` (spending without a yearly plan).
    """
    columns = [
        "year",
        "plan_won",
        "executed_won",
        "rate",
        "expected_won",
        "shortfall_won",
        "shortfall_ratio",
        "state",
    ]
    table = execution_by(plan, executed, ["year"])
    if table.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    recorded = not executed.empty
    rows = []
    for row in frames.records(table):
        year = int(row["year"])
        plan_won = int(row["plan_won"])
        expected: float | None
        if not recorded:
            expected = None
        elif year < as_of.year:
            expected = float(row["executed_won"])
        elif year == as_of.year:
            expected = forecast_.year_end_won if forecast_ is not None else None
        else:
            expected = None
        shortfall = None if expected is None else plan_won - expected
        ratio = None if shortfall is None or not plan_won else shortfall / plan_won
        if not recorded:
            state = "not_recorded" if year <= as_of.year else "future"
        elif not plan_won:
            state = "no_plan"
        elif year > as_of.year:
            state = "future"
        elif ratio is None:
            state = "not_recorded"
        elif ratio > threshold:
            state = "lapsed" if year < as_of.year else "at_risk"
        else:
            state = "on_track"
        rows.append(
            {
                "year": year,
                "plan_won": plan_won,
                # a year not yet begun has no spending to report, not zero spending
                "executed_won": int(row["executed_won"])
                if recorded and year <= as_of.year
                else None,
                "rate": row["rate"] if recorded and year <= as_of.year else None,
                "expected_won": expected,
                "shortfall_won": shortfall,
                "shortfall_ratio": ratio,
                "state": state,
            }
        )
    return pd.DataFrame(rows, columns=columns)


# --- plan versions: the envelope's history --------------------------------------------------------


def envelope_steps(versions: pd.DataFrame) -> pd.DataFrame:
    """The programme total as it moved from one plan or reported version to the next.

    ``versions`` holds one row per version with ``total_won`` and ``announced_on`` (kind plan or
    reported, up to the as-of date). Returns them in announcement order with ``change_won`` (the
    difference from the previous version; the first row's change is its total).
    """
    if versions.empty:
        return versions.assign(change_won=pd.Series(dtype="int64"))
    ordered = versions.dropna(subset=["total_won"]).sort_values(
        ["announced_on", "key"], kind="stable"
    )
    totals_ = ordered["total_won"].astype("int64")
    ordered = ordered.assign(
        total_won=totals_, change_won=totals_.diff().fillna(totals_).astype("int64")
    )
    return ordered.reset_index(drop=True)


# --- like figures only ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LikeYears:
    """Which years of a yearly plan measure the same thing (the same funding sources).

    A year reported as the national share only and a year reported as a total are both right,
    but one axis would read the difference as growth. ``kept`` are the years of the most common
    measure (ties: the one that starts earliest); ``left_out`` the others, as
    ``(year, sources, amount_won)``, for a note.
    """

    kept: tuple[int, ...]
    sources: tuple[str, ...]
    left_out: tuple[tuple[int, tuple[str, ...], int], ...]


def like_years(plan: pd.DataFrame) -> LikeYears:
    dated = plan.dropna(subset=["year"])
    if dated.empty:
        return LikeYears((), (), ())
    measures: dict[int, tuple[str, ...]] = {}
    amounts: dict[int, int] = {}
    for year, part in dated.groupby(dated["year"].astype(int)):
        measures[int(year)] = tuple(sorted(set(part["funding_source"])))
        amounts[int(year)] = int(part["amount_won"].sum())
    groups: dict[tuple[str, ...], list[int]] = {}
    for year in sorted(measures):
        groups.setdefault(measures[year], []).append(year)
    sources, kept = max(groups.items(), key=lambda item: (len(item[1]), -item[1][0]))
    left_out = tuple((y, measures[y], amounts[y]) for y in sorted(measures) if y not in kept)
    return LikeYears(tuple(kept), sources, left_out)
