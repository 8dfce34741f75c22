"""Real browser: the Overview shows Korean figures (English on request); a deep link opened first gets the router."""

import pytest
from browser import error_texts, wait_for_page
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


# Every page drawing without an error box, in both languages, is checked (with a screenshot of
# each) by the axe-core audit in test_a11y_browser.py, which opens each page once anyway.


def test_overview_shows_korean_figures_and_english_on_request(
    served_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    main = page.locator('[data-testid="stMain"]')
    page.goto(served_app)
    expect(main).to_contain_text("4,116억원", timeout=60_000)
    expect(main).to_contain_text("개요")
    page.goto(f"{served_app}/?lang=en&unit=eok")
    expect(main).to_contain_text("KRW 411.6 bn", timeout=60_000)
    expect(main).to_contain_text("Overview")
    wait_for_page(page)
    assert error_texts(page) == []
    page.close()


def test_a_deep_link_opened_first_after_a_restart_gets_the_router(
    bundled_db_file, tmp_path, browser_page_factory, screenshot_on_failure
):
    """Streamlit's legacy pages/ routing must never take over, even on a server's very first run."""
    from browser import streamlit_server

    copy = tmp_path / "tracker.sqlite"
    copy.write_bytes(bundled_db_file.read_bytes())
    with streamlit_server(f"sqlite:///{copy}", tmp_path / "streamlit.log") as base:
        page = browser_page_factory()
        screenshot_on_failure(page)
        page.goto(f"{base}/schedule")
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav).to_contain_text("개요", timeout=60_000)  # the router's Korean page titles
        wait_for_page(page)
        text = nav.inner_text()
        # Sections and translated titles exist only in the router's navigation (not in pages/ mode).
        assert "분석" in text and "예산 · 집행" in text and "\nbudget\n" not in text
        # every page is listed (the local administrator sees all 15), none folded behind
        # Streamlit's English "View 5 more"
        assert nav.locator("a").count() == 15 and "View" not in text and "자료 가져오기" in text
        assert error_texts(page) == []
        page.close()
