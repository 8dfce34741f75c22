"""axe-core in real Chromium: no serious or critical WCAG 2.1 AA violation in the project's own
markup, on every page, in Korean and English, with the bundled data and on an empty database.
Every page also draws without an error box (``result.errors``), and its screenshot is kept in
test-artifacts/."""

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


def _describe(result) -> str:
    return "\n".join(
        f"{f.rule} ({f.impact}): {f.help}\n    " + "\n    ".join(f.targets[:6])
        for f in result.failing
    )


def _url(base: str, spec) -> str:
    return f"{base}/{'' if spec.default else spec.url_path}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda s: s.url_path)
def test_no_serious_violation_with_the_bundled_data(
    spec, lang, served_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    ARTIFACTS.mkdir(exist_ok=True)  # each page as drawn, for a person to look at
    picture = ARTIFACTS / f"page-{spec.url_path}{'' if lang == 'ko' else '-' + lang}.png"
    result = audit_page(
        page,
        _url(served_app, spec),
        name=spec.url_path,
        lang=lang,
        data="bundled",
        screenshot=picture,
    )
    assert result.failing == [], _describe(result)
    assert result.html_lang == lang
    assert result.errors == []
    page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda s: s.url_path)
def test_no_serious_violation_on_an_empty_database(
    spec, lang, served_empty_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    result = audit_page(
        page, _url(served_empty_app, spec), name=spec.url_path, lang=lang, data="empty"
    )
    assert result.failing == [], _describe(result)
    assert result.errors == []
    page.close()
