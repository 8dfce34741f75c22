"""Real browser: a click on a portfolio row opens that initiative's Overview."""

import datetime as dt

import pytest
from browser import error_texts, wait_for_charts, wait_for_page
from conftest import ARTIFACTS
from playwright.sync_api import expect

from tracker.db import backend
from tracker.portfolio import charts as portfolio_charts

pytestmark = pytest.mark.browser
AS_OF = dt.date(2025, 12, 31)
ROW_PX = 35  # Streamlit's dataframe row height (the header row has the same height)


def test_clicking_a_row_opens_that_initiative(
    served_app, bundled_db_file, browser_page_factory, screenshot_on_failure
):
    engine = backend.make_engine(f"sqlite:///{bundled_db_file}")
    order = portfolio_charts.portfolio_frame(engine, AS_OF)
    engine.dispose()
    second = order.iloc[1]  # a row other than the initiative the sidebar starts on
    page = browser_page_factory()
    screenshot_on_failure(page)
    page.goto(f"{served_app}/portfolio?as_of={AS_OF.isoformat()}")
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("포트폴리오", timeout=60_000)
    wait_for_page(page)
    assert error_texts(page) == []
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + ROW_PX + ROW_PX + ROW_PX / 2)  # row 2's tick box
    expect(main.locator("h1").first).to_have_text("개요", timeout=60_000)
    wait_for_page(page)
    expect(main).to_contain_text(second["name_ko"])
    assert f"initiative={second['initiative_key']}" in page.url
    assert f"as_of={AS_OF.isoformat()}" in page.url  # the shared view survives the switch
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "portfolio-click.png"), full_page=True)
    page.close()


def test_each_portfolio_chart_has_the_full_width(
    served_app, browser_page_factory, screenshot_on_failure
):
    # side by side, the execution scatter's names printed over each other and the 17 regions'
    # bars turned their names on end: every chart has a row of its own
    page = browser_page_factory()
    screenshot_on_failure(page)
    page.goto(f"{served_app}/portfolio?as_of={AS_OF.isoformat()}")
    wait_for_charts(page)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    boxes = [charts.nth(i).bounding_box() for i in range(charts.count())]
    assert len(boxes) == 5  # envelopes, milestone health, execution, pipeline, the map
    widths = {round(b["width"]) for b in boxes}
    assert len(widths) == 1, widths
    tops = [b["y"] for b in boxes]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one below the other
    page.close()
