"""Real browser: an expenditure entered through the form changes the budget page's execution
figure; an edit changes it again; restoring the previous version brings the figure back."""

import datetime as dt

import pytest
from browser import error_texts, streamlit_server, wait_for_page
from conftest import ARTIFACTS
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

KEY = "gj1-browser-pay"


@pytest.fixture
def own_app(bundled_db_file, tmp_path):
    """A server of its own: this test writes, the shared one must stay as bundled."""
    copy = tmp_path / "tracker.sqlite"
    copy.write_bytes(bundled_db_file.read_bytes())
    with streamlit_server(
        f"sqlite:///{copy}", tmp_path / "streamlit.log", {"TRACKER_USER": "browser-test"}
    ) as base:
        yield base


def executed_figure(page, base: str) -> str:
    page.goto(f"{base}/budget")
    wait_for_page(page)
    card = page.locator('[data-testid="stMetric"]').filter(has_text="집행액")
    expect(card).to_have_count(1, timeout=60_000)
    return card.locator('[data-testid="stMetricValue"]').inner_text()


def choose(page, label: str, text: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def saved(page) -> None:
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
        "저장했습니다", timeout=60_000
    )
    wait_for_page(page)
    assert error_texts(page) == []


def test_an_expenditure_entered_edited_and_restored_moves_the_execution_figure(
    own_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    page.goto(own_app)
    wait_for_page(page)
    assert executed_figure(page, own_app) == "미등록"

    page.goto(f"{own_app}/data?kind=expenditures")
    wait_for_page(page)
    page.get_by_label("키 *", exact=True).fill(KEY)
    choose(page, "세부 사업 키 *", "gj1-datacentre")
    day = page.get_by_label("집행일 *", exact=True)
    day.locator('[role="spinbutton"]').first.click()
    page.keyboard.type(dt.date.today().strftime("%Y%m%d"))  # year, month, day segments
    choose(page, "재원 *", "국비")
    page.get_by_label("금액(원) *", exact=True).fill("1200000000")
    choose(page, "출처 키 *", "src-donga-2019-11-11")
    page.get_by_label("변경 사유 *").fill("11월 집행")
    page.get_by_role("button", name="추가").click()
    saved(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "data-added.png"), full_page=True)
    assert executed_figure(page, own_app) == "12억원"

    page.goto(f"{own_app}/data?kind=expenditures")
    wait_for_page(page)
    choose(page, "수정할 기록", KEY)
    wait_for_page(page)
    page.get_by_label("금액(원) *", exact=True).fill("3000000000")
    page.get_by_label("변경 사유 *").first.fill("금액 정정")
    page.get_by_role("button", name="저장").click()
    saved(page)
    assert executed_figure(page, own_app) == "30억원"

    page.goto(f"{own_app}/data-history?kind=expenditures&key={KEY}")
    wait_for_page(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("browser-test")
    page.get_by_role("button", name="1번 버전으로 되돌리기 (새 버전으로 기록)").click()
    saved(page)
    page.screenshot(path=str(ARTIFACTS / "data-history.png"), full_page=True)
    assert executed_figure(page, own_app) == "12억원"
    page.close()
