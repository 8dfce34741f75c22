"""axe-core in real Chromium: no serious or critical WCAG 2.1 AA violation in the project's own
markup, on every page, in Korean and English, with the bundled data and on an empty database.
Every page also draws without an error box (``result.errors``), and its screenshot is kept in
test-artifacts/.

Each test opens its page from the sidebar navigation of a tab that stays open for its server and
language (the first test in a tab loads the URL): that is how a person moves between pages, and
it spares Chromium loading the app's code again for every page."""

import pytest
from a11y import LANGUAGES, audit_page
from browser import streamlit_server
from conftest import ARTIFACTS

from tracker.ui import navigation

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def served_empty_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served-empty")
    with streamlit_server(f"sqlite:///{folder / 'empty.sqlite'}", folder / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="session")
def app_tab(browser_page_factory):
    """``app_tab(base, lang)``: the one tab kept open for that server and language."""
    tabs = {}

    def tab(base: str, lang: str):
        if (base, lang) not in tabs:
            tabs[base, lang] = browser_page_factory()
        return tabs[base, lang]

    yield tab
    for page in tabs.values():
        page.close()


def _describe(result) -> str:
    return "\n".join(
        f"{f.rule} ({f.impact}): {f.help}\n    " + "\n    ".join(f.targets[:6])
        for f in result.failing
    )


def _path(spec) -> str:
    return "" if spec.default else spec.url_path


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda s: s.url_path)
def test_no_serious_violation_with_the_bundled_data(
    spec, lang, served_app, app_tab, screenshot_on_failure
):
    page = app_tab(served_app, lang)
    screenshot_on_failure(page)
    ARTIFACTS.mkdir(exist_ok=True)  # each page as drawn (in Korean), for a person to look at
    picture = ARTIFACTS / f"page-{spec.url_path}.png" if lang == "ko" else None
    result = audit_page(
        page, served_app, _path(spec), lang=lang, data="bundled", screenshot=picture
    )
    assert result.failing == [], _describe(result)
    assert result.html_lang == lang
    assert result.errors == []
    assert page.url.split("?")[0] == f"{served_app}/{_path(spec)}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda s: s.url_path)
def test_no_serious_violation_on_an_empty_database(
    spec, lang, served_empty_app, app_tab, screenshot_on_failure
):
    page = app_tab(served_empty_app, lang)
    screenshot_on_failure(page)
    result = audit_page(page, served_empty_app, _path(spec), lang=lang, data="empty")
    assert result.failing == [], _describe(result)
    assert result.html_lang == lang
    assert result.errors == []
