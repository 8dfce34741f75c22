"""Real browser: every budget chart is drawn with Korean labels, and a click narrows the URL."""

import re

import pytest
from browser import error_texts, wait_for_page
from conftest import ARTIFACTS
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HANGUL = re.compile("[가-힣]")
CHART_TITLES_KO = [
    "연도별 계획 대비 집행 (재원별)",
    "재원별 분담 (계획 버전별)",
    "누적 집행 곡선 (계획 대비 실적과 전망)",
    "분야별 사업비 구성",
    "총사업비 변동 (계획 버전별)",
    "지역별 AI 사업 규모 비교",
]


def open_budget(page, base: str, query: str = "") -> None:
    # The router's first run decides the navigation mode; open the app once at its root.
    page.goto(base)
    wait_for_page(page)
    page.goto(f"{base}/budget{query}")
    wait_for_page(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(6, timeout=60_000)


def drawn_titles(page) -> list[str]:
    plots = page.locator('[data-testid="stMain"] .js-plotly-plot')
    return [plots.nth(i).locator(".gtitle").first.text_content() for i in range(plots.count())]


def test_every_budget_chart_is_drawn_with_korean_labels(
    served_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    open_budget(page, served_app)
    assert error_texts(page) == []
    titles = drawn_titles(page)
    assert [next(k for k in CHART_TITLES_KO if t.startswith(k)) for t in titles] == CHART_TITLES_KO
    plots = page.locator(".js-plotly-plot")
    for i in range(plots.count()):
        svg_text = " ".join(plots.nth(i).locator("text").all_text_contents())
        assert HANGUL.search(svg_text), f"chart {i} has no Korean text"
        assert "기준일" in svg_text, f"chart {i} has no as-of footer"
    # bars and tiles are really there, not just axes
    # 2020 and 2021 (national shares); the 2022 total is named in a note, not drawn beside them
    expect(page.locator(".js-plotly-plot").nth(0).locator("g.point")).to_have_count(2)
    assert page.locator(".js-plotly-plot").nth(3).locator("g.slice").count() >= 6
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("집행 실적 미등록")
    expect(main).to_contain_text("약 4,300억원")
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1600, "height": 3600})
    page.screenshot(path=str(ARTIFACTS / "budget-ko.png"), full_page=True)
    page.close()


def test_clicking_a_bar_narrows_the_page_and_the_link(
    served_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    open_budget(page, served_app)
    bar = page.locator(".js-plotly-plot").nth(0).locator("g.point path").nth(1)  # 2021, 국비
    bar.click(force=True)
    page.wait_for_url(re.compile(r"b_year=2021"), timeout=60_000)
    wait_for_page(page)
    assert "b_source=national" in page.url
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("645억원")
    expect(main.locator(".js-plotly-plot").nth(0).locator(".gtitle")).to_contain_text(
        "필터: 2021 · 국비"
    )
    # the link alone reproduces the narrowed view
    link = page.url
    fresh = browser_page_factory()
    open_budget(fresh, served_app, "?" + link.split("?", 1)[1])
    expect(fresh.locator(".js-plotly-plot").nth(0).locator(".gtitle")).to_contain_text(
        "필터: 2021 · 국비"
    )
    fresh.close()
    page.close()


def test_english_labels_on_request(served_app, browser_page_factory, screenshot_on_failure):
    page = browser_page_factory()
    screenshot_on_failure(page)
    open_budget(page, served_app, "?lang=en")
    assert drawn_titles(page)[0].startswith("Plan vs. executed by year")
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("about KRW 430.0 bn")
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1600, "height": 3600})
    page.screenshot(path=str(ARTIFACTS / "budget-en.png"), full_page=True)
    page.close()


def test_the_values_past_the_bars_are_drawn_once_and_the_hover_still_names_them(
    served_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    open_budget(page, served_app)
    regional = page.locator(".js-plotly-plot").nth(5)
    regional.scroll_into_view_if_needed()
    # written by one text trace beside the bars (room.bar_values), not by the bars themselves
    drawn = regional.locator("text").all_text_contents()
    assert [t.strip() for t in drawn].count("약 70,000억원") == 1
    assert regional.locator("text.bartext").count() == 0
    bars = regional.locator("g.point path")
    expect(bars).to_have_count(9)
    box = bars.nth(8).bounding_box()  # the top row: Ulsan's estimated data centre
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = regional.locator(".hoverlayer")
    expect(hover).to_contain_text("약 70,000억원")
    expect(hover).to_contain_text("울산")
    page.close()
