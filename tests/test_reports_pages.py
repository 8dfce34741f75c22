"""AppTest for the briefing builder, the presentation mode and the chart download menu."""

from __future__ import annotations

from conftest import ROOT
from streamlit.testing.v1 import AppTest

from tracker import catalog


def open_page(path: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    if params:
        at.query_params.update(params)
    at.switch_page(path).run()  # the page's own first run
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_builder_offers_every_registered_chart(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/briefing.py")
    charts = at.multiselect(key="briefing_charts")
    assert charts.value == [entry.key for entry in catalog.entries()]
    assert at.title[0].value == "보고 자료 만들기"


def test_building_the_pack_offers_the_three_files(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/briefing.py", {"as_of": "2025-12-31"})
    at.text_input(key="briefing_meeting").input("제2차 추진위원회").run()
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    labels = [b.label for b in at.download_button if b.key.startswith("briefing-")]
    assert labels == [
        "PowerPoint (PPTX) 내려받기",
        "PDF 내려받기",
        "Excel (XLSX) 내려받기",
    ]


def test_choosing_one_chart_updates_the_outline(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/briefing.py")
    assert at.caption[1].value == f"구성: 표지, 핵심 지표, 차트 {len(catalog.entries())}개, 출처"
    at.multiselect(key="briefing_charts").set_value(["overview.plan_totals"]).run()
    assert not at.exception
    assert at.caption[1].value == "구성: 표지, 핵심 지표, 차트 1개, 출처"


def test_presentation_walks_the_pack_slide_by_slide(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page(
        "pages/present.py",
        {"as_of": "2025-12-31", "slide": "3", "charts": "overview.plan_totals", "meeting": "회의"},
    )
    # the slide's headline is its one h1 (headings in order)
    assert at.title[0].value == "최근 총사업비 약 4,300억원, 첫 발표(4,061억원) 대비 +5.9%"
    assert len(at.get("plotly_chart")) == 1
    at.button(key="present_next").click().run()
    assert at.query_params["slide"] == "4"
    assert at.title[0].value.startswith("출처")
    assert at.button(key="present_next").disabled  # the last slide


def test_the_presentation_builds_only_the_slides_it_has_shown(
    app_env, bundled_db_file, monkeypatch
):
    """Opening the presentation reads the title and key figures, not every chart of the pack:
    a chart is built when its slide is first shown, and kept for the way back."""
    from tracker.reports import pack
    from tracker.ui import state

    built = []
    real = pack.build_chart

    def counting(engine, options, key):
        built.append(key)
        return real(engine, options, key)

    counting.__module__, counting.__qualname__ = real.__module__, real.__qualname__  # its cache key
    monkeypatch.setattr(pack, "build_chart", counting)
    state.forget_figures()  # nothing kept from another test's presentation
    app_env("bundled", bundled_db_file)
    params = {"as_of": "2025-12-31", "slide": "1", "charts": "overview.plan_totals,budget.s_curve"}
    at = open_page("pages/present.py", params)
    assert at.title[0].value == "인공지능 집적단지 조성사업" and built == []
    at.button(key="present_next").click().run()  # the key figures
    assert at.title[0].value == "핵심 지표" and built == []
    at.button(key="present_next").click().run()
    assert built == ["overview.plan_totals"] and len(at.get("plotly_chart")) == 1
    at.button(key="present_next").click().run()
    assert built == ["overview.plan_totals", "budget.s_curve"]
    at.button(key="present_next").click().run()  # the sources: both charts' keys, none rebuilt
    assert at.title[0].value == "출처" and built == ["overview.plan_totals", "budget.s_curve"]
    assert at.button(key="present_next").disabled
    [table] = at.dataframe
    assert "src-donga-2019-11-11" in list(table.value.iloc[:, -1])
    at.button(key="present_previous").click().run()
    assert built == ["overview.plan_totals", "budget.s_curve"]  # kept, not built again


def test_presentation_title_slide_names_the_meeting(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/present.py", {"meeting": "제2차 추진위원회", "slide": "99"})
    # slide 99 is clamped to the last one; go back to the start through the URL
    assert at.button(key="present_next").disabled
    at = open_page("pages/present.py", {"meeting": "제2차 추진위원회", "slide": "1"})
    assert at.title[0].value == "인공지능 집적단지 조성사업"
    assert at.header[0].value == "제2차 추진위원회"


OVERVIEW_CHARTS = ("overview.plan_totals", "overview.milestones_by_year")


def with_menus_open(at: AppTest, charts=OVERVIEW_CHARTS) -> AppTest:
    """Open each chart's download menu, as a click on it does (its state, then a rerun)."""
    for chart in charts:
        at.session_state[f"{chart}-downloads"] = True
    return at.run()


def test_every_chart_has_image_and_data_downloads_once_its_menu_is_open(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    # closed menus build nothing: no button, no image, no workbook until one is opened
    assert [b.key for b in at.download_button] == []
    keys = {b.key for b in with_menus_open(at).download_button}
    for chart in OVERVIEW_CHARTS:
        assert {f"{chart}-{f}" for f in ("png", "svg", "pdf", "csv", "xlsx")} <= keys


def test_without_chromium_the_menu_says_what_to_install(app_env, bundled_db_file, monkeypatch):
    app_env("bundled", bundled_db_file)
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    keys = {b.key for b in with_menus_open(at).download_button}
    assert "overview.plan_totals-csv" in keys and "overview.plan_totals-png" not in keys
    assert any("apt-get install -y chromium" in c.value for c in at.caption)


def test_a_charts_data_table_is_drawn_once_it_is_opened(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert len(at.table) == 0  # both charts' tables closed: nothing drawn in them
    at.session_state["overview.plan_totals-table"] = True  # Enter on its expander
    at.run()
    [table] = at.table
    # the phase-1 plan and reported totals of data/plan_versions.csv, by announcement
    assert list(table.value.iloc[:, 0]) == [
        "2019-11-11", "2020-04-28", "2021년", "2021-11-22", "2022년", "2024년 5월", "2025-08-22"
    ]  # fmt: skip
    assert table.value.iloc[:, -1].tolist()[:2] == ["src-donga-2019-11-11", "src-news21-2020-04-28"]


def test_the_presentation_and_page_figures_are_kept_as_objects(app_env, bundled_db_file):
    """A cached copy would be un-pickled on every run: for the presentation, its whole pack of
    figures (0.2-0.4 s of each slide change on the bundled data)."""
    import datetime as dt

    from tracker.reports.pack import PackOptions
    from tracker.ui import cached_figure
    from tracker.ui import reports as ui_reports

    app_env("bundled", bundled_db_file)
    options = PackOptions(initiative_key="gj-ai-cluster-phase1", as_of=dt.date(2026, 6, 30))
    head = ui_reports.present_head(options)
    assert ui_reports.present_head(options) is head and head.options == options
    shown = ui_reports.present_chart(options, "overview.plan_totals")
    assert ui_reports.present_chart(options, "overview.plan_totals") is shown
    assert shown.result.figure.data
    figure = cached_figure(dict, a=1)
    assert cached_figure(dict, a=1) is figure and cached_figure(dict, a=2) == {"a": 2}
