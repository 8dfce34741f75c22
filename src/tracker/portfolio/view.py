"""The portfolio's cards and table in a language and unit."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import frames, i18n, money
from ..catalog import ChartResult
from ..dates import format_date
from ..maps.boundaries import load_boundaries
from ..maps.regions import measure_figure
from ..overview.view import Card
from .metrics import HEALTH, by_region, done_count, health_counts

BASES = ("absolute", "per_capita", "per_grdp")


def health_label(status: str, lang: str) -> str:
    return i18n.t(f"portfolio.health.{status}", lang)


def health_reason(row: dict, lang: str) -> str:
    reason = row.get("health_reason")
    if not isinstance(reason, str) or not reason:
        return ""
    return i18n.t(
        f"portfolio.reason.{reason}",
        lang,
        late=int(row["ms_late"]),
        due=done_count(row) + int(row["ms_late"]),
        gap="" if pd.isna(row.get("gap_points")) else f"{row['gap_points']:.0f}",
    )


def kpi_cards(frame: pd.DataFrame, lang: str) -> list[Card]:
    counts = health_counts(frame)
    cards = [
        Card(
            i18n.t("portfolio.kpi.initiatives", lang),
            f"{len(frame):,}",
            help=i18n.t(
                "portfolio.kpi.regions",
                lang,
                count=frame["region_key"].nunique() if len(frame) else 0,
            ),
        )
    ]
    for status in HEALTH:
        cards.append(
            Card(
                health_label(status, lang),
                f"{counts[status]:,}",
                help=i18n.t(f"portfolio.health_help.{status}", lang),
            )
        )
    return cards


def _day(value) -> str:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return "—"
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def _money(value, unit: str, lang: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    return money.format_krw(int(value), unit, lang)


def _relative(value, basis: str, lang: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    if basis == "per_capita":
        return i18n.t("portfolio.per_capita_value", lang, value=f"{value:,.0f}")
    return money.format_percent(value, lang)


def portfolio_table(
    frame: pd.DataFrame, *, lang: str, unit: str, basis: str = "absolute"
) -> pd.DataFrame:
    """One row per initiative, most urgent first; money in the unit, or relative to the region."""

    def t(key: str) -> str:
        return i18n.t(f"portfolio.column.{key}", lang)

    rows = []
    for r in frames.records(frame):
        if basis == "absolute":
            first, latest = (
                _money(r["first_total_won"], unit, lang),
                _money(r["latest_total_won"], unit, lang),
            )
        else:
            first = _relative(r.get(f"first_total_won_{basis}"), basis, lang)
            latest = _relative(r.get(f"latest_total_won_{basis}"), basis, lang)
        rate = r["execution_rate"]
        rows.append(
            {
                t("region"): i18n.pick(
                    {"name_ko": r["region_ko"], "name_en": r["region_en"]}, "name", lang
                ),
                t("initiative"): i18n.pick(r, "name", lang),
                t("health"): health_label(r["health"], lang),
                t("why"): health_reason(r, lang),
                t("first_total"): first,
                t("latest_total"): latest,
                t("execution"): "—"
                if rate is None or pd.isna(rate)
                else money.format_percent(rate, lang),
                t("milestones"): i18n.t(
                    "portfolio.milestones_value",
                    lang,
                    done=done_count(r),
                    late=int(r["ms_late"]),
                    total=int(r["ms_total"]),
                ),
                t("next"): (
                    f"{i18n.pick({'name_ko': r['next_ko'], 'name_en': r['next_en']}, 'name', lang)}"
                    f" ({format_date(r['next_due'], r.get('next_due_precision'), lang)})"
                    if r.get("next_ko")
                    else "—"
                ),
                t("mous"): f"{int(r['mous']):,}",
                t("centres"): f"{int(r['centres']):,}",
                t("latest_data"): _day(r["latest_data_on"]),
            }
        )
    return pd.DataFrame(rows, columns=[t(k) for k in COLUMNS])


COLUMNS = (
    "region",
    "initiative",
    "health",
    "why",
    "first_total",
    "latest_total",
    "execution",
    "milestones",
    "next",
    "mous",
    "centres",
    "latest_data",
)


def relative_note(regions: pd.DataFrame, basis: str, lang: str) -> str | None:
    """Says how many regions lack the figure a relative view needs (they show "—")."""
    if basis == "absolute":
        return None
    column = "population" if basis == "per_capita" else "grdp_won"
    missing = int(regions[column].isna().sum()) if column in regions else len(regions)
    if not missing:
        return None
    return i18n.t(f"portfolio.relative_missing.{basis}", lang, count=missing)


def measure_values(frame: pd.DataFrame, measure: str, *, lang: str, unit: str) -> pd.DataFrame:
    """The map's values per region with the text people read (tooltip and label)."""
    values = by_region(frame, measure)
    texts = []
    for r in frames.records(values):
        value = r["value"]
        if value is None or pd.isna(value):
            texts.append(i18n.t("portfolio.map.no_value", lang, count=r["initiatives"]))
        elif measure == "envelope":
            texts.append(money.format_krw(int(value), unit, lang))
        elif measure == "execution":
            texts.append(money.format_percent(value, lang))
        else:
            texts.append(i18n.t(f"portfolio.map.count.{measure}", lang, value=int(value)))
    return values.assign(text=texts)


def legend(values: pd.DataFrame, measure: str, lang: str) -> str:
    """What the colours mean: the lightest and darkest values, and grey."""
    known = values[values["value"].notna()]
    if known.empty:
        return i18n.t("portfolio.map.legend_empty", lang)
    low = known.loc[known["value"].idxmin(), "text"]
    high = known.loc[known["value"].idxmax(), "text"]
    return i18n.t(
        "portfolio.map.legend",
        lang,
        measure=i18n.t(f"portfolio.map.measure.{measure}", lang),
        low=low,
        high=high,
    )


def region_map(
    values: pd.DataFrame, measure: str, boundaries: str, *, lang: str, as_of: dt.date
) -> ChartResult:
    """The map by region as a chart: ``values`` from :func:`measure_values` on the provinces in
    the file ``boundaries``; its data is the value per region as people read it, and its
    takeaway the legend."""
    scale = i18n.t(f"portfolio.map.measure.{measure}", lang)
    title = f"{i18n.t('portfolio.map.title', lang)}: {scale}"
    known = values["value"].notna().any()
    figure = measure_figure(
        values,
        load_boundaries(boundaries),
        lang=lang,
        as_of=as_of,
        title=title,
        scale=scale,
        subtitle=None if known else i18n.t("portfolio.map.legend_empty", lang),
    )
    data = pd.DataFrame(
        {
            i18n.t("portfolio.column.region", lang): [
                i18n.pick({"name_ko": r["region_ko"], "name_en": r["region_en"]}, "name", lang)
                for r in frames.records(values)
            ],
            scale: values["text"].tolist(),
        }
    )
    return ChartResult(
        figure=figure, data=data, title=title, takeaway=legend(values, measure, lang),
        is_empty=values.empty,
    )  # fmt: skip
