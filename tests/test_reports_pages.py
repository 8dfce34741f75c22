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


def test_presentation_title_slide_names_the_meeting(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/present.py", {"meeting": "제2차 추진위원회", "slide": "99"})
    # slide 99 is clamped to the last one; go back to the start through the URL
    assert at.button(key="present_next").disabled
    at = open_page("pages/present.py", {"meeting": "제2차 추진위원회", "slide": "1"})
    assert at.title[0].value == "인공지능 집적단지 조성사업"
    assert at.header[0].value == "제2차 추진위원회"


def test_every_chart_has_image_and_data_downloads(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    keys = {b.key for b in at.download_button}
    for chart in ("overview.plan_totals", "overview.milestones_by_year"):
        assert {f"{chart}-{f}" for f in ("png", "svg", "pdf", "csv", "xlsx")} <= keys


def test_without_chromium_the_menu_says_what_to_install(app_env, bundled_db_file, monkeypatch):
    app_env("bundled", bundled_db_file)
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    keys = {b.key for b in at.download_button}
    assert "overview.plan_totals-csv" in keys and "overview.plan_totals-png" not in keys
    assert any("apt-get install -y chromium" in c.value for c in at.caption)
