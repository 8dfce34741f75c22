"""Budget charts: traces, axis titles, units, as-of/source footers, Korean and English labels."""

import datetime as dt

import pytest
from fixtures import build_demo

from tracker import catalog, room
from tracker.budget import entries as budget_entries
from tracker.budget import metrics as budget_metrics
from tracker.budget import reads as budget_reads
from tracker.budget import view as budget_view
from tracker.catalog import ChartContext

AS_OF = dt.date(2026, 11, 30)  # after the bundle was compiled (2026-11-25)
GJ = "gj-ai-cluster-phase1"


@pytest.fixture
def bundled_view(bundled_engine):
    return budget_view.compute(budget_reads.load(bundled_engine, GJ, AS_OF))


@pytest.fixture
def bundled_charts(bundled_engine, bundled_view):
    envelopes = budget_reads.envelopes(bundled_engine, AS_OF)
    return {
        lang: budget_entries.results(bundled_view, envelopes, ChartContext(GJ, AS_OF, lang, "eok"))
        for lang in ("ko", "en")
    }


@pytest.fixture
def demo_view(engine):
    build_demo(engine)
    return budget_view.compute(budget_reads.load(engine, "demo", dt.date(2022, 6, 15)))


def title(fig) -> str:
    return fig.layout.title.text


def footer(fig) -> str:
    return next(a.text for a in fig.layout.annotations if a.name == "footer").replace("<br>", " ")


def texts(fig) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


def test_every_chart_has_a_title_unit_as_of_and_source(bundled_charts):
    for key, result in bundled_charts["ko"].items():
        fig = result.figure
        assert title(fig).startswith("<b>"), key
        assert "기준일 2026-11-30" in footer(fig), key
        if not result.is_empty:
            assert "단위: 억원" in footer(fig), key
            assert "출처:" in footer(fig), key
    for key, result in bundled_charts["en"].items():
        assert "As of 2026-11-30" in footer(result.figure), key
        if not result.is_empty:
            assert "Unit: KRW bn" in footer(result.figure), key


def test_plan_by_year_is_stacked_by_source_with_the_plan_version_named(bundled_charts):
    fig = bundled_charts["ko"]["budget.by_year"].figure
    assert title(fig).startswith("<b>연도별 계획 대비 집행 (재원별)</b>")
    assert "기준: 연도별 예산 (보도 기준)" in title(fig)
    assert "집행 실적 미등록" in title(fig)  # no execution bars, and it says why
    assert fig.layout.barmode == "relative"
    assert fig.layout.yaxis.title.text == "억원"
    by_name = {trace.name: trace for trace in fig.data}
    # 2022's 107.6bn is a total, 2020-2021 the national share: not drawn on the same axis
    assert set(by_name) == {"국비"}
    assert "기준이 달라 제외: 2022년 1,076억원 (재원 미구분)" in title(fig)
    national = by_name["국비"]
    assert list(national.x[0]) == ["2020", "2021"] and set(national.x[1]) == {"계획"}
    assert list(national.y) == [626.0, 645.0]
    assert [list(c) for c in national.customdata] == [
        [2020, "national", "plan"],
        [2021, "national", "plan"],
    ]
    assert "국민일보" in footer(fig) and "디지털조선일보" in footer(fig)  # each line's own source


def test_plan_by_year_in_english_uses_krw_bn(bundled_charts):
    fig = bundled_charts["en"]["budget.by_year"].figure
    assert fig.layout.yaxis.title.text == "KRW bn"
    assert list(next(t for t in fig.data if t.name == "National").y) == [62.6, 64.5]


def test_plan_vs_executed_draws_both_stacks_when_spending_is_recorded(demo_view):
    result = budget_entries.by_year_result(demo_view, ChartContext("demo", demo_view.as_of))
    kinds = {kind for trace in result.figure.data for kind in trace.x[1]}
    assert kinds == {"계획", "집행"}
    executed = sum(
        sum(trace.y) for trace in result.figure.data if trace.customdata[0][2] == "executed"
    )
    assert executed == pytest.approx(demo_view.totals.executed_won / 1e8)
    assert result.takeaway.startswith("집행률 24.1%")
    assert result.takeaway == (
        f"집행률 24.1%: 연도별 계획 1,000억원 중 {demo_view.totals.executed_won // 10**8:,}억원 집행"
    )


def test_funding_split_keeps_each_plan_version_as_its_own_bar(bundled_charts):
    result = bundled_charts["ko"]["budget.by_source"]
    fig = result.figure
    assert [t.name for t in fig.data] == ["국비", "시비", "민자", room.BAR_VALUES]
    national, values = fig.data[0], fig.data[3]
    # the national share, wide enough on half a row, is written in its bar's middle by a text
    # trace (room.bar_values); the city's and the private shares stay with their bars
    assert list(values.x) == [2843 / 2, 2798 / 2] and list(values.text) == ["국비 70%", "국비 68%"]
    assert national.textposition == "none" and list(national.text) == ["국비 70%", "국비 68%"]
    assert fig.data[2].textposition == "inside"
    assert list(national.x) == [2843.0, 2798.0]
    assert len(national.y) == 2 and national.y[0].startswith("2019-11")
    assert fig.layout.xaxis.title.text == "억원"
    assert {a.text for a in fig.layout.annotations if a.y in national.y} == {
        "4,061억원",
        "4,116억원",
    }  # totals per bar, never a sum across versions
    assert (
        result.takeaway
        == "최근 재원 구분(광주시 제시 4116억원 재원 구분): 국비 68.0% · 시비 22.1% · 민자 9.9%"
    )


def test_s_curve_without_spending_is_an_explained_empty_state(bundled_charts):
    result = bundled_charts["ko"]["budget.s_curve"]
    assert result.is_empty
    assert "집행 실적 미등록: 공개 자료에 집행 내역이 없습니다" in texts(result.figure)
    assert "No expenditure recorded" in texts(bundled_charts["en"]["budget.s_curve"].figure)


def test_s_curve_draws_plan_actual_as_of_line_and_forecast_band(demo_view):
    result = budget_entries.s_curve_result(demo_view, ChartContext("demo", demo_view.as_of))
    fig = result.figure
    names = [t.name for t in fig.data]
    assert names == ["계획 누계", "집행 누계", "전망 구간 (±1σ)", "전망 (집행 속도 기준)"]
    actual = fig.data[1]
    assert actual.y[-1] == pytest.approx(demo_view.totals.executed_won / 1e8)
    forecast = fig.data[3]
    assert forecast.y[-1] == pytest.approx(demo_view.forecast.end_won / 1e8)
    assert str(forecast.x[-1]) == "2024-12-31"
    assert fig.data[2].fill == "toself"
    assert [s.x0 for s in fig.layout.shapes] == ["2022-06-15"]  # the as-of line
    assert "최근 12개월 월평균 집행 속도 기준 선형 추정" in title(fig)  # the method, visible
    assert fig.layout.yaxis.title.text == "억원"


def test_component_treemap_nests_separately_priced_parts(bundled_charts):
    result = bundled_charts["ko"]["budget.components"]
    tree = result.figure.data[0]
    parents = dict(zip(tree.ids, tree.parents, strict=True))
    assert parents["gj1-datacentre"] == "gj1-core-infrastructure"
    assert parents["gj1-talent"] == "root"
    values = dict(zip(tree.ids, tree.values, strict=True))
    assert values["root"] == pytest.approx(4119.0)  # the MSIT version only
    assert values["gj1-core-infrastructure"] == pytest.approx(2549.0)
    assert "핵심 인프라 구축" in tree.labels
    assert "과학기술정보통신부 분야별" in title(result.figure)
    assert result.takeaway.startswith("최대 분야: 핵심 인프라 구축 2,549억원 (61.9%")


def test_waterfall_steps_from_the_2019_plan_with_reasons_and_estimates(bundled_charts):
    result = bundled_charts["ko"]["budget.waterfall"]
    fall = result.figure.data[0]
    assert list(fall.measure) == ["absolute"] + ["relative"] * 6 + ["total"]
    assert list(fall.x) == pytest.approx([4061, 55, 0, -177, 180, 146, 35, 0])
    assert fall.y[0] == "2019-11-11 · 동아일보"
    assert fall.y[-2] == "2025-08-22 (약) · 서울신문"  # the 'about' figure is marked
    assert fall.text[-1] == "약 4,300억원"
    assert "연합뉴스 영문 기사(착공 보도)에 보도된 총사업비" in fall.hovertext[3]
    assert result.takeaway == "최초 4,061억원 → 최근 약 4,300억원 (+239억원, 계획·보도 7건)"


def test_regional_comparison_marks_estimates_and_the_selected_initiative(bundled_charts):
    fig = bundled_charts["ko"]["budget.regional"].figure
    bars, values = fig.data  # the values past the bars' ends: a text trace (room.bar_values)
    assert list(values.y) == list(bars.y) and list(values.x) == list(bars.x)
    written = [text.lstrip(" ") for text in values.text]
    rows = dict(
        zip(
            bars.customdata,
            zip(bars.y, written, bars.marker.pattern.shape, strict=True),
            strict=True,
        )
    )
    assert rows["ulsan-ai-datacentre"] == (
        "울산광역시 · 울산 AI 데이터센터 (민간)",
        "약 70,000억원",
        "/",
    )
    assert rows["daegu-ai-hub"][1:] == ("5,510억원", "")
    colours = dict(zip(bars.customdata, bars.marker.color, strict=True))
    assert colours[GJ] != colours["daegu-ai-hub"]
    assert (
        "Ulsan · Ulsan AI data centre (private)"
        in bundled_charts["en"]["budget.regional"].figure.data[0].y
    )


def test_the_regional_comparison_gives_each_initiative_a_row_beyond_twelve(bundled_charts):
    from tracker.budget import plan_charts

    # up to twelve bars plotly's 450 px hold them; beyond, 24 px each on top of 160
    assert [plan_charts.regional_height(n) for n in (1, 12, 13, 80)] == [450, 450, 472, 2080]
    fig = bundled_charts["ko"]["budget.regional"].figure
    assert len(fig.data[0].y) == 9 and fig.layout.height == 450


def test_filters_narrow_the_charts_and_say_so(bundled_engine):
    data = budget_reads.load(bundled_engine, GJ, AS_OF)
    view = budget_view.compute(data, budget_metrics.Filters(years=(2021,)))
    fig = budget_entries.by_year_result(view, ChartContext(GJ, AS_OF)).figure
    assert [list(t.y) for t in fig.data] == [[645.0]]
    assert "필터: 2021" in title(fig)
    nothing = budget_view.compute(data, budget_metrics.Filters(components=("talent",)))
    empty = budget_entries.by_year_result(nothing, ChartContext(GJ, AS_OF)).figure
    assert "선택한 필터에 해당하는 자료가 없습니다" in texts(empty)


def test_a_click_on_a_bar_becomes_filters():
    point = {"customdata": [2021, "national", "plan"], "x": ["2021", "계획"], "y": 645}
    assert budget_entries.selection_filters("budget.by_year", [point]) == {
        "years": (2021,),
        "sources": ("national",),
    }
    assert budget_entries.selection_filters(
        "budget.by_source", [{"customdata": ["city", "2021-01"]}, {"customdata": ["national", "x"]}]
    ) == {"sources": ("national", "city")}
    assert budget_entries.selection_filters("budget.by_year", [{"x": 1}]) == {}
    assert budget_entries.selection_filters("budget.by_year", []) == {}


def test_catalogue_entries_build_from_the_database(bundled_engine):
    keys = [e.key for e in catalog.entries() if e.key.startswith("budget.")]
    assert keys == [
        "budget.by_year",
        "budget.by_source",
        "budget.s_curve",
        "budget.components",
        "budget.waterfall",
        "budget.regional",
    ]
    for key in keys:
        result = catalog.entry(key).build(bundled_engine, ChartContext(GJ, AS_OF, "en", "eok"))
        assert result.title and result.figure.layout.title.text
        assert result.is_empty == (key == "budget.s_curve")


def test_a_legend_beside_the_plot_has_its_room_kept_on_the_right(bundled_charts):
    # the bundle's by-year chart names one source: "국비" (2 x 0.93 em x 13 px = 24.18) plus the
    # swatch (48) and the gap to the plot (38) = 110.18 px; in English "National": N a o n a =
    # 5 x 0.62 and t i l = 3 x 0.36, 4.18 em = 54.34 px, + 86 = 140.34
    assert bundled_charts["ko"]["budget.by_year"].figure.layout.margin.r == 111
    assert bundled_charts["en"]["budget.by_year"].figure.layout.margin.r == 141


def test_a_subtitle_of_several_lines_hangs_from_the_top_and_one_line_stays_put(bundled_charts):
    # the bundle's by-year chart: basis, no spending recorded, national only, one year left out
    fig = bundled_charts["ko"]["budget.by_year"].figure
    assert fig.layout.title.text.count("<br>") == 4
    assert fig.layout.margin.t == 154  # 26 px a line for the title and four, and 24 under them
    assert fig.layout.title.y == pytest.approx(1 - 26 / 450)
    one = bundled_charts["ko"]["budget.waterfall"].figure  # a subtitle of one line, no legend
    assert one.layout.title.text.count("<br>") == 1
    assert one.layout.title.y is None and one.layout.margin.t == 80


def footer_of(width: int) -> tuple[str, int]:
    import plotly.graph_objects as go

    from tracker import theme

    fig = go.Figure()
    fig.update_layout(margin={"l": 100})
    fig.add_annotation(text="aaaa · bbbb · cccc", name="footer", x=0, y=0, showarrow=False)
    theme.fit_footer(fig, width)  # what theme.apply does with the width a budget chart gives
    return fig.layout.annotations[0].text, fig.layout.margin.b


def test_a_footer_line_keeps_to_the_chart_width_less_its_left_margin():
    # at 11 px a, b, c and · are 0.62 em, a space 0.36: "aaaa · bbbb ·" is 7.28 em = 80.08 px;
    # a line has the width less the left margin (100) and 8 px: 80 at 188, 81 at 189
    assert footer_of(188) == ("aaaa ·<br>bbbb · cccc", 106)  # 90 + 16 for the second line
    assert footer_of(189) == ("aaaa · bbbb ·<br>cccc", 106)
    assert footer_of(300) == ("aaaa · bbbb · cccc", None)  # 111.32 px: fits, left alone


def test_no_budget_footer_runs_past_its_chart(bundled_charts):
    from tracker import room

    full_row = {"budget.waterfall", "budget.regional"}  # the others share a row in pairs
    for lang, results in bundled_charts.items():
        for key, result in results.items():
            fig = result.figure
            width = 940 if key in full_row else 462
            note = next(a.text for a in fig.layout.annotations if a.name == "footer")
            assert room.text_width(note, 11) <= width - fig.layout.margin.l - 8, (lang, key)
