"""Real browser: the import page takes an upload and shows its problems by row and column."""

import pytest
from browser import error_texts, wait_for_page
from conftest import ARTIFACTS
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BAD = (
    "키,세부 사업 키,집행일,재원,금액\n"
    'pay-001,gj1-site,2024.03.05,국비,"1,234,000원"\n'
    "pay-002,gj1-site,03/05/2024,국비,3억 5천\n"
)


def test_an_uploaded_cp949_file_shows_its_problems_and_saves_nothing(
    served_app, browser_page_factory, screenshot_on_failure, tmp_path
):
    path = tmp_path / "payments.csv"
    path.write_bytes(BAD.encode("cp949"))
    page = browser_page_factory()
    screenshot_on_failure(page)
    page.goto(f"{served_app}/import")
    wait_for_page(page)
    page.set_input_files('[data-testid="stFileUploader"] input[type=file]', str(path))
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("문제 2건", timeout=60_000)
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(2, timeout=60_000)
    wait_for_page(page)
    assert page.get_by_role("button", name="저장하기 (1건)").is_disabled()
    errors = error_texts(page)  # the refusal itself, and no exception box
    assert len(errors) == 1 and "문제 2건" in errors[0], errors
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "import-preview.png"), full_page=True)
    page.close()
