"""A briefing pack's content: the charts chosen, the Overview KPIs and their sources.

:func:`build_pack` reads everything once (the same catalogue entries and KPI functions the pages
use, so the numbers are the dashboard's); the deck, the PDF and the workbook are made from
:meth:`Pack.slides` and its tables. The presentation shows the same slides but builds them one by
one (:func:`build_head`, :func:`build_chart`, :func:`build_sources`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from .. import catalog, config, i18n, theme
from ..catalog import ChartContext, ChartEntry, ChartResult
from ..db import queries
from ..overview import reads as overview_reads
from ..overview import view as overview_view
from . import images

Progress = Callable[[int, int, str], None]


SOURCES_PER_SLIDE = 10


class PackError(ValueError):
    """The pack cannot be built as asked (unknown initiative or chart); the message says why."""


@dataclass(frozen=True)
class PackOptions:
    initiative_key: str
    as_of: dt.date
    lang: str = i18n.DEFAULT_LANGUAGE
    unit: str = "eok"
    chart_keys: tuple[str, ...] | list[str] | None = None  # None: every registered chart
    meeting: str = ""
    include_empty: bool = True
    recorded_on: dt.date | None = None  # "as recorded on" (None: now, stamped as the build day)


@dataclass
class PackChart:
    key: str
    section: str  # localised section name
    result: ChartResult

    @property
    def headline(self) -> str:
        """The slide's headline: the finding if there is one, else the chart's title."""
        return self.result.takeaway or self.result.title


@dataclass
class Slide:
    kind: str  # "title", "kpis", "chart", "sources"
    heading: str
    chart: PackChart | None = None
    sources: pd.DataFrame | None = None  # the rows shown on a sources slide


@dataclass
class Pack:
    options: PackOptions
    initiative_name: str
    kpis: overview_reads.OverviewKpis
    cards: list[overview_view.Card]
    charts: list[PackChart]
    sources: pd.DataFrame  # localised table, one row per source used
    generated_on: dt.date = field(default_factory=dt.date.today)
    synthetic: bool = False  # written by ``tracker seed --synthetic``: every page and slide says so

    def t(self, key: str, /, **fields) -> str:
        return i18n.t(key, self.options.lang, **fields)

    @property
    def title(self) -> str:
        return self.t("reports.pack.title", initiative=self.initiative_name)

    @property
    def as_of_line(self) -> str:
        """The point the pack was built from, so it can be rebuilt identically: the as-of date
        and the recorded-on day (the build day when built from the data as recorded now); and
        the synthetic-data badge where the data is generated."""
        lang = self.options.lang
        recorded = self.options.recorded_on or self.generated_on
        parts = [
            i18n.t("common.as_of_stamp", lang, date=self.options.as_of.isoformat()),
            i18n.t("common.recorded_on_stamp", lang, date=recorded.isoformat()),
        ]
        if self.synthetic:
            parts.append(self.t("app.synthetic_badge"))
        return " · ".join(parts)

    def slides(self) -> list[Slide]:
        """Title, KPI summary, one slide per chart, then the sources (split over slides)."""
        slides = [
            Slide("title", self.title),
            Slide("kpis", self.t("reports.pack.kpis")),
        ]
        slides += [Slide("chart", chart.headline, chart=chart) for chart in self.charts]
        chunks = max(1, math.ceil(len(self.sources) / SOURCES_PER_SLIDE))
        for n in range(chunks):
            rows = self.sources.iloc[n * SOURCES_PER_SLIDE : (n + 1) * SOURCES_PER_SLIDE]
            heading = self.t("reports.pack.sources")
            if chunks > 1:
                heading += f" ({n + 1}/{chunks})"
            slides.append(Slide("sources", heading, sources=rows))
        return slides


# --- reading ---------------------------------------------------------------------------------------


def default_initiative(engine: Engine, as_of: dt.date) -> str:
    """The deployment's own programme if configured, else the best documented one."""
    frame = queries.initiatives(engine, as_of)
    preferred = config.settings().default_initiative
    if preferred and preferred in set(frame["key"]):
        return preferred
    if frame.empty:
        raise PackError(i18n.t("reports.error.no_initiatives", i18n.DEFAULT_LANGUAGE))
    return str(frame.iloc[0]["key"])


def chosen_entries(chart_keys, lang: str) -> list[ChartEntry]:
    entries = catalog.entries()
    if chart_keys is None:
        return entries
    known = {e.key: e for e in entries}
    unknown = [k for k in chart_keys if k not in known]
    if unknown:
        raise PackError(
            i18n.t(
                "reports.error.unknown_chart",
                lang,
                keys=", ".join(unknown),
                known=", ".join(known) or "—",
            )
        )
    return [known[k] for k in chart_keys]


def _noop(done: int, total: int, message: str) -> None:
    return None


def build_pack(engine: Engine, options: PackOptions, progress: Progress | None = None) -> Pack:
    """Read the KPIs, build every chosen chart and collect the sources behind them, with the
    data as recorded on ``options.recorded_on`` (None: as recorded now)."""
    progress = progress or _noop
    lang = options.lang
    entries = chosen_entries(options.chart_keys, lang)
    total = len(entries) + 1
    progress(0, total, i18n.t("reports.progress.kpis", lang))
    pack = build_head(engine, options)
    for n, entry in enumerate(entries, start=1):
        chart = build_chart(engine, options, entry.key)
        progress(n, total, chart.result.title)
        if chart.result.is_empty and not options.include_empty:
            continue
        pack.charts.append(chart)
    pack.sources = build_sources(engine, options, source_keys(pack.kpis, pack.charts))
    progress(total, total, i18n.t("reports.progress.read", lang))
    return pack


# The presentation builds the same pack piece by piece (title and KPIs, then each chart when its
# slide is shown, the sources last), so opening it costs one slide, not every chart of the pack.


def build_head(engine: Engine, options: PackOptions) -> Pack:
    """The pack without its charts and sources: the initiative's name, its KPIs and their cards
    (what the title and key-figure slides show)."""
    lang = options.lang
    with queries.recorded_on(options.recorded_on):
        frame = queries.initiatives(engine, options.as_of)
        row = frame[frame["key"] == options.initiative_key]
        if row.empty:
            raise PackError(
                i18n.t(
                    "reports.error.unknown_initiative",
                    lang,
                    key=options.initiative_key,
                    known=", ".join(frame["key"]) or "—",
                )
            )
        name = i18n.pick(row.iloc[0].to_dict(), "name", lang)
        kpis = overview_reads.overview_kpis(engine, options.initiative_key, options.as_of)
        synthetic = queries.is_synthetic(engine)
    cards = overview_view.kpi_cards(kpis, lang, options.unit)
    return Pack(options, name, kpis, cards, [], pd.DataFrame(), synthetic=synthetic)


def build_chart(engine: Engine, options: PackOptions, key: str) -> PackChart:
    """One chart of the pack (``key``: a catalogue key), with its section's name."""
    [entry] = chosen_entries((key,), options.lang)
    ctx = ChartContext(options.initiative_key, options.as_of, options.lang, options.unit)
    with queries.recorded_on(options.recorded_on):
        result = entry.build(engine, ctx)
    return PackChart(entry.key, i18n.t(entry.section, options.lang), result)


def source_keys(kpis: overview_reads.OverviewKpis, charts: list[PackChart]) -> tuple[str, ...]:
    """The sources behind the KPIs and the charts, each once, in order of first use."""
    return tuple(
        dict.fromkeys(kpis.source_keys() + [k for c in charts for k in c.result.source_keys])
    )


def build_sources(engine: Engine, options: PackOptions, keys: tuple[str, ...]) -> pd.DataFrame:
    """The sources slide's table: one localised row per source used, with its key."""
    lang = options.lang
    with queries.recorded_on(options.recorded_on):
        used = queries.sources(engine, list(keys), options.as_of)
    table = overview_view.source_table(used, lang)
    table[i18n.t("reports.column.source_key", lang)] = list(used["key"])
    return table


def kpi_table(pack: Pack) -> pd.DataFrame:
    """The KPI cards as rows, with the underlying number where there is one (won or a count)."""
    lang = pack.options.lang
    k = pack.kpis
    raw = {
        i18n.t("overview.kpi.baseline", lang): k.baseline_envelope_won,
        i18n.t("overview.kpi.latest_total", lang): (k.latest_total or {}).get("total_won"),
        i18n.t("overview.kpi.executed", lang): k.executed_won,
        i18n.t("overview.kpi.milestones", lang): k.milestones.get("done"),
        i18n.t("overview.kpi.mous", lang): k.mous.value,
        i18n.t("overview.kpi.centres", lang): k.centres.value,
    }
    return pd.DataFrame(
        {
            i18n.t("common.column.name", lang): [c.label for c in pack.cards],
            i18n.t("reports.column.value", lang): [c.value for c in pack.cards],
            i18n.t("reports.column.change", lang): [c.delta or "" for c in pack.cards],
            i18n.t("reports.column.number", lang): [
                None if raw.get(c.label) is None else int(raw[c.label]) for c in pack.cards
            ],
            i18n.t("reports.column.note", lang): [c.help or "" for c in pack.cards],
        }
    )


def data_tables(pack: Pack) -> dict[str, pd.DataFrame]:
    """Every table of the pack by a file-safe name: KPIs, each chart's data, sources."""
    tables = {"kpis": kpi_table(pack)}
    for chart in pack.charts:
        tables[chart.key] = chart.result.data
    tables["sources"] = pack.sources
    return tables


# --- PowerPoint ------------------------------------------------------------------------------------

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5

# --- images ----------------------------------------------------------------------------------------


def render_images(
    pack: Pack, fmt: str, *, target: str, progress: Progress | None = None
) -> list[bytes]:
    """Every chart of the pack as an image, rendered two at a time in the shared browser."""
    progress = progress or _noop
    size = theme.SLIDE_CHART_SIZE if target == "slide" else theme.REPORT_CHART_SIZE
    figures = [c.result.figure for c in pack.charts]
    out: list[bytes] = []
    step = 2
    for start in range(0, len(figures), step):
        out += images.chart_images(
            figures[start : start + step], fmt, target=target, size=size, lang=pack.options.lang
        )
        progress(
            len(out), len(figures), i18n.t("reports.progress.images", pack.options.lang,
                                            done=len(out), total=len(figures))
        )  # fmt: skip
    return out
