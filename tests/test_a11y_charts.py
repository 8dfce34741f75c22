"""Every chart has a text alternative, on screen and in the exported deck and PDF; states are drawn
with symbols and patterns as well as colours."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
import report_charts
from fixtures import build_demo

from tracker import catalog, i18n
from tracker.catalog import ChartContext, ChartResult
from tracker.overview import charts as overview_charts
from tracker.reports import pack as reports_pack
from tracker.reports import pdf as reports_pdf
from tracker.reports import slides as reports_slides
from tracker.schedule import charts as schedule_charts

AS_OF = dt.date(2025, 12, 31)
GJ = "gj-ai-cluster-phase1"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_catalogued_chart_has_a_text_alternative_with_the_bundled_data(bundled_engine, lang):
    for entry in catalog.entries():
        result = entry.build(bundled_engine, ChartContext(GJ, AS_OF, lang))
        alt = result.alt_text
        assert alt.startswith(result.title), entry.key
        assert len(alt) > len(result.title) + 5, f"{entry.key}: only the title ({alt!r})"
        if result.takeaway:
            assert result.takeaway.rstrip(".") in alt


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_catalogued_chart_says_why_it_is_empty_on_an_empty_database(engine, lang):
    for entry in catalog.entries():
        result = entry.build(engine, ChartContext("none", AS_OF, lang))
        assert result.alt_text.strip(), entry.key
        assert len(result.alt_text) > len(result.title), f"{entry.key}: {result.alt_text!r}"
    # English text in the English alternative, Korean in the Korean one (spot check)
    result = catalog.entry("schedule.gantt").build(engine, ChartContext("none", AS_OF, lang))
    assert ("일정" in result.alt_text) == (lang == "ko")


def test_the_alternative_is_the_title_and_the_takeaway():
    import plotly.graph_objects as go

    result = ChartResult(
        go.Figure(), pd.DataFrame(), "Milestones by year", "12 milestones, 10 done."
    )
    assert result.alt_text == "Milestones by year. 12 milestones, 10 done"


def test_the_milestone_bars_carry_a_pattern_and_a_count_besides_the_colour():
    frame = pd.DataFrame(
        {"year": [2020, 2020, 2021], "state": ["done", "late", "done"], "milestones": [3, 1, 4]}
    )
    fig = overview_charts.milestones_by_year_figure(frame, lang="en", as_of=AS_OF, title="t")
    by_name = {trace.name: trace for trace in fig.data}
    assert set(by_name) == {"Done", "Late"}
    assert by_name["Late"].marker.pattern.shape == "x"
    assert list(by_name["Late"].text) == ["1", ""]
    assert list(by_name["Done"].text) == ["3", "4"]


def test_the_gantt_draws_each_state_with_its_own_symbol(bundled_engine):
    result = schedule_charts.build_gantt(bundled_engine, ChartContext(GJ, AS_OF, "en"))
    markers = {
        t.legendgroup: set(t.marker.symbol)
        for t in result.figure.data
        if t.type == "scatter" and t.mode == "markers" and t.legendgroup not in (None, "baseline")
    }
    assert markers["done"] <= {"circle", "circle-open"}
    # on this day the bundled data holds done milestones and done ones without a sourced date
    assert markers["done_undated"] <= {"diamond", "diamond-open"}
    assert markers["done"].isdisjoint(markers["done_undated"])


# --- the deck and the report --------------------------------------------------------------------


@pytest.fixture
def demo_pack(engine, monkeypatch):
    monkeypatch.setattr(catalog, "CHART_MODULES", ("report_charts",))
    build_demo(engine)
    options = reports_pack.PackOptions(initiative_key="demo", as_of=dt.date(2024, 6, 30), lang="ko")
    return reports_pack.build_pack(engine, options)


def test_every_chart_picture_in_the_deck_has_its_alt_text(demo_pack):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = Presentation(io.BytesIO(reports_slides.to_pptx(demo_pack)))
    slides = list(deck.slides)[2 : 2 + len(report_charts.CHARTS)]
    for slide, chart in zip(slides, demo_pack.charts, strict=True):
        (picture,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        descr = picture._element.nvPicPr.cNvPr.get("descr")
        assert descr == chart.result.alt_text
        assert descr.startswith("시험 차트")
    first = demo_pack.charts[0].result
    assert first.alt_text == f"{first.title}. 국비 합계 760억원"  # 120+180+210+160+90


def test_the_report_pdf_is_tagged_with_alt_text_on_every_chart(demo_pack):
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(reports_pdf.to_pdf(demo_pack)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    alts: list[str] = []

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    if depth < 40:
                        walk(kid, depth + 1)

    walk(root["/StructTreeRoot"])
    for chart in demo_pack.charts:
        assert chart.result.alt_text in alts, chart.key
    assert i18n.t("common.no_data", "ko").rstrip(".") in " ".join(alts)  # the empty chart says why
