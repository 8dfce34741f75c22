"""Single sign-on end to end in a real browser, against the stub provider on 127.0.0.1: the
sign-in screen offers the organisation's account, the provider's e-mail maps to a role through
``[tracker.roles]``, and the sidebar names the person and how they signed in."""

import pytest
from browser import error_texts, streamlit_server, wait_for_page
from oidc_stub import oidc_provider
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{cookie}"
client_id = "tracker"
client_secret = "{client}"
server_metadata_url = "{base}/.well-known/openid-configuration"

[tracker.roles]
admin = ["kim.minji@gwangju.go.kr"]
editor = ["*@gwangju.go.kr"]
"""


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("lee@gwangju.go.kr", "로그인: lee@gwangju.go.kr (편집자 · 통합 로그인)"),
        ("kim.minji@gwangju.go.kr", "로그인: kim.minji@gwangju.go.kr (관리자 · 통합 로그인)"),
    ],
)
def test_single_sign_on_through_a_stub_provider(
    email, expected, bundled_db_file, tmp_path, browser_page_factory, screenshot_on_failure
):
    import secrets

    copy = tmp_path / "tracker.sqlite"
    copy.write_bytes(bundled_db_file.read_bytes())
    with oidc_provider(email) as provider:
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(
            SECRETS.format(
                base=provider.base, cookie=secrets.token_hex(16), client=secrets.token_hex(8)
            ),
            encoding="utf-8",
        )
        env = {"STREAMLIT_SECRETS_FILES": str(secrets_file)}
        with streamlit_server(f"sqlite:///{copy}", tmp_path / "app.log", env) as base:
            page = browser_page_factory()
            screenshot_on_failure(page)
            page.goto(base.replace("localhost", "127.0.0.1"))
            wait_for_page(page)
            main = page.locator('[data-testid="stMain"]')
            expect(main).to_contain_text("로그인", timeout=30_000)
            page.get_by_role("button", name="기관 계정으로 로그인").click()
            sidebar = page.locator('[data-testid="stSidebar"]')
            expect(sidebar).to_contain_text(expected, timeout=60_000)
            wait_for_page(page)
            assert error_texts(page) == []
            page.close()
