"""Briefing packs: the deck, the report and the workbook carry the dashboard's numbers."""

from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd
import pytest
import report_charts
from conftest import ARTIFACTS
from fixtures import build_demo, build_hand

from tracker import catalog, i18n
from tracker.overview import charts as overview_charts
from tracker.reports import briefing as reports_briefing
from tracker.reports import images as reports_images
from tracker.reports import pack as reports_pack
from tracker.reports import pdf as reports_pdf
from tracker.reports import slides as reports_slides

AS_OF = dt.date(2024, 6, 30)
EA_FONT = "Noto Sans CJK KR"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture
def demo(engine, monkeypatch):
    """The demo programme with the ten test charts registered (and nothing else)."""
    monkeypatch.setattr(catalog, "CHART_MODULES", ("report_charts",))
    facts = build_demo(engine)
    return engine, facts


def options(**kw) -> reports_pack.PackOptions:
    base = {"initiative_key": "demo", "as_of": AS_OF, "lang": "ko", "meeting": "제3차 추진위원회"}
    return reports_pack.PackOptions(**{**base, **kw})


def test_a_pack_holds_the_overview_kpis_every_chart_and_their_sources(demo):
    engine, _ = demo
    pack = reports_pack.build_pack(engine, options())
    assert [c.key for c in pack.charts] == [e.key for e in report_charts.CHARTS]
    assert list(pack.sources[i18n.t("reports.column.source_key", "ko")]) == ["src-demo"]
    kinds = [s.kind for s in pack.slides()]
    assert kinds == ["title", "kpis"] + ["chart"] * 10 + ["sources"]


def test_the_pack_cards_are_the_hand_computed_overview_figures(engine, monkeypatch):
    monkeypatch.setattr(catalog, "CHART_MODULES", ("report_charts",))
    build_hand(engine)
    opts = options(initiative_key="hand", as_of=dt.date(2021, 7, 15), chart_keys=())
    pack = reports_pack.build_pack(engine, opts)
    assert [(c.label, c.value, c.delta or None) for c in pack.cards] == [
        ("총사업비 (최초 계획)", "120억원", None),
        ("최근 보고 총사업비", "126억원", "+6억원"),  # revised on 1 June
        ("집행액 · 집행률", "18억원", "14.3%"),  # 18 of the latest 126, not of the first 120
        # done m1; late m3 (due the day before, under way); not recorded m6; upcoming m2 (due
        # today) and m4 (the 90th day), not m5 (the 91st)
        ("이정표 완료", "1 / 6", "지연 1 · 실적 미확인 1 · 90일 내 예정 2"),
        ("업무협약(MOU) 누적", "2", None),  # signed 1 Feb and on the day; not the day after
        ("입주 기업·센터", "0", None),
    ]


def test_the_chart_slide_headline_is_the_computed_takeaway(demo):
    engine, _ = demo
    pack = reports_pack.build_pack(engine, options(chart_keys=("test.chart03", "test.chart04")))
    combo, line = pack.charts
    # 플랜 760, 집행 580 -> 76%, 80% 기준 대비 -4%p
    assert combo.headline == "집행률 76%, 계획 대비 -4%p"
    assert line.headline == line.result.title  # no takeaway: the title stands in


def test_unknown_charts_and_initiatives_are_refused_with_the_known_ones(demo):
    engine, _ = demo
    with pytest.raises(reports_pack.PackError, match="test.chart01"):
        reports_pack.build_pack(engine, options(chart_keys=("nope",)))
    with pytest.raises(reports_pack.PackError, match="demo"):
        reports_pack.build_pack(engine, options(initiative_key="nope"))


def test_empty_charts_can_be_left_out(demo):
    engine, _ = demo
    pack = reports_pack.build_pack(engine, options(include_empty=False))
    assert "test.chart10" not in [c.key for c in pack.charts]
    assert len(pack.charts) == 9


def test_progress_is_reported_step_by_step(demo):
    engine, _ = demo
    seen = []
    reports_pack.build_pack(engine, options(), progress=lambda d, t, m: seen.append((d, t)))
    assert seen[0] == (0, 11) and seen[-1] == (11, 11)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_sources_are_split_over_slides_of_ten(demo):
    engine, _ = demo
    pack = reports_pack.build_pack(engine, options(chart_keys=()))
    pack.sources = pd.concat([pack.sources] * 23, ignore_index=True)
    sources = [s for s in pack.slides() if s.kind == "sources"]
    assert [len(s.sources) for s in sources] == [10, 10, 3]
    assert sources[-1].heading.endswith("(3/3)")


# --- PowerPoint -----------------------------------------------------------------------------------


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_the_deck_opens_with_python_pptx_and_has_a_picture_per_chart(demo):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    engine, _ = demo
    pack = reports_pack.build_pack(engine, options())
    deck = Presentation(io.BytesIO(reports_slides.to_pptx(pack)))
    assert (deck.slide_width, deck.slide_height) == (12191695, 6858000)  # 16:9
    slides = list(deck.slides)
    assert len(slides) == 2 + 10 + 1
    title = " ".join(_texts(slides[0]))
    assert "시험 AI 사업" in title and "제3차 추진위원회" in title and "기준일 2024-06-30" in title
    kpi_text = " ".join(_texts(slides[1]))
    for card in pack.cards:
        assert card.value in kpi_text
    for slide, chart in zip(slides[2:12], pack.charts, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert pictures[0].image.content_type == "image/png"
        assert chart.headline in _texts(slide)
    assert "출처" in _texts(slides[-1])
    assert any(shape.has_table for shape in slides[-1].shapes)


def test_korean_text_in_the_deck_uses_an_east_asian_font(demo):
    from pptx import Presentation

    engine, _ = demo
    pack = reports_pack.build_pack(engine, options(chart_keys=("test.chart01",)))
    deck = Presentation(io.BytesIO(reports_slides.to_pptx(pack)))
    korean_runs = 0
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [c.text_frame for row in shape.table.rows for c in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        if any("\uac00" <= ch <= "\ud7a3" for ch in run.text):
                            korean_runs += 1
                            rpr = run._r.rPr
                            assert rpr.find(f"{A}ea").get("typeface") == EA_FONT, run.text
                            assert rpr.find(f"{A}latin").get("typeface") == EA_FONT
    assert korean_runs > 10


def test_an_english_deck_is_in_english(demo):
    from pptx import Presentation

    engine, _ = demo
    pack = reports_pack.build_pack(
        engine, options(lang="en", chart_keys=("test.chart01",), meeting="")
    )
    deck = Presentation(io.BytesIO(reports_slides.to_pptx(pack)))
    texts = " ".join(_texts(deck.slides[1]))
    assert "Key figures" in texts and "Envelope (first plan)" in texts


# --- PDF ----------------------------------------------------------------------------------------


def test_the_report_pdf_has_the_expected_pages_and_embeds_a_cjk_font(demo):
    import pypdf
    import pypdfium2

    engine, _ = demo
    pack = reports_pack.build_pack(engine, options())
    document = reports_pdf.to_pdf(pack)
    reader = pypdf.PdfReader(io.BytesIO(document))
    expected = 2 + math.ceil(10 / 2) + 1  # cover, KPIs, two charts a page, sources
    assert len(reader.pages) == expected == reports_pdf.pdf_page_count(pack)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Noto-Sans-CJK-KR" in f for f in fonts), fonts
    pdf = pypdfium2.PdfDocument(document)
    cover = pdf[0].get_textpage().get_text_range()
    assert "시험 AI 사업" in cover and "기준일 2024-06-30" in cover
    charts_page = pdf[2].get_textpage().get_text_range()
    assert pack.charts[0].headline in charts_page
    # The chart itself is vector: its title and footer are text in the PDF, not pixels.
    assert pack.charts[0].result.title in charts_page and "출처: Demo" in charts_page
    ARTIFACTS.mkdir(exist_ok=True)
    for n in (0, 1, 2):
        pdf[n].render(scale=1.2).to_pil().save(ARTIFACTS / f"briefing-pdf-page{n + 1}.png")


# --- Excel ----------------------------------------------------------------------------------------


def test_the_workbook_has_a_sheet_per_chart_and_no_formula_from_text(demo):
    import openpyxl

    engine, _ = demo
    pack = reports_pack.build_pack(engine, options())
    book = openpyxl.load_workbook(io.BytesIO(reports_briefing.to_xlsx(pack)))
    assert book.sheetnames[0] == "요약" and book.sheetnames[-1] == "출처"
    assert len(book.sheetnames) == 1 + 10 + 1
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    stacked = book.worksheets[2]
    values = [c.value for row in stacked.iter_rows() for c in row if c.value is not None]
    for hostile in report_charts.HOSTILE[:5]:
        assert "'" + hostile in values  # neutralised, readable
    # title, section, takeaway, as-of, blank, header: the data starts on row 7
    assert stacked["B7"].value == 120 and stacked["B7"].data_type == "n"  # numbers stay numbers


def test_bars_lines_and_pies_become_native_excel_charts(demo):
    import openpyxl

    engine, _ = demo
    pack = reports_pack.build_pack(engine, options())
    book = openpyxl.load_workbook(io.BytesIO(reports_briefing.to_xlsx(pack, images=True)))
    by_kind = {k: book.worksheets[n] for n, k in enumerate(report_charts.KINDS, start=1)}
    for kind in ("bar", "stacked", "combo", "line", "hbar", "pie", "milestones"):
        assert len(by_kind[kind]._charts) == 1, kind
    assert len(by_kind["timeline"]._charts) == 0
    assert len(by_kind["timeline"]._images) == 1  # floating bars: a picture instead
    summary = book.worksheets[0]
    labels = [r[0].value for r in summary.iter_rows(min_row=5)]
    assert i18n.t("overview.kpi.baseline", "ko") in labels


def test_kpi_table_keeps_the_underlying_numbers(demo):
    engine, _ = demo
    pack = reports_pack.build_pack(engine, options(chart_keys=()))
    table = reports_pack.kpi_table(pack)
    number = dict(zip(table.iloc[:, 0], table.iloc[:, 3], strict=True))
    assert number[i18n.t("overview.kpi.baseline", "ko")] == 100_000_000_000
    assert number[i18n.t("overview.kpi.milestones", "ko")] == pack.kpis.milestones["done"]


def test_build_file_without_chromium_explains_and_xlsx_still_works(demo, monkeypatch):
    engine, _ = demo
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(reports_images.ChromiumMissingError, match="apt-get install -y chromium"):
        reports_briefing.build_file(engine, options(), "pptx")
    assert reports_briefing.build_file(engine, options(), "xlsx")[:2] == b"PK"


# --- the overview charts (pure builders) -----------------------------------------------------------


def _plan_frame():
    return pd.DataFrame(
        {
            "key": ["a", "b", "c"],
            "label_ko": ["최초", "변경", "보도"],
            "label_en": ["first", "change", "report"],
            "announced_on": [dt.date(2019, 11, 11), dt.date(2020, 4, 28), dt.date(2025, 8, 22)],
            "kind": ["plan", "plan", "reported"],
            "total_won": [406_100_000_000, 411_600_000_000, 430_000_000_000],
            "is_estimate": [False, False, True],
            "source_key": ["s1", "s2", "s3"],
        }
    )


def test_plan_totals_takeaway_compares_the_latest_with_the_first():
    frame = _plan_frame()
    # 4300 / 4061 - 1 = +5.885% -> +5.9%
    assert (
        overview_charts.plan_totals_takeaway(frame, lang="ko", unit="eok")
        == "최근 총사업비 약 4,300억원, 첫 발표(4,061억원) 대비 +5.9%"
    )
    assert overview_charts.plan_totals_takeaway(frame.iloc[:0], lang="ko", unit="eok") is None


def test_plan_totals_figure_draws_plans_and_reports_in_the_display_unit():
    fig = overview_charts.plan_totals_figure(
        _plan_frame(), lang="en", unit="eok", as_of=AS_OF, title="Totals", sources=["X"]
    )
    plans, reports = fig.data[1], fig.data[2]
    assert list(plans.y) == [406.1, 411.6] and list(reports.y) == [430.0]  # KRW bn
    assert list(reports.text) == ["about KRW 430.0 bn"]
    footer = [a for a in fig.layout.annotations if a.name == "footer"][0]
    assert "As of 2024-06-30" in footer.text and "Source: X" in footer.text


def test_plan_totals_less_than_a_year_apart_are_ticked_by_quarter_not_by_week():
    def axis(days):
        frame = pd.concat([_plan_frame().iloc[:1]] * len(days), ignore_index=True)
        frame["announced_on"] = days
        fig = overview_charts.plan_totals_figure(
            frame, lang="ko", unit="eok", as_of=AS_OF, title="t"
        )
        xaxis = fig.layout.xaxis
        return None if xaxis.range is None else list(xaxis.range), xaxis.dtick

    # one announcement alone: 183 days either side (2019-05-12 .. 2019-11-11 is 19 + 30 + 31 +
    # 31 + 30 + 31 + 11 days; on to 2020-05-12 through a 29-day February), a tick every 3
    # months, so no month is written twice under the axis
    assert axis([dt.date(2019, 11, 11)]) == (["2019-05-12", "2020-05-12"], "M3")
    # 364 days apart (2019-11-11 .. 2020-11-09, 2020 a leap year): the same
    assert axis([dt.date(2019, 11, 11), dt.date(2020, 11, 9)]) == (
        ["2019-05-12", "2021-05-11"],
        "M3",
    )
    # 365 days apart: plotly's own ticks, a month apart at the least
    assert axis([dt.date(2019, 11, 11), dt.date(2020, 11, 10)]) == (None, None)


def test_milestones_takeaway_counts_done_and_late():
    frame = pd.DataFrame(
        {"year": [2020, 2020, 2021, 2021, 2021, None],
         "state": ["done", "late", "done", "done_undated", "not_recorded", "unscheduled"],
         "milestones": [3, 1, 4, 1, 2, 2]}
    )  # fmt: skip
    # done 3 + 4 + 1 (date unknown) = 8 of 13 (62%); the 2 unrecorded ones are not late
    assert (
        overview_charts.milestones_takeaway(frame, lang="ko")
        == "이정표 13건 중 완료 8건 (62%), 지연 1건, 실적 미확인 2건"
    )
    fig = overview_charts.milestones_by_year_figure(frame, lang="ko", as_of=AS_OF, title="t")
    assert list(fig.data[0].x) == ["2020", "2021", "일정 미정"]
    assert list(fig.data[0].y) == [3, 4, 0]


def test_the_overview_charts_read_the_bundled_programme(bundled_engine):
    ctx = catalog.ChartContext("gj-ai-cluster-phase1", dt.date(2025, 12, 31), "ko", "eok")
    result = overview_charts.build_plan_totals(bundled_engine, ctx)
    # MSIT's 411.9bn comes from an undated report (known from 2026-11-25): six totals by 2025
    assert not result.is_empty and len(result.data) == 6
    assert result.takeaway == "최근 총사업비 약 4,300억원, 첫 발표(4,061억원) 대비 +5.9%"
    ms = overview_charts.build_milestones_by_year(bundled_engine, ctx)
    # 11 by 2025: the green-belt release is known only from the compile date (2026-11-25)
    assert int(ms.data.iloc[:, 2].sum()) == 11 and ms.source_keys


def test_long_headlines_get_smaller_type_to_stay_on_one_line():
    assert reports_slides.headline_size("집행률 72%, 계획 대비 -8%p") == 24
    assert reports_slides.headline_size("가" * 40) == 20  # 80 units: 11.1 inches at 20 pt
    assert reports_slides.headline_size("a" * 120) == 17
