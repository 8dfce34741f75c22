"""Sign-in in a real browser: a deep link opened before sign-in (even to the admin page) opens
after it; a wrong password is refused in place; sign-out returns to the sign-in screen."""

import os
import subprocess
import sys

import pytest
from browser import error_texts, streamlit_server, wait_for_page
from conftest import ROOT
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def test_a_deep_link_survives_sign_in_and_sign_out_returns(
    bundled_db_file, tmp_path, browser_page_factory, screenshot_on_failure
):
    copy = tmp_path / "tracker.sqlite"
    copy.write_bytes(bundled_db_file.read_bytes())
    url = f"sqlite:///{copy}"
    subprocess.run(
        [sys.executable, "-m", "tracker.cli", "user", "add", "park", "--role", "admin",
         "--password-stdin"],
        cwd=ROOT, env={**os.environ, "TRACKER_DATABASE_URL": url}, input=PASSWORD + "\n",
        text=True, check=True, capture_output=True,
    )  # fmt: skip
    with streamlit_server(url, tmp_path / "app.log") as base:
        page = browser_page_factory()
        screenshot_on_failure(page)
        page.goto(f"{base}/admin?lang=en")
        wait_for_page(page)
        main = page.locator('[data-testid="stMain"]')
        expect(main.locator("h1")).to_have_text("Sign in", timeout=30_000)
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # nothing listed
        page.get_by_role("textbox", name="User name").fill("park")
        page.get_by_role("textbox", name="Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        expect(main).to_contain_text("Wrong user name or password.", timeout=30_000)
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(main.locator("h1").first).to_have_text("Users and audit", timeout=60_000)
        wait_for_page(page)
        assert error_texts(page) == []
        page.get_by_role("button", name="Sign out").click()
        expect(main.locator("h1")).to_have_text("Sign in", timeout=30_000)
        page.close()


def test_a_filter_change_after_the_account_was_disabled_asks_to_sign_in(
    bundled_db_file, tmp_path, browser_page_factory, screenshot_on_failure
):
    # The budget page's filters rerun only their part of the page (a fragment, which skips the
    # router's sign-in check): the part checks the session itself.
    copy = tmp_path / "tracker.sqlite"
    copy.write_bytes(bundled_db_file.read_bytes())
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{copy}"}

    def tracker(*args: str, password: str | None = None) -> None:
        subprocess.run(
            [sys.executable, "-m", "tracker.cli", *args], cwd=ROOT, env=env, check=True,
            input=None if password is None else password + "\n", text=True, capture_output=True,
        )  # fmt: skip

    tracker("user", "add", "admin1", "--role", "admin", "--password-stdin", password=PASSWORD)
    tracker("user", "add", "kim", "--role", "viewer", "--password-stdin", password=PASSWORD)
    with streamlit_server(env["TRACKER_DATABASE_URL"], tmp_path / "app.log") as base:
        page = browser_page_factory()
        screenshot_on_failure(page)
        page.goto(f"{base}/budget?lang=en")
        wait_for_page(page)
        main = page.locator('[data-testid="stMain"]')
        page.get_by_role("textbox", name="User name").fill("kim")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(main.locator(".js-plotly-plot")).to_have_count(6, timeout=60_000)
        wait_for_page(page)
        tracker("user", "disable", "kim")
        bar = main.locator(".js-plotly-plot").nth(0).locator("g.point path").nth(1)
        bar.click(force=True)
        expect(main.locator("h1")).to_have_text("Sign in", timeout=30_000)
        assert main.locator(".js-plotly-plot").count() == 0
        page.close()
