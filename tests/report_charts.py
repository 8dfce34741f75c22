"""Ten charts registered only by the report tests and the benchmark: every shape a chart module
might hand to the briefing pack (bars, stacked bars, lines, horizontal bars, a pie, a timeline of
floating bars, an empty chart) over the synthetic demo programme (``fixtures.build_demo``)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from tracker import i18n, money, theme
from tracker.catalog import ChartContext, ChartEntry, ChartResult
from tracker.db import queries

SECTION = "app.section.analysis"
# Text that a spreadsheet would run as a formula: the XLSX/CSV exports must neutralise it.
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+2", "-3", "@SUM(A1)", "\tTAB", "\rCR"]


def _figure(kind: str, ctx: ChartContext, title: str) -> tuple[go.Figure, pd.DataFrame, str]:
    years = [2020, 2021, 2022, 2023, 2024]
    national = [120, 180, 210, 160, 90]
    city = [40, 60, 70, 50, 30]
    executed = [100, 150, 170, 120, 40]
    if kind == "bar":
        fig = go.Figure(go.Bar(x=[str(y) for y in years], y=national, name="국비"))
        data = pd.DataFrame({"연도": years, "국비(억원)": national})
        takeaway = f"국비 합계 {sum(national):,}억원"
    elif kind == "stacked":
        fig = go.Figure(
            [
                go.Bar(x=[str(y) for y in years], y=national, name="국비",
                       marker={"color": theme.FUNDING_COLOURS["national"]}),
                go.Bar(x=[str(y) for y in years], y=city, name="시비",
                       marker={"color": theme.FUNDING_COLOURS["city"]}),
            ]
        )  # fmt: skip
        fig.update_layout(barmode="stack")
        data = pd.DataFrame({"연도": years, "국비": national, "시비": city, "비고": HOSTILE[:5]})
        takeaway = f"시비 비중 {sum(city) / (sum(city) + sum(national)) * 100:.0f}%"
    elif kind == "combo":
        fig = go.Figure(
            [
                go.Bar(x=[str(y) for y in years], y=national, name="계획"),
                go.Scatter(
                    x=[str(y) for y in years], y=executed, name="집행", mode="lines+markers"
                ),
            ]
        )
        rate = sum(executed) / sum(national)
        data = pd.DataFrame({"연도": years, "계획": national, "집행": executed})
        takeaway = f"집행률 {rate * 100:.0f}%, 계획 대비 {(rate - 0.8) * 100:+.0f}%p"
    elif kind == "line":
        fig = go.Figure(
            go.Scatter(x=[str(y) for y in years], y=executed, mode="lines", name="집행")
        )
        data = pd.DataFrame({"연도": years, "집행": executed})
        takeaway = None
    elif kind == "hbar":
        names = ["데이터센터", "실증 장비", "인재 양성", "기업 지원"]
        fig = go.Figure(go.Bar(y=names, x=[902, 300, 150, 80], orientation="h", name="사업비"))
        data = pd.DataFrame({"세부사업": names, "사업비": [902, 300, 150, 80]})
        takeaway = "데이터센터가 사업비의 63%"
    elif kind == "pie":
        fig = go.Figure(go.Pie(labels=["국비", "시비", "민자"], values=[2920, 1000, 196]))
        data = pd.DataFrame({"재원": ["국비", "시비", "민자"], "금액": [2920, 1000, 196]})
        takeaway = "국비 71%"
    elif kind == "timeline":
        fig = go.Figure(
            go.Bar(
                y=["설계", "착공", "준공"],
                x=[200, 400, 300],
                base=["2020-01-01", "2020-08-01", "2021-10-01"],
                orientation="h",
            )
        )
        fig.update_xaxes(type="date")
        data = pd.DataFrame(
            {
                "단계": ["설계", "착공", "준공"],
                "시작": pd.to_datetime(["2020-01-01", "2020-08-01", "2021-10-01"]).date,
            }
        )
        takeaway = "준공 2022년"
    else:
        raise ValueError(kind)
    unit = money.unit_label(ctx.unit, ctx.lang)
    theme.apply(fig, title=title, lang=ctx.lang, as_of=ctx.as_of, unit=unit, sources=["Demo"])
    return fig, data, takeaway


def _entry(n: int, kind: str) -> ChartEntry:
    def build(engine: Engine, ctx: ChartContext) -> ChartResult:
        title = f"시험 차트 {n} ({kind})" if ctx.lang == "ko" else f"Test chart {n} ({kind})"
        if kind == "empty":
            fig = theme.empty_figure(
                i18n.t("common.no_data", ctx.lang), title=title, lang=ctx.lang, as_of=ctx.as_of
            )
            return ChartResult(fig, pd.DataFrame(), title, None, [], is_empty=True)
        if kind == "milestones":
            counts = queries.milestone_counts(engine, ctx.initiative_key, ctx.as_of)
            fig = go.Figure(
                go.Bar(x=["done", "late"], y=[counts["done"], counts["late"]], name="milestones")
            )
            theme.apply(fig, title=title, lang=ctx.lang, as_of=ctx.as_of, sources=["Demo"])
            data = pd.DataFrame(
                {"state": ["done", "late"], "count": [counts["done"], counts["late"]]}
            )
            takeaway = f"완료 {counts['done']} / {counts['total']}"
            return ChartResult(fig, data, title, takeaway, ["src-demo"])
        fig, data, takeaway = _figure(kind, ctx, title)
        return ChartResult(fig, data, title, takeaway, ["src-demo"])

    return ChartEntry(f"test.chart{n:02d}", SECTION, "reports.briefing.charts", build)


KINDS = ["bar", "stacked", "combo", "line", "hbar", "pie", "timeline", "milestones", "bar", "empty"]
CHARTS = [_entry(n, kind) for n, kind in enumerate(KINDS, start=1)]
